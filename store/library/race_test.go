//go:build race

package library

// raceEnabled: the race detector makes building stores ten times slower;
// the tests that build them use fewer articles under it.
const raceEnabled = true

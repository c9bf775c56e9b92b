//go:build race

package cli

// raceEnabled: the race detector makes glamour about ten times slower.
const raceEnabled = true

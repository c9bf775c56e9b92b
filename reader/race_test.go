//go:build race

package reader

// raceEnabled: the race detector makes the reader several times slower;
// the longest tests do less under it.
const raceEnabled = true

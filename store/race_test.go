//go:build race

package store_test

// raceEnabled: the race detector makes a build ten times slower; the
// larger corpora are left to the plain run (plainOnly).
const raceEnabled = true

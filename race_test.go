//go:build race

package main

// raceEnabled: the race detector makes glamour about ten times slower.
const raceEnabled = true

//go:build !unix

package library

// lockLibrary locks nothing where there is no flock: moveAside still never
// overwrites a file, as it reserves its new name first.
func lockLibrary(path string) (unlock func()) { return func() {} }

//go:build unix

package library

import (
	"os"
	"syscall"
)

// lockLibrary takes the lock every lede process holds while it opens the
// library at path, or moves a damaged one aside: an exclusive flock on
// library.db.lock beside it. Two processes that find the library damaged
// at once then take turns, and the second finds the fresh library the
// first made instead of moving that one aside too; neither opens the file
// while the other is between moving it aside and starting the fresh one.
// Where the lock file can be neither made nor opened (a read-only folder:
// nothing can be moved aside there anyway), it locks nothing.
func lockLibrary(path string) (unlock func()) {
	f, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		if f, err = os.Open(path + ".lock"); err != nil {
			return func() {}
		}
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		return func() {}
	}
	return func() { f.Close() } // closing the file lets go of its lock
}

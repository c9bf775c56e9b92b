//go:build unix

package store

import (
	"syscall"
	"time"
)

// processCPU is the CPU time the process has used, user and system: on a
// busy machine a build's stages are compared by it, as wall-clock time
// stretches with other work.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

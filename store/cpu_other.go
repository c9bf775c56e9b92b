//go:build !unix

package store

import "time"

// processCPU is not measured here: Stage.CPU stays zero.
func processCPU() time.Duration { return 0 }

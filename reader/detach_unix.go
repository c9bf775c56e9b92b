//go:build unix

package reader

import (
	"os/exec"
	"syscall"
)

// detach starts cmd in a session of its own, away from the terminal.
func detach(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true} }

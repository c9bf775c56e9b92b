package termtest

import (
	"os"
	"strconv"
	"syscall"
	"unsafe"
)

// OpenPTY opens a pseudo-terminal of w x h: the master to play the
// terminal, the slave to give the program.
func OpenPTY(w, h int) (master, slave *os.File, err error) {
	master, err = os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, nil, err
	}
	// Through the raw descriptor, not Fd: Fd puts the master in blocking
	// mode, and Close then waits for a Read under way to end (the
	// terminal closing, a hangup, is then never seen while the program
	// is quiet).
	ioctl := func(f *os.File, req uintptr, arg unsafe.Pointer) error {
		rc, err := f.SyscallConn()
		if err != nil {
			return err
		}
		var errno syscall.Errno
		if err := rc.Control(func(fd uintptr) {
			_, _, errno = syscall.Syscall(syscall.SYS_IOCTL, fd, req, uintptr(arg))
		}); err != nil {
			return err
		}
		if errno != 0 {
			return errno
		}
		return nil
	}
	var unlock int32
	var n uint32
	if err = ioctl(master, syscall.TIOCSPTLCK, unsafe.Pointer(&unlock)); err == nil {
		err = ioctl(master, syscall.TIOCGPTN, unsafe.Pointer(&n))
	}
	if err == nil {
		slave, err = os.OpenFile("/dev/pts/"+strconv.Itoa(int(n)), os.O_RDWR|syscall.O_NOCTTY|syscall.O_CLOEXEC, 0)
	}
	if err == nil {
		ws := [4]uint16{uint16(h), uint16(w), 0, 0}
		err = ioctl(slave, syscall.TIOCSWINSZ, unsafe.Pointer(&ws))
	}
	if err != nil {
		master.Close()
		if slave != nil {
			slave.Close()
		}
		return nil, nil, err
	}
	return master, slave, nil
}

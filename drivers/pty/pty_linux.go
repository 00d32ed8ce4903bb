package pty

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// Open allocates a new pseudo-terminal in raw mode (no echo, no line
// editing, no CR/LF translation), so every byte crosses unchanged.
func Open() (*Pair, error) {
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		return nil, fmt.Errorf("pty: open /dev/ptmx: %w", err)
	}
	// Work on the descriptor through SyscallConn: File.Fd would switch
	// it to blocking mode, and then deadlines and Close could no longer
	// interrupt a simulator's Read.
	rc, err := m.SyscallConn()
	if err != nil {
		m.Close()
		return nil, fmt.Errorf("pty: %w", err)
	}
	var n int
	var ioErr error
	err = rc.Control(func(fd uintptr) {
		if ioErr = unix.IoctlSetPointerInt(int(fd), unix.TIOCSPTLCK, 0); ioErr != nil {
			ioErr = fmt.Errorf("pty: unlock: %w", ioErr)
			return
		}
		if n, ioErr = unix.IoctlGetInt(int(fd), unix.TIOCGPTN); ioErr != nil {
			ioErr = fmt.Errorf("pty: number: %w", ioErr)
			return
		}
		ioErr = makeRaw(int(fd))
	})
	if err == nil {
		err = ioErr
	}
	if err != nil {
		m.Close()
		return nil, err
	}
	path := fmt.Sprintf("/dev/pts/%d", n)
	keep, err := os.OpenFile(path, os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		m.Close()
		return nil, fmt.Errorf("pty: open %s: %w", path, err)
	}
	krc, err := keep.SyscallConn()
	if err == nil {
		err = krc.Control(func(fd uintptr) { ioErr = makeRaw(int(fd)) })
	}
	if err == nil {
		err = ioErr
	}
	if err != nil {
		m.Close()
		keep.Close()
		return nil, err
	}
	return &Pair{Master: m, SlavePath: path, keep: keep}, nil
}

func makeRaw(fd int) error {
	t, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return fmt.Errorf("pty: get termios: %w", err)
	}
	t.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON | unix.IXOFF
	t.Oflag &^= unix.OPOST
	t.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	t.Cflag &^= unix.CSIZE | unix.PARENB
	t.Cflag |= unix.CS8
	t.Cc[unix.VMIN] = 1
	t.Cc[unix.VTIME] = 0
	if err := unix.IoctlSetTermios(fd, unix.TCSETS, t); err != nil {
		return fmt.Errorf("pty: set raw: %w", err)
	}
	return nil
}

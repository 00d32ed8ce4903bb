// Package pty opens Linux pseudo-terminals so that drivers and simulators can
// be exercised over a real serial line discipline without hardware: the
// simulator holds the master side and the driver opens the slave path exactly
// as it would open /dev/ttyUSB0.
package pty

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// Pair is an open pseudo-terminal. Master is read and written by the
// simulated device; SlavePath is what the driver under test opens.
//
// Keep holds the slave side open for the life of the Pair so that reads on
// Master block while no driver is attached instead of failing with EIO; this
// is what a real device does when its cable is not plugged in.
type Pair struct {
	Master    *os.File
	SlavePath string
	keep      *os.File
}

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

// Close releases both sides. A driver still holding the slave sees its port
// go away, as when a cable is pulled.
func (p *Pair) Close() error {
	err := p.Master.Close()
	if p.keep != nil {
		p.keep.Close()
	}
	return err
}

// Link makes path a symbolic link to the slave, replacing an old link, so a
// simulator can be found at a stable name such as /tmp/hanout-printer.
func (p *Pair) Link(path string) error {
	if fi, err := os.Lstat(path); err == nil {
		if fi.Mode()&os.ModeSymlink == 0 {
			return fmt.Errorf("pty: %s exists and is not a link", path)
		}
		os.Remove(path)
	}
	return os.Symlink(p.SlavePath, path)
}

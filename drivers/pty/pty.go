// Package pty opens Linux pseudo-terminals so that drivers and simulators can
// be exercised over a real serial line discipline without hardware: the
// simulator holds the master side and the driver opens the slave path exactly
// as it would open /dev/ttyUSB0.
package pty

import (
	"fmt"
	"os"
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

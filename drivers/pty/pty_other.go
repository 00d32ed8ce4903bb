//go:build !linux

package pty

import (
	"errors"
	"fmt"
)

// Open fails: the simulators' pseudo-terminals are a Linux feature. On
// Windows a device simulator needs a virtual COM pair (com0com) instead.
func Open() (*Pair, error) {
	return nil, fmt.Errorf("pty: pseudo-terminals need Linux: %w", errors.ErrUnsupported)
}

//go:build !linux && !windows

package main

import (
	"context"
	"errors"
)

// keepAwake is not written for this system: the kiosk runs, but the screen
// may blank (set the system's own energy settings).
func keepAwake(context.Context) error { return errors.ErrUnsupported }

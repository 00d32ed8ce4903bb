//go:build !linux && !windows

package store

import "syscall"

var errNoSpace error = syscall.ENOSPC

//go:build !windows

package main

import "syscall"

// The printer simulator's toggles: kill -USR1 (paper out), -USR2 (cover).
var sigPaperOut, sigCoverOpen = syscall.SIGUSR1, syscall.SIGUSR2

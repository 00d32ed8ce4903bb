package main

import "syscall"

// Windows has no USR1/USR2: the printer simulator (which needs Linux
// pseudo-terminals anyway) gets numbers that no signal carries.
var sigPaperOut, sigCoverOpen = syscall.Signal(100), syscall.Signal(101)

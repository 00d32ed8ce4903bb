package store

import "syscall"

// errNoSpace is ERROR_DISK_FULL, what Windows answers a write to a full
// disk.
var errNoSpace error = syscall.Errno(112)

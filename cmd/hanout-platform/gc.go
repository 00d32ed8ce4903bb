package main

import (
	"os"
	"runtime/debug"
)

// serveGC tunes the garbage collector for serve: a push's garbage (its
// body, the decoded documents, the statements' arguments) dies with the
// push, and the live heap is a few megabytes, so at Go's default (GOGC=100)
// the collector ran every few pushes and took a fifth of the server's CPU
// under the loadtest. At 400 it runs a quarter as often; the soft limit
// of 1 GiB makes it work harder before a server grows past that. GOGC and
// GOMEMLIMIT in the environment win.
func serveGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(1 << 30)
	}
}

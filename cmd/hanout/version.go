package main

import (
	"flag"
	"fmt"
	"os"
	"runtime/debug"
)

// version and commit are stamped at link time by make build and make dist:
//
//	go build -ldflags "-X main.version=0.1.0 -X main.commit=4daebc7" ./cmd/hanout
//
// A plain go build leaves them empty; buildInfo then falls back on what
// the Go toolchain recorded (a module version, a VCS revision).
var version, commit string

func init() {
	register(command{name: "version", summary: "show the version and commit of this program", run: runVersion})
}

// buildInfo returns the version and commit this binary was built from,
// "dev" and "unknown" when nothing recorded them.
func buildInfo() (v, c string) {
	v, c = version, commit
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		dirty := false
		rev := ""
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if c == "" && rev != "" {
			c = rev[:min(len(rev), 12)]
			if dirty {
				c += "-dirty"
			}
		}
	}
	if v == "" {
		v = "dev"
	}
	if c == "" {
		c = "unknown"
	}
	return v, c
}

func versionLine() string {
	v, c := buildInfo()
	return fmt.Sprintf("hanout %s (commit %s)", v, c)
}

func runVersion(args []string) int {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	unusedData(fs)
	fs.Usage = func() { showUsage(os.Stderr, fs, "hanout version | hanout --version") }
	if code := parse(fs, args, 0); code >= 0 {
		return code
	}
	fmt.Fprintln(stdout, versionLine())
	return exitOK
}

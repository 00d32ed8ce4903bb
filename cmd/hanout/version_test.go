package main

import (
	"strings"
	"testing"
)

func TestVersionFlagPrintsStampedVersionAndCommit(t *testing.T) {
	oldV, oldC := version, commit
	t.Cleanup(func() { version, commit = oldV, oldC })
	version, commit = "1.2.3", "abcdef1"
	for _, args := range [][]string{{"--version"}, {"-version"}, {"version"}} {
		out := captureStdout(t)
		if code := run(args); code != exitOK {
			t.Fatalf("run(%q) = %d", args, code)
		}
		if got := strings.TrimSpace(out.String()); got != "hanout 1.2.3 (commit abcdef1)" {
			t.Errorf("run(%q) printed %q", args, got)
		}
	}
	if code := run([]string{"version", "extra"}); code != exitUsage {
		t.Errorf("version with an argument = %d, want %d", code, exitUsage)
	}
}

func TestVersionWithoutStampSaysSo(t *testing.T) {
	oldV, oldC := version, commit
	t.Cleanup(func() { version, commit = oldV, oldC })
	version, commit = "", ""
	v, c := buildInfo()
	// go test records neither a module version nor (with -buildvcs=false)
	// a revision: the binary must not pretend to be a release.
	if v == "" || c == "" || strings.HasPrefix(v, "0.") {
		t.Errorf("buildInfo() = %q, %q", v, c)
	}
}

// captureStdout redirects the commands' stdout to a buffer for one test.
func captureStdout(t *testing.T) *strings.Builder {
	t.Helper()
	old := stdout
	var b strings.Builder
	stdout = &b
	t.Cleanup(func() { stdout = old })
	return &b
}

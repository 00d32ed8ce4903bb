// Package localefix keeps Fyne from logging "Error parsing user locale C"
// when $LANG (or $LC_ALL, $LC_MESSAGES) is C.UTF-8, POSIX.UTF-8 or the
// like: Fyne reads the locale while its lang package is initialised, before
// any code of the program runs, and cannot parse the "C" it finds.
//
// Go initialises packages in the order of their import paths (dependencies
// first); this one sits in a module of its own whose path sorts before
// fyne.io, so a program that imports it (for its side effect) gets the
// variables fixed before Fyne looks. A C locale with an encoding becomes
// plain "C", which Fyne reads as "no locale" (English) silently; the value
// the program was started with stays available through Original.
package localefix

import (
	"os"
	"strings"
)

var original = map[string]string{}

func init() {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"} {
		v, ok := os.LookupEnv(name)
		if !ok {
			continue
		}
		original[name] = v
		if bare(v) {
			os.Setenv(name, "C")
		}
	}
}

// bare reports whether v names the C or POSIX locale with an encoding or
// modifier ("C.UTF-8", "POSIX@euro"), which Fyne cannot parse. Plain "C"
// and "POSIX" are fine as they are.
func bare(v string) bool {
	lang, _, _ := strings.Cut(v, ":") // LANGUAGE may list several
	i := strings.IndexAny(lang, ".@")
	if i < 0 {
		return false
	}
	switch lang[:i] {
	case "C", "POSIX":
		return true
	}
	return false
}

// Original is the value the variable name had when the program started, and
// whether it was set.
func Original(name string) (string, bool) {
	v, ok := original[name]
	return v, ok
}

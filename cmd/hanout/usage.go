package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"hanout/pos/i18n"
)

// say is a command-line message in the language of $LANG.
func say(key string, args ...any) string { return i18n.T(cliLang(), key, args...) }

// usageLine is "Usage: SYNOPSIS" in the language of $LANG; the synopsis
// (command, options, placeholders) is the same in every language.
func usageLine(synopsis string) string { return say("usage.usage") + " " + synopsis }

// showUsage prints the synopsis of fs, its options and their meaning, in
// the language of $LANG. The meaning of option NAME of flag set "a b" is
// the message usage.flag.a_b.NAME, or usage.flag.NAME shared by commands;
// without one the English text given to fs stands.
func showUsage(w io.Writer, fs *flag.FlagSet, synopsis string, notes ...string) {
	fmt.Fprintln(w, usageLine(synopsis))
	for _, n := range notes {
		fmt.Fprintln(w, "\n"+n)
	}
	fmt.Fprintln(w, "\n"+say("usage.options"))
	fs.VisitAll(func(f *flag.Flag) {
		name, _ := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if name != "" {
			line += " " + name
		}
		fmt.Fprintln(w, line)
		desc := flagUsage(fs.Name(), f)
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			desc += " " + say("usage.default", f.DefValue)
		}
		fmt.Fprintln(w, "      "+desc)
	})
}

// flagUsage is the meaning of option f of flag set set in the language of
// $LANG.
func flagUsage(set string, f *flag.Flag) string {
	set = strings.ReplaceAll(strings.TrimPrefix(set, "hanout "), " ", "_")
	for _, key := range []string{"usage.flag." + set + "." + f.Name, "usage.flag." + f.Name} {
		if s := say(key); s != key {
			return s
		}
	}
	return f.Usage
}

// summary is the one-line description of a command in the language of
// $LANG (usage.cmd.NAME), or the English one it registered.
func summary(c command) string {
	key := "usage.cmd." + c.name
	if s := say(key); s != key {
		return s
	}
	return c.summary
}

package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"hanout/pos"
	"hanout/pos/i18n"
	"hanout/pos/store"
)

// cliLang is the language of command-line messages, from $LANG
// (fr_FR.UTF-8, ar_MA.UTF-8, en_US.UTF-8); French by default.
func cliLang() pos.Lang {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := os.Getenv(v); s != "" && s != "C" && s != "POSIX" {
			return pos.ParseLang(s)
		}
	}
	return pos.FR
}

// fail prints err for a person on stderr and returns exit code 1. A
// translated message comes first; the technical cause follows for support.
func fail(prog string, err error) int {
	var pe *pos.Error
	if errors.As(err, &pe) {
		fmt.Fprintf(os.Stderr, "%s: %s\n", prog, i18n.Error(cliLang(), err))
		if pe.Err != nil {
			fmt.Fprintf(os.Stderr, "  (%v)\n", pe.Err)
		}
	} else {
		fmt.Fprintf(os.Stderr, "%s: %v\n", prog, err)
	}
	return exitFail
}

// newFlags makes a flag set that reports usage errors instead of exiting,
// with the common --data flag.
func newFlags(name, usage string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	data := fs.String("data", defaultDataDir(), "data folder of the till")
	fs.Usage = func() { showUsage(fs.Output(), fs, usage) }
	return fs, data
}

// unusedData adds --data to a command that reads no data (a simulator,
// decoding a payload, the version), so that every command takes it and a
// script may pass it to all of them.
func unusedData(fs *flag.FlagSet) {
	fs.String("data", defaultDataDir(), "data folder of the till (this command reads nothing there)")
}

// tillSettings lets read take the device settings saved in the till's store
// at dir, when there is one: commands that test a device use them for the
// flags not given. No store there is not an error.
func tillSettings(dir string, read func(*store.Store)) error {
	if _, err := os.Stat(filepath.Join(dir, store.FileName)); err != nil {
		return nil
	}
	s, err := store.Open(dir, store.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer s.Close()
	read(s)
	return nil
}

// given is the set of flags set on the command line.
func given(fs *flag.FlagSet) map[string]bool {
	m := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { m[f.Name] = true })
	return m
}

// parse parses args and returns the exit code to stop with, or -1 to go on.
// Flags may come before or after the positional arguments ("catalog import
// FILE --data DIR" works as well as "--data DIR FILE"): the positional ones
// are collected and set back as fs.Args.
func parse(fs *flag.FlagSet, args []string, positional int) int {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return exitOK
			}
			return exitUsage
		}
		if fs.NArg() == 0 {
			break
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
	fs.Parse(append([]string{"--"}, rest...))
	if positional >= 0 && fs.NArg() != positional {
		fmt.Fprintf(os.Stderr, "%s: %s\n", fs.Name(), say("usage.args", positional, fs.NArg()))
		fs.Usage()
		return exitUsage
	}
	return -1
}

// openStore opens the store in dir, refusing to create one where none is:
// a typo in --data must not start an empty till.
func openStore(dir string, create bool) (*store.Store, error) {
	if !create {
		if _, err := os.Stat(filepath.Join(dir, store.FileName)); err != nil {
			return nil, pos.Errorf("cli.no_store", dir)
		}
	}
	s, err := store.Open(dir, store.Options{})
	if err == nil {
		s.SetActor("cli") // journal events of commands name the command line
	}
	return s, err
}

var stdout io.Writer = os.Stdout

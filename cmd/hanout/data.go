package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"

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
			fmt.Fprintf(os.Stderr, "  (%s)\n", cause(pe.Err))
		}
	} else {
		fmt.Fprintf(os.Stderr, "%s: %s\n", prog, cause(err))
	}
	return exitFail
}

// cause is the technical cause of a failure for the person at the till:
// what the system said, in their language when it is one of the usual
// troubles with a data folder or a file (no such folder, no right to
// it, a file where a folder should be, a read-only or full disk), Go's
// text otherwise (for support).
func cause(err error) string {
	for _, c := range []struct {
		is  error
		key string
	}{
		{syscall.ECONNREFUSED, "command.cause.refused"},
		{syscall.ENOSPC, "command.cause.no_space"},
		{syscall.EROFS, "command.cause.read_only"},
		{syscall.ENOTDIR, "command.cause.not_dir"},
		{fs.ErrPermission, "command.cause.permission"},
		{fs.ErrNotExist, "command.cause.not_exist"},
	} {
		if errors.Is(err, c.is) {
			return say(c.key)
		}
	}
	var dns *net.DNSError
	var timeout interface{ Timeout() bool }
	switch {
	case errors.As(err, &dns) && dns.IsNotFound:
		return say("command.cause.unknown_host")
	case errors.As(err, &timeout) && timeout.Timeout():
		return say("command.cause.timeout")
	}
	return err.Error()
}

// flagError says in the person's language what was wrong with the
// options of a command: Go's flag package only speaks English.
func flagError(err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		return say("command.flag_unknown", "--"+name)
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return say("command.flag_value_missing", "--"+name)
	}
	if rest, ok := strings.CutPrefix(msg, "bad flag syntax: "); ok {
		return say("command.flag_unknown", rest)
	}
	var value, name string
	for _, layout := range []string{"invalid value %q for flag -%s", "invalid boolean value %q for -%s"} {
		if n, _ := fmt.Sscanf(msg, layout, &value, &name); n == 2 {
			return say("command.flag_value_bad", value, "--"+strings.TrimSuffix(name, ":"))
		}
	}
	return msg
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
		// The flag package's own English message and usage are held
		// back; the person reads them in their language.
		out := fs.Output()
		fs.SetOutput(io.Discard)
		err := fs.Parse(args)
		fs.SetOutput(out)
		if err != nil {
			if !errors.Is(err, flag.ErrHelp) {
				fmt.Fprintf(out, "%s: %s\n", fs.Name(), flagError(err))
			}
			fs.Usage()
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

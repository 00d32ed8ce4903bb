// Command hanout is the till: with no subcommand it opens the screens; with
// one it runs a task for installers, accountants and tests.
package main

import (
	_ "early.hanout/localefix" // before Fyne reads $LANG: see the package

	"fmt"
	"os"
	"sort"
	"strings"
)

// command is one subcommand. Each feature registers its own in an init
// function of its own file, so features do not edit a shared switch.
type command struct {
	name    string // "report", "printer", ...
	summary string
	run     func(args []string) int // returns the exit code
}

var commands = map[string]command{}

func register(c command) { commands[c.name] = c }

// Exit codes: 0 success, 1 failure, 2 bad usage.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

func main() { os.Exit(run(os.Args[1:])) }

func run(args []string) int {
	if len(args) == 1 && (args[0] == "--version" || args[0] == "-version") {
		args = []string{"version"}
	}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") && args[0] != "-h" && args[0] != "--help" && args[0] != "-help" {
		return runTill(args)
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "-help" || args[0] == "help" {
		usage(os.Stdout)
		return exitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(os.Stderr, "hanout: %s\n\n", say("command.unknown_command", args[0]))
		usage(os.Stderr)
		return exitUsage
	}
	return c.run(args[1:])
}

func usage(w *os.File) {
	fmt.Fprintln(w, usageLine("hanout [--data DIR] [--lang fr|ar|en] [--fullscreen]   ")+say("usage.start_till"))
	fmt.Fprintln(w, "       hanout --version                                    "+say("usage.cmd.version"))
	fmt.Fprintln(w, "       hanout COMMAND [arguments]                          "+say("usage.run_task"))
	fmt.Fprintln(w, "\n"+say("usage.commands"))
	names := make([]string, 0, len(commands))
	for n, c := range commands {
		if c.summary != "" { // hidden tools (screenshots) have none
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, summary(commands[n]))
	}
	fmt.Fprintln(w, "\n"+say("usage.each_help"))
}

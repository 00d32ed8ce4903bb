package main

import (
	"fmt"
	"os"
	"sort"
)

// sims are the device simulators under "hanout sim NAME": each feature adds
// its own with registerSim in an init function.
var sims = map[string]command{}

func registerSim(c command) { sims[c.name] = c }

func init() {
	register(command{name: "sim", summary: "simulate a device on a pseudo-terminal (printer, terminal)", run: runSim})
}

func runSim(args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(os.Stderr, usageLine("hanout sim DEVICE [options]")+"\n\n"+say("usage.devices"))
		names := make([]string, 0, len(sims))
		for n := range sims {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintf(os.Stderr, "  %-10s %s\n", n, summary(command{name: "sim_" + n, summary: sims[n].summary}))
		}
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	c, ok := sims[args[0]]
	if !ok {
		fmt.Fprintf(os.Stderr, "hanout sim: unknown device %q\n", args[0])
		return exitUsage
	}
	return c.run(args[1:])
}

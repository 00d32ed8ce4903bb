package main

import (
	"fmt"
	"os"
)

// runTill starts the screens. Until the Fyne app lands it prints the help.
func runTill(args []string) int {
	fmt.Fprintln(os.Stderr, "hanout: the till screens are not built yet; commands:")
	usage(os.Stderr)
	return exitUsage
}

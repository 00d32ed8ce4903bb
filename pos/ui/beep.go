package ui

import "os"

// beep sounds the terminal bell on the till's standard error, which a
// kiosk session wires to the console: Fyne has no sound of its own, and a
// second cue besides the banner matters when the seller looks at the
// customer, not the screen. Tests silence it.
var beep = func() {
	if fi, err := os.Stderr.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
		os.Stderr.WriteString("\a")
	}
}

package main

import "golang.org/x/sys/windows"

// newBeeper plays the system's default sound through MessageBeep, which
// returns at once and needs no player.
func newBeeper() *beeper {
	proc := windows.NewLazySystemDLL("user32.dll").NewProc("MessageBeep")
	if proc.Find() != nil {
		return nil
	}
	return &beeper{play: func() error {
		proc.Call(0) // MB_OK: the default sound
		return nil
	}}
}

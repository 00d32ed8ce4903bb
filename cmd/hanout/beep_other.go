//go:build !windows

package main

// newBeeper is nil where no sound player is installed: the screens then
// sound the terminal bell.
func newBeeper() *beeper {
	play := pipePlayer()
	if play == nil {
		return nil
	}
	return &beeper{play: play}
}

package main

import (
	"context"
	"time"

	"golang.org/x/sys/windows"
)

// Flags of SetThreadExecutionState (winbase.h).
const (
	esSystemRequired  = 0x00000001
	esDisplayRequired = 0x00000002
)

var setThreadExecutionState = windows.NewLazySystemDLL("kernel32.dll").NewProc("SetThreadExecutionState")

// keepAwake keeps the display and the computer on while the till runs:
// Windows' idle timers are reset every 30 s until ctx ends (a call without
// ES_CONTINUOUS does not depend on which thread makes it).
func keepAwake(ctx context.Context) error {
	if err := setThreadExecutionState.Find(); err != nil {
		return err
	}
	poke := func() { setThreadExecutionState.Call(esSystemRequired | esDisplayRequired) }
	poke()
	go func() {
		t := time.NewTicker(30 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				poke()
			case <-ctx.Done():
				return
			}
		}
	}()
	return nil
}

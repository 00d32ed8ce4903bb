package main

import (
	"context"
	"fmt"
	"os"

	"fyne.io/fyne/v2"

	"hanout/pos/i18n"
	"hanout/pos/store"
	"hanout/pos/ui"
	"hanout/pos/ui/devices"
)

// The "This computer" section of Settings (version, commit, data folder,
// kiosk setting) and, in kiosk mode, the locked full-screen window.
func init() {
	var (
		sys  *devices.System
		quit func()
	)
	registerTillPlugin(tillPlugin{
		hooks: func(h *ui.Hooks, st *store.Store, dir string) error {
			v, c := buildInfo()
			sys = devices.NewSystem(st, devices.About{
				Version: v, Commit: c, DataDir: dir, Kiosk: kioskMode,
				Leave: func() {
					if quit != nil {
						quit()
					}
				},
			})
			h.Settings = append(h.Settings, sys.Section())
			return nil
		},
		ready: func(a fyne.App, w fyne.Window, u *ui.UI) {
			quit = a.Quit
			if sys != nil {
				sys.Attach(u)
			}
			if !kioskMode {
				return
			}
			w.SetFullScreen(true)
			// Alt-F4, the window manager's close button: a manager's PIN,
			// then the till ends with success and the supervisor with it.
			w.SetCloseIntercept(func() {
				u.AskManagerPIN(i18n.T(u.Lang(), "dist.kiosk.leave_title"), a.Quit)
			})
			if err := keepAwake(context.Background()); err != nil {
				fmt.Fprintln(os.Stderr, "hanout kiosk: cannot keep the screen awake:", err)
			}
		},
	})
}

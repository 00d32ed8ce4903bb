package main

import (
	"fyne.io/fyne/v2"
	"github.com/go-gl/glfw/v3.3/glfw"
)

// fitToScreen sizes the till window to the screen it opens on once the app
// runs: 1280×800 where that fits, else the screen's own size less a margin
// for the task bar, so a 1024×600 kiosk sees the PIN pad and the pay
// buttons without --fullscreen. Fyne has no screen-size call of its own;
// GLFW, its desktop backend, answers on the main goroutine, where
// lifecycle callbacks run.
func fitToScreen(a fyne.App, w fyne.Window) {
	a.Lifecycle().SetOnStarted(func() {
		m := glfw.GetPrimaryMonitor()
		if m == nil {
			return
		}
		mode := m.GetVideoMode()
		if mode == nil || mode.Width <= 0 || mode.Height <= 0 {
			return
		}
		scale := w.Canvas().Scale()
		if scale <= 0 {
			scale = 1
		}
		sw, sh := float32(mode.Width)/scale, float32(mode.Height)/scale
		w.Resize(fyne.NewSize(min(1280, sw), min(800, sh-48)))
		w.CenterOnScreen()
	})
}

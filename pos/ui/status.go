package ui

import (
	"context"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// statusBar is the strip at the foot of every screen: cashier, shift,
// unsynced documents with the network state, printer state.
type statusBar struct {
	obj                          fyne.CanvasObject
	cashier, shift, sync, printr *paraLabel
}

func (u *UI) newStatusBar() *statusBar {
	// Each cut with an ellipsis at its logical end when too long.
	s := &statusBar{cashier: u.lineLabel(""), shift: u.lineLabel(""), sync: u.lineLabel(""), printr: u.lineLabel("")}
	bg := canvas.NewRectangle(color.NRGBA{R: 0xF3, G: 0xE6, B: 0xDA, A: 0xFF})
	s.obj = container.NewStack(bg, u.grid(4, s.cashier, s.shift, s.sync, s.printr))
	return s
}

func (u *UI) levelWord(l Level) string {
	switch l {
	case LevelOK:
		return u.tl("ui.status.ok")
	case LevelWarn:
		return u.tl("ui.status.warn")
	case LevelDown:
		return u.tl("ui.status.down")
	}
	return "—"
}

// refreshStatus re-reads the counters (no scan: Counters reads three keys)
// and the device states. It runs on the UI goroutine.
func (u *UI) refreshStatus() {
	s := u.status
	if s == nil {
		return
	}
	if u.user != nil {
		s.cashier.SetText(u.t("ui.status.cashier", u.user.Name))
	} else {
		s.cashier.SetText(u.t("ui.status.nobody"))
	}
	if id := u.st.OpenShift(); id != "" {
		s.shift.SetText(u.t("ui.status.shift_since", u.shiftOpened(id)))
	} else {
		s.shift.SetText(u.t("ui.status.shift_closed"))
	}
	c := u.st.Counters()
	u.mu.Lock()
	netS, prS := u.net, u.printer
	u.mu.Unlock()
	netText := netS.Text
	if netText == "" {
		netText = u.levelWord(netS.Level)
	}
	prText := prS.Text
	if prText == "" {
		prText = u.levelWord(prS.Level)
	}
	syncText := u.tl("ui.status.unsynced", c.Unsynced, netText)
	if netS.Alone {
		syncText = netText
	}
	if c.Quarantined > 0 {
		syncText += " · " + u.tl("money.status.quarantined", c.Quarantined)
	}
	s.sync.SetText(u.v(syncText))
	s.printr.SetText(u.t("ui.status.printer", prText))
	u.pay.refreshPrintStatus()
}

// Watch refreshes the status bar every few seconds until ctx ends, so the
// unsynced count stays true while another goroutine syncs.
func (u *UI) Watch(ctx context.Context) {
	u.work.Add(1)
	go func() {
		defer u.work.Done()
		t := time.NewTicker(3 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-u.life.Done():
				return
			case <-t.C:
				fyne.Do(u.refreshStatus)
			}
		}
	}()
}

// shiftOpened is when shift id opened, as "09:00" (or "21/03 09:00" on
// another day): the status bar says that rather than an internal code.
// It is read once per shift.
func (u *UI) shiftOpened(id string) string {
	if u.openedID != id {
		u.openedID, u.openedAt = id, ""
		if x, err := u.st.XReport(); err == nil && !x.Opened.IsZero() {
			t := x.Opened.In(u.st.Location)
			u.openedAt = t.Format("15:04")
			if n := u.now().In(u.st.Location); n.YearDay() != t.YearDay() || n.Year() != t.Year() {
				u.openedAt = t.Format("02/01 15:04")
			}
		}
	}
	return u.openedAt
}

package devices

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"hanout/pos"
	"hanout/pos/i18n"
)

// pinOverlay returns the PIN entry and the OK and Cancel buttons of the
// PIN dialog on top of the window, or nils when none is shown.
func (tl *till) pinOverlay() (pin *widget.Entry, ok, cancel *widget.Button) {
	top := tl.win.Canvas().Overlays().Top()
	if top == nil {
		return nil, nil, nil
	}
	okText, cancelText := i18n.T(tl.u.Lang(), "ui.ok"), i18n.T(tl.u.Lang(), "ui.cancel")
	deepWalk(top, func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Entry:
			if x.Password {
				pin = x
			}
		case *widget.Button:
			switch x.Text {
			case okText:
				ok = x
			case cancelText:
				cancel = x
			}
		}
	})
	return pin, ok, cancel
}

func (tl *till) enterPIN(pin string) {
	tl.t.Helper()
	e, ok, _ := tl.pinOverlay()
	if e == nil || ok == nil {
		tl.t.Fatal("no PIN dialog shown")
	}
	test.Type(e, pin)
	test.Tap(ok)
}

func TestThisComputerShowsVersionCommitAndDataFolder(t *testing.T) {
	st, dir := newStore(t)
	s := NewSystem(st, About{Version: "0.1.0", Commit: "4daebc7", DataDir: dir})
	tl := newTill(t, st, dir, s.Section())
	s.Attach(tl.u)
	tl.openSettings()
	v := s.view
	if v == nil {
		t.Fatal("section not built")
	}
	if want := i18n.T(pos.FR, "dist.system.version_value", "0.1.0", "4daebc7"); v.version.Text != want || want != "0.1.0 (commit 4daebc7)" {
		t.Errorf("version %q, want %q", v.version.Text, want)
	}
	if v.dataDir.Text != dir {
		t.Errorf("data folder %q, want %q", v.dataDir.Text, dir)
	}
	if v.leave != nil {
		t.Error("a Leave kiosk button outside kiosk mode")
	}
}

// Turning the kiosk mode on or off takes a manager's PIN; until it is
// given, or if it is cancelled, nothing is stored and the box shows the
// stored value.
func TestKioskSettingTakesAManagerPIN(t *testing.T) {
	st, dir := newStore(t)
	s := NewSystem(st, About{Version: "dev", Commit: "unknown", DataDir: dir})
	tl := newTill(t, st, dir, s.Section())
	s.Attach(tl.u)
	tl.openSettings()
	v := s.view
	stored := func() bool {
		k, err := Kiosk(st)
		if err != nil {
			t.Fatal(err)
		}
		return k.On
	}

	test.Tap(v.kiosk)
	if v.kiosk.Checked || stored() {
		t.Fatal("kiosk mode changed before any PIN")
	}
	_, _, cancel := tl.pinOverlay()
	if cancel == nil {
		t.Fatal("no PIN dialog after ticking kiosk mode")
	}
	test.Tap(cancel)
	if v.kiosk.Checked || stored() {
		t.Fatal("kiosk mode changed after Cancel")
	}

	test.Tap(v.kiosk)
	tl.enterPIN("0000")
	tl.pumpUntil("wrong PIN refused", func() bool { e, ok, _ := tl.pinOverlay(); return e != nil && !ok.Disabled() && e.Text == "" })
	if v.kiosk.Checked || stored() {
		t.Fatal("kiosk mode changed with a wrong PIN")
	}
	e, _, _ := tl.pinOverlay()
	e.SetText("")
	tl.enterPIN(managerPIN)
	tl.pumpUntil("kiosk mode on", func() bool { return v.kiosk.Checked })
	if !stored() || v.result.Text != i18n.T(pos.FR, "dist.kiosk.saved_on") {
		t.Fatalf("after the manager's PIN: stored %v, message %q", stored(), v.result.Text)
	}

	// And off again, with the PIN again.
	test.Tap(v.kiosk)
	if !v.kiosk.Checked || !stored() {
		t.Fatal("kiosk mode turned off before any PIN")
	}
	tl.enterPIN(managerPIN)
	tl.pumpUntil("kiosk mode off", func() bool { return !v.kiosk.Checked })
	if stored() {
		t.Fatal("kiosk mode still stored on")
	}
}

func TestLeavingKioskTakesAManagerPIN(t *testing.T) {
	st, dir := newStore(t)
	left := 0
	s := NewSystem(st, About{Version: "dev", Commit: "unknown", DataDir: dir, Kiosk: true, Leave: func() { left++ }})
	tl := newTill(t, st, dir, s.Section())
	s.Attach(tl.u)
	tl.openSettings()
	v := s.view
	if v.leave == nil {
		t.Fatal("no Leave kiosk button in kiosk mode")
	}
	test.Tap(v.leave)
	_, _, cancel := tl.pinOverlay()
	if cancel == nil {
		t.Fatal("no PIN dialog")
	}
	test.Tap(cancel)
	if left != 0 {
		t.Fatal("left the kiosk on Cancel")
	}
	test.Tap(v.leave)
	tl.enterPIN(managerPIN)
	tl.pumpUntil("kiosk left", func() bool { return left > 0 })
	if left != 1 {
		t.Fatalf("Leave called %d times", left)
	}
}

// deepWalk is walk that also enters widgets (a dialog is one): it visits
// what their renderers draw.
func deepWalk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	fn(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			deepWalk(c, fn)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			deepWalk(c, fn)
		}
	}
}

package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"hanout/pos"
)

// keypad is a big numeric pad that types into an entry. Digits stay in
// 1-2-3 order in every language, as on every phone and card terminal.
func (u *UI) keypad(target *widget.Entry, enter func()) fyne.CanvasObject {
	// Each key is 100×80 px: thumbs, not mouse pointers.
	return container.NewGridWrap(fyne.NewSize(3*100, 4*80), u.keypadGrid(target))
}

// keypadGrid is the keys of keypad, sized by their container.
func (u *UI) keypadGrid(target *widget.Entry) *fyne.Container {
	key := func(s string) *widget.Button {
		b := widget.NewButton(s, func() { target.SetText(target.Text + s) })
		return b
	}
	var keys []fyne.CanvasObject
	for _, d := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"} {
		keys = append(keys, key(d))
	}
	clear := widget.NewButton(u.t("ui.key.clear"), func() { target.SetText("") })
	back := widget.NewButton("⌫", func() {
		if r := []rune(target.Text); len(r) > 0 {
			target.SetText(string(r[:len(r)-1]))
		}
	})
	keys = append(keys, clear, key("0"), back)
	return container.NewGridWithColumns(3, keys...)
}

// pinDialog asks for a PIN on a keypad and checks it against the users.
// It settles exactly once: on the first accepted PIN or on Cancel. A check
// still running when it settles (a slow bcrypt, a second Enter) is
// ignored, so done is never called twice nor after Cancel.
type pinDialog struct {
	d       *dialog.CustomDialog
	entry   *widget.Entry
	msg     *widget.Label
	detail  *paraLabel // what the PIN approves
	ok      *widget.Button
	cancel  *widget.Button
	busy    bool // a check is running
	settled bool // accepted or cancelled: nothing more happens
}

// close settles the dialog without calling anything and hides it.
func (p *pinDialog) close(u *UI) {
	p.settled = true
	p.d.Hide()
	if u.pin == p {
		u.pin = nil
	}
}

// askPIN asks for the PIN of a user with role (a manager for approvals) and
// calls done with that user, once. A wrong PIN says so and lets them retry;
// Cancel calls nothing.
func (u *UI) askPIN(title string, role pos.Role, done func(*pos.User)) {
	u.askPINFor(title, "", role, done)
}

// askPINFor is askPIN with a line saying what the PIN approves (the item,
// the price, the amount), so a manager never approves blind.
func (u *UI) askPINFor(title, detail string, role pos.Role, done func(*pos.User)) {
	p := &pinDialog{entry: widget.NewPasswordEntry(), msg: u.label("")}
	p.msg.Importance = widget.DangerImportance
	check := func() {
		if p.settled || p.busy {
			return
		}
		pin := p.entry.Text
		users := u.users
		p.busy = true
		p.ok.Disable()
		u.bg(func() {
			user, err := pos.Authorize(users, pin, role)
			fyne.Do(func() {
				p.busy = false
				if p.settled { // cancelled, or closed by the screen behind
					return
				}
				p.ok.Enable()
				if err != nil {
					p.msg.SetText(u.errText(err))
					p.entry.SetText("")
					return
				}
				p.close(u)
				done(user)
			})
		})
	}
	p.entry.OnSubmitted = func(string) { check() }
	p.ok = widget.NewButton(u.t("ui.ok"), check)
	p.ok.Importance = widget.HighImportance
	p.cancel = widget.NewButton(u.t("ui.cancel"), func() { p.close(u) })
	p.detail = u.wrapLabel(detail)
	p.detail.TextStyle.Bold = true
	if detail == "" {
		p.detail.Hide()
	}
	var body fyne.CanvasObject
	if win := u.win.Canvas().Size(); win.Height > 0 && win.Height < 720 {
		// A short screen (1024×600): what is approved and the buttons
		// beside the keypad, so all of it fits.
		side := container.NewVBox(p.detail, u.label(u.t("ui.pin.prompt")), p.entry, p.msg, u.grid(2, tall(p.cancel, 56), tall(p.ok, 56)))
		pad := container.NewGridWrap(fyne.NewSize(3*88, 4*62), u.keypadGrid(p.entry))
		body = container.New(&splitLayout{rtl: u.rtl(), side: 3 * 88, frac: 0.4, gap: 16}, side, pad)
		p.d = dialog.NewCustomWithoutButtons(title, body, u.win)
		p.d.Resize(fyne.NewSize(min(760, win.Width-20), 0))
	} else {
		body = container.NewVBox(
			p.detail,
			u.label(u.t("ui.pin.prompt")),
			p.entry,
			p.msg,
			container.NewCenter(u.keypad(p.entry, check)),
			u.grid(2, p.cancel, p.ok),
		)
		p.d = dialog.NewCustomWithoutButtons(title, body, u.win)
		if detail != "" {
			p.d.Resize(fyne.NewSize(min(560, u.win.Canvas().Size().Width-20), 0))
		}
	}
	u.pin = p
	p.d.Show()
	u.win.Canvas().Focus(p.entry)
}

// errText is an error in the seller's language, for inline messages.
func (u *UI) errText(err error) string {
	msg := u.tErr(err)
	return msg
}

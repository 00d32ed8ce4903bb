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
	g := container.NewGridWithColumns(3, keys...)
	// Each key is at least 72×60: far above the 48 px minimum.
	return container.NewGridWrap(fyne.NewSize(3*100, 4*80), g) // keys of 100×80 px: thumbs, not mouse pointers
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
	body := container.NewVBox(
		p.detail,
		u.label(u.t("ui.pin.prompt")),
		p.entry,
		p.msg,
		container.NewCenter(u.keypad(p.entry, check)),
		u.grid(2, p.cancel, p.ok),
	)
	p.d = dialog.NewCustomWithoutButtons(title, body, u.win)
	u.pin = p
	p.d.Show()
	u.win.Canvas().Focus(p.entry)
}

// errText is an error in the seller's language, for inline messages.
func (u *UI) errText(err error) string {
	msg := u.tErr(err)
	return msg
}

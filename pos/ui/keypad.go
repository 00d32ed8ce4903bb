package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hanout/pos"
)

// numEntry is a money or quantity field. Its content is selected when it
// gains focus, so typing 650 over 750,00 gives 650; the on-screen keypad of
// its form types into it.
type numEntry struct {
	widget.Entry
	pad     *numPad
	focused bool
	fresh   bool // focus just came by a tap: keep the selection through it
	// padButton opens the keypad of a field of a long form (keypadField).
	padButton *widget.Button
}

func (u *UI) numEntry(pad *numPad) *numEntry {
	e := &numEntry{pad: pad}
	e.ExtendBaseWidget(e)
	if pad != nil && pad.target == nil {
		pad.target = e
	}
	return e
}

func (e *numEntry) FocusGained() {
	e.Entry.FocusGained()
	e.focused, e.fresh = true, true
	e.TypedShortcut(&fyne.ShortcutSelectAll{})
	if e.pad != nil {
		e.pad.target = e
	}
}

func (e *numEntry) FocusLost() {
	e.Entry.FocusLost()
	e.focused = false
}

// MouseDown keeps the whole content selected when a click gives focus
// (the entry would otherwise drop the selection to place the cursor).
func (e *numEntry) MouseDown(m *desktop.MouseEvent) {
	was := e.focused
	e.Entry.MouseDown(m)
	if !was || e.fresh {
		e.TypedShortcut(&fyne.ShortcutSelectAll{})
	}
}

func (e *numEntry) Tapped(ev *fyne.PointEvent) {
	if !e.focused {
		if c := fyne.CurrentApp().Driver().CanvasForObject(e); c != nil {
			c.Focus(e)
		}
	}
	e.Entry.Tapped(ev)
	if e.fresh {
		e.TypedShortcut(&fyne.ShortcutSelectAll{})
		e.fresh = false
	}
	if e.pad != nil {
		e.pad.target = e
	}
}

// SetText replaces the content and drops any selection of the old one (the
// entry would otherwise keep selecting a range of text that is gone).
func (e *numEntry) SetText(s string) {
	e.Entry.SetText(s)
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnd})
	e.fresh = false
}

// numPad is the on-screen numeric keypad of one form. It types into the
// numEntry that last had focus (the first one of the form at the start).
// Digits stay in 1-2-3 order in every language, as on every phone and card
// terminal; the decimal key is the language's (a comma in French and
// Arabic).
type numPad struct {
	target *numEntry
	keys   map[string]*widget.Button
	obj    fyne.CanvasObject
}

// newNumPad builds a keypad; extra keys (such as "%") go on a last row.
// enter, when set, is an OK key.
func (u *UI) newNumPad(enter func(), extra ...string) *numPad {
	p := &numPad{keys: map[string]*widget.Button{}}
	typeRune := func(s string) func() {
		return func() {
			if e := p.target; e != nil {
				for _, r := range s {
					e.TypedRune(r)
				}
				e.fresh = false
			}
		}
	}
	key := func(label string, f func()) fyne.CanvasObject {
		b := widget.NewButton(label, f)
		p.keys[label] = b
		return tall(b, 56)
	}
	var keys []fyne.CanvasObject
	for _, d := range []string{"7", "8", "9", "4", "5", "6", "1", "2", "3"} {
		keys = append(keys, key(d, typeRune(d)))
	}
	dec := u.decimalSep()
	keys = append(keys, key(dec, typeRune(dec)), key("0", typeRune("0")), key("⌫", func() {
		if e := p.target; e != nil {
			e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
			e.fresh = false
		}
	}))
	last := []fyne.CanvasObject{key(u.t("ui.key.clear"), func() {
		if e := p.target; e != nil {
			e.SetText("")
		}
	})}
	for _, x := range extra {
		last = append(last, key(x, typeRune(x)))
	}
	if enter != nil {
		ok := widget.NewButton(u.t("ui.ok"), enter)
		ok.Importance = widget.HighImportance
		p.keys["ok"] = ok
		last = append(last, tall(ok, 56))
	}
	for len(last) < 3 {
		last = append(last, widget.NewLabel(""))
	}
	grid := container.NewGridWithColumns(3, keys...)
	p.obj = container.NewVBox(grid, container.NewGridWithColumns(len(last), last...))
	return p
}

// tap presses key s on the pad (tests and the physical keyboard share the
// same path as a finger).
func (p *numPad) tap(s string) {
	if b := p.keys[s]; b != nil && b.OnTapped != nil {
		b.OnTapped()
	}
}

// decimalSep is the decimal separator of the seller's language.
func (u *UI) decimalSep() string {
	if u.lang == pos.EN {
		return "."
	}
	return ","
}

// amountText is an amount as a person edits it in the seller's language:
// "90,00" in French and Arabic, "90.00" in English, no grouping and no
// currency, so ParseMoney reads it back.
func (u *UI) amountText(m pos.Money) string {
	s := m.Decimal()
	if u.lang != pos.EN {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// amountDialog asks for one amount on the keypad (the pay screen's "other
// amount"). OK calls done with the amount; an error it returns is shown
// in the dialog, which stays open.
type amountDialog struct {
	d      *dialog.CustomDialog
	entry  *numEntry
	pad    *numPad
	msg    *paraLabel
	ok     *widget.Button
	cancel *widget.Button
}

func (u *UI) askAmount(title string, done func(pos.Money) error, closed func()) *amountDialog {
	ad := &amountDialog{msg: u.wrapLabel("")}
	ad.msg.Importance = widget.DangerImportance
	var apply func()
	ad.pad = u.newNumPad(func() { apply() })
	ad.entry = u.numEntry(ad.pad)
	ad.entry.SetPlaceHolder(u.amountText(0))
	ad.ok = ad.pad.keys["ok"]
	apply = func() {
		m, err := pos.ParseMoney(ad.entry.Text)
		if err == nil {
			err = done(m)
		}
		if err != nil {
			ad.msg.SetText(u.tErr(err))
			return
		}
		ad.d.Hide()
		closed()
	}
	ad.entry.OnSubmitted = func(string) { apply() }
	cancel := widget.NewButton(u.t("ui.cancel"), func() { ad.d.Hide(); closed() })
	body := container.NewVBox(ad.entry, ad.msg,
		container.NewCenter(container.NewGridWrap(fyne.NewSize(300, ad.pad.obj.MinSize().Height), ad.pad.obj)), cancel)
	ad.d = dialog.NewCustomWithoutButtons(title, body, u.win)
	ad.d.Resize(fyne.NewSize(min(420, u.win.Canvas().Size().Width-20), 0))
	ad.d.Show()
	u.win.Canvas().Focus(ad.entry)
	return ad
}

// keypadField is a money or quantity field of a long form (the catalogue's
// product, Settings) with a keypad button beside it: the button opens the
// keypad in a dialog over the field's content, selected, so typing
// replaces it; OK writes it back into the field (the form's own check reads
// it on save, as when typed on a keyboard).
func (u *UI) keypadField(e *numEntry, title string) fyne.CanvasObject {
	b := widget.NewButtonWithIcon("", theme.GridIcon(), func() { u.openFieldPad(e, title) })
	e.padButton = b
	side := container.NewGridWrap(fyne.NewSize(56, 48), b)
	if u.rtl() {
		return container.NewBorder(nil, nil, side, nil, e)
	}
	return container.NewBorder(nil, nil, nil, side, e)
}

// openFieldPad opens the keypad dialog of one form field.
func (u *UI) openFieldPad(field *numEntry, title string) {
	ad := &amountDialog{msg: u.wrapLabel("")}
	var apply func()
	ad.pad = u.newNumPad(func() { apply() })
	ad.entry = u.numEntry(ad.pad)
	ad.entry.SetPlaceHolder(field.PlaceHolder)
	ad.entry.SetText(field.Text)
	ad.ok = ad.pad.keys["ok"]
	apply = func() {
		field.SetText(strings.TrimSpace(ad.entry.Text))
		ad.d.Hide()
		u.fieldPad = nil
	}
	ad.entry.OnSubmitted = func(string) { apply() }
	ad.cancel = widget.NewButton(u.t("ui.cancel"), func() { ad.d.Hide(); u.fieldPad = nil })
	body := container.NewVBox(ad.entry,
		container.NewCenter(container.NewGridWrap(fyne.NewSize(300, ad.pad.obj.MinSize().Height), ad.pad.obj)), ad.cancel)
	ad.d = dialog.NewCustomWithoutButtons(title, body, u.win)
	ad.d.Resize(fyne.NewSize(min(420, u.win.Canvas().Size().Width-20), 0))
	u.fieldPad = ad
	ad.d.Show()
	u.win.Canvas().Focus(ad.entry) // selects the content: the pad types over it
}

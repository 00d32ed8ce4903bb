// Package devices wires the receipt printer (drivers/printq), the card
// terminal (drivers/concert) and the sync with the platform (hanout/sync)
// into the running till: their Settings sections, the store adapter the
// print worker consumes, the card tender, and the mapping of their states
// to the status bar, in the seller's language. The settings themselves
// (printq.Settings, concert.Config) live with their drivers, so the command
// line reads them without the UI.
//
// Nothing here runs a device call on the UI goroutine: the print worker and
// the sync loop have their own goroutines, settings are applied in the
// background, and every widget change goes through fyne.Do.
package devices

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"hanout/pos"
	"hanout/pos/i18n"
	"hanout/pos/ui"
)

// Sink is where the devices report: *ui.UI in the till. Lang is read on
// the UI goroutine only (inside fyne.Do); the others are safe from any
// goroutine.
type Sink interface {
	Lang() pos.Lang
	SetPrinter(ui.State)
	SetNetwork(ui.State)
	Changed()
}

var _ Sink = (*ui.UI)(nil)

func t(l pos.Lang, key string, args ...any) string { return i18n.T(l, key, args...) }

// row is a form line: the label on the reading side, the field filling the
// rest.
func row(l pos.Lang, label string, field fyne.CanvasObject) fyne.CanvasObject {
	lb := widget.NewLabel(ui.Visual(l, label)) // logical in, visual order on screen
	box := container.NewGridWrap(fyne.NewSize(170, lb.MinSize().Height), lb)
	if l == pos.AR {
		lb.Alignment = fyne.TextAlignTrailing
		return container.NewBorder(nil, nil, nil, box, field)
	}
	return container.NewBorder(nil, nil, box, nil, field)
}

func label(l pos.Lang, s string) *ui.Paragraph {
	return ui.NewParagraph(l, s) // logical in; wrapped, then each line in visual order
}

// when formats a time for the status texts: the hour today, the date and
// hour otherwise, "never" for the zero time.
func when(l pos.Lang, tm, now time.Time) string {
	if tm.IsZero() {
		return t(l, "devices.never")
	}
	tm = tm.Local()
	if y, m, d := now.Local().Date(); tm.Year() == y && tm.Month() == m && tm.Day() == d {
		return tm.Format("15:04")
	}
	return tm.Format("02/01 15:04")
}

// setText gives a label logical text in visual order, as label does when
// it builds one.
func setText(lb *ui.Paragraph, l pos.Lang, s string) { lb.SetText(ui.Visual(l, s)) }

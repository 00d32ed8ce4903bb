package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

type noticeKind int

const (
	noticeOK noticeKind = iota
	noticeInfo
	noticeWarn
	noticeError
)

// notice is a banner under the search box: what the last scan or search
// did (added, unknown code, several matches, sold out). It never takes
// focus and never blocks: the next scan replaces it; × hides it.
type notice struct {
	obj   *fyne.Container
	bg    *canvas.Rectangle
	text  *widget.Label
	kind  noticeKind
	close *widget.Button
	// parent is laid out again when the banner appears or goes, so it
	// pushes the category bar down instead of covering it.
	parent *fyne.Container
	// sound is the till's beep (Hooks.Beep), or the terminal bell.
	sound func()
}

func (u *UI) newNotice() *notice {
	n := &notice{bg: canvas.NewRectangle(color.Transparent), text: u.label("")}
	n.sound = func() {
		if u.hooks.Beep != nil {
			u.hooks.Beep()
			return
		}
		beep()
	}
	n.bg.CornerRadius = 6
	n.text.TextStyle.Bold = true
	n.text.Truncation = fyne.TextTruncateEllipsis
	n.close = widget.NewButtonWithIcon("", theme.CancelIcon(), n.hide)
	n.close.Importance = widget.LowImportance
	var row fyne.CanvasObject
	if u.rtl() {
		row = container.NewBorder(nil, nil, n.close, nil, n.text)
	} else {
		row = container.NewBorder(nil, nil, nil, n.close, n.text)
	}
	n.obj = container.NewStack(n.bg, row)
	n.obj.Hide()
	return n
}

var noticeColours = map[noticeKind]color.NRGBA{
	noticeOK:    {R: 0xDF, G: 0xF0, B: 0xDC, A: 0xFF},
	noticeInfo:  {R: 0xDC, G: 0xE8, B: 0xF5, A: 0xFF},
	noticeWarn:  {R: 0xFC, G: 0xEB, B: 0xC8, A: 0xFF},
	noticeError: {R: 0xF9, G: 0xD6, B: 0xD2, A: 0xFF},
}

func (n *notice) show(k noticeKind, text string) {
	n.kind = k
	n.bg.FillColor = noticeColours[k]
	n.text.Importance = widget.MediumImportance
	if k == noticeError {
		n.text.Importance = widget.DangerImportance
	}
	n.text.SetText(text)
	n.bg.Refresh()
	n.obj.Show()
	if n.parent != nil {
		n.parent.Refresh()
	}
	if k == noticeError || k == noticeWarn {
		n.sound()
	}
}

func (n *notice) hide() {
	n.obj.Hide()
	if n.parent != nil {
		n.parent.Refresh()
	}
}

func (n *notice) visible() bool { return n.obj.Visible() }

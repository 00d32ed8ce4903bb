package ui

import (
	"fyne.io/fyne/v2"
)

// splitLayout puts objects[0] (the main area) beside objects[1] (a side
// panel such as the cart). Landscape: the panel takes side px (or frac of
// the width if larger) on the right, or on the left in Arabic. Portrait:
// the panel goes below and takes portrait of the height (its minimum if
// zero).
type splitLayout struct {
	rtl      bool
	side     float32 // panel width in landscape
	frac     float32 // panel share of the width in landscape, if larger
	portrait float32 // panel share of the height in portrait
	gap      float32
}

func (l *splitLayout) landscape(s fyne.Size) bool { return s.Width >= s.Height*1.05 }

func (l *splitLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) < 2 {
		return
	}
	main, side := objs[0], objs[1]
	if l.landscape(size) {
		w := max(l.side, size.Width*l.frac)
		w = min(w, size.Width*0.6)
		mw := size.Width - w - l.gap
		if l.rtl {
			side.Move(fyne.NewPos(0, 0))
			main.Move(fyne.NewPos(w+l.gap, 0))
		} else {
			main.Move(fyne.NewPos(0, 0))
			side.Move(fyne.NewPos(mw+l.gap, 0))
		}
		main.Resize(fyne.NewSize(mw, size.Height))
		side.Resize(fyne.NewSize(w, size.Height))
		return
	}
	h := side.MinSize().Height
	if l.portrait > 0 {
		h = max(h, size.Height*l.portrait)
	}
	h = min(h, size.Height*0.7)
	main.Move(fyne.NewPos(0, 0))
	main.Resize(fyne.NewSize(size.Width, size.Height-h-l.gap))
	side.Move(fyne.NewPos(0, size.Height-h))
	side.Resize(fyne.NewSize(size.Width, h))
}

func (l *splitLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) < 2 {
		return fyne.NewSize(0, 0)
	}
	a, b := objs[0].MinSize(), objs[1].MinSize()
	// Report the smaller of the two arrangements' needs so the window can
	// shrink to 1024×600 and 800×1280 alike.
	return fyne.NewSize(max(a.Width, b.Width), max(a.Height, b.Height))
}

// mirrorLayout lays out with inner, then mirrors every x position: the
// right-to-left version of any layout the till controls.
type mirrorLayout struct{ inner fyne.Layout }

func (m *mirrorLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	m.inner.Layout(objs, size)
	for _, o := range objs {
		p := o.Position()
		o.Move(fyne.NewPos(size.Width-p.X-o.Size().Width, p.Y))
	}
}

func (m *mirrorLayout) MinSize(objs []fyne.CanvasObject) fyne.Size { return m.inner.MinSize(objs) }

// fillRow lays buttons in one row that fills the width. Unlike a grid, it
// needs only the sum of the buttons' own widths, not the widest one times
// their number, so the navigation fits an 800-pixel portrait tablet.
type fillRow struct{ gap float32 }

func (r fillRow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for i, o := range objs {
		m := o.MinSize()
		w += m.Width
		if i > 0 {
			w += r.gap
		}
		h = max(h, m.Height)
	}
	return fyne.NewSize(w, h)
}

func (r fillRow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) == 0 {
		return
	}
	extra := (size.Width - r.MinSize(objs).Width) / float32(len(objs))
	x := float32(0)
	for _, o := range objs {
		w := o.MinSize().Width + extra
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + r.gap
	}
}

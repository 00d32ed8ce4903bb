package escpos

import (
	"strings"
	"unicode/utf8"

	"hanout/pos"
	"hanout/pos/receipt"
)

// EncodeReceipt encodes r for printer profile p: initialise, the lines
// (Arabic ones as shaped images), feed and cut. When drawer is true the
// cash drawer is pulsed first, so it opens while the receipt prints.
func EncodeReceipt(r *receipt.Receipt, p Profile, drawer bool) ([]byte, error) {
	e := NewEncoder(p).Init()
	if drawer {
		e.OpenDrawer()
	}
	if err := e.Receipt(r); err != nil {
		return nil, err
	}
	e.Feed(3).Cut()
	return e.Bytes(), nil
}

// Receipt appends the receipt's lines to e (no init, no cut).
func (e *Encoder) Receipt(r *receipt.Receipt) error {
	p := e.Profile()
	for _, l := range r.Lines {
		switch l.Kind {
		case receipt.Rule:
			e.Line(strings.Repeat("-", p.Columns))
		case receipt.Blank:
			e.Raw(LF)
		case receipt.QR:
			module := 5
			if p.Dots >= 576 {
				module = 6
			}
			e.Align(Center).QR(l.QR, module, QRLevelM).Raw(LF).Align(Left)
		case receipt.Text:
			if err := e.receiptText(l); err != nil {
				return err
			}
		}
	}
	return nil
}

func (e *Encoder) receiptText(l receipt.Line) error {
	p := e.Profile()
	if NeedsRaster(l.Center + l.Start + l.End) {
		tr, err := Arabic()
		if err != nil {
			return pos.Wrap(err, "printer.font")
		}
		px := 22
		if l.Big {
			px = 30
		}
		// A line with one part is cropped to its ink and placed by ESC a
		// where the printer allows: a fraction of the full-width bytes.
		single := func(tl TextLine, a Align) {
			bm := tr.Render(tl, p.Dots).Trim(2)
			if !p.RasterAlign {
				e.Raster(bm)
				return
			}
			e.Align(a).Raster(bm.CropX()).Align(Left)
		}
		startAlign := Left
		if l.RTL {
			startAlign = Right
		}
		if l.Center != "" {
			for _, s := range receipt.Wrap(l.Center, p.Columns) {
				single(TextLine{Center: s, RTL: l.RTL, Px: px, Bold: l.Bold}, Center)
			}
			return nil
		}
		start := l.Start
		if utf8.RuneCountInString(start)+utf8.RuneCountInString(l.End)+1 > p.Columns {
			parts := receipt.Wrap(start, p.Columns)
			for _, s := range parts[:len(parts)-1] {
				single(TextLine{Start: s, RTL: l.RTL, Px: px, Bold: l.Bold}, startAlign)
			}
			start = parts[len(parts)-1]
		}
		if l.End == "" {
			single(TextLine{Start: start, RTL: l.RTL, Px: px, Bold: l.Bold}, startAlign)
			return nil
		}
		e.Raster(tr.Render(TextLine{Start: start, End: l.End, RTL: l.RTL, Px: px, Bold: l.Bold}, p.Dots).Trim(2))
		return nil
	}
	if l.Bold {
		e.Bold(true)
	}
	if l.Big {
		e.Size(1, 2)
	}
	for _, s := range l.Layout(p.Columns) {
		e.Line(s)
	}
	if l.Big {
		e.Size(1, 1)
	}
	if l.Bold {
		e.Bold(false)
	}
	return nil
}

// Package escpos speaks ESC/POS, the command language of receipt printers
// (Epson TM, Star in ESC/POS mode, the POS-58/POS-80 clones).
//
// Encoder builds a byte stream for one job; Profile says what a model can
// do (paper width, code-table numbers, native QR); Printer wraps a link
// (serial port, TCP socket, /dev/usb/lp0) with status queries and XON/XOFF
// flow control; TextRenderer shapes Arabic with a real text engine and
// rasterises it, because printer firmware cannot join Arabic letters or lay
// them right to left.
package escpos

import (
	"image"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"hanout/pos/qr"
)

// Command bytes.
const (
	ESC = 0x1b
	GS  = 0x1d
	DLE = 0x10
	EOT = 0x04
	LF  = 0x0a
	XON = 0x11
	// XOFF asks the host to pause sending; XON resumes.
	XOFF = 0x13
)

// Align is a horizontal justification.
type Align byte

const (
	Left   Align = 0
	Center Align = 1
	Right  Align = 2
)

// QRLevel is the error-correction level of a QR code.
type QRLevel byte

const (
	QRLevelL QRLevel = 48 + iota
	QRLevelM
	QRLevelQ
	QRLevelH
)

// Encoder appends ESC/POS commands for one profile to a buffer. The zero
// value is not usable; call NewEncoder.
type Encoder struct {
	p   Profile
	buf []byte
}

// NewEncoder returns an encoder for profile p.
func NewEncoder(p Profile) *Encoder { return &Encoder{p: p} }

// Bytes returns the commands appended so far.
func (e *Encoder) Bytes() []byte { return e.buf }

// Len is the number of bytes appended so far.
func (e *Encoder) Len() int { return len(e.buf) }

// Profile returns the profile the encoder targets.
func (e *Encoder) Profile() Profile { return e.p }

// Raw appends bytes as they are.
func (e *Encoder) Raw(b ...byte) *Encoder { e.buf = append(e.buf, b...); return e }

// Init resets the printer (ESC @) and selects the profile's code table for
// Western text (CP858: CP850 plus the euro sign).
func (e *Encoder) Init() *Encoder {
	e.Raw(ESC, '@')
	return e.CodeTable(e.p.CP858)
}

// CodeTable selects character code table n: ESC t n, or ESC GS t n on Star.
// A negative n (the model has no such table) appends nothing.
func (e *Encoder) CodeTable(n int) *Encoder {
	if n < 0 || n > 255 {
		return e
	}
	if e.p.StarCodeTable {
		return e.Raw(ESC, GS, 't', byte(n))
	}
	return e.Raw(ESC, 't', byte(n))
}

// Bold turns emphasis on or off: ESC E n.
func (e *Encoder) Bold(on bool) *Encoder { return e.Raw(ESC, 'E', b2b(on)) }

// Underline sets underline: 0 off, 1 thin, 2 thick (ESC - n).
func (e *Encoder) Underline(n int) *Encoder { return e.Raw(ESC, '-', byte(clamp(n, 0, 2))) }

// FontB selects the small font B (ESC M 1) or back to font A.
func (e *Encoder) FontB(on bool) *Encoder { return e.Raw(ESC, 'M', b2b(on)) }

// Size sets the character magnification, 1–8 in each direction: GS ! n.
func (e *Encoder) Size(w, h int) *Encoder {
	return e.Raw(GS, '!', byte((clamp(w, 1, 8)-1)<<4|(clamp(h, 1, 8)-1)))
}

// Align sets the justification of the following lines: ESC a n.
func (e *Encoder) Align(a Align) *Encoder { return e.Raw(ESC, 'a', byte(a)) }

// Text appends s in the profile's Western code table (CP858). A character
// the table lacks becomes '?'; Arabic never goes through Text but through
// a raster (see TextRenderer).
func (e *Encoder) Text(s string) *Encoder {
	for _, r := range s {
		switch r {
		case '\n', '\r':
			e.buf = append(e.buf, byte(r))
			continue
		case '\u202f', '\u00a0':
			r = ' ' // narrow and plain no-break spaces are column spaces on paper
		case '×':
			r = 'x'
		case '–', '—':
			r = '-'
		case '’', '‘':
			r = '\''
		case '«', '»': // present in CP858: keep
		}
		if r < 0x20 {
			continue // control characters would be commands
		}
		if r < utf8.RuneSelf {
			e.buf = append(e.buf, byte(r))
			continue
		}
		b, ok := charmap.CodePage858.EncodeRune(r)
		if !ok {
			b = '?'
		}
		e.buf = append(e.buf, b)
	}
	return e
}

// Line appends s and a line feed.
func (e *Encoder) Line(s string) *Encoder { return e.Text(s).Raw(LF) }

// Feed prints the buffer and feeds n lines: ESC d n.
func (e *Encoder) Feed(n int) *Encoder { return e.Raw(ESC, 'd', byte(clamp(n, 0, 255))) }

// Cut feeds to the cutter and cuts: GS V 65 n (feed n dots then partial
// cut), which every profile supports and which leaves the receipt whole
// above the cut.
func (e *Encoder) Cut() *Encoder { return e.Raw(GS, 'V', 65, byte(e.p.CutFeed)) }

// CutNow cuts at once: GS V 0 (full) or GS V 1 (partial).
func (e *Encoder) CutNow(partial bool) *Encoder { return e.Raw(GS, 'V', b2b(partial)) }

// Drawer pulses cash-drawer pin 0 or 1 for on×2 ms, then off×2 ms:
// ESC p m t1 t2.
func (e *Encoder) Drawer(pin, on, off int) *Encoder {
	return e.Raw(ESC, 'p', byte(clamp(pin, 0, 1)), byte(clamp(on, 1, 255)), byte(clamp(off, 1, 255)))
}

// OpenDrawer pulses pin 0 with the usual 120 ms / 240 ms timings.
func (e *Encoder) OpenDrawer() *Encoder { return e.Drawer(0, 60, 120) }

// QR prints a QR code of data: natively with GS ( k when the profile
// supports it (module size 1–16 dots), else as a raster image with the same
// module size. Data longer than a QR code holds is not printed.
func (e *Encoder) QR(data string, module int, level QRLevel) *Encoder {
	if e.p.NativeQR {
		return e.QRNative(data, module, level)
	}
	return e.QRImage(data, module, level)
}

// QRNative appends the GS ( k sequence: model 2, module size, error
// correction, store, print.
func (e *Encoder) QRNative(data string, module int, level QRLevel) *Encoder {
	if len(data) == 0 || len(data) > 7089 {
		return e
	}
	if level < QRLevelL || level > QRLevelH {
		level = QRLevelL
	}
	e.Raw(GS, '(', 'k', 4, 0, 49, 65, 50, 0)
	e.Raw(GS, '(', 'k', 3, 0, 49, 67, byte(clamp(module, 1, 16)))
	e.Raw(GS, '(', 'k', 3, 0, 49, 69, byte(level))
	n := len(data) + 3
	e.Raw(GS, '(', 'k', byte(n), byte(n>>8), 49, 80, 48)
	e.buf = append(e.buf, data...)
	return e.Raw(GS, '(', 'k', 3, 0, 49, 81, 48)
}

// QRImage draws the QR code itself and sends it as a raster, centred.
func (e *Encoder) QRImage(data string, module int, level QRLevel) *Encoder {
	lv := map[QRLevel]qr.Level{QRLevelL: qr.LevelL, QRLevelM: qr.LevelM, QRLevelQ: qr.LevelQ, QRLevelH: qr.LevelH}[level]
	bm, err := qr.Modules(data, lv, false)
	if err != nil {
		return e
	}
	module = clamp(module, 1, 16)
	side := len(bm) * module
	if side > e.p.Dots {
		module = max(1, e.p.Dots/len(bm))
		side = len(bm) * module
	}
	img := NewBitmap(e.p.Dots, side+2*module)
	x0 := (e.p.Dots - side) / 2
	for y, row := range bm {
		for x, black := range row {
			if black {
				img.FillRect(x0+x*module, module+y*module, module, module)
			}
		}
	}
	return e.Raster(img)
}

// Raster prints a 1-bit image with GS v 0, in bands of at most 256 rows
// (some clones lose taller images).
func (e *Encoder) Raster(b *Bitmap) *Encoder {
	if b == nil || b.W <= 0 || b.H <= 0 {
		return e
	}
	stride := b.Stride()
	for y := 0; y < b.H; y += rasterBand {
		h := min(rasterBand, b.H-y)
		e.Raw(GS, 'v', '0', 0, byte(stride), byte(stride>>8), byte(h), byte(h>>8))
		e.buf = append(e.buf, b.Pix[y*stride:(y+h)*stride]...)
	}
	return e
}

const rasterBand = 256

// StatusQuery is DLE EOT n: n = 1 printer, 2 offline cause, 3 error cause,
// 4 paper sensor. The printer answers one byte at once, even when offline.
func StatusQuery(n byte) []byte { return []byte{DLE, EOT, n} }

// Bitmap is a 1-bit image, rows packed MSB-first (bit set = black dot), as
// GS v 0 takes it.
type Bitmap struct {
	W, H int
	Pix  []byte
}

// NewBitmap returns a white w×h bitmap.
func NewBitmap(w, h int) *Bitmap {
	w, h = max(w, 0), max(h, 0)
	return &Bitmap{W: w, H: h, Pix: make([]byte, (w+7)/8*h)}
}

// Stride is the number of bytes per row.
func (b *Bitmap) Stride() int { return (b.W + 7) / 8 }

// Set blackens the dot at x, y; outside dots are ignored.
func (b *Bitmap) Set(x, y int) {
	if x < 0 || y < 0 || x >= b.W || y >= b.H {
		return
	}
	b.Pix[y*b.Stride()+x/8] |= 0x80 >> (x % 8)
}

// At reports whether the dot at x, y is black.
func (b *Bitmap) At(x, y int) bool {
	if x < 0 || y < 0 || x >= b.W || y >= b.H {
		return false
	}
	return b.Pix[y*b.Stride()+x/8]&(0x80>>(x%8)) != 0
}

// FillRect blackens a rectangle.
func (b *Bitmap) FillRect(x, y, w, h int) {
	for j := y; j < y+h; j++ {
		for i := x; i < x+w; i++ {
			b.Set(i, j)
		}
	}
}

// FromImage thresholds an image (dark where luminance < 50 %, or where a
// mask-like alpha image is more than half covered).
func FromImage(img image.Image) *Bitmap {
	r := img.Bounds()
	b := NewBitmap(r.Dx(), r.Dy())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, ca := img.At(x, y).RGBA()
			if a, ok := img.(*image.Alpha); ok {
				if a.AlphaAt(x, y).A >= 0x80 {
					b.Set(x-r.Min.X, y-r.Min.Y)
				}
				continue
			}
			lum := (299*cr + 587*cg + 114*cb) / 1000
			// Transparent pixels count as paper.
			if ca >= 0x8000 && lum < 0x8000 {
				b.Set(x-r.Min.X, y-r.Min.Y)
			}
		}
	}
	return b
}

// Image returns the bitmap as a black-on-white image for screens and tests.
func (b *Bitmap) Image() *image.Gray {
	g := image.NewGray(image.Rect(0, 0, b.W, b.H))
	for i := range g.Pix {
		g.Pix[i] = 0xff
	}
	for y := 0; y < b.H; y++ {
		for x := 0; x < b.W; x++ {
			if b.At(x, y) {
				g.Pix[y*g.Stride+x] = 0
			}
		}
	}
	return g
}

func b2b(on bool) byte {
	if on {
		return 1
	}
	return 0
}

func clamp(n, lo, hi int) int { return min(max(n, lo), hi) }

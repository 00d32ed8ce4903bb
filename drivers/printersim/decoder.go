// Package printersim is a pretend ESC/POS receipt printer: a Decoder that
// turns the byte stream into paper (text lines, raster images, QR codes),
// and a Sim that serves it on a pseudo-terminal with real wire timing,
// status answers and XON/XOFF, drawing each cut receipt as a PNG.
package printersim

import (
	"fmt"
	"strings"

	"golang.org/x/text/encoding/charmap"

	"hanout/drivers/escpos"
)

// Block is one printed element of a page.
type Block struct {
	Kind   BlockKind
	Text   string // Kind == TextBlock (UTF-8, decoded from the code table)
	Align  escpos.Align
	Bold   bool
	W, H   int            // character magnification, 1..8
	Image  *escpos.Bitmap // Kind == ImageBlock
	QR     string         // Kind == QRBlock: the data
	Module int            // QR module size in dots
}

// BlockKind tells what a Block is.
type BlockKind int

const (
	TextBlock BlockKind = iota
	ImageBlock
	QRBlock
)

// Page is one receipt: everything printed up to a cut.
type Page struct {
	Blocks  []Block
	Drawers int // cash-drawer pulses received
	Bytes   int // bytes that made this page
}

// Text renders the page as plain lines: text as printed, an image as
// "[image W×H]", a QR code as "[QR data]".
func (p *Page) Text() string {
	var b strings.Builder
	for _, bl := range p.Blocks {
		switch bl.Kind {
		case TextBlock:
			b.WriteString(bl.Text)
		case ImageBlock:
			fmt.Fprintf(&b, "[image %dx%d]", bl.Image.W, bl.Image.H)
		case QRBlock:
			fmt.Fprintf(&b, "[QR %s]", bl.QR)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// Decoder parses ESC/POS. Feed it bytes with Write in any chunks; it calls
// OnPage at every cut and OnStatus for every DLE EOT query. Unknown or
// malformed commands are skipped; it never panics and never holds more
// than maxPending bytes of an incomplete command.
type Decoder struct {
	OnPage   func(*Page)
	OnStatus func(n byte)

	pending []byte
	page    Page
	line    []byte
	table   *charmap.Charmap

	bold  bool
	align escpos.Align
	w, h  int
	qr    string
	qrMod int

	cutNow bool
}

// maxPending bounds one command (the largest: a raster band or QR data).
const maxPending = 1 << 20

// NewDecoder returns a decoder in the printer's power-on state.
func NewDecoder() *Decoder {
	d := &Decoder{}
	d.reset()
	return d
}

func (d *Decoder) reset() {
	d.bold, d.align, d.w, d.h, d.qrMod = false, escpos.Left, 1, 1, 3
	d.table = charmap.CodePage437
}

// Page returns the page being printed (not yet cut).
func (d *Decoder) Page() *Page { return &d.page }

// Write feeds bytes to the decoder. It always consumes all of b.
func (d *Decoder) Write(b []byte) (int, error) {
	d.pending = append(d.pending, b...)
	for len(d.pending) > 0 {
		n := d.step(d.pending)
		if n == 0 { // incomplete command: wait for more
			if len(d.pending) > maxPending {
				d.pending = d.pending[1:] // give up on it
				continue
			}
			break
		}
		d.pending = d.pending[n:]
		d.page.Bytes += n
		if d.cutNow {
			d.cutNow = false
			p := d.page
			d.page = Page{}
			if d.OnPage != nil {
				d.OnPage(&p)
			}
		}
	}
	if len(d.pending) == 0 {
		d.pending = nil
	}
	return len(b), nil
}

// step decodes one item at the start of b and returns its length, or 0 if
// b holds only the beginning of a command.
func (d *Decoder) step(b []byte) int {
	switch c := b[0]; c {
	case escpos.LF:
		d.flush(true)
		return 1
	case '\r':
		return 1
	case escpos.DLE:
		if len(b) < 3 {
			return 0
		}
		if b[1] == escpos.EOT {
			if d.OnStatus != nil {
				d.OnStatus(b[2])
			}
			return 3
		}
		return 1
	case escpos.ESC:
		return d.esc(b)
	case escpos.GS:
		return d.gs(b)
	default:
		if c < 0x20 {
			return 1
		}
		d.line = append(d.line, c)
		return 1
	}
}

// esc decodes an ESC command at the start of b (see step).
func (d *Decoder) esc(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	switch b[1] {
	case '@':
		d.flush(false)
		d.reset()
		return 2
	case '2':
		return 2
	case 'E', '-', 'M', 'a', 't', 'd', '!', 'J', 'G', '3', 'R', 'V', '{', 'c':
		if len(b) < 3 {
			return 0
		}
		d.escArg(b[1], b[2])
		return 3
	case 'p':
		if len(b) < 5 {
			return 0
		}
		d.page.Drawers++
		return 5
	case escpos.GS: // Star: ESC GS t n
		if len(b) < 4 {
			return 0
		}
		if b[2] == 't' {
			d.setStarTable(b[3])
		}
		return 4
	}
	return 2
}

// escArg applies ESC cmd n; the commands not listed change nothing the
// paper shows.
func (d *Decoder) escArg(cmd, n byte) {
	switch cmd {
	case 'E':
		d.bold = n&1 != 0
	case 'a':
		d.align = escpos.Align(n % 3)
	case 't':
		d.setTable(n)
	case 'd':
		d.flush(false)
		for i := 0; i < int(n); i++ {
			d.text("")
		}
	case '!':
		d.bold = n&0x08 != 0
		d.w, d.h = 1+int(n>>5&1), 1+int(n>>4&1)
	}
}

// gs decodes a GS command at the start of b (see step).
func (d *Decoder) gs(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	switch b[1] {
	case '!':
		if len(b) < 3 {
			return 0
		}
		d.w, d.h = 1+int(b[2]>>4&7), 1+int(b[2]&7)
		return 3
	case 'V':
		return d.cutCommand(b)
	case 'v':
		return d.raster(b)
	case '(':
		return d.gsParen(b)
	case 'B', 'H', 'L', 'W', 'f', 'h', 'w', 'a', 'r':
		if len(b) < 3 {
			return 0
		}
		return 3
	}
	return 2
}

// cutCommand decodes GS V m [n].
func (d *Decoder) cutCommand(b []byte) int {
	if len(b) < 3 {
		return 0
	}
	n := 3
	if b[2] == 65 || b[2] == 66 {
		if len(b) < 4 {
			return 0
		}
		n = 4
	}
	d.cut()
	return n
}

// raster decodes GS v 0, a 1-bit image.
func (d *Decoder) raster(b []byte) int {
	if len(b) < 8 {
		return 0
	}
	if b[2] != '0' {
		return 2
	}
	wb := int(b[4]) | int(b[5])<<8
	h := int(b[6]) | int(b[7])<<8
	size := wb * h
	if wb == 0 || h == 0 || wb > 512 || size > maxPending-8 {
		return 8 // nonsense header: skip it
	}
	if len(b) < 8+size {
		return 0
	}
	bm := &escpos.Bitmap{W: wb * 8, H: h, Pix: append([]byte(nil), b[8:8+size]...)}
	d.flush(false)
	d.page.Blocks = append(d.page.Blocks, Block{Kind: ImageBlock, Image: bm, Align: d.align})
	return 8 + size
}

// gsParen decodes GS ( k, the QR code functions; other GS ( functions are
// skipped whole.
func (d *Decoder) gsParen(b []byte) int {
	if len(b) < 5 {
		return 0
	}
	n := int(b[3]) | int(b[4])<<8
	if len(b) < 5+n {
		return 0
	}
	if b[2] == 'k' && n >= 3 && b[5] == 49 {
		switch b[6] {
		case 67:
			d.qrMod = max(1, min(16, int(b[7])))
		case 80:
			d.qr = string(b[8 : 5+n])
		case 81:
			d.flush(false)
			d.page.Blocks = append(d.page.Blocks, Block{Kind: QRBlock, QR: d.qr, Module: d.qrMod, Align: d.align})
		}
	}
	return 5 + n
}

func (d *Decoder) setTable(n byte) {
	switch n {
	case 2:
		d.table = charmap.CodePage850
	case 16:
		d.table = charmap.Windows1252
	case 19:
		d.table = charmap.CodePage858
	default:
		d.table = charmap.CodePage437
	}
}

func (d *Decoder) setStarTable(n byte) {
	switch n {
	case 4:
		d.table = charmap.CodePage858
	default:
		d.table = charmap.CodePage437
	}
}

// flush ends the current text line; with lf, an empty line prints too.
func (d *Decoder) flush(lf bool) {
	if len(d.line) == 0 && !lf {
		return
	}
	var s strings.Builder
	for _, c := range d.line {
		if c < 0x80 {
			s.WriteByte(c)
		} else {
			s.WriteRune(d.table.DecodeByte(c))
		}
	}
	d.line = d.line[:0]
	d.text(s.String())
}

func (d *Decoder) text(s string) {
	d.page.Blocks = append(d.page.Blocks, Block{Kind: TextBlock, Text: s, Align: d.align, Bold: d.bold, W: d.w, H: d.h})
}

func (d *Decoder) cut() {
	d.flush(false)
	d.cutNow = true // the page ends once the cut command is counted
}

package escpos

import (
	"bytes"
	"fmt"
	"image"
	"math"
	"sync"
	"unicode"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"

	"hanout/assets"
	"hanout/pos/bidi"
)

// NeedsRaster reports whether s holds text a printer's code table cannot
// print properly: Arabic (which needs joining and right-to-left order) or
// anything outside CP858.
func NeedsRaster(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Arabic, r) {
			return true
		}
	}
	return false
}

// TextRenderer shapes text with HarfBuzz (github.com/go-text/typesetting,
// the engine Fyne uses), lays it out with the Unicode bidirectional
// algorithm, and rasterises it to a 1-bit Bitmap for GS v 0. It is safe for
// concurrent use.
type TextRenderer struct {
	mu       sync.Mutex
	face     *font.Face
	fallback *font.Face
	shaper   shaping.HarfbuzzShaper
	seg      shaping.Segmenter
}

// NewTextRenderer loads a TrueType/OpenType font.
func NewTextRenderer(ttf []byte) (*TextRenderer, error) {
	face, err := font.ParseTTF(bytes.NewReader(ttf))
	if err != nil {
		return nil, fmt.Errorf("escpos: font: %w", err)
	}
	fb, err := font.ParseTTF(bytes.NewReader(goregular.TTF))
	if err != nil {
		return nil, fmt.Errorf("escpos: fallback font: %w", err)
	}
	return &TextRenderer{face: face, fallback: fb}, nil
}

var (
	arabicOnce sync.Once
	arabic     *TextRenderer
	arabicErr  error
)

// Arabic returns the renderer for the bundled Noto Sans Arabic font.
func Arabic() (*TextRenderer, error) {
	arabicOnce.Do(func() { arabic, arabicErr = NewTextRenderer(assets.ArabicRegular) })
	return arabic, arabicErr
}

// TextLine is one line to draw: Start goes at the start edge (right in a
// right-to-left line), End at the other edge; Center, when set, is centred
// and Start/End are ignored.
type TextLine struct {
	Start, End, Center string
	RTL                bool
	Px                 int // em size in dots; 0 = 24 (the height of font A)
	Bold               bool
}

// run is a shaped piece of a line in visual order.
type shapedLine struct {
	runs    []shaping.Output
	advance fixed.Int26_6
}

func (r *TextRenderer) shape(s string, px int, rtl bool) shapedLine {
	text := []rune(s)
	if len(text) == 0 {
		return shapedLine{}
	}
	// The levels come from the Unicode bidirectional algorithm with the
	// line's own direction (a French line stays left to right around an
	// Arabic name, whose letters and inner numbers still read right to
	// left); each level run is then split by script and font and shaped in
	// its direction, and rule L2 puts the pieces in visual order.
	para := bidi.LTR
	if rtl {
		para = bidi.RTL
	}
	levels, _ := bidi.Levels(text, para)
	for i, l := range levels { // a removed control joins its neighbour
		if l == bidi.Removed {
			levels[i] = 0
			if i > 0 {
				levels[i] = levels[i-1]
			} else if rtl {
				levels[i] = 1
			}
		}
	}
	var out shapedLine
	var runLevels []int
	for i := 0; i < len(text); {
		j := i
		for j < len(text) && levels[j] == levels[i] {
			j++
		}
		dir := di.DirectionLTR
		if levels[i]%2 == 1 {
			dir = di.DirectionRTL
		}
		in := shaping.Input{
			Text: text, RunStart: i, RunEnd: j,
			Direction: dir, Face: r.face, Size: fixed.I(px),
			Language: language.NewLanguage("ar"),
		}
		for _, run := range r.seg.Split(in, faces{r.face, r.fallback}) {
			o := r.shaper.Shape(run)
			out.runs = append(out.runs, o)
			out.advance += o.Advance
			runLevels = append(runLevels, int(levels[i]))
		}
		i = j
	}
	reorder(out.runs, runLevels)
	return out
}

// reorder puts runs from logical into visual order (Unicode rule L2:
// reverse every maximal sequence at or above each odd level, highest
// first). The segmenter hands runs over in logical order.
func reorder(runs []shaping.Output, levels []int) {
	maxL, minOdd := 0, math.MaxInt
	for _, l := range levels {
		maxL = max(maxL, l)
		if l%2 == 1 {
			minOdd = min(minOdd, l)
		}
	}
	for lvl := maxL; lvl >= minOdd && lvl > 0; lvl-- {
		for i := 0; i < len(runs); {
			if levels[i] < lvl {
				i++
				continue
			}
			j := i
			for j < len(runs) && levels[j] >= lvl {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				runs[a], runs[b] = runs[b], runs[a]
				levels[a], levels[b] = levels[b], levels[a]
			}
			i = j
		}
	}
}

// faces picks the Arabic font for every rune it has and Go Regular (which
// has Latin, the euro sign and ×) for the rest: product names and
// references stay readable inside an Arabic line.
type faces struct{ main, fallback *font.Face }

func (f faces) ResolveFace(r rune) *font.Face {
	if _, ok := f.main.NominalGlyph(r); ok || f.fallback == nil {
		return f.main
	}
	if _, ok := f.fallback.NominalGlyph(r); ok {
		return f.fallback
	}
	return f.main
}

// Render draws the line on a bitmap width dots wide, as tall as the font's
// line (ascent + descent). Text wider than the paper is scaled down to fit
// rather than cut.
func (r *TextRenderer) Render(l TextLine, width int) *Bitmap {
	r.mu.Lock()
	defer r.mu.Unlock()
	px := l.Px
	if px <= 0 {
		px = 24
	}
	margin := px / 3
	var parts []shapedLine
	total := fixed.Int26_6(0)
	if l.Center != "" {
		parts = []shapedLine{r.shape(l.Center, px, l.RTL && NeedsRaster(l.Center))}
		total = parts[0].advance
	} else {
		// A part without Arabic (an amount, a phone number) is laid out
		// left to right even in an Arabic line, so "+212 524" and
		// "14/03/26 16:42" keep their order.
		parts = []shapedLine{r.shape(l.Start, px, l.RTL && NeedsRaster(l.Start)), r.shape(l.End, px, l.RTL && NeedsRaster(l.End))}
		total = parts[0].advance + parts[1].advance + fixed.I(margin)
	}
	scale := float32(1)
	if w := float32(total) / 64; w > float32(width) && w > 0 {
		scale = float32(width) / w
	}
	ext, _ := r.face.FontHExtents()
	upem := float32(r.face.Upem())
	// Noto Sans Arabic's hhea line is very tall (room for stacked marks);
	// receipts use a tighter line that still holds every letter.
	ascent := int(math.Ceil(float64(ext.Ascender / upem * float32(px) * scale * 0.85)))
	descent := int(math.Ceil(float64(-ext.Descender / upem * float32(px) * scale * 0.8)))
	h := max(ascent+descent, 1)
	mask := image.NewAlpha(image.Rect(0, 0, width, h))
	ras := vector.NewRasterizer(width, h)

	draw := func(sl shapedLine, x float32) {
		for _, run := range sl.runs {
			for _, g := range run.Glyphs {
				gx := x + float32(g.XOffset)/64*scale
				gy := float32(ascent) - float32(g.YOffset)/64*scale
				r.drawGlyph(ras, run.Face, g.GlyphID, gx, gy, float32(px)/float32(run.Face.Upem())*scale)
				x += float32(g.XAdvance) / 64 * scale
			}
		}
	}
	adv := func(sl shapedLine) float32 { return float32(sl.advance) / 64 * scale }
	w := float32(width)
	if l.Center != "" {
		draw(parts[0], (w-adv(parts[0]))/2)
	} else {
		left, right := parts[0], parts[1] // LTR: Start left, End right
		if l.RTL {
			left, right = parts[1], parts[0]
		}
		draw(left, 0)
		draw(right, w-adv(right))
	}
	ras.Draw(mask, mask.Bounds(), image.Opaque, image.Point{})
	b := FromImage(mask)
	if l.Bold { // embolden by one dot: thermal heads print thin strokes faintly
		for y := 0; y < b.H; y++ {
			for x := b.W - 1; x > 0; x-- {
				if b.At(x-1, y) {
					b.Set(x, y)
				}
			}
		}
	}
	return b
}

// drawGlyph adds the outline of gid, scaled by s (dots per font unit), with
// its origin at (x, y) (y grows down on paper, up in the font).
func (r *TextRenderer) drawGlyph(ras *vector.Rasterizer, face *font.Face, gid font.GID, x, y, s float32) {
	data, ok := face.GlyphData(gid).(font.GlyphOutline)
	if !ok {
		return
	}
	open := false
	for _, seg := range data.Segments {
		p := func(i int) (float32, float32) { return x + seg.Args[i].X*s, y - seg.Args[i].Y*s }
		switch seg.Op {
		case ot.SegmentOpMoveTo:
			if open {
				ras.ClosePath()
			}
			ras.MoveTo(p(0))
			open = true
		case ot.SegmentOpLineTo:
			ras.LineTo(p(0))
		case ot.SegmentOpQuadTo:
			ax, ay := p(0)
			bx, by := p(1)
			ras.QuadTo(ax, ay, bx, by)
		case ot.SegmentOpCubeTo:
			ax, ay := p(0)
			bx, by := p(1)
			cx, cy := p(2)
			ras.CubeTo(ax, ay, bx, by, cx, cy)
		}
	}
	if open {
		ras.ClosePath()
	}
}

// Trim drops blank rows above and below the ink, keeping pad rows of white
// on each side, to save wire time. A blank bitmap keeps one row.
func (b *Bitmap) Trim(pad int) *Bitmap {
	stride := b.Stride()
	blank := func(y int) bool {
		for _, v := range b.Pix[y*stride : (y+1)*stride] {
			if v != 0 {
				return false
			}
		}
		return true
	}
	top, bot := 0, b.H
	for top < bot && blank(top) {
		top++
	}
	for bot > top && blank(bot-1) {
		bot--
	}
	if top == bot {
		return NewBitmap(b.W, 1)
	}
	top, bot = max(0, top-pad), min(b.H, bot+pad)
	return &Bitmap{W: b.W, H: bot - top, Pix: append([]byte(nil), b.Pix[top*stride:bot*stride]...)}
}

// CropX drops the blank byte columns left and right of the ink (a blank
// bitmap keeps one byte). With ESC a, a cropped image is placed like text
// and costs only the bytes of its ink.
func (b *Bitmap) CropX() *Bitmap {
	stride := b.Stride()
	lo, hi := stride, 0
	for y := 0; y < b.H; y++ {
		for x, v := range b.Pix[y*stride : (y+1)*stride] {
			if v != 0 {
				lo, hi = min(lo, x), max(hi, x+1)
			}
		}
	}
	if lo >= hi {
		lo, hi = 0, 1
	}
	out := &Bitmap{W: (hi - lo) * 8, H: b.H, Pix: make([]byte, 0, (hi-lo)*b.H)}
	for y := 0; y < b.H; y++ {
		out.Pix = append(out.Pix, b.Pix[y*stride+lo:y*stride+hi]...)
	}
	return out
}

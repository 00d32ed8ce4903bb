package ui

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/go-text/render"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"

	"hanout/pos"
	"hanout/pos/i18n"
)

// refFaces picks fonts as Fyne's font map does with the till's theme: the
// bundled Arabic font for every rune it has, Fyne's Noto Sans for the rest.
type refFaces []*font.Face

func (f refFaces) ResolveFace(r rune) *font.Face {
	for _, face := range f {
		if _, ok := face.NominalGlyph(r); ok {
			return face
		}
	}
	return f[0]
}

func parseFace(t *testing.T, r fyne.Resource) *font.Face {
	t.Helper()
	f, err := font.ParseTTF(bytesReader(r.Content()))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// reference draws logical text the way a renderer with full bidi support
// does, independently of pos/bidi: go-text's segmenter splits an Arabic
// (right-to-left) paragraph into runs with their directions (x/text's
// bidi), each run is shaped by HarfBuzz in its direction, and rule L2
// puts the runs in visual order (runs at level 1 or 2: LTR runs keep their
// order, the whole line is reversed). The receipt raster lays lines out
// the same way.
func reference(t *testing.T, s string, size float32) *image.RGBA {
	faces := refFaces{parseFace(t, arabicRegular), parseFace(t, theme.DefaultTextFont())}
	text := []rune(s)
	in := shaping.Input{Text: text, RunStart: 0, RunEnd: len(text), Direction: di.DirectionRTL,
		Face: faces.ResolveFace(' '), Size: fixed.Int26_6(size * 64)}
	var seg shaping.Segmenter
	var shaper shaping.HarfbuzzShaper
	var runs []shaping.Output
	var levels []int
	for _, run := range seg.Split(in, faces) {
		runs = append(runs, shaper.Shape(run))
		l := 1
		if run.Direction.Progression() != di.TowardTopLeft {
			l = 2
		}
		levels = append(levels, l)
	}
	for lvl := 2; lvl >= 1; lvl-- { // L2
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
	img := image.NewRGBA(image.Rect(0, 0, 1200, 100))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	r := render.Renderer{FontSize: size, PixScale: 1, Color: color.Black}
	x := float32(10)
	y := -1
	for _, run := range runs {
		if y < 0 {
			y = int(math.Ceil(float64(run.LineBounds.Ascent)/64)) + 20
		}
		r.DrawShapedRunAt(run, img, int(x), y)
		x += float32(run.Advance) / 64
	}
	return img
}

// onFyne draws what the till hands to a label, on the Fyne test driver.
func onFyne(t *testing.T, shown string) image.Image {
	w := test.NewWindow(widget.NewLabel(shown))
	defer w.Close()
	w.Resize(fyne.NewSize(1200, 100))
	return w.Canvas().Capture()
}

// inkColumns is, for each column of the ink's bounding box, how many
// pixels are ink (darker than mid-grey).
func inkColumns(img image.Image) []int {
	b := img.Bounds()
	lum := func(x, y int) uint32 {
		r, g, bl, _ := img.At(x, y).RGBA()
		return (r + g + bl) / 3
	}
	// Ink is darker than halfway between the background (the corner) and
	// the darkest pixel, whatever the theme's colours.
	dark := uint32(0xffff)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			dark = min(dark, lum(x, y))
		}
	}
	mid := (lum(b.Min.X, b.Min.Y) + dark) / 2
	ink := func(x, y int) bool { return lum(x, y) < mid }
	minX, maxX := b.Max.X, b.Min.X-1
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if ink(x, y) {
				minX, maxX = min(minX, x), max(maxX, x)
			}
		}
	}
	var cols []int
	for x := minX; x <= maxX; x++ {
		n := 0
		for y := b.Min.Y; y < b.Max.Y; y++ {
			if ink(x, y) {
				n++
			}
		}
		cols = append(cols, n)
	}
	return cols
}

// profileDistance compares two ink profiles: 0 for the same drawing, about
// 1 for unrelated ones. A one-pixel shift of the same glyphs costs little
// because each column is compared with its best neighbour.
func profileDistance(a, b []int) float64 {
	n := max(len(a), len(b))
	at := func(p []int, i int) int {
		if i < 0 || i >= len(p) {
			return 0
		}
		return p[i]
	}
	diff, total := 0, 0
	for i := 0; i < n; i++ {
		best := math.MaxInt
		for d := -1; d <= 1; d++ {
			best = min(best, abs(at(a, i)-at(b, i+d)))
		}
		diff += best
		total += at(a, i)
	}
	if total == 0 {
		return 1
	}
	return float64(diff) / float64(total)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// The strings of issue 13, a product name with brackets and a percentage
// render on the Fyne test driver in the order a full bidi renderer draws
// them. Before the till ordered text itself, Fyne drew the runs in logical
// order: "د.م.50,00المدفوع:".
func TestArabicRendersInReadingOrder(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(Theme{})
	size := theme.TextSize()
	ar := func(key string, args ...any) string { return i18n.T(pos.AR, key, args...) }
	for _, s := range []string{
		ar("ui.pay.paid", pos.Money(5000).Format(pos.AR)),
		ar("ui.pay.done", 64),
		"البطاقة و QR",
		ar("ui.status.shift_open", "64fa1f8b"),
		"(64fa1f8b)",
		ar("ui.receipt.total") + "  " + pos.Money(60000).Format(pos.AR),
		"أملو 250 غ (Amlou)",
		ar("ui.report.tax", pos.TaxRate(2000).Percent()),
		ar("ui.tender.cash") + " " + pos.Money(100200).Format(pos.AR) + " (" + ar("ui.pay.given_change", pos.Money(110000).Format(pos.AR), pos.Money(9800).Format(pos.AR)) + ")",
	} {
		want := inkColumns(reference(t, s, size))
		got := inkColumns(onFyne(t, visual(pos.AR, s)))
		if os.Getenv("HANOUT_RENDER_RAW") != "" {
			t.Logf("%q as given, unordered: distance %.3f", s, profileDistance(inkColumns(onFyne(t, s)), want))
		}
		d := profileDistance(got, want)
		if d > 0.12 || abs(len(got)-len(want)) > 3 {
			t.Errorf("%q: drawn %d px wide, reference %d px; distance %.2f", s, len(got), len(want), d)
			if dir := os.Getenv("HANOUT_RENDER_DIR"); dir != "" {
				savePNG(t, filepath.Join(dir, "fyne.png"), onFyne(t, visual(pos.AR, s)))
				savePNG(t, filepath.Join(dir, "reference.png"), reference(t, s, size))
			}
		} else {
			t.Logf("%q: distance %.3f", s, d)
		}
	}
}

func savePNG(t *testing.T, path string, img image.Image) {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	png.Encode(f, img)
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }

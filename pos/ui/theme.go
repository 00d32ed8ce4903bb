package ui

import (
	"encoding/binary"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"hanout/assets"
)

// Terracotta and the category palette give the till its souk colours.
var (
	terracotta = color.NRGBA{R: 0xC0, G: 0x5A, B: 0x32, A: 0xFF}
	palette    = []color.NRGBA{
		{R: 0xC0, G: 0x5A, B: 0x32, A: 0xFF}, // terracotta
		{R: 0x1F, G: 0x6F, B: 0x8B, A: 0xFF}, // Majorelle-ish blue
		{R: 0x2E, G: 0x7D, B: 0x4F, A: 0xFF}, // mint green
		{R: 0xB8, G: 0x86, B: 0x0B, A: 0xFF}, // saffron
		{R: 0x7B, G: 0x3F, B: 0x8C, A: 0xFF}, // aubergine
		{R: 0x8C, G: 0x4A, B: 0x2F, A: 0xFF}, // leather
		{R: 0x3A, G: 0x5A, B: 0x9B, A: 0xFF}, // indigo
		{R: 0xA8, G: 0x32, B: 0x4E, A: 0xFF}, // pomegranate
	}
)

var (
	arabicRegular = fyne.NewStaticResource("NotoSansArabic-Regular.ttf", tightLines(assets.ArabicRegular))
	arabicBold    = fyne.NewStaticResource("NotoSansArabic-Bold.ttf", tightLines(assets.ArabicBold))
)

// tightLines returns a copy of a TrueType font whose line metrics are
// brought from Noto Sans Arabic's 1.374/−0.738 em (room for stacked
// diacritics) to 1.10/−0.45 em. Fyne sizes every line from the first font's
// metrics, so without this each label would be half as tall again as with
// Fyne's own Noto Sans and far fewer cart lines would fit. The letters of
// the UI's (unvowelled) Arabic fit in the new box. The file in assets/ is
// not changed; a font without the tables is returned as is.
func tightLines(ttf []byte) []byte {
	var asc, desc int16 = 1100, -450
	b := append([]byte(nil), ttf...)
	if len(b) < 12 {
		return ttf
	}
	n := int(binary.BigEndian.Uint16(b[4:6]))
	for i := 0; i < n && 12+16*i+16 <= len(b); i++ {
		rec := b[12+16*i:]
		tag := string(rec[0:4])
		off := int(binary.BigEndian.Uint32(rec[8:12]))
		switch {
		case tag == "hhea" && off+10 <= len(b):
			binary.BigEndian.PutUint16(b[off+4:], uint16(asc))
			binary.BigEndian.PutUint16(b[off+6:], uint16(desc))
		case tag == "OS/2" && off+78 <= len(b):
			binary.BigEndian.PutUint16(b[off+68:], uint16(asc))
			binary.BigEndian.PutUint16(b[off+70:], uint16(desc))
			binary.BigEndian.PutUint16(b[off+74:], uint16(asc))
			binary.BigEndian.PutUint16(b[off+76:], uint16(-desc))
		}
	}
	return b
}

// Theme is the till's look: the default Fyne theme with the bundled Noto
// Sans Arabic as first text font (Fyne falls back glyph by glyph to its own
// Noto Sans for Latin letters the Arabic font lacks), larger text and
// padding so every target is at least 48 px, and terracotta accents.
type Theme struct{}

var _ fyne.Theme = Theme{}

func (Theme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNamePrimary, theme.ColorNameFocus:
		if n == theme.ColorNameFocus {
			return color.NRGBA{R: 0xC0, G: 0x5A, B: 0x32, A: 0x80}
		}
		return terracotta
	case theme.ColorNameSelection:
		return color.NRGBA{R: 0xC0, G: 0x5A, B: 0x32, A: 0x40}
	}
	return theme.DefaultTheme().Color(n, theme.VariantLight)
}

func (Theme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Monospace || s.Symbol || s.Italic {
		return theme.DefaultTheme().Font(s)
	}
	if s.Bold {
		return arabicBold
	}
	return arabicRegular
}

func (Theme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

func (Theme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return 16
	case theme.SizeNameInnerPadding:
		return 12
	case theme.SizeNamePadding:
		return 5
	case theme.SizeNameInlineIcon:
		return 24
	case theme.SizeNameHeadingText:
		return 26
	case theme.SizeNameSubHeadingText:
		return 20
	case theme.SizeNameScrollBar:
		return 14
	case theme.SizeNameInputRadius, theme.SizeNameSelectionRadius:
		return 6
	}
	return theme.DefaultTheme().Size(n)
}

package ui

import (
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
	arabicRegular = fyne.NewStaticResource("NotoSansArabic-Regular.ttf", assets.ArabicRegular)
	arabicBold    = fyne.NewStaticResource("NotoSansArabic-Bold.ttf", assets.ArabicBold)
)

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

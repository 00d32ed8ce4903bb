package ui

import (
	"bytes"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/go-text/typesetting/font"

	"hanout/assets"
	"hanout/pos"
	"hanout/pos/bidi"
)

var (
	arabicFaceOnce sync.Once
	arabicFace     *font.Face
)

// inArabicFont reports whether the theme's first font (Noto Sans Arabic)
// draws r: where it does not, Fyne falls back to its Latin font and starts
// a new run, which the visual order must know about.
func inArabicFont(r rune) bool {
	arabicFaceOnce.Do(func() {
		arabicFace, _ = font.ParseTTF(bytes.NewReader(assets.ArabicRegular))
	})
	if arabicFace == nil {
		return true
	}
	_, ok := arabicFace.NominalGlyph(r)
	return ok
}

// visual is s in visual order for a widget on a screen in language l.
func visual(l pos.Lang, s string) string {
	dir := bidi.LTR
	if l == pos.AR {
		dir = bidi.RTL
	}
	return bidi.Visual(s, dir, inArabicFont)
}

// Visual is s, logical text in language l, in visual order for a Fyne
// widget: for screens built outside this package (pos/ui/devices). Apply
// it once, where the text is handed to the widget.
func Visual(l pos.Lang, s string) string { return visual(l, s) }

// paraLabel is a label that cuts its lines itself on Arabic screens: Fyne
// wraps and truncates the string it is given, which there is in visual
// order, so the lines would come in the wrong order and the cut at the
// wrong end. It takes visual text like any widget (u.t, u.v), gets the
// logical text back, wraps it to its width (or truncates it with an
// ellipsis at its logical end), and orders each line. Elsewhere it is a
// plain Fyne label with word wrapping or truncation.
type paraLabel struct {
	widget.Label
	rtl      bool
	truncate bool    // one line, cut with "…"
	text     string  // as given, in visual order
	width    float32 // the width the lines were cut for
	lang     pos.Lang
}

func (u *UI) newParaLabel(s string, truncate bool) *paraLabel { return newPara(u.lang, s, truncate) }

// Paragraph is the wrapping label of this package for screens built
// outside it (pos/ui/devices): its SetText takes visual text (Visual), and
// on Arabic screens it wraps the logical text, then orders each line.
type Paragraph = paraLabel

// NewParagraph is a wrapping label showing logical text s of language l.
func NewParagraph(l pos.Lang, s string) *Paragraph { return newPara(l, visual(l, s), false) }

func newPara(lang pos.Lang, s string, truncate bool) *paraLabel {
	l := &paraLabel{rtl: lang == pos.AR, truncate: truncate, lang: lang, width: 400}
	l.ExtendBaseWidget(l)
	switch {
	case l.rtl:
		l.Alignment = fyne.TextAlignTrailing
	case truncate:
		l.Truncation = fyne.TextTruncateEllipsis
	default:
		l.Wrapping = fyne.TextWrapWord
	}
	l.SetText(s)
	return l
}

// wrapLabel is a label whose text wraps at its width.
func (u *UI) wrapLabel(s string) *paraLabel { return u.newParaLabel(s, false) }

// lineLabel is a one-line label cut with an ellipsis when too long.
func (u *UI) lineLabel(s string) *paraLabel { return u.newParaLabel(s, true) }

// SetText sets the label's text, in visual order as for any widget.
func (l *paraLabel) SetText(s string) {
	l.text = s
	if !l.rtl {
		l.Label.SetText(s)
		return
	}
	l.Label.SetText(l.cut(l.width))
}

// Resize cuts the lines again for the new width.
func (l *paraLabel) Resize(size fyne.Size) {
	if l.rtl && size.Width > 0 && size.Width != l.width {
		l.width = size.Width
		if s := l.cut(size.Width); s != l.Label.Text {
			l.Label.Text = s
			l.Label.Refresh()
		}
	}
	l.Label.Resize(size)
}

// MinSize lets the label be narrower than its text on Arabic screens, as
// Fyne's wrapping label does.
func (l *paraLabel) MinSize() fyne.Size {
	m := l.Label.MinSize()
	if l.rtl {
		m.Width = min(m.Width, 2*theme.InnerPadding()+48)
	}
	return m
}

// cut is the label's text wrapped (or truncated) to width, each line in
// visual order.
func (l *paraLabel) cut(width float32) string {
	logical := bidi.Logical(l.text)
	size := theme.TextSize()
	if l.SizeName != "" {
		size = theme.Size(l.SizeName)
	}
	avail := width - 2*theme.InnerPadding()
	fits := func(s string) bool { return fyne.MeasureText(s, size, l.TextStyle).Width <= avail }
	var lines []string
	for _, para := range strings.Split(logical, "\n") {
		if l.truncate {
			lines = append(lines, truncateEnd(para, fits))
			break
		}
		lines = append(lines, wrapWords(para, fits)...)
	}
	for i, s := range lines {
		lines[i] = visual(l.lang, s)
	}
	return strings.Join(lines, "\n")
}

// wrapWords cuts s into lines at spaces, as many words to a line as fit;
// a word too long for a line stands alone.
func wrapWords(s string, fits func(string) bool) []string {
	words := strings.Fields(s)
	if len(words) == 0 {
		return []string{""}
	}
	var lines []string
	line := words[0]
	for _, w := range words[1:] {
		if fits(line + " " + w) {
			line += " " + w
			continue
		}
		lines = append(lines, line)
		line = w
	}
	return append(lines, line)
}

// truncateEnd is s cut at its logical end with "…" so it fits.
func truncateEnd(s string, fits func(string) bool) string {
	if fits(s) {
		return s
	}
	rs := []rune(s)
	for n := len(rs) - 1; n > 0; n-- {
		if t := strings.TrimSpace(string(rs[:n])) + "…"; fits(t) {
			return t
		}
	}
	return "…"
}

// VisibleText is the text the label shows (in visual order), for tests
// that read the screen.
func (l *paraLabel) VisibleText() string { return l.Label.Text }

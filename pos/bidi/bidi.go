// Package bidi puts text in visual order for a renderer that draws runs
// left to right in logical order, as Fyne 2.7 does (its painter splits a
// string into runs with golang.org/x/text/unicode/bidi and go-text, shapes
// each run, but never reorders them).
//
// Levels resolves the embedding levels of a paragraph with the Unicode
// Bidirectional Algorithm on golang.org/x/text/unicode/bidi's character
// classes: text without explicit controls by this package's own rules
// W1–W7, N0–N2, I1–I2 and L1 (x/text exposes no levels, cannot force a
// left-to-right paragraph and pairs some brackets wrongly), text with them
// through x/text's resolver. Reorder applies rule L2, Visual builds the
// string to hand to a widget and Logical undoes it.
//
// Pure Go, no Fyne: the ui package passes the font's glyph coverage in;
// the receipt raster (drivers/escpos) uses Levels to lay out its runs.
package bidi

import (
	"slices"
	"strings"
	"unicode"

	xbidi "golang.org/x/text/unicode/bidi"
)

// Direction is a paragraph direction.
type Direction int

const (
	// Auto takes the direction of the first strong letter (rules P2, P3),
	// left to right when there is none.
	Auto Direction = iota
	LTR
	RTL
)

// Removed is the level of a character rule X9 removes (embedding and
// override controls, boundary neutrals such as U+200D): it has no place in
// the visual order.
const Removed = -1

const (
	lrm = '\u200e'
	rlm = '\u200f'
)

func class(r rune) xbidi.Class {
	p, _ := xbidi.LookupRune(r)
	return p.Class()
}

func removedByX9(c xbidi.Class) bool {
	switch c {
	case xbidi.RLE, xbidi.LRE, xbidi.RLO, xbidi.LRO, xbidi.PDF, xbidi.BN:
		return true
	}
	return false
}

func isolateInitiator(c xbidi.Class) bool {
	return c == xbidi.LRI || c == xbidi.RLI || c == xbidi.FSI
}

// paragraphLevel is rules P2 and P3: the level of the first strong letter
// outside isolates, 0 when there is none.
func paragraphLevel(cls []xbidi.Class) int8 {
	depth := 0
	for _, c := range cls {
		switch {
		case isolateInitiator(c):
			depth++
		case c == xbidi.PDI:
			if depth > 0 {
				depth--
			}
		case depth > 0:
		case c == xbidi.L:
			return 0
		case c == xbidi.R || c == xbidi.AL:
			return 1
		}
	}
	return 0
}

// Levels resolves the embedding level of every rune of text, one line of
// one paragraph, in the paragraph direction dir. A paragraph separator
// (U+2029, a newline) ends a paragraph: the text after it is resolved as a
// new paragraph of the same direction. Characters removed by rule X9 get
// Removed. para is the level of the (first) paragraph.
//
// Text without explicit embedding, override or isolate controls is
// resolved exactly (checked against BidiCharacterTest.txt); with them the
// levels of numbers in a left-to-right paragraph and the depth of nested
// levels are approximate.
func Levels(text []rune, dir Direction) (levels []int8, para int8) {
	levels = make([]int8, len(text))
	cls := make([]xbidi.Class, len(text))
	for i, r := range text {
		cls[i] = class(r)
	}
	first := true
	for start := 0; start <= len(text); {
		end := start
		for end < len(text) && cls[end] != xbidi.B {
			end++
		}
		p := resolve(text[start:end], cls[start:end], dir, levels[start:end])
		if first {
			para, first = p, false
		}
		if end < len(text) { // the separator itself: paragraph level (L1)
			levels[end] = p
		}
		start = end + 1
	}
	return levels, para
}

// resolve fills levels for one paragraph without separators.
func resolve(text []rune, cls []xbidi.Class, dir Direction, levels []int8) int8 {
	var p int8
	switch dir {
	case LTR:
		p = 0
	case RTL:
		p = 1
	default:
		p = paragraphLevel(cls)
	}
	if len(text) == 0 {
		return p
	}
	explicit := false
	for _, c := range cls {
		switch c {
		case xbidi.LRE, xbidi.RLE, xbidi.LRO, xbidi.RLO, xbidi.PDF, xbidi.LRI, xbidi.RLI, xbidi.FSI, xbidi.PDI:
			explicit = true
		}
	}
	if !explicit {
		resolvePlain(text, cls, p, levels)
		return p
	}
	// With explicit controls, x/text's levels (by direction only) and the
	// numbers' level in a left-to-right paragraph stand in for them.
	// x/text forces a paragraph level only for right to left; a leading
	// LRM acts exactly as the start of a left-to-right paragraph (it is a
	// strong L like sos) and makes P2 pick level 0.
	var xp xbidi.Paragraph
	off := 0
	if p == 1 {
		_, _ = xp.SetString(string(text), xbidi.DefaultDirection(xbidi.RightToLeft))
	} else {
		_, _ = xp.SetString(string(lrm)+string(text), xbidi.DefaultDirection(xbidi.LeftToRight))
		off = 1
	}
	odd := make([]bool, len(text))
	if o, err := xp.Order(); err == nil {
		for i := 0; i < o.NumRuns(); i++ {
			run := o.Run(i)
			if run.Direction() != xbidi.RightToLeft {
				continue
			}
			s, e := run.Pos()
			for j := s - off; j <= e-off; j++ {
				if j >= 0 && j < len(odd) {
					odd[j] = true
				}
			}
		}
	}
	var number []bool
	if p == 0 {
		number = numbers(cls)
	}
	for i := range text {
		switch {
		case removedByX9(cls[i]):
			levels[i] = Removed
		case odd[i]:
			levels[i] = 1
		case p == 1 || number[i]:
			levels[i] = 2
		default:
			levels[i] = 0
		}
	}
	return p
}

// numbers reports, in a left-to-right paragraph, which characters end up
// as European or Arabic numbers after the weak-type rules: rule I1 raises
// those to level 2 while other left-to-right characters stay at 0. x/text
// computes this but only tells the direction of each run.
func numbers(cls []xbidi.Class) []bool {
	idx, t := kept(cls)
	weak(t, xbidi.L)
	out := make([]bool, len(cls))
	for i, c := range t {
		out[idx[i]] = c == xbidi.EN || c == xbidi.AN
	}
	return out
}

// kept lists the characters rule X9 keeps: their indexes and classes.
func kept(cls []xbidi.Class) (idx []int, t []xbidi.Class) {
	idx = make([]int, 0, len(cls))
	t = make([]xbidi.Class, 0, len(cls))
	for i, c := range cls {
		if !removedByX9(c) {
			idx = append(idx, i)
			t = append(t, c)
		}
	}
	return idx, t
}

// weak applies rules W1–W7 to one isolating run sequence starting with
// sos; separators and terminators left over become ON (W6).
func weak(t []xbidi.Class, sos xbidi.Class) {
	weakW1(t, sos)
	weakW2W3(t, sos)
	weakW4(t)
	weakW5(t)
	weakW6(t)
	weakW7(t, sos)
}

// weakW1: a nonspacing mark takes the class of the character before it
// (sos at the start, ON after an isolate initiator or PDI).
func weakW1(t []xbidi.Class, sos xbidi.Class) {
	for i, c := range t {
		if c != xbidi.NSM {
			continue
		}
		switch {
		case i == 0:
			t[i] = sos
		case isolateInitiator(t[i-1]) || t[i-1] == xbidi.PDI:
			t[i] = xbidi.ON
		default:
			t[i] = t[i-1]
		}
	}
}

// weakW2W3: a European number after Arabic letters is an Arabic number
// (W2), then Arabic letters become R (W3).
func weakW2W3(t []xbidi.Class, sos xbidi.Class) {
	last := sos
	for i, c := range t {
		switch c {
		case xbidi.L, xbidi.R, xbidi.AL:
			last = c
		case xbidi.EN:
			if last == xbidi.AL {
				t[i] = xbidi.AN
			}
		}
		if c == xbidi.AL {
			t[i] = xbidi.R
		}
	}
}

// weakW4: one separator between two numbers of the same kind takes
// their class.
func weakW4(t []xbidi.Class) {
	for i := 1; i+1 < len(t); i++ {
		a, b := t[i-1], t[i+1]
		switch {
		case t[i] == xbidi.ES && a == xbidi.EN && b == xbidi.EN:
			t[i] = xbidi.EN
		case t[i] == xbidi.CS && a == b && (a == xbidi.EN || a == xbidi.AN):
			t[i] = a
		}
	}
}

// weakW5: a run of terminators next to a European number becomes EN.
func weakW5(t []xbidi.Class) {
	for i := 0; i < len(t); {
		if t[i] != xbidi.ET {
			i++
			continue
		}
		j := i
		for j < len(t) && t[j] == xbidi.ET {
			j++
		}
		if i > 0 && t[i-1] == xbidi.EN || j < len(t) && t[j] == xbidi.EN {
			for k := i; k < j; k++ {
				t[k] = xbidi.EN
			}
		}
		i = j
	}
}

// weakW6: separators and terminators left over become ON.
func weakW6(t []xbidi.Class) {
	for i, c := range t {
		if c == xbidi.ES || c == xbidi.ET || c == xbidi.CS {
			t[i] = xbidi.ON
		}
	}
}

// weakW7: a European number after L (or sos L) becomes L.
func weakW7(t []xbidi.Class, sos xbidi.Class) {
	last := sos
	for i, c := range t {
		switch c {
		case xbidi.L, xbidi.R:
			last = c
		case xbidi.EN:
			if last == xbidi.L {
				t[i] = xbidi.L
			}
		}
	}
}

// Reorder is rule L2: the indexes of the characters in visual order, left
// to right, given their levels. Removed characters are left out.
func Reorder(levels []int8) []int {
	order := make([]int, 0, len(levels))
	lv := make([]int8, 0, len(levels))
	for i, l := range levels {
		if l != Removed {
			order = append(order, i)
			lv = append(lv, l)
		}
	}
	reorder(lv, func(i, j int) { order[i], order[j] = order[j], order[i] })
	return order
}

// reorder reverses, from the highest level down to the lowest odd one,
// every maximal sequence at that level or above; swap mirrors the moves.
func reorder(lv []int8, swap func(i, j int)) {
	var hi int8
	lowOdd := int8(127)
	for _, l := range lv {
		hi = max(hi, l)
		if l%2 == 1 {
			lowOdd = min(lowOdd, l)
		}
	}
	for level := hi; level >= lowOdd && level > 0; level-- {
		for i := 0; i < len(lv); {
			if lv[i] < level {
				i++
				continue
			}
			j := i
			for j < len(lv) && lv[j] >= level {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				lv[a], lv[b] = lv[b], lv[a]
				swap(a, b)
			}
			i = j
		}
	}
}

// Strip removes the direction marks and embedding, override and isolate
// controls from s (U+200E, U+200F, U+061C, U+202A–U+202E, U+2066–U+2069).
func Strip(s string) string {
	if !strings.ContainsFunc(s, isMark) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isMark(r) {
			return -1
		}
		return r
	}, s)
}

func isMark(r rune) bool {
	return r == lrm || r == rlm || r == '\u061c' || r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069'
}

// HasRTL reports whether s holds a right-to-left letter or an Arabic
// number.
func HasRTL(s string) bool {
	for _, r := range s {
		if r < 0x0590 {
			continue
		}
		switch class(r) {
		case xbidi.R, xbidi.AL, xbidi.AN:
			return true
		}
	}
	return false
}

// piece is a stretch of one line drawn as one run: logical order inside.
type piece struct {
	text  []rune
	level int8
	mark  rune
}

// Visual returns s ready for a renderer that shapes each run in its own
// direction but places runs left to right in logical order (Fyne 2.7):
// direction marks already in s are removed; each line (split at '\n') is
// resolved with paragraph direction dir; its level runs are put in visual
// order; a right-to-left run is cut where the renderer changes font
// (inFont reports the runes the first font has; nil means all), a space at
// such a cut standing alone; every piece keeps its logical order inside
// and is wrapped in RLM (right to left) or LRM (the others) so the
// renderer finds exactly the same runs. The renderer shapes and mirrors
// inside right-to-left runs itself.
//
// Apply it exactly once, where text is handed to a widget: a second pass
// scrambles the text. A line with no right-to-left letter in a paragraph
// that is not RTL comes back unchanged.
func Visual(s string, dir Direction, inFont func(rune) bool) string {
	s = Strip(s)
	if dir != RTL && !HasRTL(s) {
		return s
	}
	lines := strings.Split(s, "\n")
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i, line := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		visualLine(&b, []rune(line), dir, inFont)
	}
	return b.String()
}

func visualLine(b *strings.Builder, text []rune, dir Direction, inFont func(rune) bool) {
	if len(text) == 0 {
		return
	}
	levels, para := Levels(text, dir)
	for i, l := range levels { // a removed control stays inside its run
		if l == Removed {
			levels[i] = para
			if i > 0 {
				levels[i] = levels[i-1]
			}
		}
	}
	var pieces []piece
	add := func(p piece) {
		if len(p.text) > 0 {
			pieces = append(pieces, p)
		}
	}
	for i := 0; i < len(text); {
		j := i
		for j < len(text) && levels[j] == levels[i] {
			j++
		}
		run, level := text[i:j], levels[i]
		if level%2 == 0 {
			add(piece{run, level, lrm})
		} else {
			for _, p := range cutByFont(run, inFont) {
				p.level = level
				add(p)
			}
		}
		i = j
	}
	lv := make([]int8, len(pieces))
	for i, p := range pieces {
		lv[i] = p.level
	}
	reorder(lv, func(i, j int) { pieces[i], pieces[j] = pieces[j], pieces[i] })
	for _, p := range pieces {
		b.WriteRune(p.mark)
		b.WriteString(string(p.text))
		b.WriteRune(p.mark)
	}
}

// face of a rune for cutting: 1 the first font, 2 another, 0 a space (the
// renderer keeps the current font for it).
func face(r rune, inFont func(rune) bool) int {
	switch {
	case unicode.IsSpace(r) || unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r):
		return 0
	case inFont == nil || inFont(r):
		return 1
	}
	return 2
}

// cutByFont splits a right-to-left run where the font changes; spaces
// that do not sit inside a stretch of one font (or end the run) become a
// piece of their own, marked LRM so the renderer does not glue them to
// (and reverse them with) a neighbour.
func cutByFont(run []rune, inFont func(rune) bool) []piece {
	var out []piece
	start, cur := 0, 0 // cur: face of the piece being built, 0 = none yet
	for i := 0; i < len(run); {
		f := face(run[i], inFont)
		if f != 0 {
			if cur != 0 && f != cur {
				out = append(out, piece{text: run[start:i], mark: rlm})
				start = i
			}
			cur = f
			i++
			continue
		}
		j := i
		for j < len(run) && face(run[j], inFont) == 0 {
			j++
		}
		next := 0
		if j < len(run) {
			next = face(run[j], inFont)
		}
		// A renderer gives a space the font of whatever precedes it in
		// the string (the first font at the start of a run), and in
		// visual order a piece is preceded by the logically next one: a
		// space stays in its piece only inside a stretch of one font or
		// at the logical end of the run; elsewhere it stands alone.
		if next != 0 && (cur == 0 || next != cur) {
			if i > start {
				out = append(out, piece{text: run[start:i], mark: rlm})
			}
			out = append(out, piece{text: run[i:j], mark: lrm})
			start, cur = j, 0
		}
		i = j
	}
	return append(out, piece{text: run[start:], mark: rlm})
}

// Logical undoes Visual for text laid out in a right-to-left paragraph:
// each line's pieces (runs wrapped in RLM or LRM) come back in logical
// order, without their marks. A line without marks is returned as it is.
// Widgets that cut text into lines themselves (wrapping, truncation) use
// it to get back to the logical text they must cut.
func Logical(s string) string {
	if !strings.ContainsRune(s, lrm) && !strings.ContainsRune(s, rlm) {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, line := range lines {
		var pieces []string
		rs := []rune(line)
		for j := 0; j < len(rs); {
			m := rs[j]
			if m != lrm && m != rlm { // text outside any piece
				k := j
				for k < len(rs) && rs[k] != lrm && rs[k] != rlm {
					k++
				}
				pieces = append(pieces, string(rs[j:k]))
				j = k
				continue
			}
			k := j + 1
			for k < len(rs) && rs[k] != m {
				k++
			}
			pieces = append(pieces, string(rs[j+1:min(k, len(rs))]))
			j = k + 1
		}
		slices.Reverse(pieces)
		lines[i] = strings.Join(pieces, "")
	}
	return strings.Join(lines, "\n")
}

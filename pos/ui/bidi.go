package ui

import "strings"

// Fyne 2.7 lays a label out as one left-to-right paragraph split into runs
// by script, and the segmenter drops or misplaces the spaces and neutral
// punctuation at the edges of an Arabic run: "المتوقع: 604,00 د.م." came
// out as "د.م.604,00المتوقع:". Marking each edge of an Arabic run with a
// left-to-right mark (U+200E) makes the neutrals around it belong to the
// Latin and number runs, which keeps them in place. Arabic words joined by
// spaces or Arabic punctuation stay one run.
const lrm = '\u200e'

// bidiFix returns s with left-to-right marks at the edges of its Arabic
// runs. Text with no Arabic, or no other script, comes back unchanged.
func bidiFix(s string) string {
	rs := []rune(s)
	hasArabic, hasOther := false, false
	for _, r := range rs {
		switch {
		case isArabic(r):
			hasArabic = true
		case isStrongOther(r):
			hasOther = true
		}
	}
	if !hasArabic || !hasOther && !strings.ContainsAny(s, "0123456789:()[]-+") {
		return s
	}
	// arabic[i]: rune i belongs to an Arabic run. A neutral belongs to one
	// when the nearest strong characters on both sides are Arabic.
	arabic := make([]bool, len(rs))
	for i, r := range rs {
		if isArabic(r) {
			arabic[i] = true
			continue
		}
		if isStrongOther(r) || isDigit(r) {
			continue
		}
		prev, next := -1, -1
		for j := i - 1; j >= 0; j-- {
			if isArabic(rs[j]) || isStrongOther(rs[j]) || isDigit(rs[j]) {
				prev = j
				break
			}
		}
		for j := i + 1; j < len(rs); j++ {
			if isArabic(rs[j]) || isStrongOther(rs[j]) || isDigit(rs[j]) {
				next = j
				break
			}
		}
		arabic[i] = prev >= 0 && next >= 0 && isArabic(rs[prev]) && isArabic(rs[next])
	}
	var b strings.Builder
	for i, r := range rs {
		if i > 0 && arabic[i] != arabic[i-1] && r != lrm && rs[i-1] != lrm {
			b.WriteRune(lrm)
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isArabic(r rune) bool {
	return r >= 0x0600 && r <= 0x06FF && !(r >= 0x0660 && r <= 0x0669) ||
		r >= 0x0750 && r <= 0x077F || r >= 0xFB50 && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFF
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// isStrongOther is a letter of a left-to-right script.
func isStrongOther(r rune) bool {
	return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= 0xC0 && r <= 0x24F
}

package escpos

import (
	"slices"
	"testing"

	"github.com/go-text/typesetting/font"
)

// glyphs is a shaped line's glyphs left to right on paper.
func glyphs(sl shapedLine) []font.GID {
	var out []font.GID
	for _, run := range sl.runs {
		for _, g := range run.Glyphs {
			out = append(out, g.GlyphID)
		}
	}
	return out
}

// An Arabic name on a French or English receipt reads right to left and
// shaped, exactly as on an Arabic receipt, after the Latin text before it.
func TestArabicNameOnLatinReceiptReadsRightToLeft(t *testing.T) {
	tr, err := Arabic()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ latin, name, after string }{
		{"2 × ", "أملو 250 غ", ""},
		{"Coopérative ", "تعاونية دار الحانوت", ""},
		{"1 ", "زربية بني ورين", ""},
		{"Tapis ", "زربية", " (Beni Ouarain)"},
	} {
		line := glyphs(tr.shape(c.latin+c.name+c.after, 22, false))
		var want []font.GID
		want = append(want, glyphs(tr.shape(c.latin, 22, false))...)
		want = append(want, glyphs(tr.shape(c.name, 22, true))...)
		want = append(want, glyphs(tr.shape(c.after, 22, false))...)
		if !slices.Equal(line, want) {
			t.Errorf("%q: glyphs %v, want %v", c.latin+c.name+c.after, line, want)
		}
	}
	// On an Arabic receipt a Latin word and a number keep their own order
	// inside the right-to-left line.
	line := glyphs(tr.shape("أملو (Amlou) 250 غ", 22, true))
	var want []font.GID
	for _, s := range []string{"غ", " ", "250", " ", ")", "Amlou", "(", " ", "أملو"} {
		want = append(want, glyphs(tr.shape(s, 22, s == "غ" || s == "أملو" || s == ")" || s == "("))...)
	}
	if !slices.Equal(line, want) {
		t.Errorf("Arabic line: glyphs %v, want %v", line, want)
	}
}

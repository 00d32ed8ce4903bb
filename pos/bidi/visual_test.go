package bidi

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// arabicFont stands for Noto Sans Arabic: Arabic letters, digits, space
// and some punctuation, but no Latin letters nor ( ) / % [ ] < >.
func arabicFont(r rune) bool {
	return unicode.Is(unicode.Arabic, r) || r >= '0' && r <= '9' || strings.ContainsRune(" .,:-+،؛؟", r)
}

const (
	L = "\u200e"
	R = "\u200f"
)

func TestVisualPutsPiecesInReadingOrder(t *testing.T) {
	for _, c := range []struct {
		in   string
		dir  Direction
		want string
	}{
		// Amount and currency: the currency reads after the amount, on its left.
		{"المدفوع: 50,00 د.م.", RTL, R + "د.م." + R + L + " " + L + L + "50,00" + L + R + "المدفوع: " + R},
		{"تم تسجيل البيع رقم 64", RTL, L + "64" + L + R + "تم تسجيل البيع رقم " + R},
		{"البطاقة و QR", RTL, L + "QR" + L + R + "البطاقة و " + R},
		// Brackets the Arabic font lacks are pieces of their own; the
		// renderer mirrors them inside a right-to-left run. A space at
		// the start of a piece stands alone: the renderer would give it
		// the font of the piece drawn before it.
		{"(64fa1f8b)", RTL, R + ")" + R + L + "64fa1f8b" + L + R + "(" + R},
		{"أملو 250 غ (Amlou)", RTL, R + ")" + R + L + "Amlou" + L + R + "(" + R + L + " " + L + R + "غ" + R + L + " " + L + L + "250" + L + R + "أملو " + R},
		// After Arabic letters the number is an Arabic number (W2): the
		// percent sign stays on its left, as a browser shows it.
		{"خصم 10%", RTL, R + "%" + R + L + "10" + L + R + "خصم " + R},
		{"10% خصم", RTL, R + "خصم" + R + L + " " + L + L + "10%" + L},
		// A French screen leaves Latin text alone and marks an Arabic name.
		{"Vendeur : Fatima", LTR, "Vendeur : Fatima"},
		{"2 × أملو", LTR, L + "2 × " + L + R + "أملو" + R},
		// Lines are ordered one by one; old marks do not survive.
		{"الرمز: 12\nFatima" + L, RTL, L + "12" + L + R + "الرمز: " + R + "\n" + L + "Fatima" + L},
	} {
		if got := Visual(c.in, c.dir, arabicFont); got != c.want {
			t.Errorf("Visual(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestLevelsOfMixedLines(t *testing.T) {
	levels, para := Levels([]rune("a ب 12 c"), LTR)
	if want := []int8{0, 0, 1, 1, 2, 2, 0, 0}; para != 0 || !slices.Equal(levels, want) {
		t.Fatalf("levels %v para %d, want %v", levels, para, want)
	}
	if got, want := Reorder(levels), []int{0, 1, 4, 5, 3, 2, 6, 7}; !slices.Equal(got, want) {
		t.Fatalf("order %v, want %v", got, want)
	}
	if _, para := Levels([]rune("123 سلام"), Auto); para != 1 {
		t.Fatalf("auto paragraph of %q: %d, want 1", "123 سلام", para)
	}
}

// runeCount is the multiset of runes of s, marks left out.
func runeCount(s string) map[rune]int {
	m := map[rune]int{}
	for _, r := range Strip(s) {
		m[r]++
	}
	return m
}

func FuzzVisual(f *testing.F) {
	for _, s := range []string{
		"المدفوع: 50,00 د.م.", "تم تسجيل البيع رقم 64", "البطاقة و QR", "(64fa1f8b)",
		"أملو 250 غ (Amlou)", "خصم 10%", "a ב 12 c", "\u202babc\u202c (x", "((([[[", "\n\n", "\xff\u0661(\u0332",
	} {
		f.Add(s, uint8(RTL))
	}
	f.Fuzz(func(t *testing.T, s string, d uint8) {
		dir := Direction(d % 3)
		v := Visual(s, dir, arabicFont)
		if utf8.ValidString(s) && !utf8.ValidString(v) {
			t.Fatalf("invalid UTF-8 from %q", s)
		}
		if strings.Count(v, "\n") != strings.Count(s, "\n") {
			t.Fatalf("lines changed: %q -> %q", s, v)
		}
		if !utf8.ValidString(s) {
			return
		}
		want, got := runeCount(s), runeCount(v)
		if len(want) != len(got) {
			t.Fatalf("runes changed: %q -> %q", s, v)
		}
		for r, n := range want {
			if got[r] != n {
				t.Fatalf("rune %U: %d, want %d (%q -> %q)", r, got[r], n, s, v)
			}
		}
		if dir == RTL && !hasExplicit(s) {
			if back := Logical(v); back != Strip(s) {
				t.Fatalf("Logical(Visual(%q)) = %q", s, back)
			}
		}
		levels, _ := Levels([]rune(s), dir)
		order := Reorder(levels)
		seen := map[int]bool{}
		for _, i := range order {
			if i < 0 || i >= len(levels) || seen[i] || levels[i] == Removed {
				t.Fatalf("order %v of levels %v is not a permutation", order, levels)
			}
			seen[i] = true
		}
	})
}

func TestLogicalUndoesVisualInRTL(t *testing.T) {
	for _, s := range []string{
		"المدفوع: 50,00 د.م.", "تم تسجيل البيع رقم 64", "البطاقة و QR", "(64fa1f8b)",
		"أملو 250 غ (Amlou)", "خصم 10%", "سطر أول 12\nLine 2 سطر", "plain", "",
	} {
		if got := Logical(Visual(s, RTL, arabicFont)); got != s {
			t.Errorf("Logical(Visual(%q)) = %q", s, got)
		}
	}
}

func hasExplicit(s string) bool {
	for _, r := range s {
		if r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069' {
			return true
		}
	}
	return false
}

func BenchmarkVisual(b *testing.B) {
	for i := 0; i < b.N; i++ {
		Visual("أملو 250 غ (Amlou) · المدفوع: 1 052,00 د.م.", RTL, arabicFont)
	}
}

// A long line of nested brackets and mixed text stays linear enough for a
// widget: bracket pairs are found with a bounded stack (BD16).
func BenchmarkVisualLongBrackets(b *testing.B) {
	s := strings.Repeat("(أ a [ب 1] ", 300) + strings.Repeat(")", 300)
	for i := 0; i < b.N; i++ {
		Visual(s, RTL, arabicFont)
	}
}

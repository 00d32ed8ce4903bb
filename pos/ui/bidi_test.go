package ui

import (
	"strings"
	"testing"
)

func TestBidiFixMarksArabicRunEdges(t *testing.T) {
	const m = "\u200e"
	for _, c := range []struct{ in, want string }{
		{"Vendeur : Fatima", "Vendeur : Fatima"},
		{"تعاونية دار الحانوت", "تعاونية دار الحانوت"},
		{"الرمز السري لـ Fatima", "الرمز السري لـ" + m + " Fatima"},
		{"المتوقع: 604,00 د.م.", "المتوقع" + m + ": 604,00 " + m + "د.م" + m + "."},
		{"50,00 د.م.", "50,00 " + m + "د.م" + m + "."},
	} {
		if got := bidiFix(c.in); got != c.want {
			t.Errorf("bidiFix(%q) = %q, want %q", c.in, got, c.want)
		}
		// The marks are the only change.
		if strings.ReplaceAll(bidiFix(c.in), m, "") != c.in {
			t.Errorf("bidiFix(%q) changed more than marks", c.in)
		}
	}
	if bidiFix(bidiFix("المتوقع: 604,00 د.م.")) != bidiFix("المتوقع: 604,00 د.م.") {
		t.Error("not idempotent")
	}
}

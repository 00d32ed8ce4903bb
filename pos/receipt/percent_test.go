package receipt

import (
	"strings"
	"testing"
	"time"

	"hanout/pos"
)

// On paper a commission is written like the amounts under it, with a
// decimal comma ("12,50 %" above "333,33"), in every language.
func TestArtisansCommissionHasTheAmountsComma(t *testing.T) {
	_, shop := Sample()
	for _, lang := range []pos.Lang{pos.FR, pos.AR, pos.EN} {
		r := Artisans(sampleArtisans(), shop, ArtisansOptions{Lang: lang, Printed: time.Date(2026, 12, 1, 18, 30, 0, 0, time.UTC)})
		text := strings.Join(r.TextLines(48), "\n")
		if !strings.Contains(text, "12,50 %") || strings.Contains(text, "12.50") {
			t.Errorf("%s: the commission is not written 12,50 %%:\n%s", lang, text)
		}
	}
}

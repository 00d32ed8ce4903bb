package report

import (
	"strings"
	"testing"

	"hanout/pos"
)

func TestTextListsWhatNeedsAttention(t *testing.T) {
	r := &pos.Report{Kind: "Z", Terminal: "STAND-1", Sales: 2, FirstReceipt: 4, LastReceipt: 5, SalesTotal: 30000, Net: 30000,
		ByTender:     []pos.TenderTotal{{Kind: pos.TenderCard, Count: 1, Amount: 10000}},
		Unverified:   []pos.Unverified{{Receipt: 4, Kind: pos.TenderQRWallet, Amount: 20000, Reference: "REF-4"}},
		RefusedAfter: []pos.Unverified{{Receipt: 3, Kind: pos.TenderQRWallet, Amount: 5000, Reference: "REF-3"}},
		FromSlip:     []pos.Unverified{{Receipt: 5, Kind: pos.TenderCard, Amount: 10000, Reference: "Fatima"}},
		Counted:      100, ExpectedCash: 150, Variance: -50}
	for _, l := range pos.Langs {
		txt := Text(r, l, 40)
		for _, want := range []string{"REF-4", "REF-3", "#5", "Fatima", "4 – 5"} {
			if !strings.Contains(txt, want) {
				t.Errorf("%s: %q missing from\n%s", l, want, txt)
			}
		}
	}
	en := Text(r, pos.EN, 40)
	for _, want := range []string{"Z REPORT", "To verify", "Refused after the sale", "terminal slip", "Variance", "-0.50 MAD"} {
		if !strings.Contains(en, want) {
			t.Errorf("%q missing from\n%s", want, en)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(en), "\n") {
		if n := len([]rune(line)); n > 40 {
			t.Errorf("line wider than 40 columns (%d): %q", n, line)
		}
	}
}

// The Z report per currency: the dirhams given back on foreign notes, and
// each currency's notes expected, counted and their variance, in the
// currency itself.
func TestTextPerCurrency(t *testing.T) {
	r := &pos.Report{Kind: "Z", Terminal: "STAND-1", Sales: 2, Net: 250000,
		ByTender:      []pos.TenderTotal{{Kind: pos.TenderCashEUR, Count: 2, Amount: 250000}},
		ForeignChange: 4262, ExpectedCash: 45738, Counted: 45738,
		Foreign: []pos.ForeignCash{{Currency: "EUR", Count: 2, Value: 162785, Expected: 15000, Counted: 10000, Variance: -5000}}}
	want := map[pos.Lang][]string{
		pos.FR: {"Espèces EUR (2)", "Rendu en dirhams sur devises", "-42,62 DH", "Billets EUR (2)", "1\u202f627,85 DH", "150,00 EUR", "100,00 EUR", "-50,00 EUR"},
		pos.EN: {"Cash EUR (2)", "-42.62 MAD", "EUR notes (2)", "Expected", "150.00 EUR", "Counted", "-50.00 EUR"},
		pos.AR: {"أوراق EUR (2)", "المعدود", "-50,00 EUR"},
	}
	for l, wants := range want {
		txt := Text(r, l, 40)
		for _, w := range wants {
			if !strings.Contains(txt, w) {
				t.Errorf("%s: %q missing from\n%s", l, w, txt)
			}
		}
	}
	x := *r
	x.Kind = "X"
	if txt := Text(&x, pos.FR, 40); strings.Contains(txt, "Comptés") || !strings.Contains(txt, "Attendus") {
		t.Errorf("X report counts notes:\n%s", txt)
	}
}

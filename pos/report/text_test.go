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

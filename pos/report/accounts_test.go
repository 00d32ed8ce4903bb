package report

import (
	"strings"
	"testing"

	"hanout/pos"
)

func TestTextAccountsApartFromCash(t *testing.T) {
	r := &pos.Report{Kind: "Z", Terminal: "STAND-1", Sales: 2, Net: 24900,
		ByTender:   []pos.TenderTotal{{Kind: pos.TenderCash, Count: 1, Amount: 3000}},
		OnAccount:  pos.TenderTotal{Kind: pos.TenderAccount, Count: 2, Amount: 21900},
		Repayments: []pos.TenderTotal{{Kind: pos.TenderCash, Count: 2, Amount: 4000}, {Kind: pos.TenderCard, Count: 1, Amount: 4000}},
		RepaidCash: 4000, ExpectedCash: 17000}
	want := map[pos.Lang][]string{
		pos.FR: {"Ventes sur compte (2)", "219,00 DH", "Remboursements", "80,00 DH", "Espèces (2)", "Remboursés en espèces"},
		pos.EN: {"Sales on account (2)", "219.00 MAD", "Repayments", "80.00 MAD", "Card (1)", "Repaid in cash", "40.00 MAD"},
		pos.AR: {"مبيعات بالكريدي (2)", "خلاص الزبناء", "خلاص نقدًا"},
	}
	for l, wants := range want {
		txt := Text(r, l, 40)
		for _, w := range wants {
			if !strings.Contains(txt, w) {
				t.Errorf("%s: %q missing from\n%s", l, w, txt)
			}
		}
		for _, line := range strings.Split(strings.TrimSpace(txt), "\n") {
			if n := len([]rune(line)); n > 40 {
				t.Errorf("%s: line wider than 40 columns (%d): %q", l, n, line)
			}
		}
	}
	if txt := Text(&pos.Report{Kind: "X"}, pos.EN, 40); strings.Contains(txt, "on account") || strings.Contains(txt, "Repa") {
		t.Errorf("a shift without accounts shows them:\n%s", txt)
	}
}

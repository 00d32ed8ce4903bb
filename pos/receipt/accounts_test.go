package receipt

import (
	"strings"
	"testing"
	"time"

	"hanout/pos"
)

// A repayment prints as a receipt of its own: its number, the customer,
// the amount repaid and how, with the change; never lines or taxes.
func TestRepaymentReceipt(t *testing.T) {
	_, shop := Sample()
	cash, _ := pos.CashTender(20000, 15000)
	d := &pos.Document{ID: pos.NewID(), Kind: pos.KindRepayment, Receipt: 57, Terminal: "STAND-1", Cashier: "Youssef", Customer: "C-fatiha",
		Time: time.Date(2026, 11, 28, 17, 5, 0, 0, time.UTC), Total: 15000, Tenders: []pos.Tender{cash}}
	for l, wants := range map[pos.Lang][]string{
		pos.FR: {"Remboursement n° 000057", "C-fatiha", "REMBOURSÉ", "150,00 DH", "50,00"},
		pos.AR: {"خلاص رقم 000057", "C-fatiha"},
		pos.EN: {"Repayment no. 000057", "REPAID"},
	} {
		r, err := Build(d, shop, Options{Lang: l})
		if err != nil {
			t.Fatal(err)
		}
		txt := strings.Join(r.TextLines(42), "\n")
		for _, w := range wants {
			if !strings.Contains(txt, w) {
				t.Errorf("%s: %q missing from\n%s", l, w, txt)
			}
		}
		if strings.Contains(txt, "TVA") || !r.Cash {
			t.Errorf("%s: taxes or no drawer on a cash repayment:\n%s", l, txt)
		}
	}
	// A sale partly on account names the account on paper.
	sale, _ := Sample()
	sale.Tenders = append(sale.Tenders[:0], pos.Tender{Kind: pos.TenderAccount, Amount: sale.Total, Status: pos.StatusApproved})
	r, _ := Build(sale, shop, Options{Lang: pos.FR})
	if txt := strings.Join(r.TextLines(42), "\n"); !strings.Contains(txt, "Sur compte client") {
		t.Errorf("account tender not named:\n%s", txt)
	}
}

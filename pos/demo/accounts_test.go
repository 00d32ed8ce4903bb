package demo

import (
	"testing"
	"time"

	"hanout/pos"
)

// The demo's regulars owe something, some have repaid, and each balance
// is the sum of the journal's documents.
func TestSeedHasOpenAccountsAndRepayments(t *testing.T) {
	s := seeded(t, Options{Days: 7, Seed: 3, Now: time.Date(2026, 11, 28, 12, 0, 0, 0, time.Local)})
	accts, err := s.Accounts()
	if err != nil || len(accts) != 4 {
		t.Fatalf("accounts %+v %v", accts, err)
	}
	var all []*pos.Document
	s.Each(0, func(d *pos.Document) error { all = append(all, d); return nil })
	open, repaid := 0, 0
	for _, d := range all {
		if d.Kind == pos.KindRepayment {
			repaid++
		}
	}
	for _, a := range accts {
		if a.Balance != pos.Balance(all, a.Customer.ID) {
			t.Errorf("%s: balance %v, journal says %v", a.Customer.Name, a.Balance, pos.Balance(all, a.Customer.ID))
		}
		if a.Balance > a.Customer.Limit {
			t.Errorf("%s above the limit without a manager", a.Customer.Name)
		}
		if a.Balance > 0 {
			open++
		}
	}
	if open < 2 || repaid < 1 {
		t.Fatalf("%d open balances, %d repayments", open, repaid)
	}
	if _, err := s.Verify(); err != nil {
		t.Fatal(err)
	}
}

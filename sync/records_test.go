package sync_test

import (
	"context"
	"testing"
	"time"

	"hanout/pos"
	"hanout/pos/store"
	tillsync "hanout/sync"
	"hanout/sync/platform"
)

// sellTo sells qty of sku to customer: cash first, the rest on account.
func sellTo(t *testing.T, s *store.Store, sku string, qty int64, customer string, cash pos.Money) *pos.Document {
	t.Helper()
	p, err := s.Product(sku)
	if err != nil {
		t.Fatal(err)
	}
	var tk pos.Ticket
	if err := tk.Add(p, qty); err != nil {
		t.Fatal(err)
	}
	total, _ := tk.Compute()
	var tn []pos.Tender
	if cash > 0 {
		c, _ := pos.CashTender(cash, total)
		tn = append(tn, c)
	}
	acc, _ := pos.AccountTender(total-cash, "")
	d, err := tk.Sale(append(tn, acc), "Ali", s.OpenShift(), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	d.Customer = customer
	if err := s.Commit(d); err != nil {
		t.Fatal(err)
	}
	return d
}

func repay(t *testing.T, s *store.Store, customer string, amount pos.Money) *pos.Document {
	t.Helper()
	c, err := s.Customer(customer)
	if err != nil {
		t.Fatal(err)
	}
	bal, _ := s.Balance(customer)
	cash, _ := pos.CashTender(amount, amount)
	d, err := pos.Repayment(c, bal, amount, []pos.Tender{cash}, "Ali", s.OpenShift(), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(d); err != nil {
		t.Fatal(err)
	}
	return d
}

func platformAccount(t *testing.T, e *env, customer string) platform.CustomerAccount {
	t.Helper()
	as, err := platform.Accounts(e.plat, e.merchant)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if a.Customer.ID == customer {
			return a
		}
	}
	t.Fatalf("platform has no account %s: %+v", customer, as)
	return platform.CustomerAccount{}
}

// The credit notebook end to end on 127.0.0.1: a customer created on one
// till reaches the other through the platform's feed; the later of two
// edits wins everywhere; sales on account and a repayment reach the
// platform, whose balance is the till's (one till) and the sum of both
// tills' documents (two).
func TestCustomersSyncAndPlatformBalance(t *testing.T) {
	e := newEnv(t, "STAND-1")
	ctx := context.Background()
	a := e.till
	b := e.newTill("STAND-2", e.srv.URL)
	syA, syB := e.sy, tillsync.New(b)
	sync := func(sy *tillsync.Syncer) {
		t.Helper()
		if _, err := sy.SyncOnce(ctx); err != nil {
			t.Fatal(err)
		}
	}

	fatima := &pos.Customer{ID: "C-fatima01", Name: "Fatima", NameAR: "فاطمة", Limit: 50000}
	if err := a.PutCustomer(fatima); err != nil {
		t.Fatal(err)
	}
	sellTo(t, a, "TAJ", 1, fatima.ID, 3000) // 120 DH on account
	sellTo(t, a, "ARG", 2, fatima.ID, 0)    // 198 DH on account
	repay(t, a, fatima.ID, 10000)           // 100 DH back
	sync(syA)
	tillBal, _ := a.Balance(fatima.ID)
	acct := platformAccount(t, e, fatima.ID)
	if tillBal != 21800 || acct.Balance != tillBal || acct.Customer.Name != "Fatima" || acct.Customer.Limit != 50000 {
		t.Fatalf("till balance %v, platform %+v", tillBal, acct)
	}

	// Till B receives her through the feed and sells to her on account.
	sync(syB)
	got, err := b.Customer(fatima.ID)
	if err != nil || got.NameAR != "فاطمة" || got.Limit != 50000 {
		t.Fatalf("till B: %+v %v", got, err)
	}
	sellTo(t, b, "ARG", 1, fatima.ID, 0) // 99 DH on account on B
	sync(syB)
	if acct := platformAccount(t, e, fatima.ID); acct.Balance != 21800+9900 || acct.Entries != 4 {
		t.Fatalf("platform across both tills: %+v", acct)
	}

	// Both tills edit her; B's edit is the later one and wins on both
	// tills and the platform, whichever pushes first.
	base := time.Now().UTC().Add(time.Hour)
	a.Now = func() time.Time { return base }
	b.Now = func() time.Time { return base.Add(time.Minute) }
	ea, _ := a.Customer(fatima.ID)
	ea.Limit, ea.Note = 60000, "edit on A"
	eb, _ := b.Customer(fatima.ID)
	eb.Limit, eb.Phone = 80000, "0600000000"
	if err := a.PutCustomer(ea); err != nil {
		t.Fatal(err)
	}
	if err := b.PutCustomer(eb); err != nil {
		t.Fatal(err)
	}
	sync(syB)
	sync(syA) // A's earlier edit reaches the platform after B's
	sync(syB)
	for name, s := range map[string]*store.Store{"A": a, "B": b} {
		c, _ := s.Customer(fatima.ID)
		if c.Limit != 80000 || c.Phone != "0600000000" || c.Note != "" {
			t.Errorf("till %s kept %+v, want B's later edit", name, c)
		}
	}
	if acct := platformAccount(t, e, fatima.ID); acct.Customer.Limit != 80000 {
		t.Errorf("platform kept %+v, want B's later edit", acct.Customer)
	}
}

package store

import (
	"encoding/json"
	"testing"
	"time"

	"hanout/pos"
)

// saleOnAccount sells qty of sku, cash first then the rest on account.
func saleOnAccount(t testing.TB, s *Store, shift, sku string, qty int64, customer string, cash pos.Money, manager string) (*pos.Document, error) {
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
	var tenders []pos.Tender
	if cash > 0 {
		c, _ := pos.CashTender(cash, total)
		tenders = append(tenders, c)
	}
	acc, err := pos.AccountTender(total-cash, manager)
	if err != nil {
		t.Fatal(err)
	}
	tenders = append(tenders, acc)
	d, err := tk.Sale(tenders, "Ali", shift, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	d.Customer = customer
	return d, s.Commit(d)
}

func putFatima(t testing.TB, s *Store, limit pos.Money) *pos.Customer {
	t.Helper()
	c := &pos.Customer{ID: "C-fatima01", Name: "Fatima", NameAR: "فاطمة", Limit: limit}
	if err := s.PutCustomer(c); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCustomersAreChainedEvents(t *testing.T) {
	s, dir := openTemp(t)
	s.SetActor("Karim")
	c := putFatima(t, s, 50000)
	if err := s.PutCustomer(c); err != nil { // the same again: no event
		t.Fatal(err)
	}
	c.Limit = 80000
	if err := s.PutCustomer(c); err != nil {
		t.Fatal(err)
	}
	bad := &pos.Customer{ID: "C-x", Limit: -1, Name: "X"}
	if err := s.PutCustomer(bad); pos.KeyOf(err) != "accounts.limit_invalid" {
		t.Fatalf("bad customer: %v", err)
	}
	evs, _ := s.Events("", "")
	if len(evs) != 2 {
		t.Fatalf("%d events, want 2", len(evs))
	}
	e := evs[1].Event
	if e.What != "customer" || e.Key != "C-fatima01" || evs[1].Cashier != "Karim" {
		t.Fatalf("event %+v", evs[1])
	}
	var after pos.Customer
	if err := json.Unmarshal([]byte(e.After), &after); err != nil || after.Limit != 80000 || after.NameAR != "فاطمة" {
		t.Fatalf("after %q: %v", e.After, err)
	}
	if s.Counters().Unsynced != 2 {
		t.Fatal("customer events are not queued for the platform")
	}
	s.Close()
	s2, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	got, err := s2.Customer("C-fatima01")
	if err != nil || got.Limit != 80000 || got.Updated.IsZero() {
		t.Fatalf("after reopening: %+v %v", got, err)
	}
	if n, err := s2.Verify(); err != nil || n != 2 {
		t.Fatalf("verify %d %v", n, err)
	}
}

func TestAccountBalanceIsTheSumOfDocuments(t *testing.T) {
	s, _ := openTemp(t)
	seedProducts(t, s)
	putFatima(t, s, 50000)
	sh := openShift(t, s)
	// 150 DH tajine: 30 cash, 120 on account.
	a, err := saleOnAccount(t, s, sh, "TAJ", 1, "C-fatima01", 3000, "")
	if err != nil {
		t.Fatal(err)
	}
	// 2 × 99 DH argan, all on account: 318 DH owed, within 500.
	if _, err := saleOnAccount(t, s, sh, "ARG", 2, "C-fatima01", 0, ""); err != nil {
		t.Fatal(err)
	}
	// A refund of the tajine given back to the account.
	sale, _ := s.ByReceipt(a.Receipt)
	lines, total, _ := pos.RefundLines(sale, nil, map[int]int64{0: 1})
	_ = lines
	acc := pos.Tender{Kind: pos.TenderAccount, Amount: -12000, Status: pos.StatusApproved}
	cash := pos.Tender{Kind: pos.TenderCash, Amount: total + 12000, Given: total + 12000, Status: pos.StatusApproved}
	rf, err := pos.Refund(sale, nil, map[int]int64{0: 1}, []pos.Tender{cash, acc}, "Ali", sh, "Karim", "cassé", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	rf.Customer = "C-fatima01"
	if err := s.Commit(rf); err != nil {
		t.Fatal(err)
	}
	bal, _ := s.Balance("C-fatima01")
	if bal != 19800 {
		t.Fatalf("balance %v, want 198.00", bal)
	}
	// A repayment of 100 DH in cash, given 200: numbered like a receipt.
	c, _ := s.Customer("C-fatima01")
	tn, _ := pos.CashTender(20000, 10000)
	rp, err := pos.Repayment(c, bal, 10000, []pos.Tender{tn}, "Ali", sh, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(rp); err != nil {
		t.Fatal(err)
	}
	if rp.Receipt != 4 {
		t.Fatalf("repayment receipt %d, want 4", rp.Receipt)
	}
	if got, _ := s.ByReceipt(4); got == nil || got.Kind != pos.KindRepayment {
		t.Fatal("repayment not found by its receipt")
	}
	st, _ := s.Statement("C-fatima01")
	want := []pos.Money{12000, 31800, 19800, 9800}
	if len(st) != len(want) {
		t.Fatalf("statement %+v", st)
	}
	for i, w := range want {
		if st[i].Balance != w {
			t.Errorf("line %d balance %v, want %v", i, st[i].Balance, w)
		}
	}
	// The balance is the sum of all the journal's documents, as a full
	// scan finds them.
	var all []*pos.Document
	s.Each(0, func(d *pos.Document) error { all = append(all, d); return nil })
	if pos.Balance(all, "C-fatima01") != 9800 {
		t.Fatal("index and journal disagree")
	}
	accts, _ := s.Accounts()
	if len(accts) != 1 || accts[0].Balance != 9800 || accts[0].Last.IsZero() {
		t.Fatalf("accounts %+v", accts)
	}
	if n, err := s.Verify(); err != nil || n == 0 {
		t.Fatalf("verify: %v", err)
	}
}

func TestAccountRulesInsideTheTransaction(t *testing.T) {
	s, _ := openTemp(t)
	seedProducts(t, s)
	putFatima(t, s, 20000)
	sh := openShift(t, s)
	before := s.Counters()
	// 300 DH on a 200 DH limit without a manager: refused, nothing stored.
	if _, err := saleOnAccount(t, s, sh, "TAJ", 2, "C-fatima01", 0, ""); pos.KeyOf(err) != "accounts.over_limit" {
		t.Fatalf("over the limit: %v", err)
	}
	// An unknown customer, or none.
	if _, err := saleOnAccount(t, s, sh, "ARG", 1, "C-nobody", 0, ""); pos.KeyOf(err) != "accounts.unknown" {
		t.Fatalf("unknown customer: %v", err)
	}
	if _, err := saleOnAccount(t, s, sh, "ARG", 1, "", 0, ""); pos.KeyOf(err) != "accounts.customer_missing" {
		t.Fatalf("no customer: %v", err)
	}
	if c := s.Counters(); c.Seq != before.Seq || c.Receipt != before.Receipt {
		t.Fatalf("a refused sale left traces: %+v → %+v", before, c)
	}
	// With the manager's approval it goes through.
	if _, err := saleOnAccount(t, s, sh, "TAJ", 2, "C-fatima01", 0, "Karim"); err != nil {
		t.Fatal(err)
	}
	// A repayment above what is owed, straight to the store.
	over := &pos.Document{Kind: pos.KindRepayment, Shift: sh, Customer: "C-fatima01", Total: 30001,
		Tenders: []pos.Tender{{Kind: pos.TenderCard, Amount: 30001, Status: pos.StatusApproved}}}
	if err := s.Commit(over); pos.KeyOf(err) != "accounts.repay_too_much" {
		t.Fatalf("repay too much: %v", err)
	}
	short := &pos.Document{Kind: pos.KindRepayment, Shift: sh, Customer: "C-fatima01", Total: 100,
		Tenders: []pos.Tender{{Kind: pos.TenderCard, Amount: 50, Status: pos.StatusApproved}}}
	if err := s.Commit(short); pos.KeyOf(err) != "tender.short" {
		t.Fatalf("repayment tenders short: %v", err)
	}
	if c := s.Counters(); c.Receipt != before.Receipt+1 {
		t.Fatalf("receipts %d, want %d: refused repayments took numbers", c.Receipt, before.Receipt+1)
	}
}

func TestRemoteRecordLaterEditWins(t *testing.T) {
	s, _ := openTemp(t)
	c := putFatima(t, s, 50000)
	mine, _ := s.GetRecord(pos.RecordCustomer, c.ID)
	data := func(limit pos.Money) json.RawMessage {
		b, _ := json.Marshal(pos.Customer{ID: c.ID, Name: "Fatima", Limit: limit})
		return b
	}
	older := &Record{Kind: pos.RecordCustomer, ID: c.ID, Data: data(1), Time: mine.Time.Add(-time.Second), Doc: "zzz"}
	newer := &Record{Kind: pos.RecordCustomer, ID: c.ID, Data: data(70000), Time: mine.Time.Add(time.Second), Doc: "aaa"}
	other := &Record{Kind: pos.RecordCustomer, ID: "C-karim001", Data: json.RawMessage(`{"id":"C-karim001","name":"Karim","limit":0}`), Time: mine.Time, Doc: "b"}
	badID := &Record{Kind: pos.RecordCustomer, ID: "C-evil", Data: data(5), Time: mine.Time.Add(time.Hour), Doc: "c"}
	unknown := &Record{Kind: "spaceship", ID: "x", Data: json.RawMessage(`{}`), Time: mine.Time, Doc: "d"}
	res, err := s.ApplyChanges(5, []RemoteChange{
		{Seq: 1, Kind: "record", Record: older},
		{Seq: 2, Kind: "record", Record: other},
		{Seq: 3, Kind: "record", Record: badID},
		{Seq: 4, Kind: "record", Record: unknown},
	})
	if err != nil || res.Records != 1 {
		t.Fatalf("apply: %+v %v", res, err)
	}
	if got, _ := s.Customer(c.ID); got.Limit != 50000 {
		t.Fatalf("an older edit from elsewhere overwrote the till's: %+v", got)
	}
	if _, err := s.Customer("C-evil"); pos.KeyOf(err) != "accounts.unknown" {
		t.Fatal("a record whose data names another id was stored")
	}
	if res, err := s.ApplyChanges(6, []RemoteChange{{Seq: 6, Kind: "record", Record: newer}}); err != nil || res.Records != 1 {
		t.Fatalf("apply newer: %+v %v", res, err)
	}
	if got, _ := s.Customer(c.ID); got.Limit != 70000 || !got.Updated.Equal(newer.Time) {
		t.Fatalf("the later edit from elsewhere did not win: %+v", got)
	}
	if cs, _ := s.Customers(); len(cs) != 2 || cs[0].Name != "Fatima" || cs[1].Name != "Karim" {
		t.Fatalf("customers %+v", cs)
	}
	// A local edit after it sorts later than it, even with a clock behind.
	s.Now = func() time.Time { return newer.Time.Add(-time.Hour) }
	got, _ := s.Customer(c.ID)
	got.Limit = 1000
	if err := s.PutCustomer(got); err != nil {
		t.Fatal(err)
	}
	r, _ := s.GetRecord(pos.RecordCustomer, c.ID)
	if !Later(r.Time, r.Doc, newer.Time, newer.Doc) {
		t.Fatalf("local edit %v not later than %v", r.Time, newer.Time)
	}
	if f, err := s.FindCustomer("fatima"); err != nil || f.ID != c.ID {
		t.Fatalf("find by name: %v", err)
	}
	if _, err := s.FindCustomer("nobody"); pos.KeyOf(err) != "accounts.unknown" {
		t.Fatal("find unknown")
	}
}

package store

import (
	"testing"
	"time"

	"hanout/pos"
)

func putArtisans(t testing.TB, s *Store) (fatima, hassan *pos.Artisan) {
	t.Helper()
	fatima = &pos.Artisan{ID: "a-fatima", Name: "Fatima Zahra", Phone: "0612345678", Commission: 1500}
	hassan = &pos.Artisan{ID: "a-hassan", Name: "Hassan", Commission: 2000}
	for _, a := range []*pos.Artisan{fatima, hassan} {
		if err := s.PutArtisan(a); err != nil {
			t.Fatal(err)
		}
	}
	return fatima, hassan
}

// Artisans are kept across a reopen and each change is a chained event;
// saving the same artisan again is no event.
func TestArtisansStoredAsChainedEvents(t *testing.T) {
	s, dir := openTemp(t)
	s.SetActor("Karim")
	fatima, _ := putArtisans(t, s)
	fatima.Commission = 1200
	if err := s.PutArtisan(fatima); err != nil {
		t.Fatal(err)
	}
	if err := s.PutArtisan(fatima); err != nil {
		t.Fatal(err)
	}
	if err := s.PutArtisan(&pos.Artisan{ID: "a-x", Name: "X", Commission: 20000}); pos.KeyOf(err) != "artisans.commission_invalid" {
		t.Fatalf("100 %%+ commission: %v", err)
	}
	evs, err := s.Events("", "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range evs {
		if d.Event.What == "artisan" {
			got = append(got, d.Event.Key+" "+d.Event.After)
		}
	}
	if len(got) != 3 || got[2] != `a-fatima {"commission":1200,"id":"a-fatima","name":"Fatima Zahra","phone":"0612345678"}` {
		t.Fatalf("events %q", got)
	}
	if _, err := s.Verify(); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	as, err := s2.Artisans()
	if err != nil || len(as) != 2 || as[0].Name != "Fatima Zahra" || as[0].Commission != 1200 || as[1].ID != "a-hassan" {
		t.Fatalf("%+v %v", as, err)
	}
	if _, err := s2.Artisan("a-nobody"); pos.KeyOf(err) != "artisans.not_found" {
		t.Fatal(err)
	}
}

// A store made before artisans has no artisans bucket: reading gives none,
// and a payout to an unknown artisan is refused without writing.
func TestNoArtisansYet(t *testing.T) {
	s, _ := openTemp(t)
	if as, err := s.Artisans(); err != nil || len(as) != 0 {
		t.Fatal(as, err)
	}
	shift := openShift(t, s)
	d, err := pos.Payout(&pos.Artisan{ID: "a-ghost"}, 1000, pos.TenderCash, "Ali", shift, "Karim", "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	before := s.Counters()
	if err := s.Commit(d); pos.KeyOf(err) != "artisans.not_found" {
		t.Fatalf("payout to nobody: %v", err)
	}
	if s.Counters() != before {
		t.Fatal("a refused payout wrote")
	}
}

// A cash payout is taken from the drawer of the open shift: the X report's
// expected cash falls by it. A transfer leaves the drawer alone and may be
// recorded with no shift open; a cash payout may not.
func TestPayoutsAndTheDrawer(t *testing.T) {
	s, _ := openTemp(t)
	fatima, hassan := putArtisans(t, s)
	shift := openShift(t, s) // float 500.00
	cash, err := pos.Payout(fatima, 12000, pos.TenderCash, "Ali", shift, "Karim", "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(cash); err != nil {
		t.Fatal(err)
	}
	transfer, err := pos.Payout(hassan, 30000, pos.TenderTransfer, "Ali", shift, "Karim", "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(transfer); err != nil {
		t.Fatal(err)
	}
	if cash.Receipt != 0 || cash.Seq == 0 || cash.Terminal != "STAND-1" {
		t.Fatalf("%+v", cash)
	}
	x, err := s.XReport()
	if err != nil {
		t.Fatal(err)
	}
	if x.ExpectedCash != 50000-12000 || x.Payouts != -12000 {
		t.Fatalf("expected cash %d payouts %d", x.ExpectedCash, x.Payouts)
	}
	counted := map[int]int{20000: 1, 10000: 1, 5000: 1, 2000: 1, 1000: 1, 500: 1, 200: 1, 100: 1}
	cl, err := pos.CloseShift("Ali", shift, counted, "Karim", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(cl); err != nil {
		t.Fatal(err)
	}
	late, _ := pos.Payout(fatima, 1000, pos.TenderTransfer, "Ali", "", "Karim", "", time.Now())
	if err := s.Commit(late); err != nil {
		t.Fatalf("transfer with the drawer closed: %v", err)
	}
	d := &pos.Document{Kind: pos.KindPayout, Artisan: fatima.ID, Cash: 1000, ApprovedBy: "Karim", Shift: shift,
		Tenders: []pos.Tender{{Kind: pos.TenderCash, Amount: -1000, Status: pos.StatusApproved}}}
	if err := s.Commit(d); pos.KeyOf(err) != "shift.not_open" {
		t.Fatalf("cash payout after the close: %v", err)
	}
	d.ApprovedBy = ""
	if err := s.Commit(d); pos.KeyOf(err) != "auth.manager_required" {
		t.Fatalf("payout without a manager: %v", err)
	}
	n := 0
	s.Each(0, func(d *pos.Document) error {
		if d.Kind == pos.KindPayout {
			n++
		}
		return nil
	})
	if n != 3 {
		t.Fatalf("%d payouts in the journal", n)
	}
}

// The store's report reads the journal: the sold line's artisan, the
// refund's, payouts, and days outside the period count only towards the
// balance.
func TestStoreArtisansReport(t *testing.T) {
	s, _ := openTemp(t)
	s.Location = time.UTC
	fatima, _ := putArtisans(t, s)
	seedProducts(t, s)
	p, _ := s.Product("TAJ")
	p.Artisan = fatima.ID
	if err := s.PutProduct(p); err != nil {
		t.Fatal(err)
	}
	shift := openShift(t, s)
	sell(t, s, shift, "TAJ", 2) // 300.00
	sale := sell(t, s, shift, "TAJ", 1)
	sell(t, s, shift, "ARG", 1) // no artisan
	rf, err := pos.Refund(sale, nil, map[int]int64{0: 1}, []pos.Tender{{Kind: pos.TenderCash, Amount: -15000, Given: -15000, Status: pos.StatusApproved}}, "Ali", shift, "Karim", "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(rf); err != nil {
		t.Fatal(err)
	}
	pay, _ := pos.Payout(fatima, 10000, pos.TenderCash, "Ali", shift, "Karim", "", time.Now())
	if err := s.Commit(pay); err != nil {
		t.Fatal(err)
	}
	today := time.Now().In(s.Location).Format("2006-01-02")
	r, err := s.ArtisansReport(today, today)
	if err != nil {
		t.Fatal(err)
	}
	f := r.Rows[0]
	if f.Artisan != fatima.ID || f.Pieces != 2 || f.Sales != 30000 || f.Commission != 4500 || f.Owed != 25500 || f.Paid != 10000 || f.Balance != 15500 {
		t.Fatalf("%+v", r.Rows)
	}
	// A period before any sale: nothing in it, nothing owed yet.
	r, err = s.ArtisansReport("2020-01-01", "2020-01-31")
	if err != nil || r.Total != (pos.ArtisanRow{}) {
		t.Fatalf("%+v %v", r.Total, err)
	}
	if _, err := s.ArtisansReport("01/11/2026", ""); pos.KeyOf(err) != "cli.bad_date" {
		t.Fatal(err)
	}
}

// Two artisans may not share a name (the catalogue file names them); an
// artisan made on another till arrives through the platform's feed as a
// master record and is then known here, payouts included.
func TestArtisanNamesAndFromTheFeed(t *testing.T) {
	s, _ := openTemp(t)
	putArtisans(t, s)
	if err := s.PutArtisan(&pos.Artisan{ID: "a-other", Name: " fatima zahra "}); pos.KeyOf(err) != "artisans.name_taken" {
		t.Fatalf("same name: %v", err)
	}
	when := time.Now().UTC()
	rec := &Record{Kind: pos.RecordArtisan, ID: "a-far", Data: []byte(`{"id":"a-far","name":"Brahim","commission":1000}`), Time: when, Doc: pos.NewID()}
	if _, err := s.ApplyChanges(1, []RemoteChange{{Seq: 1, Kind: "record", Record: rec, Time: when}}); err != nil {
		t.Fatal(err)
	}
	a, err := s.Artisan("a-far")
	if err != nil || a.Name != "Brahim" || a.Commission != 1000 {
		t.Fatalf("%+v %v", a, err)
	}
	bad := &Record{Kind: pos.RecordArtisan, ID: "a-bad", Data: []byte(`{"id":"a-bad","name":"X","commission":20000}`), Time: when, Doc: pos.NewID()}
	if _, err := s.ApplyChanges(2, []RemoteChange{{Seq: 2, Kind: "record", Record: bad, Time: when}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Artisan("a-bad"); pos.KeyOf(err) != "artisans.not_found" {
		t.Fatalf("a record the rules refuse was stored: %v", err)
	}
}

// A catalogue file names artisans by name (or by id, when it is an export
// of this till): a known name maps to its artisan's id, an unknown one
// creates an artisan at 0 % for the manager to set; all in the import's
// transaction, so a refused file creates no artisan.
func TestCatalogImportPointsAtArtisans(t *testing.T) {
	s, _ := openTemp(t)
	fatima, hassan := putArtisans(t, s)
	ps := []pos.Product{
		{SKU: "A", Name: pos.Names{FR: "A"}, Price: 100, Tax: 2000, Active: true, Artisan: "  fatima ZAHRA "},
		{SKU: "B", Name: pos.Names{FR: "B"}, Price: 100, Tax: 2000, Active: true, Artisan: hassan.ID},
		{SKU: "C", Name: pos.Names{FR: "C"}, Price: 100, Tax: 2000, Active: true, Artisan: "Potiers de Tamegroute"},
		{SKU: "D", Name: pos.Names{FR: "D"}, Price: 100, Tax: 2000, Active: true, Artisan: "potiers de tamegroute"},
		{SKU: "E", Name: pos.Names{FR: "E"}, Price: 100, Tax: 2000, Active: true},
	}
	bad := append([]pos.Product{}, ps...)
	bad = append(bad, pos.Product{SKU: "F", Name: pos.Names{FR: "F"}, Price: -1, Tax: 2000, Artisan: "Quelqu'un d'autre"})
	if err := s.ImportCatalog(bad, false); err == nil {
		t.Fatal("a bad product was imported")
	}
	if as, _ := s.Artisans(); len(as) != 2 {
		t.Fatalf("a refused file created artisans: %+v", as)
	}
	if err := s.ImportCatalog(ps, false); err != nil {
		t.Fatal(err)
	}
	as, _ := s.Artisans()
	if len(as) != 3 || as[2].Name != "Potiers de Tamegroute" || as[2].Commission != 0 {
		t.Fatalf("artisans %+v", as)
	}
	want := map[string]string{"A": fatima.ID, "B": hassan.ID, "C": as[2].ID, "D": as[2].ID, "E": ""}
	for sku, id := range want {
		p, _ := s.Product(sku)
		if p.Artisan != id {
			t.Errorf("%s points at %q, want %q", sku, p.Artisan, id)
		}
	}
}

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

// The cooperative's artisans end to end on 127.0.0.1: artisans made on a
// till, products pointing at them, sales, a refund and payouts (cash from
// the drawer, a transfer); after sync the platform's artisans report is
// the till's, row for row. The artisans reach the second till through the
// feed, and its sales join the platform's report.
func TestArtisansReportOnThePlatformIsTheTills(t *testing.T) {
	e := newEnv(t, "STAND-1")
	e.till.Location = time.UTC
	fatima, hassan := artisansOf(t, e.till)
	sellAndPayOut(t, e, fatima, hassan)
	if _, err := e.sy.SyncOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	from := artisansReportsEqual(t, e)
	artisansOnSecondTill(t, e, fatima, from)
}

// artisansOf makes two artisans on till a, each the maker of a product.
func artisansOf(t *testing.T, a *store.Store) (fatima, hassan *pos.Artisan) {
	fatima = &pos.Artisan{ID: "a-fatima", Name: "Fatima Zahra", Commission: 1500}
	hassan = &pos.Artisan{ID: "a-hassan", Name: "Hassan", Commission: 1250}
	for _, ar := range []*pos.Artisan{fatima, hassan} {
		if err := a.PutArtisan(ar); err != nil {
			t.Fatal(err)
		}
	}
	for sku, who := range map[string]string{"TAJ": fatima.ID, "ARG": hassan.ID} {
		p, _ := a.Product(sku)
		p.Artisan = who
		if err := a.PutProduct(p); err != nil {
			t.Fatal(err)
		}
	}
	return fatima, hassan
}

// cashFor pays an amount in cash, exactly.
func cashFor(m pos.Money) []pos.Tender {
	c, _ := pos.CashTender(m, m)
	return []pos.Tender{c}
}

// sellAndPayOut: sales of both artisans' pieces and of the cooperative's
// own, a refund of one ARG, and a payout to each (cash from the drawer,
// a transfer).
func sellAndPayOut(t *testing.T, e *env, fatima, hassan *pos.Artisan) {
	a := e.till
	sell(t, a, "TAJ", 2, cashFor)
	sale := sell(t, a, "ARG", 3, cashFor)
	sell(t, a, "RUG", 1, cashFor) // the cooperative's own piece: no artisan
	rf, err := pos.Refund(sale, nil, map[int]int64{0: 1}, []pos.Tender{{Kind: pos.TenderCash, Amount: -9900, Given: -9900, Status: pos.StatusApproved}},
		"Ali", e.shift, "Karim", "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Commit(rf); err != nil {
		t.Fatal(err)
	}
	p1, _ := pos.Payout(fatima, 20000, pos.TenderCash, "Ali", e.shift, "Karim", "", time.Now())
	p2, _ := pos.Payout(hassan, 5000, pos.TenderTransfer, "Ali", e.shift, "Karim", "", time.Now())
	for _, d := range []*pos.Document{p1, p2} {
		if err := a.Commit(d); err != nil {
			t.Fatal(err)
		}
	}
}

// artisansReportsEqual: after sync the platform's artisans report of
// today is the till's, row for row. It returns today.
func artisansReportsEqual(t *testing.T, e *env) (from time.Time) {
	today := time.Now().UTC().Format("2006-01-02")
	till, err := e.till.ArtisansReport(today, today)
	if err != nil {
		t.Fatal(err)
	}
	from, _ = time.Parse("2006-01-02", today)
	plat, err := platform.MerchantArtisans(e.plat, e.merchant, from, from.AddDate(0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	if len(till.Rows) != 2 || till.Rows[0].Sales != 30000 || till.Rows[1].Sales != 19800 || till.Rows[0].Paid != 20000 {
		t.Fatalf("till report %+v", till.Rows)
	}
	if len(plat.Rows) != len(till.Rows) || plat.Total != till.Total {
		t.Fatalf("platform %+v\ntill %+v", plat, till)
	}
	for i := range till.Rows {
		if plat.Rows[i] != till.Rows[i] {
			t.Errorf("row %d: platform %+v, till %+v", i, plat.Rows[i], till.Rows[i])
		}
	}
	return from
}

// artisansOnSecondTill: the second till gets the artisans from the feed
// and sells a piece; the platform's report adds it to the first till's.
func artisansOnSecondTill(t *testing.T, e *env, fatima *pos.Artisan, from time.Time) {
	ctx := context.Background()
	b := e.newTill("STAND-2", e.srv.URL)
	syB := tillsync.New(b)
	if _, err := syB.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if got, err := b.Artisan(fatima.ID); err != nil || got.Commission != 1500 {
		t.Fatalf("till B: %+v %v", got, err)
	}
	p, _ := b.Product("TAJ")
	p.Artisan = fatima.ID
	b.PutProduct(p)
	sell(t, b, "TAJ", 1, cashFor)
	if _, err := syB.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	plat, err := platform.MerchantArtisans(e.plat, e.merchant, from, from.AddDate(0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	if f := plat.Rows[0]; f.Artisan != fatima.ID || f.Pieces != 3 || f.Sales != 45000 || f.Commission != 6750 || f.Balance != 45000-6750-20000 {
		t.Fatalf("platform across both tills: %+v", f)
	}
}

package sync_test

import (
	"context"
	"testing"
	"time"

	"hanout/pos"
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
	ctx := context.Background()
	a := e.till
	a.Location = time.UTC
	fatima := &pos.Artisan{ID: "a-fatima", Name: "Fatima Zahra", Commission: 1500}
	hassan := &pos.Artisan{ID: "a-hassan", Name: "Hassan", Commission: 1250}
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
	cash := func(m pos.Money) []pos.Tender {
		c, _ := pos.CashTender(m, m)
		return []pos.Tender{c}
	}
	sell(t, a, "TAJ", 2, cash)
	sale := sell(t, a, "ARG", 3, cash)
	sell(t, a, "RUG", 1, cash) // the cooperative's own piece: no artisan
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
	if _, err := e.sy.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	today := time.Now().UTC().Format("2006-01-02")
	till, err := a.ArtisansReport(today, today)
	if err != nil {
		t.Fatal(err)
	}
	from, _ := time.Parse("2006-01-02", today)
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

	// The second till gets the artisans from the feed and sells a piece.
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
	sell(t, b, "TAJ", 1, cash)
	if _, err := syB.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	plat, err = platform.MerchantArtisans(e.plat, e.merchant, from, from.AddDate(0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	if f := plat.Rows[0]; f.Artisan != fatima.ID || f.Pieces != 3 || f.Sales != 45000 || f.Commission != 6750 || f.Balance != 45000-6750-20000 {
		t.Fatalf("platform across both tills: %+v", f)
	}
}

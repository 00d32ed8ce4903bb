package platform_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"hanout/pos"
	"hanout/sync/platform"
	"hanout/sync/wire"
)

// The merchant's page shows the artisans report across its tills, in
// each language, and artisans.csv has the till's columns and figures.
func TestMerchantPageArtisans(t *testing.T) {
	f := newWebFix(t, false)
	tms, err := f.st.Terminals(f.m1.ID)
	if err != nil || len(tms) != 1 {
		t.Fatal(tms, err)
	}
	at := webNow.Add(-2 * time.Hour)
	mk := func(d *pos.Document) platform.Doc {
		b, _ := json.Marshal(d)
		return platform.Doc{Raw: b, Doc: d}
	}
	sale := &pos.Document{ID: pos.NewID(), Kind: pos.KindSale, Terminal: "FES-1", Receipt: 900, Seq: 900, Time: at, Cashier: "Ali", Total: 123456,
		Lines:   []pos.Line{{SKU: "RUG", Qty: 1, Price: 123456, Total: 123456, Artisan: "a-khadija"}},
		Tenders: []pos.Tender{{Kind: pos.TenderCard, Amount: 123456, Status: pos.StatusApproved}}}
	pay := &pos.Document{ID: pos.NewID(), Kind: pos.KindPayout, Terminal: "FES-1", Seq: 901, Time: at.Add(time.Minute), Cashier: "Ali",
		Artisan: "a-khadija", Cash: 50000, ApprovedBy: "Fatima", Tenders: []pos.Tender{{Kind: pos.TenderCash, Amount: -50000, Status: pos.StatusApproved}}}
	if _, err := f.st.Ingest(tms[0], []platform.Doc{mk(sale), mk(pay)}, webNow); err != nil {
		t.Fatal(err)
	}
	rec := wire.Record{Kind: pos.RecordArtisan, ID: "a-khadija", Data: []byte(`{"id":"a-khadija","name":"Khadija Aït Ahmed","commission":1500}`), Time: at, Doc: pos.NewID()}
	if err := f.st.PutRecords(f.m1.ID, []wire.Record{rec}, webNow); err != nil {
		t.Fatal(err)
	}
	b := f.browser()
	b.login(f.u1.Email, webPassword)
	// 1 234.56 sold, 15 % = 185.18 (185.184), 1 049.38 owed, 500 paid.
	for _, c := range []struct{ lang, title string }{{"fr", "Par artisan"}, {"ar", "حسب الحرفي"}, {"en", "Per artisan"}} {
		b.lang = c.lang
		code, page, _ := b.get("/m/" + f.m1.ID)
		if code != 200 {
			t.Fatalf("%s: %d", c.lang, code)
		}
		l := pos.ParseLang(c.lang)
		contains(t, page, c.title, "Khadija Aït Ahmed", pos.Money(123456).Format(l), pos.Money(18518).Format(l),
			pos.Money(104938).Format(l), pos.Money(54938).Format(l), "/artisans.csv?from=2026-11-28&amp;to=2026-11-28")
	}
	_, body, h := b.get("/m/" + f.m1.ID + "/artisans.csv?from=2026-11-28&to=2026-11-28")
	want := "artisan,pieces,sales,commission,owed,paid,balance\nKhadija Aït Ahmed,1,1234.56,185.18,1049.38,500.00,549.38\n"
	if !strings.HasPrefix(h.Get("Content-Type"), "text/csv") || body != want {
		t.Fatalf("artisans.csv %q:\n%s", h.Get("Content-Type"), body)
	}
	// A period before the sale: nothing sold or paid in it, nothing owed yet.
	_, body, _ = b.get("/m/" + f.m1.ID + "/artisans.csv?from=2026-11-01&to=2026-11-02")
	if body != "artisan,pieces,sales,commission,owed,paid,balance\nKhadija Aït Ahmed,0,0.00,0.00,0.00,0.00,0.00\n" {
		t.Fatalf("earlier period:\n%s", body)
	}
}

package export

import (
	"bytes"
	"testing"
	"time"

	"hanout/pos"
)

func TestCSV(t *testing.T) {
	d := &pos.Document{Kind: pos.KindRefund, Terminal: "T1", Receipt: 12, ID: "u-1", Cashier: "Ali",
		Time: time.Date(2026, 11, 28, 10, 5, 0, 0, time.FixedZone("MA", 3600)), Total: -12345, RefundOfReceipt: 3,
		Taxes:   []pos.TaxLine{{Rate: 2000, Gross: -12345, Tax: -2058, Net: -10287}},
		Tenders: []pos.Tender{{Kind: pos.TenderCash, Amount: -12345, Status: pos.StatusApproved}, {Kind: pos.TenderCard, Amount: 5, Status: pos.StatusRefused}}}
	var b bytes.Buffer
	if err := WriteCSV(&b, []Row{RowOf(d)}); err != nil {
		t.Fatal(err)
	}
	want := "terminal,receipt,id,time,kind,total,tax,tenders,cashier,refund_of\nT1,12,u-1,2026-11-28T09:05:00Z,refund,-123.45,-20.58,cash:-123.45,Ali,3\n"
	if b.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", b.String(), want)
	}
	if err := Write(&b, "xml", nil); pos.KeyOf(err) != "export.format" {
		t.Fatalf("xml: %v", err)
	}
}

// Foreign banknotes are exported as their own tender kinds, cash_eur and
// cash_usd, with the dirham value they paid.
func TestForeignTenderKinds(t *testing.T) {
	eur, err := pos.ForeignTender(pos.TenderCashEUR, 5000, 108523, 80000)
	if err != nil {
		t.Fatal(err)
	}
	usd, err := pos.ForeignTender(pos.TenderCashUSD, 1000, 99870, 80000-eur.Amount)
	if err != nil {
		t.Fatal(err)
	}
	cash, _ := pos.CashTender(20000, 80000-eur.Amount-usd.Amount)
	d := &pos.Document{Kind: pos.KindSale, Terminal: "T1", Receipt: 7, ID: "u-7", Cashier: "Ali", Total: 80000,
		Time: time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC), Tenders: []pos.Tender{eur, usd, cash}}
	if got := RowOf(d).Tenders; got != "cash_eur:542.62|cash_usd:99.87|cash:157.51" {
		t.Fatalf("tenders %q", got)
	}
}

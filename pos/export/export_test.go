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

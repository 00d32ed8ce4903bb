package store

import (
	"strings"
	"testing"
	"time"

	"hanout/pos"
)

// The rates foreign banknotes are taken at are a manager's setting: each
// change is a chained journal event (who, before, after), and a till that
// never set them takes its receipts' indicative rates.
func TestRatesAreAJournaledSetting(t *testing.T) {
	s, _ := openTemp(t)
	if err := s.PutShop(pos.Shop{Name: "Tifawin", Terminal: "STAND-1", RateEUR: 1085, RateUSD: 1000}); err != nil {
		t.Fatal(err)
	}
	r, err := s.Rates()
	if err != nil || r != (pos.Rates{EUR: 108500, USD: 100000}) {
		t.Fatalf("indicative fallback %+v %v", r, err)
	}
	base := s.Counters()
	s.SetActor("Driss")
	if err := s.PutRates(pos.Rates{EUR: 108523, USD: 99870}); err != nil {
		t.Fatal(err)
	}
	if err := s.PutRates(pos.Rates{EUR: 108523, USD: 99870}); err != nil { // the same: no event
		t.Fatal(err)
	}
	if err := s.PutRates(pos.Rates{EUR: 109000, USD: 99870}); err != nil {
		t.Fatal(err)
	}
	if err := s.PutRates(pos.Rates{EUR: -1}); pos.KeyOf(err) != "currency.rate_invalid" {
		t.Fatalf("negative rate: %v", err)
	}
	if r, _ := s.Rates(); r != (pos.Rates{EUR: 109000, USD: 99870}) {
		t.Fatalf("rates %+v", r)
	}
	evs, _ := s.Events("", "")
	var rates []*pos.Document
	for _, d := range evs {
		if d.Event.Key == "rates" {
			rates = append(rates, d)
		}
	}
	if len(rates) != 2 || rates[0].Cashier != "Driss" || rates[0].Event.Before != "" ||
		rates[1].Event.Before != `{"eur":108523,"usd":99870}` || rates[1].Event.After != `{"eur":109000,"usd":99870}` {
		for _, d := range rates {
			t.Logf("%s %+v", d.Cashier, d.Event)
		}
		t.Fatalf("%d rate events", len(rates))
	}
	if c := s.Counters(); c.Seq != base.Seq+2 || c.Unsynced != base.Unsynced+2 {
		t.Fatalf("counters %+v (before %+v)", c, base)
	}
	if _, err := s.Verify(); err != nil {
		t.Fatal(err)
	}
}

// A sale paid in euros and dirhams, committed, reread, and the shift
// closed with the banknotes counted per currency: the Z report from the
// store shows each currency expected and counted.
func TestForeignCashThroughTheStore(t *testing.T) {
	s, _ := openTemp(t)
	seedProducts(t, s)
	sh := openShift(t, s) // float 500.00
	p, _ := s.Product("TAJ")
	var tk pos.Ticket
	if err := tk.Add(p, 1); err != nil { // 150.00
		t.Fatal(err)
	}
	eur, err := pos.ForeignTender(pos.TenderCashEUR, 2000, 108523, 15000) // 20 € = 217.05 DH
	if err != nil {
		t.Fatal(err)
	}
	d, err := tk.Sale([]pos.Tender{eur}, "Ali", sh, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(d); err != nil {
		t.Fatal(err)
	}
	got, err := s.ByReceipt(d.Receipt)
	if err != nil || got.Tenders[0] != eur {
		t.Fatalf("reread %+v %v", got.Tenders, err)
	}
	closeDoc, err := pos.CloseShiftForeign("Ali", sh, map[int]int{20000: 2, 5000: 0, 2000: 1, 1000: 1, 200: 1, 50: 1, 20: 2},
		map[string]map[int]int{"EUR": {2000: 1}}, "Driss", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(closeDoc); err != nil {
		t.Fatal(err)
	}
	z, err := s.ShiftReport(sh)
	if err != nil {
		t.Fatal(err)
	}
	// 500.00 float - 67.05 change = 432.95 expected; counted 432.90.
	if z.Kind != "Z" || z.ExpectedCash != 43295 || z.Counted != 43290 || z.Variance != -5 {
		t.Fatalf("dirhams: expected %d counted %d variance %d", z.ExpectedCash, z.Counted, z.Variance)
	}
	if len(z.Foreign) != 1 || z.Foreign[0] != (pos.ForeignCash{Currency: "EUR", Count: 1, Value: 21705, Expected: 2000, Counted: 2000}) {
		t.Fatalf("foreign %+v", z.Foreign)
	}
	stored, _ := s.Document(closeDoc.Seq)
	if !strings.Contains(stored.Shift, sh) || stored.CountedForeign["EUR"][2000] != 1 {
		t.Fatalf("close as stored %+v", stored)
	}
}

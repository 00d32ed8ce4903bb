package platform

import (
	"testing"
	"time"

	"hanout/pos"
)

// A tourist's euros and dollars count at their dirham value, each in its
// own column of the day (the tender mix shows them beside cash).
func TestTallyCountsForeignNotesAsCash(t *testing.T) {
	eur, err := pos.ForeignTender(pos.TenderCashEUR, 5000, 108523, 80000)
	if err != nil {
		t.Fatal(err)
	}
	usd, err := pos.ForeignTender(pos.TenderCashUSD, 1000, 99870, 80000-eur.Amount)
	if err != nil {
		t.Fatal(err)
	}
	card := pos.Tender{Kind: pos.TenderCard, Amount: 80000 - eur.Amount - usd.Amount, Status: pos.StatusApproved}
	f, ok := Tally(&pos.Document{Kind: pos.KindSale, Total: 80000, Time: time.Now(), Tenders: []pos.Tender{eur, usd, card}})
	if !ok || f.EUR != 54262 || f.USD != 9987 || f.Cash != 0 || f.Card != card.Amount || f.Other != 0 || f.Tendered() != 80000 {
		t.Fatalf("figure %+v", f)
	}
}

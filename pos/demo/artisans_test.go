package demo

import (
	"testing"
	"time"

	"hanout/pos"
)

// The demo cooperative has five artisans with commissions whose pieces
// sold, and one payout; its report's sales are the sum of its lines.
func TestSeedHasArtisansAndAPayout(t *testing.T) {
	s := seeded(t, Options{Days: 7, Seed: 3, Now: time.Date(2026, 11, 28, 12, 0, 0, 0, time.Local)})
	as, err := s.Artisans()
	if err != nil || len(as) != 5 {
		t.Fatalf("%d artisans %v", len(as), err)
	}
	r, err := s.ArtisansReport("", "")
	if err != nil {
		t.Fatal(err)
	}
	var sold, paid int
	var sum pos.Money
	for _, row := range r.Rows {
		if !row.Known || row.Rate == 0 {
			t.Errorf("row %+v", row)
		}
		if row.Pieces > 0 {
			sold++
		}
		if row.Paid > 0 {
			paid++
		}
		sum += row.Sales
	}
	if sold < 4 || paid != 1 || r.Total.Paid <= 0 || sum != r.Total.Sales {
		t.Fatalf("sold %d paid %d: %+v", sold, paid, r.Total)
	}
}

package receipt

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"hanout/pos"
)

func sampleArtisans() *pos.ArtisansReport {
	_, shop := Sample()
	_ = shop
	from := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	rows := []pos.ArtisanRow{
		{Artisan: "a-1", Name: "Fatima Zahra", Rate: 1500, Known: true, Pieces: 3, Sales: 120000, Paid: 50000},
		{Artisan: "a-2", Name: "حسن الفخاري", Rate: 1250, Known: true, Pieces: 12, Sales: 33333},
	}
	r := &pos.ArtisansReport{From: from, To: from.AddDate(0, 1, 0)}
	for _, row := range rows {
		row.Commission = pos.CommissionOf(row.Sales, row.Rate)
		row.Owed = row.Sales - row.Commission
		row.Balance = row.Owed - row.Paid
		r.Rows = append(r.Rows, row)
		r.Total.Pieces += row.Pieces
		r.Total.Sales += row.Sales
		r.Total.Commission += row.Commission
		r.Total.Owed += row.Owed
		r.Total.Paid += row.Paid
		r.Total.Balance += row.Balance
	}
	return r
}

// The printed artisans report, as text at 32 and 48 columns.
func TestArtisansGolden(t *testing.T) {
	_, shop := Sample()
	for _, lang := range []pos.Lang{pos.FR, pos.AR} {
		for _, c := range []struct{ mm, cols int }{{58, 32}, {80, 48}} {
			name := fmt.Sprintf("artisans_%s_%d", lang, c.mm)
			t.Run(name, func(t *testing.T) {
				r := Artisans(sampleArtisans(), shop, ArtisansOptions{Lang: lang, Terminal: "STAND-1",
					Printed: time.Date(2026, 12, 1, 18, 30, 0, 0, time.UTC)})
				if r.Cash || r.Receipt != 0 {
					t.Fatal("a report opens no drawer and has no receipt number")
				}
				golden(t, name+".txt", strings.Join(r.TextLines(c.cols), "\n")+"\n")
			})
		}
	}
}

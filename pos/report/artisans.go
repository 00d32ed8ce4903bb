package report

import (
	"encoding/csv"
	"io"
	"strconv"

	"hanout/pos"
)

// ArtisansColumns is the header of the artisans report as CSV, the same on
// the till (hanout report artisans --format csv) and on the platform.
var ArtisansColumns = []string{"artisan", "pieces", "sales", "commission", "owed", "paid", "balance"}

// ArtisansCSV writes one row per artisan (by name, as the report orders
// them), amounts in dirhams with a dot ("1200.00"), no total row.
func ArtisansCSV(w io.Writer, r *pos.ArtisansReport) error {
	cw := csv.NewWriter(w)
	cw.Write(ArtisansColumns)
	for _, row := range r.Rows {
		cw.Write([]string{row.Name, strconv.FormatInt(row.Pieces, 10), row.Sales.Decimal(), row.Commission.Decimal(),
			row.Owed.Decimal(), row.Paid.Decimal(), row.Balance.Decimal()})
	}
	cw.Flush()
	return cw.Error()
}

// Package export writes committed sales and refunds in the formats
// accountants and the platform share. The till's `hanout sales export` and
// the platform's `hanout-platform sales export` both use it, so their
// outputs can be compared byte for byte.
package export

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"hanout/pos"
)

// Header is the CSV header row.
var Header = []string{"terminal", "receipt", "id", "time", "kind", "total", "tax", "tenders", "cashier", "refund_of"}

// Row is one document as exported.
type Row struct {
	Terminal string `json:"terminal"`
	Receipt  uint64 `json:"receipt"`
	ID       string `json:"id"`
	Time     string `json:"time"` // RFC 3339 in UTC
	Kind     string `json:"kind"` // sale or refund
	Total    string `json:"total"`
	Tax      string `json:"tax"`
	Tenders  string `json:"tenders"` // "cash:100.00|card:20.00", unverified tenders marked "?"
	Cashier  string `json:"cashier"`
	RefundOf uint64 `json:"refund_of,omitempty"`
}

// Included reports whether a document is exported: sales and refunds only.
func Included(d *pos.Document) bool { return d.Kind == pos.KindSale || d.Kind == pos.KindRefund }

// RowOf converts a sale or refund.
func RowOf(d *pos.Document) Row {
	var tax pos.Money
	for _, t := range d.Taxes {
		tax += t.Tax
	}
	var tenders []string
	for _, t := range d.Tenders {
		if t.Status == pos.StatusRefused {
			continue
		}
		s := string(t.Kind) + ":" + t.Amount.Decimal()
		if t.Status == pos.StatusUnverified {
			s += "?"
		}
		tenders = append(tenders, s)
	}
	return Row{
		Terminal: d.Terminal, Receipt: d.Receipt, ID: d.ID, Time: d.Time.UTC().Format(time.RFC3339),
		Kind: string(d.Kind), Total: d.Total.Decimal(), Tax: tax.Decimal(),
		Tenders: strings.Join(tenders, "|"), Cashier: d.Cashier, RefundOf: d.RefundOfReceipt,
	}
}

// Sort orders rows by terminal then receipt number, the order both ends
// export in.
func Sort(rows []Row) {
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].Terminal != rows[j].Terminal {
			return rows[i].Terminal < rows[j].Terminal
		}
		return rows[i].Receipt < rows[j].Receipt
	})
}

// WriteCSV writes rows as UTF-8 CSV with a header.
func WriteCSV(w io.Writer, rows []Row) error {
	cw := csv.NewWriter(w)
	cw.Write(Header)
	for _, r := range rows {
		ref := ""
		if r.RefundOf > 0 {
			ref = strconv.FormatUint(r.RefundOf, 10)
		}
		cw.Write([]string{r.Terminal, strconv.FormatUint(r.Receipt, 10), r.ID, r.Time, r.Kind, r.Total, r.Tax, r.Tenders, r.Cashier, ref})
	}
	cw.Flush()
	return cw.Error()
}

// WriteJSON writes rows as a JSON array, one row per line.
func WriteJSON(w io.Writer, rows []Row) error {
	if _, err := io.WriteString(w, "[\n"); err != nil {
		return err
	}
	for i, r := range rows {
		b, err := json.Marshal(r)
		if err != nil {
			return err
		}
		if i > 0 {
			io.WriteString(w, ",\n")
		}
		w.Write(b)
	}
	_, err := io.WriteString(w, "\n]\n")
	return err
}

// Write writes rows in format "csv" or "json".
func Write(w io.Writer, format string, rows []Row) error {
	switch format {
	case "csv", "":
		return WriteCSV(w, rows)
	case "json":
		return WriteJSON(w, rows)
	}
	return pos.Errorf("export.format", format)
}

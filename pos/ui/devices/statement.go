package devices

import (
	"time"

	"hanout/drivers/printq"
	"hanout/pos/receipt"
	"hanout/pos/store"
)

var _ printq.ReportSource = Queue{}

// PrintReport lays out a queued printout that is no receipt, from the
// store as it is now: "statement" is the statement of customer key.
func (q Queue) PrintReport(report, key string) (*receipt.Receipt, error) {
	shop, _, err := q.Store.Shop()
	if err != nil {
		return nil, err
	}
	switch report {
	case "statement":
		c, err := q.Store.Customer(key)
		if err != nil {
			return nil, err
		}
		lines, err := q.Store.Statement(key)
		if err != nil {
			return nil, err
		}
		return receipt.Statement(c, lines, shop, receipt.StatementOptions{Printed: time.Now()}), nil
	case store.ArtisansPrint:
		return q.artisansReport(key, shop) // artisans.go
	}
	return nil, printq.ErrUnknownReport(report)
}

package platform

import (
	"fmt"
	"time"

	"hanout/pos"
	"hanout/sync/wire"
)

// StockSum sums a push's stock moves of ordinary products, so that a
// store's feed carries one change per product and push instead of one per
// sale line. Unique pieces keep one change per sale: their oversells name
// the sales.
type StockSum struct {
	delta map[string]int64
	order []string
}

// Add adds delta to the sum of sku.
func (a *StockSum) Add(sku string, delta int64) {
	if a.delta == nil {
		a.delta = map[string]int64{}
	}
	if _, ok := a.delta[sku]; !ok {
		a.order = append(a.order, sku)
	}
	a.delta[sku] += delta
}

// Changes are the stock changes of the sums that are not zero, from
// origin at now, in the order the products first moved.
func (a *StockSum) Changes(origin string, now time.Time) []wire.Change {
	var out []wire.Change
	for _, sku := range a.order {
		if d := a.delta[sku]; d != 0 {
			out = append(out, wire.Change{Kind: wire.ChangeStock, SKU: sku, Delta: d, Origin: origin, Time: now})
		}
	}
	return out
}

// DescribeProduct names a version of a product in a Conflict:
// "Name" at price (edited time).
func DescribeProduct(p pos.Product) string {
	return fmt.Sprintf("%q at %s (edited %s)", p.Name.FR, p.Price.Decimal(), p.Updated.UTC().Format(time.RFC3339))
}

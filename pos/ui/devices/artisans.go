package devices

import (
	"strings"
	"time"

	"hanout/pos"
	"hanout/pos/receipt"
)

// artisansReport lays out a queued artisans report: key is "FROM..TO"
// (days, either may be empty), read from the journal as it is now.
func (q Queue) artisansReport(key string, shop pos.Shop) (*receipt.Receipt, error) {
	from, to, _ := strings.Cut(key, "..")
	r, err := q.Store.ArtisansReport(from, to)
	if err != nil {
		return nil, err
	}
	return receipt.Artisans(r, shop, receipt.ArtisansOptions{Terminal: q.Store.Terminal(), Printed: time.Now()}), nil
}

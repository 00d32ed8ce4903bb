package pgstore

import (
	"context"
	"time"

	"hanout/pos"
)

// Payouts returns a merchant's payouts to artisans in [from, to), in time
// order (migration 0012 indexes them).
func (s *Store) Payouts(merchant string, from, to time.Time) (out []*pos.Document, err error) {
	if _, err := s.Merchant(merchant); err != nil {
		return nil, err
	}
	err = s.read(func(ctx context.Context) error {
		return readJSON(ctx, s.pool, "damaged document", func(d pos.Document) { out = append(out, &d) },
			`SELECT raw FROM documents WHERE merchant = $1 AND kind = 'payout'
			AND time >= $2 AND time < $3 ORDER BY time, id`, merchant, from.UTC(), to.UTC())
	})
	return out, wrap(err)
}

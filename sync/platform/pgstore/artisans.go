package pgstore

import (
	"context"
	"encoding/json"
	"fmt"
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
		rows, err := s.pool.Query(ctx, `SELECT raw FROM documents WHERE merchant = $1 AND kind = 'payout'
			AND time >= $2 AND time < $3 ORDER BY time, id`, merchant, from.UTC(), to.UTC())
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var raw []byte
			if err := rows.Scan(&raw); err != nil {
				return err
			}
			var d pos.Document
			if err := json.Unmarshal(raw, &d); err != nil {
				return fmt.Errorf("damaged document: %w", err)
			}
			out = append(out, &d)
		}
		return rows.Err()
	})
	return out, wrap(err)
}

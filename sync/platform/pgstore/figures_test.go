package pgstore

import (
	"context"
	"testing"

	"hanout/sync/platform"
	"hanout/sync/platform/pgstore/pgtest"
	"hanout/sync/platform/storagetest"
)

// A database of before the day books (migration 0016 applied over UTC
// days: no books, no refused counts) has its figures computed again when
// a server opens it.
func TestOldFiguresComputedAgainOnOpen(t *testing.T) {
	url := pgtest.DB(t)
	st := openStore(t, url)
	storagetest.ComputedAgain(t, st, func(merchant, terminal string) {
		for _, q := range []string{
			"DELETE FROM day_hours", "DELETE FROM day_tenders", "DELETE FROM day_products",
			"DELETE FROM days",
			"INSERT INTO days (merchant, day, sales, net, other) VALUES ('" + merchant + "', '2026-05-04', 2, 7580, 7580)",
			"UPDATE terminals SET refused = 0",
			"UPDATE figures_state SET version = ''",
		} {
			if _, err := st.pool.Exec(context.Background(), q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
	}, func() platform.Storage { return openStore(t, url) })
}

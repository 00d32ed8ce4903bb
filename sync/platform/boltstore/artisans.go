package boltstore

import (
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"

	"hanout/pos"
)

// Payouts returns a merchant's payouts to artisans in [from, to), in time
// order.
func (s *Store) Payouts(merchant string, from, to time.Time) (out []*pos.Document, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		return eachDocument(tx, merchant, func(d *pos.Document) {
			if d.Kind == pos.KindPayout && !d.Time.Before(from) && d.Time.Before(to) {
				out = append(out, d)
			}
		})
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time.Before(out[j].Time) })
	return out, err
}

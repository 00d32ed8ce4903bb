package store

import (
	"encoding/json"

	bolt "go.etcd.io/bbolt"
)

// EnqueueReport queues a printout that is no receipt: report names it
// ("statement"), key says of what (the customer's id). The print worker
// lays it out when it prints, from the store as it is then.
func (s *Store) EnqueueReport(report, key string) error {
	return diskErr(s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bPrint)
		id, err := b.NextSequence()
		if err != nil {
			return err
		}
		j, _ := json.Marshal(PrintJob{ID: id, Report: report, Key: key})
		return b.Put(u64(id), j)
	}))
}

package store

import (
	"encoding/json"

	bolt "go.etcd.io/bbolt"
)

// CancelOriginal takes a receipt's first paper copy off the print queue:
// the customer took the digital receipt instead ("no paper"). The sale
// itself is committed and stays; only its waiting print job goes, so a
// printer out of paper does not print it, long after, for nobody. Copies
// asked for from history stay queued. It reports whether a job was still
// waiting: false when there was none (printing on every sale is off) or
// the printer had already taken it. When one was taken off, the receipt
// counts as never printed: Print later prints it as the original.
func (s *Store) CancelOriginal(receipt uint64) (cancelled bool, err error) {
	err = s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bPrint)
		var drop [][]byte
		err := b.ForEach(func(k, v []byte) error {
			var j PrintJob
			if err := json.Unmarshal(v, &j); err != nil {
				return err
			}
			if j.Receipt == receipt && !j.Reprint {
				drop = append(drop, append([]byte(nil), k...))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range drop {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		if len(drop) > 0 {
			cancelled = true
			return tx.Bucket(bOriginal).Delete(u64(receipt))
		}
		return nil
	})
	return cancelled, diskErr(err)
}

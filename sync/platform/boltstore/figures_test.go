package boltstore

import (
	"testing"

	bolt "go.etcd.io/bbolt"

	"hanout/sync/platform"
	"hanout/sync/platform/storagetest"
)

// A file of before the day books (UTC days, no books, no refused counts)
// has its figures computed again when it is opened.
func TestOldFiguresComputedAgainOnOpen(t *testing.T) {
	dir := t.TempDir()
	st, err := Open(dir, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	storagetest.ComputedAgain(t, st, func(merchant, terminal string) {
		err := st.db.Update(func(tx *bolt.Tx) error {
			if err := tx.Bucket(bMeta).Delete(kFigures); err != nil {
				return err
			}
			mb := tx.Bucket(bM).Bucket([]byte(merchant))
			if err := mb.DeleteBucket(bBooks); err != nil {
				return err
			}
			days := mb.Bucket(bDays)
			if err := days.Delete([]byte("2026-05-05")); err != nil {
				return err
			}
			if err := putJSON(days, []byte("2026-05-04"), platform.DayFigure{Sales: 2, Net: 7580, Other: 7580}); err != nil {
				return err
			}
			var tm platform.Terminal
			if _, err := getJSON(tx.Bucket(bTerminals), []byte(terminal), &tm); err != nil {
				return err
			}
			tm.Refused = 0
			return putJSON(tx.Bucket(bTerminals), []byte(terminal), tm)
		})
		if err != nil {
			t.Fatal(err)
		}
		st.Close()
	}, func() platform.Storage {
		st, err = Open(dir, Options{NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		return st
	})
}

package store

import (
	"fmt"
	"sort"

	bolt "go.etcd.io/bbolt"
)

// Schema 1 kept one bucket per index, the chain hashes apart from the
// documents and an outbox key per unsent document, so a sale wrote about
// ten buckets. Schema 2 (migrateJournal) keeps the hash at the head of its
// document, every index in one bucket with runs for receipts, days and
// shifts, and what is unsent as a floor plus the acknowledgements above it.
var (
	v1Docs     = []byte("docs")     // seq -> canonical JSON
	v1Hashes   = []byte("hashes")   // seq -> chain hash
	v1Receipts = []byte("receipts") // receipt -> seq
	v1IDs      = []byte("ids")      // id -> seq
	v1Days     = []byte("days")     // day + seq -> nil
	v1Shifts   = []byte("shifts")   // shift + seq -> nil
	v1Refunds  = []byte("refunds")  // sale seq + refund seq -> nil
	v1Checks   = []byte("checks")   // sale id + seq -> nil
	v1Outbox   = []byte("outbox")   // seq -> 1 until acknowledged
)

// migrateJournal brings a schema-1 store to schema 2 (see above). Nothing
// is recomputed from the documents: every index is read from the old one.
func migrateJournal(tx *bolt.Tx) error {
	for _, b := range [][]byte{bJournal, bIndex, bAcked} {
		if _, err := tx.CreateBucketIfNotExists(b); err != nil {
			return err
		}
	}
	steps := []func(*bolt.Tx) error{migrateEntries, migrateIDs, migrateReceipts, migrateDays, migrateShifts, migrateOutbox}
	for _, step := range steps {
		if err := step(tx); err != nil {
			return err
		}
	}
	if err := copyIndex(tx, v1Refunds, ixRefund); err != nil {
		return err
	}
	if err := copyIndex(tx, v1Checks, ixCheck); err != nil {
		return err
	}
	for _, b := range [][]byte{v1Docs, v1Hashes, v1Receipts, v1IDs, v1Days, v1Shifts, v1Refunds, v1Checks, v1Outbox} {
		if err := tx.DeleteBucket(b); err != nil {
			return fmt.Errorf("bucket %s: %w", b, err)
		}
	}
	return nil
}

// oldBucket is a schema-1 bucket, an error naming it when it is missing.
func oldBucket(tx *bolt.Tx, name []byte) (*bolt.Bucket, error) {
	b := tx.Bucket(name)
	if b == nil {
		return nil, fmt.Errorf("bucket %s is missing", name)
	}
	return b, nil
}

// migrateEntries puts each document behind its chain hash. An entry
// without a hash gets zeros, which Verify then names.
func migrateEntries(tx *bolt.Tx) error {
	docs, err := oldBucket(tx, v1Docs)
	if err != nil {
		return err
	}
	hashes, err := oldBucket(tx, v1Hashes)
	if err != nil {
		return err
	}
	j := journalBucket(tx)
	return docs.ForEach(func(k, v []byte) error {
		h := hashes.Get(k)
		if len(h) != hashSize {
			h = make([]byte, hashSize)
		}
		return j.Put(k, entryValue(h, v))
	})
}

func migrateIDs(tx *bolt.Tx) error { return copyIndex(tx, v1IDs, ixID) }

// copyIndex copies every key of an old index bucket, with its value, under
// tag in the index.
func copyIndex(tx *bolt.Tx, name []byte, tag byte) error {
	old, err := oldBucket(tx, name)
	if err != nil {
		return err
	}
	ix := tx.Bucket(bIndex)
	return old.ForEach(func(k, v []byte) error { return ix.Put(ixKey(tag, k), v) })
}

// migrateReceipts keeps the receipts that start a run.
func migrateReceipts(tx *bolt.Tx) error {
	old, err := oldBucket(tx, v1Receipts)
	if err != nil {
		return err
	}
	ix, meta := tx.Bucket(bIndex), tx.Bucket(bMeta)
	var last uint64
	err = old.ForEach(func(k, v []byte) error {
		seq := getU64(v)
		if last == 0 || seq != last+1 {
			if err := ix.Put(ixKey(ixReceipt, k), v); err != nil {
				return err
			}
		}
		last = seq
		return nil
	})
	if err != nil || last == 0 {
		return err
	}
	return meta.Put(kRcptSeq, u64(last))
}

// migrateDays keeps the entries that start a day.
func migrateDays(tx *bolt.Tx) error {
	return migrateRuns(tx, v1Days, ixDay, kDayRun, func(k []byte) []byte { return k[:len(k)-8] })
}

// migrateShifts keeps the entries that start a shift's run.
func migrateShifts(tx *bolt.Tx) error {
	return migrateRuns(tx, v1Shifts, ixShift, kShiftRun, func(k []byte) []byte { return k[:len(k)-8] })
}

// migrateRuns turns an old index of value + seq keys into runs: the
// entries, in journal order, whose value differs from the one before.
func migrateRuns(tx *bolt.Tx, name []byte, tag byte, current []byte, value func([]byte) []byte) error {
	old, err := oldBucket(tx, name)
	if err != nil {
		return err
	}
	var all []run
	old.ForEach(func(k, _ []byte) error {
		if len(k) > 8 {
			all = append(all, run{start: getU64(k[len(k)-8:]), value: string(value(k))})
		}
		return nil
	})
	sort.Slice(all, func(i, j int) bool { return all[i].start < all[j].start })
	ix := tx.Bucket(bIndex)
	last := ""
	for i, r := range all {
		if i > 0 && r.value == last {
			continue
		}
		if err := ix.Put(ixKey(tag, u64(r.start)), []byte(r.value)); err != nil {
			return err
		}
		last = r.value
	}
	if last == "" {
		return nil
	}
	return tx.Bucket(bMeta).Put(current, []byte(last))
}

// migrateOutbox turns the outbox's keys into the sent floor (just before
// the first unsent entry) and acknowledgements for the entries above it
// that are not in the outbox.
func migrateOutbox(tx *bolt.Tx) error {
	old, err := oldBucket(tx, v1Outbox)
	if err != nil {
		return err
	}
	meta, acked := tx.Bucket(bMeta), tx.Bucket(bAcked)
	last := getU64(meta.Get(kSeq))
	sent, n := last, uint64(0)
	if k, _ := old.Cursor().First(); k != nil {
		sent = getU64(k) - 1
	}
	for seq := sent + 1; seq <= last; seq++ {
		if old.Get(u64(seq)) != nil {
			n++
			continue
		}
		if err := acked.Put(u64(seq), []byte{1}); err != nil {
			return err
		}
	}
	meta.Put(kOutboxSize, u64(n))
	return meta.Put(kSent, u64(sent))
}

// migrateRecent brings schema 2 to schema 3, which adds the bucket of
// recent ids (index.go; migrate creates it with the other buckets). The
// number changes so that the code of schema 2, which would not look there,
// refuses the store instead of missing its last ids.
func migrateRecent(*bolt.Tx) error { return nil }

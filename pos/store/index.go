package store

// The journal's indexes share one bucket (bIndex). A key is a tag byte
// and binary parts, so the keys a commit writes are few and short:
//
//	'i' id                   -> seq    every document, by its id (the last few wait in bRecent, see indexID)
//	'r' receipt              -> seq    the first receipt of each run of receipts on consecutive journal positions
//	'd' seq                  -> day    the first entry of each run of entries of one day
//	's' seq                  -> shift  the first entry of each run of one shift (entries without a shift do not end a run)
//	'f' sale seq, refund seq -> nil    the refunds of a sale
//	'c' sale id, seq         -> nil    the tender checks of a sale
//
// Receipts, days and shifts follow the journal's order, so a sale adds an
// index key only when it starts a run (the first sale of a day or shift,
// the first after a cash move or an event): most commits write the id
// key alone, and that into the bucket of recent ids (indexID), so most
// commits write no index page. Numbers (seq, receipt) are 8 bytes
// big-endian.

import (
	"bytes"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"hanout/pos"
)

const (
	ixID      = 'i'
	ixReceipt = 'r'
	ixDay     = 'd'
	ixShift   = 's'
	ixRefund  = 'f'
	ixCheck   = 'c'
)

// ixKey is an index key: tag then the parts.
func ixKey(tag byte, parts ...[]byte) []byte {
	n := 1
	for _, p := range parts {
		n += len(p)
	}
	k := make([]byte, 1, n)
	k[0] = tag
	for _, p := range parts {
		k = append(k, p...)
	}
	return k
}

// hashSize is the length of the chain hash at the head of a journal value.
const hashSize = 32

// entryValue is a journal value: the chain hash, then the document.
func entryValue(hash, doc []byte) []byte {
	v := make([]byte, 0, len(hash)+len(doc))
	return append(append(v, hash...), doc...)
}

// splitEntry parts a journal value into its chain hash and document
// bytes; both nil for a value too short to be one.
func splitEntry(v []byte) (hash, doc []byte) {
	if len(v) < hashSize {
		return nil, nil
	}
	return v[:hashSize], v[hashSize:]
}

// journalBucket is the journal for appending: pages are filled whole, as
// nothing is ever inserted between two entries.
func journalBucket(tx *bolt.Tx) *bolt.Bucket {
	j := tx.Bucket(bJournal)
	j.FillPercent = 1
	return j
}

// indexBucket is the index for a commit's writes. A commit adds its keys
// at the end of their tag's run: ids are time-ordered (pos.NewID gives
// version 7 UUIDs), and positions, receipts, days and shifts follow the
// journal. With bbolt's default (a leaf split in half) appended keys
// would leave every leaf half empty, so a commit fills leaves to 90%: the
// index stays one third smaller than with random ids (whose leaves were
// 70% full) and a commit splits a leaf less often. The 10% left is for
// the keys that do land between others: version 4 ids of stores from
// before, a refund of an older sale, an id made after the clock stepped
// back. FillPercent holds for this transaction only (bbolt applies it
// when the transaction commits, to every write of the bucket in it); the
// migration, which indexes old random ids, keeps the default.
func indexBucket(tx *bolt.Tx) *bolt.Bucket {
	ix := tx.Bucket(bIndex)
	ix.FillPercent = 0.9
	return ix
}

// seqOfID is the journal position of the document with id, 0 for none:
// among the recent ids, else in the index.
func seqOfID(tx *bolt.Tx, id string) uint64 {
	if r := tx.Bucket(bRecent); r != nil {
		if v := r.Get([]byte(id)); v != nil {
			return getU64(v)
		}
	}
	return getU64(tx.Bucket(bIndex).Get(ixKey(ixID, []byte(id))))
}

// recentIDs is how many ids wait in bRecent before they move to the
// index together. bbolt keeps a bucket inside its parent's page while the
// bucket takes less than a quarter of a page (1 KB) and holds no bucket:
// twelve ids with their positions take 736 bytes. bRecent then lives in
// the root page, which every commit writes anyway (the journal's root
// moves), so a commit writes no index page for its id: the index's leaf
// and branch are written once every twelve commits, with twelve ids
// appended in order.
const recentIDs = 12

// indexID records that id is at key (a journal position).
func indexID(tx *bolt.Tx, id string, key []byte) error {
	r := tx.Bucket(bRecent)
	var ks, vs [][]byte
	c := r.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		ks, vs = append(ks, k), append(vs, v)
	}
	if len(ks) >= recentIDs {
		ix := indexBucket(tx)
		for i, k := range ks {
			if err := ix.Put(ixKey(ixID, k), vs[i]); err != nil {
				return err
			}
		}
		for _, k := range ks {
			if err := r.Delete(k); err != nil {
				return err
			}
		}
	}
	return r.Put([]byte(id), key)
}

// indexEntry adds d's index keys: its id, and the start of a run of its
// day or shift when d starts one.
func (s *Store) indexEntry(tx *bolt.Tx, meta *bolt.Bucket, d *pos.Document, key []byte) error {
	ix := indexBucket(tx)
	if err := indexID(tx, d.ID, key); err != nil {
		return err
	}
	if day := s.day(d.Time); day != string(meta.Get(kDayRun)) {
		if err := ix.Put(ixKey(ixDay, key), []byte(day)); err != nil {
			return err
		}
		meta.Put(kDayRun, []byte(day))
	}
	if d.Shift != "" && d.Shift != string(meta.Get(kShiftRun)) {
		if err := ix.Put(ixKey(ixShift, key), []byte(d.Shift)); err != nil {
			return err
		}
		meta.Put(kShiftRun, []byte(d.Shift))
	}
	return nil
}

// indexReceipt records that receipt d.Receipt is at d.Seq: a key only
// when the previous receipt is not the entry just before.
func indexReceipt(tx *bolt.Tx, meta *bolt.Bucket, d *pos.Document) error {
	if d.Receipt == 1 || getU64(meta.Get(kRcptSeq))+1 != d.Seq {
		if err := tx.Bucket(bIndex).Put(ixKey(ixReceipt, u64(d.Receipt)), u64(d.Seq)); err != nil {
			return err
		}
	}
	return meta.Put(kRcptSeq, u64(d.Seq))
}

// receiptSeq is the journal position of receipt n, 0 for none: the run
// that holds n starts at receipt r0 on position s0, so n is at s0+n-r0.
func receiptSeq(tx *bolt.Tx, n uint64) uint64 {
	if n == 0 || n > getU64(tx.Bucket(bMeta).Get(kReceipt)) {
		return 0
	}
	want := ixKey(ixReceipt, u64(n))
	c := tx.Bucket(bIndex).Cursor()
	k, v := c.Seek(want)
	if !bytes.Equal(k, want) {
		if k == nil {
			k, v = c.Last()
		} else {
			k, v = c.Prev()
		}
	}
	if len(k) != 9 || k[0] != ixReceipt {
		return 0
	}
	return getU64(v) + n - getU64(k[1:])
}

// run is a stretch of the journal from start that shares a day or shift.
type run struct {
	start uint64
	value string
}

// runs lists the runs of one tag in journal order, each ending where the
// next starts (the last at the journal's end).
func runs(tx *bolt.Tx, tag byte) []run {
	var out []run
	c := tx.Bucket(bIndex).Cursor()
	for k, v := c.Seek([]byte{tag}); len(k) > 0 && k[0] == tag; k, v = c.Next() {
		if len(k) == 9 {
			out = append(out, run{start: getU64(k[1:]), value: string(v)})
		}
	}
	return out
}

// inRuns appends to out the documents of the runs that keep accepts, in
// journal order, that filter accepts.
func inRuns(tx *bolt.Tx, tag byte, keep func(string) bool, filter func(*pos.Document) bool, out []*pos.Document) ([]*pos.Document, error) {
	rs := runs(tx, tag)
	last := getU64(tx.Bucket(bMeta).Get(kSeq))
	for i, r := range rs {
		if !keep(r.value) {
			continue
		}
		end := last
		if i+1 < len(rs) {
			end = rs[i+1].start - 1
		}
		var err error
		if out, err = between(tx, r.start, end, filter, out); err != nil {
			return out, err
		}
	}
	return out, nil
}

// between appends to out the documents from..to that filter accepts.
func between(tx *bolt.Tx, from, to uint64, filter func(*pos.Document) bool, out []*pos.Document) ([]*pos.Document, error) {
	for seq := from; seq <= to && seq != 0; seq++ {
		d, err := getDoc(tx, seq)
		if err != nil {
			return out, err
		}
		if filter == nil || filter(d) {
			out = append(out, d)
		}
	}
	return out, nil
}

// receiptsBySeq expands the receipt runs into journal position -> receipt
// number, checking that the runs number receipts 1.. without a gap.
func receiptsBySeq(tx *bolt.Tx) (map[uint64]uint64, error) {
	out := map[uint64]uint64{}
	last := getU64(tx.Bucket(bMeta).Get(kReceipt))
	var want, after uint64 = 1, 0 // next receipt, position it must come after
	c := tx.Bucket(bIndex).Cursor()
	for k, v := c.Seek([]byte{ixReceipt}); len(k) > 0 && k[0] == ixReceipt; k, v = c.Next() {
		if len(k) != 9 {
			continue
		}
		r, seq := getU64(k[1:]), getU64(v)
		if r < want || r > last || (want == 1 && r != 1) {
			return nil, fmt.Errorf("receipt numbers jump from %d to %d", want-1, r)
		}
		for ; want < r; want++ { // the run before goes on to r-1
			after++
			out[after] = want
		}
		if seq <= after {
			return nil, fmt.Errorf("receipt %d comes before receipt %d in the journal", r, r-1)
		}
		out[seq], after, want = r, seq, r+1
	}
	if last > 0 && len(out) == 0 {
		return nil, fmt.Errorf("receipt numbers jump from 0 to %d", last)
	}
	for ; want <= last; want++ {
		after++
		out[after] = want
	}
	return out, nil
}

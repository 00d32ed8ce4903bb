package store

import (
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"hanout/pos"
)

// TestIndexLeavesFillWithTimeOrderedIDs: a commit appends its id to the
// index (ids are time-ordered), and the index's leaves come out nearly
// full. With random ids they were about 70% full; with ordered ids and
// bbolt's default split, 50%.
func TestIndexLeavesFillWithTimeOrderedIDs(t *testing.T) {
	s, err := Open(t.TempDir(), Options{Terminal: "STAND-1", NoSync: true}) // the layout is the same with fsync
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	seedProducts(t, s)
	for _, sku := range []string{"TAJ", "ARG"} {
		p, _ := s.Product(sku)
		p.Stock = 1 << 40
		if err := s.PutProduct(p); err != nil {
			t.Fatal(err)
		}
	}
	sh := openShift(t, s)
	for i := 0; i < 1500; i++ {
		if err := s.Commit(benchSale(s, sh, time.Now())); err != nil {
			t.Fatal(err)
		}
	}
	var st bolt.BucketStats
	s.db.View(func(tx *bolt.Tx) error {
		st = tx.Bucket(bIndex).Stats()
		return nil
	})
	if st.LeafPageN < 10 {
		t.Fatalf("index of %d keys on %d leaves: too few to measure", st.KeyN, st.LeafPageN)
	}
	if fill := float64(st.LeafInuse) / float64(st.LeafAlloc); fill < 0.85 {
		t.Errorf("index leaves %.0f%% full (%d keys on %d leaves), want at least 85%%", 100*fill, st.KeyN, st.LeafPageN)
	}
}

// TestOldRandomIDsStayFound: documents under version 4 ids (stores from
// before, other tills) are found, and refused as duplicates, as
// before, among version 7 ones.
func TestOldRandomIDsStayFound(t *testing.T) {
	s, _ := openTemp(t)
	seedProducts(t, s)
	sh := openShift(t, s)
	v4 := []string{"5f0c2a9e-8d1b-4c3e-9a77-2b6f1d0e4a11", "00000000-0000-4000-8000-000000000001", "ffffffff-ffff-4fff-bfff-ffffffffffff"}
	var sales []*pos.Document
	for i, id := range v4 {
		d := benchSale(s, sh, time.Now())
		d.ID = id
		if err := s.Commit(d); err != nil {
			t.Fatal(err)
		}
		sales = append(sales, d)
		v7 := benchSale(s, sh, time.Now())
		if err := s.Commit(v7); err != nil {
			t.Fatal(err)
		}
		if v7.ID[14] != '7' {
			t.Fatalf("sale %d: id %s is not version 7", i, v7.ID)
		}
		sales = append(sales, v7)
	}
	for _, d := range sales {
		var seq uint64
		s.db.View(func(tx *bolt.Tx) error { seq = seqOfID(tx, d.ID); return nil })
		if seq != d.Seq {
			t.Errorf("id %s: found at %d, committed at %d", d.ID, seq, d.Seq)
		}
		again := *d
		again.Seq = 0
		if err := s.Commit(&again); err != nil || again.Seq != d.Seq {
			t.Errorf("id %s committed again: %v, seq %d (want the stored %d)", d.ID, err, again.Seq, d.Seq)
		}
	}
	other := benchSale(s, sh, time.Now())
	other.ID = v4[0]
	other.Total++
	if err := s.Commit(other); err == nil {
		t.Errorf("a different document under the old id %s was committed", v4[0])
	}
}

// TestRecentIDsSpareTheIndex: the last ids wait in a bucket bbolt keeps
// inside the root page, so most commits leave the index's pages alone;
// every id stays found across the moves to the index, and a retried
// commit of any of them is recognised.
func TestRecentIDsSpareTheIndex(t *testing.T) {
	s, _ := openTemp(t)
	seedProducts(t, s)
	sh := openShift(t, s)
	const n = 3*recentIDs + 5
	indexRoot := func() (root uint64, inline int) {
		s.db.View(func(tx *bolt.Tx) error {
			root = uint64(tx.Bucket(bIndex).RootPage())
			inline = tx.Bucket(bRecent).Stats().InlineBucketN
			return nil
		})
		return
	}
	var sales []*pos.Document
	moved := 0
	root, _ := indexRoot()
	for i := 0; i < n; i++ {
		d := benchSale(s, sh, time.Now())
		if err := s.Commit(d); err != nil {
			t.Fatal(err)
		}
		sales = append(sales, d)
		r, inline := indexRoot()
		if inline != 1 {
			t.Fatalf("after %d sales the recent ids have their own page", i+1)
		}
		if r != root {
			moved++
		}
		root = r
	}
	if moved > n/recentIDs+1 {
		t.Errorf("the index was written by %d commits of %d, want one in %d", moved, n, recentIDs)
	}
	for _, d := range sales {
		got, err := s.ByID(d.ID)
		if err != nil || got.Seq != d.Seq {
			t.Fatalf("ByID(%s): %v, %v (want seq %d)", d.ID, got, err, d.Seq)
		}
		again := *d
		again.Seq = 0
		if err := s.Commit(&again); err != nil || again.Seq != d.Seq {
			t.Errorf("id %s committed again: %v, seq %d (want the stored %d)", d.ID, err, again.Seq, d.Seq)
		}
	}
	last := s.Counters()
	if got := last.Seq; got != sales[n-1].Seq {
		t.Errorf("the retries were stored: last position %d, want %d", got, sales[n-1].Seq)
	}
}

// TestSchema2StoreOpens: a store of schema 2 (no bucket of recent ids,
// every id in the index) is brought to schema 3 on a writing open, and
// its ids are found.
func TestSchema2StoreOpens(t *testing.T) {
	s, dir := openTemp(t)
	seedProducts(t, s)
	sh := openShift(t, s)
	d := benchSale(s, sh, time.Now())
	if err := s.Commit(d); err != nil {
		t.Fatal(err)
	}
	// Write it as schema 2 would have: the id in the index, no recent ids.
	err := s.db.Update(func(tx *bolt.Tx) error {
		for _, id := range []string{d.ID, sh} {
			seq := tx.Bucket(bRecent).Get([]byte(id))
			if err := tx.Bucket(bIndex).Put(ixKey(ixID, []byte(id)), seq); err != nil {
				return err
			}
		}
		if err := tx.DeleteBucket(bRecent); err != nil {
			return err
		}
		return tx.Bucket(bMeta).Put(kSchema, u64(2))
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(dir, Options{ReadOnly: true}); err == nil {
		t.Fatal("a read-only open of schema 2 was allowed")
	}
	s2, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got, err := s2.ByID(d.ID); err != nil || got.Seq != d.Seq {
		t.Fatalf("ByID after migration: %v, %v", got, err)
	}
	next := benchSale(s2, sh, time.Now())
	if err := s2.Commit(next); err != nil {
		t.Fatal(err)
	}
	if got, err := s2.ByID(next.ID); err != nil || got.Seq != next.Seq {
		t.Fatalf("ByID of a sale after migration: %v, %v", got, err)
	}
	var v uint64
	s2.db.View(func(tx *bolt.Tx) error { v = getU64(tx.Bucket(bMeta).Get(kSchema)); return nil })
	if v != SchemaVersion || SchemaVersion != 3 {
		t.Errorf("schema %d after opening, code at %d", v, SchemaVersion)
	}
}

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

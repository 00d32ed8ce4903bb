package storetest_test

import (
	"bytes"
	"testing"
	"time"

	"hanout/pos"
	"hanout/pos/store"
	"hanout/pos/store/storetest"
)

// A forged file still verifies (the chain was recomputed) but the forged
// entry and every later one have new hashes, and the entry reads back
// edited: Forge follows the store's layout.
func TestForgeRewritesTheChain(t *testing.T) {
	dir := t.TempDir()
	s, err := store.Open(dir, store.Options{Terminal: "T", NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	open, _ := pos.OpenShift("Ali", 0, time.Now())
	if err := s.Commit(open); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		var tk pos.Ticket
		tk.Add(&pos.Product{SKU: "X", Price: 5000, Active: true}, 1)
		cash, _ := pos.CashTender(5000, 5000)
		d, err := tk.Sale([]pos.Tender{cash}, "Ali", open.Shift, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(d); err != nil {
			t.Fatal(err)
		}
	}
	before := [][]byte{s.Hash(2), s.Hash(3), s.Hash(4)}
	s.Close()
	storetest.Forge(t, s.Path(), 3, storetest.SetTotal(100))
	s, err = store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, err := s.Verify(); err != nil || n != 4 {
		t.Fatalf("verify the forged file: %d %v", n, err)
	}
	if !bytes.Equal(s.Hash(2), before[0]) || bytes.Equal(s.Hash(3), before[1]) || bytes.Equal(s.Hash(4), before[2]) {
		t.Fatal("the chain was not recomputed from the forged entry on")
	}
	if d, err := s.Document(3); err != nil || d.Total != 100 {
		t.Fatalf("forged entry reads %v %v", d, err)
	}
}

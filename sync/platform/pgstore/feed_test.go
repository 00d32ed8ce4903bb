package pgstore

import (
	"context"
	"encoding/hex"
	"fmt"
	"sync"
	"testing"
	"time"

	"hanout/pos"
	"hanout/sync/platform"
	"hanout/sync/platform/pgstore/pgtest"
	"hanout/sync/wire"
)

func openStore(t *testing.T, url string) *Store {
	t.Helper()
	st, err := Open(context.Background(), url, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func sale(till string, seq uint64) platform.Doc {
	d := &pos.Document{ID: pos.NewID(), Kind: pos.KindSale, Terminal: till, Receipt: seq, Seq: seq, Time: time.Now().UTC(), Cashier: "Ali",
		Lines: []pos.Line{{SKU: "ARG", Qty: 1, Price: 1000, Total: 1000}}, Total: 1000}
	return platform.Doc{Raw: []byte(`{}`), Doc: d}
}

// TestLateCommitIsNotSkipped is the trap of a feed over a plain sequence:
// writer A takes its numbers and commits late, writer B (another server)
// writes after it, and a reader pages in between. The reader must end
// with both changes, each once. The writers store documents as Ingest
// does, and as a push does (IngestChain, whose COMMIT goes with its last
// statements).
func TestLateCommitIsNotSkipped(t *testing.T) {
	t.Run("Ingest", func(t *testing.T) { lateCommit(t, false) })
	t.Run("IngestChain", func(t *testing.T) { lateCommit(t, true) })
}

func lateCommit(t *testing.T, chained bool) {
	ingest := func(st *Store, tm platform.Terminal, d platform.Doc) error {
		if !chained {
			_, err := st.Ingest(tm, []platform.Doc{d}, time.Now())
			return err
		}
		// The first link of the till's chain.
		prev := make([]byte, 32)
		d.Link = wire.Link{Hash: hex.EncodeToString(pos.ChainHash(prev, d.Raw)), Prev: hex.EncodeToString(prev)}
		r, err := st.IngestChain(tm, platform.PushBatch{Docs: []platform.Doc{d}}, time.Now())
		if err == nil && (len(r.Acked) != 1 || len(r.Rejected) != 0) {
			err = fmt.Errorf("push answered %+v", r)
		}
		return err
	}
	url := pgtest.DB(t)
	a, b := openStore(t, url), openStore(t, url)
	m, _ := a.AddMerchant("One")
	t1, code1, _ := a.AddTerminal(m.ID, "STAND-1")
	t2, code2, _ := a.AddTerminal(m.ID, "STAND-2")
	t1, _ = a.Enroll(platform.Enrollment{CodeHash: platform.Hash(code1), TokenHash: "h1"}, time.Now())
	t2, _ = a.Enroll(platform.Enrollment{CodeHash: platform.Hash(code2), TokenHash: "h2"}, time.Now())
	if _, err := a.SetProduct(m.ID, pos.Product{SKU: "ARG", Name: pos.Names{FR: "Argan"}, Price: 1000, Tax: 2000, Stock: 100, Active: true}, time.Now()); err != nil {
		t.Fatal(err)
	}
	read := func(cur uint64) ([]wire.Change, uint64) {
		t.Helper()
		p, err := b.Changes(m.ID, cur, 0)
		if err != nil {
			t.Fatal(err)
		}
		return p.Changes, p.Cursor
	}
	_, cur := read(0)

	holding, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	a.beforeCommit = func(string) { once.Do(func() { close(holding); <-release }) }
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	saleA, saleB := sale("STAND-1", 1), sale("STAND-2", 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		errs <- ingest(a, t1, saleA)
	}()
	<-holding // A has written its change and not committed
	bDone := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(bDone)
		errs <- ingest(b, t2, saleB)
	}()
	// Wait until B has committed, or is waiting for A.
	for waited := false; !waited; {
		select {
		case <-bDone:
			waited = true
		case <-time.After(20 * time.Millisecond):
			var n int
			if err := b.pool.QueryRow(context.Background(),
				"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'").Scan(&n); err != nil {
				close(release)
				wg.Wait()
				t.Fatal(err)
			}
			waited = n > 0
		}
	}
	between, cur := read(cur)
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	after, _ := read(cur)
	seen := map[string]int{}
	for _, c := range append(between, after...) {
		seen[c.Origin]++
	}
	if seen[t1.Till] != 1 || seen[t2.Till] != 1 {
		t.Fatalf("reader saw A's change %d times and B's %d times (between: %d changes, after: %d)", seen[t1.Till], seen[t2.Till], len(between), len(after))
	}
}

// TestMigrationsFromTwoServersAtOnce: servers starting together on an
// empty database apply each migration once.
func TestMigrationsFromTwoServersAtOnce(t *testing.T) {
	url := pgtest.DB(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	stores := make([]*Store, 4)
	for i := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stores[i], errs[i] = Open(context.Background(), url, Options{})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { stores[i].Close() })
	}
	var n, top int
	if err := stores[0].pool.QueryRow(context.Background(), "SELECT count(*), max(version) FROM schema_migrations").Scan(&n, &top); err != nil {
		t.Fatal(err)
	}
	// Migrations are numbered in ranges per piece of work: gaps are fine.
	ms, _ := loadMigrations()
	if n != len(ms) || top != Latest() {
		t.Fatalf("%d migrations recorded, top %d, want %d up to %d", n, top, len(ms), Latest())
	}
	// A store that must not migrate opens an up-to-date database.
	st, err := Open(context.Background(), url, Options{NoMigrate: true})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if _, err := Open(context.Background(), pgtest.DB(t), Options{NoMigrate: true}); err == nil {
		t.Fatal("an empty database opened without migrating")
	}
}

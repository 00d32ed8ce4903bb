package pgstore

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"hanout/pos"
	"hanout/sync/platform"
	"hanout/sync/platform/pgstore/pgtest"
	"hanout/sync/wire"
)

// chainFixture is a merchant with one product (stock 100) and an
// enrolled till, and the till's sales 1..n, chained.
type chainFixture struct {
	st   *Store
	url  string
	term platform.Terminal
	docs []json.RawMessage
	refs []wire.Link
}

func newChainFixture(t *testing.T, n int) *chainFixture {
	url := pgtest.DB(t)
	st := openStore(t, url)
	m, err := st.AddMerchant("Chain")
	if err != nil {
		t.Fatal(err)
	}
	st.SetProduct(m.ID, pos.Product{SKU: "ARG", Name: pos.Names{FR: "Argan"}, Price: 1000, Stock: 100, Active: true}, time.Now())
	_, code, _ := st.AddTerminal(m.ID, "STAND-1")
	tm, err := st.Enroll(platform.Enrollment{CodeHash: platform.Hash(code), TokenHash: "h"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	f := &chainFixture{st: st, url: url, term: tm}
	prev := make([]byte, 32)
	for seq := uint64(1); seq <= uint64(n); seq++ {
		d := pos.Document{ID: pos.NewID(), Kind: pos.KindSale, Terminal: tm.Till, Receipt: seq, Seq: seq, Time: time.Now().UTC(), Cashier: "Ali",
			Lines: []pos.Line{{SKU: "ARG", Qty: 1, Price: 1000, Total: 1000}}, Total: 1000,
			Tenders: []pos.Tender{{Kind: pos.TenderCash, Amount: 1000, Status: pos.StatusApproved}}}
		raw, _ := json.Marshal(d)
		h := pos.ChainHash(prev, raw)
		f.docs = append(f.docs, raw)
		f.refs = append(f.refs, wire.Link{Hash: hex.EncodeToString(h), Prev: hex.EncodeToString(prev)})
		prev = h
	}
	return f
}

// push pushes the sales of the given positions (1-based) through st.
func (f *chainFixture) push(t *testing.T, st *Store, seqs ...int) wire.PushResponse {
	t.Helper()
	resp, err := st.IngestChain(f.term, f.batch(t, seqs...), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func (f *chainFixture) stock(t *testing.T) int64 {
	t.Helper()
	items, err := f.st.Catalog(f.term.Merchant)
	if err != nil || len(items) != 1 {
		t.Fatal(items, err)
	}
	return items[0].Product.Stock
}

// TestIngestChainStoredOnce: a push whose documents are partly stored
// already (a retry whose answer was lost, with more sales since), or that
// carries a document twice, stores each document once and moves the
// stock once, though the first INSERT of a push is a plain one.
func TestIngestChainStoredOnce(t *testing.T) {
	f := newChainFixture(t, 6)
	if r := f.push(t, f.st, 1, 2, 3); len(r.Acked) != 3 || len(r.Rejected) != 0 {
		t.Fatalf("first push: %+v", r)
	}
	if r := f.push(t, f.st, 2, 3, 4, 5); len(r.Acked) != 4 || len(r.Rejected) != 0 {
		t.Fatalf("retry with more: %+v", r)
	}
	if r := f.push(t, f.st, 6, 6); len(r.Acked) != 2 || len(r.Rejected) != 0 {
		t.Fatalf("twice in one push: %+v", r)
	}
	if got := f.stock(t); got != 94 {
		t.Fatalf("stock %d, want 94 (six sales of one)", got)
	}
	rows, err := f.st.Export(f.term.Merchant)
	if err != nil || len(rows) != 6 {
		t.Fatalf("%d documents stored, want 6 (%v)", len(rows), err)
	}
}

// TestIngestChainTwoServers: the same push reaching two servers at once
// (two pools over one database) is stored once: one of them waits on the
// other's key, finds it taken and counts the documents as stored.
func TestIngestChainTwoServers(t *testing.T) {
	f := newChainFixture(t, 50)
	other := openStore(t, f.url)
	var wg sync.WaitGroup
	for _, st := range []*Store{f.st, other} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := wire.PushRequest{V: wire.Version, Docs: f.docs, Chain: f.refs}
			body, _ := json.Marshal(req)
			b, err := platform.DecodePush(body, f.term)
			if err == nil {
				var r wire.PushResponse
				if r, err = st.IngestChain(f.term, b, time.Now()); err == nil && len(r.Acked) != 50 {
					t.Errorf("acked %d of 50: %+v", len(r.Acked), r.Rejected)
				}
			}
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if got := f.stock(t); got != 50 {
		t.Fatalf("stock %d, want 50 (fifty sales of one, once)", got)
	}
	rows, err := f.st.Export(f.term.Merchant)
	if err != nil || len(rows) != 50 {
		t.Fatalf("%d documents stored, want 50 (%v)", len(rows), err)
	}
}

// TestIngestChainFailureRollsBack: a push whose transaction fails after
// its documents and anchors went in (the merchant's row is gone from
// under its terminal) keeps none of them, and leaves its connection,
// the pool's only one, out of the transaction for what comes next.
func TestIngestChainFailureRollsBack(t *testing.T) {
	f := newChainFixture(t, 3)
	one, err := Open(t.Context(), f.url, Options{MaxConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { one.Close() })
	gone := f.term
	gone.Merchant = "m-gone"
	req := wire.PushRequest{V: wire.Version, Docs: f.docs[:2], Chain: f.refs[:2]}
	body, _ := json.Marshal(req)
	b, err := platform.DecodePush(body, gone)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := one.IngestChain(gone, b, time.Now()); !errors.Is(err, platform.ErrNotFound) {
		t.Fatalf("push for a merchant gone: %v", err)
	}
	var docs, runs int
	if err := one.pool.QueryRow(t.Context(), "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM anchor_runs)").Scan(&docs, &runs); err != nil {
		t.Fatal(err)
	}
	if docs != 0 || runs != 0 {
		t.Fatalf("a failed push kept %d documents and %d anchor runs", docs, runs)
	}
	if r := f.push(t, one, 1, 2, 3); len(r.Acked) != 3 || len(r.Rejected) != 0 {
		t.Fatalf("push after the failed one: %+v", r)
	}
	if got := f.stock(t); got != 97 {
		t.Fatalf("stock %d, want 97", got)
	}
}

// TestIngestChainQueryExecModes: a push is stored whichever way pgx is
// told to send statements in the database URL (a pooler in front of the
// database may need one that does not ask PostgreSQL the parameters'
// types first).
func TestIngestChainQueryExecModes(t *testing.T) {
	for _, mode := range []string{"cache_statement", "cache_describe", "describe_exec", "exec", "simple_protocol"} {
		t.Run(mode, func(t *testing.T) {
			f := newChainFixture(t, 4)
			sep := "?"
			if strings.Contains(f.url, "?") {
				sep = "&"
			}
			st, err := Open(t.Context(), f.url+sep+"default_query_exec_mode="+mode, Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			if r := f.push(t, st, 1, 2); len(r.Acked) != 2 || len(r.Rejected) != 0 {
				t.Fatalf("push: %+v", r)
			}
			if r := f.push(t, st, 2, 3, 4); len(r.Acked) != 3 || len(r.Rejected) != 0 {
				t.Fatalf("retry with more: %+v", r)
			}
			if got := f.stock(t); got != 96 {
				t.Fatalf("stock %d, want 96", got)
			}
			as, err := st.Anchors(f.term.Chain(), 0, 10)
			if err != nil || len(as) != 4 || as[3].Hash != f.refs[3].Hash {
				t.Fatalf("anchors %+v (%v)", as, err)
			}
		})
	}
}

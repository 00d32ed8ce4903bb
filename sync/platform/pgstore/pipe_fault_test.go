package pgstore

import (
	"encoding/json"
	"testing"
	"time"

	"hanout/sync/platform"
	"hanout/sync/wire"
)

// batch decodes a push of the fixture's entries seqs.
func (f *chainFixture) batch(t *testing.T, seqs ...int) platform.PushBatch {
	t.Helper()
	req := wire.PushRequest{V: wire.Version}
	for _, s := range seqs {
		req.Docs = append(req.Docs, f.docs[s-1])
		req.Chain = append(req.Chain, f.refs[s-1])
	}
	body, _ := json.Marshal(req)
	b, err := platform.DecodePush(body, f.term)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// kept is what the database holds of the fixture's pushes: documents,
// anchor runs, sales in the day books and in the hours' books.
func (f *chainFixture) kept(t *testing.T, st *Store) (docs, runs, sales, hourSales int64) {
	t.Helper()
	err := st.pool.QueryRow(t.Context(), `SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM anchor_runs),
		(SELECT coalesce(sum(sales), 0) FROM days), (SELECT coalesce(sum(sales), 0) FROM day_hours)`).Scan(&docs, &runs, &sales, &hourSales)
	if err != nil {
		t.Fatal(err)
	}
	return
}

// TestPipeFaults: a push whose transaction (BEGIN with its first batch,
// COMMIT with its last) fails in its last batch, loses its connection
// just before its COMMIT, or meets a serialization failure keeps nothing
// of a failed attempt, commits a retried one once, and leaves the pool's
// only connection fit for the next push.
func TestPipeFaults(t *testing.T) {
	f := newChainFixture(t, 6)
	one, err := Open(t.Context(), f.url, Options{MaxConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { one.Close() })
	exec := func(sql string) {
		t.Helper()
		if _, err := f.st.pool.Exec(t.Context(), sql); err != nil {
			t.Fatal(err)
		}
	}
	nothingKept := func(what string) {
		t.Helper()
		if docs, runs, sales, hours := f.kept(t, one); docs != 0 || runs != 0 || sales != 0 || hours != 0 {
			t.Fatalf("%s: kept %d documents, %d anchor runs, %d sales in days, %d in hours", what, docs, runs, sales, hours)
		}
	}

	// A statement of the last batch (the books' fold, sent with COMMIT) fails.
	exec(`CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'boom'; END $$`)
	exec(`CREATE TRIGGER boom BEFORE INSERT ON day_hours FOR EACH ROW EXECUTE FUNCTION boom()`)
	if _, err := one.IngestChain(f.term, f.batch(t, 1, 2), time.Now()); err == nil {
		t.Fatal("a push whose last statement failed was stored")
	}
	nothingKept("last batch failed")
	exec(`DROP TRIGGER boom ON day_hours`)

	// The connection dies after the last statements, before the COMMIT.
	one.beforeCommit = func(string) {
		exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`)
	}
	if _, err := one.IngestChain(f.term, f.batch(t, 1, 2), time.Now()); err == nil {
		t.Fatal("a push whose connection died before its COMMIT was stored")
	}
	one.beforeCommit = nil
	nothingKept("connection died")

	// A serialization failure in the last batch, the first time only: the
	// push runs again and is stored once.
	// (a sequence, as no rollback takes back its numbers)
	exec(`CREATE SEQUENCE faults`)
	exec(`CREATE FUNCTION once() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
		IF nextval('faults') = 1 THEN RAISE EXCEPTION 'conflict' USING ERRCODE = '40001'; END IF;
		RETURN NEW; END $$`)
	exec(`CREATE TRIGGER once AFTER INSERT ON day_hours FOR EACH ROW EXECUTE FUNCTION once()`)
	r, err := one.IngestChain(f.term, f.batch(t, 1, 2), time.Now())
	if err != nil || len(r.Acked) != 2 || r.Stored != 2 {
		t.Fatalf("push retried after a serialization failure: %+v %v", r, err)
	}
	exec(`DROP TRIGGER once ON day_hours`)
	var tries int64
	if err := f.st.pool.QueryRow(t.Context(), "SELECT last_value FROM faults").Scan(&tries); err != nil || tries < 2 {
		t.Fatalf("the serialization failure was met %d times (%v): no retry", tries, err)
	}
	if docs, runs, sales, hours := f.kept(t, one); docs != 2 || runs != 1 || sales != 2 || hours != 2 {
		t.Fatalf("after the retried push: %d documents, %d anchor runs, %d sales in days, %d in hours", docs, runs, sales, hours)
	}
	if r := f.push(t, one, 2, 3, 4); len(r.Acked) != 3 || r.Stored != 2 || r.Duplicates != 1 {
		t.Fatalf("next push: %+v", r)
	}
	if got := f.stock(t); got != 96 {
		t.Fatalf("stock %d, want 96", got)
	}
}

package pgstore

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"hanout/pos"
	"hanout/sync/platform"
	"hanout/sync/platform/pgstore/pgcluster"
	"hanout/sync/platform/pgstore/pgtest"
	"hanout/sync/wire"
)

// benchSKUs is the benchmarks' catalogue.
var benchSKUs = []string{"ARG", "AML", "SAV", "TAJ"}

// benchTill adds a merchant selling benchSKUs and enrolls its terminal
// BENCH-1 with the token whose hash is tokenHash.
func benchTill(b *testing.B, st *Store, tokenHash string) (platform.Merchant, platform.Terminal) {
	m, _ := st.AddMerchant("Bench")
	_, code, _ := st.AddTerminal(m.ID, "BENCH-1")
	tm, err := st.Enroll(platform.Enrollment{CodeHash: platform.Hash(code), TokenHash: tokenHash}, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range benchSKUs {
		st.SetProduct(m.ID, pos.Product{SKU: s, Name: pos.Names{FR: s}, Price: 1000, Tax: 2000, Stock: 1e9, Active: true}, time.Now())
	}
	return m, tm
}

// benchSale is the i-th sale of a push by till: 1–3 catalogue lines of
// 10 DH, paid in cash; with its JSON.
func benchSale(till string, seq uint64, i int) (*pos.Document, []byte) {
	d := &pos.Document{ID: pos.NewID(), Kind: pos.KindSale, Terminal: till, Receipt: seq, Seq: seq, Time: time.Now().UTC(), Cashier: "Ali"}
	for k := range 1 + i%3 {
		d.Lines = append(d.Lines, pos.Line{SKU: benchSKUs[(i+k)%len(benchSKUs)], Qty: 1, Price: 1000, Total: 1000})
		d.Total += 1000
	}
	d.Tenders = []pos.Tender{{Kind: pos.TenderCash, Amount: d.Total, Given: d.Total, Status: pos.StatusApproved}}
	raw, _ := json.Marshal(d)
	return d, raw
}

// BenchmarkIngest200: one push of 200 sales of 1–3 catalogue lines into
// PostgreSQL (one op = one batch).
func BenchmarkIngest200(b *testing.B) {
	st := openStore(&testing.T{}, pgtest.DB(b))
	defer st.Close()
	_, tm := benchTill(b, st, "h")
	seq := uint64(0)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		docs := make([]platform.Doc, 200)
		for i := range docs {
			seq++
			d, raw := benchSale(tm.Till, seq, i)
			docs[i] = platform.Doc{Raw: raw, Doc: d}
		}
		b.StartTimer()
		if _, err := st.Ingest(tm, docs, time.Now()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(200*b.N)/b.Elapsed().Seconds(), "sales/s")
}

// BenchmarkPush200 is a push of 200 sales through the server's handler
// into PostgreSQL: gzip, the push read, the chain check, the
// transaction, the answer (b.N counts sales).
func BenchmarkPush200(b *testing.B) {
	st := openStore(&testing.T{}, pgtest.DB(b))
	defer st.Close()
	secret := platform.NewSecret(32)
	m, tm := benchTill(b, st, platform.Hash(secret))
	h := (&platform.Server{Store: st}).Handler()
	prev, seq := make([]byte, 32), uint64(0)
	var bodies [][]byte
	for start := 0; start < b.N; start += 200 {
		req := wire.PushRequest{V: 1}
		for i := range min(200, b.N-start) {
			seq++
			_, raw := benchSale(tm.Till, seq, i)
			hash := pos.ChainHash(prev, raw)
			req.Docs = append(req.Docs, raw)
			req.Chain = append(req.Chain, wire.Link{Hash: hex.EncodeToString(hash), Prev: hex.EncodeToString(prev)})
			prev = hash
		}
		body, _ := wire.Gzip(req)
		bodies = append(bodies, body)
	}
	b.ReportAllocs()
	pg0, pgOK := pgCPU(st)
	be0, beOK := backendsCPU(st)
	cpu0 := pgcluster.SelfCPU()
	b.ResetTimer()
	for _, body := range bodies {
		r := httptest.NewRequest("POST", "/v1/merchants/"+m.ID+"/documents", bytes.NewReader(body))
		r.Header.Set("Content-Encoding", "gzip")
		r.Header.Set("Authorization", "Bearer "+platform.Token(tm.ID, secret))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if rec.Code != 200 {
			b.Fatal(rec.Code, rec.Body)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "sales/s")
	// The server's CPU a sale (this process: handler, JSON, pgx; not
	// PostgreSQL's), what wall time on a loaded machine hides.
	b.ReportMetric(float64((pgcluster.SelfCPU()-cpu0).Microseconds())/float64(b.N), "cpu-µs/sale")
	// PostgreSQL's CPU a sale (its server's processes), when it runs
	// on this machine.
	if pg1, ok := pgCPU(st); ok && pgOK {
		b.ReportMetric(float64((pg1-pg0).Microseconds())/float64(b.N), "pg-cpu-µs/sale")
	}
	reportBackends(b, st, be0, beOK)
}

// backendsCPU is the CPU the backends of the store's connections have
// used so far: PostgreSQL's work for the statements alone, without its
// background processes (WAL writer, checkpointer, autovacuum), which come
// and go on their own time and blur pg-cpu-µs/sale on a busy machine.
func backendsCPU(st *Store) (total time.Duration, ok bool) {
	err := scanEach(context.Background(), st.pool, `SELECT pid FROM pg_stat_activity
		WHERE datname = current_database() AND backend_type = 'client backend'`, func(r pgx.Rows) error {
		var pid int
		if err := r.Scan(&pid); err != nil {
			return err
		}
		d, found := pgcluster.ProcCPU(pid)
		if !found {
			return errors.New("no such process")
		}
		total += d
		return nil
	})
	return total, err == nil
}

// reportBackends reports the backends' CPU a sale since be0.
func reportBackends(b *testing.B, st *Store, be0 time.Duration, ok bool) {
	if be1, ok1 := backendsCPU(st); ok && ok1 {
		b.ReportMetric(float64((be1-be0).Microseconds())/float64(b.N), "pg-backend-µs/sale")
	}
}

// pgCPU is the CPU the store's PostgreSQL server has used so far.
func pgCPU(st *Store) (time.Duration, bool) {
	return pgcluster.ServerCPU(context.Background(), st.BackendPID)
}

// BenchmarkFloor200 is the floor BenchmarkPush200 is held to, as in
// `hanout-platform loadtest`: the same kind of sales by a bare multi-row
// INSERT of 200 rows into a table shaped like documents (b.N counts
// sales), with PostgreSQL's CPU a sale.
func BenchmarkFloor200(b *testing.B) {
	st := openStore(&testing.T{}, pgtest.DB(b))
	defer st.Close()
	ctx := context.Background()
	if _, err := st.Pool().Exec(ctx, `CREATE TABLE floor (LIKE documents INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`); err != nil {
		b.Fatal(err)
	}
	type stmt struct {
		sql  string
		args []any
	}
	var stmts []stmt
	seq := uint64(0)
	for start := 0; start < b.N; start += 200 {
		var sb strings.Builder
		sb.WriteString("INSERT INTO floor (merchant, id, terminal, kind, receipt, seq, time, total, raw) VALUES ")
		var args []any
		for i := range min(200, b.N-start) {
			seq++
			d, raw := benchSale("BENCH-1", seq, i)
			if i > 0 {
				sb.WriteString(",")
			}
			n := len(args)
			fmt.Fprintf(&sb, "($%d,$%d,$%d,$%d,$%d,$%d,$%d,$%d,$%d)", n+1, n+2, n+3, n+4, n+5, n+6, n+7, n+8, n+9)
			args = append(args, "m-bench", d.ID, d.Terminal, string(d.Kind), int64(d.Receipt), int64(d.Seq), d.Time, int64(d.Total), raw)
		}
		stmts = append(stmts, stmt{sb.String(), args})
	}
	pg0, pgOK := pgCPU(st)
	be0, beOK := backendsCPU(st)
	b.ResetTimer()
	for _, s := range stmts {
		if _, err := st.Pool().Exec(ctx, s.sql, s.args...); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "sales/s")
	if pg1, ok := pgCPU(st); ok && pgOK {
		b.ReportMetric(float64((pg1-pg0).Microseconds())/float64(b.N), "pg-cpu-µs/sale")
	}
	reportBackends(b, st, be0, beOK)
}

package store

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"hanout/pos"
)

// benchSale is a typical three-line sale.
func benchSale(s *Store, sh string, t time.Time) *pos.Document {
	var tk pos.Ticket
	for _, sku := range []string{"TAJ", "ARG", "TAJ"} {
		p, _ := s.Product(sku)
		tk.Add(p, 1)
	}
	tk.SetPrice(0, 14000, "")
	total, _ := tk.Compute()
	cash, _ := pos.CashTender(total+5000, total)
	d, _ := tk.Sale([]pos.Tender{cash}, "Ali", sh, t)
	return d
}

// BenchmarkCommitSale commits one sale (built outside the timer) with
// fsync: document and chain hash, receipt number, stock, indexes, unsent
// count — one durable transaction. writes/op counts the pages written per commit
// (the meta page included), the cost an fsync pays for.
func BenchmarkCommitSale(b *testing.B) {
	s, _ := openTemp(b)
	seedProducts(b, s)
	sh := openShift(b, s)
	b.ReportAllocs()
	b.ResetTimer()
	var bytes int
	w0 := writes(s.db)
	for i := 0; i < b.N; i++ {
		b.StopTimer() // ringing the sale up is the screens' work, not the commit's
		d := benchSale(s, sh, time.Now())
		b.StartTimer()
		if err := s.Commit(d); err != nil {
			b.Fatal(err)
		}
		if i == 0 {
			c, _ := Canonical(d)
			bytes = hashSize + len(c)
		}
	}
	b.ReportMetric(float64(bytes), "doc-bytes")
	b.ReportMetric(float64(writes(s.db)-w0)/float64(b.N), "writes/op")
}

// BenchmarkRawBoltUpdate is the floor Commit stands on: one bbolt Update
// with fsync writing a sale's journal value (its chain hash and canonical
// bytes, as Commit writes them) under the next key.
func BenchmarkRawBoltUpdate(b *testing.B) {
	s, _ := openTemp(b)
	seedProducts(b, s)
	sh := openShift(b, s)
	sale := benchSale(s, sh, time.Now())
	if err := s.Commit(sale); err != nil {
		b.Fatal(err)
	}
	var doc []byte // the committed sale's journal value: chain hash and canonical bytes
	s.db.View(func(tx *bolt.Tx) error {
		doc = append(doc, tx.Bucket(bJournal).Get(u64(sale.Seq))...)
		return nil
	})
	s.Close()
	db, err := bolt.Open(filepath.Join(b.TempDir(), "raw.db"), 0o600, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("b")); return err })
	b.ReportAllocs()
	b.ResetTimer()
	w0 := writes(db)
	for i := 0; i < b.N; i++ {
		err := db.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte("b")).Put(u64(uint64(i)), doc) })
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(doc)), "doc-bytes")
	b.ReportMetric(float64(writes(db)-w0)/float64(b.N), "writes/op")
}

// BenchmarkCommitVsRaw alternates one Commit and one raw bbolt Update of
// that sale's journal value, so that both meet the disk at the same
// moment: on a shared machine the load changes between two benchmarks run
// one after the other far more than between two neighbouring writes. It
// reports each one's mean and the ratio of their total times.
func BenchmarkCommitVsRaw(b *testing.B) {
	s, _ := openTemp(b)
	seedProducts(b, s)
	sh := openShift(b, s)
	db, err := bolt.Open(filepath.Join(b.TempDir(), "raw.db"), 0o600, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("b")); return err })
	var commit, raw time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d := benchSale(s, sh, time.Now())
		t0 := time.Now()
		if err := s.Commit(d); err != nil {
			b.Fatal(err)
		}
		commit += time.Since(t0)
		var v []byte
		s.db.View(func(tx *bolt.Tx) error {
			v = append(v, tx.Bucket(bJournal).Get(u64(d.Seq))...)
			return nil
		})
		t0 = time.Now()
		err := db.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte("b")).Put(u64(uint64(i)), v) })
		if err != nil {
			b.Fatal(err)
		}
		raw += time.Since(t0)
	}
	b.ReportMetric(float64(commit.Microseconds())/1000/float64(b.N), "commit-ms/op")
	b.ReportMetric(float64(raw.Microseconds())/1000/float64(b.N), "raw-ms/op")
	b.ReportMetric(float64(commit)/float64(raw), "ratio")
}

var (
	bigOnce sync.Once
	bigDir  string
	bigDay  string
)

// TestMain removes the 100,000-sale store the benchmarks built (about
// 200 MB), which outlives any one benchmark's temporary folder.
func TestMain(m *testing.M) {
	code := m.Run()
	if bigDir != "" {
		os.RemoveAll(bigDir)
	}
	os.Exit(code)
}

// bigStore builds, once per run, a store of 100,000 sales: 100 days of
// 1,000 sales each, one shift a day, committed through Commit without
// fsync (the layout is the same; only the build is faster).
func bigStore(b *testing.B) (dir, day string) {
	bigOnce.Do(func() {
		bigDir, _ = os.MkdirTemp("", "hanout-big")
		s, err := Open(bigDir, Options{Terminal: "BIG", NoSync: true})
		if err != nil {
			panic(err)
		}
		seedProducts(b, s)
		p, _ := s.Product("TAJ")
		p.Stock = 1 << 40
		s.PutProduct(p)
		start := time.Date(2026, 1, 1, 9, 0, 0, 0, time.Local)
		for d := 0; d < 100; d++ {
			t := start.AddDate(0, 0, d)
			open, _ := pos.OpenShift("Ali", 50000, t)
			s.Commit(open)
			for i := 0; i < 1000; i++ {
				if err := s.Commit(benchSale(s, open.Shift, t.Add(time.Duration(i)*30*time.Second))); err != nil {
					panic(err)
				}
			}
			cl, _ := pos.CloseShift("Ali", open.Shift, map[int]int{20000: 1}, "F", t.Add(10*time.Hour))
			s.Commit(cl)
		}
		bigDay = start.AddDate(0, 0, 50).Format("2006-01-02")
		s.Close()
	})
	return bigDir, bigDay
}

// BenchmarkOpen100kSales opens a store of 100,000 sales and reads its
// counters, as the till does at start-up.
func BenchmarkOpen100kSales(b *testing.B) {
	dir, _ := bigStore(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, err := Open(dir, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if c := s.Counters(); c.Receipt != 100000 {
			b.Fatal(fmt.Sprint(c))
		}
		s.Close()
	}
}

// BenchmarkZReport1000Sales builds the Z report of one day of 1,000 sales
// in that 100,000-sale store.
func BenchmarkZReport1000Sales(b *testing.B) {
	dir, day := bigStore(b)
	s, err := Open(dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		zs, err := s.ZReports(day)
		if err != nil || len(zs) != 1 || zs[0].Sales != 1000 {
			b.Fatalf("%v %v", zs, err)
		}
	}
}

// writes counts the page writes db has made so far (each fsynced commit
// writes its dirty pages and then its meta page).
func writes(db *bolt.DB) int64 {
	st := db.Stats()
	return st.TxStats.GetWrite()
}

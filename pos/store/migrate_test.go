package store

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"hanout/pos"
)

// fixtureSchema1 is a store written by the schema-1 code (one bucket per
// index, hashes apart from documents, an outbox entry per document), with
// what that code read back from it. TestWriteFixture made both, on the
// commit before schema 2; run again today it would write the current
// layout, so the files are kept as they are.
const fixtureSchema1 = "testdata/schema1"

// fixtureWant is what the store answered about the fixture when it was
// made: every document's bytes and hash, the indexes' answers, the
// counters, the outbox and the quarantine.
type fixtureWant struct {
	Docs       []json.RawMessage   `json:"docs"`
	Hashes     []string            `json:"hashes"`
	Receipts   map[uint64]uint64   `json:"receipts"` // receipt -> seq
	IDs        map[string]uint64   `json:"ids"`
	Days       map[string][]uint64 `json:"days"`
	Shifts     map[string][]uint64 `json:"shifts"`
	Refunds    map[uint64][]uint64 `json:"refunds"` // sale seq -> refund seqs
	Outbox     []uint64            `json:"outbox"`
	Quarantine []Quarantined       `json:"quarantine"`
	Counters   Counters            `json:"counters"`
	Anchored   uint64              `json:"anchored"`
	Verified   int                 `json:"verified"`
}

// TestWriteFixture writes the migration fixture; it runs only when asked
// (HANOUT_WRITE_FIXTURE=1).
func TestWriteFixture(t *testing.T) {
	if os.Getenv("HANOUT_WRITE_FIXTURE") == "" {
		t.Skip("set HANOUT_WRITE_FIXTURE=1 to write " + fixtureSchema1)
	}
	dir, _ := filepath.Abs(fixtureSchema1)
	os.RemoveAll(dir)
	s, err := Open(dir, Options{Terminal: "STAND-7"})
	if err != nil {
		t.Fatal(err)
	}
	s.Location = time.UTC
	day1 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	clock := day1
	s.Now = func() time.Time { clock = clock.Add(time.Minute); return clock }
	seedProducts(t, s)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	sale := func(sh string, sku string, qty int64, tenders ...pos.Tender) *pos.Document {
		t.Helper()
		p, _ := s.Product(sku)
		var tk pos.Ticket
		must(tk.Add(p, qty))
		total, _ := tk.Compute()
		if len(tenders) == 0 {
			cash, _ := pos.CashTender(total, total)
			tenders = []pos.Tender{cash}
		}
		d, err := tk.Sale(tenders, "Ali", sh, s.Now())
		must(err)
		must(s.Commit(d))
		return d
	}
	// Day one: a shift with sales, a refund, a cash move, an unverified
	// payment and its check, a price change in the middle, a close.
	open, _ := pos.OpenShift("Ali", 50000, s.Now())
	must(s.Commit(open))
	s1 := sale(open.Shift, "TAJ", 2)
	sale(open.Shift, "ARG", 1)
	refunds, _ := s.RefundsOf(s1)
	_, total, _ := pos.RefundLines(s1, refunds, map[int]int64{0: 1})
	rf, err := pos.Refund(s1, refunds, map[int]int64{0: 1}, []pos.Tender{{Kind: pos.TenderCash, Amount: total, Given: total, Status: pos.StatusApproved}}, "Ali", open.Shift, "Fatima", "", s.Now())
	must(err)
	must(s.Commit(rf))
	mv, _ := pos.CashMove("Ali", open.Shift, -2000, "sacs", "Fatima", s.Now())
	must(s.Commit(mv))
	p, _ := s.Product("ARG")
	p.Price = 10500
	must(s.PutProduct(p))
	qr := sale(open.Shift, "ARG", 1, pos.Tender{Kind: pos.TenderQRWallet, Amount: 10500, Status: pos.StatusUnverified, Reference: "R1", ApprovedBy: "Fatima"})
	must(s.Commit(&pos.Document{Kind: pos.KindTenderCheck, Shift: open.Shift,
		Check: &pos.TenderCheck{SaleID: qr.ID, Receipt: qr.Receipt, Reference: "R1", Status: pos.StatusApproved, Source: "platform"}}))
	sale(open.Shift, "RUG", 1)
	cl, _ := pos.CloseShift("Ali", open.Shift, map[int]int{20000: 2}, "Fatima", s.Now())
	must(s.Commit(cl))
	// Day two, after the clock went back across midnight once.
	clock = day1.Add(24 * time.Hour)
	open2, _ := pos.OpenShift("Ali", 40000, s.Now())
	must(s.Commit(open2))
	for i := 0; i < 5; i++ {
		sale(open2.Shift, "TAJ", 1)
	}
	clock = time.Date(2026, 3, 1, 23, 50, 0, 0, time.UTC)
	sale(open2.Shift, "ARG", 1)
	clock = day1.Add(25 * time.Hour)
	sale(open2.Shift, "TAJ", 1)
	// The platform acknowledged some, out of order, and refused one.
	must(s.Ack(1, 2, 3, 5, 9))
	must(s.Quarantine(Quarantined{Seq: 4, Code: "invalid", Reason: "test", Time: day1}))
	writeWant(t, s, filepath.Join(dir, "want.json"))
	s.Close()
}

// writeWant records what s answers about its journal.
func writeWant(t *testing.T, s *Store, path string) {
	w := readWant(t, s)
	b, _ := json.MarshalIndent(w, "", " ")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// readWant asks s everything the fixture checks.
func readWant(t *testing.T, s *Store) *fixtureWant {
	t.Helper()
	w := &fixtureWant{Receipts: map[uint64]uint64{}, IDs: map[string]uint64{}, Days: map[string][]uint64{},
		Shifts: map[string][]uint64{}, Refunds: map[uint64][]uint64{}}
	seqs := func(ds []*pos.Document, err error) []uint64 {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		var out []uint64
		for _, d := range ds {
			out = append(out, d.Seq)
		}
		return out
	}
	err := s.Each(0, func(d *pos.Document) error {
		c, _ := Canonical(d)
		w.Docs = append(w.Docs, c)
		w.Hashes = append(w.Hashes, hex.EncodeToString(s.Hash(d.Seq)))
		if d.Receipt > 0 {
			r, err := s.ByReceipt(d.Receipt)
			if err != nil {
				return err
			}
			w.Receipts[d.Receipt] = r.Seq
		}
		byID, err := s.ByID(d.ID)
		if err != nil {
			return err
		}
		w.IDs[d.ID] = byID.Seq
		day := d.Time.In(s.Location).Format("2006-01-02")
		if _, ok := w.Days[day]; !ok {
			w.Days[day] = seqs(s.Days(day, day))
		}
		if _, ok := w.Shifts[d.Shift]; !ok && d.Shift != "" {
			w.Shifts[d.Shift] = seqs(s.Shift(d.Shift))
		}
		if d.Kind == pos.KindSale {
			w.Refunds[d.Seq] = seqs(s.RefundsOf(d))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	w.Days["all"] = seqs(s.Days("", ""))
	ob, err := s.Outbox(1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ob {
		w.Outbox = append(w.Outbox, e.Seq)
	}
	if w.Quarantine, err = s.QuarantineList(); err != nil {
		t.Fatal(err)
	}
	w.Counters, w.Anchored = s.Counters(), s.Anchored()
	if w.Verified, err = s.Verify(); err != nil {
		t.Fatal(err)
	}
	return w
}

// A store written by the schema-1 code opens, is brought to the current
// layout in place, and answers exactly as before: every document with its
// bytes and hash, receipts, ids, days, shifts, refunds, outbox,
// quarantine, counters; the chain verifies. It then takes new documents
// on the same chain.
func TestSchema1StoreMigrates(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(fixtureSchema1, FileName))
	if err != nil {
		t.Fatal(err)
	}
	var want fixtureWant
	b, err := os.ReadFile(filepath.Join(fixtureSchema1, "want.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, FileName), raw, 0o600); err != nil {
		t.Fatal(err)
	}
	// Read-only, an old layout is refused (only a writer migrates).
	if _, err := Open(dir, Options{ReadOnly: true}); pos.KeyOf(err) != "store.old_layout" {
		t.Fatalf("read-only open of schema 1: %v", err)
	}
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.Location = time.UTC
	got := readWant(t, s)
	gb, _ := json.MarshalIndent(got, "", " ")
	wb, _ := json.MarshalIndent(&want, "", " ")
	if string(gb) != string(wb) {
		t.Fatalf("after migration the store answers\n%s\nwant\n%s", gb, wb)
	}
	var v uint64
	s.db.View(func(tx *bolt.Tx) error {
		v = getU64(tx.Bucket(bMeta).Get(kSchema))
		for _, old := range [][]byte{v1Docs, v1Hashes, v1Receipts, v1IDs, v1Days, v1Shifts, v1Refunds, v1Checks, v1Outbox} {
			if tx.Bucket(old) != nil {
				t.Errorf("bucket %s left behind", old)
			}
		}
		return nil
	})
	if v != SchemaVersion {
		t.Fatalf("schema %d after migration", v)
	}
	// The migrated store goes on: the open shift sells, the outbox and
	// the chain carry on from the old entries.
	shift := s.OpenShift()
	if shift == "" {
		t.Fatal("the open shift was lost")
	}
	s.Now = time.Now
	d := sell(t, s, shift, "ARG", 1)
	if d.Receipt != want.Counters.Receipt+1 || d.Seq != want.Counters.Seq+1 {
		t.Fatalf("new sale numbered %d / %d", d.Receipt, d.Seq)
	}
	if n, err := s.Verify(); err != nil || n != want.Verified+1 {
		t.Fatalf("verify after a new sale: %d %v", n, err)
	}
	ob, err := s.Outbox(100)
	if err != nil || len(ob) != len(want.Outbox)+1 || ob[len(ob)-1].Seq != d.Seq ||
		string(ob[len(ob)-1].Prev) != string(s.Hash(d.Seq-1)) {
		t.Fatalf("outbox after a new sale: %d entries, %v", len(ob), err)
	}
	if r, err := s.ByReceipt(d.Receipt); err != nil || r.ID != d.ID {
		t.Fatalf("new receipt: %v", err)
	}
	s.Close()
	// And it reopens as it is, read-only too.
	ro, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := ro.Verify(); err != nil || n != want.Verified+1 {
		t.Fatalf("verify read-only: %d %v", n, err)
	}
	ro.Close()
}

package store

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"hanout/pos"
)

func init() { pos.PINCost = 4 } // bcrypt's minimum: tests check logic, not cost

func openTemp(t testing.TB) (*Store, string) {
	t.Helper()
	dir := t.TempDir()
	s, err := Open(dir, Options{Terminal: "STAND-1"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, dir
}

func seedProducts(t testing.TB, s *Store) {
	t.Helper()
	ps := []pos.Product{
		{SKU: "TAJ", Name: pos.Names{FR: "Tajine", AR: "طاجين"}, Category: "poterie", Price: 15000, Floor: 12000, Tax: 2000, Stock: 100, Active: true, Barcodes: []string{"611000001"}},
		{SKU: "ARG", Name: pos.Names{FR: "Huile d'argan"}, Category: "cosmetique", Price: 9900, Floor: 8000, Tax: 1400, Stock: 100, Active: true},
		{SKU: "RUG", Name: pos.Names{FR: "Tapis Beni Ouarain"}, Category: "tapis", Price: 450000, Floor: 380000, Tax: 2000, Stock: 1, Unique: true, Active: true},
	}
	if err := s.ReplaceCatalog(ps); err != nil {
		t.Fatal(err)
	}
}

func openShift(t testing.TB, s *Store) string {
	t.Helper()
	d, err := pos.OpenShift("Ali", 50000, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(d); err != nil {
		t.Fatal(err)
	}
	return d.Shift
}

func sell(t testing.TB, s *Store, shift string, sku string, qty int64) *pos.Document {
	t.Helper()
	p, err := s.Product(sku)
	if err != nil {
		t.Fatal(err)
	}
	var tk pos.Ticket
	if err := tk.Add(p, qty); err != nil {
		t.Fatal(err)
	}
	total, _ := tk.Compute()
	cash, _ := pos.CashTender(total, total)
	d, err := tk.Sale([]pos.Tender{cash}, "Ali", shift, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(d); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestCommitNumbersReceiptsAndMovesStock(t *testing.T) {
	s, _ := openTemp(t)
	seedProducts(t, s)
	sh := openShift(t, s)
	a := sell(t, s, sh, "TAJ", 2)
	b := sell(t, s, sh, "ARG", 1)
	if a.Receipt != 1 || b.Receipt != 2 || a.Terminal != "STAND-1" || a.Seq != 2 {
		t.Fatalf("receipts %d %d terminal %q seq %d", a.Receipt, b.Receipt, a.Terminal, a.Seq)
	}
	p, _ := s.Product("TAJ")
	if p.Stock != 98 {
		t.Fatalf("stock %d", p.Stock)
	}
	got, err := s.ByReceipt(1)
	if err != nil || got.ID != a.ID || got.Total != 30000 {
		t.Fatalf("ByReceipt: %+v %v", got, err)
	}
	c := s.Counters()
	if c.Unsynced != 3 || c.GrandTotal != 39900 || c.Receipt != 2 {
		t.Fatalf("counters %+v", c)
	}
	// Committing the same document again (a retry after an error) stores
	// nothing new and reports the stored numbers.
	again := *a
	again.Receipt, again.Seq = 0, 0
	if err := s.Commit(&again); err != nil || again.Receipt != 1 || again.Seq != a.Seq {
		t.Fatalf("retried commit: %v %+v", err, again)
	}
	if c := s.Counters(); c.Receipt != 2 || c.Seq != 3 {
		t.Fatalf("retry stored twice: %+v", c)
	}
	// Another document reusing the ID is refused.
	other := *b
	other.ID = a.ID
	if err := s.Commit(&other); pos.KeyOf(err) != "store.duplicate" {
		t.Fatalf("reused ID: %v", err)
	}
}

func TestUniquePieceCannotBeSoldTwice(t *testing.T) {
	s, _ := openTemp(t)
	seedProducts(t, s)
	sh := openShift(t, s)
	sell(t, s, sh, "RUG", 1)
	p, _ := s.Product("RUG")
	p2 := *p
	p2.Stock = 0
	var tk pos.Ticket
	p.Stock = 1 // a stale copy on screen still shows it
	tk.Add(p, 1)
	total, _ := tk.Compute()
	d, _ := tk.Sale([]pos.Tender{{Kind: pos.TenderCard, Amount: total, Status: pos.StatusApproved}}, "Ali", sh, time.Now())
	if err := s.Commit(d); pos.KeyOf(err) != "stock.unique_sold" {
		t.Fatalf("second sale of a unique piece: %v", err)
	}
	if c := s.Counters(); c.Receipt != 1 {
		t.Fatalf("a refused sale used a receipt number: %+v", c)
	}
}

func TestRefundRestoresStockAndCannotExceedSale(t *testing.T) {
	s, _ := openTemp(t)
	seedProducts(t, s)
	sh := openShift(t, s)
	sale := sell(t, s, sh, "TAJ", 2)
	refund := func() error {
		refunds, _ := s.RefundsOf(sale)
		_, total, err := pos.RefundLines(sale, refunds, map[int]int64{0: 1})
		if err != nil {
			return err
		}
		r, err := pos.Refund(sale, refunds, map[int]int64{0: 1}, []pos.Tender{{Kind: pos.TenderCash, Amount: total, Given: total, Status: pos.StatusApproved}}, "Ali", sh, "Fatima", "", time.Now())
		if err != nil {
			return err
		}
		return s.Commit(r)
	}
	for i := 0; i < 2; i++ {
		if err := refund(); err != nil {
			t.Fatal(err)
		}
	}
	if err := refund(); pos.KeyOf(err) != "refund.too_many" {
		t.Fatalf("third refund: %v", err)
	}
	// The store re-checks inside its transaction: a refund built from a
	// stale view (no earlier refunds) is refused too.
	stale, _ := pos.Refund(sale, nil, map[int]int64{0: 1}, []pos.Tender{{Kind: pos.TenderCash, Amount: -15000, Given: -15000, Status: pos.StatusApproved}}, "Ali", sh, "Fatima", "", time.Now())
	if err := s.Commit(stale); pos.KeyOf(err) != "refund.too_many" {
		t.Fatalf("stale refund: %v", err)
	}
	p, _ := s.Product("TAJ")
	if p.Stock != 100 {
		t.Fatalf("stock after refunds %d", p.Stock)
	}
	// A refund whose amounts were inflated by hand is refused even when
	// its quantities are within what was sold.
	sale2 := sell(t, s, sh, "ARG", 3)
	rf, _ := pos.Refund(sale2, nil, map[int]int64{0: 1}, []pos.Tender{{Kind: pos.TenderCash, Amount: -9900, Given: -9900, Status: pos.StatusApproved}}, "Ali", sh, "Fatima", "", time.Now())
	rf.Lines[0].Total -= 100
	rf.Total -= 100
	rf.Tenders[0].Amount, rf.Tenders[0].Given = -10000, -10000
	if err := s.Commit(rf); pos.KeyOf(err) != "refund.stale" {
		t.Fatalf("inflated refund: %v", err)
	}
	r, _ := s.XReport()
	if r.Sales != 2 || r.Refunds != 2 || r.Net != 29700 || r.ExpectedCash != 79700 {
		t.Fatalf("report %+v", r)
	}
}

func TestShiftRulesAndZReport(t *testing.T) {
	s, _ := openTemp(t)
	seedProducts(t, s)
	var tk pos.Ticket
	p, _ := s.Product("ARG")
	tk.Add(p, 1)
	if _, err := tk.Sale(nil, "Ali", "", time.Now()); pos.KeyOf(err) != "shift.not_open" {
		t.Fatalf("sale without shift: %v", err)
	}
	sh := openShift(t, s)
	if d, _ := pos.OpenShift("Ali", 0, time.Now()); pos.KeyOf(s.Commit(d)) != "shift.already_open" {
		t.Fatal("second shift opened")
	}
	sell(t, s, sh, "ARG", 1)
	out, _ := pos.CashMove("Ali", sh, -10000, "achat sacs", "Fatima", time.Now())
	if err := s.Commit(out); err != nil {
		t.Fatal(err)
	}
	// Float 500 + sale 99 - out 100 = 499 expected; count 498.
	cl, err := pos.CloseShift("Ali", sh, map[int]int{20000: 2, 5000: 1, 2000: 2, 500: 1, 200: 1, 100: 1}, "Fatima", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(cl); err != nil {
		t.Fatal(err)
	}
	zs, err := s.ZReports(time.Now().Format("2006-01-02"))
	if err != nil || len(zs) != 1 {
		t.Fatalf("z reports %v %v", zs, err)
	}
	z := zs[0]
	if z.Kind != "Z" || z.ExpectedCash != 49900 || z.Counted != 49800 || z.Variance != -100 || z.FirstReceipt != 1 || z.LastReceipt != 1 || z.GrandTotal != 9900 {
		t.Fatalf("z %+v", z)
	}
	last, _ := s.ZReports("")
	if len(last) != 1 || last[0].Shift != sh {
		t.Fatalf("last z %+v", last)
	}
	if err := s.Commit(mustSale(t, s, sh)); pos.KeyOf(err) != "shift.not_open" {
		t.Fatalf("sale after close: %v", err)
	}
	// Selling on the next shift does not change the closed day's Z.
	sh2 := openShift(t, s)
	sell(t, s, sh2, "ARG", 1)
	again, _ := s.ZReports(time.Now().Format("2006-01-02"))
	if again[0].GrandTotal != 9900 {
		t.Fatalf("reprinted Z grand total %d", again[0].GrandTotal)
	}
}

func mustSale(t *testing.T, s *Store, sh string) *pos.Document {
	var tk pos.Ticket
	p, _ := s.Product("ARG")
	tk.Add(p, 1)
	d, err := tk.Sale([]pos.Tender{{Kind: pos.TenderCard, Amount: 9900, Status: pos.StatusApproved}}, "Ali", sh, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestJournalDetectsAnEditedByte(t *testing.T) {
	s, dir := openTemp(t)
	seedProducts(t, s)
	sh := openShift(t, s)
	for i := 0; i < 5; i++ {
		sell(t, s, sh, "ARG", int64(i+1))
	}
	if n, err := s.Verify(); err != nil || n != 6 {
		t.Fatalf("verify: %d %v", n, err)
	}
	s.Close()
	// Change the quantity of receipt 3 (3 bottles) in the file itself.
	path := filepath.Join(dir, FileName)
	raw, _ := os.ReadFile(path)
	// The file may also hold stale copies in freed pages: edit every copy,
	// as a forger would have to.
	needle := []byte(`"receipt":3,`)
	edited := 0
	for off := 0; ; {
		i := bytes.Index(raw[off:], needle)
		if i < 0 {
			break
		}
		i += off
		j := bytes.Index(raw[i:], []byte(`"qty":3`))
		if j < 0 {
			break
		}
		raw[i+j+len(`"qty":`)] = '2'
		edited++
		off = i + j
	}
	if edited == 0 {
		t.Fatal("receipt 3 not found in file")
	}
	os.WriteFile(path, raw, 0o600)
	s2, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	_, err = s2.Verify()
	var ve *VerifyError
	if !errors.As(err, &ve) || ve.Receipt != 3 {
		t.Fatalf("verify after edit: %v", err)
	}
	// The altered sale is never handed to sync as if it were genuine; the
	// others still are.
	ob, err := s2.Outbox(100)
	if pos.KeyOf(err) != "store.tampered" || !errors.As(err, &ve) || ve.Receipt != 3 || len(ob) != 5 {
		t.Fatalf("outbox after edit: %d entries, %v", len(ob), err)
	}
	for _, e := range ob {
		if bytes.Contains(e.Body, []byte(`"receipt":3,`)) {
			t.Fatal("the altered receipt is in the outbox batch")
		}
	}
}

func TestOpenErrors(t *testing.T) {
	s, dir := openTemp(t)
	_ = s
	// A second open of a held store fails fast with a clear key.
	if _, err := Open(dir, Options{}); pos.KeyOf(err) != "store.locked" {
		t.Fatalf("second open: %v", err)
	}
	// A foreign file is named and left untouched.
	bad := t.TempDir()
	junk := bytes.Repeat([]byte("not a database "), 1000)
	os.WriteFile(filepath.Join(bad, FileName), junk, 0o600)
	_, err := Open(bad, Options{})
	if pos.KeyOf(err) != "store.corrupt" || !strings.Contains(err.Error(), filepath.Join(bad, FileName)) {
		t.Fatalf("foreign file: %v", err)
	}
	after, _ := os.ReadFile(filepath.Join(bad, FileName))
	if !bytes.Equal(after, junk) {
		t.Fatal("foreign file was modified")
	}
}

func TestOutboxAckAndPrintQueue(t *testing.T) {
	s, _ := openTemp(t)
	seedProducts(t, s)
	s.SetPrintOnCommit(true)
	sh := openShift(t, s)
	sell(t, s, sh, "ARG", 1)
	sell(t, s, sh, "TAJ", 1)
	ob, _ := s.Outbox(10)
	if len(ob) != 3 || ob[0].Seq != 1 || ob[1].ID == "" {
		t.Fatalf("outbox %+v", ob)
	}
	s.Ack(1, 2, 2, 99)
	if c := s.Counters(); c.Unsynced != 1 {
		t.Fatalf("unsynced %d", c.Unsynced)
	}
	jobs, _ := s.PendingPrints()
	if len(jobs) != 2 || jobs[0].Receipt != 1 {
		t.Fatalf("jobs %+v", jobs)
	}
	s.PrintFailed(jobs[0].ID, "paper out")
	s.PrintDone(jobs[1].ID)
	jobs, _ = s.PendingPrints()
	if len(jobs) != 1 || jobs[0].Attempts != 1 || jobs[0].LastError != "paper out" {
		t.Fatalf("jobs %+v", jobs)
	}
	if err := s.EnqueuePrint(42); pos.KeyOf(err) != "store.no_receipt" {
		t.Fatalf("reprint unknown: %v", err)
	}
	// Receipt 1 had its original queued at commit: Print again is a copy,
	// and so is a reprint from history.
	s.EnqueueOriginal(1)
	s.EnqueuePrint(1)
	// With printing on sale off, the first Print is the original.
	s.SetPrintOnCommit(false)
	third := sell(t, s, sh, "ARG", 1)
	s.EnqueueOriginal(third.Receipt)
	s.EnqueueOriginal(third.Receipt)
	jobs, _ = s.PendingPrints()
	var flags []bool
	for _, j := range jobs {
		flags = append(flags, j.Reprint)
	}
	if fmt.Sprint(flags) != "[false true true false true]" {
		t.Fatalf("reprint flags %v", flags)
	}
}

func TestParkAndResume(t *testing.T) {
	s, _ := openTemp(t)
	seedProducts(t, s)
	p, _ := s.Product("TAJ")
	var tk pos.Ticket
	tk.Add(p, 2)
	tk.SetPrice(0, 13000, "")
	tk.Label = "couple"
	id, err := s.Park(&tk)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Resume(id)
	if err != nil || got.Label != "couple" || got.Lines[0].Price != 13000 || got.Lines[0].Qty != 2 {
		t.Fatalf("resume %+v %v", got, err)
	}
	if _, err := s.Resume(id); pos.KeyOf(err) != "ticket.no_parked" {
		t.Fatalf("resume twice: %v", err)
	}
}

// The crash test: a child process commits sales as fast as it can and is
// killed with SIGKILL at a random moment, again and again. After every kill
// the store must open, its journal verify, and its receipts have no gap.
func TestCrashAtRandomMoments(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test")
	}
	dir := t.TempDir()
	s, err := Open(dir, Options{Terminal: "CRASH"})
	if err != nil {
		t.Fatal(err)
	}
	seedProducts(t, s)
	s.Close()
	rng := rand.New(rand.NewSource(1))
	var last uint64
	kills := 60
	for i := 0; i < kills; i++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$")
		cmd.Env = append(os.Environ(), "HANOUT_CRASH_DIR="+dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Wait until the child has committed its first sale (on a loaded
		// machine starting it can take longer than the kill delay), then
		// kill it at a random moment of the commits that follow. Every run
		// thus adds at least one sale, however slow the machine.
		ready := make(chan bool, 1)
		go func() {
			b := make([]byte, 1)
			_, err := out.Read(b)
			ready <- err == nil
		}()
		select {
		case <-ready:
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("kill %d: the child never started committing", i)
		}
		time.Sleep(time.Duration(rng.Intn(40)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()

		s, err := Open(dir, Options{})
		if err != nil {
			t.Fatalf("kill %d: open: %v", i, err)
		}
		n, err := s.Verify()
		c := s.Counters()
		s.Close()
		if err != nil {
			t.Fatalf("kill %d: verify: %v", i, err)
		}
		if uint64(n) != c.Seq || c.Receipt < last {
			t.Fatalf("kill %d: %d entries, counters %+v, last receipt %d", i, n, c, last)
		}
		// Nothing half-written: every sale moved the stock by one, is in
		// the day index and waits in the outbox.
		s, _ = Open(dir, Options{})
		p, _ := s.Product("TAJ")
		all, _ := s.Days("", "")
		ob, _ := s.Outbox(1 << 30)
		s.Close()
		if p.Stock != 100-int64(c.Receipt) || uint64(len(all)) != c.Seq || uint64(len(ob)) != c.Seq || c.Unsynced != c.Seq {
			t.Fatalf("kill %d: stock %d, %d indexed, %d in outbox, counters %+v", i, p.Stock, len(all), len(ob), c)
		}
		last = c.Receipt
	}
	if last < uint64(kills) {
		t.Fatalf("only %d sales committed over %d runs: the child barely ran", last, kills)
	}
	t.Logf("%d kills, %d sales committed", kills, last)
}

// TestCrashChild is the child of TestCrashAtRandomMoments; it does nothing
// in a normal run.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv("HANOUT_CRASH_DIR")
	if dir == "" {
		t.Skip("only runs as the crash test's child")
	}
	s, err := Open(dir, Options{})
	if err != nil {
		os.Exit(3)
	}
	sh := s.OpenShift()
	if sh == "" {
		sh = openShift(t, s)
	}
	for first := true; ; first = false {
		p, _ := s.Product("TAJ")
		var tk pos.Ticket
		tk.Add(p, 1)
		total, _ := tk.Compute()
		d, _ := tk.Sale([]pos.Tender{{Kind: pos.TenderCard, Amount: total, Status: pos.StatusApproved}}, "Ali", sh, time.Now())
		if err := s.Commit(d); err != nil {
			os.Exit(4)
		}
		if first {
			os.Stdout.Write([]byte{'.'}) // one sale is in; more follow
		}
	}
}

// An unverified QR tender stays on the shift's report until a tender_check
// settles it, even when the check comes on a later day.
func TestTenderCheckSettlesUnverified(t *testing.T) {
	s, _ := openTemp(t)
	seedProducts(t, s)
	sh := openShift(t, s)
	var tk pos.Ticket
	p, _ := s.Product("ARG")
	tk.Add(p, 1)
	d, _ := tk.Sale([]pos.Tender{{Kind: pos.TenderQRWallet, Amount: 9900, Status: pos.StatusUnverified, Reference: "R1", ApprovedBy: "Fatima"}}, "Ali", sh, time.Now())
	if err := s.Commit(d); err != nil {
		t.Fatal(err)
	}
	r, _ := s.XReport()
	if len(r.Unverified) != 1 || r.Unverified[0].Reference != "R1" || r.ByTender[0].Unverified != 9900 {
		t.Fatalf("before check: %+v", r)
	}
	check := &pos.Document{Kind: pos.KindTenderCheck, Time: time.Now().Add(48 * time.Hour),
		Check: &pos.TenderCheck{SaleID: d.ID, Receipt: d.Receipt, Tender: 0, Reference: "R1", Status: pos.StatusApproved, Source: "platform"}}
	if err := s.Commit(check); err != nil {
		t.Fatal(err)
	}
	r, _ = s.XReport()
	if len(r.Unverified) != 0 || r.ByTender[0].Unverified != 0 || r.ByTender[0].Amount != 9900 {
		t.Fatalf("after check: %+v", r)
	}
	// A second unverified payment that turns out never to have arrived
	// leaves the tender totals and is listed apart.
	tk2 := pos.Ticket{}
	tk2.Add(p, 1)
	d2, _ := tk2.Sale([]pos.Tender{{Kind: pos.TenderQRWallet, Amount: 9900, Status: pos.StatusUnverified, Reference: "R2", ApprovedBy: "Fatima"}}, "Ali", sh, time.Now())
	s.Commit(d2)
	s.Commit(&pos.Document{Kind: pos.KindTenderCheck, Check: &pos.TenderCheck{SaleID: d2.ID, Receipt: d2.Receipt, Reference: "R2", Status: pos.StatusRefused, Source: "platform"}})
	r, _ = s.XReport()
	if len(r.RefusedAfter) != 1 || r.RefusedAfter[0].Reference != "R2" || r.ByTender[0].Amount != 9900 || len(r.Unverified) != 0 {
		t.Fatalf("refused after sale: %+v", r)
	}
	if c := s.Counters(); c.Receipt != 2 || c.Seq != 5 {
		t.Fatalf("a check took a receipt number: %+v", c)
	}
}

func TestForeignAndNewerStoresAreRefusedUntouched(t *testing.T) {
	// A valid bbolt file of another program.
	dir := t.TempDir()
	db, err := bolt.Open(filepath.Join(dir, FileName), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("widgets")); return err })
	db.Close()
	before, _ := os.ReadFile(filepath.Join(dir, FileName))
	if _, err := Open(dir, Options{}); pos.KeyOf(err) != "store.foreign" {
		t.Fatalf("foreign bbolt: %v", err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, FileName))
	if !bytes.Equal(before, after) {
		t.Fatal("foreign file modified")
	}
	// A store written by a newer Hanout.
	s, dir2 := openTemp(t)
	s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Put(kSchema, u64(SchemaVersion+1)) })
	s.Close()
	if _, err := Open(dir2, Options{}); pos.KeyOf(err) != "store.too_new" {
		t.Fatalf("newer schema: %v", err)
	}
	// A store whose schema mark was lost is reported, not guessed at.
	s3, dir3 := openTemp(t)
	s3.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Delete(kSchema) })
	s3.Close()
	if _, err := Open(dir3, Options{}); pos.KeyOf(err) != "store.corrupt" {
		t.Fatalf("no schema: %v", err)
	}
}

// A price list without a stock column leaves counted stock and photos be.
func TestImportCatalogKeepsStockAndPhoto(t *testing.T) {
	s, _ := openTemp(t)
	seedProducts(t, s)
	p, _ := s.Product("TAJ")
	p.Photo = "taj.jpg"
	p.Stock = 7
	s.PutProduct(p)
	update := *p
	update.Price, update.Stock, update.Photo = 16000, 0, ""
	if err := s.ImportCatalog([]pos.Product{update}, false); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Product("TAJ")
	if got.Price != 16000 || got.Stock != 7 || got.Photo != "taj.jpg" {
		t.Fatalf("%+v", got)
	}
	if err := s.ImportCatalog([]pos.Product{update}, true); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Product("TAJ"); got.Stock != 0 {
		t.Fatalf("stock column ignored: %d", got.Stock)
	}
}

func TestInstallIDIsRandomAndStable(t *testing.T) {
	a, dir := openTemp(t)
	b, _ := openTemp(t)
	id := a.InstallID()
	if len(id) != 10 || id == b.InstallID() || strings.Trim(id, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789") != "" {
		t.Fatalf("install ids %q %q", id, b.InstallID())
	}
	a.Close()
	again, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if again.InstallID() != id {
		t.Fatalf("install id changed on reopen: %q -> %q", id, again.InstallID())
	}
}

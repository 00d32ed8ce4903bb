package sync_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"hanout/pos"
	"hanout/pos/export"
	"hanout/pos/qr"
	"hanout/pos/store"
	tillsync "hanout/sync"
	"hanout/sync/faultproxy"
	"hanout/sync/platform"
	"hanout/sync/platform/boltstore"
	"hanout/sync/wire"
)

var secret = []byte("acquirer-test-secret")

// platformNoSync skips fsync on the platform: tests check logic; the
// benchmark turns it off to measure real disks.
var platformNoSync = true

type env struct {
	t        testing.TB
	plat     *boltstore.Store
	srv      *httptest.Server
	till     *store.Store
	sy       *tillsync.Syncer
	merchant string
	shift    string
}

// newEnv starts a platform on 127.0.0.1, a till store with a catalogue and
// an open shift, and enrolls the till.
// viaProxy routes the till's sync through a fault proxy with the given
// seed (its faults are off until the test turns them on).
func (e *env) viaProxy(seed uint64) *faultproxy.Proxy {
	e.t.Helper()
	px, err := faultproxy.New(strings.TrimPrefix(e.srv.URL, "http://"), seed)
	if err != nil {
		e.t.Fatal(err)
	}
	set, _, _ := tillsync.LoadSettings(e.till)
	set.Platform = "http://" + px.Addr()
	e.till.PutSetting(tillsync.SettingsKey, set)
	return px
}

func newEnv(t testing.TB, terminal string) *env {
	t.Helper()
	plat, err := boltstore.Open(t.TempDir(), boltstore.Options{NoSync: platformNoSync})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { plat.Close() })
	srv := httptest.NewServer((&platform.Server{Store: plat, AcquirerSecret: secret, AdminToken: "admin"}).Handler())
	t.Cleanup(srv.Close)
	m, err := plat.AddMerchant("Coopérative Tifawt")
	if err != nil {
		t.Fatal(err)
	}
	if err := plat.SetAcquirer(m.ID, "ACQ-TIFAWT"); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, plat: plat, srv: srv, merchant: m.ID}
	e.till = e.newTill(terminal, srv.URL)
	e.sy = tillsync.New(e.till)
	e.shift = e.till.OpenShift()
	return e
}

func (e *env) newTill(terminal, url string) *store.Store {
	t := e.t
	till, err := store.Open(t.TempDir(), store.Options{Terminal: terminal, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { till.Close() })
	seed(t, till)
	_, code, err := e.plat.AddTerminal(e.merchant, "Stand "+terminal)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tillsync.Enroll(context.Background(), till, url, code, ""); err != nil {
		t.Fatal(err)
	}
	return till
}

func seed(t testing.TB, s *store.Store) {
	t.Helper()
	at := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	ps := []pos.Product{
		{SKU: "TAJ", Name: pos.Names{FR: "Tajine"}, Category: "poterie", Price: 15000, Floor: 12000, Tax: 2000, Stock: 100000, Active: true, Updated: at},
		{SKU: "ARG", Name: pos.Names{FR: "Huile d'argan"}, Category: "cosmetique", Price: 9900, Floor: 8000, Tax: 1400, Stock: 100000, Active: true, Updated: at},
		{SKU: "RUG", Name: pos.Names{FR: "Tapis Beni Ouarain"}, Category: "tapis", Price: 450000, Floor: 380000, Tax: 2000, Stock: 1, Unique: true, Active: true, Updated: at},
	}
	if err := s.ReplaceCatalog(ps); err != nil {
		t.Fatal(err)
	}
	d, err := pos.OpenShift("Ali", 50000, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(d); err != nil {
		t.Fatal(err)
	}
}

func sell(t testing.TB, s *store.Store, sku string, qty int64, tenders func(pos.Money) []pos.Tender) *pos.Document {
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
	var tn []pos.Tender
	if tenders == nil {
		cash, _ := pos.CashTender(total, total)
		tn = []pos.Tender{cash}
	} else {
		tn = tenders(total)
	}
	d, err := tk.Sale(tn, "Ali", s.OpenShift(), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(d); err != nil {
		t.Fatal(err)
	}
	return d
}

func sellMany(t testing.TB, s *store.Store, n int) {
	t.Helper()
	for i := range n {
		sell(t, s, []string{"TAJ", "ARG"}[i%2], int64(1+i%3), nil)
	}
}

// tillRows is what the till's `hanout sales export` writes.
func tillRows(t testing.TB, s *store.Store) []byte {
	t.Helper()
	var rows []export.Row
	if err := s.Each(0, func(d *pos.Document) error {
		if export.Included(d) {
			rows = append(rows, export.RowOf(d))
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	export.Sort(rows)
	var b bytes.Buffer
	export.WriteCSV(&b, rows)
	return b.Bytes()
}

func (e *env) platformRows(merchant string) ([]byte, int) {
	rows, err := e.plat.Export(merchant)
	if err != nil {
		e.t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, r := range rows {
		if ids[r.ID] {
			e.t.Fatalf("document %s exported twice", r.ID)
		}
		ids[r.ID] = true
	}
	var b bytes.Buffer
	export.WriteCSV(&b, rows)
	return b.Bytes(), len(rows)
}

func TestPushAcksAndExportMatches(t *testing.T) {
	e := newEnv(t, "STAND-1")
	sellMany(t, e.till, 450)
	// The shift, 450 sales and the journal event of the enrollment.
	if c := e.till.Counters(); c.Unsynced != 452 {
		t.Fatalf("unsynced before %d", c.Unsynced)
	}
	rep, err := e.sy.SyncOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Sent != 452 || rep.Batches != 3 || rep.Duplicates != 0 {
		t.Fatalf("report %+v", rep)
	}
	if c := e.till.Counters(); c.Unsynced != 0 {
		t.Fatalf("unsynced after %d", c.Unsynced)
	}
	got, n := e.platformRows(e.merchant)
	if n != 450 || !bytes.Equal(got, tillRows(t, e.till)) {
		t.Fatalf("platform export (%d rows) differs from the till's", n)
	}
	// A second sync sends nothing and changes nothing.
	rep, err = e.sy.SyncOnce(context.Background())
	if err != nil || rep.Sent != 0 {
		t.Fatalf("second sync %+v %v", rep, err)
	}
	st := e.sy.Status()
	if !st.Online || st.Unsynced != 0 || st.LastSuccess.IsZero() || st.LastError != nil || !st.Enrolled {
		t.Fatalf("status %+v", st)
	}
}

// Through a proxy that cuts requests and answers, delays and answers 503,
// repeated syncs end with every sale stored exactly once.
func TestFaultyNetworkLosesAndDuplicatesNothing(t *testing.T) {
	e := newEnv(t, "STAND-1")
	px := e.viaProxy(7)
	defer px.Close()
	sellMany(t, e.till, 600)
	e.sy.BatchSize = 25
	px.SetFaults(faultproxy.Faults{CutRequest: 0.05, CutResponse: 0.15, Error503: 0.15, Delay: 0.2, MaxDelay: 5 * time.Millisecond})
	failures, dups := 0, 0
	for attempt := 0; attempt < 400 && e.till.Counters().Unsynced > 0; attempt++ {
		// Sales keep coming while the network misbehaves.
		if attempt%10 == 0 {
			sell(t, e.till, "ARG", 1, nil)
		}
		rep, err := e.sy.SyncOnce(context.Background())
		dups += rep.Duplicates
		if err != nil {
			failures++
			if !tillsync.Retryable(err) {
				t.Fatalf("attempt %d: not a network error: %v", attempt, err)
			}
			// The push may have finished before the pull failed: the
			// status shows the error and what is really left, maybe 0.
			if st := e.sy.Status(); st.LastError == nil || st.Unsynced != e.till.Counters().Unsynced {
				t.Fatalf("status after failure %+v", st)
			}
		}
	}
	// However the dice fell, one answer lost after the platform stored
	// the sale: the retry must be absorbed as a duplicate.
	sell(t, e.till, "ARG", 1, nil)
	px.SetFaults(faultproxy.Faults{CutResponse: 1})
	if rep, err := e.sy.SyncOnce(context.Background()); err == nil {
		t.Fatalf("every answer cut, yet the sync succeeded: %+v", rep)
	}
	failures++
	px.SetFaults(faultproxy.Faults{})
	rep, err := e.sy.SyncOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	dups += rep.Duplicates
	if failures == 0 || dups == 0 {
		t.Fatalf("the proxy did not bite: %d failures, %d duplicates resent", failures, dups)
	}
	got, n := e.platformRows(e.merchant)
	if !bytes.Equal(got, tillRows(t, e.till)) {
		t.Fatalf("platform export (%d rows) differs from the till's", n)
	}
	t.Logf("%d rows, %d failed syncs, %d duplicates absorbed", n, failures, dups)
}

// The rug is sold at the stall (offline) and online at the same time: both
// sides flag the oversell.
func TestOversellFlaggedOnBothSides(t *testing.T) {
	e := newEnv(t, "STAND-1")
	ctx := context.Background()
	if _, err := e.sy.SyncOnce(ctx); err != nil { // the catalogue reaches the platform
		t.Fatal(err)
	}
	sell(t, e.till, "RUG", 1, nil) // at the stall, offline
	over, err := e.plat.OnlineSale(e.merchant, "RUG", 1, "WEB-77", time.Now())
	if err != nil || len(over) != 0 {
		t.Fatalf("online sale: %v %v", over, err)
	}
	rep, err := e.sy.SyncOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Oversells == 0 {
		t.Fatalf("till sync saw no oversell: %+v", rep)
	}
	o, _ := e.plat.Overview()
	if len(o.Oversells) != 1 || o.Oversells[0].SKU != "RUG" || len(o.Oversells[0].Sales) != 2 {
		t.Fatalf("platform oversells %+v", o.Oversells)
	}
	cs, _ := e.till.Conflicts()
	if len(cs) != 1 || cs[0].Kind != "oversell" || cs[0].SKU != "RUG" {
		t.Fatalf("till conflicts %+v", cs)
	}
	p, _ := e.till.Product("RUG")
	if p.Stock != 0 {
		t.Fatalf("rug stock on the till %d", p.Stock)
	}
	if st := e.sy.Status(); st.Conflicts != 1 {
		t.Fatalf("status conflicts %d", st.Conflicts)
	}
}

// Stock moves as deltas: a second till's sales and online sales reach the
// first till; its own sales are not counted twice.
func TestStockDeltasFromElsewhere(t *testing.T) {
	e := newEnv(t, "STAND-1")
	ctx := context.Background()
	sell(t, e.till, "TAJ", 5, nil)
	if _, err := e.sy.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	other := e.newTill("STAND-2", e.srv.URL)
	sy2 := tillsync.New(other)
	if _, err := sy2.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	sell(t, other, "TAJ", 3, nil)
	if _, err := sy2.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := e.plat.OnlineSale(e.merchant, "TAJ", 2, "WEB-1", time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := e.sy.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	p, _ := e.till.Product("TAJ")
	if p.Stock != 100000-5-3-2 {
		t.Fatalf("stock on till 1: %d", p.Stock)
	}
	cat, _ := e.plat.Catalog(e.merchant)
	for _, it := range cat {
		if it.Product.SKU == "TAJ" && it.Product.Stock != 100000-10 {
			t.Fatalf("platform stock %d", it.Product.Stock)
		}
	}
}

// A product edited on both sides keeps the later edit and both sides
// record the conflict.
func TestProductEditedOnBothSidesLaterWins(t *testing.T) {
	e := newEnv(t, "STAND-1")
	ctx := context.Background()
	if _, err := e.sy.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	base := time.Now().UTC()
	p, _ := e.till.Product("ARG")
	central := *p
	central.Price, central.Updated = 11000, base.Add(-time.Minute) // earlier
	if _, err := e.plat.SetProduct(e.merchant, central, base); err != nil {
		t.Fatal(err)
	}
	p.Price, p.Updated = 10500, base // later, on the till
	if err := e.till.PutProduct(p); err != nil {
		t.Fatal(err)
	}
	rep, err := e.sy.SyncOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Conflicts == 0 {
		t.Fatalf("no conflict reported: %+v", rep)
	}
	got, _ := e.till.Product("ARG")
	cat, _ := e.plat.Catalog(e.merchant)
	var plat pos.Product
	for _, it := range cat {
		if it.Product.SKU == "ARG" {
			plat = it.Product
		}
	}
	if got.Price != 10500 || plat.Price != 10500 {
		t.Fatalf("till %d platform %d, want the till's later 105.00", got.Price, plat.Price)
	}
	o, _ := e.plat.Overview()
	if len(o.Conflicts) != 1 || o.Conflicts[0].Winner != "till" {
		t.Fatalf("platform conflicts %+v", o.Conflicts)
	}
	cs, _ := e.till.Conflicts()
	if len(cs) != 1 || cs[0].Kind != "edit" {
		t.Fatalf("till conflicts %+v", cs)
	}

	// Now the platform edits later: its version wins on the till, which
	// keeps its own stock.
	p, _ = e.till.Product("ARG")
	p.Price, p.Updated = 10000, base.Add(time.Minute)
	e.till.PutProduct(p)
	central.Price, central.Updated = 12000, base.Add(2*time.Minute)
	e.plat.SetProduct(e.merchant, central, time.Now())
	if _, err := e.sy.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	got, _ = e.till.Product("ARG")
	if got.Price != 12000 || got.Stock != 100000 {
		t.Fatalf("till after a later central edit: price %d stock %d", got.Price, got.Stock)
	}
	// A central edit without a till edit simply arrives.
	central.Name.FR = "Huile d'argan bio"
	central.Updated = base.Add(3 * time.Minute)
	e.plat.SetProduct(e.merchant, central, time.Now())
	cs, _ = e.till.Conflicts()
	before := len(cs)
	if before != 2 {
		t.Fatalf("conflicts after the platform's later edit: %+v", cs)
	}
	e.sy.SyncOnce(ctx)
	got, _ = e.till.Product("ARG")
	cs, _ = e.till.Conflicts()
	if got.Name.FR != "Huile d'argan bio" || len(cs) != before {
		t.Fatalf("plain central edit: %q, conflicts %d -> %d", got.Name.FR, before, len(cs))
	}
}

func qrTender(ref string) func(pos.Money) []pos.Tender {
	return func(total pos.Money) []pos.Tender {
		return []pos.Tender{{Kind: pos.TenderQRWallet, Amount: total, Status: pos.StatusUnverified, Reference: ref, ApprovedBy: "Fatima"}}
	}
}

// A QR sale recorded "paid — to verify" offline is confirmed by the
// platform once the acquirer's notice arrives, with a tender_check
// document; a notice with the wrong amount flags it refused.
func TestUnverifiedQRTendersSettledByPlatform(t *testing.T) {
	e := newEnv(t, "STAND-1")
	ctx := context.Background()
	ps := &tillsync.PaymentStatus{Store: e.till}
	// References the till issues start with its install id.
	refA1, refA2 := qr.Reference(e.till.InstallID(), 0xA1), qr.Reference(e.till.InstallID(), 0xA2)
	if st, err := ps.Status(ctx, refA1, 9900); err != nil || st != qr.Waiting {
		t.Fatalf("unknown ref: %v %v", st, err)
	}
	good := sell(t, e.till, "ARG", 1, qrTender(refA1))
	bad := sell(t, e.till, "ARG", 2, qrTender(refA2))
	if _, err := e.sy.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if o, _ := e.plat.Overview(); len(o.Awaiting) != 2 {
		t.Fatalf("awaiting %+v", o.Awaiting)
	}
	for _, n := range []wire.Notice{{V: 1, Account: "ACQ-TIFAWT", Ref: refA1, Amount: good.Total, Status: "paid"}, {V: 1, Account: "ACQ-TIFAWT", Ref: refA2, Amount: 1, Status: "paid"}} {
		if _, err := e.plat.Notify(n, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if st, err := ps.Status(ctx, refA1, good.Total); err != nil || st != qr.Paid {
		t.Fatalf("paid ref: %v %v", st, err)
	}
	// A live poll for a code of another amount is not paid by it.
	if _, err := ps.Status(ctx, refA2, bad.Total); pos.KeyOf(err) != "qr.amount_mismatch" {
		t.Fatalf("paid with the wrong amount: %v", err)
	}
	rep, err := e.sy.SyncOnce(ctx)
	if err != nil || rep.Checks != 2 {
		t.Fatalf("sync %+v %v", rep, err)
	}
	want := map[string]pos.TenderStatus{good.ID: pos.StatusApproved, bad.ID: pos.StatusRefused}
	got := map[string]pos.TenderStatus{}
	e.till.Each(0, func(d *pos.Document) error {
		if d.Kind == pos.KindTenderCheck {
			got[d.Check.SaleID] = d.Check.Status
		}
		return nil
	})
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("checks %v, want %v", got, want)
	}
	// Pulling the same feed again (a crash before the cursor moved)
	// commits nothing twice.
	e.till.ApplyChanges(0, nil)
	if rep, _ := e.sy.SyncOnce(ctx); rep.Checks != 0 {
		t.Fatalf("checks committed again: %+v", rep)
	}
	if o, _ := e.plat.Overview(); len(o.Awaiting) != 0 {
		t.Fatalf("still awaiting %+v", o.Awaiting)
	}
}

func TestStatusOfflineThenOnline(t *testing.T) {
	e := newEnv(t, "STAND-1")
	px := e.viaProxy(1)
	defer px.Close()
	var seen []tillsync.Status
	cancel := e.sy.Subscribe(func(s tillsync.Status) { seen = append(seen, s) })
	defer cancel()
	sellMany(t, e.till, 3)
	px.SetTarget("127.0.0.1:1") // nothing listens there: offline
	_, err := e.sy.SyncOnce(context.Background())
	if pos.KeyOf(err) != "sync.offline" {
		t.Fatalf("offline sync: %v", err)
	}
	st := e.sy.Status()
	// The shift, three sales and the journal events of the enrollment and
	// of the platform setting the proxy changed.
	if st.Online || st.Unsynced != 6 || pos.KeyOf(st.LastError) != "sync.offline" || !st.LastSuccess.IsZero() {
		t.Fatalf("offline status %+v", st)
	}
	px.SetTarget(strings.TrimPrefix(e.srv.URL, "http://"))
	e.sy.Kick()
	if _, err := e.sy.SyncOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	st = e.sy.Status()
	if !st.Online || st.Unsynced != 0 || st.LastError != nil || st.LastSuccess.IsZero() {
		t.Fatalf("online status %+v", st)
	}
	last := seen[len(seen)-1]
	if len(seen) < 4 || last.Unsynced != 0 || !last.Online || last.Syncing {
		t.Fatalf("subscriber saw %d statuses, last %+v", len(seen), last)
	}
	// A restarted till shows the last success it saved.
	if again := tillsync.New(e.till).Status(); !again.LastSuccess.Equal(st.LastSuccess) || !again.Online {
		t.Fatalf("restarted status %+v", again)
	}
}

func TestRunLoopSyncsAndStops(t *testing.T) {
	e := newEnv(t, "STAND-1")
	sellMany(t, e.till, 10)
	done := make(chan struct{})
	e.sy.Subscribe(func(s tillsync.Status) {
		if !s.Syncing && s.Unsynced == 0 && !s.LastSuccess.IsZero() {
			select {
			case <-done:
			default:
				close(done)
			}
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { e.sy.Run(ctx); close(stopped) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second): // a deadline, not a timing assertion
		t.Fatal("the loop never synced")
	}
	cancel()
	<-stopped
}

func TestBackoffGrowsWithJitterAndCaps(t *testing.T) {
	min, max := time.Second, time.Minute
	prev := time.Duration(0)
	for n := 1; n <= 6; n++ {
		lo, hi := tillsync.Backoff(min, max, n, 0), tillsync.Backoff(min, max, n, 0.999)
		if lo <= prev/2 || hi < lo || hi > max {
			t.Fatalf("n=%d: %v..%v", n, lo, hi)
		}
		prev = hi
	}
	if d := tillsync.Backoff(min, max, 50, 0.999); d > max || d < max/2 {
		t.Fatalf("cap: %v", d)
	}
}

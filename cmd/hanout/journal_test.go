package main

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"hanout/pos"
	"hanout/pos/store"
	"hanout/pos/store/storetest"
	tillsync "hanout/sync"
	"hanout/sync/platform"
	"hanout/sync/platform/boltstore"
)

// tillRig is a platform on 127.0.0.1 with one merchant and a terminal
// waiting to enroll, and a till's store with argan in its catalogue and a
// shift open: the setting of the journal and sync commands' tests.
type tillRig struct {
	plat     *boltstore.Store
	srv      *httptest.Server
	merchant string
	code     string // the terminal's enrollment code
	dir      string // the till's data folder
	st       *store.Store
	argan    pos.Product
}

func newTillRig(t *testing.T) *tillRig {
	t.Helper()
	plat, err := boltstore.Open(t.TempDir(), boltstore.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { plat.Close() })
	srv := httptest.NewServer((&platform.Server{Store: plat, AdminToken: "a"}).Handler())
	t.Cleanup(srv.Close)
	m, _ := plat.AddMerchant("Tifawt")
	_, code, _ := plat.AddTerminal(m.ID, "stand")
	r := &tillRig{plat: plat, srv: srv, merchant: m.ID, code: code, dir: t.TempDir(),
		argan: pos.Product{SKU: "ARG", Name: pos.Names{FR: "Argan"}, Price: 9900, Floor: 8000, Tax: 1400, Stock: 100, Active: true, Updated: time.Now().UTC()}}
	if r.st, err = store.Open(r.dir, store.Options{Terminal: "STAND-1", NoSync: true}); err != nil {
		t.Fatal(err)
	}
	if err := r.st.ReplaceCatalog([]pos.Product{r.argan}); err != nil {
		t.Fatal(err)
	}
	open, _ := pos.OpenShift("Ali", 0, time.Now())
	if err := r.st.Commit(open); err != nil {
		t.Fatal(err)
	}
	return r
}

// sell commits a sale of one argan paid with the tender tn builds for its
// total.
func (r *tillRig) sell(t *testing.T, tn func(total pos.Money) pos.Tender) {
	t.Helper()
	var tk pos.Ticket
	tk.Add(&r.argan, 1)
	total, _ := tk.Compute()
	d, err := tk.Sale([]pos.Tender{tn(total)}, "Ali", r.st.OpenShift(), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := r.st.Commit(d); err != nil {
		t.Fatal(err)
	}
}

// enroll enrolls the till with the platform.
func (r *tillRig) enroll(t *testing.T) {
	t.Helper()
	if _, err := tillsync.Enroll(context.Background(), r.st, r.srv.URL, r.code, ""); err != nil {
		t.Fatal(err)
	}
}

func paidInCash(total pos.Money) pos.Tender {
	tn, _ := pos.CashTender(total, total)
	return tn
}

// Finding 4 from the command line: receipt 2, already synced, is rewritten
// from 99.00 to 1.00 in the file with every later hash and the last hash
// recomputed. `hanout journal verify` names it by comparing with the
// platform's anchors; offline it says how far the chain is anchored.
func TestJournalVerifyNamesARechainedForgery(t *testing.T) {
	r := newTillRig(t)
	for range 3 {
		r.sell(t, paidInCash)
	}
	r.enroll(t)
	st, dir, srv := r.st, r.dir, r.srv
	if _, err := tillsync.New(st).SyncOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	r2, _ := st.ByReceipt(2)
	path := st.Path()
	st.Close()

	out, errOut, rc := hanout(t, "journal", "verify", "--data", dir)
	// The shift, three sales and the enrollment's journal event.
	if rc != 0 || !strings.Contains(out, "anchored up to entry 5 of 5") {
		t.Fatalf("genuine journal: %d %q %q", rc, out, errOut)
	}
	storetest.Forge(t, path, r2.Seq, storetest.SetTotal(100))
	out, errOut, rc = hanout(t, "journal", "verify", "--data", dir)
	if rc == 0 || !strings.Contains(errOut, "receipt 2 (journal entry 3)") {
		t.Fatalf("forged journal: %d %q %q", rc, out, errOut)
	}
	srv.Close()
	out, errOut, rc = hanout(t, "journal", "verify", "--data", dir)
	if rc != 0 || !strings.Contains(out, "platform unreachable") || !strings.Contains(out, "anchored up to entry 5 of 5") {
		t.Fatalf("offline: %d %q %q", rc, out, errOut)
	}
}

// `hanout journal events` lists who changed what, from what to what.
func TestJournalEventsListsChanges(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(dir, store.Options{Terminal: "STAND-1", NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	st.SetActor("Fatima")
	p := pos.Product{SKU: "ARG", Name: pos.Names{FR: "Argan"}, Price: 9900, Floor: 8000, Tax: 1400, Active: true}
	if err := st.PutProduct(&p); err != nil {
		t.Fatal(err)
	}
	p.Price, p.Floor = 100, 100
	if err := st.PutProduct(&p); err != nil {
		t.Fatal(err)
	}
	st.Close()
	out, errOut, rc := hanout(t, "journal", "events", "--data", dir)
	if rc != 0 || strings.Count(out, "Fatima") != 2 || !strings.Contains(out, `"price":9900`) || !strings.Contains(out, `"price":100`) || !strings.Contains(out, "2 events") {
		t.Fatalf("%d %q %q", rc, out, errOut)
	}
	if _, _, rc := hanout(t, "journal", "events", "--from", "tomorrow", "--data", dir); rc != 2 {
		t.Fatalf("bad date: exit %d", rc)
	}
}

// `hanout sync status` lists the documents the platform refused, with its
// reason, and the sale after them reached the platform.
func TestSyncStatusListsQuarantine(t *testing.T) {
	r := newTillRig(t)
	for _, card := range []string{"501234567890", ""} {
		r.sell(t, func(total pos.Money) pos.Tender {
			if card == "" {
				return paidInCash(total)
			}
			return pos.Tender{Kind: pos.TenderCard, Amount: total, Status: pos.StatusApproved, CardMasked: card}
		})
	}
	r.enroll(t)
	st, dir, plat := r.st, r.dir, r.plat
	st.Close()
	out, errOut, rc := hanout(t, "sync", "now", "--data", dir)
	if rc != 0 || !strings.Contains(out, "1 refused and quarantined") {
		t.Fatalf("sync now: %d %q %q", rc, out, errOut)
	}
	out, errOut, rc = hanout(t, "sync", "status", "--data", dir)
	if rc != 0 || !strings.Contains(out, "quarantined:  1") || !strings.Contains(out, "receipt 1") || !strings.Contains(out, "card number not masked") {
		t.Fatalf("sync status: %d %q %q", rc, out, errOut)
	}
	if rows, _ := plat.Export(r.merchant); len(rows) != 1 || rows[0].Receipt != 2 {
		t.Fatalf("platform rows %+v", rows)
	}
}

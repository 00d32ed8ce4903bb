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

// Finding 4 from the command line: receipt 2, already synced, is rewritten
// from 99.00 to 1.00 in the file with every later hash and the last hash
// recomputed. `hanout journal verify` names it by comparing with the
// platform's anchors; offline it says how far the chain is anchored.
func TestJournalVerifyNamesARechainedForgery(t *testing.T) {
	plat, err := boltstore.Open(t.TempDir(), boltstore.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { plat.Close() })
	srv := httptest.NewServer((&platform.Server{Store: plat, AdminToken: "a"}).Handler())
	t.Cleanup(srv.Close)
	m, _ := plat.AddMerchant("Tifawt")
	_, code, _ := plat.AddTerminal(m.ID, "stand")

	dir := t.TempDir()
	st, err := store.Open(dir, store.Options{Terminal: "STAND-1", NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	argan := pos.Product{SKU: "ARG", Name: pos.Names{FR: "Argan"}, Price: 9900, Floor: 8000, Tax: 1400, Stock: 100, Active: true, Updated: time.Now().UTC()}
	if err := st.ReplaceCatalog([]pos.Product{argan}); err != nil {
		t.Fatal(err)
	}
	open, _ := pos.OpenShift("Ali", 0, time.Now())
	if err := st.Commit(open); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		var tk pos.Ticket
		tk.Add(&argan, 1)
		total, _ := tk.Compute()
		cash, _ := pos.CashTender(total, total)
		d, err := tk.Sale([]pos.Tender{cash}, "Ali", st.OpenShift(), time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Commit(d); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := tillsync.Enroll(context.Background(), st, srv.URL, code, ""); err != nil {
		t.Fatal(err)
	}
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
	plat, err := boltstore.Open(t.TempDir(), boltstore.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { plat.Close() })
	srv := httptest.NewServer((&platform.Server{Store: plat, AdminToken: "a"}).Handler())
	t.Cleanup(srv.Close)
	m, _ := plat.AddMerchant("Tifawt")
	_, code, _ := plat.AddTerminal(m.ID, "stand")
	dir := t.TempDir()
	st, err := store.Open(dir, store.Options{Terminal: "STAND-1", NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	argan := pos.Product{SKU: "ARG", Name: pos.Names{FR: "Argan"}, Price: 9900, Floor: 8000, Tax: 1400, Stock: 100, Active: true}
	st.ReplaceCatalog([]pos.Product{argan})
	open, _ := pos.OpenShift("Ali", 0, time.Now())
	st.Commit(open)
	for _, card := range []string{"501234567890", ""} {
		var tk pos.Ticket
		tk.Add(&argan, 1)
		total, _ := tk.Compute()
		tn, _ := pos.CashTender(total, total)
		if card != "" {
			tn = pos.Tender{Kind: pos.TenderCard, Amount: total, Status: pos.StatusApproved, CardMasked: card}
		}
		d, _ := tk.Sale([]pos.Tender{tn}, "Ali", st.OpenShift(), time.Now())
		if err := st.Commit(d); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := tillsync.Enroll(context.Background(), st, srv.URL, code, ""); err != nil {
		t.Fatal(err)
	}
	st.Close()
	out, errOut, rc := hanout(t, "sync", "now", "--data", dir)
	if rc != 0 || !strings.Contains(out, "1 refused and quarantined") {
		t.Fatalf("sync now: %d %q %q", rc, out, errOut)
	}
	out, errOut, rc = hanout(t, "sync", "status", "--data", dir)
	if rc != 0 || !strings.Contains(out, "quarantined:  1") || !strings.Contains(out, "receipt 1") || !strings.Contains(out, "card number not masked") {
		t.Fatalf("sync status: %d %q %q", rc, out, errOut)
	}
	if rows, _ := plat.Export(m.ID); len(rows) != 1 || rows[0].Receipt != 2 {
		t.Fatalf("platform rows %+v", rows)
	}
}

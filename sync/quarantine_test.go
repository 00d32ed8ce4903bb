package sync_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hanout/pos"
	"hanout/pos/store"
	"hanout/pos/store/storetest"
	tillsync "hanout/sync"
	"hanout/sync/wire"
)

// Finding 1, end to end on 127.0.0.1: one document the platform refuses
// (a card number the old Mask let through) sits first in the outbox, with
// 500 good sales after it and a QR payment to confirm. Before, the whole
// batch was refused with 422 forever and nothing was pulled.
func TestOneRefusedDocumentIsQuarantinedAndTheRestFlows(t *testing.T) {
	e := newEnv(t, "STAND-1")
	ctx := context.Background()
	bad := sell(t, e.till, "ARG", 1, func(total pos.Money) []pos.Tender {
		return []pos.Tender{{Kind: pos.TenderCard, Amount: total, Status: pos.StatusApproved, CardMasked: "501234567890", AuthCode: "123456"}}
	})
	qrSale := sell(t, e.till, "ARG", 1, qrTender(e.till.InstallID()+"-Q1"))
	sellMany(t, e.till, 499)
	if _, err := e.plat.Notify(wire.Notice{V: 1, Account: "ACQ-TIFAWT", Ref: e.till.InstallID() + "-Q1", Amount: qrSale.Total, Status: "paid"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	rep, err := e.sy.SyncOnce(ctx)
	if err != nil {
		t.Fatalf("sync: %v (%+v)", err, rep)
	}
	if rep.Rejected != 1 || rep.Checks != 1 {
		t.Fatalf("report %+v: want 1 refused and the QR confirmation back", rep)
	}
	if _, n := e.platformRows(e.merchant); n != 500 {
		t.Fatalf("%d sales on the platform, want the 500 good ones", n)
	}
	q, err := e.till.QuarantineList()
	if err != nil || len(q) != 1 || q[0].ID != bad.ID || q[0].Receipt != bad.Receipt || q[0].Code != wire.RejectInvalid || !strings.Contains(q[0].Reason, "card number not masked") {
		t.Fatalf("quarantine %+v %v", q, err)
	}
	st := e.sy.Status()
	if st.Unsynced != 0 || st.Quarantined != 1 || st.LastError != nil {
		t.Fatalf("status %+v", st)
	}
	var confirmed bool
	e.till.Each(0, func(d *pos.Document) error {
		confirmed = confirmed || d.Kind == pos.KindTenderCheck && d.Check.SaleID == qrSale.ID && d.Check.Status == pos.StatusApproved
		return nil
	})
	if !confirmed {
		t.Fatal("the QR confirmation did not arrive")
	}
	// Never resent, never deleted: the next sync sends only what is new.
	sell(t, e.till, "TAJ", 1, nil)
	rep, err = e.sy.SyncOnce(ctx)
	if err != nil || rep.Sent != 1 || rep.Rejected != 0 {
		t.Fatalf("next sync %+v %v", rep, err)
	}
	if q, _ := e.till.QuarantineList(); len(q) != 1 {
		t.Fatalf("quarantine after the next sync: %+v", q)
	}
	if d, err := e.till.ByID(bad.ID); err != nil || d.Receipt != bad.Receipt {
		t.Fatalf("the refused sale left the journal: %v", err)
	}
	if _, err := e.till.Verify(); err != nil {
		t.Fatal(err)
	}
}

// Finding 1, the other half: a push that fails no longer skips the pull.
func TestPullRunsWhenThePushFails(t *testing.T) {
	e := newEnv(t, "STAND-1")
	ctx := context.Background()
	qrSale := sell(t, e.till, "ARG", 1, qrTender(e.till.InstallID()+"-Q2"))
	if _, err := e.sy.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := e.plat.Notify(wire.Notice{V: 1, Account: "ACQ-TIFAWT", Ref: e.till.InstallID() + "-Q2", Amount: qrSale.Total, Status: "paid"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	// The platform answers every push with 503; everything else goes
	// through.
	target, _ := url.Parse(e.srv.URL)
	rp := httputil.NewSingleHostReverseProxy(target)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/documents") {
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte(`{"error":"unavailable","message":"down for pushes"}`))
			return
		}
		rp.ServeHTTP(w, r)
	}))
	defer front.Close()
	set, _, _ := tillsync.LoadSettings(e.till)
	set.Platform = front.URL
	e.till.PutSetting(tillsync.SettingsKey, set)
	sell(t, e.till, "TAJ", 1, nil)
	rep, err := e.sy.SyncOnce(ctx)
	if err == nil {
		t.Fatal("sync succeeded while pushes fail")
	}
	if rep.Checks != 1 {
		t.Fatalf("report %+v (%v): the QR confirmation must still be pulled", rep, err)
	}
}

// Finding 4, end to end: receipt 2, already on the platform, is rewritten
// in the till's file from 99.00 to 1.00 with every later hash and the last
// hash recomputed. The till's own check passes; the comparison with the
// platform's anchors names receipt 2; the next sale, built on the forged
// chain, is refused as a fork; the platform keeps 99.00.
func TestRechainedForgeryIsNamedAndRefused(t *testing.T) {
	e := newEnv(t, "STAND-1")
	ctx := context.Background()
	for range 4 {
		sell(t, e.till, "ARG", 1, nil)
	}
	if _, err := e.sy.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	r2, _ := e.till.ByReceipt(2)
	dir := filepath.Dir(e.till.Path())
	e.till.Close()
	storetest.Forge(t, e.till.Path(), r2.Seq, storetest.SetTotal(100))
	till, err := store.Open(dir, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { till.Close() })
	if d, _ := till.ByReceipt(2); d.Total != 100 {
		t.Fatalf("forgery did not take: %s", d.Total.Decimal())
	}
	if _, err := till.Verify(); err != nil {
		t.Fatalf("the till's own check should be fooled by a rechained file: %v", err)
	}
	rep, err := tillsync.CompareAnchors(ctx, till)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Differs != r2.Seq || rep.Receipt != 2 {
		t.Fatalf("anchors %+v: want receipt 2 named", rep)
	}
	sell(t, till, "TAJ", 1, nil)
	sy := tillsync.New(till)
	srep, err := sy.SyncOnce(ctx)
	if err != nil || srep.Sent != 0 || srep.Rejected != 1 {
		t.Fatalf("sync after the forgery %+v %v", srep, err)
	}
	q, _ := till.QuarantineList()
	if len(q) != 1 || q[0].Code != wire.RejectFork {
		t.Fatalf("quarantine %+v", q)
	}
	rows, _ := e.plat.Export(e.merchant)
	for _, r := range rows {
		if r.Receipt == 2 && r.Total != r2.Total.Decimal() {
			t.Fatalf("the platform took the forged total %s", r.Total)
		}
	}
	if o, _ := e.plat.Overview(); len(o.Forks) == 0 {
		t.Fatal("the dashboard shows no fork")
	}
}

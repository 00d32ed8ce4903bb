package sync_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"hanout/pos"
	"hanout/pos/i18n"
	"hanout/pos/store"
	tillsync "hanout/sync"
)

// The platform gives the till its identity: after enrollment the till's
// documents carry the terminal's name, its earlier ones (sold offline
// before enrolling) are still accepted, and a replacement device enrolled
// with `terminal reenroll`'s code numbers receipts after the last one the
// platform holds, so no number is used twice. The replaced till is told
// it was revoked, in its language.
func TestEnrollmentAdoptsIdentityAndReenrollContinuesNumbering(t *testing.T) {
	e := newEnv(t, "STAND-1")
	ctx := context.Background()
	open := func(term string) *store.Store {
		s, err := store.Open(t.TempDir(), store.Options{Terminal: term, NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		seed(t, s)
		return s
	}
	old := open("T-local")
	sell(t, old, "TAJ", 1, nil)
	sell(t, old, "ARG", 1, nil) // receipts 1 and 2 as T-local, offline
	term, code, err := e.plat.AddTerminal(e.merchant, "CAISSE-A")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tillsync.Enroll(ctx, old, e.srv.URL, code, ""); err != nil {
		t.Fatal(err)
	}
	if got := old.Terminal(); got != "CAISSE-A" {
		t.Fatalf("till identity after enrollment: %q", got)
	}
	if shop, _, _ := old.Shop(); shop.Terminal != "CAISSE-A" {
		t.Fatalf("shop label: %q", shop.Terminal)
	}
	d := sell(t, old, "TAJ", 1, nil)
	if d.Terminal != "CAISSE-A" || d.Receipt != 3 {
		t.Fatalf("first sale after enrollment: %s #%d", d.Terminal, d.Receipt)
	}
	if _, err := tillsync.New(old).SyncOnce(ctx); err != nil {
		t.Fatalf("sync with documents from before enrollment: %v", err)
	}
	if tm, _ := e.plat.Terminal(term.ID); tm.LastReceipt != 3 {
		t.Fatalf("platform's last receipt: %d", tm.LastReceipt)
	}

	// The device is lost: a replacement is enrolled with a new code.
	_, code, err = e.plat.Reenroll(term.ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	sell(t, old, "TAJ", 1, nil) // the lost device, still selling somewhere
	_, err = tillsync.New(old).SyncOnce(ctx)
	if pos.KeyOf(err) != "sync.revoked" || !strings.Contains(i18n.Error(pos.FR, err), "révoquée") {
		t.Fatalf("replaced till: %v (%s)", err, i18n.Error(pos.FR, err))
	}
	repl := open("T-fresh")
	if _, err := tillsync.Enroll(ctx, repl, e.srv.URL, code, ""); err != nil {
		t.Fatal(err)
	}
	d = sell(t, repl, "ARG", 1, nil)
	if d.Terminal != "CAISSE-A" || d.Receipt != 4 {
		t.Fatalf("first sale of the replacement: %s #%d, want CAISSE-A #4", d.Terminal, d.Receipt)
	}
	if _, err := tillsync.New(repl).SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	rows, _ := e.plat.Export(e.merchant)
	seen := map[uint64]bool{}
	for _, r := range rows {
		if r.Terminal != "CAISSE-A" && r.Terminal != "T-local" {
			continue
		}
		if seen[r.Receipt] {
			t.Fatalf("receipt %d twice on the platform", r.Receipt)
		}
		seen[r.Receipt] = true
	}
	if len(seen) != 4 {
		t.Fatalf("platform holds receipts %v of the terminal, want 1-4", seen)
	}
}

package devices

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"hanout/pos"
	"hanout/pos/i18n"
	"hanout/pos/store"
	"hanout/pos/ui"
	tillsync "hanout/sync"
	"hanout/sync/platform"
	"hanout/sync/platform/boltstore"
)

// newPlatform runs the platform server on 127.0.0.1 with one merchant.
func newPlatform(t *testing.T) (*boltstore.Store, *httptest.Server, string) {
	t.Helper()
	plat, err := boltstore.Open(t.TempDir(), boltstore.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { plat.Close() })
	srv := httptest.NewServer((&platform.Server{Store: plat, AcquirerSecret: []byte("secret"), AdminToken: "admin"}).Handler())
	t.Cleanup(srv.Close)
	m, err := plat.AddMerchant("Coopérative Tifawt")
	if err != nil {
		t.Fatal(err)
	}
	return plat, srv, m.ID
}

func TestEnrollFromSettingsThenStatusBarCountsDownToZero(t *testing.T) {
	plat, srv, merchant := newPlatform(t)
	_, code, err := plat.AddTerminal(merchant, "Stand Jemaa")
	if err != nil {
		t.Fatal(err)
	}
	st, dir := newStore(t)
	setup := st.Counters().Unsynced // the shift opening and the set-up's journal events
	for range 3 {
		sell(t, st, "TAJ-1")
	}
	unsynced := st.Counters().Unsynced
	if unsynced != setup+3 {
		t.Fatalf("unsynced %d", unsynced)
	}
	s := NewSync(st)
	s.Poll = 50 * time.Millisecond
	tl := newTill(t, st, dir, s.Section())
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(func() { cancel(); s.Wait() })
	s.Start(ctx, tl.u)
	if s.Running() {
		t.Fatal("sync loop runs before enrollment")
	}
	fr := func(key string, args ...any) string { return i18n.T(pos.FR, key, args...) }
	bar := func() string { return tl.statusText("ui.status.unsynced") }
	// A till never enrolled says so in a seller's words in the status bar
	// (no "not enrolled" jargon, no count of documents waiting for a
	// platform there is not); Settings → Sync explains the enrollment.
	local := fr("counter.status.local_only")
	tl.pumpUntil("local till shown", func() bool { return tl.hasLabel(local) })
	if b := bar(); b != "" {
		t.Fatalf("status bar of a till never enrolled shows %q", b)
	}
	tl.walkText(func(s string) {
		if strings.Contains(s, "enrôl") {
			t.Fatalf("the counter shows %q", s)
		}
	})

	tl.openSettings()
	v := s.view
	if v == nil {
		t.Fatal("sync section not built")
	}
	if v.unsynced.Text != fmt.Sprint(unsynced) || v.state.Text != fr("devices.sync.state.not_enrolled") || !v.showConflicts.Disabled() {
		t.Fatalf("section before enrollment: %q %q", v.unsynced.Text, v.state.Text)
	}

	// Sync now before enrollment says why not.
	test.Tap(v.now)
	tl.pumpUntil("sync now answered", func() bool { return !v.now.Disabled() })
	if v.result.Text != fr("sync.not_enrolled") {
		t.Fatalf("sync now: %q", v.result.Text)
	}
	// A wrong code is refused, translated; nothing is stored.
	v.url.SetText(srv.URL)
	v.code.SetText("WRONG-CODE")
	test.Tap(v.enroll)
	tl.pumpUntil("enroll answered", func() bool { return !v.enroll.Disabled() })
	if v.result.Text != fr("sync.code_used") {
		t.Fatalf("wrong code: %q", v.result.Text)
	}
	if _, ok, _ := tillsync.LoadSettings(st); ok {
		t.Fatal("enrolled with a wrong code")
	}
	// A missing CA file is named.
	v.code.SetText(code)
	v.ca.SetText("/nonexistent/ca.pem")
	test.Tap(v.enroll)
	tl.pumpUntil("enroll answered", func() bool { return !v.enroll.Disabled() })
	if v.result.Text != fr("sync.bad_ca", "/nonexistent/ca.pem") {
		t.Fatalf("missing CA: %q", v.result.Text)
	}

	// The right code: enrolled, the loop starts and sends everything.
	v.ca.SetText("")
	test.Tap(v.enroll)
	tl.pumpUntil("enrolled", func() bool { return !v.enroll.Disabled() })
	set, ok, _ := tillsync.LoadSettings(st)
	if !ok || v.result.Text != fr("devices.sync.enrolled", set.Name, set.MerchantName, set.Platform) {
		t.Fatalf("enroll: %q", v.result.Text)
	}
	if !s.Running() {
		t.Fatal("sync loop not started after enrollment")
	}
	tl.pumpUntil("all sent", func() bool {
		b := bar()
		return strings.HasPrefix(b, head(fr("ui.status.unsynced", 0, "\x00"))) && strings.Contains(b, fr("devices.sync.state.online"))
	})
	if got := st.Counters().Unsynced; got != 0 {
		t.Fatalf("unsynced %d after sync", got)
	}
	if rows, err := plat.Export(merchant); err != nil || len(rows) != 3 {
		t.Fatalf("platform has %d sale rows (%v), want 3", len(rows), err)
	}
	tl.pumpUntil("section follows", func() bool { return v.unsynced.Text == "0" && v.lastErr.Text == fr("devices.sync.no_error") })

	// A sale made now leaves within seconds (the journal watch kicks the
	// loop), and "sync now" reports what it did.
	sell(t, st, "THE-1")
	tl.pumpUntil("new sale counted", func() bool { return st.Counters().Unsynced == 0 })
	sell(t, st, "THE-1")
	test.Tap(v.now)
	tl.pumpUntil("sync now answered", func() bool { return !v.now.Disabled() })
	if !strings.HasPrefix(v.result.Text, head(fr("devices.sync.report", "\x00"))) {
		t.Fatalf("sync now: %q", v.result.Text)
	}
	tl.pumpUntil("zero again", func() bool { return strings.HasPrefix(bar(), head(fr("ui.status.unsynced", 0, "\x00"))) })
	if rows, _ := plat.Export(merchant); len(rows) != 5 {
		t.Fatalf("platform has %d sale rows, want 5", len(rows))
	}

	// The platform goes away: offline shows in the bar, sales wait.
	srv.CloseClientConnections()
	srv.Close()
	sell(t, st, "TAJ-1")
	tl.pumpUntil("offline shown", func() bool {
		return strings.HasPrefix(bar(), head(fr("ui.status.unsynced", 1, "\x00"))) && strings.Contains(bar(), fr("devices.sync.state.offline"))
	})
	if st := NetworkState(s.Status(), pos.FR); st.Level != ui.LevelDown {
		t.Fatalf("offline level %v", st.Level)
	}
	tl.pumpUntil("error in section", func() bool {
		return v.lastErr.Text == i18n.Error(pos.FR, s.Status().LastError) && v.unsynced.Text == "1"
	})
}

func TestNetworkStatesAreTranslated(t *testing.T) {
	now := time.Date(2026, 6, 1, 15, 0, 0, 0, time.Local)
	ok := now.Add(-time.Hour)
	cases := []struct {
		s     tillsync.Status
		level ui.Level
	}{
		{tillsync.Status{}, ui.LevelOK},
		{tillsync.Status{Enrolled: true}, ui.LevelUnknown},
		{tillsync.Status{Enrolled: true, Syncing: true}, ui.LevelOK},
		{tillsync.Status{Enrolled: true, Online: true, LastSuccess: ok}, ui.LevelOK},
		{tillsync.Status{Enrolled: true, LastError: pos.Errorf("sync.offline", "x"), LastSuccess: ok}, ui.LevelDown},
		{tillsync.Status{Enrolled: true, LastError: pos.Errorf("sync.offline", "x")}, ui.LevelDown},
		{tillsync.Status{Enrolled: true, Online: true, LastError: pos.Errorf("sync.unauthorized")}, ui.LevelWarn},
		{tillsync.Status{Enrolled: true, Online: true, LastError: errors.New("boom")}, ui.LevelWarn},
	}
	for _, l := range pos.Langs {
		for _, c := range cases {
			got := NetworkState(c.s, l)
			if got.Level != c.level || got.Text == "" || strings.Contains(got.Text, "devices.") || strings.Contains(got.Text, "%!") {
				t.Errorf("%s %+v: %+v", l, c.s, got)
			}
		}
	}
	if got := NetworkState(tillsync.Status{}, pos.FR); got.Text != "Caisse locale, sans plateforme" || !got.Alone {
		t.Errorf("fr never enrolled: %+v", got)
	}
	if got := NetworkState(cases[4].s, pos.FR).Text; got != "hors ligne" {
		t.Errorf("fr offline: %q", got)
	}
	revoked := tillsync.Status{Enrolled: true, Online: true, LastError: pos.Errorf("sync.revoked")}
	if got := NetworkState(revoked, pos.FR); got.Text != "révoquée" || got.Level != ui.LevelWarn {
		t.Errorf("fr revoked: %+v", got)
	}
	lines := conflictLines(pos.AR, []store.Conflict{{Kind: "oversell", SKU: "RUG", Detail: "sold online", Time: now}})
	if len(lines) != 1 || !strings.Contains(lines[0], i18n.T(pos.AR, "devices.sync.conflict.oversell")) || !strings.Contains(lines[0], "RUG") {
		t.Errorf("conflict lines %q", lines)
	}
}

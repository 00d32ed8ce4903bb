package devices

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"hanout/pos"
	"hanout/pos/i18n"
	tillsync "hanout/sync"
)

// A sale the platform refuses (a card number the old mask let through)
// goes to quarantine: the status bar counts it, Settings → Sync lists it
// with the platform's reason, and the good sale still reaches the platform.
func TestQuarantineShownInStatusBarAndSettings(t *testing.T) {
	plat, srv, merchant := newPlatform(t)
	_, code, err := plat.AddTerminal(merchant, "Stand Jemaa")
	if err != nil {
		t.Fatal(err)
	}
	st, dir := newStore(t)
	bad := sell(t, st, "TAJ-1")
	// Rewrite nothing: commit a second, refused sale the way an old
	// version of the till could have.
	p, _ := st.Product("THE-1")
	var tk pos.Ticket
	tk.Add(p, 1)
	total, _ := tk.Compute()
	d, err := tk.Sale([]pos.Tender{{Kind: pos.TenderCard, Amount: total, Status: pos.StatusApproved, CardMasked: "501234567890"}}, "Fatima", st.OpenShift(), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Commit(d); err != nil {
		t.Fatal(err)
	}
	if _, err := tillsync.Enroll(context.Background(), st, srv.URL, code, ""); err != nil {
		t.Fatal(err)
	}
	s := NewSync(st)
	s.Poll = 50 * time.Millisecond
	tl := newTill(t, st, dir, s.Section())
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	s.Start(ctx, tl.u)
	fr := func(key string, args ...any) string { return i18n.T(pos.FR, key, args...) }
	bar := func() string { return tl.statusText("ui.status.unsynced") }
	tl.pumpUntil("quarantine counted in the bar", func() bool { return strings.Contains(bar(), fr("money.status.quarantined", 1)) })
	if rows, _ := plat.Export(merchant); len(rows) != 1 || rows[0].ID != bad.ID {
		t.Fatalf("platform rows %+v, want the good sale only", rows)
	}
	tl.openSettings()
	v := s.view
	tl.pumpUntil("section shows it", func() bool { return v.quarantine.Text == "1" && !v.showQuarantine.Disabled() })
	test.Tap(v.showQuarantine)
	if v.quarantineOpen == nil {
		t.Fatal("no quarantine dialog")
	}
	qs, _ := st.QuarantineList()
	lines := quarantineLines(pos.FR, qs)
	if len(lines) != 1 || !strings.Contains(lines[0], "card number not masked") || !strings.Contains(lines[0], fr("money.sync.code.invalid")) ||
		!strings.Contains(lines[0], fmt.Sprintf("Ticket %d ", d.Receipt)) {
		t.Fatalf("quarantine lines %q", lines)
	}
	v.quarantineOpen.Hide()
}

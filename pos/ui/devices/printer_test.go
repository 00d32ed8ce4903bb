package devices

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"hanout/drivers/escpos"
	"hanout/drivers/printersim"
	"hanout/drivers/printq"
	"hanout/drivers/pty"
	"hanout/drivers/serialport"
	"hanout/pos"
	"hanout/pos/i18n"
	"hanout/pos/receipt"
	"hanout/pos/store"
	"hanout/pos/ui"
)

// simPrinter is the printer simulator on a pty, reached through a link
// the way a /dev/serial/by-id name is.
type simPrinter struct {
	link  string
	sim   *printersim.Sim
	pages chan *printersim.Page
}

func newSimPrinter(t *testing.T) *simPrinter {
	t.Helper()
	p, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	sp := &simPrinter{link: filepath.Join(t.TempDir(), "printer"), pages: make(chan *printersim.Page, 20)}
	if err := p.Link(sp.link); err != nil {
		t.Fatal(err)
	}
	sp.sim = &printersim.Sim{OnPage: func(pg *printersim.Page, _ string) {
		select {
		case sp.pages <- pg:
		default:
			t.Errorf("more than %d pages unread", cap(sp.pages))
		}
	}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); sp.sim.Serve(ctx, p.Master) }()
	t.Cleanup(func() { cancel(); p.Close(); <-done })
	return sp
}

// deps open the link the way the command line does for a serial port,
// with short timeouts, and print a small test page.
func testDeps() PrinterDeps {
	return PrinterDeps{
		Connect: func(s printq.Settings) (io.ReadWriteCloser, error) {
			return serialport.Open(serialport.Config{Name: s.Port, Baud: s.Baud, ReadTimeout: 100 * time.Millisecond, WriteTimeout: 2 * time.Second})
		},
		TestPage: func(p escpos.Profile) ([]byte, error) {
			return escpos.NewEncoder(p).Init().Line("PAGE DE TEST").Feed(3).Cut().Bytes(), nil
		},
		Retry: 50 * time.Millisecond,
		Poll:  50 * time.Millisecond,
	}
}

func (tl *till) page(sp *simPrinter) *printersim.Page {
	tl.t.Helper()
	var pg *printersim.Page
	tl.pumpUntil("a page printed", func() bool {
		select {
		case pg = <-sp.pages:
			return true
		default:
			return false
		}
	})
	return pg
}

// startedPrinter is a till with the printer section, its worker started
// for the life of the test.
func startedPrinter(t *testing.T, st *store.Store, dir string) (*Printer, *till) {
	t.Helper()
	p, err := NewPrinter(st, testDeps())
	if err != nil {
		t.Fatal(err)
	}
	tl := newTill(t, st, dir, p.Section())
	ctx, cancel := context.WithCancel(context.Background())
	// The worker, the watcher and any test page end before the next test
	// sets its own app: a worker left running would post to that test's
	// screens.
	t.Cleanup(func() { cancel(); p.Wait() })
	p.Start(ctx, tl.u)
	return p, tl
}

func TestSaleCommittedPrintsAndPaperOutWaits(t *testing.T) {
	sp := newSimPrinter(t)
	st, dir := newStore(t)
	p, tl := startedPrinter(t, st, dir)
	fr := func(key string, args ...any) string { return i18n.T(pos.FR, key, args...) }
	bar := func() string { return tl.statusText("ui.status.printer") }
	tl.pumpUntil("not configured shown", func() bool {
		return bar() == fr("ui.status.printer", fr("devices.printer.state.not_configured"))
	})

	// The manager sets the printer up in Settings.
	tl.openSettings()
	v := p.view
	if v == nil {
		t.Fatal("printer section not built")
	}
	v.port.SetText(sp.link)
	v.baud.SetSelected("38400")
	v.profile.SetSelected(profileTitle("pos58"))
	v.width.SetSelected("58 mm")
	test.Tap(v.save)
	if v.result.Text != fr("devices.printer.saved") {
		t.Fatalf("save said %q", v.result.Text)
	}
	saved, err := printq.LoadSettings(st)
	if err != nil {
		t.Fatal(err)
	}
	want := printq.Settings{Port: sp.link, Baud: 38400, Profile: "pos58", Width: 58, Drawer: true, PrintOnSale: true}
	if saved != want {
		t.Fatalf("saved %+v, want %+v", saved, want)
	}
	tl.pumpUntil("printer ready", func() bool { return bar() == fr("ui.status.printer", fr("devices.printer.state.ready")) })

	// A sale committed on the till prints by itself (print on sale), with
	// the drawer pulse of a cash sale, on 32 columns.
	d := sell(t, st, "TAJ-1")
	pg := tl.page(sp)
	if !strings.Contains(pg.Text(), fmt.Sprintf("%06d", d.Receipt)) || pg.Drawers != 1 {
		t.Fatalf("printed (%d drawer pulses):\n%s", pg.Drawers, pg.Text())
	}
	tl.pumpUntil("queue empty", func() bool { jobs, _ := st.PendingPrints(); return len(jobs) == 0 })
	tl.pumpUntil("ready again", func() bool { return bar() == fr("ui.status.printer", fr("devices.printer.state.ready")) })

	// Out of paper: the sale is kept, the seller reads why.
	sp.sim.PaperOut.Store(true)
	d2 := sell(t, st, "THE-1")
	waiting := fr("ui.status.printer", fr("devices.printer.state.pending", fr("devices.printer.state.paper_out"), 1))
	tl.pumpUntil("paper out shown", func() bool { return bar() == waiting })
	if s := p.State(); PrinterState(s, pos.FR).Level != ui.LevelWarn || s.Err == nil || s.Err.Key != "printer.paper_out" {
		t.Fatalf("state %+v", s)
	}
	if v.status.Text != fr("printer.paper_out")+" "+fr("printer.pending", 1) {
		t.Fatalf("settings show %q", v.status.Text)
	}
	jobs, _ := st.PendingPrints()
	if len(jobs) != 1 || jobs[0].Receipt != d2.Receipt || jobs[0].LastError != "printer.paper_out" {
		t.Fatalf("jobs %+v", jobs)
	}
	if n := len(sp.pages); n != 0 {
		t.Fatalf("%d pages printed without paper", n)
	}
	// A roll goes in: the job prints with no one touching the till.
	sp.sim.PaperOut.Store(false)
	pg = tl.page(sp)
	if !strings.Contains(pg.Text(), fmt.Sprintf("%06d", d2.Receipt)) {
		t.Fatalf("printed:\n%s", pg.Text())
	}
	tl.pumpUntil("ready after paper", func() bool { return bar() == fr("ui.status.printer", fr("devices.printer.state.ready")) })

	// A reprint from history goes through the same queue, without drawer.
	if err := st.EnqueuePrint(d.Receipt); err != nil {
		t.Fatal(err)
	}
	pg = tl.page(sp)
	if pg.Drawers != 0 || !strings.Contains(pg.Text(), fr("receipt.duplicate")) {
		t.Fatalf("reprint (%d drawer pulses):\n%s", pg.Drawers, pg.Text())
	}
}

func TestTestPageReportsTheOutcome(t *testing.T) {
	sp := newSimPrinter(t)
	st, dir := newStore(t)
	p, tl := startedPrinter(t, st, dir)
	tl.openSettings()
	v := p.view
	fr := func(key string, args ...any) string { return i18n.T(pos.FR, key, args...) }
	try := func(want string) {
		t.Helper()
		test.Tap(v.test)
		if v.result.Text != fr("devices.printer.testing") || !v.test.Disabled() {
			t.Fatalf("while printing: %q", v.result.Text)
		}
		tl.pumpUntil("test page outcome", func() bool { return !v.test.Disabled() })
		if v.result.Text != want {
			t.Fatalf("test page said %q, want %q", v.result.Text, want)
		}
	}
	failed := func(e *pos.Error) string { return fr("devices.printer.test_failed", i18n.Error(pos.FR, e)) }

	try(failed(pos.Errorf("printer.not_configured"))) // no port typed
	v.port.SetText(sp.link)
	try(fr("printer.test_ok"))
	if pg := <-sp.pages; !strings.Contains(pg.Text(), "PAGE DE TEST") {
		t.Fatalf("printed:\n%s", pg.Text())
	}
	sp.sim.PaperOut.Store(true)
	try(failed(pos.Errorf("printer.paper_out")))
	sp.sim.PaperOut.Store(false)
	sp.sim.CoverOpen.Store(true)
	try(failed(pos.Errorf("printer.cover_open")))
	sp.sim.CoverOpen.Store(false)
	sp.sim.Silent.Store(true)
	try(failed(pos.Errorf("printer.no_answer")))
	sp.sim.Silent.Store(false)
	v.port.SetText(filepath.Join(t.TempDir(), "ttyUSB9"))
	try(failed(pos.Errorf("printer.no_port", v.port.Text)))
	// The test page used the form, not the saved setting: nothing saved.
	if s, _ := printq.LoadSettings(st); s.Configured() {
		t.Fatalf("test page saved %+v", s)
	}
}

// The worker is stopped by the test page and by a new setting; a sale
// committed meanwhile keeps its job and prints afterwards.
func TestApplyRestartsWorkerWithoutLosingJobs(t *testing.T) {
	sp := newSimPrinter(t)
	st, _ := newStore(t)
	p, err := NewPrinter(st, testDeps())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(func() { cancel(); p.Wait() })
	p.Start(ctx, nil)
	d := sell(t, st, "TAJ-1") // no printer yet: no job either
	if jobs, _ := st.PendingPrints(); len(jobs) != 0 {
		t.Fatalf("job queued with no printer: %+v", jobs)
	}
	var applied atomic.Bool
	cfg := printq.Settings{Port: sp.link, Baud: 38400, Profile: "epson", Width: 80, PrintOnSale: true}
	if err := p.Apply(cfg, func() { applied.Store(true) }); err != nil {
		t.Fatal(err)
	}
	d2 := sell(t, st, "THE-1")
	select {
	case pg := <-sp.pages:
		if !strings.Contains(pg.Text(), fmt.Sprintf("%06d", d2.Receipt)) || pg.Drawers != 0 {
			t.Fatalf("printed (%d drawer pulses, drawer off):\n%s", pg.Drawers, pg.Text())
		}
	case <-time.After(deadline):
		t.Fatalf("nothing printed; state %+v", p.State())
	}
	if !applied.Load() {
		t.Fatal("apply never finished")
	}
	_ = d
	// Quitting: once the context ends, Wait returns with the worker
	// stopped, so the till may close the store.
	cancel()
	waited := make(chan struct{})
	go func() { p.Wait(); close(waited) }()
	select {
	case <-waited:
	case <-time.After(deadline):
		t.Fatal("Wait did not return after the context ended")
	}
	p.mu.Lock()
	running := p.cur
	p.mu.Unlock()
	if running != nil {
		t.Fatal("worker still running after Wait")
	}
}

func TestPrinterStatesAreTranslated(t *testing.T) {
	cases := []struct {
		s     printq.State
		level ui.Level
	}{
		{printq.State{Kind: printq.Disabled}, ui.LevelUnknown},
		{printq.State{Kind: printq.Idle}, ui.LevelOK},
		{printq.State{Kind: printq.Printing, Receipt: 12, Pending: 2}, ui.LevelOK},
		{printq.State{Kind: printq.Idle, Warning: pos.Errorf("printer.paper_near_end")}, ui.LevelWarn},
		{printq.State{Kind: printq.Waiting, Pending: 1, Err: pos.Errorf("printer.paper_out")}, ui.LevelWarn},
		{printq.State{Kind: printq.Waiting, Pending: 1, Err: pos.Errorf("printer.cover_open")}, ui.LevelWarn},
		{printq.State{Kind: printq.Waiting, Pending: 3, Err: pos.Errorf("printer.no_answer")}, ui.LevelDown},
		{printq.State{Kind: printq.Waiting, Pending: 1, Err: pos.Errorf("printer.no_port", "/dev/ttyUSB0")}, ui.LevelDown},
		{printq.State{Kind: printq.Waiting, Pending: 1, Err: pos.Errorf("store.no_receipt", 9)}, ui.LevelWarn},
	}
	for _, l := range pos.Langs {
		for _, c := range cases {
			got := PrinterState(c.s, l)
			if got.Level != c.level || got.Text == "" || strings.Contains(got.Text, "devices.") || strings.Contains(got.Text, "%!") {
				t.Errorf("%s %+v: %+v", l, c.s, got)
			}
		}
	}
	if got := PrinterState(printq.State{Kind: printq.Waiting, Pending: 2, Err: pos.Errorf("printer.paper_out")}, pos.AR).Text; got != "نفد الورق (2)" {
		t.Errorf("ar: %q", got)
	}
}

// The adapter is what printq expects of a queue: oldest first, failures
// kept with their reason, done jobs gone.
func TestQueueAdapter(t *testing.T) {
	st, _ := newStore(t)
	st.SetPrintOnCommit(true)
	d1 := sell(t, st, "TAJ-1")
	d2 := sell(t, st, "THE-1")
	if err := st.EnqueuePrint(d1.Receipt); err != nil {
		t.Fatal(err)
	}
	q := Queue{st}
	jobs, err := q.Pending()
	if err != nil || len(jobs) != 3 || jobs[0].Receipt != d1.Receipt || jobs[1].Receipt != d2.Receipt || !jobs[2].Reprint || jobs[0].Reprint {
		t.Fatalf("jobs %+v, %v", jobs, err)
	}
	if err := q.Failed(jobs[0].ID, "printer.paper_out"); err != nil {
		t.Fatal(err)
	}
	if err := q.Done(jobs[1].ID); err != nil {
		t.Fatal(err)
	}
	left, _ := st.PendingPrints()
	if len(left) != 2 || left[0].LastError != "printer.paper_out" || left[0].Attempts != 1 {
		t.Fatalf("left %+v", left)
	}
	doc, err := q.DocumentByReceipt(d2.Receipt)
	if err != nil || doc.ID != d2.ID {
		t.Fatalf("doc %v, %v", doc, err)
	}
	if _, err := receipt.Build(doc, pos.Shop{Name: "x"}, receipt.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := q.DocumentByReceipt(999); pos.KeyOf(err) != "store.no_receipt" {
		t.Fatalf("missing receipt: %v", err)
	}
}

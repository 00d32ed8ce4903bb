package devices

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"hanout/drivers/escpos"
	"hanout/drivers/printq"
	"hanout/pos"
	"hanout/pos/store"
	"hanout/pos/ui"
)

// Queue adapts the store's durable print jobs to the worker: it is both
// printq.Queue and printq.Documents.
type Queue struct{ Store *store.Store }

var (
	_ printq.Queue     = Queue{}
	_ printq.Documents = Queue{}
)

// Pending returns the store's queued jobs, oldest first.
func (q Queue) Pending() ([]printq.Job, error) {
	jobs, err := q.Store.PendingPrints()
	if err != nil {
		return nil, err
	}
	out := make([]printq.Job, len(jobs))
	for i, j := range jobs {
		out[i] = printq.Job{ID: j.ID, Receipt: j.Receipt, Reprint: j.Reprint, Report: j.Report, Key: j.Key}
	}
	return out, nil
}

// Done removes a printed job.
func (q Queue) Done(id uint64) error { return q.Store.PrintDone(id) }

// Failed records why a job could not print; the job stays.
func (q Queue) Failed(id uint64, reason string) error { return q.Store.PrintFailed(id, reason) }

// DocumentByReceipt loads a committed sale or refund.
func (q Queue) DocumentByReceipt(n uint64) (*pos.Document, error) { return q.Store.ByReceipt(n) }

// Hash is the chain hash of journal entry seq, printed as the receipt's
// fingerprint.
func (q Queue) Hash(seq uint64) []byte { return q.Store.Hash(seq) }

// downKeys are the printer reasons that mean it cannot be reached at all
// (the rest mean it is there but needs the seller: paper, cover, …).
var downKeys = map[string]bool{
	"printer.no_answer": true, "printer.no_port": true, "printer.port_error": true,
	"printer.offline": true, "printer.error": true,
}

// PrinterState is what the status bar shows for a worker state: OK while
// it prints or waits for work, Warn when the seller must act (paper, cover)
// and Down when the printer does not answer; Unknown when none is set.
func PrinterState(s printq.State, l pos.Lang) ui.State {
	var st ui.State
	switch {
	case s.Kind == printq.Disabled:
		st = ui.State{Level: ui.LevelUnknown, Text: t(l, "devices.printer.state.not_configured")}
	case s.Err != nil:
		st.Level = ui.LevelWarn
		if downKeys[s.Err.Key] {
			st.Level = ui.LevelDown
		}
		st.Text = shortReason(l, s.Err)
	case s.Kind == printq.Printing:
		st = ui.State{Level: ui.LevelOK, Text: t(l, "devices.printer.state.printing", s.Receipt)}
	case s.Warning != nil:
		st = ui.State{Level: ui.LevelWarn, Text: shortReason(l, s.Warning)}
	default:
		st = ui.State{Level: ui.LevelOK, Text: t(l, "devices.printer.state.ready")}
	}
	if s.Pending > 0 && s.Kind != printq.Printing {
		st.Text = t(l, "devices.printer.state.pending", st.Text, s.Pending)
	}
	return st
}

// PrinterMessage is the state in full sentences, for the Settings screen.
func PrinterMessage(s printq.State, l pos.Lang) string {
	msg := t(l, s.Key(), s.Args()...)
	if s.Pending > 0 && s.Kind != printq.Printing {
		msg += " " + t(l, "printer.pending", s.Pending)
	}
	return msg
}

// shortReason is the status bar's few words for a printer message; one
// without a short form shows its full message (the bar truncates it).
func shortReason(l pos.Lang, e *pos.Error) string {
	key := "devices.printer.state." + strings.TrimPrefix(e.Key, "printer.")
	if strings.HasPrefix(e.Key, "printer.") {
		if s := t(l, key); s != key {
			return s
		}
	}
	return t(l, e.Key, e.Args...)
}

// PrinterDeps are the pieces the command line already has: how a printer
// link is opened from the settings, and the test page.
type PrinterDeps struct {
	Connect  func(printq.Settings) (io.ReadWriteCloser, error)
	TestPage func(escpos.Profile) ([]byte, error)
	// Retry is the worker's pause while the printer is not ready (printq's
	// default when zero).
	Retry time.Duration
	// Poll is how often the store is looked at for new jobs to kick the
	// worker (default 500 ms).
	Poll time.Duration
}

// Printer runs the print worker for the till and serves its settings.
type Printer struct {
	st   *store.Store
	deps PrinterDeps

	// op serialises what holds the port: the worker, and a test page
	// (which stops the worker while it prints).
	op sync.Mutex

	mu      sync.Mutex
	cfg     printq.Settings
	ctx     context.Context // Start's; nil before
	sink    Sink
	cur     *running
	state   printq.State
	view    *printerView
	shown   pos.Lang // language of the text last sent to the status bar
	lastJob uint64

	bg sync.WaitGroup // the watch loop, which stops the worker as it ends
}

type running struct {
	w      *printq.Worker
	cancel context.CancelFunc
	done   chan struct{}
}

// NewPrinter reads the printer setting and sets the store's print-on-sale
// from it, before any sale can be rung up.
func NewPrinter(st *store.Store, deps PrinterDeps) (*Printer, error) {
	if deps.Poll <= 0 {
		deps.Poll = 500 * time.Millisecond
	}
	cfg, err := printq.LoadSettings(st)
	p := &Printer{st: st, deps: deps, cfg: cfg, state: printq.State{Kind: printq.Disabled}}
	st.SetPrintOnCommit(cfg.Configured() && cfg.PrintOnSale)
	return p, err
}

// Settings returns the current printer settings.
func (p *Printer) Settings() printq.Settings {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cfg
}

// State returns the worker's last state.
func (p *Printer) State() printq.State {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.state
}

// Start runs the worker (if a printer is set) until ctx ends, reporting
// to sink. It returns at once.
func (p *Printer) Start(ctx context.Context, sink Sink) {
	p.mu.Lock()
	p.ctx, p.sink = ctx, sink
	p.mu.Unlock()
	p.op.Lock()
	p.startWorker()
	p.op.Unlock()
	p.bg.Add(1)
	go func() {
		defer p.bg.Done()
		p.watch(ctx)
	}()
}

// Wait returns once Start's background work has ended after its context
// did: the worker is stopped and no longer touches the store or the port,
// so the store may be closed. It also waits for a restart after Apply and
// a test page from the settings section still under way.
func (p *Printer) Wait() { p.bg.Wait() }

// Kick makes the worker look at the queue now.
func (p *Printer) Kick() {
	p.mu.Lock()
	cur := p.cur
	p.mu.Unlock()
	if cur != nil {
		cur.w.Kick()
	}
}

// Apply stores new settings and restarts the worker with them in the
// background (the old one may be finishing a receipt). done, if not nil,
// is called once the new worker runs.
func (p *Printer) Apply(cfg printq.Settings, done func()) error {
	if err := p.st.PutSetting(printq.SettingKey, cfg); err != nil {
		return err
	}
	p.st.SetPrintOnCommit(cfg.Configured() && cfg.PrintOnSale)
	p.mu.Lock()
	p.cfg = cfg
	started := p.ctx != nil
	p.mu.Unlock()
	if !started {
		if done != nil {
			done()
		}
		return nil
	}
	p.bg.Add(1)
	go func() {
		defer p.bg.Done()
		p.op.Lock()
		p.stopWorker()
		p.startWorker()
		p.op.Unlock()
		if done != nil {
			done()
		}
	}()
	return nil
}

// startWorker runs a worker on the current settings; op is held.
func (p *Printer) startWorker() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ctx == nil || p.ctx.Err() != nil {
		return
	}
	cfg := p.cfg
	c := printq.Config{
		Queue: Queue{p.st}, Docs: Queue{p.st},
		Shop:    func() pos.Shop { s, _, _ := p.st.Shop(); return s },
		Drawer:  cfg.Drawer,
		OnState: p.onState,
		Retry:   p.deps.Retry,
	}
	if prof, err := cfg.ProfileFor(); err == nil {
		c.Profile = prof
	}
	if cfg.Configured() && p.deps.Connect != nil {
		c.Connect = func() (io.ReadWriteCloser, error) { return p.deps.Connect(cfg) }
	}
	ctx, cancel := context.WithCancel(p.ctx)
	r := &running{w: printq.New(c), cancel: cancel, done: make(chan struct{})}
	p.cur = r
	go func() {
		defer close(r.done)
		r.w.Run(ctx)
	}()
}

// stopWorker stops the running worker and waits for it; op is held.
func (p *Printer) stopWorker() {
	p.mu.Lock()
	r := p.cur
	p.cur = nil
	p.mu.Unlock()
	if r != nil {
		r.cancel()
		<-r.done
	}
}

// onState runs on the worker goroutine.
func (p *Printer) onState(s printq.State) {
	p.mu.Lock()
	p.state = s
	p.mu.Unlock()
	p.post()
}

// post shows the current state in the status bar and the settings
// section, in the language the screens are in now.
func (p *Printer) post() {
	p.mu.Lock()
	sink := p.sink
	p.mu.Unlock()
	if sink == nil {
		return
	}
	fyne.Do(func() {
		l := sink.Lang()
		p.mu.Lock()
		s, v := p.state, p.view
		p.shown = l
		p.mu.Unlock()
		us := PrinterState(s, l)
		sink.SetPrinter(us)
		sink.Changed()
		if v != nil && v.lang == l {
			setText(v.status, l, PrinterMessage(s, l))
		}
	})
}

// watch kicks the worker when a job appears (a sale committed with
// print-on-sale, a reprint from history) so the till never waits on the
// printer and the printer never waits long for the till, and follows a
// change of language.
func (p *Printer) watch(ctx context.Context) {
	tk := time.NewTicker(p.deps.Poll)
	defer tk.Stop()
	defer func() { p.op.Lock(); p.stopWorker(); p.op.Unlock() }()
	for n := 0; ; n++ {
		select {
		case <-ctx.Done():
			return
		case <-tk.C:
		}
		if jobs, err := p.st.PendingPrints(); err == nil && len(jobs) > 0 {
			last := jobs[len(jobs)-1].ID
			p.mu.Lock()
			fresh := last > p.lastJob
			p.lastJob = max(p.lastJob, last)
			p.mu.Unlock()
			if fresh {
				p.Kick()
			}
		}
		if n%4 == 0 {
			p.mu.Lock()
			sink := p.sink
			p.mu.Unlock()
			if sink == nil {
				continue
			}
			fyne.Do(func() {
				p.mu.Lock()
				changed := p.shown != "" && p.shown != sink.Lang()
				p.mu.Unlock()
				if changed {
					p.post()
				}
			})
		}
	}
}

// TestPage prints the test page on cfg (saved or not): the worker stops
// while it prints, then resumes on the saved settings. It returns nil when
// the page printed and the printer still reports itself ready.
func (p *Printer) TestPage(ctx context.Context, cfg printq.Settings) *pos.Error {
	if !cfg.Configured() {
		return pos.Errorf("printer.not_configured")
	}
	prof, err := cfg.ProfileFor()
	if err != nil {
		return asPosError(err)
	}
	if p.deps.Connect == nil || p.deps.TestPage == nil {
		return pos.Errorf("printer.not_configured")
	}
	page, err := p.deps.TestPage(prof)
	if err != nil {
		return asPosError(err)
	}
	p.op.Lock()
	defer p.op.Unlock()
	p.stopWorker()
	defer p.startWorker()
	link, err := p.deps.Connect(cfg)
	if err != nil {
		return printq.LinkError(err)
	}
	pr := escpos.NewPrinter(link, escpos.Options{})
	defer pr.Close()
	if _, perr := printq.Check(ctx, pr); perr != nil {
		return perr
	}
	if _, err := pr.Write(page); err != nil {
		return printq.LinkError(err)
	}
	if _, perr := printq.Check(ctx, pr); perr != nil {
		return perr
	}
	return nil
}

func asPosError(err error) *pos.Error {
	var pe *pos.Error
	if errors.As(err, &pe) {
		return pe
	}
	return pos.Wrap(err, "error.internal")
}

// bauds offered in the settings.
var bauds = []int{9600, 19200, 38400, 57600, 115200}

func itoa(n int) string { return strconv.Itoa(n) }

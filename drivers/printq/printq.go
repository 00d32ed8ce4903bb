// Package printq prints receipts in the background from a durable job
// queue. A sale never waits on it: the store commits the sale and its print
// job in one transaction, the till calls Kick, and the worker prints when
// the printer can. A job leaves the queue only once its bytes were sent and
// the printer still reports itself ready; on any failure it stays, the
// state callback tells the seller why (in their language), and the worker
// tries again when the printer is back.
package printq

import (
	"context"
	"errors"
	"io"
	"sync"
	"time"

	"hanout/drivers/escpos"
	"hanout/drivers/serialport"
	"hanout/pos"
	"hanout/pos/receipt"
)

// Job is one receipt to print.
type Job struct {
	ID      uint64
	Receipt uint64
	// Reprint marks a copy asked for from the history: printed as a
	// duplicate and never opens the drawer.
	Reprint bool
	// Report and Key name a printout that is no receipt (a customer's
	// statement): see ReportSource.
	Report, Key string
}

// Queue is the durable job list the worker consumes. The store implements
// it (pos/store, on bbolt) and adds a job in the same transaction as the
// sale, so a committed sale always has its job.
type Queue interface {
	// Pending returns the jobs not yet done, oldest first.
	Pending() ([]Job, error)
	// Done removes a printed job.
	Done(id uint64) error
	// Failed records why a job could not print; the job stays pending.
	Failed(id uint64, reason string) error
}

// Documents loads a committed document by receipt number; the store
// implements it.
type Documents interface {
	DocumentByReceipt(receipt uint64) (*pos.Document, error)
}

// StateKind is what the printer is doing, for the status bar.
type StateKind string

const (
	Idle     StateKind = "idle"     // nothing to print
	Printing StateKind = "printing" // a job is being sent
	Waiting  StateKind = "waiting"  // jobs pending, printer not ready: see Err
	Disabled StateKind = "disabled" // no printer configured
)

// State is reported to the UI after every change.
type State struct {
	Kind    StateKind
	Pending int        // jobs in the queue
	Receipt uint64     // the receipt being printed (Printing)
	Err     *pos.Error // why it waits (printer.paper_out, printer.no_answer, …)
	Warning *pos.Error // printer.paper_near_end while printing works
}

// Key is the translation key of the state's message.
func (s State) Key() string {
	switch {
	case s.Err != nil:
		return s.Err.Key
	case s.Kind == Disabled:
		return "printer.not_configured"
	case s.Kind == Printing:
		return "printer.printing"
	case s.Warning != nil:
		return s.Warning.Key
	}
	return "printer.ready"
}

// Args are the arguments of the message named by Key.
func (s State) Args() []any {
	switch {
	case s.Err != nil:
		return s.Err.Args
	case s.Kind == Printing:
		return []any{s.Receipt}
	}
	return nil
}

// Config wires a Worker.
type Config struct {
	Queue Queue
	Docs  Documents
	// Shop returns the current shop settings (they may change while the
	// till runs).
	Shop func() pos.Shop
	// Connect opens the link to the printer: serialport.Open, Dial, … Nil
	// means no printer: the worker only reports Disabled.
	Connect func() (io.ReadWriteCloser, error)
	Profile escpos.Profile
	// Drawer opens the cash drawer when a cash sale prints for the first
	// time.
	Drawer bool
	// OnState is called from the worker goroutine after every change. It
	// must not block (a Fyne UI hands it to fyne.Do).
	OnState func(State)
	// Retry is the pause between attempts while the printer is not ready
	// (default 3 s). Kick cuts it short.
	Retry time.Duration
	// Printer options (status and flow-control timeouts).
	Options escpos.Options
}

// Worker prints queued receipts in one background goroutine.
type Worker struct {
	cfg  Config
	kick chan struct{}

	mu    sync.Mutex
	state State

	pr     *escpos.Printer
	opened map[uint64]bool // jobs whose drawer pulse went out already
	warn   *pos.Error      // paper near end, seen at the last status
}

// New returns a worker; call Run to start it.
func New(cfg Config) *Worker {
	if cfg.Retry <= 0 {
		cfg.Retry = 3 * time.Second
	}
	if cfg.Shop == nil {
		cfg.Shop = func() pos.Shop { return pos.Shop{} }
	}
	if cfg.Profile.Columns == 0 {
		cfg.Profile = escpos.MustProfile(escpos.Default, 0)
	}
	return &Worker{cfg: cfg, kick: make(chan struct{}, 1), opened: map[uint64]bool{}}
}

// Kick asks the worker to look at the queue now (after a sale, a reprint,
// or when the seller says the paper is back). It never blocks.
func (w *Worker) Kick() {
	select {
	case w.kick <- struct{}{}:
	default:
	}
}

// State returns the last reported state.
func (w *Worker) State() State {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.state
}

func (w *Worker) report(s State) {
	w.mu.Lock()
	same := w.state.Kind == s.Kind && w.state.Pending == s.Pending && w.state.Receipt == s.Receipt &&
		pos.KeyOf(errOrNil(w.state.Err)) == pos.KeyOf(errOrNil(s.Err)) && (w.state.Warning == nil) == (s.Warning == nil)
	w.state = s
	w.mu.Unlock()
	if !same && w.cfg.OnState != nil {
		w.cfg.OnState(s)
	}
}

func errOrNil(e *pos.Error) error {
	if e == nil {
		return nil
	}
	return e
}

// Run prints until ctx ends. Run it in its own goroutine.
func (w *Worker) Run(ctx context.Context) {
	defer w.disconnect()
	for {
		wait := w.cfg.Retry
		if done := w.pass(ctx); done {
			wait = time.Hour // nothing left: sleep until kicked
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-w.kick:
		case <-t.C:
		}
		t.Stop()
	}
}

// pass prints what it can; it returns true when the queue is empty.
func (w *Worker) pass(ctx context.Context) bool {
	for {
		more, done := w.batch(ctx)
		if !more {
			return done
		}
	}
}

// batch prints the jobs pending now. more is true when all of them printed
// (new ones may have arrived meanwhile); done when the queue was empty.
func (w *Worker) batch(ctx context.Context) (more, done bool) {
	jobs, err := w.cfg.Queue.Pending()
	if err != nil {
		w.report(State{Kind: Waiting, Err: pos.Wrap(err, "error.internal")})
		return false, false
	}
	if len(jobs) == 0 {
		if w.cfg.Connect == nil {
			w.report(State{Kind: Disabled})
		} else {
			w.report(State{Kind: Idle, Warning: w.warn})
		}
		return false, true
	}
	if w.cfg.Connect == nil {
		w.report(State{Kind: Disabled, Pending: len(jobs)})
		return false, true
	}
	for i, job := range jobs {
		if ctx.Err() != nil {
			return false, false
		}
		st, err := w.ready(ctx)
		if err != nil {
			w.cfg.Queue.Failed(job.ID, err.Key)
			w.report(State{Kind: Waiting, Pending: len(jobs) - i, Err: err})
			return false, false
		}
		var warn *pos.Error
		if st.PaperNearEnd {
			warn = pos.Errorf("printer.paper_near_end")
		}
		w.report(State{Kind: Printing, Pending: len(jobs) - i, Receipt: job.Receipt, Warning: warn})
		if err := w.print(job); err != nil {
			w.cfg.Queue.Failed(job.ID, err.Key)
			w.report(State{Kind: Waiting, Pending: len(jobs) - i, Err: err})
			return false, false
		}
		// The bytes are out; if the printer stopped meanwhile (paper ran
		// out mid-receipt), the job stays and prints again whole.
		if st, err := w.ready(ctx); err != nil {
			w.cfg.Queue.Failed(job.ID, err.Key)
			w.report(State{Kind: Waiting, Pending: len(jobs) - i, Err: err})
			return false, false
		} else if st.PaperNearEnd {
			warn = pos.Errorf("printer.paper_near_end")
		}
		if err := w.cfg.Queue.Done(job.ID); err != nil {
			w.report(State{Kind: Waiting, Pending: len(jobs) - i, Err: pos.Wrap(err, "error.internal")})
			return false, false
		}
		delete(w.opened, job.ID)
		w.warn = warn
	}
	return true, false
}

// ready connects if needed and asks the printer's status.
func (w *Worker) ready(ctx context.Context) (escpos.Status, *pos.Error) {
	if w.pr == nil {
		link, err := w.cfg.Connect()
		if err != nil {
			return escpos.Status{}, linkError(err)
		}
		w.pr = escpos.NewPrinter(link, w.cfg.Options)
	}
	st, err := w.pr.Status(ctx)
	if err != nil {
		w.disconnect() // reopen next time: the device may have changed
		return st, linkError(err)
	}
	switch {
	case st.CoverOpen:
		return st, pos.Errorf("printer.cover_open")
	case st.PaperOut || st.PaperStop:
		return st, pos.Errorf("printer.paper_out")
	case st.Error:
		return st, pos.Errorf("printer.error")
	case st.Offline:
		return st, pos.Errorf("printer.offline")
	}
	return st, nil
}

// chainHasher is a document source that also knows each journal entry's
// chain hash, printed on the receipt as its fingerprint.
type chainHasher interface{ Hash(seq uint64) []byte }

func (w *Worker) print(job Job) *pos.Error {
	if job.Report != "" {
		return w.printReport(job) // report.go
	}
	doc, err := w.cfg.Docs.DocumentByReceipt(job.Receipt)
	if err != nil {
		if pe := (*pos.Error)(nil); errors.As(err, &pe) {
			return pe
		}
		return pos.Wrap(err, "receipt.not_found", job.Receipt)
	}
	opt := receipt.Options{Reprint: job.Reprint}
	if h, ok := w.cfg.Docs.(chainHasher); ok {
		opt.Chain = h.Hash(doc.Seq)
	}
	r, err := receipt.Build(doc, w.cfg.Shop(), opt)
	if err != nil {
		var pe *pos.Error
		if errors.As(err, &pe) {
			return pe
		}
		return pos.Wrap(err, "error.internal")
	}
	drawer := w.cfg.Drawer && r.Cash && !job.Reprint && !w.opened[job.ID]
	b, err := escpos.EncodeReceipt(r, w.cfg.Profile, drawer)
	if err != nil {
		return pos.Wrap(err, "printer.font")
	}
	if drawer {
		w.opened[job.ID] = true // a retry must not open the drawer again
	}
	if _, err := w.pr.Write(b); err != nil {
		w.disconnect()
		return linkError(err)
	}
	return nil
}

func (w *Worker) disconnect() {
	if w.pr != nil {
		w.pr.Close()
		w.pr = nil
	}
}

// linkError turns a driver error into the message a seller reads.
func linkError(err error) *pos.Error {
	var pe *pos.Error
	switch {
	case errors.As(err, &pe):
		return pe
	case errors.Is(err, serialport.ErrNoSuchPort):
		return pos.Wrap(err, "printer.no_port", portName(err))
	case errors.Is(err, escpos.ErrFlowTimeout), errors.Is(err, serialport.ErrWriteStalled):
		return pos.Wrap(err, "printer.busy")
	case errors.Is(err, escpos.ErrNoAnswer), errors.Is(err, serialport.ErrDisconnected):
		return pos.Wrap(err, "printer.no_answer")
	}
	return pos.Wrap(err, "printer.write_failed")
}

// LinkError is linkError for commands that print outside the worker (test
// page).
func LinkError(err error) *pos.Error { return linkError(err) }

func portName(err error) string {
	s := err.Error()
	if i := lastIndex(s, ": "); i >= 0 {
		return s[i+2:]
	}
	return s
}

func lastIndex(s, sep string) int {
	for i := len(s) - len(sep); i >= 0; i-- {
		if s[i:i+len(sep)] == sep {
			return i
		}
	}
	return -1
}

// Check asks a printer's status once and turns it into the seller's
// message: nil when it can print.
func Check(ctx context.Context, p *escpos.Printer) (escpos.Status, *pos.Error) {
	w := &Worker{pr: p}
	st, err := w.ready(ctx)
	return st, err
}

package printq

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"hanout/drivers/printersim"
	"hanout/drivers/pty"
	"hanout/drivers/serialport"
	"hanout/pos"
	"hanout/pos/receipt"
)

// memQueue is the in-memory Queue and Documents the tests drive.
type memQueue struct {
	mu     sync.Mutex
	jobs   []Job
	failed map[uint64][]string
	docs   map[uint64]*pos.Document
}

func (q *memQueue) Pending() ([]Job, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return append([]Job(nil), q.jobs...), nil
}
func (q *memQueue) Done(id uint64) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i, j := range q.jobs {
		if j.ID == id {
			q.jobs = append(q.jobs[:i], q.jobs[i+1:]...)
		}
	}
	return nil
}
func (q *memQueue) Failed(id uint64, reason string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.failed[id] = append(q.failed[id], reason)
	return nil
}
func (q *memQueue) DocumentByReceipt(n uint64) (*pos.Document, error) {
	if d, ok := q.docs[n]; ok {
		return d, nil
	}
	return nil, pos.Errorf("receipt.not_found", n)
}
func (q *memQueue) add(j Job) { q.mu.Lock(); q.jobs = append(q.jobs, j); q.mu.Unlock() }
func (q *memQueue) pending() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.jobs)
}

const deadline = 30 * time.Second

// rig is a worker printing over tarm/serial on the slave side of a pty
// whose master runs the simulator, reached through a stable symlink.
type rig struct {
	t      *testing.T
	link   string
	q      *memQueue
	w      *Worker
	states chan State
	sim    *printersim.Sim
	pair   *pty.Pair
	stop   context.CancelFunc
	served chan struct{} // closed when the simulator's Serve returned
	pages  chan *printersim.Page
	ended  chan struct{} // closed when the test ends: nobody reads any more
}

func newRig(t *testing.T) *rig {
	doc, shop := receipt.Sample()
	r := &rig{t: t, ended: make(chan struct{}), link: filepath.Join(t.TempDir(), "printer"), states: make(chan State, 100), pages: make(chan *printersim.Page, 10),
		q: &memQueue{failed: map[uint64][]string{}, docs: map[uint64]*pos.Document{doc.Receipt: doc}}}
	r.plug()
	r.w = New(Config{
		Queue: r.q, Docs: r.q, Shop: func() pos.Shop { return shop }, Drawer: true,
		Connect: func() (io.ReadWriteCloser, error) {
			return serialport.Open(serialport.Config{Name: r.link, Baud: 38400, ReadTimeout: 100 * time.Millisecond, WriteTimeout: 2 * time.Second})
		},
		OnState: func(s State) {
			select {
			case r.states <- s:
			case <-r.ended:
			}
		},
		Retry: 50 * time.Millisecond,
	})
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan struct{})
	go func() { defer close(ran); r.w.Run(ctx) }()
	t.Cleanup(func() { close(r.ended); cancel(); <-ran; r.unplug() })
	return r
}

// plug starts a simulated printer on a fresh pty at the link.
func (r *rig) plug() {
	p, err := pty.Open()
	if err != nil {
		r.t.Skipf("no pseudo-terminals: %v", err)
	}
	if err := p.Link(r.link); err != nil {
		r.t.Fatal(err)
	}
	r.pair = p
	r.sim = &printersim.Sim{OnPage: func(pg *printersim.Page, _ string) {
		select {
		case r.pages <- pg:
		case <-r.ended:
		}
	}}
	ctx, cancel := context.WithCancel(context.Background())
	r.stop = cancel
	served := make(chan struct{})
	r.served = served
	go func() { defer close(served); r.sim.Serve(ctx, p.Master) }()
}

// unplug pulls the cable: the pty disappears, and so does its name, as
// /dev/ttyUSB0 does. (Leaving the link would let the driver reopen
// /dev/pts/N after another test's pty took that number.)
func (r *rig) unplug() {
	if r.pair != nil {
		r.stop()
		os.Remove(r.link)
		r.pair.Close()
		<-r.served
		r.pair = nil
	}
}

func (r *rig) waitState(key string) State {
	r.t.Helper()
	end := time.After(deadline)
	for {
		select {
		case s := <-r.states:
			if s.Key() == key {
				return s
			}
		case <-end:
			r.t.Fatalf("state %q never reported (now %q)", key, r.w.State().Key())
		}
	}
}

// waitEmpty waits for the worker to mark every job done. (The page comes
// out of the simulator before the worker's last status check and Done, and
// a "ready" state may be the one from before the job: neither tells.)
func (r *rig) waitEmpty(why string) {
	r.t.Helper()
	end := time.Now().Add(deadline)
	for r.q.pending() != 0 {
		if time.Now().After(end) {
			r.t.Fatal(why)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (r *rig) waitPage() *printersim.Page {
	r.t.Helper()
	select {
	case p := <-r.pages:
		return p
	case <-time.After(deadline):
		r.t.Fatal("nothing printed")
	}
	return nil
}

func TestPrintsQueuedReceiptAndOpensDrawer(t *testing.T) {
	r := newRig(t)
	r.q.add(Job{ID: 1, Receipt: 1042})
	r.w.Kick()
	p := r.waitPage()
	if !strings.Contains(p.Text(), "Ticket n° 001042") || p.Drawers != 1 {
		t.Fatalf("printed (%d drawer pulses):\n%s", p.Drawers, p.Text())
	}
	r.waitEmpty("printed job still queued")
}

func TestPaperOutKeepsJobThenPrintsWhenPaperIsBack(t *testing.T) {
	r := newRig(t)
	r.sim.PaperOut.Store(true)
	r.q.add(Job{ID: 7, Receipt: 1042})
	r.w.Kick()
	s := r.waitState("printer.paper_out")
	if s.Kind != Waiting || s.Pending != 1 {
		t.Fatalf("state %+v", s)
	}
	if r.q.pending() != 1 || len(r.q.failed[7]) == 0 || r.q.failed[7][0] != "printer.paper_out" {
		t.Fatalf("job not kept with its reason: pending %d, failed %v", r.q.pending(), r.q.failed)
	}
	if r.sim.Pages() != 0 {
		t.Fatal("printed while out of paper")
	}
	r.sim.PaperOut.Store(false) // a roll goes in; the worker retries by itself
	p := r.waitPage()
	if !strings.Contains(p.Text(), "001042") || p.Drawers != 1 {
		t.Fatalf("printed:\n%s", p.Text())
	}
	r.waitEmpty("job still queued after printing")
}

func TestReprintNeverOpensDrawer(t *testing.T) {
	r := newRig(t)
	r.q.add(Job{ID: 2, Receipt: 1042, Reprint: true})
	r.w.Kick()
	p := r.waitPage()
	if p.Drawers != 0 || !strings.Contains(p.Text(), "DUPLICATA") {
		t.Fatalf("reprint: %d drawer pulses\n%s", p.Drawers, p.Text())
	}
}

func TestUnpluggedPrinterReconnects(t *testing.T) {
	r := newRig(t)
	r.q.add(Job{ID: 1, Receipt: 1042})
	r.w.Kick()
	r.waitPage()
	r.waitEmpty("first job still queued")

	r.unplug()
	r.q.add(Job{ID: 2, Receipt: 1042})
	r.w.Kick()
	end := time.After(deadline)
	for k := ""; k != "printer.no_answer" && k != "printer.no_port"; {
		select {
		case s := <-r.states:
			k = s.Key()
		case <-end:
			t.Fatalf("unplug not reported; state %q", r.w.State().Key())
		}
	}
	if r.q.pending() != 1 {
		t.Fatal("job lost while unplugged")
	}
	r.plug() // cable back (a new device node behind the same link)
	p := r.waitPage()
	if !strings.Contains(p.Text(), "001042") {
		t.Fatalf("printed:\n%s", p.Text())
	}
	r.waitState("printer.ready")
}

func TestNoPrinterConfigured(t *testing.T) {
	q := &memQueue{failed: map[uint64][]string{}}
	q.add(Job{ID: 1, Receipt: 1})
	states := make(chan State, 10)
	ctx, cancel := context.WithCancel(context.Background())
	w := New(Config{Queue: q, Docs: q, OnState: func(s State) {
		select {
		case states <- s:
		case <-ctx.Done():
		}
	}})
	ran := make(chan struct{})
	go func() { defer close(ran); w.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-ran })
	select {
	case s := <-states:
		if s.Kind != Disabled || s.Pending != 1 || s.Key() != "printer.not_configured" {
			t.Fatalf("state %+v", s)
		}
	case <-time.After(deadline):
		t.Fatal("no state")
	}
}

package escpos

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"hanout/drivers/serialport"
)

// Status is the decoded answer to the DLE EOT queries.
type Status struct {
	Offline      bool // DLE EOT 1, bit 3
	CoverOpen    bool // DLE EOT 2, bit 2
	PaperStop    bool // DLE EOT 2, bit 5: stopped by paper end
	Error        bool // DLE EOT 2, bit 6
	PaperNearEnd bool // DLE EOT 4, bits 2–3
	PaperOut     bool // DLE EOT 4, bits 5–6
}

// Ready reports whether a job may be sent. A near-end paper roll still
// prints.
func (s Status) Ready() bool {
	return !s.Offline && !s.CoverOpen && !s.PaperStop && !s.Error && !s.PaperOut
}

// IsStatusByte reports whether b has the shape 0xx1xx10 every real-time
// status reply has. XON (0x11) and XOFF (0x13) never do.
func IsStatusByte(b byte) bool { return b&0x93 == 0x12 }

// Decode fills the fields the reply r to DLE EOT n carries.
func (s *Status) Decode(n, r byte) {
	switch n {
	case 1:
		s.Offline = r&0x08 != 0
	case 2:
		s.CoverOpen = r&0x04 != 0
		s.PaperStop = r&0x20 != 0
		s.Error = r&0x40 != 0
	case 4:
		s.PaperNearEnd = r&0x0c != 0
		s.PaperOut = r&0x60 != 0
	}
}

// Errors of a Printer, tested with errors.Is.
var (
	// ErrNoAnswer: no status reply within the timeout: the printer is off,
	// unplugged, or not an ESC/POS printer.
	ErrNoAnswer = errors.New("escpos: printer does not answer")
	// ErrFlowTimeout: the printer held XOFF longer than the flow timeout.
	ErrFlowTimeout = errors.New("escpos: printer kept its buffer full (XOFF)")
	// ErrClosed: the Printer was closed.
	ErrClosed = errors.New("escpos: printer closed")
)

// Options tune a Printer. Zero fields take the defaults noted.
type Options struct {
	// StatusTimeout is how long to wait for each status reply (1 s).
	StatusTimeout time.Duration
	// FlowTimeout is how long XOFF may hold writing before a write fails
	// (30 s: a printer cutting and feeding may pause a few seconds).
	FlowTimeout time.Duration
}

// Printer is a link to an ESC/POS printer. One goroutine reads the link
// for its whole life, sorting what arrives into flow control (XON/XOFF,
// which pause and resume Write) and status replies (answers to Status).
// Write and Status must not be called concurrently with each other.
type Printer struct {
	rw   io.ReadWriter
	opt  Options
	stat chan byte

	mu      sync.Mutex
	paused  bool
	resume  chan struct{} // closed on XON
	readErr error         // set when the reader stopped for good
	closed  chan struct{}
	once    sync.Once
}

// NewPrinter starts reading rw. Reads must return now and then (a serial
// Port has a read timeout; a net.Conn is unblocked by Close, as is any rw
// that is an io.Closer).
func NewPrinter(rw io.ReadWriter, opt Options) *Printer {
	if opt.StatusTimeout <= 0 {
		opt.StatusTimeout = time.Second
	}
	if opt.FlowTimeout <= 0 {
		opt.FlowTimeout = 30 * time.Second
	}
	p := &Printer{rw: rw, opt: opt, stat: make(chan byte, 16), closed: make(chan struct{}), resume: make(chan struct{})}
	close(p.resume)
	go p.readLoop()
	return p
}

func (p *Printer) readLoop() {
	buf := make([]byte, 64)
	for {
		n, err := p.rw.Read(buf)
		for _, b := range buf[:n] {
			switch {
			case b == XOFF:
				p.mu.Lock()
				if !p.paused {
					p.paused = true
					p.resume = make(chan struct{})
				}
				p.mu.Unlock()
			case b == XON:
				p.setResumed()
			case IsStatusByte(b):
				select {
				case p.stat <- b:
				default: // nobody asked: drop
				}
			}
		}
		select {
		case <-p.closed:
			return
		default:
		}
		if err == nil || serialport.IsTimeout(err) || errors.Is(err, serialport.ErrDisconnected) {
			// A serial Port reopens itself, and waits while the device
			// is absent, so going round again does not spin.
			continue
		}
		p.mu.Lock()
		p.readErr = err
		p.mu.Unlock()
		p.setResumed()
		return
	}
}

func (p *Printer) setResumed() {
	p.mu.Lock()
	if p.paused {
		p.paused = false
		close(p.resume)
	}
	p.mu.Unlock()
}

// Paused reports whether the printer has sent XOFF and not yet XON.
func (p *Printer) Paused() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.paused
}

// flowChunk is how much is sent between two looks at XOFF. Printers send
// XOFF with room to spare; small chunks keep the overrun small.
const flowChunk = 64

// Write sends b, pausing while the printer holds XOFF; it fails with
// ErrFlowTimeout if XOFF lasts longer than the flow timeout.
func (p *Printer) Write(b []byte) (int, error) {
	var n int
	for n < len(b) {
		if err := p.waitResume(); err != nil {
			return n, err
		}
		end := min(n+flowChunk, len(b))
		m, err := p.rw.Write(b[n:end])
		n += m
		if err != nil {
			return n, fmt.Errorf("escpos: write: %w", err)
		}
	}
	return n, nil
}

func (p *Printer) waitResume() error {
	p.mu.Lock()
	ch, paused, rerr := p.resume, p.paused, p.readErr
	p.mu.Unlock()
	if rerr != nil {
		return fmt.Errorf("escpos: link lost: %w", rerr)
	}
	if !paused {
		return nil
	}
	t := time.NewTimer(p.opt.FlowTimeout)
	defer t.Stop()
	select {
	case <-ch:
		return nil
	case <-p.closed:
		return ErrClosed
	case <-t.C:
		return ErrFlowTimeout
	}
}

// Status asks DLE EOT 1, 2 and 4 and decodes the answers. Call it between
// jobs, never in the middle of one (the query would land inside another
// command's data). No reply within the status timeout gives ErrNoAnswer.
func (p *Printer) Status(ctx context.Context) (Status, error) {
	var s Status
	for _, n := range []byte{1, 2, 4} {
		r, err := p.query(ctx, n)
		if err != nil {
			return s, err
		}
		s.Decode(n, r)
	}
	return s, nil
}

func (p *Printer) query(ctx context.Context, n byte) (byte, error) {
	for { // drop stale replies
		select {
		case <-p.stat:
			continue
		default:
		}
		break
	}
	p.mu.Lock()
	rerr := p.readErr
	p.mu.Unlock()
	if rerr != nil {
		return 0, fmt.Errorf("%w: %w", ErrNoAnswer, rerr)
	}
	// A status query is real-time: it is sent even while XOFF holds.
	if _, err := p.rw.Write(StatusQuery(n)); err != nil {
		return 0, fmt.Errorf("%w: %w", ErrNoAnswer, err)
	}
	t := time.NewTimer(p.opt.StatusTimeout)
	defer t.Stop()
	select {
	case r := <-p.stat:
		return r, nil
	case <-t.C:
		return 0, ErrNoAnswer
	case <-ctx.Done():
		return 0, ctx.Err()
	case <-p.closed:
		return 0, ErrClosed
	}
}

// Close stops the reader and closes the link if it is an io.Closer.
func (p *Printer) Close() error {
	var err error
	p.once.Do(func() {
		close(p.closed)
		if c, ok := p.rw.(io.Closer); ok {
			err = c.Close()
		}
	})
	return err
}

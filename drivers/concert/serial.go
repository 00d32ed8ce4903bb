package concert

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// codec is what differs between protocols that share the serial exchange.
type codec interface {
	request(req Request, cfg Config) ([]byte, error)
	readAnswer(next nextByte) ([]byte, error) // after the STX
	decode(data []byte, req Request) (Result, error)
}

// Serial is a terminal on a serial line (or a pseudo-terminal, or a TCP
// serial bridge) speaking Concert V2 or framed Caisse-AP.
type Serial struct {
	mu    sync.Mutex
	cfg   Config
	codec codec
	line  *link
	// Trace, when set, receives one line per byte or frame on the wire,
	// card data masked. It is for the test command and troubleshooting.
	Trace func(dir, what string)
}

// NewSerial returns a terminal speaking cfg.Protocol over rw. rw belongs to
// the caller, who closes it to release the port; a goroutine reads rw until
// then. Zero fields of cfg take the defaults.
func NewSerial(cfg Config, rw io.ReadWriter) (*Serial, error) {
	cfg = cfg.WithDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	t := &Serial{cfg: cfg, line: newLink(rw)}
	switch cfg.Protocol {
	case ConcertE:
		t.codec = v2Codec{}
	case ConcertEPlus:
		t.codec = v2Codec{plus: true}
	case CaisseAP:
		t.codec = v3Codec{}
	}
	return t, nil
}

// Pay runs one transaction; see Terminal for the meaning of the results
// and the package documentation for the invariant it keeps.
func (t *Serial) Pay(ctx context.Context, req Request) (Result, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	r, err := t.pay(ctx, req)
	return r.masked(), err
}

func (t *Serial) trace(dir, what string) {
	if t.Trace != nil {
		t.Trace(dir, what)
	}
}

func (t *Serial) step() time.Time { return time.Now().Add(time.Duration(t.cfg.Step)) }

func (t *Serial) send(b []byte, what string) error {
	t.trace("->", what)
	return t.line.write(b)
}

func (t *Serial) pay(ctx context.Context, req Request) (Result, error) {
	req, err := checkRequest(req, t.cfg, v2MaxAmount)
	if err != nil {
		return Result{Outcome: NotSent}, err
	}
	data, err := t.codec.request(req, t.cfg)
	if err != nil {
		return notSent("terminal.setting_invalid", err, "request")
	}
	if err := ctx.Err(); err != nil {
		return failNotSent(err, t.cfg.Port)
	}
	t.line.start()
	t.line.drain()

	// 1. ENQ → ACK, retried.
	if err := t.open(ctx); err != nil {
		return failNotSent(err, t.cfg.Port)
	}

	// 2. The request frame → ACK; NAK means resend, bounded. A frame fully
	// written and never answered is Ambiguous: the ACK may be what was
	// lost. The seller's
	// Cancel is not honoured while the ACK is awaited: a frame on the wire
	// may be taken, and only the terminal's reply tells which side of the
	// invariant we are on. The wait is bounded by the step timeout.
	frame := Frame(data)
	wait := context.WithoutCancel(ctx)
	taken := false
	for try := 0; try <= t.cfg.FrameRetries && !taken; try++ {
		if err := t.send(frame, "request "+fmt.Sprintf("% x", frame)); err != nil {
			// At most part of the frame left: it fails its LRC and
			// the terminal cannot have taken it.
			return failNotSent(err, t.cfg.Port)
		}
		c, err := t.line.readByte(wait, t.step())
		switch {
		case err != nil:
			// The whole frame left: the terminal may have taken it and
			// lost only its ACK, then charged the card. Only its slip
			// can tell, so this is never "not sent".
			t.trace("<-", "nothing: "+err.Error())
			return ambiguous(fmt.Errorf("no ACK after the request frame: %w", err))
		case c == ACK:
			t.trace("<-", "ACK")
			taken = true
		case c == NAK:
			t.trace("<-", "NAK")
		default:
			// A garbled reply may be a damaged ACK: the terminal may
			// hold the request.
			t.trace("<-", fmt.Sprintf("%#02x instead of ACK", c))
			return ambiguous(fmt.Errorf("%w: %#02x instead of ACK", ErrBadFrame, c))
		}
	}
	if !taken {
		return notSent("terminal.request_rejected", fmt.Errorf("%w: request NAKed %d times", ErrBadFrame, t.cfg.FrameRetries+1))
	}

	// ---- INVARIANT: from here the terminal owns the transaction. Every
	// failure below is Ambiguous and nothing is ever sent again.
	if err := t.send([]byte{EOT}, "EOT"); err != nil {
		return ambiguous(err)
	}

	// 3. The customer pays; the terminal calls back with ENQ. This is the
	// only wait the seller may cancel.
	deadline := time.Now().Add(time.Duration(t.cfg.CustomerWait))
	for {
		c, err := t.line.readByte(ctx, deadline)
		if err != nil {
			return ambiguous(err)
		}
		if c == ENQ {
			t.trace("<-", "ENQ")
			break
		}
		t.trace("<-", fmt.Sprintf("ignored %#02x while waiting for the customer", c))
	}
	if err := t.send([]byte{ACK}, "ACK"); err != nil {
		return ambiguous(err)
	}

	// 4. The answer frame, read by length; NAK on a bad LRC, bounded.
	data, err = t.answer(wait)
	if err != nil {
		return ambiguous(err)
	}

	// 5. The terminal ends with EOT; its absence changes nothing.
	for {
		c, err := t.line.readByte(wait, t.step())
		if err != nil {
			t.trace("<-", "no EOT: "+err.Error())
			break
		}
		if c == EOT {
			t.trace("<-", "EOT")
			break
		}
	}

	r, err := t.codec.decode(data, req)
	t.trace("  ", "decoded "+r.masked().Raw)
	if err != nil {
		// The terminal said something the till cannot read: its slip
		// has the verdict.
		return ambiguous(err)
	}
	return r, nil
}

// open sends ENQ until the terminal ACKs it, EnqRetries times, EnqDelay
// apart, with EOT after each failure as the open implementations do.
func (t *Serial) open(ctx context.Context) error {
	var last error = errTimeout
	for try := 1; try <= t.cfg.EnqRetries; try++ {
		if err := t.send([]byte{ENQ}, "ENQ"); err != nil {
			return err
		}
		deadline := t.step()
		for {
			c, err := t.line.readByte(ctx, deadline)
			if err != nil {
				if !errors.Is(err, errTimeout) {
					return err
				}
				t.trace("<-", "nothing")
				last = err
				break
			}
			if c == ACK {
				t.trace("<-", "ACK")
				return nil
			}
			t.trace("<-", fmt.Sprintf("%#02x instead of ACK", c))
			if c == NAK {
				break
			}
		}
		if err := t.send([]byte{EOT}, "EOT"); err != nil {
			return err
		}
		if try < t.cfg.EnqRetries {
			if err := sleep(ctx, time.Duration(t.cfg.EnqDelay)); err != nil {
				return err
			}
		}
	}
	return last
}

// answer reads the terminal's answer frame, ACKs it, and NAKs bad ones so
// the terminal sends them again, at most FrameRetries times.
func (t *Serial) answer(ctx context.Context) ([]byte, error) {
	for try := 0; ; try++ {
		deadline := t.step()
		next := func() (byte, error) { return t.line.readByte(ctx, deadline) }
		// Skip to STX; a repeated ENQ (our ACK was lost) is ACKed again.
		for {
			c, err := next()
			if err != nil {
				return nil, err
			}
			if c == STX {
				break
			}
			if c == ENQ {
				if err := t.send([]byte{ACK}, "ACK (repeated ENQ)"); err != nil {
					return nil, err
				}
			}
		}
		data, err := t.codec.readAnswer(next)
		if err == nil {
			t.trace("<-", fmt.Sprintf("answer frame, %d bytes, LRC ok", len(data)))
			return data, t.send([]byte{ACK}, "ACK")
		}
		if !errors.Is(err, ErrBadFrame) && !errors.Is(err, ErrBadLRC) {
			return nil, err
		}
		t.trace("<-", "bad answer: "+err.Error())
		if try >= t.cfg.FrameRetries {
			return nil, err
		}
		t.line.drain()
		if err := t.send([]byte{NAK}, "NAK"); err != nil {
			return nil, err
		}
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

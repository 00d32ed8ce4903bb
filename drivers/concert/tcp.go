package concert

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"
)

// Dialer opens a fresh connection to a terminal for one transaction.
type Dialer func(ctx context.Context) (io.ReadWriteCloser, error)

// TCPDialer dials addr (HOST:PORT) with the given timeout.
func TCPDialer(addr string, timeout time.Duration) Dialer {
	return func(ctx context.Context) (io.ReadWriteCloser, error) {
		d := net.Dialer{Timeout: timeout}
		return d.DialContext(ctx, "tcp", addr)
	}
}

// CaisseAPIP is a Caisse-AP terminal over TCP: one connection per
// transaction, the request written as raw tag-length-value text, the
// answer read field by field until the terminal closes the connection or
// stays quiet for IdleEnd after a complete field.
type CaisseAPIP struct {
	mu   sync.Mutex
	cfg  Config
	dial Dialer
	// Trace: as Serial.Trace.
	Trace func(dir, what string)
}

// NewCaisseAPIP returns a Caisse-AP terminal reached through dial.
func NewCaisseAPIP(cfg Config, dial Dialer) (*CaisseAPIP, error) {
	cfg = cfg.WithDefaults()
	cfg.Protocol = CaisseAP
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &CaisseAPIP{cfg: cfg, dial: dial}, nil
}

func (t *CaisseAPIP) trace(dir, what string) {
	if t.Trace != nil {
		t.Trace(dir, what)
	}
}

// Pay runs one transaction; see Terminal.
func (t *CaisseAPIP) Pay(ctx context.Context, req Request) (Result, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	r, err := t.pay(ctx, req)
	return r.masked(), err
}

func (t *CaisseAPIP) pay(ctx context.Context, req Request) (Result, error) {
	req, err := checkRequest(req, t.cfg, 999999999999)
	if err != nil {
		return Result{Outcome: NotSent}, err
	}
	fs, err := V3Request(req, t.cfg)
	if err != nil {
		return notSent("terminal.setting_invalid", err, "request")
	}
	msg, err := EncodeTLV(fs)
	if err != nil {
		return notSent("terminal.setting_invalid", err, "request")
	}
	dctx, cancel := context.WithTimeout(ctx, time.Duration(t.cfg.Step))
	conn, err := t.dial(dctx)
	cancel()
	if err != nil {
		if ctx.Err() != nil {
			return failNotSent(ctx.Err(), t.cfg.Port)
		}
		return notSent("terminal.unplugged", err, t.cfg.Port)
	}
	defer conn.Close()
	line := newLink(conn)
	line.start()

	t.trace("->", string(msg))
	if err := line.write(msg); err != nil {
		// Some of the request may have reached the terminal.
		return ambiguous(err)
	}
	// ---- INVARIANT: the request is on the wire; every failure below is
	// Ambiguous and the request is never written again.

	// The customer pays: the first byte may take CustomerWait; the seller
	// may cancel only here.
	first, err := line.readByte(ctx, time.Now().Add(time.Duration(t.cfg.CustomerWait)))
	if err != nil {
		return ambiguous(err)
	}
	wait := context.WithoutCancel(ctx)
	data := []byte{first}
	for {
		step := time.Now().Add(time.Duration(t.cfg.Step))
		data, err = readTLVField(func() (byte, error) { return line.readByte(wait, step) }, data)
		if err != nil {
			return ambiguous(err)
		}
		c, err := line.readByte(wait, time.Now().Add(time.Duration(t.cfg.IdleEnd)))
		if errors.Is(err, errTimeout) || errors.Is(err, errLinkLost) {
			break
		}
		if err != nil {
			return ambiguous(err)
		}
		data = append(data, c)
	}
	fs, err = DecodeTLV(data)
	if err != nil {
		return ambiguous(err)
	}
	t.trace("<-", fs.String())
	r, err := v3Result(fs, req)
	if err != nil {
		return ambiguous(fmt.Errorf("answer: %w", err))
	}
	return r, nil
}

// Package serialport opens the links a till talks to devices over: serial
// ports (through github.com/tarm/serial), USB printer character devices
// such as /dev/usb/lp0, and TCP sockets such as a network printer on
// host:9100. Every link is an io.ReadWriteCloser, so device drivers
// (ESC/POS printers, card terminals) take an io.ReadWriter and never know
// which one they got.
//
// A serial Port adds three guarantees over tarm/serial:
//
//   - A read that times out returns an error for which IsTimeout is true
//     (tarm/serial returns 0, io.EOF on Linux, indistinguishable from a
//     closed file).
//   - A write that cannot complete within Config.WriteTimeout (flow control
//     held, cable pulled) returns an error wrapping ErrWriteStalled instead
//     of blocking forever.
//   - A port whose device went away (USB cable pulled, simulator stopped) is
//     reopened by the next Read or Write once the device is back; until
//     then they return an error wrapping ErrDisconnected.
//
// Usage:
//
//	p, err := serialport.Open(serialport.Config{Name: "/dev/ttyUSB0", Baud: 19200})
//	if err != nil { ... }          // errors.Is(err, ErrNoSuchPort) when absent
//	defer p.Close()
//	p.Write(frame)
//	n, err := p.Read(buf)          // serialport.IsTimeout(err) after ReadTimeout
package serialport

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tarm/serial"
)

// Errors a caller tests with errors.Is. Drivers translate them into
// messages a seller can read.
var (
	// ErrTimeout: no byte arrived within the read timeout. IsTimeout also
	// recognises net and os deadline errors.
	ErrTimeout = timeoutError{}
	// ErrWriteStalled: the device accepted no data for WriteTimeout.
	ErrWriteStalled = errors.New("serialport: write stalled")
	// ErrDisconnected: the device went away; the port will be reopened by
	// a later Read or Write.
	ErrDisconnected = errors.New("serialport: device disconnected")
	// ErrNoSuchPort: the device path does not exist.
	ErrNoSuchPort = errors.New("serialport: no such port")
	// ErrClosed: Close was called.
	ErrClosed = errors.New("serialport: port closed")
)

type timeoutError struct{}

func (timeoutError) Error() string   { return "serialport: read timeout" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }

// IsTimeout reports whether err is a read timeout of any link: a serial
// Port, a net.Conn or an *os.File with a deadline.
func IsTimeout(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrTimeout) || errors.Is(err, os.ErrDeadlineExceeded) {
		return true
	}
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// Parity of a serial line.
type Parity byte

const (
	ParityNone Parity = 'N'
	ParityOdd  Parity = 'O'
	ParityEven Parity = 'E'
)

// Config describes a serial port. Zero fields take the defaults noted.
type Config struct {
	Name     string // device path: /dev/ttyUSB0, /dev/serial/by-id/…, a symlink; COM3 on Windows
	Baud     int    // default 9600
	DataBits int    // 5–8, default 8
	Parity   Parity // default ParityNone
	StopBits int    // 1 or 2, default 1
	// ReadTimeout bounds one Read; the serial line discipline counts it in
	// tenths of a second (minimum 0.1 s). Default 1 s. A Port never blocks
	// forever on Read.
	ReadTimeout time.Duration
	// WriteTimeout bounds one Write. Default 10 s.
	WriteTimeout time.Duration
}

func (c Config) withDefaults() Config {
	if c.Baud == 0 {
		c.Baud = 9600
	}
	if c.DataBits == 0 {
		c.DataBits = 8
	}
	if c.Parity == 0 {
		c.Parity = ParityNone
	}
	if c.StopBits == 0 {
		c.StopBits = 1
	}
	if c.ReadTimeout <= 0 {
		c.ReadTimeout = time.Second
	}
	if c.ReadTimeout < 100*time.Millisecond {
		c.ReadTimeout = 100 * time.Millisecond
	}
	if c.WriteTimeout <= 0 {
		c.WriteTimeout = 10 * time.Second
	}
	return c
}

// Port is a serial port that reopens itself after the device comes back.
// Read and Write may be called from two goroutines at once (one reader,
// one writer); Close may be called from any goroutine.
type Port struct {
	cfg Config

	mu     sync.Mutex
	port   *serial.Port // nil while disconnected
	gen    int          // bumped on every (re)open
	closed bool
	// stalled holds ports given up on while a write was blocked in them;
	// they close in the background.
	stalled []*serial.Port
}

// Open opens the serial port described by cfg. It fails with an error
// wrapping ErrNoSuchPort if the device does not exist; any other failure
// (busy, permission, unsupported baud rate) is returned wrapped.
func Open(cfg Config) (*Port, error) {
	cfg = cfg.withDefaults()
	cfg.Name = Normalize(cfg.Name)
	p := &Port{cfg: cfg}
	if _, err := p.open(); err != nil {
		return nil, err
	}
	return p, nil
}

// Config returns the settings the port was opened with, defaults filled in.
func (p *Port) Config() Config { return p.cfg }

func (p *Port) open() (*serial.Port, error) {
	sc := &serial.Config{
		Name:        p.cfg.Name,
		Baud:        p.cfg.Baud,
		Size:        byte(p.cfg.DataBits),
		Parity:      serial.Parity(p.cfg.Parity),
		StopBits:    serial.StopBits(p.cfg.StopBits),
		ReadTimeout: p.cfg.ReadTimeout,
	}
	sp, err := serial.OpenPort(sc)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w: %s", ErrNoSuchPort, p.cfg.Name)
		}
		return nil, fmt.Errorf("serialport: open %s: %w", p.cfg.Name, err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		sp.Close()
		return nil, ErrClosed
	}
	if p.port != nil { // another goroutine reopened first
		sp.Close()
		return p.port, nil
	}
	p.port = sp
	p.gen++
	return sp, nil
}

// current returns the open port, reopening it if the device went away.
func (p *Port) current() (*serial.Port, int, error) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil, 0, ErrClosed
	}
	sp, gen := p.port, p.gen
	p.mu.Unlock()
	if sp != nil {
		return sp, gen, nil
	}
	sp, err := p.open()
	if err != nil {
		if errors.Is(err, ErrClosed) {
			return nil, 0, err
		}
		return nil, 0, fmt.Errorf("%w: %w", ErrDisconnected, err)
	}
	p.mu.Lock()
	gen = p.gen
	p.mu.Unlock()
	return sp, gen, nil
}

// drop closes the port of generation gen so that the next call reopens.
func (p *Port) drop(gen int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.port != nil && p.gen == gen {
		p.port.Close()
		p.port = nil
	}
}

// abandon forgets the port of generation gen without waiting for it: a
// write is blocked inside it, and closing a file waits for its pending
// system calls. The queued output is discarded and the file closed in the
// background once the blocked write gives up (the device is unplugged or
// drains); the next call opens the device afresh.
func (p *Port) abandon(gen int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.port != nil && p.gen == gen {
		sp := p.port
		p.port = nil
		p.stalled = append(p.stalled, sp)
		go func() {
			sp.Flush()
			sp.Close()
			p.mu.Lock()
			for i, s := range p.stalled {
				if s == sp {
					p.stalled = append(p.stalled[:i], p.stalled[i+1:]...)
					break
				}
			}
			p.mu.Unlock()
		}()
	}
}

// Connected reports whether the device is currently open.
func (p *Port) Connected() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.port != nil
}

// Read reads what arrived, waiting at most ReadTimeout. It returns an error
// satisfying IsTimeout when nothing arrived, and one wrapping
// ErrDisconnected when the device is gone (after waiting ReadTimeout, so a
// caller that loops on Read does not spin while the cable is out).
func (p *Port) Read(b []byte) (int, error) {
	sp, gen, err := p.current()
	if err != nil {
		if errors.Is(err, ErrDisconnected) {
			time.Sleep(p.cfg.ReadTimeout)
		}
		return 0, err
	}
	start := time.Now()
	n, err := sp.Read(b)
	if n > 0 {
		return n, nil
	}
	if err == io.EOF || err == nil {
		// tarm/serial: a read that times out returns 0, io.EOF. A hung-up
		// line (device unplugged, pty master closed) also returns 0 at
		// once, long before the timeout: tell them apart by the clock and
		// by whether the device node is still there.
		if time.Since(start) >= p.cfg.ReadTimeout/2 && exists(p.cfg.Name) {
			return 0, ErrTimeout
		}
		p.drop(gen)
		return 0, fmt.Errorf("%w: %s: hung up", ErrDisconnected, p.cfg.Name)
	}
	p.drop(gen)
	if errors.Is(err, os.ErrClosed) && p.isClosed() {
		return 0, ErrClosed
	}
	return 0, fmt.Errorf("%w: %s: %w", ErrDisconnected, p.cfg.Name, err)
}

// Write writes all of b or fails. A long write may take as long as the wire
// needs; one that makes no progress for WriteTimeout fails with ErrWriteStalled and the port is reset (queued
// output discarded) so that the next call starts clean.
func (p *Port) Write(b []byte) (int, error) {
	sp, gen, err := p.current()
	if err != nil {
		return 0, err
	}
	type result struct {
		n   int
		err error
	}
	done := make(chan result, 1)
	progress := make(chan struct{}, 1)
	var abort atomic.Bool
	go func() {
		// Chunks keep a blocked write short once drop has flushed the
		// queue, so the goroutine ends soon after a stall is reported.
		var n int
		for n < len(b) && !abort.Load() {
			end := min(n+writeChunk, len(b))
			m, err := sp.Write(b[n:end])
			n += m
			select {
			case progress <- struct{}{}:
			default:
			}
			if err != nil {
				done <- result{n, err}
				return
			}
		}
		done <- result{n, nil}
	}()
	timer := time.NewTimer(p.cfg.WriteTimeout)
	defer timer.Stop()
	for {
		select {
		case <-progress:
			timer.Reset(p.cfg.WriteTimeout)
			continue
		case r := <-done:
			if r.err != nil {
				p.drop(gen)
				if p.isClosed() {
					return r.n, ErrClosed
				}
				return r.n, fmt.Errorf("%w: %s: %w", ErrDisconnected, p.cfg.Name, r.err)
			}
			return r.n, nil
		case <-timer.C:
			abort.Store(true)
			p.abandon(gen)
			return 0, fmt.Errorf("%w: %s: no progress in %v", ErrWriteStalled, p.cfg.Name, p.cfg.WriteTimeout)
		}
	}
}

// writeChunk is the most a single write system call carries.
const writeChunk = 512

func (p *Port) isClosed() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.closed
}

// Close closes the port for good; later calls return ErrClosed.
func (p *Port) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil
	}
	p.closed = true
	if p.port != nil {
		err := p.port.Close() // no write is blocked in it: see abandon
		p.port = nil
		return err
	}
	return nil
}

// Dial opens a link by address: a Windows port name (COM3, COM3:) is a
// serial port; "host:port" (a network printer, usually on port 9100)
// becomes a TCP connection; a path under /dev/usb/ or /dev/lp
// (a USB printer class device) is opened as a plain file; anything else is
// opened as a serial port with default settings. Timeouts on a TCP link
// are the caller's (SetDeadline); IsTimeout recognises them.
func Dial(addr string) (io.ReadWriteCloser, error) {
	switch {
	case IsCOM(addr):
		return Open(Config{Name: addr})
	case strings.HasPrefix(addr, "/dev/usb/") || strings.HasPrefix(addr, "/dev/lp"):
		f, err := os.OpenFile(addr, os.O_RDWR, 0)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("%w: %s", ErrNoSuchPort, addr)
			}
			return nil, fmt.Errorf("serialport: open %s: %w", addr, err)
		}
		return f, nil
	case !strings.HasPrefix(addr, "/") && strings.Contains(addr, ":"):
		c, err := net.DialTimeout("tcp", addr, 5*time.Second)
		if err != nil {
			return nil, fmt.Errorf("serialport: dial %s: %w", addr, err)
		}
		return c, nil
	}
	return Open(Config{Name: addr})
}

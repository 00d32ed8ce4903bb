package concert

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"hanout/drivers/serialport"
)

// link turns a blocking io.ReadWriter into byte reads bounded by a deadline
// and a context. One goroutine reads the line for the life of the link and
// hands over what it gets, errors included.
//
//   - A read timeout (serialport.IsTimeout: a serialport.Port, a net.Conn or
//     an *os.File with a deadline) or a read of no bytes and no error is
//     not an event: ports opened with a read timeout keep working.
//   - A read wrapping serialport.ErrDisconnected is an event (the exchange
//     in progress fails) but the goroutine keeps reading: the Port reopens
//     itself when the device is back, and the next exchange starts clean.
//   - Any other read error ends the link for good (the port was closed, the
//     peer hung up); close rw to stop the goroutine.
type link struct {
	rw      io.ReadWriter
	once    sync.Once
	events  chan event
	readErr error // set before events is closed
	pending []byte
}

type event struct {
	b   []byte
	err error
}

func newLink(rw io.ReadWriter) *link { return &link{rw: rw, events: make(chan event, 64)} }

func (l *link) start() { l.once.Do(func() { go l.pump() }) }

func (l *link) pump() {
	buf := make([]byte, 512)
	idle := 0
	for {
		n, err := l.rw.Read(buf)
		if n > 0 {
			idle = 0
			l.events <- event{b: append([]byte(nil), buf[:n]...)}
		}
		switch {
		case err == nil && n == 0:
			// Back off a little so an idle line never spins a core.
			idle++
			if idle > 3 {
				time.Sleep(5 * time.Millisecond)
			}
		case err == nil || serialport.IsTimeout(err):
		case errors.Is(err, serialport.ErrDisconnected):
			l.events <- event{err: err}
		default:
			l.readErr = err
			close(l.events)
			return
		}
	}
}

// errLinkLost wraps the read or write failure that broke the link.
var errLinkLost = errors.New("concert: link lost")

func (l *link) lost(err error) error {
	if err == nil {
		err = l.readErr
	}
	if err != nil {
		return fmt.Errorf("%w: %w", errLinkLost, err)
	}
	return errLinkLost
}

// readByte returns the next byte, or errTimeout at deadline, ctx.Err() when
// ctx ends, or an errLinkLost error.
func (l *link) readByte(ctx context.Context, deadline time.Time) (byte, error) {
	for len(l.pending) == 0 {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		var ev event
		var ok bool
		if d := time.Until(deadline); d <= 0 {
			// Still take what already arrived.
			select {
			case ev, ok = <-l.events:
			default:
				return 0, errTimeout
			}
		} else {
			t := time.NewTimer(d)
			select {
			case ev, ok = <-l.events:
			case <-t.C:
				return 0, errTimeout
			case <-ctx.Done():
				t.Stop()
				return 0, ctx.Err()
			}
			t.Stop()
		}
		if !ok {
			return 0, l.lost(nil)
		}
		if ev.err != nil {
			return 0, l.lost(ev.err)
		}
		l.pending = ev.b
	}
	c := l.pending[0]
	l.pending = l.pending[1:]
	return c, nil
}

// drain drops every byte and event already received: leftovers of an
// earlier, broken exchange must not be read as this one's answer.
func (l *link) drain() {
	l.pending = nil
	for {
		select {
		case _, ok := <-l.events:
			if !ok {
				return
			}
		default:
			return
		}
	}
}

func (l *link) write(b []byte) error {
	if _, err := l.rw.Write(b); err != nil {
		return l.lost(err)
	}
	return nil
}

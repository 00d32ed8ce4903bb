package concert

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"time"
)

// link turns a blocking io.ReadWriter into byte reads bounded by a deadline
// and a context. One goroutine reads the line for the life of the link and
// hands over what it gets; it ends when a read fails for good (the port is
// closed, the cable pulled, the peer hung up).
//
// A read that fails with a timeout (os.ErrDeadlineExceeded, a net.Error
// whose Timeout is true) or returns no bytes and no error is not an end:
// ports opened with a read timeout keep working.
type link struct {
	rw      io.ReadWriter
	once    sync.Once
	chunks  chan []byte
	readErr error // set before chunks is closed
	pending []byte
}

func newLink(rw io.ReadWriter) *link { return &link{rw: rw, chunks: make(chan []byte, 64)} }

func (l *link) start() { l.once.Do(func() { go l.pump() }) }

func (l *link) pump() {
	buf := make([]byte, 512)
	idle := 0
	for {
		n, err := l.rw.Read(buf)
		if n > 0 {
			idle = 0
			l.chunks <- append([]byte(nil), buf[:n]...)
		}
		if err == nil && n == 0 {
			// A port with a read timeout: back off a little so an idle
			// line does not spin a core.
			idle++
			if idle > 3 {
				time.Sleep(5 * time.Millisecond)
			}
			continue
		}
		if err != nil {
			if isTimeout(err) {
				continue
			}
			l.readErr = err
			close(l.chunks)
			return
		}
	}
}

func isTimeout(err error) bool {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// errLinkLost wraps the read or write failure that ended the link.
var errLinkLost = errors.New("concert: link lost")

func (l *link) lost() error {
	if l.readErr != nil {
		return fmt.Errorf("%w: %w", errLinkLost, l.readErr)
	}
	return errLinkLost
}

// readByte returns the next byte, or errTimeout at deadline, ctx.Err() when
// ctx ends, or an errLinkLost error.
func (l *link) readByte(ctx context.Context, deadline time.Time) (byte, error) {
	if len(l.pending) == 0 {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		d := time.Until(deadline)
		if d <= 0 {
			// Still take what already arrived.
			select {
			case c, ok := <-l.chunks:
				if !ok {
					return 0, l.lost()
				}
				l.pending = c
			default:
				return 0, errTimeout
			}
		} else {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case c, ok := <-l.chunks:
				if !ok {
					return 0, l.lost()
				}
				l.pending = c
			case <-t.C:
				return 0, errTimeout
			case <-ctx.Done():
				return 0, ctx.Err()
			}
		}
	}
	c := l.pending[0]
	l.pending = l.pending[1:]
	return c, nil
}

// drain drops every byte already received: leftovers of an earlier,
// broken exchange must not be read as this one's answer.
func (l *link) drain() {
	l.pending = nil
	for {
		select {
		case _, ok := <-l.chunks:
			if !ok {
				// Keep the channel closed state visible to the next read.
				return
			}
		default:
			return
		}
	}
}

func (l *link) write(b []byte) error {
	if _, err := l.rw.Write(b); err != nil {
		return fmt.Errorf("%w: %w", errLinkLost, err)
	}
	return nil
}

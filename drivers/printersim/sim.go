package printersim

import (
	"context"
	"errors"
	"fmt"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"hanout/drivers/escpos"
)

// Sim is a printer on the master side of a pseudo-terminal (or any
// io.ReadWriter). What it does:
//
//   - It reads eagerly and answers DLE EOT status queries at once, as real
//     printers do, from PaperOut, CoverOpen and Offline; when Silent is set
//     it does not answer at all (a printer switched off).
//   - It prints at the wire speed of Baud (10 bits per byte): received
//     bytes wait in a 4 KB buffer; past 3 KB it sends XOFF, below 1 KB XON.
//   - While the paper is out, the cover open or the printer offline, it
//     prints nothing and keeps what it received.
//   - At each cut it calls OnPage and, if Dir is set, writes the paper as
//     Dir/receipt-NNN.png.
type Sim struct {
	Baud int    // 0: no throttling
	Dots int    // paper width in dots, 576 by default
	Dir  string // where PNGs go; "" for none
	// OnPage is called for every cut receipt with the PNG path ("" if none).
	OnPage func(p *Page, png string)

	PaperOut  atomic.Bool
	CoverOpen atomic.Bool
	Offline   atomic.Bool
	Silent    atomic.Bool

	wmu   sync.Mutex // serialises replies, XON and XOFF
	mu    sync.Mutex
	fifo  []byte
	xoff  bool
	wake  chan struct{}
	pages atomic.Int64
}

const (
	bufHigh = 3 << 10
	bufLow  = 1 << 10
)

// Ready reports whether the simulated printer would print now.
func (s *Sim) Ready() bool {
	return !s.PaperOut.Load() && !s.CoverOpen.Load() && !s.Offline.Load()
}

// Poke tells the print engine that a condition changed (paper loaded).
func (s *Sim) Poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Reply is the status byte the sim answers to DLE EOT n.
func (s *Sim) Reply(n byte) byte {
	r := byte(0x12)
	switch n {
	case 1:
		if !s.Ready() {
			r |= 0x08
		}
	case 2:
		if s.CoverOpen.Load() {
			r |= 0x04
		}
		if s.PaperOut.Load() {
			r |= 0x20
		}
	case 4:
		if s.PaperOut.Load() {
			r |= 0x60
		}
	}
	return r
}

// Serve runs the printer on rw until ctx ends or rw fails. It returns nil
// when ctx ends.
func (s *Sim) Serve(ctx context.Context, rw io.ReadWriter) error {
	s.wake = make(chan struct{}, 1)
	send := func(b ...byte) {
		s.wmu.Lock()
		rw.Write(b)
		s.wmu.Unlock()
	}
	rt := NewDecoder() // real-time side: only follows command boundaries
	rt.OnStatus = func(n byte) {
		if !s.Silent.Load() {
			send(s.Reply(n))
		}
	}
	errc := make(chan error, 1)
	go func() {
		buf := make([]byte, 512)
		for {
			n, err := rw.Read(buf)
			if n > 0 {
				rt.Write(buf[:n])
				s.mu.Lock()
				s.fifo = append(s.fifo, buf[:n]...)
				if !s.xoff && len(s.fifo) > bufHigh {
					s.xoff = true
					send(escpos.XOFF)
				}
				s.mu.Unlock()
				s.Poke()
			}
			if err != nil {
				errc <- err
				return
			}
		}
	}()
	paper := NewDecoder()
	paper.OnPage = s.page
	for {
		s.mu.Lock()
		chunk := min(len(s.fifo), 64)
		var b []byte
		if chunk > 0 && s.Ready() {
			b = append([]byte(nil), s.fifo[:chunk]...)
			s.fifo = s.fifo[chunk:]
			if s.xoff && len(s.fifo) < bufLow {
				s.xoff = false
				send(escpos.XON)
			}
		}
		s.mu.Unlock()
		if b != nil {
			if s.Baud > 0 {
				// Wire time: 8N1 is 10 bits a byte.
				time.Sleep(time.Duration(len(b)) * 10 * time.Second / time.Duration(s.Baud))
			}
			paper.Write(b)
			continue
		}
		select {
		case <-ctx.Done():
			return nil
		case err := <-errc:
			// Print what arrived before the link went away.
			s.mu.Lock()
			rest := s.fifo
			s.fifo = nil
			s.mu.Unlock()
			if s.Ready() {
				paper.Write(rest)
			}
			if errors.Is(err, io.EOF) || errors.Is(err, os.ErrClosed) {
				return nil
			}
			return err
		case <-s.wake:
		case <-time.After(200 * time.Millisecond): // condition flags changed
		}
	}
}

func (s *Sim) page(p *Page) {
	n := s.pages.Add(1)
	path := ""
	if s.Dir != "" {
		path = filepath.Join(s.Dir, fmt.Sprintf("receipt-%03d.png", n))
		if f, err := os.Create(path); err == nil {
			png.Encode(f, p.Image(s.Dots))
			f.Close()
		} else {
			path = ""
		}
	}
	if s.OnPage != nil {
		s.OnPage(p, path)
	}
}

// Pages is the number of receipts cut so far.
func (s *Sim) Pages() int { return int(s.pages.Load()) }

package escpos

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"testing"
	"time"
)

// peer is a scripted printer on the other end of a net.Pipe: it answers
// DLE EOT n with replies[n] (no entry = silence) and records the rest.
type peer struct {
	conn    net.Conn
	mu      sync.Mutex
	got     bytes.Buffer
	replies map[byte]byte
}

func newPeer(t *testing.T, replies map[byte]byte) (*Printer, *peer) {
	a, b := net.Pipe()
	pr := &peer{conn: b, replies: replies}
	var wg sync.WaitGroup // the reader and its replies end before the test
	wg.Add(1)
	go func() {
		defer wg.Done()
		buf := make([]byte, 256)
		var last []byte
		for {
			n, err := b.Read(buf)
			if err != nil {
				return
			}
			for _, c := range buf[:n] {
				last = append(last, c)
				if k := len(last); k >= 3 && last[k-3] == DLE && last[k-2] == EOT {
					pr.mu.Lock()
					r, ok := pr.replies[last[k-1]]
					pr.mu.Unlock()
					last = last[:0]
					if ok {
						wg.Add(1)
						go func() { defer wg.Done(); b.Write([]byte{r}) }()
					}
					continue
				}
			}
			pr.mu.Lock()
			pr.got.Write(buf[:n])
			pr.mu.Unlock()
		}
	}()
	p := NewPrinter(a, Options{StatusTimeout: 200 * time.Millisecond, FlowTimeout: 100 * time.Millisecond})
	t.Cleanup(func() { p.Close(); b.Close(); wg.Wait() })
	return p, pr
}

func TestStatusQueries(t *testing.T) {
	tests := []struct {
		name    string
		replies map[byte]byte
		want    Status
		err     error
	}{
		{"ready", map[byte]byte{1: 0x12, 2: 0x12, 4: 0x12}, Status{}, nil},
		{"paper out", map[byte]byte{1: 0x1a, 2: 0x32, 4: 0x72}, Status{Offline: true, PaperStop: true, PaperOut: true}, nil},
		{"cover open", map[byte]byte{1: 0x1a, 2: 0x16, 4: 0x12}, Status{Offline: true, CoverOpen: true}, nil},
		{"near end", map[byte]byte{1: 0x12, 2: 0x12, 4: 0x1e}, Status{PaperNearEnd: true}, nil},
		{"silent", map[byte]byte{}, Status{}, ErrNoAnswer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, _ := newPeer(t, tt.replies)
			s, err := p.Status(context.Background())
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if err == nil && s != tt.want {
				t.Fatalf("status %+v, want %+v", s, tt.want)
			}
		})
	}
}

func TestXOFFHoldsWritesUntilXON(t *testing.T) {
	p, pr := newPeer(t, nil)
	pr.conn.Write([]byte{XOFF})
	for end := time.Now().Add(5 * time.Second); !p.Paused(); {
		if time.Now().After(end) {
			t.Fatal("XOFF never seen")
		}
		time.Sleep(time.Millisecond)
	}
	n, err := p.Write([]byte("held back"))
	if !errors.Is(err, ErrFlowTimeout) || n != 0 {
		t.Fatalf("Write during XOFF = %d, %v; want 0, ErrFlowTimeout", n, err)
	}
	pr.conn.Write([]byte{XON})
	for end := time.Now().Add(5 * time.Second); p.Paused(); {
		if time.Now().After(end) {
			t.Fatal("XON never seen")
		}
		time.Sleep(time.Millisecond)
	}
	msg := bytes.Repeat([]byte("ligne "), 50)
	if _, err := p.Write(msg); err != nil {
		t.Fatal(err)
	}
	for end := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		pr.mu.Lock()
		got := pr.got.String()
		pr.mu.Unlock()
		if got == string(msg) {
			break
		}
		if time.Now().After(end) {
			t.Fatalf("peer got %q", got)
		}
	}
}

func TestLinkLostEndsStatusAndWrites(t *testing.T) {
	p, pr := newPeer(t, map[byte]byte{1: 0x12})
	pr.conn.Close()
	if _, err := p.Status(context.Background()); !errors.Is(err, ErrNoAnswer) {
		t.Fatalf("status after close: %v", err)
	}
	if _, err := p.Write([]byte("x")); err == nil || errors.Is(err, io.ErrShortWrite) {
		t.Fatalf("write after close: %v", err)
	}
}

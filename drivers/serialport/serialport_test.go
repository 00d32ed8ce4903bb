package serialport

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"hanout/drivers/pty"
)

// deadline guards against hangs only; no test depends on timing.
const deadline = 20 * time.Second

func openPair(t *testing.T) (*pty.Pair, string) {
	t.Helper()
	pp, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	link := filepath.Join(t.TempDir(), "printer")
	if err := pp.Link(link); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pp.Close() })
	return pp, link
}

func TestRoundTripBothWays(t *testing.T) {
	pp, link := openPair(t)
	p, err := Open(Config{Name: link, Baud: 19200, ReadTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	msg := []byte("\x1b@bonjour \x10\x04\x01")
	if _, err := p.Write(msg); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, len(msg))
	if _, err := io.ReadFull(pp.Master, got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, msg) {
		t.Fatalf("master read %q, want %q", got, msg)
	}
	if _, err := pp.Master.Write([]byte{0x12, 0x13, 0x11}); err != nil {
		t.Fatal(err)
	}
	var back []byte
	buf := make([]byte, 8)
	for len(back) < 3 {
		n, err := p.Read(buf)
		if err != nil && !IsTimeout(err) {
			t.Fatal(err)
		}
		back = append(back, buf[:n]...)
	}
	if !bytes.Equal(back, []byte{0x12, 0x13, 0x11}) {
		t.Fatalf("port read % x (XON/XOFF must pass through untouched)", back)
	}
}

func TestReadTimeoutIsNotEOF(t *testing.T) {
	_, link := openPair(t)
	p, err := Open(Config{Name: link, ReadTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	n, err := p.Read(make([]byte, 4))
	if n != 0 || err == io.EOF || !IsTimeout(err) || !errors.Is(err, ErrTimeout) {
		t.Fatalf("Read = %d, %v; want a timeout error", n, err)
	}
	if !p.Connected() {
		t.Fatal("a timeout disconnected the port")
	}
}

func TestNoSuchPort(t *testing.T) {
	_, err := Open(Config{Name: "/dev/ttyUSB-hanout-absent"})
	if !errors.Is(err, ErrNoSuchPort) {
		t.Fatalf("err = %v, want ErrNoSuchPort", err)
	}
	_, err = Dial("/dev/usb/lp-hanout-absent")
	if !errors.Is(err, ErrNoSuchPort) {
		t.Fatalf("Dial lp: err = %v, want ErrNoSuchPort", err)
	}
}

func TestStalledWriteFailsClearly(t *testing.T) {
	_, link := openPair(t) // nobody reads the master: the pty fills up
	p, err := Open(Config{Name: link, ReadTimeout: 100 * time.Millisecond, WriteTimeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	done := make(chan error, 1)
	go func() {
		_, err := p.Write(make([]byte, 4<<20))
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, ErrWriteStalled) {
			t.Fatalf("err = %v, want ErrWriteStalled", err)
		}
	case <-time.After(deadline):
		t.Fatal("write blocked forever")
	}
}

// Pulling the cable: the device vanishes, reads report it, and once a
// device is back at the same name the port reopens by itself.
func TestUnpluggedPortReconnects(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "printer")
	a, err := pty.Open()
	if err != nil {
		t.Skip(err)
	}
	if err := a.Link(link); err != nil {
		t.Fatal(err)
	}
	p, err := Open(Config{Name: link, ReadTimeout: 100 * time.Millisecond, WriteTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()

	a.Close()
	os.Remove(link)
	end := time.Now().Add(deadline)
	for {
		_, err := p.Read(make([]byte, 4))
		if errors.Is(err, ErrDisconnected) {
			break
		}
		if err != nil && !IsTimeout(err) {
			t.Fatalf("read after unplug: %v", err)
		}
		if time.Now().After(end) {
			t.Fatal("unplug never reported")
		}
	}
	if _, err := p.Write([]byte("x")); !errors.Is(err, ErrDisconnected) {
		t.Fatalf("write while unplugged: %v, want ErrDisconnected", err)
	}

	b, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.Link(link); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Write([]byte("back")); err != nil {
		t.Fatalf("write after replug: %v", err)
	}
	got := make([]byte, 4)
	if _, err := io.ReadFull(b.Master, got); err != nil || string(got) != "back" {
		t.Fatalf("new device read %q, %v", got, err)
	}
}

func TestDialTCP(t *testing.T) {
	if _, err := Dial("127.0.0.1:1"); err == nil {
		t.Fatal("dial to a closed port succeeded")
	}
}

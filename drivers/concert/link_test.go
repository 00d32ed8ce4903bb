package concert

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"testing"
	"time"

	"hanout/drivers/serialport"
)

// script is a line that returns one scripted read after another, then
// blocks until closed.
type script struct {
	reads []func([]byte) (int, error)
	done  chan struct{}
}

func (s *script) Read(p []byte) (int, error) {
	if len(s.reads) == 0 {
		<-s.done
		return 0, io.ErrClosedPipe
	}
	r := s.reads[0]
	s.reads = s.reads[1:]
	return r(p)
}

func (s *script) Write(p []byte) (int, error) { return len(p), nil }

func TestLinkEvents(t *testing.T) {
	data := func(b string) func([]byte) (int, error) {
		return func(p []byte) (int, error) { return copy(p, b), nil }
	}
	fail := func(err error) func([]byte) (int, error) {
		return func([]byte) (int, error) { return 0, err }
	}
	s := &script{done: make(chan struct{}), reads: []func([]byte) (int, error){
		fail(serialport.ErrTimeout), // a port's read timeout: not an event
		func([]byte) (int, error) { return 0, nil },
		data("A"),
		fail(serialport.ErrDisconnected), // cable out: the exchange fails...
		data("B"),                        // ...and the reopened port goes on
		fail(io.EOF),                     // hung up for good
	}}
	defer close(s.done)
	l := newLink(s)
	l.start()
	ctx := context.Background()
	deadline := time.Now().Add(5 * time.Second) // against a hang only
	want := []struct {
		b   byte
		err error
	}{{'A', nil}, {0, serialport.ErrDisconnected}, {'B', nil}, {0, io.EOF}, {0, errLinkLost}}
	for i, w := range want {
		b, err := l.readByte(ctx, deadline)
		if w.err == nil && (err != nil || b != w.b) {
			t.Fatalf("read %d: %q, %v; want %q", i, b, err, w.b)
		}
		if w.err != nil && (!errors.Is(err, w.err) || !errors.Is(err, errLinkLost)) {
			t.Fatalf("read %d: err %v, want %v", i, err, w.err)
		}
	}
	if _, err := l.readByte(ctx, time.Now()); !errors.Is(err, errLinkLost) {
		t.Fatalf("after the end: %v", err)
	}
}

func TestReadByteTimeoutAndCancel(t *testing.T) {
	s := &script{done: make(chan struct{})}
	defer close(s.done)
	l := newLink(s)
	l.start()
	if _, err := l.readByte(context.Background(), time.Now()); !errors.Is(err, errTimeout) {
		t.Fatalf("past deadline: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := l.readByte(ctx, time.Now().Add(time.Hour)); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}
}

func TestConfigJSON(t *testing.T) {
	var c Config
	in := `{"protocol":"caisse-ap","port":"tcp://10.0.0.5:8888","till":"02","step_timeout":"2s","customer_wait":"90s"}`
	if err := json.Unmarshal([]byte(in), &c); err != nil {
		t.Fatal(err)
	}
	c = c.WithDefaults()
	if c.Protocol != CaisseAP || c.Step != Duration(2*time.Second) || c.CustomerWait != Duration(90*time.Second) || c.Baud != 9600 {
		t.Fatalf("%+v", c)
	}
	if addr, ok := c.TCPAddress(); !ok || addr != "10.0.0.5:8888" {
		t.Fatalf("TCPAddress = %q, %v", addr, ok)
	}
	b, _ := json.Marshal(Defaults())
	var back Config
	if err := json.Unmarshal(b, &back); err != nil || back != Defaults() {
		t.Fatalf("round trip %s -> %+v, %v", b, back, err)
	}
	if err := json.Unmarshal([]byte(`{"step_timeout":"soon"}`), &c); err == nil {
		t.Fatal("bad duration accepted")
	}
}

package concert_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hanout/drivers/concert"
	"hanout/drivers/concert/termsim"
	"hanout/drivers/concert/termsim/termsimtest"
	"hanout/drivers/pty"
	"hanout/pos"
)

// syncBuffer collects the simulator's log from its goroutine.
type syncBuffer struct{ termsimtest.Log }

func (s *syncBuffer) count(sub string) int { return strings.Count(s.String(), sub) }

// fast shortens the protocol timings so the failure cases run quickly. They
// are deadlines only: no test asserts how long anything took.
func fast(p concert.Protocol) concert.Config {
	c := concert.Defaults()
	c.Protocol = p
	c.Step = concert.Duration(700 * time.Millisecond)
	c.EnqDelay = concert.Duration(10 * time.Millisecond)
	c.CustomerWait = concert.Duration(5 * time.Second)
	c.IdleEnd = concert.Duration(100 * time.Millisecond)
	return c
}

// rig is a simulated terminal on a real pseudo-terminal and the till's
// Serial on its slave side, opened the way a serial port is.
type rig struct {
	term *concert.Serial
	log  *syncBuffer
	done chan error
}

func newRig(t *testing.T, cfg concert.Config, o termsim.Options) *rig {
	t.Helper()
	p, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	port, err := os.OpenFile(p.SlavePath, os.O_RDWR, 0)
	if err != nil {
		p.Close()
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &rig{log: &syncBuffer{}, done: make(chan error, 1)}
	o.Protocol = cfg.Protocol
	o.Log = r.log
	go func() { r.done <- termsim.Serve(ctx, p.Master, o) }()
	t.Cleanup(func() {
		cancel()
		port.Close()
		p.Close()
		select {
		case <-r.done:
		case <-time.After(5 * time.Second):
			t.Error("simulator did not stop")
		}
		if t.Failed() {
			t.Logf("simulator log:\n%s", r.log)
		}
	})
	r.term, err = concert.NewSerial(cfg, port)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// guard bounds a test against a hang; it is not a timing assertion.
func guard(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestPayOverPTY(t *testing.T) {
	for _, tc := range []struct {
		name  string
		proto concert.Protocol
		short bool
		o     termsim.Options
		req   concert.Request
		want  concert.Result
		log   []string // the simulator must have seen these
	}{
		{name: "E+ approved", proto: concert.ConcertEPlus, req: concert.Request{Amount: 15000},
			want: concert.Result{Outcome: concert.Approved, Amount: 15000, CardMasked: "513100******1234", Brand: "mastercard", Reference: "0000000001"},
			log:  []string{"02 30 31 30 30 30 31 35 30 30 30 31 31 30 35 30 34 20 20 20 20 20 20 20 20 20 20 41 30 31 30 42 30 31 30 03 04", "E+ till 01 debit 150.00"}},
		{name: "E approved, short answer", proto: concert.ConcertE, short: true, req: concert.Request{Amount: 100, Till: "03"},
			want: concert.Result{Outcome: concert.Approved, Amount: 100, Reference: "0000000001"},
			log:  []string{"E till 03 debit 1.00", "short answer"}},
		{name: "refused", proto: concert.ConcertEPlus, o: termsim.Options{Refuse: true}, req: concert.Request{Amount: 999},
			want: concert.Result{Outcome: concert.Refused, Amount: 999, Reason: "refused", Reference: "0000000001"}},
		{name: "not verified", proto: concert.ConcertEPlus, o: termsim.Options{Unverified: true}, req: concert.Request{Amount: 999},
			want: concert.Result{Outcome: concert.Unverified, Amount: 999, Reason: "not_verified", Reference: "0000000001"}},
		{name: "refund", proto: concert.ConcertEPlus, req: concert.Request{Amount: 2550, Kind: concert.Refund},
			want: concert.Result{Outcome: concert.Approved, Amount: 2550, CardMasked: "513100******1234", Brand: "mastercard", Reference: "0000000001"},
			log:  []string{"refund 25.50"}},
		{name: "bad LRC then good", proto: concert.ConcertEPlus, o: termsim.Options{BadLRC: 2}, req: concert.Request{Amount: 4200},
			want: concert.Result{Outcome: concert.Approved, Amount: 4200, CardMasked: "513100******1234", Brand: "mastercard", Reference: "0000000001"},
			log:  []string{"LRC corrupted as told", "<- NAK"}},
		{name: "request NAKed once then resent", proto: concert.ConcertEPlus, o: termsim.Options{NAK: 1}, req: concert.Request{Amount: 4200},
			want: concert.Result{Outcome: concert.Approved, Amount: 4200, CardMasked: "513100******1234", Brand: "mastercard", Reference: "0000000001"},
			log:  []string{"NAK (as told)"}},
		{name: "terminal leaks a full card number", proto: concert.ConcertEPlus, o: termsim.Options{Card: "5131001234561234"}, req: concert.Request{Amount: 100},
			want: concert.Result{Outcome: concert.Approved, Amount: 100, CardMasked: "513100******1234", Brand: "mastercard", Reference: "0000000001"}},
		{name: "caisse-ap approved", proto: concert.CaisseAP, req: concert.Request{Amount: 15000},
			want: concert.Result{Outcome: concert.Approved, Amount: 15000, CardMasked: "513100******1234", Brand: "mastercard", AuthCode: "123456", EntryMode: "contactless"},
			log:  []string{"CZ=0300|CJ=012345678901|CA=01|CB=15000|CD=0|CE=504|BA=0"}},
		{name: "caisse-ap refused", proto: concert.CaisseAP, o: termsim.Options{Refuse: true}, req: concert.Request{Amount: 15000},
			want: concert.Result{Outcome: concert.Refused, Amount: 15000, Reason: "refused"}},
		{name: "caisse-ap refund, bad LRC then good", proto: concert.CaisseAP, o: termsim.Options{BadLRC: 1}, req: concert.Request{Amount: 5, Kind: concert.Refund},
			want: concert.Result{Outcome: concert.Approved, Amount: 5, CardMasked: "513100******1234", Brand: "mastercard", AuthCode: "123456", EntryMode: "contactless"},
			log:  []string{"CD=1", "<- NAK"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := fast(tc.proto)
			cfg.ShortAnswer = tc.short
			r := newRig(t, cfg, tc.o)
			var trace syncBuffer
			r.term.Trace = func(dir, what string) { fmt.Fprintln(&trace, dir, what) }
			got, err := r.term.Pay(guard(t), tc.req)
			if err != nil {
				t.Fatalf("Pay: %v", err)
			}
			raw := got.Raw
			got.Raw = ""
			if got != tc.want {
				t.Fatalf("got  %+v\nwant %+v", got, tc.want)
			}
			for _, s := range []string{raw, trace.String()} {
				if strings.Contains(s, "5131001234561234") {
					t.Fatalf("full card number leaked: %q", s)
				}
			}
			for _, s := range tc.log {
				if !strings.Contains(r.log.String(), s) {
					t.Errorf("simulator never logged %q", s)
				}
			}
		})
	}
}

// Answer frames whose LRC is a control byte cross a real line intact.
func TestControlByteLRCOverPTY(t *testing.T) {
	const ref = "000000001" // moves the LRC's high bits to zero
	for lrc := byte(0); lrc <= 6; lrc++ {
		amount := pos.Money(0)
		for m := pos.Money(1); m < 100000 && amount == 0; m++ {
			d, _ := concert.V2Answer{Till: "01", Status: '0', Amount: m, Method: '1', Full: true,
				Report: "513100******1234", Currency: "504", Private: ref}.Encode()
			if f := concert.Frame(d); f[len(f)-1] == lrc {
				amount = m
			}
		}
		t.Run(fmt.Sprintf("LRC %#02x", lrc), func(t *testing.T) {
			r := newRig(t, fast(concert.ConcertEPlus), termsim.Options{Reference: ref})
			got, err := r.term.Pay(guard(t), concert.Request{Amount: amount})
			if err != nil || got.Outcome != concert.Approved || got.Amount != amount {
				t.Fatalf("Pay(%s) = %+v, %v", amount.Decimal(), got, err)
			}
			if want := fmt.Sprintf("(LRC %#02x)", lrc); !strings.Contains(r.log.String(), want) {
				t.Fatalf("the simulator did not send an answer with %s", want)
			}
		})
	}
}

func TestFailuresOverPTY(t *testing.T) {
	t.Run("no answer", func(t *testing.T) {
		r := newRig(t, fast(concert.ConcertEPlus), termsim.Options{NoAnswer: true})
		got, err := r.term.Pay(guard(t), concert.Request{Amount: 100})
		wantFailure(t, got, err, concert.NotSent, concert.ErrNotSent, "terminal.no_answer")
		if n := r.log.count("<- ENQ"); n != 3 {
			t.Errorf("terminal saw %d ENQ, want 3 (retries)", n)
		}
	})
	t.Run("request NAKed every time", func(t *testing.T) {
		r := newRig(t, fast(concert.ConcertEPlus), termsim.Options{NAK: 100})
		got, err := r.term.Pay(guard(t), concert.Request{Amount: 100})
		wantFailure(t, got, err, concert.NotSent, concert.ErrNotSent, "terminal.request_rejected")
		if n := r.log.count("NAK (as told)"); n != 4 {
			t.Errorf("request sent %d times, want 1 + 3 resends", n)
		}
	})
	t.Run("cancelled before sending", func(t *testing.T) {
		r := newRig(t, fast(concert.ConcertEPlus), termsim.Options{})
		ctx, cancel := context.WithCancel(guard(t))
		cancel()
		got, err := r.term.Pay(ctx, concert.Request{Amount: 100})
		wantFailure(t, got, err, concert.NotSent, concert.ErrNotSent, "terminal.cancelled")
	})
	t.Run("cancel by the seller while the customer pays", func(t *testing.T) {
		waiting := make(chan struct{})
		r := newRig(t, fast(concert.ConcertEPlus), termsim.Options{Customer: func(ctx context.Context) {
			close(waiting)
			<-ctx.Done()
		}})
		ctx, cancel := context.WithCancel(guard(t))
		go func() {
			<-waiting
			cancel()
		}()
		got, err := r.term.Pay(ctx, concert.Request{Amount: 100})
		wantFailure(t, got, err, concert.Ambiguous, concert.ErrAmbiguous, "terminal.cancelled_ambiguous")
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want it to say the seller cancelled", err)
		}
	})
	t.Run("link cut after the request was acknowledged", func(t *testing.T) {
		r := newRig(t, fast(concert.ConcertEPlus), termsim.Options{CutAfterAck: true})
		got, err := r.term.Pay(guard(t), concert.Request{Amount: 100})
		wantFailure(t, got, err, concert.Ambiguous, concert.ErrAmbiguous, "terminal.ambiguous")
		if n := r.log.count("request taken"); n != 1 {
			t.Errorf("terminal took the request %d times, want 1", n)
		}
	})
	t.Run("no answer after the request was acknowledged", func(t *testing.T) {
		cfg := fast(concert.ConcertEPlus)
		cfg.CustomerWait = concert.Duration(time.Second)
		r := newRig(t, cfg, termsim.Options{HangAfterAck: true})
		got, err := r.term.Pay(guard(t), concert.Request{Amount: 100})
		wantFailure(t, got, err, concert.Ambiguous, concert.ErrAmbiguous, "terminal.ambiguous")
		// Never resent: the terminal saw one ENQ and one request.
		if n, m := r.log.count("<- ENQ"), r.log.count("E+ till"); n != 1 || m != 1 {
			t.Errorf("terminal saw %d ENQ and %d requests, want 1 and 1", n, m)
		}
	})
	t.Run("invalid amount", func(t *testing.T) {
		r := newRig(t, fast(concert.ConcertEPlus), termsim.Options{})
		got, err := r.term.Pay(guard(t), concert.Request{Amount: 0})
		wantFailure(t, got, err, concert.NotSent, concert.ErrNotSent, "terminal.amount_invalid")
		if r.log.String() != "" {
			t.Errorf("something was sent: %s", r.log)
		}
	})
}

// A second payment on the same line works after a refusal and after a
// cancelled one: stale bytes of the first are not read as the second's.
func TestSeveralPaymentsOnOneLine(t *testing.T) {
	r := newRig(t, fast(concert.ConcertEPlus), termsim.Options{})
	for i := 1; i <= 3; i++ {
		got, err := r.term.Pay(guard(t), concert.Request{Amount: pos.Money(i * 100)})
		if err != nil || got.Outcome != concert.Approved || got.Reference != fmt.Sprintf("%010d", i) {
			t.Fatalf("payment %d: %+v, %v", i, got, err)
		}
	}
}

func wantFailure(t *testing.T, got concert.Result, err error, outcome concert.Outcome, is error, key string) {
	t.Helper()
	if err == nil {
		t.Fatalf("Pay succeeded: %+v", got)
	}
	if got.Outcome != outcome {
		t.Errorf("outcome %q, want %q", got.Outcome, outcome)
	}
	if !errors.Is(err, is) {
		t.Errorf("err = %v, want %v", err, is)
	}
	other := concert.ErrAmbiguous
	if is == concert.ErrAmbiguous {
		other = concert.ErrNotSent
	}
	if errors.Is(err, other) {
		t.Errorf("err = %v matches both ErrNotSent and ErrAmbiguous", err)
	}
	if k := pos.KeyOf(err); k != key {
		t.Errorf("key %q, want %q (err %v)", k, key, err)
	}
}

func TestCaisseAPOverTCP(t *testing.T) {
	serve := func(t *testing.T, o termsim.Options) (string, *syncBuffer) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Skipf("no loopback: %v", err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		log := &syncBuffer{}
		o.Log = log
		done := make(chan struct{})
		go func() { termsim.ServeTCP(ctx, ln, o); close(done) }()
		t.Cleanup(func() { cancel(); <-done })
		return ln.Addr().String(), log
	}
	newTerm := func(t *testing.T, addr string) *concert.CaisseAPIP {
		cfg := fast(concert.CaisseAP)
		cfg.Port = "tcp://" + addr
		term, err := concert.NewCaisseAPIP(cfg, concert.TCPDialer(addr, time.Second))
		if err != nil {
			t.Fatal(err)
		}
		return term
	}
	t.Run("approved", func(t *testing.T) {
		addr, _ := serve(t, termsim.Options{})
		got, err := newTerm(t, addr).Pay(guard(t), concert.Request{Amount: 15000})
		want := concert.Result{Outcome: concert.Approved, Amount: 15000, CardMasked: "513100******1234", Brand: "mastercard", AuthCode: "123456", EntryMode: "contactless"}
		got.Raw = ""
		if err != nil || got != want {
			t.Fatalf("got %+v, %v\nwant %+v", got, err, want)
		}
	})
	t.Run("refund refused", func(t *testing.T) {
		addr, log := serve(t, termsim.Options{Refuse: true})
		got, err := newTerm(t, addr).Pay(guard(t), concert.Request{Amount: 100, Kind: concert.Refund})
		if err != nil || got.Outcome != concert.Refused || !strings.Contains(log.String(), "CD=1") {
			t.Fatalf("%+v, %v\n%s", got, err, log)
		}
	})
	t.Run("cut after the request", func(t *testing.T) {
		addr, _ := serve(t, termsim.Options{CutAfterAck: true})
		got, err := newTerm(t, addr).Pay(guard(t), concert.Request{Amount: 100})
		wantFailure(t, got, err, concert.Ambiguous, concert.ErrAmbiguous, "terminal.ambiguous")
	})
	t.Run("nobody listening", func(t *testing.T) {
		ln, _ := net.Listen("tcp", "127.0.0.1:0")
		addr := ln.Addr().String()
		ln.Close()
		got, err := newTerm(t, addr).Pay(guard(t), concert.Request{Amount: 100})
		wantFailure(t, got, err, concert.NotSent, concert.ErrNotSent, "terminal.unplugged")
	})
}

// Open goes through drivers/serialport, the way the till and the command
// line open a terminal, here on a pseudo-terminal: an approval, and a cut
// after the request was taken, seen through serialport's disconnect error.
func TestOpenSerialPort(t *testing.T) {
	for _, tc := range []struct {
		name    string
		o       termsim.Options
		outcome concert.Outcome
	}{
		{"approved", termsim.Options{}, concert.Approved},
		{"cut after ack", termsim.Options{CutAfterAck: true}, concert.Ambiguous},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := pty.Open()
			if err != nil {
				t.Skipf("no pseudo-terminals here: %v", err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			log := &syncBuffer{}
			tc.o.Log = log
			go func() { done <- termsim.Serve(ctx, p.Master, tc.o) }()
			// pty.Open leaves the master in blocking mode: only closing
			// both sides ends the simulator's read.
			defer func() { cancel(); p.Close(); <-done }()

			cfg := fast(concert.ConcertEPlus)
			cfg.Port = p.SlavePath
			term, closer, err := concert.Open(cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer closer.Close()
			got, err := term.Pay(guard(t), concert.Request{Amount: 15000})
			if got.Outcome != tc.outcome || (err == nil) != (tc.outcome == concert.Approved) {
				t.Fatalf("%+v, %v\n%s", got, err, log)
			}
			if tc.outcome == concert.Ambiguous && !errors.Is(err, concert.ErrAmbiguous) {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

func TestOpenUnplugged(t *testing.T) {
	cfg := fast(concert.ConcertEPlus)
	cfg.Port = filepath.Join(t.TempDir(), "ttyACM9")
	_, _, err := concert.Open(cfg)
	if k := pos.KeyOf(err); k != "terminal.unplugged" {
		t.Fatalf("err = %v, key %q, want terminal.unplugged", err, k)
	}
}

// Finding 2: the terminal takes the request, loses its ACK and charges the
// card. The till must not say "not sent" (a retry would charge twice).
func TestLostAckIsAmbiguous(t *testing.T) {
	for _, p := range []concert.Protocol{concert.ConcertEPlus, concert.ConcertE, concert.CaisseAP} {
		t.Run(string(p), func(t *testing.T) {
			charged := make(chan struct{})
			r := newRig(t, fast(p), termsim.Options{DropAck: true, Customer: func(context.Context) { close(charged) }})
			got, err := r.term.Pay(guard(t), concert.Request{Amount: 4200})
			wantFailure(t, got, err, concert.Ambiguous, concert.ErrAmbiguous, "terminal.ambiguous")
			if errors.Is(err, concert.ErrNotSent) || !got.Outcome.NeedsSlip() {
				t.Fatalf("a request the terminal may hold was reported %v", err)
			}
			<-charged
			if n := r.log.count("<- ENQ"); n != 1 {
				t.Errorf("the till sent %d ENQ, want 1: it must never resend by itself", n)
			}
		})
	}
}

// Voiding a card payment goes through the terminal: Caisse-AP cancel
// (CD=2), a credit of the same amount on Concert V2.
func TestCancelThroughTheTerminal(t *testing.T) {
	for _, tc := range []struct {
		proto concert.Protocol
		log   string
	}{{concert.CaisseAP, "CD=2"}, {concert.ConcertEPlus, "E+ till 01 refund 42.00"}} {
		t.Run(string(tc.proto), func(t *testing.T) {
			r := newRig(t, fast(tc.proto), termsim.Options{})
			req := concert.Request{Amount: 4200, Kind: concert.Cancel}
			got, err := r.term.Pay(guard(t), req)
			if err != nil || got.Outcome != concert.Approved {
				t.Fatalf("cancel: %+v, %v", got, err)
			}
			if !strings.Contains(r.log.String(), tc.log) {
				t.Fatalf("the terminal did not see %q", tc.log)
			}
			if tn := got.Tender(req); tn.Amount != -4200 || tn.Status != pos.StatusApproved {
				t.Fatalf("tender %+v, want -42.00 approved", tn)
			}
		})
	}
}

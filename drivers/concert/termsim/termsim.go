// Package termsim plays a card terminal for tests and demos: it answers
// Concert V2 (E, E+) and framed Caisse-AP on a serial line or a
// pseudo-terminal, and raw Caisse-AP on TCP connections, logging every
// frame it receives in hex and decoded, and misbehaving on request.
package termsim

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"

	"hanout/drivers/concert"
	"hanout/pos"
)

// Options says how the simulated terminal behaves. The zero value is a
// Concert E+ terminal that approves everything.
type Options struct {
	Protocol concert.Protocol
	// Refuse answers every transaction refused (Concert status 7,
	// Caisse-AP AE=01 AF=04).
	Refuse bool
	// Unverified answers Concert status 9.
	Unverified bool
	// NoAnswer never answers anything: a terminal switched off.
	NoAnswer bool
	// NAK refuses the first NAK request frames as if damaged.
	NAK int
	// BadLRC corrupts the LRC of the first BadLRC answer frames.
	BadLRC int
	// CutAfterAck acknowledges the request, waits for the till's EOT (so
	// the till saw the ACK), then cuts the link: rw is closed if it is an
	// io.Closer and Serve returns ErrCut.
	CutAfterAck bool
	// HangAfterAck acknowledges the request and then never answers.
	HangAfterAck bool
	// DropAck takes the request but its ACK is lost on the wire: the
	// terminal goes ahead, the customer pays, the terminal prints its slip
	// (logged as "slip: …") and never calls the till back.
	DropAck bool
	// Customer, when set, is called once the request is taken, before the
	// answer: it stands for the customer at the keypad and may block (a
	// test cancels the till meanwhile). Its context ends with Serve's.
	Customer func(ctx context.Context)
	// Card is the card number put in answers; it defaults to
	// 513100******1234. A test may put a full number here to play a
	// terminal that leaks one.
	Card string
	// AuthCode defaults to 123456; EntryMode (Caisse-AP CI) to 2,
	// contactless.
	AuthCode  string
	EntryMode string
	// Reference is the Concert private data of answers (10 chars at
	// most); it defaults to a counter, 0000000001 first.
	Reference string
	// Log receives one line per event; nil discards.
	Log io.Writer
}

// ErrCut is returned by Serve after CutAfterAck cut the link.
var ErrCut = errors.New("termsim: link cut after the request was acknowledged")

type sim struct {
	o      Options
	ctx    context.Context
	rw     io.ReadWriter
	r      *bufio.Reader
	mu     sync.Mutex // guards log
	naked  int
	badLRC int
	seq    int
}

func (s *sim) logf(format string, args ...any) {
	if s.o.Log == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fmt.Fprintf(s.o.Log, format+"\n", args...)
}

func (s *sim) defaults() {
	if s.o.Protocol == "" {
		s.o.Protocol = concert.ConcertEPlus
	}
	if s.o.Card == "" {
		s.o.Card = "513100******1234"
	}
	if s.o.AuthCode == "" {
		s.o.AuthCode = "123456"
	}
	if s.o.EntryMode == "" {
		s.o.EntryMode = "2"
	}
}

// Serve plays the terminal on a serial line until the line fails, ctx ends
// or the link is cut on purpose (ErrCut). When ctx ends rw is closed if it
// is an io.Closer; a file in blocking mode (the master of a pty.Pair) only
// returns from its read once the other side is closed too, so close the
// Pair to stop Serve.
func Serve(ctx context.Context, rw io.ReadWriter, o Options) error {
	s := &sim{o: o, ctx: ctx, rw: rw, r: bufio.NewReader(rw)}
	s.defaults()
	if c, ok := rw.(io.Closer); ok {
		stop := context.AfterFunc(ctx, func() { c.Close() })
		defer stop()
	}
	for {
		err := s.session()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			return err
		}
	}
}

func (s *sim) write(b []byte, what string) error {
	s.logf("-> %s", what)
	_, err := s.rw.Write(b)
	return err
}

// session serves one exchange, from the till's ENQ to our EOT.
func (s *sim) session() error {
	c, err := s.r.ReadByte()
	if err != nil {
		return err
	}
	if c != concert.ENQ {
		s.logf("<- %s (ignored)", name(c))
		return nil
	}
	s.logf("<- ENQ")
	if s.o.NoAnswer {
		s.logf("   (switched off: no answer)")
		return nil
	}
	if err := s.write([]byte{concert.ACK}, "ACK"); err != nil {
		return err
	}
	req, err := s.readRequest()
	if err != nil || req == nil {
		return err
	}
	if s.o.DropAck {
		s.logf("   request taken; its ACK is lost on the wire")
		if s.o.Customer != nil {
			s.o.Customer(s.ctx)
			if err := s.ctx.Err(); err != nil {
				return err
			}
		}
		return s.slip(req)
	}
	if err := s.write([]byte{concert.ACK}, "ACK (request taken)"); err != nil {
		return err
	}
	if c, err := s.r.ReadByte(); err != nil {
		return err
	} else if c != concert.EOT {
		s.logf("<- %s (expected EOT)", name(c))
	} else {
		s.logf("<- EOT")
	}
	if s.o.CutAfterAck {
		// The till's EOT proves it saw our ACK: it now knows the
		// request was taken, and the link goes.
		s.logf("   cutting the link")
		if c, ok := s.rw.(io.Closer); ok {
			c.Close()
		}
		return ErrCut
	}
	if s.o.HangAfterAck {
		s.logf("   (hanging: no answer will come)")
		<-s.ctx.Done()
		return s.ctx.Err()
	}
	if s.o.Customer != nil {
		s.logf("   waiting for the customer")
		s.o.Customer(s.ctx)
		if err := s.ctx.Err(); err != nil {
			return err
		}
	}
	answer, err := s.answer(req)
	if err != nil {
		return err
	}
	return s.sendAnswer(answer)
}

// slip logs what the terminal prints when it could not tell the till.
func (s *sim) slip(req *request) error {
	s.seq++
	verdict := "APPROVED"
	if s.o.Refuse {
		verdict = "REFUSED"
	}
	s.logf("   slip: %s %s %s card %s auth %s ref %010d", verdict, req.kind, req.amt.Decimal(), concert.CardFrom(s.o.Card).Masked(), s.o.AuthCode, s.seq)
	return nil
}

// request is what the simulator understood of a request frame.
type request struct {
	v2   *concert.V2Request
	v3   concert.Fields
	till string
	amt  pos.Money
	kind concert.Kind
}

// readRequest reads the request frame, NAKing bad ones, and returns nil
// without error when the till gave up.
func (s *sim) readRequest() (*request, error) {
	for {
		// Skip to STX.
		for {
			c, err := s.r.ReadByte()
			if err != nil {
				return nil, err
			}
			if c == concert.STX {
				s.r.UnreadByte()
				break
			}
			s.logf("<- %s (ignored, waiting for the request)", name(c))
			if c == concert.EOT || c == concert.ENQ {
				s.r.UnreadByte()
				return nil, nil
			}
		}
		cap := &capture{r: s.r}
		var data []byte
		var err error
		if s.o.Protocol == concert.CaisseAP {
			data, err = concert.ReadFrame(cap)
		} else {
			data, err = concert.ReadFrame(cap, concert.V2RequestLen, concert.V2PlusRequestLen)
		}
		hexs := fmt.Sprintf("% x", cap.b)
		if err != nil {
			if !errors.Is(err, concert.ErrBadFrame) && !errors.Is(err, concert.ErrBadLRC) {
				return nil, err
			}
			s.logf("<- %s  bad frame: %v", hexs, err)
			if err := s.write([]byte{concert.NAK}, "NAK"); err != nil {
				return nil, err
			}
			continue
		}
		req, desc := s.decode(data)
		s.logf("<- %s  %s (LRC %#02x ok)", hexs, desc, cap.b[len(cap.b)-1])
		if s.naked < s.o.NAK {
			s.naked++
			if err := s.write([]byte{concert.NAK}, "NAK (as told)"); err != nil {
				return nil, err
			}
			continue
		}
		if req == nil {
			if err := s.write([]byte{concert.NAK}, "NAK (unreadable request)"); err != nil {
				return nil, err
			}
			continue
		}
		return req, nil
	}
}

func (s *sim) decode(data []byte) (*request, string) {
	if s.o.Protocol == concert.CaisseAP {
		fs, err := concert.DecodeTLV(data)
		if err != nil {
			return nil, "unreadable: " + err.Error()
		}
		r := &request{v3: fs, kind: concert.Debit}
		r.till, _ = fs.Get("CA")
		switch v, _ := fs.Get("CD"); v {
		case "1":
			r.kind = concert.Refund
		case "2":
			r.kind = concert.Cancel
		}
		cb, _ := fs.Get("CB")
		m, err := strconv.ParseInt(cb, 10, 64)
		if err != nil || m < 0 {
			return nil, "bad amount: " + fs.String()
		}
		r.amt = pos.Money(m) // CB is in centimes
		return r, "Caisse-AP " + fs.String()
	}
	v, err := concert.DecodeV2Request(data)
	if err != nil {
		return nil, "unreadable: " + err.Error()
	}
	return &request{v2: &v, till: v.Till, amt: v.Amount, kind: v.Kind}, v.String()
}

// answer builds the answer data for req.
func (s *sim) answer(req *request) ([]byte, error) {
	s.seq++
	if req.v2 != nil {
		status := byte('0')
		switch {
		case s.o.Refuse:
			status = '7'
		case s.o.Unverified:
			status = '9'
		}
		a := concert.V2Answer{
			Till: req.till, Status: status, Amount: req.amt, Method: req.v2.Method,
			Full: req.v2.Full, Currency: req.v2.Currency, Private: fmt.Sprintf("%010d", s.seq),
		}
		if s.o.Reference != "" {
			a.Private = s.o.Reference
		}
		if a.Full && status == '0' {
			a.Report = s.o.Card
		}
		s.logf("   answering %s", describeV2(a))
		return a.Encode()
	}
	fs := concert.Fields{}
	for _, f := range req.v3 {
		if f.Tag == "CZ" || f.Tag == "CA" || f.Tag == "CB" || f.Tag == "CD" || f.Tag == "CE" {
			fs = append(fs, f)
		}
	}
	if s.o.Refuse {
		fs = append(fs, concert.Field{Tag: "AE", Value: "01"}, concert.Field{Tag: "AF", Value: "04"})
	} else {
		fs = append(fs,
			concert.Field{Tag: "AE", Value: "10"},
			concert.Field{Tag: "AC", Value: s.o.AuthCode},
			concert.Field{Tag: "AA", Value: s.o.Card},
			concert.Field{Tag: "CI", Value: s.o.EntryMode},
		)
	}
	s.logf("   answering Caisse-AP %s", fs.String())
	return concert.EncodeTLV(fs)
}

func describeV2(a concert.V2Answer) string {
	st := map[byte]string{'0': "accepted", '7': "refused", '9': "not verified"}[a.Status]
	card := strings.TrimSpace(a.Report)
	if card != "" {
		card = " card " + concert.Mask(card)
	}
	return fmt.Sprintf("status %c (%s) till %s %s%s ref %s", a.Status, st, a.Till, a.Amount.Decimal(), card, a.Private)
}

// sendAnswer swaps roles: ENQ, wait for ACK, the answer frame until ACKed
// (resending after NAK, bounded), EOT.
func (s *sim) sendAnswer(data []byte) error {
	if err := s.write([]byte{concert.ENQ}, "ENQ"); err != nil {
		return err
	}
	if err := s.expect(concert.ACK); err != nil {
		return err
	}
	for try := 0; try < 5; try++ {
		frame := concert.Frame(data)
		what := fmt.Sprintf("answer % x (LRC %#02x)", frame, frame[len(frame)-1])
		if s.badLRC < s.o.BadLRC {
			s.badLRC++
			frame[len(frame)-1] ^= 0x5a
			what = fmt.Sprintf("answer % x (LRC corrupted as told)", frame)
		}
		if err := s.write(frame, what); err != nil {
			return err
		}
		c, err := s.r.ReadByte()
		if err != nil {
			return err
		}
		s.logf("<- %s", name(c))
		if c == concert.ACK {
			return s.write([]byte{concert.EOT}, "EOT")
		}
	}
	return s.write([]byte{concert.EOT}, "EOT (giving up)")
}

func (s *sim) expect(want byte) error {
	c, err := s.r.ReadByte()
	if err != nil {
		return err
	}
	s.logf("<- %s", name(c))
	if c != want {
		return fmt.Errorf("termsim: got %s, want %s", name(c), name(want))
	}
	return nil
}

func name(c byte) string {
	switch c {
	case concert.STX:
		return "STX"
	case concert.ETX:
		return "ETX"
	case concert.EOT:
		return "EOT"
	case concert.ENQ:
		return "ENQ"
	case concert.ACK:
		return "ACK"
	case concert.NAK:
		return "NAK"
	}
	return fmt.Sprintf("%#02x", c)
}

// capture records the bytes a frame parser consumed, for the log.
type capture struct {
	r *bufio.Reader
	b []byte
}

func (c *capture) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.b = append(c.b, p[:n]...)
	return n, err
}

// ServeTCP plays a Caisse-AP IP terminal: one transaction per accepted
// connection, until ctx ends or ln fails.
func ServeTCP(ctx context.Context, ln net.Listener, o Options) error {
	o.Protocol = concert.CaisseAP
	stop := context.AfterFunc(ctx, func() { ln.Close() })
	defer stop()
	for {
		conn, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return err
		}
		go func() {
			defer conn.Close()
			if err := ServeConn(ctx, conn, o); err != nil && o.Log != nil {
				fmt.Fprintf(o.Log, "   connection: %v\n", err)
			}
		}()
	}
}

// ServeConn answers one raw Caisse-AP request on conn.
func ServeConn(ctx context.Context, conn io.ReadWriteCloser, o Options) error {
	o.Protocol = concert.CaisseAP
	s := &sim{o: o, ctx: ctx, rw: conn, r: bufio.NewReader(conn)}
	s.defaults()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	// The request comes in one write: read fields until nothing is
	// buffered after a complete one.
	var data []byte
	for {
		h := make([]byte, 5)
		if _, err := io.ReadFull(s.r, h); err != nil {
			return err
		}
		n := 0
		for _, c := range h[2:] {
			if c < '0' || c > '9' {
				return fmt.Errorf("termsim: bad field header %q", h)
			}
			n = n*10 + int(c-'0')
		}
		v := make([]byte, n)
		if _, err := io.ReadFull(s.r, v); err != nil {
			return err
		}
		data = append(append(data, h...), v...)
		if s.r.Buffered() == 0 {
			break
		}
	}
	req, desc := s.decode(data)
	s.logf("<- %s", desc)
	if req == nil {
		return fmt.Errorf("termsim: unreadable request")
	}
	if s.o.NoAnswer || s.o.HangAfterAck {
		s.logf("   (no answer will come)")
		<-ctx.Done()
		return ctx.Err()
	}
	if s.o.CutAfterAck {
		s.logf("   cutting the link")
		conn.Close()
		return ErrCut
	}
	if s.o.Customer != nil {
		s.o.Customer(ctx)
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	answer, err := s.answer(req)
	if err != nil {
		return err
	}
	_, err = conn.Write(answer)
	return err
}

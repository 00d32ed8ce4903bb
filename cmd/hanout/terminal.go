package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"hanout/drivers/concert"
	"hanout/drivers/concert/termsim"
	"hanout/drivers/pty"
	"hanout/pos"
	"hanout/pos/i18n"
	"hanout/pos/store"
)

func init() {
	register(command{name: "terminal", summary: "run a test payment on the card terminal", run: runTerminal})
	registerSim(command{name: "terminal", summary: "a card payment terminal (Concert E/E+, Caisse-AP)", run: runSimTerminal})
}

func protocolNames() string {
	names := make([]string, len(concert.Protocols))
	for i, p := range concert.Protocols {
		names[i] = string(p)
	}
	return strings.Join(names, "|")
}

// runTerminal: "terminal test" runs one transaction and prints its outcome
// on stdout (approved, refused, unverified, ambiguous or failed), the
// explanation for the seller on stderr. Exit 0 only when approved.
func runTerminal(args []string) int {
	usage := `hanout terminal test [--port PORT] [--protocol ` + protocolNames() + `] [--amount 1.00]
                     [--baud 9600] [--till 01] [--refund] [--short] [--trace] [--data DIR]

` + say("command.terminal_test.about")
	if len(args) == 0 || args[0] != "test" {
		fmt.Fprintln(os.Stderr, usageLine(usage))
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			return exitOK
		}
		return exitUsage
	}
	def := concert.Defaults()
	fs, data := newFlags("terminal test", usage)
	port := fs.String("port", "", "serial port of the terminal (/dev/ttyACM0) or tcp://HOST:PORT")
	proto := fs.String("protocol", string(def.Protocol), "protocol: "+protocolNames())
	amount := fs.String("amount", "1.00", "amount in dirhams")
	baud := fs.Int("baud", def.Baud, "serial speed")
	till := fs.String("till", def.Till, "till number the terminal knows (two digits)")
	refund := fs.Bool("refund", false, "credit the card instead of debiting it")
	short := fs.Bool("short", false, "ask for the short Concert answer (no card number)")
	step := fs.Duration("step-timeout", time.Duration(def.Step), "timeout of each protocol step")
	wait := fs.Duration("customer-wait", time.Duration(def.CustomerWait), "how long the customer may take")
	trace := fs.Bool("trace", false, "show every byte exchanged (card data masked) on stderr")
	fs.Usage = func() { showUsage(os.Stderr, fs, usage) }
	if code := parse(fs, args[1:], 0); code >= 0 {
		return code
	}
	usageErr := func(err error) int {
		fmt.Fprintf(os.Stderr, "terminal test: %s\n", i18n.Error(cliLang(), err))
		return exitUsage
	}
	if !given(fs)["port"] {
		if err := tillSettings(*data, func(s *store.Store) { terminalDefaults(s, fs, port, proto, baud, till) }); err != nil {
			return fail("terminal test", err)
		}
	}
	if *port == "" {
		fmt.Fprintln(os.Stderr, "terminal test: "+say("command.terminal_port_required"))
		fs.Usage()
		return exitUsage
	}
	p, err := concert.ParseProtocol(*proto)
	if err != nil {
		return usageErr(err)
	}
	m, err := pos.ParseMoney(*amount)
	if err != nil {
		return usageErr(err)
	}
	if m <= 0 {
		return usageErr(pos.Errorf("terminal.amount_invalid", m.Decimal()))
	}
	cfg := def
	cfg.Protocol, cfg.Port, cfg.Baud, cfg.Till, cfg.ShortAnswer = p, *port, *baud, *till, *short
	cfg.Step, cfg.CustomerWait = concert.Duration(*step), concert.Duration(*wait)
	if err := cfg.Validate(); err != nil {
		return usageErr(err)
	}
	term, closer, err := concert.Open(cfg)
	if err != nil {
		fmt.Fprintln(stdout, "failed")
		return fail("terminal test", err)
	}
	defer closer.Close()
	if *trace {
		tr := func(dir, what string) { fmt.Fprintf(os.Stderr, "  %s %s\n", dir, what) }
		switch t := term.(type) {
		case *concert.Serial:
			t.Trace = tr
		case *concert.CaisseAPIP:
			t.Trace = tr
		}
	}
	req := concert.Request{Amount: m, Kind: concert.Debit}
	if *refund {
		req.Kind = concert.Refund
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Fprintf(os.Stderr, "%s %s on %s (%s): present the card on the terminal; Ctrl-C cancels\n",
		req.Kind, m.Format(cliLang()), cfg.Port, cfg.Protocol)
	r, err := term.Pay(ctx, req)
	if err != nil {
		fmt.Fprintln(stdout, map[bool]string{true: "ambiguous", false: "failed"}[errors.Is(err, concert.ErrAmbiguous)])
		return fail("terminal test", err)
	}
	switch r.Outcome {
	case concert.Approved:
		var parts []string
		for _, kv := range [][2]string{{"card", r.CardMasked}, {"brand", r.Brand}, {"auth", r.AuthCode}, {"entry", r.EntryMode}, {"ref", r.Reference}} {
			if kv[1] != "" {
				parts = append(parts, kv[0]+" "+kv[1])
			}
		}
		fmt.Fprintln(stdout, strings.TrimSpace("approved "+strings.Join(parts, " ")))
		return exitOK
	case concert.Refused:
		if r.Reason != "" && r.Reason != "refused" {
			fmt.Fprintf(stdout, "refused (%s)\n", r.Reason)
		} else {
			fmt.Fprintln(stdout, "refused")
		}
	default:
		fmt.Fprintln(stdout, string(r.Outcome))
	}
	fmt.Fprintf(os.Stderr, "terminal test: %s\n", i18n.T(cliLang(), r.Outcome.Key()))
	return exitFail
}

// terminalDefaults sets the flags not given from the till's saved
// terminal setting, if it has one.
func terminalDefaults(s *store.Store, fs *flag.FlagSet, port, proto *string, baud *int, till *string) {
	cfg, ok, err := concert.LoadConfig(s)
	if err != nil || !ok {
		return
	}
	g := given(fs)
	*port = cfg.Port
	if !g["protocol"] && cfg.Protocol != "" {
		*proto = string(cfg.Protocol)
	}
	if !g["baud"] && cfg.Baud > 0 {
		*baud = cfg.Baud
	}
	if !g["till"] && cfg.Till != "" {
		*till = cfg.Till
	}
}

func runSimTerminal(args []string) int {
	usage := `hanout sim terminal [--link PATH] [--protocol ` + protocolNames() + `]
                    [--refuse] [--unverified] [--no-answer] [--bad-lrc N] [--nak N]
                    [--cut-after-ack] [--hang-after-ack] [--drop-ack] [--delay D] [--card NUMBER]
                    [--listen HOST:PORT]

Opens a pseudo-terminal and plays a card payment terminal on it: prints its
path (or links PATH to it), prints every frame it receives in hex and
decoded, and answers as told: approved by default, with the masked card
513100******1234, authorisation code 123456 and entry mode contactless.
With --listen it serves Caisse-AP over TCP instead. Ctrl-C stops it.`
	fs := flag.NewFlagSet("sim terminal", flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	unusedData(fs)
	link := fs.String("link", "", "make this symlink point at the terminal's port")
	proto := fs.String("protocol", string(concert.ConcertEPlus), "protocol: "+protocolNames())
	o := termsim.Options{}
	fs.BoolVar(&o.Refuse, "refuse", false, "refuse every transaction")
	fs.BoolVar(&o.Unverified, "unverified", false, "answer Concert status 9 (handled, not verified)")
	fs.BoolVar(&o.NoAnswer, "no-answer", false, "never answer: a terminal switched off")
	fs.IntVar(&o.BadLRC, "bad-lrc", 0, "corrupt the LRC of the first N answer frames")
	fs.IntVar(&o.NAK, "nak", 0, "NAK the first N request frames")
	fs.BoolVar(&o.CutAfterAck, "cut-after-ack", false, "take the request, then cut the link and exit")
	fs.BoolVar(&o.HangAfterAck, "hang-after-ack", false, "take the request, then never answer")
	fs.BoolVar(&o.DropAck, "drop-ack", false, "take the request and go ahead, but lose its ACK: the till must ask for the slip")
	fs.StringVar(&o.Card, "card", "513100******1234", "card number to answer with")
	delay := fs.Duration("delay", 0, "time the customer takes at the keypad")
	listen := fs.String("listen", "", "serve Caisse-AP over TCP on HOST:PORT instead of a pseudo-terminal")
	fs.Usage = func() { showUsage(os.Stderr, fs, usage) }
	if code := parse(fs, args, 0); code >= 0 {
		return code
	}
	p, err := concert.ParseProtocol(*proto)
	if err != nil {
		fmt.Fprintf(os.Stderr, "sim terminal: %s\n", i18n.Error(cliLang(), err))
		return exitUsage
	}
	o.Protocol = p
	o.Log = stdout
	if *delay > 0 {
		d := *delay
		o.Customer = func(ctx context.Context) {
			select {
			case <-time.After(d):
			case <-ctx.Done():
			}
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if *listen != "" {
		ln, err := net.Listen("tcp", *listen)
		if err != nil {
			return fail("sim terminal", err)
		}
		fmt.Fprintf(stdout, "terminal simulator (caisse-ap over TCP) on tcp://%s (pid %d)\n", ln.Addr(), os.Getpid())
		if err := termsim.ServeTCP(ctx, ln, o); err != nil && ctx.Err() == nil {
			return fail("sim terminal", err)
		}
		return exitOK
	}

	pair, err := pty.Open()
	if err != nil {
		return fail("sim terminal", err)
	}
	defer pair.Close()
	where := pair.SlavePath
	if *link != "" {
		if err := pair.Link(*link); err != nil {
			return fail("sim terminal", err)
		}
		defer os.Remove(*link)
		where = *link + " -> " + pair.SlavePath
	}
	fmt.Fprintf(stdout, "terminal simulator (%s) on %s (pid %d)\n", p, where, os.Getpid())
	// The master of a pty is in blocking mode: closing the pair is what
	// ends the simulator's read when Ctrl-C comes.
	context.AfterFunc(ctx, func() { pair.Close() })
	err = termsim.Serve(ctx, pair.Master, o)
	switch {
	case errors.Is(err, termsim.ErrCut):
		fmt.Fprintln(stdout, "link cut after the request was acknowledged; exiting")
		return exitOK
	case ctx.Err() != nil:
		return exitOK
	default:
		return fail("sim terminal", err)
	}
}

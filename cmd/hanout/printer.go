package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"hanout/drivers/escpos"
	"hanout/drivers/printersim"
	"hanout/drivers/printq"
	"hanout/drivers/pty"
	"hanout/drivers/serialport"
	"hanout/pos"
	"hanout/pos/i18n"
	"hanout/pos/receipt"
	"hanout/pos/store"
)

func init() {
	register(command{name: "printer", summary: "list serial ports, print a test page", run: runPrinter})
	register(command{name: "receipt", summary: "print or show a receipt from the store", run: runReceipt})
	registerSim(command{name: "printer", summary: "an ESC/POS receipt printer that draws PNGs", run: runSimPrinter})
}

func runPrinter(args []string) int {
	usage := "hanout printer ports | hanout printer test [--port PORT] [--baud B] [--profile NAME] [--width 58|80] [--data DIR]\n\n" + say("command.printer_test.about")
	if len(args) == 0 || (args[0] != "ports" && args[0] != "test") {
		fmt.Fprintln(os.Stderr, usageLine(usage))
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return exitOK
		}
		return exitUsage
	}
	if args[0] == "ports" {
		fs := flag.NewFlagSet("printer ports", flag.ContinueOnError)
		unusedData(fs)
		fs.Usage = func() { showUsage(os.Stderr, fs, usage) }
		if code := parse(fs, args[1:], 0); code >= 0 {
			return code
		}
		for _, p := range serialport.List() {
			fmt.Fprintln(stdout, p)
		}
		return exitOK
	}
	fs, data := newFlags("printer test", usage)
	lf := linkFlags(fs)
	if code := parse(fs, args[1:], 0); code >= 0 {
		return code
	}
	if !given(fs)["port"] {
		if err := tillSettings(*data, func(s *store.Store) { lf.defaultsFrom(s, fs) }); err != nil {
			return fail("printer test", err)
		}
	}
	if lf.port == "" {
		fmt.Fprintln(os.Stderr, "printer test: "+say("command.printer_port_required"))
		fs.Usage()
		return exitUsage
	}
	prof, err := lf.profile()
	if err != nil {
		return fail("printer test", err)
	}
	pr, err := lf.open()
	if err != nil {
		return fail("printer test", err)
	}
	defer pr.Close()
	if _, perr := printq.Check(context.Background(), pr); perr != nil {
		return fail("printer test", perr)
	}
	b, err := testPage(prof)
	if err != nil {
		return fail("printer test", err)
	}
	if _, err := pr.Write(b); err != nil {
		return fail("printer test", printq.LinkError(err))
	}
	if _, perr := printq.Check(context.Background(), pr); perr != nil {
		return fail("printer test", perr)
	}
	fmt.Fprintf(stdout, "%s (%d bytes, %.1f s at %d baud)\n", i18n.T(cliLang(), "printer.test_ok"), len(b), float64(len(b)*10)/float64(lf.baud), lf.baud)
	return exitOK
}

// testPage is the page "printer test" prints: the code page, an Arabic
// line as an image, a QR code, a cut.
func testPage(p escpos.Profile) ([]byte, error) {
	l := cliLang()
	e := escpos.NewEncoder(p).Init()
	e.Align(escpos.Center).Bold(true).Size(2, 2).Line(i18n.T(pos.FR, "printer.test_title")).Size(1, 1).Bold(false)
	e.Line(fmt.Sprintf("%s  %d col, %d dots", p.Title, p.Columns, p.Dots))
	e.Align(escpos.Left).Line(i18n.T(pos.FR, "printer.test_codepage") + " àâçéèêëîïôûù €")
	tr, err := escpos.Arabic()
	if err != nil {
		return nil, pos.Wrap(err, "printer.font")
	}
	e.Raster(tr.Render(escpos.TextLine{Center: i18n.T(pos.AR, "printer.test_title") + " — مرحبا بكم", RTL: true}, p.Dots).Trim(2))
	e.Align(escpos.Center).QR("https://hanout.ma/test?lang="+string(l), 6, escpos.QRLevelM).Raw(escpos.LF).Align(escpos.Left)
	e.Feed(3).Cut()
	return e.Bytes(), nil
}

// linkOptions are the flags that pick a printer.
type linkOptions struct {
	port, profileName string
	baud, width       int
}

func linkFlags(fs *flag.FlagSet) *linkOptions {
	o := &linkOptions{}
	fs.StringVar(&o.port, "port", "", "serial port (/dev/ttyUSB0, COM3), USB printer (/dev/usb/lp0) or host:9100")
	fs.IntVar(&o.baud, "baud", 9600, "serial speed")
	fs.StringVar(&o.profileName, "profile", escpos.Default, "printer model: "+strings.Join(escpos.Profiles(), ", "))
	fs.IntVar(&o.width, "width", 0, "paper width in mm: 58 or 80 (default: the model's)")
	return o
}

func (o *linkOptions) profile() (escpos.Profile, error) {
	if o.width != 0 && o.width != 58 && o.width != 80 {
		return escpos.Profile{}, pos.Errorf("printer.bad_width", o.width)
	}
	p, err := escpos.LookupProfile(o.profileName, o.width)
	if err != nil {
		return p, pos.Wrap(err, "printer.unknown_profile", o.profileName)
	}
	return p, nil
}

func (o *linkOptions) connect() (io.ReadWriteCloser, error) {
	if o.port == "" {
		return nil, pos.Errorf("printer.not_configured")
	}
	var (
		link io.ReadWriteCloser
		err  error
	)
	if !serialport.IsCOM(o.port) && (strings.HasPrefix(o.port, "/dev/usb/") || strings.HasPrefix(o.port, "/dev/lp") || (!strings.HasPrefix(o.port, "/") && strings.Contains(o.port, ":"))) {
		link, err = serialport.Dial(o.port)
	} else {
		link, err = serialport.Open(serialport.Config{Name: o.port, Baud: o.baud, ReadTimeout: 200 * time.Millisecond})
	}
	if err != nil {
		return nil, printq.LinkError(err)
	}
	return link, nil
}

func (o *linkOptions) open() (*escpos.Printer, error) {
	link, err := o.connect()
	if err != nil {
		return nil, err
	}
	return escpos.NewPrinter(link, escpos.Options{}), nil
}

// runReceipt: "receipt print N" sends a stored receipt to a printer (or,
// without --port, shows it as text).
func runReceipt(args []string) int {
	usage := "hanout receipt print RECEIPT [--port PORT] [--baud B] [--profile NAME] [--width 58|80] [--lang fr|ar|en] [--copy] [--text] [--data DIR]\n       " + receiptLinkUsage + "\n\n" + say("command.receipt_print.about")
	if len(args) > 0 && args[0] == "link" {
		return runReceiptLink(args[1:])
	}
	if len(args) == 0 || args[0] != "print" {
		fmt.Fprintln(os.Stderr, usageLine(usage))
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return exitOK
		}
		return exitUsage
	}
	fs, data := newFlags("receipt print", usage)
	lf := linkFlags(fs)
	lang := fs.String("lang", "", "language of the receipt (default: the shop's)")
	dup := fs.Bool("copy", false, "mark as a duplicate")
	asText := fs.Bool("text", false, "show the receipt as text instead of printing it")
	// Flags may follow the receipt number.
	rest := args[1:]
	var num string
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		num, rest = rest[0], rest[1:]
	}
	if code := parse(fs, rest, -1); code >= 0 {
		return code
	}
	if num == "" && fs.NArg() == 1 {
		num = fs.Arg(0)
	}
	n, err := strconv.ParseUint(strings.TrimLeft(num, "0"), 10, 64)
	if err != nil || n == 0 {
		fs.Usage()
		return exitUsage
	}
	s, err := openStore(*data, false)
	if err != nil {
		return fail("receipt print", err)
	}
	defer s.Close()
	doc, err := s.ByReceipt(n)
	if err != nil {
		return fail("receipt print", err)
	}
	shop, _, err := s.Shop()
	if err != nil {
		return fail("receipt print", err)
	}
	if !*asText {
		lf.defaultsFrom(s, fs)
	}
	opt := receipt.Options{Reprint: *dup, Chain: s.Hash(doc.Seq)}
	if *lang != "" {
		opt.Lang = pos.ParseLang(*lang)
	}
	r, err := receipt.Build(doc, shop, opt)
	if err != nil {
		return fail("receipt print", err)
	}
	prof, err := lf.profile()
	if err != nil {
		return fail("receipt print", err)
	}
	if lf.port == "" || *asText {
		for _, l := range r.TextLines(prof.Columns) {
			fmt.Fprintln(stdout, l)
		}
		return exitOK
	}
	if err := lf.print(r, prof); err != nil {
		return fail("receipt print", err)
	}
	return exitOK
}

// defaultsFrom fills the link flags not given on the command line from the
// till's printer settings, so an accountant types only the receipt number.
func (o *linkOptions) defaultsFrom(st printq.SettingStore, fs *flag.FlagSet) {
	ps, err := printq.LoadSettings(st)
	if err != nil || !ps.Configured() {
		return
	}
	given := given(fs)
	if !given["port"] {
		o.port = ps.Port
	}
	if !given["baud"] && ps.Baud > 0 {
		o.baud = ps.Baud
	}
	if !given["profile"] && ps.Profile != "" {
		o.profileName = ps.Profile
	}
	if !given["width"] {
		o.width = ps.Width
	}
}

// print sends r to the printer: status check, receipt, status check.
func (o *linkOptions) print(r *receipt.Receipt, prof escpos.Profile) error {
	pr, err := o.open()
	if err != nil {
		return err
	}
	defer pr.Close()
	if _, perr := printq.Check(context.Background(), pr); perr != nil {
		return perr
	}
	b, err := escpos.EncodeReceipt(r, prof, false)
	if err != nil {
		return err
	}
	if _, err := pr.Write(b); err != nil {
		return printq.LinkError(err)
	}
	if _, perr := printq.Check(context.Background(), pr); perr != nil {
		return perr
	}
	return nil
}

func runSimPrinter(args []string) int {
	const usage = `hanout sim printer [--link PATH] [--paper-out] [--offline] [--baud N] [--width 58|80] [--out DIR]

Opens a pseudo-terminal and acts as an ESC/POS printer on it: prints its
path (or links PATH to it), decodes what arrives at the baud rate's wire
speed, answers DLE EOT status queries, prints each receipt's text on
stdout and writes DIR/receipt-NNN.png at every cut.

While it runs:
  kill -USR1 PID   toggles "paper out"
  kill -USR2 PID   toggles "cover open"
  kill -HUP PID    toggles "switched off" (no status answers)`
	fs := flag.NewFlagSet("sim printer", flag.ContinueOnError)
	unusedData(fs)
	link := fs.String("link", "", "make this symlink point at the printer's port")
	paperOut := fs.Bool("paper-out", false, "start with no paper")
	offline := fs.Bool("offline", false, "start offline")
	baud := fs.Int("baud", 9600, "wire speed to simulate (0: as fast as possible)")
	width := fs.Int("width", 80, "paper width in mm: 58 or 80")
	out := fs.String("out", ".", "folder for the receipt PNGs (empty: none)")
	fs.Usage = func() { showUsage(os.Stderr, fs, usage) }
	if code := parse(fs, args, 0); code >= 0 {
		return code
	}
	if *width != 58 && *width != 80 || *baud < 0 {
		fmt.Fprintln(os.Stderr, "sim printer: --width is 58 or 80, --baud is 0 or a positive speed")
		return exitUsage
	}
	p, err := pty.Open()
	if err != nil {
		return fail("sim printer", err)
	}
	defer p.Close()
	where := p.SlavePath
	if *link != "" {
		if err := p.Link(*link); err != nil {
			return fail("sim printer", err)
		}
		defer os.Remove(*link)
		where = *link + " -> " + p.SlavePath
	}
	if *out != "" {
		if err := os.MkdirAll(*out, 0o755); err != nil {
			return fail("sim printer", err)
		}
	}
	dots := 576
	if *width == 58 {
		dots = 384
	}
	sim := &printersim.Sim{Baud: *baud, Dots: dots, Dir: *out}
	sim.PaperOut.Store(*paperOut)
	sim.Offline.Store(*offline)
	sim.OnPage = func(pg *printersim.Page, png string) {
		wire := "unthrottled"
		if *baud > 0 {
			wire = fmt.Sprintf("%.2f s at %d baud", float64(pg.Bytes*10)/float64(*baud), *baud)
		}
		fmt.Fprintf(stdout, "----- receipt %d: %d bytes, %s, %d drawer pulse(s) %s\n%s", sim.Pages(), pg.Bytes, wire, pg.Drawers, png, pg.Text())
	}
	fmt.Fprintf(stdout, "printer simulator on %s (pid %d, %d baud, %d mm)\n", where, os.Getpid(), *baud, *width)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, sigPaperOut, sigCoverOpen, syscall.SIGHUP)
	go func() {
		for s := range sigs {
			var flag *bool
			var name string
			switch s {
			case sigPaperOut:
				v := !sim.PaperOut.Load()
				sim.PaperOut.Store(v)
				flag, name = &v, "paper out"
			case sigCoverOpen:
				v := !sim.CoverOpen.Load()
				sim.CoverOpen.Store(v)
				flag, name = &v, "cover open"
			case syscall.SIGHUP:
				v := !sim.Silent.Load()
				sim.Silent.Store(v)
				flag, name = &v, "switched off"
			}
			fmt.Fprintf(stdout, "[%s: %v]\n", name, *flag)
			sim.Poke()
		}
	}()
	if err := sim.Serve(ctx, p.Master); err != nil {
		return fail("sim printer", err)
	}
	return exitOK
}

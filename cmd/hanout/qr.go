package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"hanout/pos"
	"hanout/pos/emvco"
	"hanout/pos/i18n"
	"hanout/pos/qr"
)

// The QR commands: installers check a merchant configuration with
// "hanout qr", support staff read a customer's code with "hanout qr decode".

func init() {
	register(command{name: "qr", summary: "print a dynamic payment QR code, or decode one (qr decode PAYLOAD)", run: runQR})
}

func runQR(args []string) int { return qrMain(args, os.Stdout, os.Stderr) }

// qrMain is runQR with its outputs given, for tests.
func qrMain(args []string, out, errOut io.Writer) int {
	if len(args) > 0 && args[0] == "decode" {
		return qrDecode(args[1:], out, errOut)
	}
	fs := flag.NewFlagSet("hanout qr", flag.ContinueOnError)
	fs.SetOutput(errOut)
	amount := fs.String("amount", "", "amount in dirhams, e.g. 120.00 (required)")
	ref := fs.String("ref", "", "payment reference, at most 25 characters (default: made from the terminal label and the time)")
	pngFile := fs.String("png", "", "also write the code as a PNG image to this file")
	size := fs.Int("size", 512, "side of the PNG image in pixels")
	config := fs.String("config", "", "merchant QR configuration file (default: DIR/merchant.json of --data)")
	data := fs.String("data", defaultDataDir(), "data folder of the till")
	receipt := fs.Uint64("receipt", 0, "receipt number for 62/01 (0 leaves it out)")
	terminal := fs.String("terminal", "", "terminal label for 62/07 (empty leaves it out)")
	fs.Usage = func() {
		w := fs.Output()
		showUsage(w, fs, "hanout qr --amount 120.00 [--ref REF] [--png FILE] [--config FILE] [--data DIR] [--receipt N] [--terminal LABEL]\n       hanout qr decode PAYLOAD",
			say("usage.qr.about"))
		fmt.Fprintln(w, "\n"+say("usage.exit_status"))
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(errOut, "hanout qr: "+say("command.unexpected_argument", fs.Arg(0)))
		fs.Usage()
		return exitUsage
	}
	if *amount == "" {
		fmt.Fprintln(errOut, "hanout qr: "+say("command.flag_required", "--amount"))
		fs.Usage()
		return exitUsage
	}
	m, err := pos.ParseMoney(*amount)
	if err != nil {
		qrFail(errOut, "hanout qr", err)
		return exitUsage
	}
	if m <= 0 || m > qr.MaxAmount {
		qrFail(errOut, "hanout qr", pos.Errorf("qr.amount_invalid", *amount))
		return exitUsage
	}

	merchant, err := qrMerchant(*config, *data, errOut)
	if err != nil {
		return qrFail(errOut, "hanout qr", err)
	}
	r := *ref
	if r == "" {
		r = qr.Reference(*terminal, uint64(time.Now().UnixMilli()))
	}
	payload, err := qr.Dynamic(merchant, m, r, *receipt, *terminal)
	if err != nil {
		return qrFail(errOut, "hanout qr", err)
	}
	if *pngFile != "" {
		b, err := qr.PNG(payload, *size)
		if err != nil {
			return qrFail(errOut, "hanout qr", err)
		}
		if err := os.WriteFile(*pngFile, b, 0o644); err != nil {
			return qrFail(errOut, "hanout qr", pos.Wrap(err, "qr.cli_png_write", *pngFile))
		}
	}
	fmt.Fprintln(out, payload)
	return exitOK
}

// qrMerchant loads the merchant configuration: the file given, else
// merchant.json in the data folder, else (that file being absent) the demo
// merchant with a note on errOut. A file that exists but is wrong is an
// error, never a silent fall back to the demo.
func qrMerchant(config, data string, errOut io.Writer) (qr.Merchant, error) {
	if config != "" {
		return qr.LoadMerchant(config)
	}
	path := filepath.Join(data, "merchant.json")
	m, err := qr.LoadMerchant(path)
	if pos.KeyOf(err) == "qr.config_missing" {
		fmt.Fprintf(errOut, "hanout qr: %s\n", i18n.T(cliLang(), "qr.cli_demo", path))
		return qr.DemoMerchant(), nil
	}
	return m, err
}

// qrDecode prints each object of a payload, nested objects indented, and
// fails with the reason when the payload breaks a rule. Words split by the
// shell (an unquoted "BEST TRANSPORT") are joined back with one space; the
// CRC tells whether that guess was right.
func qrDecode(args []string, out, errOut io.Writer) int {
	fs := flag.NewFlagSet("hanout qr decode", flag.ContinueOnError)
	fs.SetOutput(errOut)
	unusedData(fs)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), usageLine("hanout qr decode PAYLOAD")+"\n\n"+say("usage.qr_decode.about"))
	}
	// Options may come after the payload like every command's; the words
	// left are the payload, joined again, as a pasted one may hold a
	// merchant name's spaces without quotes.
	if code := parse(fs, args, -1); code >= 0 {
		return code
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return exitUsage
	}
	s := strings.TrimRight(strings.Join(fs.Args(), " "), "\r\n")
	p, err := emvco.Decode(s)
	for _, o := range p.Objects {
		qrPrintObject(out, "", o)
	}
	if err != nil {
		return qrFail(errOut, "hanout qr decode", err)
	}
	return exitOK
}

func qrPrintObject(w io.Writer, parent string, o emvco.Object) {
	indent := ""
	if parent != "" {
		indent = "    "
	}
	name := emvco.Name(parent, o.ID)
	if name == "" {
		name = "?"
	}
	if len(o.Children) > 0 {
		fmt.Fprintf(w, "%s%s  %s\n", indent, o.ID, name)
		for _, c := range o.Children {
			qrPrintObject(w, o.ID, c)
		}
		return
	}
	fmt.Fprintf(w, "%s%s  %-*s  %s\n", indent, o.ID, 40-len(indent), name, o.Value)
}

// qrFail prints err for a person: the translated message of every
// *pos.Error in its chain, outermost first, then any technical cause.
func qrFail(w io.Writer, prog string, err error) int {
	lang := cliLang()
	var parts []string
	for e := err; e != nil; e = errors.Unwrap(e) {
		pe, ok := e.(*pos.Error)
		if !ok {
			if len(parts) == 0 {
				parts = append(parts, i18n.Error(lang, e))
			}
			parts = append(parts, "("+e.Error()+")")
			break
		}
		parts = append(parts, i18n.T(lang, pe.Key, pe.Args...))
	}
	fmt.Fprintf(w, "%s: %s\n", prog, strings.Join(parts, "\n  "))
	return exitFail
}

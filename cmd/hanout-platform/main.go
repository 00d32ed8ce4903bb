// Command hanout-platform is the national platform the tills sync with:
// a server (serve) and admin commands that work on a stopped server's data
// folder.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"hanout/pos"
	"hanout/pos/export"
	"hanout/pos/i18n"
	"hanout/sync/platform"
	"hanout/sync/platform/boltstore"
	"hanout/sync/platform/pgstore"
	"hanout/sync/wire"
)

const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

// Files beside the database in the data folder, created by serve on first
// start with mode 0600.
const (
	adminTokenFile     = "admin.token"     // the dashboard password
	acquirerSecretFile = "acquirer.secret" // the acquirer's HMAC key
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func usage(w io.Writer) {
	fmt.Fprint(w, `Usage: hanout-platform COMMAND [arguments]

  serve STORE --addr HOST:PORT [--tls-cert F --tls-key F]
  migrate --db URL                                  applies the database's pending migrations
  merchant add STORE [--acquirer-id ACCOUNT] [--city CITY] [--category CRAFT] NAME   prints the merchant id
  merchant place STORE --merchant ID --city CITY --category CRAFT   its region and craft
  user add STORE --merchant ID --name NAME --email E [--role manager|accountant]
                                                    a web user; reads the password on standard input
  merchant acquirer STORE --merchant ID ACCOUNT     sets the acquirer's merchant account id
  terminal add STORE --merchant ID --name NAME      prints a one-time enrollment code
  terminal list STORE --merchant ID                 id, name, last contact, backlog, state
  terminal revoke STORE TERMINAL_ID                 its token is refused from now on
  terminal reenroll STORE TERMINAL_ID               revokes it, prints a code for a replacement till
  sales export STORE --merchant ID [--terminal NAME|ID] [--format csv|json]
  product set STORE --merchant ID FILE.json         a central catalogue edit
  stock sell STORE --merchant ID --sku SKU [--qty N] [--ref REF]   an online sale
  pay REF --account ACCOUNT --amount A [--platform URL] [--secret S | STORE] [--status paid|refused]
  loadtest [--db URL] (--url URL[,URL...] | --servers N) --tills N --sales M [--batch B] [--inflight C]

STORE is either --data DIR, the embedded bbolt store in a folder, or
--db postgres://USER@HOST:PORT/DB (default: $HANOUT_DATABASE_URL), a
PostgreSQL database that several servers share.

With --data, admin commands (all but serve and pay) need the folder to
themselves: against a running server they refuse and say so. With --db
they work while servers run.
`)
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	two := func() string {
		if len(args) > 1 {
			return args[0] + " " + args[1]
		}
		return args[0]
	}
	switch {
	case args[0] == "serve":
		return serve(args[1:], stdout, stderr)
	case args[0] == "pay":
		return pay(args[1:], stdout, stderr)
	case args[0] == "migrate":
		return migrate(args[1:], stdout, stderr)
	case args[0] == "loadtest":
		return loadtest(args[1:], stdout, stderr)
	case two() == "merchant add":
		return merchantAdd(args[2:], stdout, stderr)
	case two() == "merchant place":
		return merchantPlace(args[2:], stdout, stderr)
	case two() == "user add":
		return userAdd(args[2:], stdout, stderr)
	case two() == "merchant acquirer":
		return merchantAcquirer(args[2:], stdout, stderr)
	case two() == "terminal add":
		return terminalAdd(args[2:], stdout, stderr)
	case two() == "terminal list":
		return terminalList(args[2:], stdout, stderr)
	case two() == "terminal revoke":
		return terminalRevoke(args[2:], stdout, stderr)
	case two() == "terminal reenroll":
		return terminalReenroll(args[2:], stdout, stderr)
	case two() == "sales export":
		return salesExport(args[2:], stdout, stderr)
	case two() == "product set":
		return productSet(args[2:], stdout, stderr)
	case two() == "stock sell":
		return stockSell(args[2:], stdout, stderr)
	case args[0] == "-h" || args[0] == "--help" || args[0] == "help",
		len(args) == 2 && (args[1] == "-h" || args[1] == "--help"):
		usage(stdout)
		return exitOK
	}
	fmt.Fprintf(stderr, "hanout-platform: unknown command %q\n\n", strings.Join(args, " "))
	usage(stderr)
	return exitUsage
}

// parse parses flags wherever they are among the arguments and returns
// the positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Options:")
		fs.PrintDefaults()
	}
	return fs
}

// usageExit is the exit code after a command printed its usage: 0 when
// the person asked for it with --help, 2 for a mistake.
func usageExit(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	return exitUsage
}

// store is where the platform's data lives: --data DIR (bbolt) or
// --db URL (PostgreSQL). Only merchant add and serve make a platform in a
// --data folder that has none (create); any other command there is a typo
// in --data, refused before it makes anything.
type store struct {
	data, db *string
	create   bool
}

func storeFlags(fs *flag.FlagSet) store {
	return store{
		data: fs.String("data", "", "data folder of the embedded bbolt store"),
		db:   fs.String("db", "", "PostgreSQL URL postgres://… (default $"+pgstore.EnvURL+")"),
	}
}

// url is the PostgreSQL URL, from --db or the environment when --data
// is not given.
func (l store) url() string {
	if *l.db != "" || *l.data != "" {
		return *l.db
	}
	return os.Getenv(pgstore.EnvURL)
}

// open opens the store for a command, refusing clearly when a server
// holds a data folder.
func (l store) open(stderr io.Writer) (platform.Storage, bool) {
	switch url := l.url(); {
	case url != "" && *l.data != "":
		fmt.Fprintln(stderr, "hanout-platform: give --data DIR or --db URL, not both")
		return nil, false
	case url != "":
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		st, err := pgstore.Open(ctx, url, pgstore.Options{})
		if err != nil {
			fmt.Fprintf(stderr, "hanout-platform: %v\n", err)
			return nil, false
		}
		return st, true
	case *l.data == "":
		fmt.Fprintln(stderr, "hanout-platform: --data DIR or --db URL is required (or set "+pgstore.EnvURL+")")
		return nil, false
	}
	if _, err := os.Stat(filepath.Join(*l.data, boltstore.FileName)); err != nil && !l.create {
		fmt.Fprintf(stderr, "hanout-platform: no platform in %s (no %s there): check --data; merchant add --data DIR makes a new one\n", *l.data, boltstore.FileName)
		return nil, false
	}
	st, err := boltstore.Open(*l.data, boltstore.Options{})
	if errors.Is(err, boltstore.ErrLocked) {
		fmt.Fprintf(stderr, "hanout-platform: the platform is running with this data folder (%s); stop it or use the running server's /v1 API and dashboard: admin commands need the folder to themselves (a --db PostgreSQL platform has no such limit)\n", *l.data)
		return nil, false
	}
	if err != nil {
		fmt.Fprintf(stderr, "hanout-platform: %v\n", err)
		return nil, false
	}
	return st, true
}

// withStore runs fn on the platform store, closes it, and turns fn's
// error into a message and the exit code.
func withStore(l store, stderr io.Writer, fn func(st platform.Storage) error) int {
	st, ok := l.open(stderr)
	if !ok {
		return exitFail
	}
	defer st.Close()
	if err := fn(st); err != nil {
		fmt.Fprintf(stderr, "hanout-platform: %s\n", inWords(err))
		return exitFail
	}
	return exitOK
}

// inWords is err's text with any translation key it carries (a refused
// product's "product.name_missing[X1]") put in words, in English like the
// rest of the admin commands' messages.
func inWords(err error) string {
	msg := err.Error()
	var pe *pos.Error
	if errors.As(err, &pe) {
		msg = strings.Replace(msg, pe.Error(), i18n.Error(pos.EN, pe), 1)
	}
	return msg
}

// secret returns the platform secret name: a file in the data folder, or
// a row of the database shared by every server. create makes it if
// missing.
func secret(st platform.Storage, l store, name string, create bool) (string, error) {
	if pg, ok := st.(*pgstore.Store); ok {
		if create {
			return pg.Secret(name, platform.NewSecret(32))
		}
		return pg.ReadSecret(name)
	}
	return secretFile(*l.data, name, create)
}

func secretFile(dir, name string, create bool) (string, error) {
	path := filepath.Join(dir, name)
	b, err := os.ReadFile(path)
	if err == nil {
		return strings.TrimSpace(string(b)), nil
	}
	if !errors.Is(err, os.ErrNotExist) || !create {
		return "", err
	}
	s := platform.NewSecret(32)
	if err := os.WriteFile(path, []byte(s+"\n"), 0o600); err != nil {
		return "", err
	}
	return s, nil
}

func serve(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", stderr)
	loc := storeFlags(fs)
	loc.create = true
	addr := fs.String("addr", "127.0.0.1:8080", "listen address HOST:PORT (port 0 picks one)")
	cert := fs.String("tls-cert", "", "TLS certificate (PEM)")
	key := fs.String("tls-key", "", "TLS key (PEM)")
	if _, err := parse(fs, args); err != nil {
		return usageExit(err)
	}
	if (*cert == "") != (*key == "") {
		fmt.Fprintln(stderr, "hanout-platform: --tls-cert and --tls-key go together")
		return exitUsage
	}
	serveGC()
	st, ok := loc.open(stderr)
	if !ok {
		return exitFail
	}
	defer st.Close()
	admin, err := secret(st, loc, adminTokenFile, true)
	if err != nil {
		fmt.Fprintf(stderr, "hanout-platform: admin token: %v\n", err)
		return exitFail
	}
	acq, err := secret(st, loc, acquirerSecretFile, true)
	if err != nil {
		fmt.Fprintf(stderr, "hanout-platform: acquirer secret: %v\n", err)
		return exitFail
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "hanout-platform: %v\n", err)
		return exitFail
	}
	logger := log.New(stderr, "", log.LstdFlags)
	srv := &http.Server{
		Handler:           (&platform.Server{Store: st, AcquirerSecret: []byte(acq), AdminToken: admin, Log: logger}).Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          logger,
	}
	scheme := "http"
	if *cert != "" {
		scheme = "https"
	}
	fmt.Fprintf(stdout, "serving on %s://%s\n", scheme, ln.Addr())
	if loc.url() != "" {
		fmt.Fprintf(stderr, "hanout-platform: dashboard password in the database: SELECT value FROM platform_secrets WHERE name = '%s'\n", adminTokenFile)
	} else {
		fmt.Fprintf(stderr, "hanout-platform: dashboard password in %s\n", filepath.Join(*loc.data, adminTokenFile))
	}
	done := make(chan error, 1)
	go func() {
		if *cert != "" {
			done <- srv.ServeTLS(ln, *cert, *key)
		} else {
			done <- srv.Serve(ln)
		}
	}()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	select {
	case err := <-done:
		fmt.Fprintf(stderr, "hanout-platform: %v\n", err)
		return exitFail
	case <-sig:
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv.Shutdown(ctx)
	return exitOK
}

func merchantAdd(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("merchant add", stderr)
	loc := storeFlags(fs)
	loc.create = true
	account := fs.String("acquirer-id", "", "the merchant account id the acquirer issued (its notices name the merchant by it)")
	city := fs.String("city", "", "the merchant's city (its region in the programme's figures)")
	category := fs.String("category", "", "the merchant's craft (pottery, carpets, …)")
	rest, err := parse(fs, args)
	if err != nil || len(rest) != 1 {
		fmt.Fprintln(stderr, "Usage: hanout-platform merchant add (--data DIR | --db URL) [--acquirer-id ACCOUNT] [--city CITY] [--category CRAFT] NAME")
		return usageExit(err)
	}
	if *account != "" && !platform.ValidAccount(*account) {
		fmt.Fprintf(stderr, "hanout-platform: --acquirer-id %q: 1 to 64 letters, digits, '.', '_' or '-'\n", *account)
		return exitUsage
	}
	return withStore(loc, stderr, func(st platform.Storage) error {
		if err := accountFree(st, *account); err != nil {
			return err
		}
		m, err := st.AddMerchant(rest[0])
		if err != nil {
			return err
		}
		if *account != "" {
			if err := st.SetAcquirer(m.ID, *account); err != nil {
				return fmt.Errorf("merchant %s added, but: %w", m.ID, err)
			}
		}
		if *city != "" || *category != "" {
			if err := st.SetPlace(m.ID, *city, *category); err != nil {
				return fmt.Errorf("merchant %s added, but: %w", m.ID, err)
			}
		}
		fmt.Fprintln(stdout, m.ID)
		return nil
	})
}

// accountFree refuses an acquirer account another merchant has, before
// merchant add makes a merchant it could not give it to (a retry would
// then make yet another).
func accountFree(st platform.Storage, account string) error {
	if account == "" {
		return nil
	}
	ms, err := st.Merchants()
	if err != nil {
		return err
	}
	for _, m := range ms {
		if m.Account == account {
			return fmt.Errorf("merchant account %q: merchant %s has it (%s); nothing was added", account, m.ID, m.Name)
		}
	}
	return nil
}

func merchantAcquirer(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("merchant acquirer", stderr)
	loc := storeFlags(fs)
	merchant := fs.String("merchant", "", "merchant id")
	rest, err := parse(fs, args)
	if err != nil || len(rest) != 1 || *merchant == "" {
		fmt.Fprintln(stderr, "Usage: hanout-platform merchant acquirer (--data DIR | --db URL) --merchant ID ACCOUNT")
		return usageExit(err)
	}
	return withStore(loc, stderr, func(st platform.Storage) error {
		return st.SetAcquirer(*merchant, rest[0])
	})
}

func terminalList(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("terminal list", stderr)
	loc := storeFlags(fs)
	merchant := fs.String("merchant", "", "merchant id")
	rest, err := parse(fs, args)
	if err != nil || len(rest) != 0 || *merchant == "" {
		fmt.Fprintln(stderr, "Usage: hanout-platform terminal list (--data DIR | --db URL) --merchant ID")
		return usageExit(err)
	}
	return withStore(loc, stderr, func(st platform.Storage) error {
		ts, err := st.Terminals(*merchant)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(w, "ID\tNAME\tLAST CONTACT\tBACKLOG\tLAST RECEIPT\tSTATE")
		for _, t := range ts {
			when := "never"
			if !t.LastContact.IsZero() {
				when = t.LastContact.UTC().Format("2006-01-02 15:04:05Z")
			}
			state := t.State()
			if state == platform.StateRevoked {
				state += " " + t.Revoked.UTC().Format("2006-01-02 15:04:05Z")
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%d\t%s\n", t.ID, t.Name, when, t.Backlog, t.LastReceipt, state)
		}
		return w.Flush()
	})
}

func terminalRevoke(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("terminal revoke", stderr)
	loc := storeFlags(fs)
	rest, err := parse(fs, args)
	if err != nil || len(rest) != 1 {
		fmt.Fprintln(stderr, "Usage: hanout-platform terminal revoke (--data DIR | --db URL) TERMINAL_ID")
		return usageExit(err)
	}
	return withStore(loc, stderr, func(st platform.Storage) error {
		t, err := st.RevokeTerminal(rest[0], time.Now())
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "revoked %s (%s): its token is refused from now on\n", t.ID, t.Name)
		return nil
	})
}

func terminalReenroll(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("terminal reenroll", stderr)
	loc := storeFlags(fs)
	rest, err := parse(fs, args)
	if err != nil || len(rest) != 1 {
		fmt.Fprintln(stderr, "Usage: hanout-platform terminal reenroll (--data DIR | --db URL) TERMINAL_ID")
		return usageExit(err)
	}
	return withStore(loc, stderr, func(st platform.Storage) error {
		_, code, err := st.Reenroll(rest[0], time.Now())
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, code)
		return nil
	})
}

func terminalAdd(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("terminal add", stderr)
	loc := storeFlags(fs)
	merchant := fs.String("merchant", "", "merchant id")
	name := fs.String("name", "", "terminal name")
	rest, err := parse(fs, args)
	if err != nil || len(rest) != 0 || *merchant == "" || *name == "" {
		fmt.Fprintln(stderr, "Usage: hanout-platform terminal add (--data DIR | --db URL) --merchant ID --name NAME")
		return usageExit(err)
	}
	return withStore(loc, stderr, func(st platform.Storage) error {
		_, code, err := st.AddTerminal(*merchant, *name)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, code)
		return nil
	})
}

func salesExport(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("sales export", stderr)
	loc := storeFlags(fs)
	merchant := fs.String("merchant", "", "merchant id")
	format := fs.String("format", "csv", "csv or json")
	terminal := fs.String("terminal", "", "only this terminal's documents (its name or id)")
	rest, err := parse(fs, args)
	if err != nil || len(rest) != 0 || *merchant == "" || (*format != "csv" && *format != "json") {
		fmt.Fprintln(stderr, "Usage: hanout-platform sales export (--data DIR | --db URL) --merchant ID [--terminal NAME|ID] [--format csv|json]")
		return usageExit(err)
	}
	return withStore(loc, stderr, func(st platform.Storage) error {
		rows, err := st.Export(*merchant)
		if err == nil && *terminal != "" {
			rows, err = terminalRows(st, *merchant, *terminal, rows)
		}
		if err != nil {
			return err
		}
		return export.Write(stdout, *format, rows)
	})
}

func productSet(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("product set", stderr)
	loc := storeFlags(fs)
	merchant := fs.String("merchant", "", "merchant id")
	rest, err := parse(fs, args)
	if err != nil || len(rest) != 1 || *merchant == "" {
		fmt.Fprintln(stderr, "Usage: hanout-platform product set (--data DIR | --db URL) --merchant ID FILE.json")
		return usageExit(err)
	}
	raw, err := os.ReadFile(rest[0])
	var p pos.Product
	if err == nil {
		err = json.Unmarshal(raw, &p)
	}
	if err != nil {
		fmt.Fprintf(stderr, "hanout-platform: %s: %v\n", rest[0], err)
		return exitFail
	}
	return withStore(loc, stderr, func(st platform.Storage) error {
		rev, err := st.SetProduct(*merchant, p, time.Now())
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, rev)
		return nil
	})
}

func stockSell(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("stock sell", stderr)
	loc := storeFlags(fs)
	merchant := fs.String("merchant", "", "merchant id")
	sku := fs.String("sku", "", "product SKU")
	qty := fs.Int64("qty", 1, "quantity sold online")
	ref := fs.String("ref", "", "the online order's reference")
	rest, err := parse(fs, args)
	if err != nil || len(rest) != 0 || *merchant == "" || *sku == "" || *qty <= 0 {
		fmt.Fprintln(stderr, "Usage: hanout-platform stock sell (--data DIR | --db URL) --merchant ID --sku SKU [--qty N] [--ref REF]")
		return usageExit(err)
	}
	return withStore(loc, stderr, func(st platform.Storage) error {
		over, err := st.OnlineSale(*merchant, *sku, *qty, *ref, time.Now())
		if err != nil {
			return err
		}
		for _, o := range over {
			fmt.Fprintf(stdout, "OVERSOLD %s (%s): stock %d, sold by %s\n", o.Name, o.SKU, o.Stock, strings.Join(o.Sales, ", "))
		}
		return nil
	})
}

func pay(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("pay", stderr)
	account := fs.String("account", "", "the merchant account id the acquirer issued the merchant")
	amount := fs.String("amount", "", "amount paid, e.g. 120.00")
	url := fs.String("platform", "http://127.0.0.1:8080", "platform address")
	secretFlag := fs.String("secret", "", "acquirer HMAC secret (default: read from --data or --db)")
	loc := storeFlags(fs)
	status := fs.String("status", wire.PaymentPaid, "paid or refused")
	rest, err := parse(fs, args)
	if err != nil || len(rest) != 1 || *amount == "" || *account == "" {
		fmt.Fprintln(stderr, "Usage: hanout-platform pay REF --account ACCOUNT --amount A [--platform URL] [--secret S | --data DIR | --db URL] [--status paid|refused]")
		return usageExit(err)
	}
	m, err := pos.ParseMoney(*amount)
	if err != nil || m <= 0 {
		fmt.Fprintf(stderr, "hanout-platform: bad amount %q\n", *amount)
		return exitUsage
	}
	key := *secretFlag
	if key == "" && *loc.data != "" && *loc.db == "" {
		// The file, not the store: a running server holds the store.
		if key, err = secretFile(*loc.data, acquirerSecretFile, false); errors.Is(err, os.ErrNotExist) {
			fmt.Fprintf(stderr, "hanout-platform: no acquirer secret in %s: serve makes it when it first starts there (or give --secret)\n", *loc.data)
			return exitFail
		} else if err != nil {
			fmt.Fprintf(stderr, "hanout-platform: %v\n", err)
			return exitFail
		}
	}
	if key == "" && loc.url() != "" {
		if code := withStore(loc, stderr, func(st platform.Storage) (err error) {
			key, err = secret(st, loc, acquirerSecretFile, false)
			return err
		}); code != exitOK {
			return code
		}
	}
	if key == "" {
		fmt.Fprintln(stderr, "hanout-platform: give --secret, --data DIR or --db URL")
		return exitUsage
	}
	body, _ := json.Marshal(wire.Notice{V: wire.Version, Account: *account, Ref: rest[0], Amount: m, Status: *status, Time: time.Now().UTC()})
	req, err := http.NewRequest(http.MethodPost, strings.TrimRight(*url, "/")+"/v1/acquirer/notify", bytes.NewReader(body))
	if err != nil {
		fmt.Fprintf(stderr, "hanout-platform: %v\n", err)
		return exitUsage
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(wire.HeaderSignature, wire.Sign([]byte(key), body))
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		fmt.Fprintf(stderr, "hanout-platform: %v\n", err)
		return exitFail
	}
	defer resp.Body.Close()
	out, _ := wire.ReadBody(resp.Body, resp.Header.Get("Content-Encoding"))
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintf(stderr, "hanout-platform: HTTP %d: %s\n", resp.StatusCode, strings.TrimSpace(string(out)))
		return exitFail
	}
	var p wire.PaymentResponse
	json.Unmarshal(out, &p)
	fmt.Fprintf(stdout, "%s %s %s\n", p.Ref, p.State, p.Amount.Decimal())
	return exitOK
}

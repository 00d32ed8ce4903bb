package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"hanout/pos"
	"hanout/pos/store"
)

// hanout accounts: the credit notebook from the command line. Balances
// are summed from the documents on every call, never stored.

func init() {
	register(command{name: "accounts", summary: "list customers' balances, print a statement, add or edit a customer", run: runAccounts})
}

const accountsUsage = "hanout accounts list [--format csv] | hanout accounts statement CUSTOMER [--format csv] | " +
	"hanout accounts add --name NAME [--name-ar NAME] [--phone PHONE] [--limit DH] [--note TEXT] | " +
	"hanout accounts edit CUSTOMER [--name NAME] [--name-ar NAME] [--phone PHONE] [--limit DH] [--note TEXT]"

func runAccounts(args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, usageLine(accountsUsage))
		return exitUsage
	}
	switch args[0] {
	case "list":
		return accountsList(args[1:])
	case "statement":
		return accountsStatement(args[1:])
	case "add":
		return accountsEdit("accounts add", args[1:], false)
	case "edit":
		return accountsEdit("accounts edit", args[1:], true)
	case "-h", "--help", "help":
		fmt.Fprintln(os.Stdout, usageLine(accountsUsage))
		return exitOK
	}
	fmt.Fprintln(os.Stderr, usageLine(accountsUsage))
	return exitUsage
}

func formatFlag(fs *flag.FlagSet) *string { return fs.String("format", "text", "text or csv") }

func checkFormat(prog, f string) bool {
	if f != "text" && f != "csv" {
		fail(prog, pos.Errorf("command.format_text_csv", f))
		return false
	}
	return true
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func accountsList(args []string) int {
	fs, data := newFlags("accounts list", "hanout accounts list [--format text|csv] [--data DIR]")
	format := formatFlag(fs)
	if code := parse(fs, args, 0); code >= 0 {
		return code
	}
	if !checkFormat("accounts list", *format) {
		return exitUsage
	}
	s, err := openStore(*data, false)
	if err != nil {
		return fail("accounts list", err)
	}
	defer s.Close()
	as, err := s.Accounts()
	if err != nil {
		return fail("accounts list", err)
	}
	if *format == "csv" {
		cw := csv.NewWriter(stdout)
		cw.Write([]string{"customer", "name", "limit", "balance", "last"})
		for _, a := range as {
			cw.Write([]string{a.Customer.ID, cellSafe(a.Customer.DisplayName(pos.FR)), a.Customer.Limit.Decimal(), a.Balance.Decimal(), stamp(a.Last)})
		}
		cw.Flush()
		return exitOK
	}
	l := cliLang()
	var total pos.Money
	for _, a := range as {
		last := ""
		if !a.Last.IsZero() {
			last = a.Last.In(time.Local).Format("2006-01-02")
		}
		fmt.Fprintf(stdout, "%-12s %-28s %14s / %-14s %s\n", a.Customer.ID, a.Customer.DisplayName(l), a.Balance.Format(l), a.Customer.Limit.Format(l), last)
		total += a.Balance
	}
	fmt.Fprintln(stdout, say("command.label", say("accounts.total_owed"), total.Format(l)))
	return exitOK
}

func accountsStatement(args []string) int {
	fs, data := newFlags("accounts statement", "hanout accounts statement CUSTOMER [--format text|csv] [--data DIR]")
	format := formatFlag(fs)
	if code := parse(fs, args, 1); code >= 0 {
		return code
	}
	if !checkFormat("accounts statement", *format) {
		return exitUsage
	}
	s, err := openStore(*data, false)
	if err != nil {
		return fail("accounts statement", err)
	}
	defer s.Close()
	c, ok := findCustomer(s, "accounts statement", fs.Arg(0))
	if !ok {
		return exitFail
	}
	lines, err := s.Statement(c.ID)
	if err != nil {
		return fail("accounts statement", err)
	}
	if *format == "csv" {
		cw := csv.NewWriter(stdout)
		cw.Write([]string{"time", "receipt", "kind", "amount", "balance"})
		for _, ln := range lines {
			cw.Write([]string{stamp(ln.Time), strconv.FormatUint(ln.Receipt, 10), string(ln.Kind), ln.Amount.Decimal(), ln.Balance.Decimal()})
		}
		cw.Flush()
		return exitOK
	}
	l := cliLang()
	fmt.Fprintf(stdout, "%s (%s) · %s %s\n", c.DisplayName(l), c.ID, say("accounts.limit"), c.Limit.Format(l))
	for _, ln := range lines {
		fmt.Fprintf(stdout, "%s  #%-6d %-16s %14s %14s\n", ln.Time.In(time.Local).Format("2006-01-02 15:04"), ln.Receipt, say("accounts.kind."+string(ln.Kind)), ln.Amount.Format(l), ln.Balance.Format(l))
	}
	var bal pos.Money
	if len(lines) > 0 {
		bal = lines[len(lines)-1].Balance
	}
	fmt.Fprintln(stdout, say("command.label", say("accounts.balance"), bal.Format(l)))
	return exitOK
}

// accountsEdit adds a customer, or changes the fields given of one.
func accountsEdit(prog string, args []string, edit bool) int {
	usage := "hanout accounts add --name NAME [--name-ar NAME] [--phone PHONE] [--limit DH] [--note TEXT] [--data DIR]"
	positional := 0
	if edit {
		usage = "hanout accounts edit CUSTOMER [--name NAME] [--name-ar NAME] [--phone PHONE] [--limit DH] [--note TEXT] [--data DIR]"
		positional = 1
	}
	fs, data := newFlags(prog, usage)
	name := fs.String("name", "", "name in Latin letters")
	nameAR := fs.String("name-ar", "", "name in Arabic letters")
	phone := fs.String("phone", "", "phone number")
	limit := fs.String("limit", "0", "credit limit in dirhams (above it a manager's PIN is asked)")
	note := fs.String("note", "", "a note")
	if code := parse(fs, args, positional); code >= 0 {
		return code
	}
	set := given(fs)
	var lim pos.Money
	if set["limit"] || !edit {
		var err error
		if lim, err = pos.ParseMoney(*limit); err != nil {
			fail(prog, err)
			return exitUsage
		}
		if lim < 0 || lim > pos.MaxCreditLimit {
			fail(prog, pos.Errorf("accounts.limit_invalid"))
			return exitUsage
		}
	}
	s, err := openStore(*data, false)
	if err != nil {
		return fail(prog, err)
	}
	defer s.Close()
	c := &pos.Customer{ID: pos.NewCustomerID()}
	if edit {
		var ok bool
		if c, ok = findCustomer(s, prog, fs.Arg(0)); !ok {
			return exitFail
		}
	}
	apply := func(flag string, to *string, v string) {
		if set[flag] || !edit {
			*to = v
		}
	}
	apply("name", &c.Name, *name)
	apply("name-ar", &c.NameAR, *nameAR)
	apply("phone", &c.Phone, *phone)
	apply("note", &c.Note, *note)
	if set["limit"] || !edit {
		c.Limit = lim
	}
	if err := s.PutCustomer(c); err != nil {
		return fail(prog, err)
	}
	if !edit || set["name"] {
		warnSameName(s, c)
	}
	fmt.Fprintln(stdout, c.ID)
	return exitOK
}

// findCustomer is the store's FindCustomer, failing for prog when it
// finds none; when several customers have the name given, it lists them
// (id, name, phone) under the message so the person can choose an id.
func findCustomer(s *store.Store, prog, q string) (*pos.Customer, bool) {
	c, err := s.FindCustomer(q)
	if err == nil {
		return c, true
	}
	fail(prog, err)
	if pos.KeyOf(err) == "accounts.ambiguous" {
		cs, _ := s.Customers()
		for _, o := range cs {
			if strings.EqualFold(o.Name, strings.TrimSpace(q)) || o.NameAR == strings.TrimSpace(q) {
				fmt.Fprintf(os.Stderr, "  %-12s %s  %s\n", o.ID, o.DisplayName(cliLang()), o.Phone)
			}
		}
	}
	return nil, false
}

// warnSameName tells the person on stderr that another customer has the
// name just given (people share names, so both are kept).
func warnSameName(s *store.Store, c *pos.Customer) {
	cs, _ := s.Customers()
	for _, o := range cs {
		if o.ID != c.ID && c.Name != "" && strings.EqualFold(o.Name, c.Name) {
			fmt.Fprintln(os.Stderr, say("command.customer_same_name", c.Name, o.ID))
			return
		}
	}
}

// cellSafe keeps a name typed at the till from being read as a formula
// when the CSV is opened in a spreadsheet.
func cellSafe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	return s
}

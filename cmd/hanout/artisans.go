package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"os"
	"strings"
	"time"

	"hanout/pos"
	"hanout/pos/receipt"
	"hanout/pos/report"
	"hanout/pos/store"
)

func init() {
	register(command{name: "artisan", summary: "add or list the cooperative's artisans, record a payout", run: runArtisan})
}

const artisanUsage = "hanout artisan add --name NAME [--phone PHONE] [--commission PERCENT] | hanout artisan list [--format csv] | " +
	"hanout artisan payout ARTISAN --amount DH --manager NAME [--how cash|transfer] [--note TEXT] < PIN"

func runArtisan(args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, usageLine(artisanUsage))
		return exitUsage
	}
	switch args[0] {
	case "add":
		return artisanAdd(args[1:])
	case "list":
		return artisanList(args[1:])
	case "payout":
		return artisanPayout(args[1:])
	case "-h", "--help":
		fmt.Fprintln(os.Stderr, usageLine(artisanUsage))
		return exitOK
	}
	fmt.Fprintln(os.Stderr, usageLine(artisanUsage))
	return exitUsage
}

func artisanAdd(args []string) int {
	fs, data := newFlags("artisan add", "hanout artisan add --name NAME [--phone PHONE] [--commission PERCENT] [--data DIR]")
	name := fs.String("name", "", "the artisan's name")
	phone := fs.String("phone", "", "phone number")
	commission := fs.String("commission", "0", "the cooperative's commission in percent")
	if code := parse(fs, args, 0); code >= 0 {
		return code
	}
	rate, err := pos.ParseCommission(*commission)
	if err != nil {
		fail("artisan add", err)
		return exitUsage
	}
	s, err := openStore(*data, false)
	if err != nil {
		return fail("artisan add", err)
	}
	defer s.Close()
	a := &pos.Artisan{ID: pos.NewArtisanID(), Name: *name, Phone: *phone, Commission: rate}
	if err := s.PutArtisan(a); err != nil {
		return fail("artisan add", err)
	}
	fmt.Fprintln(stdout, a.ID)
	return exitOK
}

func artisanList(args []string) int {
	fs, data := newFlags("artisan list", "hanout artisan list [--format text|csv] [--data DIR]")
	format := fs.String("format", "text", "text or csv")
	if code := parse(fs, args, 0); code >= 0 {
		return code
	}
	if !checkFormat("artisan list", *format) {
		return exitUsage
	}
	s, err := openStore(*data, false)
	if err != nil {
		return fail("artisan list", err)
	}
	defer s.Close()
	as, err := s.Artisans()
	if err != nil {
		return fail("artisan list", err)
	}
	if *format == "csv" {
		cw := csv.NewWriter(stdout)
		cw.Write([]string{"id", "name", "phone", "commission"})
		for _, a := range as {
			cw.Write([]string{a.ID, a.Name, a.Phone, pos.CommissionPercent(a.Commission)})
		}
		cw.Flush()
		return exitOK
	}
	l := cliLang()
	for _, a := range as {
		rate := pos.PercentIn(a.Commission, l) // as the language writes amounts
		fmt.Fprintf(stdout, "%-12s %-30s %6s %%  %s\n", a.ID, a.Name, rate, a.Phone)
	}
	return exitOK
}

// findArtisan takes an artisan's id or name.
func findArtisan(s *store.Store, key string) (*pos.Artisan, error) {
	if a, err := s.Artisan(key); err == nil {
		return a, nil
	}
	as, err := s.Artisans()
	if err != nil {
		return nil, err
	}
	if a, ok := pos.ArtisanByName(as, key); ok {
		return a, nil
	}
	return nil, pos.Errorf("artisans.not_found", key)
}

func artisanPayout(args []string) int {
	fs, data := newFlags("artisan payout", "hanout artisan payout ARTISAN --amount DH --manager NAME [--how cash|transfer] [--note TEXT] [--data DIR] < PIN")
	amount := fs.String("amount", "", "amount in dirhams")
	manager := fs.String("manager", "", "the manager approving it (their PIN is read on standard input)")
	how := fs.String("how", "transfer", "cash (from the open shift's drawer) or transfer")
	note := fs.String("note", "", "a note kept with the payout")
	if code := parse(fs, args, 1); code >= 0 {
		return code
	}
	for _, f := range []struct{ value, option string }{{*amount, "--amount DH"}, {*manager, "--manager NAME"}} {
		if strings.TrimSpace(f.value) == "" {
			fail("artisan payout", pos.Errorf("command.flag_required", f.option))
			return exitUsage
		}
	}
	m, err := pos.ParseMoney(*amount)
	if err != nil {
		fail("artisan payout", err)
		return exitUsage
	}
	if m <= 0 || m > pos.MaxPrice {
		fail("artisan payout", pos.Errorf("artisans.payout_amount_invalid"))
		return exitUsage
	}
	kind := pos.TenderKind(*how)
	if kind != pos.TenderCash && kind != pos.TenderTransfer {
		fail("artisan payout", pos.Errorf("artisans.payout_how_invalid"))
		return exitUsage
	}
	s, err := openStore(*data, false)
	if err != nil {
		return fail("artisan payout", err)
	}
	defer s.Close()
	a, err := findArtisan(s, fs.Arg(0))
	if err != nil {
		return fail("artisan payout", err)
	}
	pin, _ := bufio.NewReader(os.Stdin).ReadString('\n')
	users, err := s.Users()
	if err != nil {
		return fail("artisan payout", err)
	}
	var named []pos.User
	for _, u := range users {
		if strings.EqualFold(u.Name, *manager) || u.ID == *manager {
			named = append(named, u)
		}
	}
	boss, err := pos.Authorize(named, strings.TrimSpace(pin), pos.RoleManager)
	if err != nil {
		return fail("artisan payout", err)
	}
	d, err := pos.Payout(a, m, kind, boss.Name, s.OpenShift(), boss.Name, *note, time.Now())
	if err != nil {
		return fail("artisan payout", err)
	}
	if err := s.Commit(d); err != nil {
		return fail("artisan payout", err)
	}
	fmt.Fprintln(stdout, say("artisans.payout_done", m.Format(cliLang()), a.Name))
	return exitOK
}

// runArtisansReport is `hanout report artisans`.
func runArtisansReport(args []string) int {
	const usage = "hanout report artisans [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format text|csv] [--data DIR]"
	fs, data := newFlags("report artisans", usage)
	from := fs.String("from", "", "first day, inclusive (YYYY-MM-DD, local time)")
	to := fs.String("to", "", "last day, inclusive")
	format := fs.String("format", "text", "text or csv")
	width := fs.Int("width", 48, "columns")
	if code := parse(fs, args, 0); code >= 0 {
		return code
	}
	if err := checkPeriod(*from, *to); err != nil {
		fail("report artisans", err)
		return exitUsage
	}
	if !checkFormat("report artisans", *format) {
		return exitUsage
	}
	s, err := openStore(*data, false)
	if err != nil {
		return fail("report artisans", err)
	}
	defer s.Close()
	r, err := s.ArtisansReport(*from, *to)
	if err != nil {
		return fail("report artisans", err)
	}
	if *format == "csv" {
		if err := report.ArtisansCSV(stdout, r); err != nil {
			return fail("report artisans", err)
		}
		return exitOK
	}
	shop, _, _ := s.Shop()
	rc := receipt.Artisans(r, shop, receipt.ArtisansOptions{Lang: cliLang(), Terminal: s.Terminal(), Printed: time.Now()})
	for _, l := range rc.TextLines(min(max(*width, 24), 200)) {
		fmt.Fprintln(stdout, l)
	}
	return exitOK
}

// artisanNames writes each product's artisan by name for a catalogue
// file (an id no artisan has stays as it is).
func artisanNames(s *store.Store, ps []pos.Product) {
	as, _ := s.Artisans()
	names := map[string]string{}
	for _, a := range as {
		names[a.ID] = a.Name
	}
	for i := range ps {
		if n, ok := names[ps[i].Artisan]; ok {
			ps[i].Artisan = n
		}
	}
}

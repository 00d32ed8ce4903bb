package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"hanout/pos"
	"hanout/pos/catalog"
	"hanout/pos/export"
	"hanout/pos/i18n"
	"hanout/pos/report"
	"hanout/pos/store"
	tillsync "hanout/sync"
)

// The commands accountants and installers use on a till's data folder.
// They need the store to themselves: while the till runs, use its settings
// screen (backup) instead; the store answers "already running" in a second.

func init() {
	register(command{name: "catalog", summary: "import or export the catalogue as CSV", run: runCatalog})
	register(command{name: "sales", summary: "export sales and refunds as CSV or JSON", run: runSales})
	register(command{name: "report", summary: "print the X report (open shift) or Z reports (closed shifts)", run: runReport})
	register(command{name: "journal", summary: "verify the hash chain (and the platform's anchors); list journal events", run: runJournal})
	register(command{name: "backup", summary: "write a consistent copy of the store to a file", run: runBackup})
}

func runCatalog(args []string) int {
	const usage = "hanout catalog import FILE.csv | hanout catalog export [--data DIR]"
	if len(args) == 0 || (args[0] != "import" && args[0] != "export") {
		fmt.Fprintln(os.Stderr, usageLine(usage))
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return exitOK
		}
		return exitUsage
	}
	if args[0] == "export" {
		fs, data := newFlags("catalog export", "hanout catalog export [--data DIR] > catalogue.csv")
		if code := parse(fs, args[1:], 0); code >= 0 {
			return code
		}
		s, err := openStore(*data, false)
		if err != nil {
			return fail("catalog export", err)
		}
		defer s.Close()
		ps, err := s.Products()
		if err != nil {
			return fail("catalog export", err)
		}
		artisanNames(s, ps) // artisans.go: the file names artisans, import maps them back
		if err := catalog.WriteCSV(stdout, ps); err != nil {
			return fail("catalog export", err)
		}
		return exitOK
	}
	fs, data := newFlags("catalog import", "hanout catalog import [--data DIR] FILE.csv")
	if code := parse(fs, args[1:], 1); code >= 0 {
		return code
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return fail("catalog import", pos.Wrap(err, "cli.file", fs.Arg(0)))
	}
	defer f.Close()
	ps, cols, err := catalog.Read(f)
	var ie *catalog.ImportError
	if errors.As(err, &ie) {
		fmt.Fprintln(os.Stderr, "catalog import: "+say("import.refused", fs.Arg(0), len(ie.Lines)))
		for _, l := range ie.Lines {
			fmt.Fprintln(os.Stderr, l.In(cliLang()))
		}
		return exitFail
	}
	if err != nil {
		return fail("catalog import", err)
	}
	// Only into an existing till: a mistyped --data must not quietly make
	// a new, empty one.
	s, err := openStore(*data, false)
	if err != nil {
		return fail("catalog import", err)
	}
	defer s.Close()
	before, _ := s.Artisans()
	if err := s.ImportCatalog(ps, cols["stock"]); err != nil {
		return fail("catalog import", err)
	}
	if after, _ := s.Artisans(); len(after) > len(before) {
		fmt.Fprintln(stdout, say("artisans.import_created", len(after)-len(before))) // artisans.go
	}
	fmt.Fprintln(stdout, say("import.done", len(ps), s.Path()))
	return exitOK
}

func checkDate(s string) error {
	if s == "" {
		return nil
	}
	if _, err := time.Parse("2006-01-02", s); err != nil {
		return pos.Errorf("cli.bad_date", s)
	}
	return nil
}

// checkPeriod checks --from and --to: each a date, and the first not
// after the last (a reversed period would print an empty report as if
// nothing had been sold).
func checkPeriod(from, to string) error {
	for _, d := range []string{from, to} {
		if err := checkDate(d); err != nil {
			return err
		}
	}
	if from != "" && to != "" && from > to {
		return pos.Errorf("command.period_reversed", from, to)
	}
	return nil
}

func runSales(args []string) int {
	const usage = "hanout sales export [--data DIR] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format csv|json]"
	if len(args) == 0 || args[0] != "export" {
		fmt.Fprintln(os.Stderr, usageLine(usage))
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return exitOK
		}
		return exitUsage
	}
	fs, data := newFlags("sales export", usage)
	from := fs.String("from", "", "first day, inclusive (YYYY-MM-DD, local time)")
	to := fs.String("to", "", "last day, inclusive")
	format := fs.String("format", "csv", "csv or json")
	if code := parse(fs, args[1:], 0); code >= 0 {
		return code
	}
	if err := checkPeriod(*from, *to); err != nil {
		fail("sales export", err)
		return exitUsage
	}
	if *format != "csv" && *format != "json" {
		fail("sales export", pos.Errorf("export.format", *format))
		return exitUsage
	}
	s, err := openStore(*data, false)
	if err != nil {
		return fail("sales export", err)
	}
	defer s.Close()
	docs, err := s.Days(*from, *to)
	if err != nil {
		return fail("sales export", err)
	}
	var rows []export.Row
	for _, d := range docs {
		if export.Included(d) {
			rows = append(rows, export.RowOf(d))
		}
	}
	export.Sort(rows)
	if err := export.Write(stdout, *format, rows); err != nil {
		return fail("sales export", err)
	}
	return exitOK
}

func runReport(args []string) int {
	const usage = "hanout report x [--data DIR] | hanout report z [--data DIR] [--date YYYY-MM-DD] | hanout report artisans [--from YYYY-MM-DD --to YYYY-MM-DD] [--format csv]"
	if len(args) > 0 && args[0] == "artisans" {
		return runArtisansReport(args[1:])
	}
	if len(args) == 0 || (args[0] != "x" && args[0] != "z") {
		fmt.Fprintln(os.Stderr, usageLine(usage))
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return exitOK
		}
		return exitUsage
	}
	fs, data := newFlags("report "+args[0], usage)
	date := fs.String("date", "", "z: the day the shifts closed (default: the last closed shift)")
	width := fs.Int("width", 48, "columns")
	if code := parse(fs, args[1:], 0); code >= 0 {
		return code
	}
	*width = min(max(*width, 24), 200)
	if err := checkDate(*date); err != nil {
		fail("report", err)
		return exitUsage
	}
	s, err := openStore(*data, false)
	if err != nil {
		return fail("report", err)
	}
	defer s.Close()
	var reports []*pos.Report
	if args[0] == "x" {
		r, err := s.XReport()
		if err != nil {
			return fail("report x", err)
		}
		reports = append(reports, r)
	} else {
		reports, err = s.ZReports(*date)
		if err != nil {
			return fail("report z", err)
		}
		if len(reports) == 0 {
			return fail("report z", pos.Errorf("cli.no_report"))
		}
	}
	for i, r := range reports {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		fmt.Fprint(stdout, report.Text(r, cliLang(), *width))
	}
	return exitOK
}

func runJournal(args []string) int {
	const usage = "hanout journal verify [--data DIR] | hanout journal events [--from DATE] [--to DATE] [--data DIR]"
	if len(args) > 0 && args[0] == "events" {
		return journalEvents(args[1:])
	}
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprintln(os.Stderr, usageLine(usage))
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return exitOK
		}
		return exitUsage
	}
	fs, data := newFlags("journal verify", usage)
	if code := parse(fs, args[1:], 0); code >= 0 {
		return code
	}
	s, err := openStore(*data, false)
	if err != nil {
		return fail("journal verify", err)
	}
	defer s.Close()
	n, err := s.Verify()
	l := cliLang()
	var ve *store.VerifyError
	switch {
	case errors.As(err, &ve) && ve.Receipt > 0:
		fmt.Fprintln(os.Stderr, "journal verify: "+i18n.T(l, "cli.verify_bad_receipt", n, ve.Receipt, ve.Seq))
		return exitFail
	case errors.As(err, &ve):
		fmt.Fprintln(os.Stderr, "journal verify: "+i18n.T(l, "cli.verify_bad_entry", n, ve.Seq))
		return exitFail
	case err != nil:
		fmt.Fprintln(os.Stderr, "journal verify: "+i18n.T(l, "cli.verify_broken", n, err))
		return exitFail
	}
	if last := s.Counters().Receipt; last > 0 {
		fmt.Fprintln(stdout, i18n.T(l, "cli.verify_ok", n, last))
	} else {
		fmt.Fprintln(stdout, i18n.T(l, "command.verify_ok_no_receipt", n))
	}
	return verifyAnchors(s, l)
}

// journalEvents lists the changes outside sales: who, when, what, before
// → after.
func journalEvents(args []string) int {
	fs, data := newFlags("journal events", "hanout journal events [--from DATE] [--to DATE] [--data DIR]")
	from := fs.String("from", "", "first day (2006-01-02)")
	to := fs.String("to", "", "last day (2006-01-02)")
	if code := parse(fs, args, 0); code >= 0 {
		return code
	}
	if err := checkPeriod(*from, *to); err != nil {
		fail("journal events", err)
		return exitUsage
	}
	s, err := openStore(*data, false)
	if err != nil {
		return fail("journal events", err)
	}
	defer s.Close()
	evs, err := s.Events(*from, *to)
	if err != nil {
		return fail("journal events", err)
	}
	for _, d := range evs {
		e := d.Event
		before := e.Before
		if before == "" {
			before = "-"
		}
		fmt.Fprintf(stdout, "%s  entry %-6d %-10s %-8s %s\n    %s\n -> %s\n", d.Time.Local().Format("2006-01-02 15:04:05"), d.Seq, d.Cashier, e.What, e.Key, before, e.After)
	}
	fmt.Fprintln(stdout, say("command.events_count", len(evs)))
	return exitOK
}

// verifyAnchors compares the journal with the chain the platform anchored:
// a file rewritten with every hash recomputed passes the local check but
// not this one. Offline it says how far the last sync anchored the chain.
func verifyAnchors(s *store.Store, l pos.Lang) int {
	seq := s.Counters().Seq
	if _, enrolled, _ := tillsync.LoadSettings(s); !enrolled {
		fmt.Fprintln(stdout, i18n.T(l, "money.verify.not_enrolled"))
		return exitOK
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rep, err := tillsync.CompareAnchors(ctx, s)
	switch {
	case err != nil:
		fmt.Fprintln(stdout, i18n.T(l, "money.verify.anchored_offline", i18n.Error(l, err), s.Anchored(), seq))
		return exitOK
	case rep.Differs > 0 && rep.Receipt > 0:
		fmt.Fprintln(os.Stderr, "journal verify: "+i18n.T(l, "money.verify.anchor_differs_receipt", rep.Receipt, rep.Differs))
		return exitFail
	case rep.Differs > 0:
		fmt.Fprintln(os.Stderr, "journal verify: "+i18n.T(l, "money.verify.anchor_differs_entry", rep.Differs))
		return exitFail
	}
	fmt.Fprintln(stdout, i18n.T(l, "money.verify.anchored_online", rep.Compared, rep.Anchored, seq))
	return exitOK
}

func runBackup(args []string) int {
	fs, data := newFlags("backup", "hanout backup [--data DIR] --to FILE")
	to := fs.String("to", "", "file to write (required)")
	if code := parse(fs, args, 0); code >= 0 {
		return code
	}
	if *to == "" {
		fail("backup", pos.Errorf("command.flag_required", "--to FILE"))
		return exitUsage
	}
	s, err := openStore(*data, false)
	if err != nil {
		return fail("backup", err)
	}
	defer s.Close()
	if err := s.BackupFile(*to); err != nil {
		return fail("backup", err)
	}
	st, _ := os.Stat(*to)
	fmt.Fprintln(stdout, say("command.backup_done", *to, st.Size()))
	return exitOK
}

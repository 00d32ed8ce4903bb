package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"time"
	"unicode/utf8"

	"hanout/pos"
	"hanout/pos/i18n"
	tillsync "hanout/sync"
)

func init() {
	register(command{name: "sync", summary: "sync with the platform: enroll, now, status", run: runSync})
}

func runSync(args []string) int {
	const usage = "hanout sync enroll --platform URL --code CODE [--ca FILE] [--data DIR] | hanout sync now [--data DIR] | hanout sync status [--data DIR]"
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, usageLine(usage))
		return exitUsage
	}
	switch args[0] {
	case "enroll":
		return syncEnroll(args[1:])
	case "now":
		return syncNow(args[1:])
	case "status":
		return syncStatus(args[1:])
	case "-h", "--help", "help":
		fmt.Fprintln(os.Stdout, usageLine(usage))
		return exitOK
	}
	fmt.Fprintln(os.Stderr, usageLine(usage))
	return exitUsage
}

func syncEnroll(args []string) int {
	fs, data := newFlags("sync enroll", "hanout sync enroll --platform URL --code CODE [--ca FILE] [--data DIR]")
	platform := fs.String("platform", "", "platform address, https://host:port")
	code := fs.String("code", "", "one-time enrollment code from the platform")
	ca := fs.String("ca", "", "the platform's CA certificate (PEM), pinned for every later sync")
	if c := parse(fs, args, 0); c >= 0 {
		return c
	}
	if *platform == "" || *code == "" {
		fs.Usage()
		return exitUsage
	}
	var caPEM string
	if *ca != "" {
		b, err := os.ReadFile(*ca)
		if err != nil {
			return fail("sync enroll", pos.Wrap(err, "sync.bad_ca", *ca))
		}
		caPEM = string(b)
	}
	s, err := openStore(*data, false)
	if err != nil {
		return fail("sync enroll", err)
	}
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	set, err := tillsync.Enroll(ctx, s, *platform, *code, caPEM)
	if err != nil {
		return fail("sync enroll", err)
	}
	fmt.Fprintln(stdout, say("command.sync.enrolled", set.Terminal, set.Name, set.Merchant, set.MerchantName, set.Platform))
	return exitOK
}

func syncNow(args []string) int {
	fs, data := newFlags("sync now", "hanout sync now [--data DIR]")
	batch := fs.Int("batch", 200, "documents per push")
	if c := parse(fs, args, 0); c >= 0 {
		return c
	}
	s, err := openStore(*data, false)
	if err != nil {
		return fail("sync now", err)
	}
	defer s.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	sy := tillsync.New(s)
	sy.BatchSize = *batch
	rep, err := sy.SyncOnce(ctx)
	if err == nil || rep != (tillsync.Report{}) { // a sync that did nothing says only why
		fmt.Fprintln(stdout, say("command.sync.report", rep.Sent, rep.Batches, rep.Duplicates, rep.Rejected, rep.Products, rep.Received, rep.Checks, rep.Oversells, rep.Conflicts))
	}
	if err != nil {
		return fail("sync now", err)
	}
	fmt.Fprintln(stdout, say("command.label", say("command.sync.unsynced"), s.Counters().Unsynced))
	return exitOK
}

// statusRows writes label: value lines with the values lined up, the
// labels in the person's language.
func statusRows(keys []string) func(key string, value any) {
	// The label with its colon as the language writes it ("état :").
	colon := func(key string) string { return strings.TrimRight(say("command.label", say(key), ""), " ") }
	width := 0
	for _, k := range keys {
		width = max(width, utf8.RuneCountInString(colon(k)))
	}
	return func(key string, value any) {
		fmt.Fprintf(stdout, "%-*s %v\n", width, colon(key), value)
	}
}

func syncStatus(args []string) int {
	fs, data := newFlags("sync status", "hanout sync status [--data DIR]")
	if c := parse(fs, args, 0); c >= 0 {
		return c
	}
	s, err := openStore(*data, false)
	if err != nil {
		return fail("sync status", err)
	}
	defer s.Close()
	set, enrolled, err := tillsync.LoadSettings(s)
	if err != nil {
		return fail("sync status", err)
	}
	st := tillsync.New(s).Status()
	when := func(t time.Time) string {
		if t.IsZero() {
			return say("command.sync.never")
		}
		return t.Local().Format("2006-01-02 15:04:05")
	}
	row := statusRows([]string{"command.sync.platform", "command.sync.terminal", "command.sync.state", "command.sync.unsynced",
		"command.sync.last_success", "command.sync.last_attempt", "command.sync.last_error", "command.sync.quarantined", "command.sync.conflicts"})
	if enrolled {
		row("command.sync.platform", set.Platform)
		row("command.sync.terminal", say("command.sync.terminal_line", set.Terminal, set.Name, set.Merchant, set.MerchantName))
	} else {
		row("command.sync.platform", say("command.sync.not_enrolled"))
	}
	online := say("command.sync.offline")
	if st.Online {
		online = say("command.sync.online")
	}
	row("command.sync.state", online)
	row("command.sync.unsynced", st.Unsynced)
	row("command.sync.last_success", when(st.LastSuccess))
	row("command.sync.last_attempt", when(st.LastAttempt))
	if st.LastError != nil {
		row("command.sync.last_error", i18n.Error(cliLang(), st.LastError))
	}
	quarantine, err := s.QuarantineList()
	if err != nil {
		return fail("sync status", err)
	}
	row("command.sync.quarantined", len(quarantine))
	for _, q := range quarantine {
		receipt := "-"
		if q.Receipt > 0 {
			receipt = fmt.Sprint(q.Receipt)
		}
		fmt.Fprintf(stdout, "  %s  %s  %-9s %s\n", q.Time.Local().Format("2006-01-02 15:04"), say("command.sync.quarantine_line", receipt, q.Seq), q.Code, q.Reason)
	}
	conflicts, _ := s.Conflicts()
	row("command.sync.conflicts", len(conflicts))
	for _, c := range conflicts {
		fmt.Fprintf(stdout, "  %s  %-8s %-10s %s\n", c.Time.Local().Format("2006-01-02 15:04"), c.Kind, c.SKU, c.Detail)
	}
	return exitOK
}

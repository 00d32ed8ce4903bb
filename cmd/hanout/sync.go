package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"time"

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
	fmt.Fprintf(stdout, "enrolled: terminal %s (%s) of merchant %s (%s) at %s\n", set.Terminal, set.Name, set.Merchant, set.MerchantName, set.Platform)
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
	fmt.Fprintln(stdout, rep.String())
	if err != nil {
		return fail("sync now", err)
	}
	fmt.Fprintf(stdout, "unsynced: %d\n", s.Counters().Unsynced)
	return exitOK
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
			return "never"
		}
		return t.Local().Format("2006-01-02 15:04:05")
	}
	if enrolled {
		fmt.Fprintf(stdout, "platform:     %s\nterminal:     %s (%s), merchant %s (%s)\n", set.Platform, set.Terminal, set.Name, set.Merchant, set.MerchantName)
	} else {
		fmt.Fprintln(stdout, "platform:     not enrolled")
	}
	online := "offline"
	if st.Online {
		online = "online"
	}
	fmt.Fprintf(stdout, "state:        %s\nunsynced:     %d\nlast success: %s\nlast attempt: %s\n", online, st.Unsynced, when(st.LastSuccess), when(st.LastAttempt))
	if st.LastError != nil {
		fmt.Fprintf(stdout, "last error:   %s\n", i18n.Error(cliLang(), st.LastError))
	}
	quarantine, err := s.QuarantineList()
	if err != nil {
		return fail("sync status", err)
	}
	fmt.Fprintf(stdout, "quarantined:  %d\n", len(quarantine))
	for _, q := range quarantine {
		receipt := "-"
		if q.Receipt > 0 {
			receipt = fmt.Sprint(q.Receipt)
		}
		fmt.Fprintf(stdout, "  %s  receipt %-6s entry %-6d %-9s %s\n", q.Time.Local().Format("2006-01-02 15:04"), receipt, q.Seq, q.Code, q.Reason)
	}
	conflicts, _ := s.Conflicts()
	fmt.Fprintf(stdout, "conflicts:    %d\n", len(conflicts))
	for _, c := range conflicts {
		fmt.Fprintf(stdout, "  %s  %-8s %-10s %s\n", c.Time.Local().Format("2006-01-02 15:04"), c.Kind, c.SKU, c.Detail)
	}
	return exitOK
}

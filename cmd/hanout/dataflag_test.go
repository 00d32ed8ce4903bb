package main

import (
	"context"
	"sort"
	"strings"
	"testing"

	"hanout/drivers/concert"
	"hanout/drivers/concert/termsim"
	"hanout/drivers/pty"
	"hanout/pos/store"
)

// Every command takes --data DIR and the same exit codes, as the README's
// "Command line" section says: --help exits 0 and a flag the command does
// not know exits 2, with --data given either way.
func TestEveryCommandTakesData(t *testing.T) {
	invocations := [][]string{
		{"accounts", "list"}, {"accounts", "statement"}, {"accounts", "add"}, {"accounts", "edit"},
		{"artisan", "add"}, {"artisan", "list"}, {"artisan", "payout"}, {"report", "artisans"},
		{"backup"}, {"catalog", "import"}, {"catalog", "export"}, {"demo", "seed"},
		{"journal", "verify"}, {"journal", "events"}, {"printer", "ports"}, {"printer", "test"}, {"qr"}, {"qr", "decode"},
		{"receipt", "print"}, {"report", "x"}, {"report", "z"}, {"sales", "export"},
		{"screenshots"}, {"sim", "printer"}, {"sim", "terminal"},
		{"sync", "enroll"}, {"sync", "now"}, {"sync", "status"}, {"terminal", "test"}, {"version"},
	}
	covered := map[string]bool{}
	for _, inv := range invocations {
		covered[inv[0]] = true
	}
	var missing []string
	for name := range commands {
		if !covered[name] {
			missing = append(missing, name)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("commands not in this test: %s", strings.Join(missing, ", "))
	}
	dir := t.TempDir()
	for _, inv := range invocations {
		name := strings.Join(inv, " ")
		with := func(extra ...string) []string { return append(append([]string{}, inv...), extra...) }
		if code := run(with("--data", dir, "--help")); code != exitOK {
			t.Errorf("hanout %s --data DIR --help: exit %d, want %d", name, code, exitOK)
		}
		if code := run(with("--data", dir, "--no-such-flag")); code != exitUsage {
			t.Errorf("hanout %s --data DIR --no-such-flag: exit %d, want %d", name, code, exitUsage)
		}
	}
}

// "terminal test --data DIR" without --port runs the debit on the terminal
// saved in that till's settings.
func TestTerminalTestUsesTheTillsTerminal(t *testing.T) {
	p, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- termsim.Serve(ctx, p.Master, termsim.Options{Protocol: concert.CaisseAP}) }()
	t.Cleanup(func() { cancel(); p.Close(); <-done })

	dir := t.TempDir()
	st, err := store.Open(dir, store.Options{Terminal: "T1"})
	if err != nil {
		t.Fatal(err)
	}
	cfg := concert.Defaults()
	cfg.Protocol, cfg.Port = concert.CaisseAP, p.SlavePath
	if err := st.PutSetting(concert.SettingKey, cfg); err != nil {
		t.Fatal(err)
	}
	st.Close()

	var out strings.Builder
	old := stdout
	stdout = &out
	t.Cleanup(func() { stdout = old })
	if code := run([]string{"terminal", "test", "--data", dir, "--amount", "2.00"}); code != exitOK {
		t.Fatalf("exit %d, stdout %q", code, out.String())
	}
	if !strings.HasPrefix(out.String(), "approved") {
		t.Fatalf("stdout %q", out.String())
	}
	// An empty folder has no terminal: --port is then required.
	if code := run([]string{"terminal", "test", "--data", t.TempDir()}); code != exitUsage {
		t.Fatalf("no port, no setting: exit %d, want %d", code, exitUsage)
	}
}

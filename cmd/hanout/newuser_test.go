package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"hanout/pos"
	"hanout/pos/i18n"
)

var personLangs = []struct {
	env  string
	lang pos.Lang
}{{"fr_FR.UTF-8", pos.FR}, {"ar_MA.UTF-8", pos.AR}, {"en_US.UTF-8", pos.EN}}

// goLeaks are pieces of Go's own messages (the flag package, os and
// syscall errors) that a stall-holder must never read in place of a
// message in their language.
var goLeaks = []string{"flag provided", "flag needs", "invalid value", "parse error", "mkdir ", "open ", "no such file",
	"not a directory", "permission denied", "is required", "bad flag syntax"}

// What a stall-holder or an admin really types wrong, in each language:
// a clear message in that language (the translation of key), the
// documented exit code (2 bad usage, 1 failure), no text of Go's, and
// nothing written.
func TestNewUserMistakes(t *testing.T) {
	data := t.TempDir()
	if _, errs, code := hanout(t, "demo", "seed", "--data", data, "--days", "1"); code != 0 {
		t.Fatalf("seed: %s", errs)
	}
	file := filepath.Join(t.TempDir(), "a-file")
	os.WriteFile(file, []byte("x"), 0o600)
	d := []string{"--data", data}
	cases := []struct {
		name  string
		args  []string
		stdin string
		code  int
		key   string
		kargs []any
	}{
		{"payout below zero", []string{"artisan", "payout", "Hassan Nhass", "--amount", "-5", "--manager", "Fatima"}, "1234\n", 2, "artisans.payout_amount_invalid", nil},
		{"payout too big", []string{"artisan", "payout", "Hassan Nhass", "--amount", "99999999", "--manager", "Fatima"}, "1234\n", 2, "artisans.payout_amount_invalid", nil},
		{"payout by cheque", []string{"artisan", "payout", "Hassan Nhass", "--amount", "10", "--manager", "Fatima", "--how", "cheque"}, "1234\n", 2, "artisans.payout_how_invalid", nil},
		{"payout without amount", []string{"artisan", "payout", "Hassan Nhass", "--manager", "Fatima"}, "1234\n", 2, "command.flag_required", []any{"--amount DH"}},
		{"payout without manager", []string{"artisan", "payout", "Hassan Nhass", "--amount", "10"}, "", 2, "command.flag_required", []any{"--manager NAME"}},
		{"accounts as json", []string{"accounts", "list", "--format", "json"}, "", 2, "command.format_text_csv", []any{"json"}},
		{"statement as xml", []string{"accounts", "statement", "C-omar", "--format", "xml"}, "", 2, "command.format_text_csv", []any{"xml"}},
		{"artisans as json", []string{"artisan", "list", "--format", "json"}, "", 2, "command.format_text_csv", []any{"json"}},
		{"artisans report as json", []string{"report", "artisans", "--format", "json"}, "", 2, "command.format_text_csv", []any{"json"}},
		{"report period reversed", []string{"report", "artisans", "--from", "2026-11-30", "--to", "2026-11-01"}, "", 2, "command.period_reversed", []any{"2026-11-30", "2026-11-01"}},
		{"export period reversed", []string{"sales", "export", "--from", "2026-11-30", "--to", "2026-11-01"}, "", 2, "command.period_reversed", []any{"2026-11-30", "2026-11-01"}},
		{"events period reversed", []string{"journal", "events", "--from", "2026-11-30", "--to", "2026-11-01"}, "", 2, "command.period_reversed", []any{"2026-11-30", "2026-11-01"}},
		{"an option misspelt", []string{"accounts", "add", "--nom", "Omar"}, "", 2, "command.flag_unknown", []any{"--nom"}},
		{"an option without its value", []string{"accounts", "add", "--name"}, "", 2, "command.flag_value_missing", []any{"--name"}},
		{"a width in letters", []string{"report", "artisans", "--width", "abc"}, "", 2, "command.flag_value_bad", []any{"abc", "--width"}},
		{"receipt number in letters", []string{"receipt", "link", "abc"}, "", 2, "ereceipt.bad_number", []any{"abc"}},
		{"backup without --to", []string{"backup"}, "", 2, "command.flag_required", []any{"--to FILE"}},
		{"a negative credit limit", []string{"accounts", "add", "--name", "Rachid", "--limit", "-5"}, "", 2, "accounts.limit_invalid", nil},
		{"a credit limit of millions", []string{"accounts", "add", "--name", "Rachid", "--limit", "2000000"}, "", 2, "accounts.limit_invalid", nil},
	}
	for _, c := range cases {
		for _, l := range personLangs {
			at := min(2, len(c.args)) // --data after the command's words
			args := append(append(append([]string{}, c.args[:at]...), d...), c.args[at:]...)
			_, errs, code := hanoutAs(t, l.env, c.stdin, args...)
			want := i18n.T(l.lang, c.key, c.kargs...)
			if code != c.code || !strings.Contains(errs, want) {
				t.Errorf("%s (%s): exit %d, stderr %q; want exit %d and %q", c.name, l.lang, code, errs, c.code, want)
			}
			for _, leak := range goLeaks {
				if l.lang != pos.EN && strings.Contains(errs, leak) {
					t.Errorf("%s (%s): Go's text %q in %q", c.name, l.lang, leak, errs)
				}
			}
		}
	}
	// Nothing was paid.
	if csv, _, _ := hanout(t, "report", "artisans", "--data", data, "--format", "csv"); strings.Contains(csv, "Hassan Nhass,") && !strings.Contains(csv, ",0.00,") {
		t.Fatalf("a refused payout was recorded:\n%s", csv)
	}
}

// A data folder that cannot be made says why in the person's language,
// not in Go's ("mkdir …: not a directory").
func TestDataFolderProblemsInTheLanguage(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a-file")
	os.WriteFile(file, []byte("x"), 0o600)
	for _, l := range personLangs {
		_, errs, code := hanoutAs(t, l.env, "", "demo", "seed", "--days", "0", "--data", filepath.Join(file, "till"))
		if code != 1 || !strings.Contains(errs, i18n.T(l.lang, "command.cause.not_dir")) {
			t.Errorf("%s: exit %d, %q", l.lang, code, errs)
		}
		if l.lang != pos.EN && (strings.Contains(errs, "mkdir") || strings.Contains(errs, "not a directory")) {
			t.Errorf("%s: Go's text in %q", l.lang, errs)
		}
	}
}

// A commission is written as the person's language writes decimals
// ("12,50 %" in French and Arabic), the CSV keeps the dot.
func TestArtisanListWritesTheLanguagesDecimals(t *testing.T) {
	data := t.TempDir()
	hanout(t, "demo", "seed", "--data", data, "--days", "0")
	for _, c := range []struct {
		env, want, not string
	}{{"fr_FR.UTF-8", "12,50 %", "12.50"}, {"ar_MA.UTF-8", "12,50 %", "12.50"}, {"en_US.UTF-8", "12.50 %", "12,50"}} {
		out, errs, code := hanoutAs(t, c.env, "", "artisan", "list", "--data", data)
		if code != 0 || !strings.Contains(out, "Mohamed Chaabi") || !strings.Contains(out, c.want) || strings.Contains(out, c.not) {
			t.Errorf("%s: exit %d %s\n%s", c.env, code, errs, out)
		}
	}
	if csv, _, _ := hanoutAs(t, "fr_FR.UTF-8", "", "artisan", "list", "--data", data, "--format", "csv"); !strings.Contains(csv, ",12.50\n") {
		t.Errorf("csv:\n%s", csv)
	}
}

// Every option of the credit notebook's commands is explained in the
// person's language.
func TestAccountsOptionsAreTranslated(t *testing.T) {
	for _, cmd := range [][]string{{"accounts", "add"}, {"accounts", "edit"}} {
		_, en, _ := hanoutAs(t, "en_US.UTF-8", "", append(cmd, "--help")...)
		for _, l := range personLangs[:2] {
			_, help, _ := hanoutAs(t, l.env, "", append(cmd, "--help")...)
			lines := map[string]bool{}
			for _, line := range strings.Split(help, "\n") {
				lines[line] = true
			}
			for _, line := range strings.Split(en, "\n") {
				if strings.HasPrefix(line, "      ") && lines[line] {
					t.Errorf("%v in %s: %q is not translated", cmd, l.lang, strings.TrimSpace(line))
				}
			}
		}
	}
}

// sync status and sync now speak the person's language; a till not
// enrolled is told so without a line of zeros "sent".
func TestSyncOutputInTheLanguage(t *testing.T) {
	data := t.TempDir()
	hanout(t, "demo", "seed", "--data", data, "--days", "0")
	for _, l := range personLangs {
		out, errs, code := hanoutAs(t, l.env, "", "sync", "status", "--data", data)
		for _, key := range []string{"command.sync.platform", "command.sync.not_enrolled", "command.sync.unsynced", "command.sync.never", "command.sync.quarantined"} {
			if code != 0 || !strings.Contains(out, i18n.T(l.lang, key)) {
				t.Errorf("%s: status lacks %s: %d %s\n%s", l.lang, key, code, errs, out)
			}
		}
		out, errs, code = hanoutAs(t, l.env, "", "sync", "now", "--data", data)
		if code != 1 || out != "" || !strings.Contains(errs, i18n.T(l.lang, "sync.not_enrolled")) {
			t.Errorf("%s: sync now not enrolled: %d %q %q", l.lang, code, out, errs)
		}
	}
}

// A till that has printed no receipt yet is not told "receipts 1–0".
func TestJournalVerifyWithoutReceipts(t *testing.T) {
	data := t.TempDir()
	hanout(t, "demo", "seed", "--data", data, "--days", "0")
	for _, l := range personLangs {
		out, errs, code := hanoutAs(t, l.env, "", "journal", "verify", "--data", data)
		before, after, _ := strings.Cut(i18n.T(l.lang, "command.verify_ok_no_receipt", "\x00"), "\x00")
		if code != 0 || strings.Contains(out, "1–0") || !strings.Contains(out, before) || !strings.Contains(out, after) {
			t.Errorf("%s: %d %s\n%s", l.lang, code, errs, out)
		}
	}
}

// The first things a newcomer reads (the demo store made, its logins, a
// misspelt command, a backup written, the events listed) are in the
// language of $LANG.
func TestFirstMessagesInTheLanguage(t *testing.T) {
	for _, l := range personLangs {
		data := t.TempDir()
		out, errs, code := hanoutAs(t, l.env, "", "demo", "seed", "--data", data, "--days", "0")
		if code != 0 || !strings.Contains(out, i18n.T(l.lang, "command.demo_login", "1234", "0000")) {
			t.Errorf("%s: seed %d %s\n%s", l.lang, code, errs, out)
		}
		if _, errs, code := hanoutAs(t, l.env, "", "demo", "seed", "--data", data, "--days", "-1"); code != 2 || !strings.Contains(errs, i18n.T(l.lang, "command.demo_days")) {
			t.Errorf("%s: days -1: %d %q", l.lang, code, errs)
		}
		if _, errs, code := hanoutAs(t, l.env, "", "acounts", "list"); code != 2 || !strings.Contains(errs, i18n.T(l.lang, "command.unknown_command", "acounts")) {
			t.Errorf("%s: misspelt command: %d %q", l.lang, code, errs)
		}
		file := filepath.Join(t.TempDir(), "copy.db")
		if out, errs, code := hanoutAs(t, l.env, "", "backup", "--data", data, "--to", file); code != 0 || !strings.Contains(out, file) || !strings.Contains(out, strings.Split(i18n.T(l.lang, "command.backup_done", file, 0), file)[0]) {
			t.Errorf("%s: backup %d %q %q", l.lang, code, out, errs)
		}
		if out, _, code := hanoutAs(t, l.env, "", "journal", "events", "--data", data, "--from", "2000-01-01", "--to", "2000-01-02"); code != 0 || !strings.Contains(out, i18n.T(l.lang, "command.events_count", 0)) {
			t.Errorf("%s: events %d %q", l.lang, code, out)
		}
	}
}

// The till started where there is no screen (over SSH, on a server, a
// typo in DISPLAY) says so in the person's language and how to run it,
// instead of a Go panic; an unknown --lang is bad usage.
func TestTillWithoutAScreen(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("DISPLAY is X11's")
	}
	data := t.TempDir()
	hanout(t, "demo", "seed", "--data", data, "--days", "0")
	for _, display := range []string{"", ":4242"} {
		for _, l := range personLangs {
			cmd := exec.Command(cliBinary(t), "--data", data)
			for _, kv := range os.Environ() {
				if !strings.HasPrefix(kv, "LANG=") && !strings.HasPrefix(kv, "LC_") && !strings.HasPrefix(kv, "DISPLAY=") && !strings.HasPrefix(kv, "WAYLAND_DISPLAY=") {
					cmd.Env = append(cmd.Env, kv)
				}
			}
			cmd.Env = append(cmd.Env, "LANG="+l.env, "DISPLAY="+display)
			var errb bytes.Buffer
			cmd.Stderr = &errb
			err := cmd.Run()
			ee, _ := err.(*exec.ExitError)
			if ee == nil || ee.ExitCode() != 1 || strings.Contains(errb.String(), "goroutine") || !strings.Contains(errb.String(), i18n.T(l.lang, "command.no_display")) {
				t.Errorf("DISPLAY=%q %s: %v\n%s", display, l.lang, err, errb.String())
			}
		}
	}
	if _, errs, code := hanoutAs(t, "fr_FR.UTF-8", "", "--data", data, "--lang", "de"); code != 2 || !strings.Contains(errs, i18n.T(pos.FR, "command.lang_invalid", "de")) {
		t.Errorf("--lang de: %d %q", code, errs)
	}
}

// Two customers of one name (the till allows it: people share names):
// adding the second warns and names the first, and a statement asked by
// that name lists both ids to choose from.
func TestCustomersSharingAName(t *testing.T) {
	for _, l := range personLangs[:2] {
		data := t.TempDir()
		hanout(t, "demo", "seed", "--data", data, "--days", "1") // its customers come with its days of selling
		out, errs, code := hanoutAs(t, l.env, "", "accounts", "add", "--data", data, "--name", "omar tazi", "--phone", "0611")
		if code != 0 || !strings.HasPrefix(out, "C-") || !strings.Contains(errs, i18n.T(l.lang, "command.customer_same_name", "omar tazi", "C-omar")) {
			t.Fatalf("%s: second Omar Tazi: %d %q %q", l.lang, code, out, errs)
		}
		_, errs, code = hanoutAs(t, l.env, "", "accounts", "statement", "--data", data, "Omar Tazi")
		if code != 1 || !strings.Contains(errs, "C-omar") || !strings.Contains(errs, strings.TrimSpace(out)) {
			t.Errorf("%s: ambiguous statement: %d %q", l.lang, code, errs)
		}
		// An edit that leaves the name alone does not warn again.
		if _, errs, code := hanoutAs(t, l.env, "", "accounts", "edit", strings.TrimSpace(out), "--phone", "0612", "--data", data); code != 0 || errs != "" {
			t.Errorf("%s: edit of the phone: %d %q", l.lang, code, errs)
		}
	}
}

// The device commands' explanations under their synopsis are in the
// person's language too.
func TestDeviceHelpInTheLanguage(t *testing.T) {
	for _, cmd := range [][]string{{"printer", "test"}, {"receipt", "print"}, {"terminal", "test"}} {
		_, en, _ := hanoutAs(t, "en_US.UTF-8", "", append(cmd, "--help")...)
		for _, l := range personLangs[:2] {
			_, help, _ := hanoutAs(t, l.env, "", append(cmd, "--help")...)
			for _, line := range strings.Split(en, "\n") {
				if len(line) > 30 && !strings.HasPrefix(line, " ") && !strings.Contains(line, "hanout") && strings.Contains(help, line) {
					t.Errorf("%v in %s: %q is not translated", cmd, l.lang, line)
				}
			}
		}
	}
}

// A platform that cannot be reached is said in the person's language,
// cause included (no "dial tcp …: connection refused").
func TestPlatformUnreachableInTheLanguage(t *testing.T) {
	data := t.TempDir()
	hanout(t, "demo", "seed", "--data", data, "--days", "0")
	for _, l := range personLangs[:2] {
		_, errs, code := hanoutAs(t, l.env, "", "sync", "enroll", "--data", data, "--platform", "http://127.0.0.1:1", "--code", "ABCD-EFGH-IJKL-MNOP")
		if code != 1 || strings.Contains(errs, "dial tcp") || !strings.Contains(errs, i18n.T(l.lang, "command.cause.refused")) {
			t.Errorf("%s: %d %q", l.lang, code, errs)
		}
	}
}

// A label and its value follow the language's typography: French puts a
// space before the colon ("Solde dû : 35,00 DH").
func TestLabelsFollowTheTypography(t *testing.T) {
	data := t.TempDir()
	hanout(t, "demo", "seed", "--data", data, "--days", "1")
	out, _, _ := hanoutAs(t, "fr_FR.UTF-8", "", "accounts", "list", "--data", data)
	if !strings.Contains(out, "Total dû par les clients : ") {
		t.Errorf("accounts list:\n%s", out)
	}
	out, _, _ = hanoutAs(t, "fr_FR.UTF-8", "", "sync", "status", "--data", data)
	if !strings.Contains(out, "plateforme :") || strings.Contains(out, "plateforme:") {
		t.Errorf("sync status:\n%s", out)
	}
	out, _, _ = hanoutAs(t, "en_US.UTF-8", "", "sync", "status", "--data", data)
	if !strings.Contains(out, "unsynced:     ") {
		t.Errorf("sync status in English:\n%s", out)
	}
}

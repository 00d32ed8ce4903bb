package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"hanout/drivers/printq"
)

var (
	cliOnce sync.Once
	cliPath string
	cliErr  error
)

// cliBinary builds the real hanout binary once per test run, so these
// tests run the commands exactly as a user types them.
func cliBinary(t *testing.T) string {
	t.Helper()
	cliOnce.Do(func() {
		dir, err := os.MkdirTemp("", "hanout-cli")
		if err != nil {
			cliErr = err
			return
		}
		cliPath = filepath.Join(dir, "hanout")
		out, err := exec.Command("go", "build", "-o", cliPath, ".").CombinedOutput()
		if err != nil {
			cliErr = &buildError{out: string(out), err: err}
		}
	})
	if cliErr != nil {
		t.Fatal(cliErr)
	}
	return cliPath
}

type buildError struct {
	out string
	err error
}

func (e *buildError) Error() string { return e.err.Error() + "\n" + e.out }

// hanout runs the binary and returns stdout, stderr and the exit code.
func hanout(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	return hanoutLang(t, "en_US.UTF-8", args...)
}

// hanoutLang runs the binary with $LANG set to lang ("-" leaves it unset)
// and no other locale variable.
func hanoutLang(t *testing.T, lang string, args ...string) (string, string, int) {
	t.Helper()
	return hanoutAs(t, lang, "", args...)
}

// hanoutAs runs the binary as a person would: $LANG set to lang ("-"
// leaves it unset), no other locale variable, stdin given (a PIN, or
// nothing). It returns stdout, stderr and the exit code.
func hanoutAs(t *testing.T, lang, stdin string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(cliBinary(t), args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "LANG=") && !strings.HasPrefix(kv, "LC_") && !strings.HasPrefix(kv, "LANGUAGE=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	if lang != "-" {
		cmd.Env = append(cmd.Env, "LANG="+lang)
	}
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// The README walk-through: seed, export, Z report, verify, then tamper with
// one byte of a stored sale and see verify name it.
func TestReadmeWalkThrough(t *testing.T) {
	data := t.TempDir()
	out, errs, code := hanout(t, "demo", "seed", "--data", data, "--days", "3", "--seed", "5")
	if code != 0 || !strings.Contains(out, "62 products") {
		t.Fatalf("seed: %d %s %s", code, out, errs)
	}
	out, _, code = hanout(t, "sales", "export", "--data", data)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || !strings.HasPrefix(lines[0], "terminal,receipt,id,time,kind,total") || len(lines) < 30 {
		t.Fatalf("export: %d %q", code, lines[0])
	}
	if !strings.HasPrefix(lines[1], "STAND-1,1,") {
		t.Fatalf("first row %q", lines[1])
	}
	out, _, code = hanout(t, "sales", "export", "--data", data, "--format", "json")
	if code != 0 || !strings.HasPrefix(out, "[\n{\"terminal\":\"STAND-1\",\"receipt\":1,") {
		t.Fatalf("json export: %d %.80q", code, out)
	}
	out, _, code = hanout(t, "report", "z", "--data", data)
	if code != 0 || !strings.Contains(out, "Z REPORT") || !strings.Contains(out, "Variance") {
		t.Fatalf("report z: %d\n%s", code, out)
	}
	out, _, code = hanout(t, "report", "x", "--data", data)
	if code != 0 || !strings.Contains(out, "X REPORT") {
		t.Fatalf("report x: %d\n%s", code, out)
	}
	out, _, code = hanout(t, "journal", "verify", "--data", data)
	if code != 0 || !strings.Contains(out, "chain intact") {
		t.Fatalf("verify: %d %s", code, out)
	}
	backup := filepath.Join(t.TempDir(), "copy.db")
	if _, errs, code := hanout(t, "backup", "--data", data, "--to", backup); code != 0 {
		t.Fatalf("backup: %s", errs)
	}
	// Tamper: receipt 2's total gains one centime... by editing one digit
	// of its JSON in the file.
	path := filepath.Join(data, "hanout.db")
	raw, _ := os.ReadFile(path)
	// Every copy (freed pages may hold stale ones), as the README's perl
	// line does with /g.
	edited := 0
	for off := 0; ; {
		i := bytes.Index(raw[off:], []byte(`"receipt":2,`))
		if i < 0 {
			break
		}
		i += off
		j := bytes.Index(raw[i:], []byte(`"total":`))
		if j < 0 {
			break
		}
		k := i + j + len(`"total":`)
		if raw[k] == '9' {
			raw[k] = '8'
		} else {
			raw[k]++
		}
		edited++
		off = k
	}
	if edited == 0 {
		t.Fatal("receipt 2 not found in the file")
	}
	os.WriteFile(path, raw, 0o600)
	_, errs, code = hanout(t, "journal", "verify", "--data", data)
	if code != 1 || !strings.Contains(errs, "receipt 2 ") {
		t.Fatalf("verify after tampering: %d %s", code, errs)
	}
	// The backup taken before is intact.
	bdir := t.TempDir()
	os.Rename(backup, filepath.Join(bdir, "hanout.db"))
	if _, errs, code := hanout(t, "journal", "verify", "--data", bdir); code != 0 {
		t.Fatalf("backup verify: %s", errs)
	}
}

func TestCatalogImportIsAllOrNothing(t *testing.T) {
	data := t.TempDir()
	hanout(t, "demo", "seed", "--data", data, "--days", "0")
	out, _, _ := hanout(t, "catalog", "export", "--data", data)
	if !strings.HasPrefix(out, "sku,name_fr,name_ar") || strings.Count(out, "\n") != 63 {
		t.Fatalf("export: %d lines", strings.Count(out, "\n"))
	}
	csv := filepath.Join(t.TempDir(), "c.csv")
	os.WriteFile(csv, []byte("sku,name_fr,price,tax\nNEW-1,Nouveau,10,20\nBAD,,10,20\nBAD2,Prix,abc,20\n"), 0o600)
	_, errs, code := hanout(t, "catalog", "import", "--data", data, csv)
	if code != 1 || !strings.Contains(errs, "line 3: name_fr is empty") || !strings.Contains(errs, "line 4: price \"abc\"") {
		t.Fatalf("bad import: %d %s", code, errs)
	}
	out, _, _ = hanout(t, "catalog", "export", "--data", data)
	if strings.Contains(out, "NEW-1") {
		t.Fatal("a bad file imported a row")
	}
	os.WriteFile(csv, []byte("sku,name_fr,price,tax\nNEW-1,Nouveau,10,20\n"), 0o600)
	if out, errs, code := hanout(t, "catalog", "import", "--data", data, csv); code != 0 || !strings.Contains(out, "1 products imported") {
		t.Fatalf("good import: %d %s %s", code, out, errs)
	}
}

func TestUsageAndErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"nope"}, 2, "unknown command"},
		{[]string{"report"}, 2, "Usage"},
		{[]string{"report", "z", "--date", "28/11/2026", "--data", t.TempDir()}, 2, "YYYY-MM-DD"},
		{[]string{"sales", "export", "--format", "xml", "--data", t.TempDir()}, 2, "csv or json"},
		{[]string{"journal", "verify", "--data", t.TempDir()}, 1, "No Hanout till in"},
		{[]string{"backup", "--data", t.TempDir()}, 2, "--to FILE is required"},
		{[]string{"catalog", "import", "--data", t.TempDir(), "/does/not/exist.csv"}, 1, "Cannot read /does/not/exist.csv"},
		{[]string{"report", "--help"}, 0, "Usage"},
		{[]string{"sales", "export", "--help"}, 0, "--from"},
	} {
		_, errs, code := hanout(t, c.args...)
		if code != c.code || !strings.Contains(errs, c.err) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, errs, c.code, c.err)
		}
	}
}

func TestSecondProcessGetsAlreadyRunning(t *testing.T) {
	data := t.TempDir()
	hanout(t, "demo", "seed", "--data", data, "--days", "0")
	// Hold the store as a running till would.
	s, err := openStore(data, false)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, errs, code := hanout(t, "journal", "verify", "--data", data)
	if code != 1 || !strings.Contains(errs, "already running with this data folder") {
		t.Fatalf("exit %d: %s", code, errs)
	}
}

// "receipt print N" takes port, speed and model from the till's printer
// settings, and prints on a simulated printer on a pseudo-terminal.
func TestReceiptPrintUsesSavedPrinter(t *testing.T) {
	data := t.TempDir()
	hanout(t, "demo", "seed", "--data", data, "--days", "1")
	link := filepath.Join(t.TempDir(), "printer")
	sim := exec.Command(cliBinary(t), "sim", "printer", "--link", link, "--baud", "0", "--out", t.TempDir())
	simOut := &lockedBuffer{}
	sim.Stdout = simOut
	sim.Env = append(os.Environ(), "LANG=en_US.UTF-8")
	if err := sim.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { sim.Process.Kill(); sim.Wait() }()
	for i := 0; i < 100; i++ {
		if _, err := os.Stat(link); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	s, err := openStore(data, false)
	if err != nil {
		t.Fatal(err)
	}
	ps := printq.DefaultSettings()
	ps.Port, ps.Profile, ps.Width = link, "pos58", 58
	s.PutSetting(printq.SettingKey, ps)
	s.Close()
	if out, errs, code := hanout(t, "receipt", "print", "2", "--data", data); code != 0 {
		t.Fatalf("receipt print: %d %s %s", code, out, errs)
	}
	for i := 0; i < 100 && !strings.Contains(simOut.String(), "000002"); i++ {
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(simOut.String(), "000002") {
		t.Fatalf("the simulated printer did not print receipt 2:\n%s", simOut.String())
	}
	// --text shows it without touching the printer.
	if out, _, code := hanout(t, "receipt", "print", "2", "--text", "--data", data); code != 0 || !strings.Contains(out, "000002") {
		t.Fatalf("--text: %d %s", code, out)
	}
}

// lockedBuffer collects a child's output while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Flags may follow the file name, as people type them.
func TestFlagsAfterArguments(t *testing.T) {
	data := t.TempDir()
	hanout(t, "demo", "seed", "--data", data, "--days", "0")
	csv := filepath.Join(t.TempDir(), "c.csv")
	os.WriteFile(csv, []byte("sku,name_fr,price,tax\nNEW-2,Nouveau,10,20\n"), 0o600)
	if out, errs, code := hanout(t, "catalog", "import", csv, "--data", data); code != 0 || !strings.Contains(out, "1 products imported") {
		t.Fatalf("import FILE --data: %d %s %s", code, out, errs)
	}
	// A mistyped folder is refused, not created.
	typo := filepath.Join(t.TempDir(), "typo")
	if _, errs, code := hanout(t, "catalog", "import", csv, "--data", typo); code != 1 || !strings.Contains(errs, "No Hanout till") {
		t.Fatalf("import into a missing till: %d %s", code, errs)
	}
	if _, err := os.Stat(typo); err == nil {
		t.Fatal("a store was created in the mistyped folder")
	}
}

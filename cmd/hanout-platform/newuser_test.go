package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hanout/sync/platform/boltstore"
)

// platformCmd runs one admin command in the process and returns its exit
// code, stdout and stderr.
func platformCmd(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	c := run(args, &out, &errb)
	return c, out.String(), errb.String()
}

// What an administrator really types wrong: each answered with a clear
// message and its exit code, and nothing half-written.
func TestAdminMistakes(t *testing.T) {
	dir := t.TempDir()
	c, out, errs := platformCmd("merchant", "add", "--data", dir, "--acquirer-id", "ACQ-1", "--city", "Fès", "--category", "poterie", "Coop A")
	if c != exitOK {
		t.Fatalf("merchant add: %d %s", c, errs)
	}
	m := strings.TrimSpace(out)
	typo := filepath.Join(t.TempDir(), "platfrom")
	for _, x := range []struct {
		name string
		args []string
		code int
		says string
	}{
		// The acquirer account is another merchant's: no second merchant
		// is left behind without it (a retry would make a third).
		{"account taken", []string{"merchant", "add", "--data", dir, "--acquirer-id", "ACQ-1", "Coop B"}, exitFail, "merchant " + m + " has it"},
		// A typo in --data: no empty platform is made there.
		{"terminal add, data typo", []string{"terminal", "add", "--data", typo, "--merchant", m, "--name", "S1"}, exitFail, "no platform in " + typo},
		{"terminal list, data typo", []string{"terminal", "list", "--data", typo, "--merchant", m}, exitFail, "no platform in " + typo},
		{"sales export, data typo", []string{"sales", "export", "--data", typo, "--merchant", m}, exitFail, "no platform in " + typo},
		{"user add, data typo", []string{"user", "add", "--data", typo, "--merchant", m, "--name", "A", "--email", "a@coop.ma"}, exitFail, "no platform in " + typo},
		// merchant place with neither --city nor --category would clear both.
		{"place without a place", []string{"merchant", "place", "--data", dir, "--merchant", m}, exitUsage, "--city"},
		{"pay before any serve", []string{"pay", "REF", "--account", "ACQ-1", "--amount", "12,50", "--data", dir}, exitFail, "no acquirer secret in " + dir},
	} {
		old := stdin
		stdin = strings.NewReader("un long mot de passe\n")
		c, out, errs := platformCmd(x.args...)
		stdin = old
		if c != x.code || !strings.Contains(errs, x.says) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want %d and %q", x.name, c, out, errs, x.code, x.says)
		}
		if strings.Contains(errs, "no such file") {
			t.Errorf("%s: Go's text in %q", x.name, errs)
		}
	}
	if _, err := os.Stat(typo); err == nil {
		t.Errorf("a mistyped --data made the folder %s", typo)
	}
	// One place given changes that one only.
	if c, _, errs := platformCmd("merchant", "place", "--data", dir, "--merchant", m, "--city", "Safi"); c != exitOK {
		t.Fatalf("place the city: %d %s", c, errs)
	}
	st, err := boltstore.Open(dir, boltstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ms, err := st.Merchants()
	if err != nil || len(ms) != 1 {
		t.Fatalf("merchants %+v %v: the refused add left one behind", ms, err)
	}
	if ms[0].City != "Safi" || ms[0].Category != "poterie" || ms[0].Account != "ACQ-1" {
		t.Fatalf("merchant %+v", ms[0])
	}
}

// A product file the platform refuses says why in words, never with a
// translation key ("product.name_missing[X1]").
func TestProductSetRefusalInWords(t *testing.T) {
	dir := t.TempDir()
	_, out, _ := platformCmd("merchant", "add", "--data", dir, "Coop")
	file := filepath.Join(t.TempDir(), "p.json")
	os.WriteFile(file, []byte(`{"sku":"X1","price":5000,"tax":2000}`), 0o600)
	c, _, errs := platformCmd("product", "set", "--data", dir, "--merchant", strings.TrimSpace(out), file)
	if c != exitFail || strings.Contains(errs, "product.name_missing") || !strings.Contains(errs, "Product X1 has no French name.") {
		t.Fatalf("exit %d, %q", c, errs)
	}
}

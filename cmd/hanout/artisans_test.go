package main

import (
	"os"
	"strings"
	"testing"
)

// hanoutIn runs the binary in English with stdin (a PIN).
func hanoutIn(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	return hanoutAs(t, "en_US.UTF-8", stdin, args...)
}

// The artisans from the command line: add one, pay it with the manager's
// PIN (a wrong PIN pays nothing), and the report as CSV with the issue's
// columns.
func TestArtisansCommands(t *testing.T) {
	data := t.TempDir()
	hanout(t, "demo", "seed", "--data", data, "--days", "2")
	out, errs, code := hanout(t, "artisan", "add", "--data", data, "--name", "Brahim Ouali", "--commission", "12,5", "--phone", "0612")
	if code != 0 || !strings.HasPrefix(out, "a-") {
		t.Fatalf("add: %d %q %s", code, out, errs)
	}
	if _, errs, code := hanout(t, "artisan", "add", "--data", data, "--name", "brahim ouali"); code != 1 || !strings.Contains(errs, "already called") {
		t.Fatalf("same name again: %d %s", code, errs)
	}
	list, _, _ := hanout(t, "artisan", "list", "--data", data, "--format", "csv")
	if !strings.HasPrefix(list, "id,name,phone,commission\n") || !strings.Contains(list, ",Brahim Ouali,0612,12.50\n") || strings.Count(list, "\n") != 7 {
		t.Fatalf("list:\n%s", list)
	}
	if _, errs, code := hanoutIn(t, "9999\n", "artisan", "payout", "Brahim Ouali", "--data", data, "--amount", "50", "--manager", "Fatima"); code != 1 || !strings.Contains(errs, "manager") {
		t.Fatalf("wrong PIN: %d %s", code, errs)
	}
	if out, errs, code := hanoutIn(t, "1234\n", "artisan", "payout", "brahim ouali", "--data", data, "--amount", "50", "--manager", "Fatima", "--how", "transfer"); code != 0 || !strings.Contains(out, "Brahim Ouali") {
		t.Fatalf("payout: %d %s %s", code, out, errs)
	}
	csv, errs, code := hanout(t, "report", "artisans", "--data", data, "--format", "csv")
	if code != 0 || !strings.HasPrefix(csv, "artisan,pieces,sales,commission,owed,paid,balance\n") || !strings.Contains(csv, "\nBrahim Ouali,0,0.00,0.00,0.00,50.00,-50.00\n") {
		t.Fatalf("report: %d\n%s%s", code, csv, errs)
	}
	if _, _, code := hanout(t, "report", "artisans", "--data", data, "--from", "28/11/2026"); code != 2 {
		t.Fatalf("bad date: exit %d", code)
	}
	text, _, code := hanout(t, "report", "artisans", "--data", data, "--width", "40")
	if code != 0 || !strings.Contains(text, "ARTISANS REPORT") || !strings.Contains(text, "Khadija Aït Ahmed") {
		t.Fatalf("text report:\n%s", text)
	}
}

// The catalogue file names artisans: an export writes their names, and
// importing it again changes no artisan; a new name in a file creates an
// artisan at 0 % and says so.
func TestCatalogFileNamesArtisans(t *testing.T) {
	data := t.TempDir()
	hanout(t, "demo", "seed", "--data", data, "--days", "0")
	out, errs, code := hanout(t, "catalog", "export", "--data", data)
	if code != 0 || !strings.Contains(out, ",Khadija Aït Ahmed,") || strings.Contains(out, "a-aitahmed") {
		t.Fatalf("export: %d %s\n%s", code, errs, out)
	}
	file := t.TempDir() + "/cat.csv"
	os.WriteFile(file, []byte(out), 0o600)
	if out, errs, code := hanout(t, "catalog", "import", "--data", data, file); code != 0 || strings.Contains(out, "created") {
		t.Fatalf("re-import: %d %s %s", code, out, errs)
	}
	os.WriteFile(file, []byte("sku,name_fr,price,tax,artisan\nNEW-1,Coffret,120,20,Atelier Nouveau\n"), 0o600)
	if out, errs, code := hanout(t, "catalog", "import", "--data", data, file); code != 0 || !strings.Contains(out, "1 artisan(s) created at 0 % commission") {
		t.Fatalf("import with a new artisan: %d %s %s", code, out, errs)
	}
	list, _, _ := hanout(t, "artisan", "list", "--data", data, "--format", "csv")
	if strings.Count(list, "\n") != 7 || !strings.Contains(list, ",Atelier Nouveau,,0\n") {
		t.Fatalf("artisans:\n%s", list)
	}
}

package main

import (
	"strings"
	"testing"
)

// `hanout report z` shows each foreign currency's notes, expected and
// counted, and `hanout sales export` the cash_eur and cash_usd tenders
// with their dirham value: the demo's tourists paid in both.
func TestReportAndExportPerCurrency(t *testing.T) {
	data := t.TempDir()
	if out, errs, code := hanout(t, "demo", "seed", "--data", data, "--days", "2", "--seed", "5"); code != 0 {
		t.Fatalf("seed: %d %s %s", code, out, errs)
	}
	out, _, code := hanoutLang(t, "fr_FR.UTF-8", "report", "z", "--data", data)
	if code != 0 {
		t.Fatalf("report z: %d\n%s", code, out)
	}
	for _, want := range []string{"Espèces EUR (", "Billets EUR (", "Attendus", "Comptés", "Rendu en dirhams sur devises"} {
		if !strings.Contains(out, want) {
			t.Errorf("report z lacks %q:\n%s", want, out)
		}
	}
	out, _, code = hanout(t, "sales", "export", "--data", data)
	if code != 0 || !strings.Contains(out, "cash_eur:") {
		t.Fatalf("export: %d\n%s", code, out)
	}
}

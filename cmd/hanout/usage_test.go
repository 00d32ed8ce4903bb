package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Fyne reads the locale while it is initialised and logged "Error parsing
// user locale C" under LANG=C.UTF-8 before any command ran.
func TestNoCommandPrintsFyneLocaleError(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte("sku,name_fr,price,tax\nA,Thé,x,20\n"), 0o600)
	for _, lang := range []string{"C", "C.UTF-8", "POSIX", "-", "fr_FR.UTF-8", "ar_MA.UTF-8"} {
		for _, args := range [][]string{{"--help"}, {"report"}, {"sales", "export", "--help"}, {"catalog", "import", "--data", t.TempDir(), bad}} {
			_, errs, _ := hanoutLang(t, lang, args...)
			if strings.Contains(errs, "Fyne error") || strings.Contains(errs, "user locale") {
				t.Errorf("LANG=%s hanout %v printed:\n%s", lang, args, errs)
			}
		}
	}
}

// Usage texts and the per-line reasons of a refused catalogue import come
// in the language of $LANG.
func TestUsageAndImportReasonsFollowLANG(t *testing.T) {
	data := t.TempDir()
	hanout(t, "demo", "seed", "--data", data, "--days", "0")
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte("sku,name_fr,price,tax\nA,Thé,x,20\nB,Café,10,20\nB,Miel,12,20\nC,,5,20\n"), 0o600)
	for _, c := range []struct {
		lang        string
		usage, flag string
		lines       []string
	}{
		{"fr_FR.UTF-8", "Utilisation : hanout sales export", "premier jour, inclus",
			[]string{"ligne 2 : le prix \"x\" n'est pas un montant", "ligne 4 : référence \"B\" déjà à la ligne 3", "ligne 5 : name_fr est vide"}},
		{"ar_MA.UTF-8", "الاستعمال: hanout sales export", "اليوم الأول، مشمول",
			[]string{"السطر 2: الثمن \"x\" ليس مبلغًا", "السطر 4: المرجع \"B\" موجود في السطر 3", "السطر 5: name_fr فارغ"}},
		{"en_US.UTF-8", "Usage: hanout sales export", "first day, inclusive",
			[]string{"line 2: price \"x\" is not an amount", "line 4: SKU \"B\" already on line 3", "line 5: name_fr is empty"}},
	} {
		_, errs, code := hanoutLang(t, c.lang, "sales", "export", "--help")
		if code != 0 || !strings.Contains(errs, c.usage) || !strings.Contains(errs, c.flag) {
			t.Errorf("LANG=%s sales export --help: exit %d\n%s", c.lang, code, errs)
		}
		_, errs, code = hanoutLang(t, c.lang, "catalog", "import", "--data", data, bad)
		if code != 1 {
			t.Errorf("LANG=%s refused import: exit %d", c.lang, code)
		}
		for _, l := range c.lines {
			if !strings.Contains(errs, l+"\n") {
				t.Errorf("LANG=%s refused import: no line %q in\n%s", c.lang, l, errs)
			}
		}
	}
}

package i18n

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"hanout/assets"
	"hanout/pos"
)

// Every key must exist in fr, ar and en: a missing Arabic message would
// show a raw key to a seller.
func TestNoKeyMissingInAnyLanguage(t *testing.T) {
	c, err := Load(assets.Translations)
	if err != nil {
		t.Fatal(err)
	}
	if m := c.Missing(); len(m) > 0 {
		t.Fatalf("missing translations:\n%s", strings.Join(m, "\n"))
	}
	if len(c[pos.FR]) < 10 {
		t.Fatalf("only %d French messages loaded", len(c[pos.FR]))
	}
}

func TestMissingIsDetected(t *testing.T) {
	fsys := fstest.MapFS{
		"i18n/a.fr.json": {Data: []byte(`{"x":"X","y":"Y"}`)},
		"i18n/a.ar.json": {Data: []byte(`{"x":"س"}`)},
		"i18n/a.en.json": {Data: []byte(`{"x":"X","y":"Y"}`)},
	}
	c, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if m := c.Missing(); len(m) != 1 || m[0] != "ar: y" {
		t.Fatalf("Missing() = %v", m)
	}
}

func TestDuplicateKeyAcrossAreasIsAnError(t *testing.T) {
	fsys := fstest.MapFS{
		"i18n/a.fr.json": {Data: []byte(`{"x":"X"}`)},
		"i18n/b.fr.json": {Data: []byte(`{"x":"X2"}`)},
	}
	if _, err := Load(fsys); err == nil {
		t.Fatal("duplicate key accepted")
	}
}

func TestErrorIsTranslated(t *testing.T) {
	err := pos.Errorf("money.invalid", "abc")
	for _, l := range pos.Langs {
		got := Error(l, err)
		if got == "money.invalid" || !strings.Contains(got, "abc") {
			t.Errorf("%s: %q", l, got)
		}
	}
}

// Every key the code passes to pos.Errorf or pos.Wrap must have a message,
// so no seller ever reads a raw key.
func TestEveryKeyUsedInCodeIsTranslated(t *testing.T) {
	c, err := Load(assets.Translations)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`pos\.(?:Errorf|Wrap)\((?:[A-Za-z_.]+, )?"([a-z_]+\.[a-z_.]+)"|\bErrorf\("([a-z_]+\.[a-z_.]+)"|\bWrap\([A-Za-z_.]+, "([a-z_]+\.[a-z_.]+)"`)
	root := "../.."
	var missing []string
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, _ := os.ReadFile(path)
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			key := m[1] + m[2] + m[3]
			if _, ok := c[pos.FR][key]; !ok {
				missing = append(missing, path+": "+key)
			}
		}
		return nil
	})
	if len(missing) > 0 {
		t.Fatalf("keys without a message:\n%s", strings.Join(missing, "\n"))
	}
}

package concert

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"hanout/assets"
	"hanout/pos"
	"hanout/pos/i18n"
)

// Every "terminal.*" key this package can put in front of a seller, the
// outcome messages included, has a message in every language, and every
// message with a placeholder uses it.
func TestEveryTerminalKeyIsTranslated(t *testing.T) {
	c, err := i18n.Load(assets.Translations)
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	files, _ := filepath.Glob("*.go")
	re := regexp.MustCompile(`"(terminal\.[a-z_]+)"`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			keys[m[1]] = true
		}
	}
	for _, o := range []Outcome{NotSent, Approved, Refused, Unverified, Ambiguous} {
		keys[o.Key()] = true
	}
	if len(keys) < 15 {
		t.Fatalf("only %d keys found: %v", len(keys), keys)
	}
	for k := range keys {
		for _, l := range pos.Langs {
			msg, ok := c[l][k]
			if !ok {
				t.Errorf("%s: no message for %s", l, k)
				continue
			}
			if strings.Contains(c[pos.EN][k], "%[1]v") != strings.Contains(msg, "%[1]v") {
				t.Errorf("%s: %s placeholders differ from English", l, k)
			}
		}
	}
}

package house

import (
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"strings"
	"testing"
)

type pkg struct {
	ImportPath string
	Imports    []string // direct, without tests
	Deps       []string // everything it needs to build, without tests
}

// project lists the module's packages with their imports, as `go list
// -deps -json` reports them (test files are not counted: a test may reach
// anything it drives).
func project(t *testing.T) map[string]pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", "-json", "hanout/...")
	cmd.Dir = moduleRoot(t)
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	pkgs := map[string]pkg{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		if under(p.ImportPath, "hanout") {
			pkgs[p.ImportPath] = p
		}
	}
	if len(pkgs) < 20 {
		t.Fatalf("go list found %d project packages", len(pkgs))
	}
	return pkgs
}

// under reports whether path is root or a package below it.
func under(path, root string) bool { return path == root || strings.HasPrefix(path, root+"/") }

func underAny(path string, roots ...string) bool {
	for _, r := range roots {
		if under(path, r) {
			return true
		}
	}
	return false
}

// rule is one line of the house's layering.
type rule struct {
	name string
	// applies picks the packages the rule constrains.
	applies func(p string) bool
	// forbidden says whether an import (direct or, with deps, transitive)
	// breaks the rule.
	forbidden func(imp string) bool
	deps      bool
}

// only builds "only the owners import lib".
func only(lib string, owners ...string) rule {
	return rule{
		name:      "only " + strings.Join(owners, ", ") + " import " + lib,
		applies:   func(p string) bool { return !underAny(p, owners...) },
		forbidden: func(imp string) bool { return under(imp, lib) },
	}
}

var rules = []rule{
	{
		name:      "pos imports no other package of the project",
		applies:   func(p string) bool { return p == "hanout/pos" },
		forbidden: func(imp string) bool { return under(imp, "hanout") },
		deps:      true,
	},
	{
		name:      "nothing under drivers/ imports pos/ui or pos/store",
		applies:   func(p string) bool { return under(p, "hanout/drivers") },
		forbidden: func(imp string) bool { return underAny(imp, "hanout/pos/ui", "hanout/pos/store") },
		deps:      true,
	},
	{
		name:      "pos/receipt imports no driver",
		applies:   func(p string) bool { return under(p, "hanout/pos/receipt") },
		forbidden: func(imp string) bool { return under(imp, "hanout/drivers") },
		deps:      true,
	},
	only("go.etcd.io/bbolt", "hanout/pos/store", "hanout/sync/platform/boltstore"),
	only("fyne.io/fyne/v2", "hanout/pos/ui", "hanout/cmd/hanout"),
	only("github.com/tarm/serial", "hanout/drivers/serialport"),
	only("github.com/skip2/go-qrcode", "hanout/pos/qr"),
}

func TestLayering(t *testing.T) {
	pkgs := project(t)
	for _, r := range rules {
		for path, p := range pkgs {
			if !r.applies(path) {
				continue
			}
			imps := p.Imports
			if r.deps {
				imps = p.Deps
			}
			for _, imp := range imps {
				if r.forbidden(imp) {
					t.Errorf("%s: %s imports %s", r.name, path, imp)
				}
			}
		}
	}
}

// Each rule can fail: fed a package that breaks it, it says so.
func TestLayeringRulesBite(t *testing.T) {
	bad := map[string]string{
		"pos imports no other package of the project":                                   "hanout/pos hanout/pos/i18n",
		"nothing under drivers/ imports pos/ui or pos/store":                            "hanout/drivers/printq hanout/pos/store",
		"pos/receipt imports no driver":                                                 "hanout/pos/receipt hanout/drivers/escpos",
		"only hanout/pos/store, hanout/sync/platform/boltstore import go.etcd.io/bbolt": "hanout/sync go.etcd.io/bbolt/errors",
		"only hanout/pos/ui, hanout/cmd/hanout import fyne.io/fyne/v2":                  "hanout/cmd/hanout-platform fyne.io/fyne/v2/widget",
		"only hanout/drivers/serialport import github.com/tarm/serial":                  "hanout/drivers/concert github.com/tarm/serial",
		"only hanout/pos/qr import github.com/skip2/go-qrcode":                          "hanout/drivers/escpos github.com/skip2/go-qrcode",
	}
	for _, r := range rules {
		c, ok := bad[r.name]
		if !ok {
			t.Errorf("no failing case for rule %q", r.name)
			continue
		}
		p, imp, _ := strings.Cut(c, " ")
		if !r.applies(p) || !r.forbidden(imp) {
			t.Errorf("rule %q lets %s import %s", r.name, p, imp)
		}
	}
}

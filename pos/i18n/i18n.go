// Package i18n turns translation keys into text in the seller's language.
// Messages live in assets/i18n/<area>.<lang>.json as flat {"key": "text"}
// objects; placeholders are fmt verbs with explicit indexes (%[1]v) so a
// language may reorder them.
package i18n

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"hanout/assets"
	"hanout/pos"
)

// Catalog maps language -> key -> message.
type Catalog map[pos.Lang]map[string]string

var (
	loadOnce sync.Once
	builtin  Catalog
	loadErr  error
)

// Load parses every translation file of fsys (files named <area>.<lang>.json
// under i18n/). A key defined twice for one language is an error, so two
// areas cannot silently fight over a message.
func Load(fsys fs.FS) (Catalog, error) {
	c := Catalog{}
	for _, l := range pos.Langs {
		c[l] = map[string]string{}
	}
	files, err := fs.Glob(fsys, "i18n/*.json")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		parts := strings.Split(strings.TrimSuffix(path.Base(f), ".json"), ".")
		if len(parts) != 2 {
			return nil, fmt.Errorf("i18n: %s: name must be <area>.<lang>.json", f)
		}
		lang := pos.Lang(parts[1])
		msgs, ok := c[lang]
		if !ok {
			return nil, fmt.Errorf("i18n: %s: unknown language %q", f, parts[1])
		}
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", f, err)
		}
		for k, v := range m {
			if _, dup := msgs[k]; dup {
				return nil, fmt.Errorf("i18n: %s: key %q defined twice", f, k)
			}
			msgs[k] = v
		}
	}
	return c, nil
}

// Builtin returns the catalog embedded in the binary.
func Builtin() Catalog {
	loadOnce.Do(func() { builtin, loadErr = Load(assets.Translations) })
	if loadErr != nil {
		// The embedded files are checked by tests; reaching this means a
		// broken build, so fall back to showing keys rather than crash.
		return Catalog{}
	}
	return builtin
}

// Missing lists "lang: key" for every key that one language has and another
// lacks.
func (c Catalog) Missing() []string {
	all := map[string]bool{}
	for _, msgs := range c {
		for k := range msgs {
			all[k] = true
		}
	}
	var out []string
	for _, l := range pos.Langs {
		for k := range all {
			if _, ok := c[l][k]; !ok {
				out = append(out, string(l)+": "+k)
			}
		}
	}
	sort.Strings(out)
	return out
}

// T returns the message for key in lang with args filled in. An unknown key
// comes back as the key itself, so a gap is visible but never fatal.
func T(l pos.Lang, key string, args ...any) string {
	msg, ok := Builtin()[l][key]
	if !ok {
		msg, ok = Builtin()[pos.FR][key]
	}
	if !ok {
		return key
	}
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, args...)
}

// Error renders err for a person: the translated message of its *pos.Error,
// or the generic "error.internal" message for anything else.
func Error(l pos.Lang, err error) string {
	var e *pos.Error
	if errors.As(err, &e) {
		return T(l, e.Key, e.Args...)
	}
	return T(l, "error.internal")
}

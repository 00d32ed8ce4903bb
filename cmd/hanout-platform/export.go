package main

import (
	"fmt"

	"hanout/pos/export"
	"hanout/sync/platform"
)

// terminalRows keeps the rows of the merchant's terminal named (or with
// the platform id) term: the documents carrying its identity or one of its
// aliases (what the till sold before it enrolled), so a till's own export
// and the platform's for that terminal compare line for line.
func terminalRows(st platform.Storage, merchant, term string, rows []export.Row) ([]export.Row, error) {
	ts, err := st.Terminals(merchant)
	if err != nil {
		return nil, err
	}
	for _, t := range ts {
		if t.ID != term && !platform.SameIdentity(t.Name, term) {
			continue
		}
		if t.Till == "" {
			t.Till = t.Name // not enrolled yet: its documents would carry its name
		}
		out := []export.Row{}
		for _, r := range rows {
			if t.Owns(r.Terminal) {
				out = append(out, r)
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("merchant %s has no terminal %q: %w", merchant, term, platform.ErrNotFound)
}

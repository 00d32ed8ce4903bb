package store

// Journal events: changes outside sales (the catalogue and its prices,
// users and PINs, device, platform and QR settings) are committed as
// KindEvent documents in the same transaction as the change, so they are
// chained and synced like sales. Who is the actor the till or the command
// named (SetActor); when is the store's clock; before and after are the
// JSON of the thing changed, with PIN hashes and tokens shown only as
// changed or not.

import (
	"bytes"
	"encoding/json"
	"sort"

	bolt "go.etcd.io/bbolt"

	"hanout/pos"
)

// journaledSettings are the settings whose changes are journal events;
// the others are the till's own bookkeeping (sync cursor, last state).
var journaledSettings = map[string]bool{"shop": true, "card": true, "printer": true, "sync": true, "qr": true, "kiosk": true, kRates: true}

// secretFields are never written into an event, only whether they changed.
var secretFields = map[string]bool{"pin_hash": true, "token": true, "secret": true, "password": true}

// SetActor names who makes the changes that follow: the user logged in at
// the till, or the command line. Events record it; "" means "system".
func (s *Store) SetActor(name string) { s.actor.Store(name) }

func (s *Store) actorName() string {
	if v, _ := s.actor.Load().(string); v != "" {
		return v
	}
	return "system"
}

// event journals a change of what/key from before to after (JSON, nil for
// none) in tx; nothing when they are the same. ignore lists fields whose
// change alone is no event (a product's edit stamp).
func (s *Store) event(tx *bolt.Tx, what, key string, before, after []byte, ignore ...string) error {
	b, a := redact(before, after, ignore)
	if b == a {
		return nil
	}
	meta := tx.Bucket(bMeta)
	d := &pos.Document{ID: pos.NewID(), Kind: pos.KindEvent, Terminal: string(meta.Get(kTerminal)), Time: s.Now(), Cashier: s.actorName(),
		Event: &pos.Event{What: what, Key: key, Before: b, After: a}}
	nextSeq(meta, d)
	return s.journal(tx, d)
}

// redact renders before and after as compact JSON without the ignored
// fields, secrets replaced by "***" (after: "*** changed" when it changed).
func redact(before, after []byte, ignore []string) (string, string) {
	parse := func(raw []byte) map[string]json.RawMessage {
		if raw == nil {
			return nil
		}
		m := map[string]json.RawMessage{}
		if json.Unmarshal(raw, &m) != nil {
			return map[string]json.RawMessage{"value": raw}
		}
		for _, f := range ignore {
			delete(m, f)
		}
		return m
	}
	bm, am := parse(before), parse(after)
	for f := range secretFields {
		bv, bok := bm[f]
		av, aok := am[f]
		if bok {
			bm[f] = json.RawMessage(`"***"`)
		}
		if aok {
			am[f] = json.RawMessage(`"***"`)
			if !bytes.Equal(bv, av) {
				am[f] = json.RawMessage(`"*** changed"`)
			}
		}
	}
	render := func(m map[string]json.RawMessage) string {
		if m == nil {
			return ""
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var buf bytes.Buffer
		buf.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				buf.WriteByte(',')
			}
			kb, _ := json.Marshal(k)
			buf.Write(kb)
			buf.WriteByte(':')
			var c bytes.Buffer
			if json.Compact(&c, m[k]) == nil {
				buf.Write(c.Bytes())
			} else {
				buf.Write(m[k])
			}
		}
		buf.WriteByte('}')
		return buf.String()
	}
	return render(bm), render(am)
}

// Events returns the journal events of the days from..to inclusive
// ("2006-01-02", empty: unbounded), in journal order.
func (s *Store) Events(from, to string) ([]*pos.Document, error) {
	docs, err := s.Days(from, to)
	var out []*pos.Document
	for _, d := range docs {
		if d.Kind == pos.KindEvent {
			out = append(out, d)
		}
	}
	return out, err
}

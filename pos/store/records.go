package store

// Master records: the merchant's own lists that every till of the merchant
// shares, edited on any of them (customers of the credit notebook,
// artisans of a cooperative). One mechanism for all kinds:
//
//   - A record is a kind, an id and a JSON object. A kind is registered
//     once with its validation (RegisterRecordKind).
//   - An edit on the till is stored together with a journal event
//     (What = the kind, Key = the id, After = the record's JSON) in one
//     transaction; the event is chained and pushed like a sale, and that
//     push is how the edit reaches the platform.
//   - The platform keeps the latest version per (merchant, kind, id) and
//     hands it to the other tills in its feed ("record" changes);
//     ApplyChanges stores it unless the till holds a later edit.
//   - "Later" is the edit's time, then its event id: every till and the
//     platform order two edits the same way, so they all end up with the
//     same version (the later edit wins).

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"hanout/pos"
)

var bRecords = []byte("records") // kind NUL id -> JSON storedRecord

func init() { allBuckets = append(allBuckets, bRecords) }

// recordKinds maps a registered kind to its validation.
var (
	recordMu    sync.RWMutex
	recordKinds = map[string]func(id string, data []byte) error{}
)

// RegisterRecordKind makes kind a master record the till stores and
// syncs; validate checks a version (from this till or from the feed)
// before it is stored. Call it from an init function.
func RegisterRecordKind(kind string, validate func(id string, data []byte) error) {
	recordMu.Lock()
	defer recordMu.Unlock()
	recordKinds[kind] = validate
}

func recordValidator(kind string) func(string, []byte) error {
	recordMu.RLock()
	defer recordMu.RUnlock()
	return recordKinds[kind]
}

// Record is one stored master record: its JSON, and when and by which
// journal event (on whichever till) its version was made.
type Record struct {
	Kind string          `json:"kind"`
	ID   string          `json:"id"`
	Data json.RawMessage `json:"data"`
	Time time.Time       `json:"time"`
	Doc  string          `json:"doc"`
}

// Later reports whether version (t, doc) was made after (t2, doc2).
func Later(t time.Time, doc string, t2 time.Time, doc2 string) bool {
	if !t.Equal(t2) {
		return t.After(t2)
	}
	return doc > doc2
}

func recordKey(kind, id string) []byte { return []byte(kind + "\x00" + id) }

func getRecord(tx *bolt.Tx, kind, id string) (*Record, error) {
	raw := tx.Bucket(bRecords).Get(recordKey(kind, id))
	if raw == nil {
		return nil, nil
	}
	var r Record
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, pos.Wrap(err, "accounts.damaged_record", kind, id)
	}
	return &r, nil
}

func putRecordRaw(tx *bolt.Tx, r *Record) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return tx.Bucket(bRecords).Put(recordKey(r.Kind, r.ID), b)
}

// PutRecord stores a till edit of a master record with its journal event.
// ignore names fields whose change alone is no edit (an edit stamp); they
// are not stored. Storing what is already there does nothing.
func (s *Store) PutRecord(kind, id string, data []byte, ignore ...string) error {
	return diskErr(s.db.Update(func(tx *bolt.Tx) error {
		_, err := s.putRecord(tx, kind, id, data, ignore...)
		return err
	}))
}

// putRecord stores the edit in tx and returns the version stored (nil when
// nothing changed).
func (s *Store) putRecord(tx *bolt.Tx, kind, id string, data []byte, ignore ...string) (*Record, error) {
	validate := recordValidator(kind)
	if validate == nil {
		return nil, fmt.Errorf("store: record kind %q is not registered", kind)
	}
	var before []byte
	old, err := getRecord(tx, kind, id)
	if err != nil {
		return nil, err
	}
	if old != nil {
		before = old.Data
	}
	_, after := redact(nil, data, ignore)
	if err := validate(id, []byte(after)); err != nil {
		return nil, err
	}
	b, _ := redact(before, nil, ignore)
	if b == after {
		return nil, nil
	}
	meta := tx.Bucket(bMeta)
	d := &pos.Document{ID: pos.NewID(), Kind: pos.KindEvent, Terminal: string(meta.Get(kTerminal)), Time: s.Now().UTC(), Cashier: s.actorName(),
		Event: &pos.Event{What: kind, Key: id, Before: b, After: after}}
	// Two edits of one record on one till are never the same instant:
	// the later edit must sort later everywhere.
	if old != nil && !d.Time.After(old.Time) {
		d.Time = old.Time.Add(time.Microsecond)
	}
	nextSeq(meta, d)
	if err := s.journal(tx, d); err != nil {
		return nil, err
	}
	r := &Record{Kind: kind, ID: id, Data: json.RawMessage(after), Time: d.Time, Doc: d.ID}
	return r, putRecordRaw(tx, r)
}

// GetRecord returns a stored record, or nil when there is none.
func (s *Store) GetRecord(kind, id string) (r *Record, err error) {
	err = s.db.View(func(tx *bolt.Tx) error { r, err = getRecord(tx, kind, id); return err })
	return r, err
}

// Records returns every record of a kind, by id.
func (s *Store) Records(kind string) (out []Record, err error) {
	prefix := []byte(kind + "\x00")
	err = s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bRecords).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var r Record
			if err := json.Unmarshal(v, &r); err != nil {
				return pos.Wrap(err, "accounts.damaged_record", kind, string(k[len(prefix):]))
			}
			out = append(out, r)
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, err
}

// applyRecord stores a version from the platform's feed unless the till
// holds a later one. A version this till cannot take (an unknown kind
// from a newer till, a record its rules refuse) is skipped and recorded as
// a conflict for the manager.
func applyRecord(tx *bolt.Tx, c RemoteChange) (bool, error) {
	r := c.Record
	validate := recordValidator(r.Kind)
	if validate == nil {
		return false, nil
	}
	if err := validate(r.ID, r.Data); err != nil {
		putConflict(tx, Conflict{Key: fmt.Sprintf("rejected/%s/%s/%d", r.Kind, r.ID, c.Seq), Kind: "rejected", SKU: r.Kind + "/" + r.ID, Time: c.Time, Detail: err.Error()})
		return false, nil
	}
	old, err := getRecord(tx, r.Kind, r.ID)
	if err != nil {
		return false, err
	}
	if old != nil && !Later(r.Time, r.Doc, old.Time, old.Doc) {
		return false, nil // ours is as late or later
	}
	return true, putRecordRaw(tx, &Record{Kind: r.Kind, ID: r.ID, Data: r.Data, Time: r.Time, Doc: r.Doc})
}

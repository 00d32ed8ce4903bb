package boltstore

import (
	"bytes"
	"encoding/json"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"

	"hanout/sync/platform"
	"hanout/sync/wire"
)

// Under each merchant's bucket: records (kind NUL id -> JSON wire.Record,
// the version kept) and accounts (customer NUL document id -> JSON
// platform.AccountEntry).
var (
	bRecords      = []byte("records")
	bCustAccounts = []byte("accounts")
)

func sub(tx *bolt.Tx, merchant string, name []byte, create bool) (*bolt.Bucket, *bolt.Bucket, error) {
	mb, err := merchantBucket(tx, merchant)
	if err != nil {
		return nil, nil, err
	}
	if !create {
		return mb, mb.Bucket(name), nil
	}
	b, err := mb.CreateBucketIfNotExists(name)
	return mb, b, err
}

// PutRecords keeps the later versions; see platform.Books.
func (s *Store) PutRecords(merchant string, recs []wire.Record, now time.Time) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		mb, b, err := sub(tx, merchant, bRecords, true)
		if err != nil {
			return err
		}
		for _, r := range recs {
			key := []byte(r.Kind + "\x00" + r.ID)
			var old wire.Record
			ok, err := getJSON(b, key, &old)
			if err != nil {
				return err
			}
			if ok && !r.Later(old) {
				continue
			}
			if err := putJSON(b, key, r); err != nil {
				return err
			}
			if err := emit(mb, wire.Change{Kind: wire.ChangeRecord, Record: &r, Origin: r.Origin, Time: now}); err != nil {
				return err
			}
		}
		return nil
	})
}

// Records returns the kept versions of a kind.
func (s *Store) Records(merchant, kind string) (out []wire.Record, err error) {
	out = []wire.Record{}
	prefix := []byte(kind + "\x00")
	err = s.db.View(func(tx *bolt.Tx) error {
		_, b, err := sub(tx, merchant, bRecords, false)
		if err != nil || b == nil {
			return err
		}
		c := b.Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var r wire.Record
			if err := json.Unmarshal(v, &r); err != nil {
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

// PutAccountEntries stores entries once per document.
func (s *Store) PutAccountEntries(merchant string, es []platform.AccountEntry) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		_, b, err := sub(tx, merchant, bCustAccounts, true)
		if err != nil {
			return err
		}
		for _, e := range es {
			key := []byte(e.Customer + "\x00" + e.Doc)
			if b.Get(key) != nil {
				continue
			}
			if err := putJSON(b, key, e); err != nil {
				return err
			}
		}
		return nil
	})
}

// AccountEntries returns a customer's entries, or everyone's.
func (s *Store) AccountEntries(merchant, customer string) (out []platform.AccountEntry, err error) {
	out = []platform.AccountEntry{}
	var prefix []byte
	if customer != "" {
		prefix = []byte(customer + "\x00")
	}
	err = s.db.View(func(tx *bolt.Tx) error {
		_, b, err := sub(tx, merchant, bCustAccounts, false)
		if err != nil || b == nil {
			return err
		}
		c := b.Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var e platform.AccountEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return err
			}
			out = append(out, e)
		}
		return nil
	})
	sortEntries(out)
	return out, err
}

func sortEntries(es []platform.AccountEntry) {
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if !a.Time.Equal(b.Time) {
			return a.Time.Before(b.Time)
		}
		if a.Terminal != b.Terminal {
			return a.Terminal < b.Terminal
		}
		return a.Receipt < b.Receipt
	})
}

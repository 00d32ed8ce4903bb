// Package storetest does to a till's store file what an attacker holding
// the file could: rewrite a committed document and recompute the hash
// chain after it. Tests of tamper detection (the till's verify, the
// platform's anchoring) use it so that they do not each depend on the
// store's layout; its own test checks it against the store.
package storetest

import (
	"encoding/binary"
	"encoding/json"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"hanout/pos"
)

// The store's layout (pos/store, schema 2): journal values are the chain
// hash then the canonical document; the meta bucket keeps the last hash.
var (
	bJournal  = []byte("journal")
	bMeta     = []byte("meta")
	kLastHash = []byte("lasthash")
)

const hashSize = 32

// Forge rewrites journal entry seq of the closed store file at path with
// edit, then recomputes the chain hash of it and of every later entry, and
// the stored last hash: the file is self-consistent, and only a copy of the
// chain kept elsewhere (the platform's anchors) can tell.
func Forge(t testing.TB, path string, seq uint64, edit func(*pos.Document)) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	key := func(n uint64) []byte { return binary.BigEndian.AppendUint64(nil, n) }
	err = db.Update(func(tx *bolt.Tx) error {
		j := tx.Bucket(bJournal)
		v := j.Get(key(seq))
		var d pos.Document
		if err := json.Unmarshal(v[hashSize:], &d); err != nil {
			return err
		}
		edit(&d)
		b, err := json.Marshal(&d)
		if err != nil {
			return err
		}
		prev := make([]byte, hashSize)
		if seq > 1 {
			prev = append(prev[:0], j.Get(key(seq - 1))[:hashSize]...)
		}
		for n := seq; ; n++ {
			if n > seq {
				if v = j.Get(key(n)); v == nil {
					break
				}
				b = append([]byte(nil), v[hashSize:]...)
			}
			prev = pos.ChainHash(prev, b)
			if err := j.Put(key(n), append(append([]byte(nil), prev...), b...)); err != nil {
				return err
			}
		}
		return tx.Bucket(bMeta).Put(kLastHash, prev)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// SetTotal is the usual forgery: a one-line, one-tender sale whose total,
// line and tender become amount.
func SetTotal(amount pos.Money) func(*pos.Document) {
	return func(d *pos.Document) {
		d.Total, d.Lines[0].Total, d.Lines[0].Price = amount, amount, amount
		d.Tenders[0].Amount, d.Tenders[0].Given = amount, amount
	}
}

package boltstore

import (
	"bytes"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"hanout/pos"
	"hanout/sync/platform"
)

// Receipt finds a sale or refund by id in every merchant's documents, and
// its anchor in the chains: one read, whether it is found or not, looking
// at every merchant either way.
func (s *Store) Receipt(id string) (r platform.PublicReceipt, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		var raw []byte
		var merchant []byte
		tx.Bucket(bM).ForEach(func(k, v []byte) error {
			if v != nil {
				return nil
			}
			if docs := tx.Bucket(bM).Bucket(k).Bucket(bDocs); docs != nil {
				if d := docs.Get([]byte(id)); d != nil && raw == nil {
					raw, merchant = d, k
				}
			}
			return nil
		})
		if raw == nil {
			return fmt.Errorf("document %q: %w", id, platform.ErrNotFound)
		}
		var d pos.Document
		if err := json.Unmarshal(raw, &d); err != nil {
			return fmt.Errorf("boltstore: damaged document %s: %w", id, err)
		}
		if d.Kind != pos.KindSale && d.Kind != pos.KindRefund {
			return fmt.Errorf("document %q: %w", id, platform.ErrNotFound)
		}
		ok, err := getJSON(tx.Bucket(bMerchants), merchant, &r.Merchant)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("merchant %q: %w", merchant, platform.ErrNotFound)
		}
		r.Doc = &d
		r.Chain, err = anchoredHash(tx, string(merchant), &d)
		return err
	})
	return r, err
}

// anchoredHash is the hash of d's journal entry in whichever chain of the
// merchant's terminals anchored it.
func anchoredHash(tx *bolt.Tx, merchant string, d *pos.Document) (string, error) {
	var out string
	err := tx.Bucket(bChains).ForEach(func(k, v []byte) error {
		if v != nil || out != "" {
			return nil
		}
		term, _, _ := bytes.Cut(k, []byte("/"))
		var t platform.Terminal
		if ok, err := getJSON(tx.Bucket(bTerminals), term, &t); err != nil || !ok || t.Merchant != merchant {
			return err
		}
		raw := tx.Bucket(bChains).Bucket(k).Get(u64(d.Seq))
		if raw == nil {
			return nil
		}
		var a platform.Anchor
		if err := json.Unmarshal(raw, &a); err != nil {
			return fmt.Errorf("boltstore: damaged anchor %s/%d: %w", k, d.Seq, err)
		}
		if a.ID == d.ID && a.State == platform.AnchorOK {
			out = a.Hash
		}
		return nil
	})
	return out, err
}

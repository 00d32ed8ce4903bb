package store

import (
	"encoding/json"

	bolt "go.etcd.io/bbolt"

	"hanout/pos"
)

// Adopt makes the platform's word on this till true, in one transaction
// with the enrollment setting (key, setting): documents committed from
// now on carry terminal (the name the platform gave it, also the shop's
// terminal label), and receipt numbers go on after lastReceipt, the last
// one the platform holds for that terminal (a replacement device), or
// after this till's own last one if that is higher. Documents already
// committed keep what they carry.
func (s *Store) Adopt(terminal string, lastReceipt uint64, key string, setting any) error {
	raw, err := json.Marshal(setting)
	if err != nil {
		return err
	}
	return diskErr(s.db.Update(func(tx *bolt.Tx) error {
		meta, settings := tx.Bucket(bMeta), tx.Bucket(bSettings)
		if terminal == "" {
			return pos.Errorf("store.invalid_document")
		}
		if err := meta.Put(kTerminal, []byte(terminal)); err != nil {
			return err
		}
		if lastReceipt > getU64(meta.Get(kReceipt)) {
			if err := meta.Put(kReceipt, u64(lastReceipt)); err != nil {
				return err
			}
		}
		if b := settings.Get([]byte("shop")); b != nil {
			var shop map[string]json.RawMessage // every other field as it is
			if json.Unmarshal(b, &shop) == nil {
				shop["terminal"], _ = json.Marshal(terminal)
				if b, err := json.Marshal(shop); err == nil {
					if err := settings.Put([]byte("shop"), b); err != nil {
						return err
					}
				}
			}
		}
		before := settings.Get([]byte(key))
		if before != nil {
			before = append([]byte(nil), before...)
		}
		if err := settings.Put([]byte(key), raw); err != nil {
			return err
		}
		return s.event(tx, "setting", key, before, raw) // the platform changed: a journal event
	}))
}

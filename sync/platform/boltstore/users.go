package boltstore

import (
	"encoding/json"
	"fmt"
	"sort"

	bolt "go.etcd.io/bbolt"

	"hanout/sync/platform"
)

// Users lists a merchant's web users, by email.
func (s *Store) Users(merchant string) (out []platform.User, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		if _, err := merchantBucket(tx, merchant); err != nil {
			return err
		}
		eachJSON(tx.Bucket(bUsers), func(u platform.User) {
			if u.Merchant == merchant {
				out = append(out, u)
			}
		})
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Email < out[j].Email })
	return out, err
}

// DeleteUser removes a merchant's user and their sessions.
func (s *Store) DeleteUser(merchant, id string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		var u platform.User
		ok, err := getJSON(tx.Bucket(bUsers), []byte(id), &u)
		if err != nil {
			return err
		}
		if !ok || u.Merchant != merchant {
			return fmt.Errorf("user %q of %q: %w", id, merchant, platform.ErrNotFound)
		}
		if err := tx.Bucket(bEmails).Delete([]byte(u.Email)); err != nil {
			return err
		}
		if err := tx.Bucket(bUsers).Delete([]byte(id)); err != nil {
			return err
		}
		sb := tx.Bucket(bSessions)
		var gone [][]byte
		sb.ForEach(func(k, v []byte) error {
			var se platform.Session
			if json.Unmarshal(v, &se) == nil && se.User == id {
				gone = append(gone, append([]byte(nil), k...))
			}
			return nil
		})
		for _, k := range gone {
			if err := sb.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
}

package boltstore

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"hanout/pos"
	"hanout/sync/platform"
	"hanout/sync/wire"
)

// SetPlace sets a merchant's city and craft category.
func (s *Store) SetPlace(merchant, city, category string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		var m platform.Merchant
		ok, err := getJSON(tx.Bucket(bMerchants), []byte(merchant), &m)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("merchant %q: %w", merchant, platform.ErrNotFound)
		}
		m.City, m.Category = strings.TrimSpace(city), strings.TrimSpace(category)
		return putJSON(tx.Bucket(bMerchants), []byte(merchant), m)
	})
}

// Merchants lists every merchant.
func (s *Store) Merchants() (out []platform.Merchant, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bMerchants).ForEach(func(k, v []byte) error {
			var m platform.Merchant
			if err := json.Unmarshal(v, &m); err != nil {
				return fmt.Errorf("boltstore: damaged merchant %s: %w", k, err)
			}
			out = append(out, m)
			return nil
		})
	})
	return out, err
}

// Documents returns a merchant's sales and refunds in [from, to).
func (s *Store) Documents(merchant string, from, to time.Time) (out []*pos.Document, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		return eachDocument(tx, merchant, func(d *pos.Document) {
			if (d.Kind == pos.KindSale || d.Kind == pos.KindRefund) && !d.Time.Before(from) && d.Time.Before(to) {
				out = append(out, d)
			}
		})
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time.Before(out[j].Time) })
	return out, err
}

// Figures returns the kept daily figures of days from..to.
func (s *Store) Figures(from, to string) (out []platform.DayFigure, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bMerchants).ForEach(func(k, _ []byte) error {
			mb, err := merchantBucket(tx, string(k))
			if err != nil {
				return err
			}
			c := mb.Bucket(bDays).Cursor()
			for dk, v := c.Seek([]byte(from)); dk != nil && string(dk) <= to; dk, v = c.Next() {
				var f platform.DayFigure
				if err := json.Unmarshal(v, &f); err != nil {
					return fmt.Errorf("boltstore: damaged day %s: %w", dk, err)
				}
				f.Merchant, f.Day = string(k), string(dk)
				out = append(out, f)
			}
			return nil
		})
	})
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Day != out[j].Day {
			return out[i].Day < out[j].Day
		}
		return out[i].Merchant < out[j].Merchant
	})
	return out, err
}

// AddUser creates a merchant's web user.
func (s *Store) AddUser(u platform.User) (platform.User, error) {
	u, err := platform.CheckUser(u)
	if err != nil {
		return u, err
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		if _, err := merchantBucket(tx, u.Merchant); err != nil {
			return err
		}
		eb := tx.Bucket(bEmails)
		if eb.Get([]byte(u.Email)) != nil {
			return fmt.Errorf("email %q is another user's: %w", u.Email, platform.ErrConflict)
		}
		if err := eb.Put([]byte(u.Email), []byte(u.ID)); err != nil {
			return err
		}
		return putJSON(tx.Bucket(bUsers), []byte(u.ID), u)
	})
	return u, err
}

// UserByEmail finds a user by email.
func (s *Store) UserByEmail(email string) (u platform.User, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		id := tx.Bucket(bEmails).Get([]byte(platform.NormalEmail(email)))
		if id == nil {
			return fmt.Errorf("user: %w", platform.ErrNotFound)
		}
		ok, err := getJSON(tx.Bucket(bUsers), id, &u)
		if err == nil && !ok {
			err = fmt.Errorf("user: %w", platform.ErrNotFound)
		}
		return err
	})
	return u, err
}

// AddSession stores a session, forgetting expired ones on the way.
func (s *Store) AddSession(se platform.Session) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bSessions)
		var old [][]byte
		b.ForEach(func(k, v []byte) error {
			var o platform.Session
			if json.Unmarshal(v, &o) != nil || o.Expires.Before(se.Expires.Add(-24*time.Hour)) {
				old = append(old, append([]byte(nil), k...))
			}
			return nil
		})
		for _, k := range old {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		return putJSON(b, []byte(se.Hash), se)
	})
}

// Session returns a live session.
func (s *Store) Session(hash string, now time.Time) (se platform.Session, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		ok, err := getJSON(tx.Bucket(bSessions), []byte(hash), &se)
		if err == nil && (!ok || !now.Before(se.Expires)) {
			err = fmt.Errorf("session: %w", platform.ErrNotFound)
		}
		return err
	})
	return se, err
}

// DeleteSession forgets a session.
func (s *Store) DeleteSession(hash string) error {
	return s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bSessions).Delete([]byte(hash)) })
}

// Watch returns a merchant's awaiting payments, oversells and conflicts.
func (s *Store) Watch(merchant string) (w platform.Watchlist, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		mb, err := merchantBucket(tx, merchant)
		if err != nil {
			return err
		}
		eachJSON(mb.Bucket(bOversells), func(x wire.Oversell) { w.Oversells = append(w.Oversells, x) })
		eachJSON(mb.Bucket(bConflicts), func(x platform.Conflict) { w.Conflicts = append(w.Conflicts, x) })
		prefix := payKey(merchant, "")
		c := tx.Bucket(bPayments).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var p paymentRec
			if json.Unmarshal(v, &p) == nil && p.Sale != "" && !p.Settled {
				w.Awaiting = append(w.Awaiting, p.Payment)
			}
		}
		return nil
	})
	return w, err
}

// MerchantPage lists a page of merchants by id (see platform.Storage):
// a cursor from the page's key, keeping those the search keeps.
func (s *Store) MerchantPage(q platform.MerchantQuery) (out []platform.Merchant, err error) {
	q = q.Clean()
	err = s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bMerchants).Cursor()
		var k, v []byte
		next := c.Next
		if q.Before != "" {
			next = c.Prev
			k, v = c.Seek([]byte(q.Before))
			if k == nil {
				k, v = c.Last()
			}
			for k != nil && string(k) >= q.Before {
				k, v = c.Prev()
			}
		} else {
			k, v = c.Seek([]byte(q.After))
			if k != nil && q.After != "" && string(k) == q.After {
				k, v = c.Next()
			}
		}
		for ; k != nil && len(out) < q.Limit; k, v = next() {
			var m platform.Merchant
			if err := json.Unmarshal(v, &m); err != nil {
				return fmt.Errorf("boltstore: damaged merchant %s: %w", k, err)
			}
			if q.Matches(m) {
				out = append(out, m)
			}
		}
		return nil
	})
	if q.Before != "" {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	return out, err
}

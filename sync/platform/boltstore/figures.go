package boltstore

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"hanout/pos"
	"hanout/sync/platform"
)

// The kept figures: in each merchant's bucket, days (day -> DayFigure,
// what the programme reads) and books (day -> DayBook, what the merchant's
// page reads), days in platform.Zone, added to by Ingest in its own
// transaction; and each terminal's Refused, added to by PutAnchors.

var (
	bBooks = []byte("books")
	bMeta  = []byte("meta")
	// kFigures records how the kept figures were computed: a file whose
	// figures were computed otherwise (UTC days, before the books) has
	// them computed again from its documents when it is opened.
	kFigures = []byte("figures")
)

// figuresVersion names how the figures are computed today.
const figuresVersion = "books-1 " + platform.ZoneName

// addBooks adds the books of newly stored documents to their days.
func addBooks(mb *bolt.Bucket, docs []*pos.Document) error {
	days, err := mb.CreateBucketIfNotExists(bDays)
	if err != nil {
		return err
	}
	books, err := mb.CreateBucketIfNotExists(bBooks)
	if err != nil {
		return err
	}
	for _, g := range platform.DayBooksOf(docs) {
		var b platform.DayBook
		if _, err := getJSON(books, []byte(g.Day), &b); err != nil {
			return err
		}
		b.Add(g)
		b.Merchant, b.Day = "", ""
		if err := putJSON(books, []byte(g.Day), b); err != nil {
			return err
		}
		if err := putJSON(days, []byte(g.Day), b.DayFigure); err != nil {
			return err
		}
	}
	return nil
}

// countRefused adds the refused documents among anchors just recorded on
// chain ("terminal id" or "terminal id/install id") to its terminal.
func countRefused(tx *bolt.Tx, chain string, n int) error {
	if n == 0 {
		return nil
	}
	id, _, _ := strings.Cut(chain, "/")
	var t platform.Terminal
	ok, err := getJSON(tx.Bucket(bTerminals), []byte(id), &t)
	if err != nil || !ok {
		return err
	}
	t.Refused += uint64(n)
	return putJSON(tx.Bucket(bTerminals), []byte(id), t)
}

// refigure computes every kept figure again from the documents and the
// anchors, when they were computed otherwise.
func refigure(tx *bolt.Tx) error {
	meta, err := tx.CreateBucketIfNotExists(bMeta)
	if err != nil {
		return err
	}
	if string(meta.Get(kFigures)) == figuresVersion {
		return nil
	}
	var ids [][]byte
	tx.Bucket(bMerchants).ForEach(func(k, _ []byte) error {
		ids = append(ids, append([]byte(nil), k...))
		return nil
	})
	for _, id := range ids {
		mb := tx.Bucket(bM).Bucket(id)
		if mb == nil {
			continue
		}
		for _, b := range [][]byte{bDays, bBooks} {
			if mb.Bucket(b) != nil {
				if err := mb.DeleteBucket(b); err != nil {
					return err
				}
			}
		}
		var docs []*pos.Document
		if db := mb.Bucket(bDocs); db != nil {
			err := db.ForEach(func(k, v []byte) error {
				var d pos.Document
				if err := json.Unmarshal(v, &d); err != nil {
					return fmt.Errorf("boltstore: damaged document %s: %w", k, err)
				}
				if d.Kind == pos.KindSale || d.Kind == pos.KindRefund {
					docs = append(docs, &d)
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		if err := addBooks(mb, docs); err != nil {
			return err
		}
	}
	refused := map[string]uint64{}
	err = tx.Bucket(bChains).ForEach(func(chain, _ []byte) error {
		id, _, _ := strings.Cut(string(chain), "/")
		return tx.Bucket(bChains).Bucket(chain).ForEach(func(_, v []byte) error {
			var a platform.Anchor
			if json.Unmarshal(v, &a) == nil && a.State == platform.AnchorRejected {
				refused[id]++
			}
			return nil
		})
	})
	if err != nil {
		return err
	}
	var ts []platform.Terminal
	eachJSON(tx.Bucket(bTerminals), func(t platform.Terminal) { ts = append(ts, t) })
	for _, t := range ts {
		t.Refused = refused[t.ID]
		if err := putJSON(tx.Bucket(bTerminals), []byte(t.ID), t); err != nil {
			return err
		}
	}
	return meta.Put(kFigures, []byte(figuresVersion))
}

// DayBooks returns a merchant's kept books of days from..to.
func (s *Store) DayBooks(merchant, from, to string) (out []platform.DayBook, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		mb, err := merchantBucket(tx, merchant)
		if err != nil {
			return err
		}
		bb := mb.Bucket(bBooks)
		if bb == nil {
			return nil
		}
		c := bb.Cursor()
		for k, v := c.Seek([]byte(from)); k != nil && string(k) <= to; k, v = c.Next() {
			var b platform.DayBook
			if err := json.Unmarshal(v, &b); err != nil {
				return fmt.Errorf("boltstore: damaged book %s: %w", k, err)
			}
			b.Merchant, b.Day = merchant, string(k)
			out = append(out, b)
		}
		return nil
	})
	return out, err
}

// Adoption counts merchants and tills, and those active by now.
func (s *Store) Adoption(now time.Time) (a platform.Adoption, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		a.Merchants = tx.Bucket(bMerchants).Stats().KeyN
		m7, m30 := map[string]bool{}, map[string]bool{}
		eachJSON(tx.Bucket(bTerminals), func(t platform.Terminal) {
			a.Count(t, now, m7, m30)
		})
		a.MerchantsActive7, a.MerchantsActive30 = len(m7), len(m30)
		return nil
	})
	return a, err
}

// ProgrammeSums sums the kept figures of days from..to.
func (s *Store) ProgrammeSums(from, to string) (platform.Sums, error) {
	figs, err := s.Figures(from, to)
	if err != nil {
		return platform.Sums{}, err
	}
	ms, err := s.Merchants()
	if err != nil {
		return platform.Sums{}, err
	}
	return platform.SumFigures(figs, ms), nil
}

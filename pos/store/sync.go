package store

// What the sync with the platform needs inside the till's transactions.
//
// Guarantees:
//   - ApplyChanges applies a page of the platform's feed and advances the
//     pull cursor in the same transaction: after a crash the page is either
//     fully applied with its cursor or not at all, so no change is applied
//     twice or skipped.
//   - Stock from elsewhere arrives as deltas; the till's own sales are never
//     counted twice (the feed names their origin and they are skipped).
//   - A unique piece whose stock falls below zero is an oversell: it is
//     recorded in the conflicts bucket for the manager and the stock stays
//     at 0.
//   - A product edited on the till since its last sync is never overwritten
//     by a pulled change; the next push lets the platform decide (the later
//     edit wins) and both ends record the conflict.

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"

	"hanout/pos"
)

var (
	kSyncCursor = []byte("sync.cursor") // in bSettings: last applied feed position
	kSyncBase   = []byte("sync.base")   // in bSettings: sku -> SyncBase
)

// SyncBase is what the till last agreed with the platform about a product:
// the platform revision and the edit time of that version.
type SyncBase struct {
	Rev     uint64    `json:"rev"`
	Updated time.Time `json:"updated"`
}

// LocalEdit is a product changed on the till since it last synced.
type LocalEdit struct {
	Product pos.Product
	Base    uint64 // platform revision it started from; 0 if new here
}

// RemoteChange is one entry of the platform's feed, as the store applies
// it. Kind is "product", "stock", "oversell" or "conflict"; QR checks are
// committed as documents by the sync package before the page is applied.
type RemoteChange struct {
	Seq     uint64
	Kind    string
	SKU     string
	Product *pos.Product
	Rev     uint64
	Delta   int64
	Origin  string
	Detail  string
	Time    time.Time
	Record  *Record // "record": a master record's version (records.go)
}

// Conflict is something the manager should look at: an oversold unique
// piece, a product edited on both sides, a change the till could not take.
type Conflict struct {
	Key    string    `json:"key"`
	Kind   string    `json:"kind"` // oversell, edit, rejected
	SKU    string    `json:"sku"`
	Detail string    `json:"detail"`
	Time   time.Time `json:"time"`
}

// ApplyResult counts what a page changed on the till.
type ApplyResult struct {
	Products, Stock, Skipped int
	Oversells, Conflicts     int
	Records                  int
}

// PullCursor is the feed position the till has applied up to.
func (s *Store) PullCursor() uint64 {
	var c uint64
	s.db.View(func(tx *bolt.Tx) error { c = getU64(tx.Bucket(bSettings).Get(kSyncCursor)); return nil })
	return c
}

func syncBases(tx *bolt.Tx) (map[string]SyncBase, error) {
	m := map[string]SyncBase{}
	if raw := tx.Bucket(bSettings).Get(kSyncBase); raw != nil {
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, fmt.Errorf("store: sync bases: %w", err)
		}
	}
	return m, nil
}

func putSyncBases(tx *bolt.Tx, m map[string]SyncBase) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return tx.Bucket(bSettings).Put(kSyncBase, b)
}

// LocalEdits returns the products edited on the till since their last
// sync, and the journal position their stock was read at (every sale up to
// it is already in their Stock).
func (s *Store) LocalEdits() (edits []LocalEdit, seq uint64, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		seq = getU64(tx.Bucket(bMeta).Get(kSeq))
		bases, err := syncBases(tx)
		if err != nil {
			return err
		}
		return tx.Bucket(bProducts).ForEach(func(k, v []byte) error {
			var p pos.Product
			if err := json.Unmarshal(v, &p); err != nil {
				return pos.Wrap(err, "store.damaged_product", string(k))
			}
			b, ok := bases[p.SKU]
			if !ok || !b.Updated.Equal(p.Updated) {
				edits = append(edits, LocalEdit{Product: p, Base: b.Rev})
			}
			return nil
		})
	})
	return edits, seq, err
}

// ProductSynced is the platform's answer to one pushed edit.
type ProductSynced struct {
	Sent     pos.Product // the version the till pushed
	Rev      uint64
	Winner   string // "till" or "platform"
	Product  pos.Product
	Conflict bool
}

// ProductsSynced records the platform's answers to pushed edits. When the
// platform's version won, it replaces the till's fields (not its stock).
// A product edited again on the till meanwhile keeps the new edit; it is
// pushed next time against the new revision.
func (s *Store) ProductsSynced(res []ProductSynced) error {
	return diskErr(s.db.Update(func(tx *bolt.Tx) error {
		bases, err := syncBases(tx)
		if err != nil {
			return err
		}
		products := tx.Bucket(bProducts)
		for _, r := range res {
			var cur pos.Product
			raw := products.Get([]byte(r.Sent.SKU))
			if raw == nil || json.Unmarshal(raw, &cur) != nil {
				continue
			}
			if !cur.Updated.Equal(r.Sent.Updated) {
				bases[r.Sent.SKU] = SyncBase{Rev: r.Rev, Updated: r.Sent.Updated}
				continue
			}
			if r.Conflict {
				putConflict(tx, Conflict{Key: fmt.Sprintf("edit/%s/%d", r.Sent.SKU, r.Rev), Kind: "edit", SKU: r.Sent.SKU, Time: time.Now().UTC(),
					Detail: fmt.Sprintf("edited on the till and on the platform; the %s's later edit was kept", r.Winner)})
			}
			if r.Winner == "platform" {
				p := r.Product
				p.Stock = cur.Stock
				if err := putProduct(tx, &p); err != nil {
					putConflict(tx, Conflict{Key: fmt.Sprintf("rejected/%s/%d", p.SKU, r.Rev), Kind: "rejected", SKU: p.SKU, Time: time.Now().UTC(), Detail: err.Error()})
					continue
				}
				bases[p.SKU] = SyncBase{Rev: r.Rev, Updated: p.Updated}
				continue
			}
			bases[r.Sent.SKU] = SyncBase{Rev: r.Rev, Updated: cur.Updated}
		}
		return putSyncBases(tx, bases)
	}))
}

// ApplyChanges applies a page of the feed and moves the pull cursor to
// cursor, all in one transaction. A page older than the cursor is ignored
// (it was applied before a crash lost the answer).
func (s *Store) ApplyChanges(cursor uint64, changes []RemoteChange) (res ApplyResult, err error) {
	err = s.db.Update(func(tx *bolt.Tx) error {
		res = ApplyResult{}
		settings, meta := tx.Bucket(bSettings), tx.Bucket(bMeta)
		if cursor <= getU64(settings.Get(kSyncCursor)) {
			return nil
		}
		self := string(meta.Get(kTerminal))
		bases, err := syncBases(tx)
		if err != nil {
			return err
		}
		products := tx.Bucket(bProducts)
		from := getU64(settings.Get(kSyncCursor))
		for _, c := range changes {
			if c.Seq <= from {
				continue
			}
			switch c.Kind {
			case "product":
				if c.Product == nil || c.SKU != c.Product.SKU {
					res.Skipped++
					continue
				}
				applied, err := applyProduct(tx, bases, c)
				if err != nil {
					return err
				}
				if applied {
					res.Products++
				} else {
					res.Skipped++
				}
			case "stock":
				if c.Origin == self || c.Delta == 0 {
					continue
				}
				raw := products.Get([]byte(c.SKU))
				if raw == nil {
					res.Skipped++
					continue
				}
				var p pos.Product
				if err := json.Unmarshal(raw, &p); err != nil {
					return pos.Wrap(err, "store.damaged_product", c.SKU)
				}
				p.Stock += c.Delta
				res.Stock++
				if p.Unique && p.Stock < 0 {
					res.Oversells++
					putConflict(tx, Conflict{Key: "oversell/" + c.SKU, Kind: "oversell", SKU: c.SKU, Time: c.Time,
						Detail: fmt.Sprintf("unique piece %s sold here and elsewhere (%s)", p.Name.FR, origin(c))})
					p.Stock = 0
				}
				nb, _ := json.Marshal(&p)
				if err := products.Put([]byte(c.SKU), nb); err != nil {
					return err
				}
			case "record":
				if c.Record == nil {
					res.Skipped++
					continue
				}
				if ok, err := applyRecord(tx, c); err != nil {
					return err
				} else if ok {
					res.Records++
				}
			case "oversell":
				res.Oversells++
				putConflict(tx, Conflict{Key: "oversell/" + c.SKU, Kind: "oversell", SKU: c.SKU, Time: c.Time, Detail: c.Detail})
			case "conflict":
				if c.Origin == self {
					continue // recorded from the platform's answer to our push
				}
				res.Conflicts++
				putConflict(tx, Conflict{Key: fmt.Sprintf("edit/%s/feed%d", c.SKU, c.Seq), Kind: "edit", SKU: c.SKU, Time: c.Time, Detail: c.Detail})
			default:
				res.Skipped++ // a kind this version does not know: newer platform
			}
		}
		if err := putSyncBases(tx, bases); err != nil {
			return err
		}
		return settings.Put(kSyncCursor, u64(cursor))
	})
	return res, diskErr(err)
}

func origin(c RemoteChange) string {
	if c.Origin == "" {
		return "online"
	}
	return c.Origin
}

// applyProduct takes a centrally set product unless the till has an
// unsynced edit of it. A product new to the till takes the platform's
// stock; an existing one keeps counting its own.
func applyProduct(tx *bolt.Tx, bases map[string]SyncBase, c RemoteChange) (bool, error) {
	products := tx.Bucket(bProducts)
	p := *c.Product
	base, known := bases[p.SKU]
	if raw := products.Get([]byte(p.SKU)); raw != nil {
		var cur pos.Product
		if err := json.Unmarshal(raw, &cur); err != nil {
			return false, pos.Wrap(err, "store.damaged_product", p.SKU)
		}
		if !known || !base.Updated.Equal(cur.Updated) || c.Rev <= base.Rev {
			return false, nil // edited here since, or already have it
		}
		p.Stock = cur.Stock
	} else {
		p.Stock = max(p.Stock, 0)
		if p.Unique {
			p.Stock = min(p.Stock, 1)
		}
	}
	if p.Updated.IsZero() {
		p.Updated = c.Time.UTC()
	}
	if err := putProduct(tx, &p); err != nil {
		putConflict(tx, Conflict{Key: fmt.Sprintf("rejected/%s/%d", p.SKU, c.Rev), Kind: "rejected", SKU: p.SKU, Time: c.Time, Detail: err.Error()})
		return false, nil
	}
	bases[p.SKU] = SyncBase{Rev: c.Rev, Updated: p.Updated}
	return true, nil
}

func putConflict(tx *bolt.Tx, c Conflict) {
	b, _ := json.Marshal(c)
	tx.Bucket(bConflict).Put([]byte(c.Key), b)
}

// Conflicts lists what the manager should look at, newest first.
func (s *Store) Conflicts() (out []Conflict, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bConflict).ForEach(func(k, v []byte) error {
			var c Conflict
			if json.Unmarshal(v, &c) == nil {
				out = append(out, c)
			}
			return nil
		})
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time.After(out[j].Time) })
	return out, err
}

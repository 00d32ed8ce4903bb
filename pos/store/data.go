package store

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"hanout/pos"
)

// PutProduct adds or replaces a product after validating it, stamping it
// as edited now so sync carries the edit to the platform. A barcode already
// used by another product is refused.
func (s *Store) PutProduct(p *pos.Product) error {
	p.Updated = s.Now().UTC()
	return diskErr(s.db.Update(func(tx *bolt.Tx) error { return s.putProductEvent(tx, p) }))
}

// putProductEvent stores p and journals the change as an event.
func (s *Store) putProductEvent(tx *bolt.Tx, p *pos.Product) error {
	before := tx.Bucket(bProducts).Get([]byte(p.SKU))
	if before != nil {
		before = append([]byte(nil), before...)
	}
	if err := putProduct(tx, p); err != nil {
		return err
	}
	return s.event(tx, "product", p.SKU, before, tx.Bucket(bProducts).Get([]byte(p.SKU)), "updated")
}

func putProduct(tx *bolt.Tx, p *pos.Product) error {
	if err := p.Validate(); err != nil {
		return err
	}
	products, barcodes := tx.Bucket(bProducts), tx.Bucket(bBarcodes)
	for _, bc := range p.Barcodes {
		if owner := barcodes.Get([]byte(bc)); owner != nil && string(owner) != p.SKU {
			return pos.Errorf("product.barcode_taken", bc, string(owner))
		}
	}
	if old := products.Get([]byte(p.SKU)); old != nil {
		var o pos.Product
		if json.Unmarshal(old, &o) == nil {
			for _, bc := range o.Barcodes {
				barcodes.Delete([]byte(bc))
			}
		}
	}
	for _, bc := range p.Barcodes {
		barcodes.Put([]byte(bc), []byte(p.SKU))
	}
	if p.Updated.IsZero() {
		p.Updated = time.Now().UTC()
	}
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return products.Put([]byte(p.SKU), b)
}

// ReplaceCatalog stores every product in one transaction: all or nothing.
func (s *Store) ReplaceCatalog(ps []pos.Product) error {
	return diskErr(s.db.Update(func(tx *bolt.Tx) error {
		for i := range ps {
			if err := putProduct(tx, &ps[i]); err != nil {
				return err
			}
		}
		return nil
	}))
}

// ImportCatalog adds or updates products from a file in one transaction.
// An existing product keeps its photo, and its stock unless the file has a
// stock column: a price list must not wipe what was counted at the stall.
func (s *Store) ImportCatalog(ps []pos.Product, fileHasStock bool) error {
	return diskErr(s.db.Update(func(tx *bolt.Tx) error {
		if err := s.importArtisans(tx, ps); err != nil { // artisans.go
			return err
		}
		products := tx.Bucket(bProducts)
		for i := range ps {
			p := &ps[i]
			if old := products.Get([]byte(p.SKU)); old != nil {
				var o pos.Product
				if err := json.Unmarshal(old, &o); err == nil {
					if !fileHasStock {
						p.Stock = o.Stock
					}
					if p.Photo == "" {
						p.Photo = o.Photo
					}
				}
			}
			p.Updated = time.Time{}
			if err := s.putProductEvent(tx, p); err != nil {
				return err
			}
		}
		return nil
	}))
}

// Product returns one product by SKU.
func (s *Store) Product(sku string) (p *pos.Product, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bProducts).Get([]byte(sku))
		if b == nil {
			return pos.Errorf("product.not_found", sku)
		}
		p = new(pos.Product)
		return json.Unmarshal(b, p)
	})
	return p, err
}

// ByBarcode returns the product a scanned barcode belongs to.
func (s *Store) ByBarcode(code string) (*pos.Product, error) {
	var sku string
	s.db.View(func(tx *bolt.Tx) error { sku = string(tx.Bucket(bBarcodes).Get([]byte(code))); return nil })
	if sku == "" {
		return nil, pos.Errorf("product.no_barcode", code)
	}
	return s.Product(sku)
}

// Products returns the whole catalogue ordered by category then French
// name.
func (s *Store) Products() (out []pos.Product, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bProducts).ForEach(func(k, v []byte) error {
			var p pos.Product
			if err := json.Unmarshal(v, &p); err != nil {
				return pos.Wrap(err, "store.damaged_product", string(k))
			}
			out = append(out, p)
			return nil
		})
	})
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Category != out[j].Category {
			return out[i].Category < out[j].Category
		}
		return out[i].Name.FR < out[j].Name.FR
	})
	return out, err
}

// PutUser adds or replaces a user.
func (s *Store) PutUser(u *pos.User) error {
	if u.ID == "" || u.Name == "" {
		return pos.Errorf("user.invalid")
	}
	b, err := json.Marshal(u)
	if err != nil {
		return err
	}
	return diskErr(s.db.Update(func(tx *bolt.Tx) error {
		before := tx.Bucket(bUsers).Get([]byte(u.ID))
		if before != nil {
			before = append([]byte(nil), before...)
		}
		if err := tx.Bucket(bUsers).Put([]byte(u.ID), b); err != nil {
			return err
		}
		return s.event(tx, "user", u.ID, before, b)
	}))
}

// Users returns every user, managers first, then by name.
func (s *Store) Users() (out []pos.User, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bUsers).ForEach(func(k, v []byte) error {
			var u pos.User
			if err := json.Unmarshal(v, &u); err != nil {
				return err
			}
			out = append(out, u)
			return nil
		})
	})
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Role != out[j].Role {
			return out[i].Role == pos.RoleManager
		}
		return out[i].Name < out[j].Name
	})
	return out, err
}

// Setting reads the JSON setting key into v and reports whether it exists.
func (s *Store) Setting(key string, v any) (found bool, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bSettings).Get([]byte(key))
		if b == nil {
			return nil
		}
		found = true
		return json.Unmarshal(b, v)
	})
	return found, err
}

// PutSetting stores v as the JSON setting key.
func (s *Store) PutSetting(key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return diskErr(s.db.Update(func(tx *bolt.Tx) error {
		before := tx.Bucket(bSettings).Get([]byte(key))
		if before != nil {
			before = append([]byte(nil), before...)
		}
		if err := tx.Bucket(bSettings).Put([]byte(key), b); err != nil {
			return err
		}
		if !journaledSettings[key] {
			return nil
		}
		return s.event(tx, "setting", key, before, b)
	}))
}

// Shop returns the shop settings; ok is false before first-run setup.
func (s *Store) Shop() (shop pos.Shop, ok bool, err error) {
	ok, err = s.Setting("shop", &shop)
	if shop.Terminal == "" {
		shop.Terminal = s.Terminal()
	}
	return shop, ok, err
}

// PutShop stores the shop settings.
func (s *Store) PutShop(shop pos.Shop) error { return s.PutSetting("shop", shop) }

// NextSequence returns the next value of a named durable counter (1, 2, …),
// never the same twice on this store, even across crashes.
func (s *Store) NextSequence(name string) (n uint64, err error) {
	err = s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bSeqs)
		n = getU64(b.Get([]byte(name))) + 1
		return b.Put([]byte(name), u64(n))
	})
	return n, diskErr(err)
}

// OutboxEntry is a committed document waiting for the platform's
// acknowledgement, in its canonical bytes.
type OutboxEntry struct {
	Seq  uint64
	ID   string
	Body []byte
	// Hash is the entry's chain hash, Prev the previous entry's (32 zero
	// bytes for the first): the platform anchors the chain with them.
	Hash, Prev []byte
}

// Outbox returns up to limit unacknowledged documents in journal order.
// Each one's bytes are checked against the journal's hash chain first: a
// document edited in the file is never sent to the platform as if it
// were genuine. Such documents are left out (they stay in the outbox and
// in the unsynced count) and the first is named by the error returned
// with the genuine ones, a *VerifyError inside a "store.tampered"
// *pos.Error; one altered sale does not hold back all the others.
func (s *Store) Outbox(limit int) (out []OutboxEntry, err error) {
	var bad error
	err = s.db.View(func(tx *bolt.Tx) error {
		acked := tx.Bucket(bAcked)
		c := tx.Bucket(bJournal).Cursor()
		sent := getU64(tx.Bucket(bMeta).Get(kSent))
		prev := make([]byte, hashSize)
		if sent > 0 {
			prev, _ = splitEntry(tx.Bucket(bJournal).Get(u64(sent)))
		}
		for k, v := c.Seek(u64(sent + 1)); k != nil && len(out) < limit; k, v = c.Next() {
			seq := getU64(k)
			hash, body := splitEntry(v)
			if acked.Get(k) != nil {
				prev = hash
				continue
			}
			if body == nil || !bytes.Equal(ChainHash(prev, body), hash) {
				if bad == nil {
					bad = tampered(tx, seq)
				}
				prev = hash
				continue
			}
			var head struct {
				ID string `json:"id"`
			}
			json.Unmarshal(body, &head)
			out = append(out, OutboxEntry{Seq: seq, ID: head.ID, Body: append([]byte(nil), body...),
				Hash: append([]byte(nil), hash...), Prev: append([]byte(nil), prev...)})
			prev = hash
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, bad
}

// tampered is the error naming journal entry seq, whose bytes do not
// match its hash.
func tampered(tx *bolt.Tx, seq uint64) error {
	ve := &VerifyError{Seq: seq, Receipt: receiptOfSeq(tx, seq)}
	if ve.Receipt > 0 {
		return pos.Wrap(ve, "store.tampered", ve.Receipt)
	}
	return pos.Wrap(ve, "store.tampered_entry", ve.Seq)
}

// receiptOfSeq finds the receipt number of journal entry seq by reading
// its number from the stored bytes; 0 when it has none or cannot be read.
func receiptOfSeq(tx *bolt.Tx, seq uint64) uint64 {
	var head struct {
		Receipt uint64 `json:"receipt"`
	}
	_, doc := splitEntry(tx.Bucket(bJournal).Get(u64(seq)))
	json.Unmarshal(doc, &head)
	if head.Receipt > 0 && receiptSeq(tx, head.Receipt) == seq {
		return head.Receipt
	}
	return 0
}

// unsent reports whether journal entry seq still waits for the platform:
// after the sent floor, in the journal, and not acknowledged.
func unsent(tx *bolt.Tx, seq uint64) bool {
	meta := tx.Bucket(bMeta)
	return seq > getU64(meta.Get(kSent)) && seq <= getU64(meta.Get(kSeq)) && tx.Bucket(bAcked).Get(u64(seq)) == nil
}

// markSent takes seq out of what waits for the platform, and moves the
// sent floor over every acknowledged entry that follows it.
func markSent(tx *bolt.Tx, seq uint64) error {
	acked, meta := tx.Bucket(bAcked), tx.Bucket(bMeta)
	if err := acked.Put(u64(seq), []byte{1}); err != nil {
		return err
	}
	sent := getU64(meta.Get(kSent))
	for acked.Get(u64(sent+1)) != nil {
		sent++
		if err := acked.Delete(u64(sent)); err != nil {
			return err
		}
	}
	meta.Put(kOutboxSize, u64(getU64(meta.Get(kOutboxSize))-1))
	return meta.Put(kSent, u64(sent))
}

// Ack removes acknowledged documents from the outbox. Acknowledging an
// entry twice is harmless.
func (s *Store) Ack(seqs ...uint64) error {
	return diskErr(s.db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		anchored := getU64(meta.Get(kAnchored))
		for _, seq := range seqs {
			anchored = max(anchored, seq)
			if !unsent(tx, seq) {
				continue
			}
			if err := markSent(tx, seq); err != nil {
				return err
			}
		}
		return meta.Put(kAnchored, u64(anchored))
	}))
}

// Quarantined is a document the platform refused for good, with its code
// and reason. It stays in the journal and in quarantine forever: it is
// never deleted and never sent again as if nothing had happened.
type Quarantined struct {
	Seq     uint64    `json:"seq"`
	ID      string    `json:"id"`
	Receipt uint64    `json:"receipt,omitempty"`
	Kind    string    `json:"kind,omitempty"`
	Code    string    `json:"code"`
	Reason  string    `json:"reason"`
	Time    time.Time `json:"time"`
}

// Quarantine moves refused documents from the outbox to the quarantine,
// in one transaction. A fork (the platform's chain disagrees with ours) is
// not counted as anchored.
func (s *Store) Quarantine(qs ...Quarantined) error {
	return diskErr(s.db.Update(func(tx *bolt.Tx) error {
		meta, qb := tx.Bucket(bMeta), tx.Bucket(bQuarant)
		anchored := getU64(meta.Get(kAnchored))
		for _, q := range qs {
			if !unsent(tx, q.Seq) {
				continue
			}
			d, err := getDoc(tx, q.Seq)
			if err == nil {
				q.ID, q.Receipt, q.Kind = d.ID, d.Receipt, string(d.Kind)
			}
			if q.Time.IsZero() {
				q.Time = s.Now().UTC()
			}
			b, err := json.Marshal(q)
			if err != nil {
				return err
			}
			if err := qb.Put(u64(q.Seq), b); err != nil {
				return err
			}
			if err := markSent(tx, q.Seq); err != nil {
				return err
			}
			if q.Code != "fork" {
				anchored = max(anchored, q.Seq)
			}
		}
		return meta.Put(kAnchored, u64(anchored))
	}))
}

// QuarantineList returns the quarantined documents in journal order.
func (s *Store) QuarantineList() (out []Quarantined, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bQuarant)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var q Quarantined
			if err := json.Unmarshal(v, &q); err != nil {
				return pos.Wrap(err, "store.damaged_document", getU64(k))
			}
			out = append(out, q)
			return nil
		})
	})
	return out, err
}

// Anchored is the highest journal entry the platform has anchored (0:
// none): entries after it can still be rewritten unseen by the platform.
func (s *Store) Anchored() uint64 {
	var n uint64
	s.db.View(func(tx *bolt.Tx) error { n = getU64(tx.Bucket(bMeta).Get(kAnchored)); return nil })
	return n
}

// Hash returns the chain hash of journal entry seq (nil when there is
// none).
func (s *Store) Hash(seq uint64) (h []byte) {
	s.db.View(func(tx *bolt.Tx) error {
		hash, _ := splitEntry(tx.Bucket(bJournal).Get(u64(seq)))
		h = append([]byte(nil), hash...)
		return nil
	})
	if len(h) == 0 {
		return nil
	}
	return h
}

// PrintJob is a receipt waiting for the printer.
type PrintJob struct {
	ID        uint64 `json:"id"`
	Receipt   uint64 `json:"receipt"`
	Reprint   bool   `json:"reprint,omitempty"` // a copy asked for from history: marked as such, no drawer
	Attempts  int    `json:"attempts"`
	LastError string `json:"last_error,omitempty"`
	// Report names a printout that is no receipt (Receipt 0): "statement"
	// of the customer Key (printreport.go).
	Report string `json:"report,omitempty"`
	Key    string `json:"key,omitempty"`
}

func enqueuePrint(tx *bolt.Tx, receipt uint64, reprint bool) error {
	b := tx.Bucket(bPrint)
	id, err := b.NextSequence()
	if err != nil {
		return err
	}
	if !reprint {
		if err := tx.Bucket(bOriginal).Put(u64(receipt), nil); err != nil {
			return err
		}
	}
	j, _ := json.Marshal(PrintJob{ID: id, Receipt: receipt, Reprint: reprint})
	return b.Put(u64(id), j)
}

// EnqueuePrint queues a copy of a receipt (a reprint from history).
func (s *Store) EnqueuePrint(receipt uint64) error {
	return diskErr(s.db.Update(func(tx *bolt.Tx) error {
		if receiptSeq(tx, receipt) == 0 {
			return pos.Errorf("store.no_receipt", receipt)
		}
		return enqueuePrint(tx, receipt, true)
	}))
}

// EnqueueOriginal queues the first paper copy of a receipt (the seller taps
// Print right after a sale while printing on every sale is off). If an
// original was already queued, it queues a copy instead: a receipt has
// one original.
func (s *Store) EnqueueOriginal(receipt uint64) error {
	return diskErr(s.db.Update(func(tx *bolt.Tx) error {
		if receiptSeq(tx, receipt) == 0 {
			return pos.Errorf("store.no_receipt", receipt)
		}
		had := tx.Bucket(bOriginal).Get(u64(receipt)) != nil
		return enqueuePrint(tx, receipt, had)
	}))
}

// PendingPrints returns queued print jobs, oldest first.
func (s *Store) PendingPrints() (out []PrintJob, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bPrint).ForEach(func(k, v []byte) error {
			var j PrintJob
			if err := json.Unmarshal(v, &j); err != nil {
				return err
			}
			out = append(out, j)
			return nil
		})
	})
	return out, err
}

// PrintDone removes a printed job.
func (s *Store) PrintDone(id uint64) error {
	return diskErr(s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bPrint).Delete(u64(id)) }))
}

// PrintFailed records a failed attempt and keeps the job.
func (s *Store) PrintFailed(id uint64, reason string) error {
	return diskErr(s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bPrint)
		v := b.Get(u64(id))
		if v == nil {
			return nil
		}
		var j PrintJob
		if err := json.Unmarshal(v, &j); err != nil {
			return err
		}
		j.Attempts++
		j.LastError = reason
		nb, _ := json.Marshal(j)
		return b.Put(u64(id), nb)
	}))
}

// Park keeps a ticket aside while another customer is served; it survives
// a restart.
func (s *Store) Park(t *pos.Ticket) (id string, err error) {
	b, err := json.Marshal(t)
	if err != nil {
		return "", err
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		pb := tx.Bucket(bParked)
		n, _ := pb.NextSequence()
		id = strconv.FormatUint(n, 10)
		return pb.Put([]byte(id), b)
	})
	return id, diskErr(err)
}

// ParkedTicket is a ticket set aside.
type ParkedTicket struct {
	ID     string
	Ticket pos.Ticket
}

// Parked lists the parked tickets, oldest first.
func (s *Store) Parked() (out []ParkedTicket, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bParked).ForEach(func(k, v []byte) error {
			var p ParkedTicket
			p.ID = string(k)
			if err := json.Unmarshal(v, &p.Ticket); err != nil {
				return err
			}
			out = append(out, p)
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool {
		a, _ := strconv.Atoi(out[i].ID)
		b, _ := strconv.Atoi(out[j].ID)
		return a < b
	})
	return out, err
}

// Resume takes a parked ticket back, removing it from the parked list.
func (s *Store) Resume(id string) (t *pos.Ticket, err error) {
	err = s.db.Update(func(tx *bolt.Tx) error {
		pb := tx.Bucket(bParked)
		v := pb.Get([]byte(id))
		if v == nil {
			return pos.Errorf("ticket.no_parked", id)
		}
		t = new(pos.Ticket)
		if err := json.Unmarshal(v, t); err != nil {
			return err
		}
		return pb.Delete([]byte(id))
	})
	return t, diskErr(err)
}

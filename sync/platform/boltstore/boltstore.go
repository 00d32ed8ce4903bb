// Package boltstore implements platform.Storage on one embedded bbolt
// file, so the platform runs with no other setup.
//
// Layout: top-level buckets merchants, terminals, codes (code hash ->
// terminal id), accounts (acquirer merchant account -> merchant id) and
// payments (merchant id, NUL, QR reference -> payment); then one bucket
// per merchant under "m" holding docs (document id -> canonical bytes),
// days (day -> totals), products (sku -> state), changes (the pull feed),
// oversells, conflicts and contradictions (acquirer notices that disagree
// with a final state). Each Storage method is one bbolt transaction.
package boltstore

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterr "go.etcd.io/bbolt/errors"

	"hanout/pos"
	"hanout/pos/export"
	"hanout/sync/platform"
	"hanout/sync/wire"
)

// FileName is the platform's database inside its data folder.
const FileName = "platform.db"

var (
	bMerchants = []byte("merchants")
	bTerminals = []byte("terminals")
	bCodes     = []byte("codes")
	bPayments  = []byte("payments")
	bAccounts  = []byte("accounts")
	bM         = []byte("m")
	bChains    = []byte("chains")   // terminal id -> bucket seq -> JSON Anchor
	bForks     = []byte("forks")    // terminal/seq/hash -> JSON Anchor
	bUsers     = []byte("users")    // user id -> JSON User
	bEmails    = []byte("emails")   // normal email -> user id
	bSessions  = []byte("sessions") // session hash -> JSON Session

	bDocs      = []byte("docs")
	bDays      = []byte("days")
	bProducts  = []byte("products")
	bChanges   = []byte("changes")
	bOversells = []byte("oversells")
	bConflicts = []byte("conflicts")
	bContra    = []byte("contradictions")
)

// ErrLocked is returned by Open when another process (a running server)
// holds the data folder.
var ErrLocked = errors.New("the platform database is in use by another process")

// Store is the bbolt Storage.
type Store struct{ db *bolt.DB }

var _ platform.Storage = (*Store)(nil)

// Options tune Open.
type Options struct {
	NoSync bool // benchmarks only
}

// Open opens or creates the store in dir; it fails with ErrLocked after a
// second if another process holds it.
func Open(dir string, opt Options) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("boltstore: %w", err)
	}
	db, err := bolt.Open(filepath.Join(dir, FileName), 0o600, &bolt.Options{Timeout: time.Second, NoSync: opt.NoSync})
	if errors.Is(err, bolterr.ErrTimeout) {
		return nil, fmt.Errorf("boltstore: %s: %w", dir, ErrLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("boltstore: %w", err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bMerchants, bTerminals, bCodes, bPayments, bAccounts, bM, bChains, bForks, bUsers, bEmails, bSessions} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		if err := rekeyPayments(tx); err != nil {
			return err
		}
		return refigure(tx)
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("boltstore: init: %w", err)
	}
	return &Store{db: db}, nil
}

// rekeyPayments moves payments stored by reference alone (files written
// before payments belonged to a merchant) under their merchant; one no
// sale had claimed cannot be placed and is dropped (the acquirer's notice
// names no merchant in that format).
func rekeyPayments(tx *bolt.Tx) error {
	pb := tx.Bucket(bPayments)
	var old [][]byte
	pb.ForEach(func(k, v []byte) error {
		if !bytes.Contains(k, []byte{0}) {
			old = append(old, bytes.Clone(k))
		}
		return nil
	})
	for _, k := range old {
		var rec paymentRec
		if json.Unmarshal(pb.Get(k), &rec) == nil && rec.Merchant != "" {
			if err := putJSON(pb, payKey(rec.Merchant, rec.Ref), rec); err != nil {
				return err
			}
		}
		if err := pb.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// payKey is a payment's key: the merchant, NUL, the reference.
func payKey(merchant, ref string) []byte { return []byte(merchant + "\x00" + ref) }

// Close releases the file and its lock.
func (s *Store) Close() error { return s.db.Close() }

func u64(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

func getJSON(b *bolt.Bucket, key []byte, v any) (bool, error) {
	raw := b.Get(key)
	if raw == nil {
		return false, nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return true, fmt.Errorf("boltstore: damaged %s: %w", key, err)
	}
	return true, nil
}

func putJSON(b *bolt.Bucket, key []byte, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, raw)
}

// merchantBucket returns the merchant's bucket with its sub-buckets, or
// ErrNotFound. create is only allowed in write transactions.
func merchantBucket(tx *bolt.Tx, id string) (*bolt.Bucket, error) {
	mb := tx.Bucket(bM).Bucket([]byte(id))
	if mb == nil {
		return nil, fmt.Errorf("merchant %q: %w", id, platform.ErrNotFound)
	}
	return mb, nil
}

// AddMerchant creates a merchant with a new id.
func (s *Store) AddMerchant(name string) (m platform.Merchant, err error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return m, fmt.Errorf("merchant name: %w", platform.ErrInvalid)
	}
	m = platform.Merchant{ID: "m-" + platform.NewSecret(5), Name: name, Created: time.Now().UTC()}
	err = s.db.Update(func(tx *bolt.Tx) error {
		mb, err := tx.Bucket(bM).CreateBucket([]byte(m.ID))
		if err != nil {
			return err
		}
		for _, b := range [][]byte{bDocs, bDays, bProducts, bChanges, bOversells, bConflicts} {
			if _, err := mb.CreateBucket(b); err != nil {
				return err
			}
		}
		return putJSON(tx.Bucket(bMerchants), []byte(m.ID), m)
	})
	return m, err
}

// Merchant returns one merchant.
func (s *Store) Merchant(id string) (m platform.Merchant, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		ok, err := getJSON(tx.Bucket(bMerchants), []byte(id), &m)
		if err == nil && !ok {
			err = fmt.Errorf("merchant %q: %w", id, platform.ErrNotFound)
		}
		return err
	})
	return m, err
}

// SetAcquirer registers the acquirer's merchant account id of a merchant.
func (s *Store) SetAcquirer(merchant, account string) error {
	if !platform.ValidAccount(account) {
		return fmt.Errorf("merchant account %q (1 to 64 letters, digits, '.', '_', '-'): %w", account, platform.ErrInvalid)
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		var m platform.Merchant
		ok, err := getJSON(tx.Bucket(bMerchants), []byte(merchant), &m)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("merchant %q: %w", merchant, platform.ErrNotFound)
		}
		acc := tx.Bucket(bAccounts)
		if owner := acc.Get([]byte(account)); owner != nil && string(owner) != merchant {
			return fmt.Errorf("merchant account %q is merchant %s's: %w", account, owner, platform.ErrConflict)
		}
		if m.Account != "" && m.Account != account {
			if err := acc.Delete([]byte(m.Account)); err != nil {
				return err
			}
		}
		m.Account = account
		if err := acc.Put([]byte(account), []byte(merchant)); err != nil {
			return err
		}
		return putJSON(tx.Bucket(bMerchants), []byte(merchant), m)
	})
}

// eachTerminal calls fn for every terminal of merchant ("" for all).
func eachTerminal(tx *bolt.Tx, merchant string, fn func(t platform.Terminal) error) error {
	return tx.Bucket(bTerminals).ForEach(func(k, v []byte) error {
		var t platform.Terminal
		if err := json.Unmarshal(v, &t); err != nil {
			return fmt.Errorf("boltstore: damaged terminal %s: %w", k, err)
		}
		if merchant != "" && t.Merchant != merchant {
			return nil
		}
		return fn(t)
	})
}

// identityTaken returns the terminal of merchant other than self that
// has identity id as its name or an alias, if any.
func identityTaken(tx *bolt.Tx, merchant, self, id string) (string, error) {
	var by string
	err := eachTerminal(tx, merchant, func(t platform.Terminal) error {
		if t.ID == self || by != "" {
			return nil
		}
		if platform.SameIdentity(t.Name, id) || slices.ContainsFunc(t.Aliases, func(a string) bool { return platform.SameIdentity(a, id) }) {
			by = t.ID
		}
		return nil
	})
	return by, err
}

// AddTerminal creates a terminal waiting for enrollment.
func (s *Store) AddTerminal(merchant, name string) (t platform.Terminal, code string, err error) {
	name = strings.TrimSpace(name)
	if !platform.ValidName(name) {
		return t, "", fmt.Errorf("terminal name %q (1 to 64 printable characters): %w", name, platform.ErrInvalid)
	}
	code = platform.NewCode()
	t = platform.Terminal{ID: "t-" + platform.NewSecret(5), Merchant: merchant, Name: name, CodeHash: platform.Hash(code)}
	err = s.db.Update(func(tx *bolt.Tx) error {
		if _, err := merchantBucket(tx, merchant); err != nil {
			return err
		}
		if by, err := identityTaken(tx, merchant, "", name); err != nil {
			return err
		} else if by != "" {
			return fmt.Errorf("terminal name %q: terminal %s of this merchant already has it: %w", name, by, platform.ErrConflict)
		}
		if err := tx.Bucket(bCodes).Put([]byte(t.CodeHash), []byte(t.ID)); err != nil {
			return err
		}
		return putJSON(tx.Bucket(bTerminals), []byte(t.ID), t)
	})
	return t, code, err
}

// Enroll consumes a one-time code; see platform.Storage.
func (s *Store) Enroll(e platform.Enrollment, now time.Time) (t platform.Terminal, err error) {
	err = s.db.Update(func(tx *bolt.Tx) error {
		codes := tx.Bucket(bCodes)
		id := codes.Get([]byte(e.CodeHash))
		if id == nil {
			return platform.ErrCodeUsed
		}
		ok, err := getJSON(tx.Bucket(bTerminals), id, &t)
		if err != nil || !ok {
			return platform.ErrCodeUsed
		}
		if err := t.CheckEnrollment(e); err != nil {
			return err
		}
		claim := e.Claim != "" && !platform.SameIdentity(e.Claim, t.Name)
		if claim {
			if by, err := identityTaken(tx, t.Merchant, t.ID, e.Claim); err != nil {
				return err
			} else if by != "" {
				return fmt.Errorf("this till's documents carry %q, the identity of terminal %s of this merchant: %w", e.Claim, by, platform.ErrConflict)
			}
		}
		if e.Install != "" {
			var by string
			eachTerminal(tx, t.Merchant, func(o platform.Terminal) error {
				if o.ID != t.ID && slices.Contains(o.Installs, e.Install) {
					by = o.ID
				}
				return nil
			})
			if by != "" {
				return fmt.Errorf("install id %q is terminal %s's: %w", e.Install, by, platform.ErrConflict)
			}
		}
		if err := codes.Delete([]byte(e.CodeHash)); err != nil {
			return err
		}
		if claim && !slices.Contains(t.Aliases, e.Claim) {
			t.Aliases = append(t.Aliases, e.Claim)
		}
		if e.Install != "" { // the enrolling device last: see Terminal.Chain
			t.Installs = append(slices.DeleteFunc(t.Installs, func(in string) bool { return in == e.Install }), e.Install)
		}
		t.CodeHash, t.TokenHash, t.Till, t.Enrolled, t.LastContact = "", e.TokenHash, t.Name, now.UTC(), now.UTC()
		return putJSON(tx.Bucket(bTerminals), []byte(t.ID), t)
	})
	return t, err
}

// Terminals lists a merchant's terminals by name.
func (s *Store) Terminals(merchant string) (out []platform.Terminal, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		if _, err := merchantBucket(tx, merchant); err != nil {
			return err
		}
		return eachTerminal(tx, merchant, func(t platform.Terminal) error {
			out = append(out, t)
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, err
}

// revoke refuses t's token (remembering its hash, so the till holding it
// is told so) and cancels any code out.
func revoke(tx *bolt.Tx, t *platform.Terminal, now time.Time) error {
	if t.CodeHash != "" {
		if err := tx.Bucket(bCodes).Delete([]byte(t.CodeHash)); err != nil {
			return err
		}
	}
	if t.TokenHash != "" {
		t.RevokedHash, t.Revoked = t.TokenHash, now.UTC()
	}
	t.TokenHash, t.CodeHash = "", ""
	return nil
}

func (s *Store) updateTerminal(id string, fn func(tx *bolt.Tx, t *platform.Terminal) error) (t platform.Terminal, err error) {
	err = s.db.Update(func(tx *bolt.Tx) error {
		ok, err := getJSON(tx.Bucket(bTerminals), []byte(id), &t)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("terminal %q: %w", id, platform.ErrNotFound)
		}
		if err := fn(tx, &t); err != nil {
			return err
		}
		return putJSON(tx.Bucket(bTerminals), []byte(id), t)
	})
	return t, err
}

// RevokeTerminal revokes a terminal's token and any code out.
func (s *Store) RevokeTerminal(id string, now time.Time) (platform.Terminal, error) {
	return s.updateTerminal(id, func(tx *bolt.Tx, t *platform.Terminal) error {
		if t.TokenHash == "" && t.CodeHash == "" && t.Revoked.IsZero() {
			t.Revoked = now.UTC() // never enrolled: revoked all the same
		}
		return revoke(tx, t, now)
	})
}

// Reenroll revokes the terminal's token and returns a new one-time code.
func (s *Store) Reenroll(id string, now time.Time) (platform.Terminal, string, error) {
	code := platform.NewCode()
	t, err := s.updateTerminal(id, func(tx *bolt.Tx, t *platform.Terminal) error {
		if err := revoke(tx, t, now); err != nil {
			return err
		}
		t.CodeHash = platform.Hash(code)
		return tx.Bucket(bCodes).Put([]byte(t.CodeHash), []byte(t.ID))
	})
	if err != nil {
		return t, "", err
	}
	return t, code, nil
}

// Terminal returns one terminal.
func (s *Store) Terminal(id string) (t platform.Terminal, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		ok, err := getJSON(tx.Bucket(bTerminals), []byte(id), &t)
		if err == nil && !ok {
			err = fmt.Errorf("terminal %q: %w", id, platform.ErrNotFound)
		}
		return err
	})
	return t, err
}

// Touch records a contact.
func (s *Store) Touch(id string, backlog uint64, now time.Time) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		var t platform.Terminal
		ok, err := getJSON(tx.Bucket(bTerminals), []byte(id), &t)
		if err != nil || !ok {
			return err
		}
		t.LastContact, t.Backlog = now.UTC(), backlog
		return putJSON(tx.Bucket(bTerminals), []byte(id), t)
	})
}

// productState is a product as the platform keeps it.
type productState struct {
	Product pos.Product `json:"product"`
	Rev     uint64      `json:"rev"`
	// Basis: the stock was read on terminal BasisTill after its journal
	// entry BasisSeq, so that terminal's sales up to it are already in.
	BasisTill string   `json:"basis_till,omitempty"`
	BasisSeq  uint64   `json:"basis_seq,omitempty"`
	SoldBy    []string `json:"sold_by,omitempty"` // for unique pieces: who sold it
}

func emit(mb *bolt.Bucket, c wire.Change) error {
	b := mb.Bucket(bChanges)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	c.Seq = seq
	return putJSON(b, u64(seq), c)
}

// nextRev numbers product revisions per merchant.
func nextRev(mb *bolt.Bucket) (uint64, error) { return mb.Bucket(bProducts).NextSequence() }

// moveStock applies delta to sku; it returns an oversell when a unique
// piece falls below zero. With agg, the change of an ordinary product is
// added to agg instead of emitted.
func moveStock(mb *bolt.Bucket, agg *platform.StockSum, sku string, delta int64, origin, soldBy string, seq uint64, now time.Time) (*wire.Oversell, error) {
	pb := mb.Bucket(bProducts)
	var st productState
	ok, err := getJSON(pb, []byte(sku), &st)
	if err != nil || !ok {
		return nil, err // off-catalogue: nothing to count
	}
	if origin != "" && origin == st.BasisTill && seq <= st.BasisSeq {
		return nil, nil // already in the stock the till sent
	}
	st.Product.Stock += delta
	if delta < 0 && st.Product.Unique && soldBy != "" {
		st.SoldBy = append(st.SoldBy, soldBy)
	}
	if err := putJSON(pb, []byte(sku), st); err != nil {
		return nil, err
	}
	if agg != nil && !st.Product.Unique {
		agg.Add(sku, delta)
		return nil, nil
	}
	if err := emit(mb, wire.Change{Kind: wire.ChangeStock, SKU: sku, Delta: delta, Origin: origin, Ref: soldBy, Time: now}); err != nil {
		return nil, err
	}
	if st.Product.Unique && st.Product.Stock < 0 {
		o := wire.Oversell{SKU: sku, Name: st.Product.Name.FR, Stock: st.Product.Stock, Sales: st.SoldBy, Time: now, Origin: origin}
		ob := mb.Bucket(bOversells)
		n, _ := ob.NextSequence()
		if err := putJSON(ob, u64(n), o); err != nil {
			return nil, err
		}
		detail := fmt.Sprintf("%s (%s) sold %d times: %s", st.Product.Name.FR, sku, 1-st.Product.Stock, strings.Join(st.SoldBy, ", "))
		if err := emit(mb, wire.Change{Kind: wire.ChangeOversell, SKU: sku, Detail: detail, Origin: origin, Time: now}); err != nil {
			return nil, err
		}
		return &o, nil
	}
	return nil, nil
}

// Ingest stores a batch in one transaction.
func (s *Store) Ingest(t platform.Terminal, docs []platform.Doc, now time.Time) (res platform.IngestResult, err error) {
	err = s.db.Update(func(tx *bolt.Tx) error {
		res = platform.IngestResult{}
		mb, err := merchantBucket(tx, t.Merchant)
		if err != nil {
			return err
		}
		db := mb.Bucket(bDocs)
		var fresh []*pos.Document // new sales and refunds, for the kept figures
		var lastReceipt uint64
		var agg platform.StockSum
		for _, in := range docs {
			d := in.Doc
			res.Acked = append(res.Acked, d.ID)
			if d.Receipt > 0 && t.Owns(d.Terminal) { // repayments are numbered too
				lastReceipt = max(lastReceipt, d.Receipt)
			}
			if db.Get([]byte(d.ID)) != nil {
				res.Duplicates++
				continue
			}
			if err := db.Put([]byte(d.ID), in.Raw); err != nil {
				return err
			}
			res.Stored++
			switch d.Kind {
			case pos.KindSale, pos.KindRefund:
				fresh = append(fresh, d)
				for _, l := range d.Lines {
					// The origin is the terminal's identity, whichever of its
					// names (see Terminal.Aliases) the document carries.
					o, err := moveStock(mb, &agg, l.SKU, -l.Qty, t.Till, d.ID, d.Seq, now)
					if err != nil {
						return err
					}
					if o != nil {
						res.Oversells = append(res.Oversells, *o)
					}
				}
				for i, tn := range d.Tenders {
					// Only a reference this terminal issued: one read off
					// another till's QR code is not this sale's to claim.
					if tn.Status == pos.StatusUnverified && tn.Reference != "" && (tn.Kind == pos.TenderQRCard || tn.Kind == pos.TenderQRWallet) && t.Issued(tn.Reference) {
						if err := linkPayment(tx, mb, t.Merchant, t.Till, d, i, now); err != nil {
							return err
						}
					}
				}
			case pos.KindTenderCheck:
				if err := settleByCheck(tx, t.Merchant, d.Check); err != nil {
					return err
				}
			}
		}
		for _, c := range agg.Changes(t.Till, now) {
			if err := emit(mb, c); err != nil {
				return err
			}
		}
		if err := addBooks(mb, fresh); err != nil {
			return err
		}
		return raiseLastReceipt(tx, t.ID, lastReceipt)
	})
	if err != nil {
		return platform.IngestResult{}, err
	}
	return res, nil
}

// settleByCheck: the terminal's own tender check settles the payment of
// the sale it covers.
func settleByCheck(tx *bolt.Tx, merchant string, c *pos.TenderCheck) error {
	if c == nil || c.Reference == "" {
		return nil
	}
	pb := tx.Bucket(bPayments)
	var p paymentRec
	if ok, err := getJSON(pb, payKey(merchant, c.Reference), &p); err != nil || !ok || p.Sale != c.SaleID {
		return err
	}
	p.Settled = true
	return putJSON(pb, payKey(merchant, p.Ref), p)
}

// paymentDue is the amount an unverified tender expects, kept beside the
// payment so a notice with another amount is refused.
type paymentRec struct {
	platform.Payment
	Due pos.Money `json:"due"`
}

// raiseLastReceipt keeps the highest receipt number held for a terminal.
func raiseLastReceipt(tx *bolt.Tx, id string, receipt uint64) error {
	if receipt == 0 {
		return nil
	}
	var t platform.Terminal
	ok, err := getJSON(tx.Bucket(bTerminals), []byte(id), &t)
	if err != nil || !ok || t.LastReceipt >= receipt {
		return err
	}
	t.LastReceipt = receipt
	return putJSON(tx.Bucket(bTerminals), []byte(id), t)
}

// linkPayment links tender i of d to its payment; origin is the pushing
// terminal's identity, which its check change will carry.
func linkPayment(tx *bolt.Tx, mb *bolt.Bucket, merchant, origin string, d *pos.Document, i int, now time.Time) error {
	pb := tx.Bucket(bPayments)
	tn := d.Tenders[i]
	var p paymentRec
	if _, err := getJSON(pb, payKey(merchant, tn.Reference), &p); err != nil {
		return err
	}
	if p.Sale != "" && p.Sale != d.ID {
		return nil // a reference reused: keep the first sale's link
	}
	if p.Ref == "" {
		p.Ref, p.State = tn.Reference, wire.PaymentPending
	}
	p.Merchant, p.Sale, p.Receipt, p.Tender, p.Terminal, p.Due = merchant, d.ID, d.Receipt, i, origin, tn.Amount
	if err := settle(mb, &p, now); err != nil {
		return err
	}
	return putJSON(pb, payKey(merchant, p.Ref), p)
}

// settle emits the check change once both the sale and the acquirer's
// answer are known.
func settle(mb *bolt.Bucket, p *paymentRec, now time.Time) error {
	if p.Settled || p.Sale == "" || p.State == wire.PaymentPending {
		return nil
	}
	status := pos.StatusApproved
	if p.State != wire.PaymentPaid || p.Amount != p.Due {
		status = pos.StatusRefused
	}
	p.Settled = true
	return emit(mb, wire.Change{Kind: wire.ChangeCheck, Ref: p.Ref, Origin: p.Terminal, Time: now,
		Check: &pos.TenderCheck{SaleID: p.Sale, Receipt: p.Receipt, Tender: p.Tender, Reference: p.Ref, Status: status, Source: "platform"}})
}

// Changes returns a page of the feed.
func (s *Store) Changes(merchant string, since uint64, limit int) (out wire.PullResponse, err error) {
	if limit <= 0 || limit > wire.MaxPull {
		limit = wire.MaxPull
	}
	out.Cursor = since
	out.Changes = []wire.Change{}
	err = s.db.View(func(tx *bolt.Tx) error {
		mb, err := merchantBucket(tx, merchant)
		if err != nil {
			return err
		}
		c := mb.Bucket(bChanges).Cursor()
		for k, v := c.Seek(u64(since + 1)); k != nil; k, v = c.Next() {
			if len(out.Changes) == limit {
				out.More = true
				break
			}
			var ch wire.Change
			if err := json.Unmarshal(v, &ch); err != nil {
				return fmt.Errorf("boltstore: damaged change: %w", err)
			}
			out.Changes = append(out.Changes, ch)
			out.Cursor = ch.Seq
		}
		return nil
	})
	return out, err
}

// Catalog returns the merchant's products with platform stock.
func (s *Store) Catalog(merchant string) (out []wire.CatalogItem, err error) {
	out = []wire.CatalogItem{}
	err = s.db.View(func(tx *bolt.Tx) error {
		mb, err := merchantBucket(tx, merchant)
		if err != nil {
			return err
		}
		return mb.Bucket(bProducts).ForEach(func(k, v []byte) error {
			var st productState
			if err := json.Unmarshal(v, &st); err != nil {
				return err
			}
			out = append(out, wire.CatalogItem{Product: st.Product, Rev: st.Rev})
			return nil
		})
	})
	return out, err
}

// EditProducts applies till edits; see platform.Storage.
func (s *Store) EditProducts(t platform.Terminal, edits []wire.ProductEdit, now time.Time) (out []wire.ProductResult, err error) {
	for i := range edits {
		p := edits[i].Product
		if err := p.Validate(); err != nil {
			return nil, fmt.Errorf("product %q: %w: %w", p.SKU, platform.ErrInvalid, err)
		}
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		out = nil
		mb, err := merchantBucket(tx, t.Merchant)
		if err != nil {
			return err
		}
		pb := mb.Bucket(bProducts)
		for _, e := range edits {
			var st productState
			exists, err := getJSON(pb, []byte(e.Product.SKU), &st)
			if err != nil {
				return err
			}
			r := wire.ProductResult{SKU: e.Product.SKU, Winner: "till"}
			switch {
			case !exists:
				st = productState{Product: e.Product, BasisTill: t.Till, BasisSeq: e.StockSeq}
			case st.Rev == e.Base:
				st.Product = withStock(e.Product, st.Product.Stock)
			default:
				r.Conflict = true
				r.Winner = platform.Resolve(st.Product, e.Product)
				kept, lost := e.Product, st.Product
				if r.Winner == "platform" {
					kept, lost = st.Product, e.Product
				}
				cf := platform.Conflict{SKU: e.Product.SKU, Winner: r.Winner, Kept: platform.DescribeProduct(kept), Lost: platform.DescribeProduct(lost), Time: now.UTC()}
				cb := mb.Bucket(bConflicts)
				n, _ := cb.NextSequence()
				if err := putJSON(cb, u64(n), cf); err != nil {
					return err
				}
				if err := emit(mb, wire.Change{Kind: wire.ChangeConflict, SKU: cf.SKU, Origin: t.Till, Time: now,
					Detail: fmt.Sprintf("edited on both sides; %s kept %s, lost %s", cf.Winner, cf.Kept, cf.Lost)}); err != nil {
					return err
				}
				if r.Winner == "till" {
					st.Product = withStock(e.Product, st.Product.Stock)
				}
			}
			if r.Winner == "till" {
				if st.Rev, err = nextRev(mb); err != nil {
					return err
				}
				if err := putJSON(pb, []byte(e.Product.SKU), st); err != nil {
					return err
				}
				p := st.Product
				if err := emit(mb, wire.Change{Kind: wire.ChangeProduct, SKU: p.SKU, Product: &p, Rev: st.Rev, Origin: t.Till, Time: now}); err != nil {
					return err
				}
			}
			r.Rev, r.Product = st.Rev, st.Product
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

func withStock(p pos.Product, stock int64) pos.Product { p.Stock = stock; return p }

// SetProduct is a central edit; a new product takes its Stock, an existing
// one keeps the platform's (use a stock change for counts).
func (s *Store) SetProduct(merchant string, p pos.Product, now time.Time) (rev uint64, err error) {
	if p.Updated.IsZero() {
		p.Updated = now.UTC()
	}
	if err := p.Validate(); err != nil {
		return 0, fmt.Errorf("product %q: %w: %w", p.SKU, platform.ErrInvalid, err)
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		mb, err := merchantBucket(tx, merchant)
		if err != nil {
			return err
		}
		pb := mb.Bucket(bProducts)
		var st productState
		exists, err := getJSON(pb, []byte(p.SKU), &st)
		if err != nil {
			return err
		}
		if exists {
			p.Stock = st.Product.Stock
		}
		st.Product = p
		if st.Rev, err = nextRev(mb); err != nil {
			return err
		}
		rev = st.Rev
		if err := putJSON(pb, []byte(p.SKU), st); err != nil {
			return err
		}
		return emit(mb, wire.Change{Kind: wire.ChangeProduct, SKU: p.SKU, Product: &p, Rev: rev, Time: now})
	})
	return rev, err
}

// OnlineSale moves stock for a sale made outside the tills.
func (s *Store) OnlineSale(merchant, sku string, qty int64, ref string, now time.Time) (out []wire.Oversell, err error) {
	if qty == 0 {
		return nil, fmt.Errorf("quantity: %w", platform.ErrInvalid)
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		mb, err := merchantBucket(tx, merchant)
		if err != nil {
			return err
		}
		if mb.Bucket(bProducts).Get([]byte(sku)) == nil {
			return fmt.Errorf("product %q: %w", sku, platform.ErrNotFound)
		}
		o, err := moveStock(mb, nil, sku, -qty, "", "online:"+ref, 0, now)
		if o != nil {
			out = append(out, *o)
		}
		return err
	})
	return out, err
}

// Payment returns what is known of a merchant's reference; an unknown one
// is pending.
func (s *Store) Payment(merchant, ref string) (p platform.Payment, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		var rec paymentRec
		ok, err := getJSON(tx.Bucket(bPayments), payKey(merchant, ref), &rec)
		if err != nil {
			return err
		}
		if !ok {
			rec.Ref, rec.State = ref, wire.PaymentPending
		}
		p = rec.Payment
		return nil
	})
	return p, err
}

// Notify records the acquirer's answer for the merchant whose account
// the notice names. The first final state stays; a later notice saying
// the same changes nothing, one saying otherwise is recorded as a
// contradiction (once) and answered ErrConflict.
func (s *Store) Notify(n wire.Notice, now time.Time) (p platform.Payment, err error) {
	var contradicts bool
	err = s.db.Update(func(tx *bolt.Tx) error {
		merchant := tx.Bucket(bAccounts).Get([]byte(n.Account))
		if n.Account == "" || merchant == nil {
			return fmt.Errorf("merchant account %q: %w", n.Account, platform.ErrNotFound)
		}
		m := string(merchant)
		mb, err := merchantBucket(tx, m)
		if err != nil {
			return err
		}
		pb := tx.Bucket(bPayments)
		var rec paymentRec
		if _, err := getJSON(pb, payKey(m, n.Ref), &rec); err != nil {
			return err
		}
		if rec.State == wire.PaymentPaid || rec.State == wire.PaymentRefused {
			p = rec.Payment
			if rec.State == n.Status && rec.Amount == n.Amount {
				return nil
			}
			contradicts = true
			return recordContradiction(mb, platform.Contradiction{Merchant: m, Ref: n.Ref, Was: rec.State, WasAmt: rec.Amount,
				Now: n.Status, NowAmt: n.Amount, Time: now.UTC()})
		}
		rec.Ref, rec.State, rec.Amount, rec.Time = n.Ref, n.Status, n.Amount, now.UTC()
		if rec.Merchant == "" {
			rec.Merchant = m
		}
		if rec.Sale != "" {
			if err := settle(mb, &rec, now); err != nil {
				return err
			}
		}
		p = rec.Payment
		return putJSON(pb, payKey(m, n.Ref), rec)
	})
	if err == nil && contradicts {
		err = fmt.Errorf("reference %s already %s (%s); this notice says %s (%s) and is kept for review: %w",
			n.Ref, p.State, p.Amount.Decimal(), n.Status, n.Amount.Decimal(), platform.ErrConflict)
	}
	return p, err
}

// recordContradiction keeps c unless the same one is already kept.
func recordContradiction(mb *bolt.Bucket, c platform.Contradiction) error {
	cb, err := mb.CreateBucketIfNotExists(bContra)
	if err != nil {
		return err
	}
	dup := false
	cb.ForEach(func(k, v []byte) error {
		var x platform.Contradiction
		if json.Unmarshal(v, &x) == nil && x.Ref == c.Ref && x.Now == c.Now && x.NowAmt == c.NowAmt {
			dup = true
		}
		return nil
	})
	if dup {
		return nil
	}
	n, err := cb.NextSequence()
	if err != nil {
		return err
	}
	return putJSON(cb, u64(n), c)
}

// Export returns the merchant's sales and refunds as export rows, sorted.
func (s *Store) Export(merchant string) (rows []export.Row, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		return eachDocument(tx, merchant, func(d *pos.Document) {
			if export.Included(d) {
				rows = append(rows, export.RowOf(d))
			}
		})
	})
	export.Sort(rows)
	return rows, err
}

// eachDocument hands fn each of merchant's documents; a damaged one fails
// the read.
func eachDocument(tx *bolt.Tx, merchant string, fn func(*pos.Document)) error {
	mb, err := merchantBucket(tx, merchant)
	if err != nil {
		return err
	}
	return mb.Bucket(bDocs).ForEach(func(k, v []byte) error {
		var d pos.Document
		if err := json.Unmarshal(v, &d); err != nil {
			return fmt.Errorf("boltstore: damaged document %s: %w", k, err)
		}
		fn(&d)
		return nil
	})
}

// Anchors returns a page of a terminal's chain.
func (s *Store) Anchors(terminal string, from uint64, limit int) (out []platform.Anchor, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		cb := tx.Bucket(bChains).Bucket([]byte(terminal))
		if cb == nil {
			return nil
		}
		c := cb.Cursor()
		for k, v := c.Seek(u64(from)); k != nil && len(out) < limit; k, v = c.Next() {
			var a platform.Anchor
			if err := json.Unmarshal(v, &a); err != nil {
				return fmt.Errorf("boltstore: damaged anchor %x: %w", k, err)
			}
			out = append(out, a)
		}
		return nil
	})
	return out, err
}

// PutAnchors records checked anchors; existing ones stay.
func (s *Store) PutAnchors(terminal string, as []platform.Anchor) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		cb, err := tx.Bucket(bChains).CreateBucketIfNotExists([]byte(terminal))
		if err != nil {
			return err
		}
		refused := 0
		for _, a := range as {
			a.Terminal = terminal
			if a.State == platform.AnchorFork {
				// Keyed by the link itself: the same forged document
				// pushed again is one fork, not one per sync.
				key := append(append([]byte(terminal+"/"), u64(a.Seq)...), a.Hash...)
				if err := putJSON(tx.Bucket(bForks), key, a); err != nil {
					return err
				}
			}
			if cb.Get(u64(a.Seq)) != nil {
				continue
			}
			if err := putJSON(cb, u64(a.Seq), a); err != nil {
				return err
			}
			if a.State == platform.AnchorRejected {
				refused++
			}
		}
		return countRefused(tx, terminal, refused)
	})
}

// Overview gathers the dashboard.
func (s *Store) Overview() (o platform.Overview, err error) {
	o.Merchants = map[string]string{}
	err = s.db.View(func(tx *bolt.Tx) error {
		err := tx.Bucket(bMerchants).ForEach(func(k, v []byte) error {
			var m platform.Merchant
			if err := json.Unmarshal(v, &m); err != nil {
				return err
			}
			o.Merchants[m.ID] = m.Name
			mb, err := merchantBucket(tx, m.ID)
			if err != nil {
				return err
			}
			mb.Bucket(bDays).ForEach(func(k, v []byte) error {
				var t platform.DayFigure
				json.Unmarshal(v, &t)
				o.Days = append(o.Days, platform.DaySales{Merchant: m.ID, Name: m.Name, Day: string(k), Sales: t.Sales, Refunds: t.Refunds, Net: t.Net})
				return nil
			})
			eachJSON(mb.Bucket(bOversells), func(x wire.Oversell) { o.Oversells = append(o.Oversells, x) })
			eachJSON(mb.Bucket(bConflicts), func(x platform.Conflict) { o.Conflicts = append(o.Conflicts, x) })
			if cb := mb.Bucket(bContra); cb != nil {
				eachJSON(cb, func(x platform.Contradiction) { o.Contradictions = append(o.Contradictions, x) })
			}
			return nil
		})
		if err != nil {
			return err
		}
		eachJSON(tx.Bucket(bTerminals), func(t platform.Terminal) {
			// No hash leaves the store; State still reads right.
			t.Status = t.State()
			t.TokenHash, t.CodeHash, t.RevokedHash = "", "", ""
			o.Terminals = append(o.Terminals, t)
		})
		eachJSON(tx.Bucket(bForks), func(a platform.Anchor) { o.Forks = append(o.Forks, a) })
		eachJSON(tx.Bucket(bPayments), func(p paymentRec) {
			if p.Sale != "" && !p.Settled {
				o.Awaiting = append(o.Awaiting, p.Payment)
			}
		})
		return nil
	})
	sort.Slice(o.Days, func(i, j int) bool {
		if o.Days[i].Day != o.Days[j].Day {
			return o.Days[i].Day > o.Days[j].Day
		}
		return o.Days[i].Name < o.Days[j].Name
	})
	return o, err
}

// eachJSON hands keep every value of bucket b decoded as a T; a value
// that does not decode is passed over.
func eachJSON[T any](b *bolt.Bucket, keep func(T)) {
	b.ForEach(func(k, v []byte) error {
		var x T
		if json.Unmarshal(v, &x) == nil {
			keep(x)
		}
		return nil
	})
}

package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"hanout/pos"
)

// PrintOnCommit, when set, makes Commit queue a print job for every sale
// and refund in the same transaction, so a receipt is never forgotten even
// if the power fails between the sale and the printer.
//
// It is a field rather than an argument because it follows a setting.
func (s *Store) SetPrintOnCommit(on bool) { s.printOnCommit.Store(on) }

// PrintsOnCommit reports whether Commit queues a print job for every sale.
func (s *Store) PrintsOnCommit() bool { return s.printOnCommit.Load() }

// Commit writes d to the journal with everything that goes with it (see the
// package invariants) and fills d.ID (if empty), d.Seq, d.Receipt and
// d.Terminal. After Commit returns nil the document is on disk. It refuses a
// document that breaks a rule of the till: a refund beyond what was sold, a
// unique piece already sold, a sale outside an open shift.
func (s *Store) Commit(d *pos.Document) error {
	err := s.db.Update(func(tx *bolt.Tx) error { return s.commit(tx, d) })
	if err == errAlreadyCommitted {
		return nil
	}
	return diskErr(err)
}

// errAlreadyCommitted rolls back the transaction of a document that is
// already in the journal; Commit then reports success.
var errAlreadyCommitted = errors.New("already committed")

func (s *Store) commit(tx *bolt.Tx, d *pos.Document) error {
	if d.ID == "" {
		d.ID = pos.NewID()
	}
	if err := sameDocumentAgain(tx, d); err != nil {
		return err
	}
	meta := tx.Bucket(bMeta)
	d.Terminal = string(meta.Get(kTerminal))
	if d.Time.IsZero() {
		d.Time = s.Now()
	}
	var err error
	switch d.Kind {
	case pos.KindShiftOpen:
		err = commitShiftOpen(meta, d)
	case pos.KindSale:
		err = s.commitSale(tx, d)
	case pos.KindRefund:
		err = s.commitRefund(tx, d)
	case pos.KindCashMove:
		err = commitCashMove(meta, d)
	case pos.KindShiftClose:
		err = commitShiftClose(meta, d)
	case pos.KindTenderCheck:
		err = commitTenderCheck(tx, d)
	case pos.KindTenderVoid:
		err = commitTenderVoid(meta, d)
	case pos.KindEvent:
		err = commitEvent(meta, d)
	case pos.KindRepayment:
		err = s.commitRepayment(tx, d)
	case pos.KindPayout:
		err = commitPayout(tx, d)
	default:
		err = pos.Errorf("store.invalid_document")
	}
	if err == nil {
		err = accountDocument(tx, d) // customers.go
	}
	if err != nil {
		return err
	}
	return s.journal(tx, d)
}

// sameDocumentAgain returns errAlreadyCommitted, after filling d with the
// stored copy, when d's id is already in the journal: a retry after an
// error that came after the data reached the disk is reported as committed
// instead of being stored twice. A different document under the same id is
// refused.
func sameDocumentAgain(tx *bolt.Tx, d *pos.Document) error {
	seq := seqOfID(tx, d.ID)
	if seq == 0 {
		return nil
	}
	stored, err := getDoc(tx, seq)
	if err != nil {
		return err
	}
	if stored.Kind != d.Kind || stored.Total != d.Total || len(stored.Lines) != len(d.Lines) {
		return pos.Errorf("store.duplicate", d.ID)
	}
	*d = *stored
	return errAlreadyCommitted
}

// nextSeq gives d the next journal position.
func nextSeq(meta *bolt.Bucket, d *pos.Document) {
	d.Seq = getU64(meta.Get(kSeq)) + 1
}

// inOpenShift refuses a document outside the shift that is open.
func inOpenShift(meta *bolt.Bucket, d *pos.Document) error {
	if open := string(meta.Get(kShift)); open == "" || d.Shift != open {
		return pos.Errorf("shift.not_open")
	}
	return nil
}

func commitShiftOpen(meta *bolt.Bucket, d *pos.Document) error {
	if len(meta.Get(kShift)) != 0 {
		return pos.Errorf("shift.already_open")
	}
	if d.Shift == "" {
		d.Shift = d.ID
	}
	meta.Put(kShift, []byte(d.Shift))
	nextSeq(meta, d)
	return nil
}

// commitTenderVoid records a card payment cancelled through the terminal
// before its sale was committed: the payment and its cancellation, which
// must cancel it exactly.
func commitTenderVoid(meta *bolt.Bucket, d *pos.Document) error {
	if err := inOpenShift(meta, d); err != nil {
		return err
	}
	if len(d.Tenders) != 2 || d.Tenders[0].Kind != pos.TenderCard || d.Tenders[0].Amount <= 0 ||
		d.Tenders[1].Kind != pos.TenderCard || d.Tenders[1].Amount != -d.Tenders[0].Amount ||
		d.Tenders[1].Status != pos.StatusApproved || d.ApprovedBy == "" || d.Total != 0 || len(d.Lines) != 0 {
		return pos.Errorf("store.invalid_document")
	}
	nextSeq(meta, d)
	return nil
}

// commitEvent records a change to the catalogue, users or settings.
func commitEvent(meta *bolt.Bucket, d *pos.Document) error {
	if d.Event == nil || d.Event.What == "" || d.Total != 0 || len(d.Lines) != 0 || len(d.Tenders) != 0 {
		return pos.Errorf("store.invalid_document")
	}
	nextSeq(meta, d)
	return nil
}

func commitCashMove(meta *bolt.Bucket, d *pos.Document) error {
	if err := inOpenShift(meta, d); err != nil {
		return err
	}
	nextSeq(meta, d)
	return nil
}

// commitShiftClose closes the open shift and stamps the perpetual totals
// on the closing document.
func commitShiftClose(meta *bolt.Bucket, d *pos.Document) error {
	if err := inOpenShift(meta, d); err != nil {
		return err
	}
	meta.Delete(kShift)
	d.GrandTotal = pos.Money(int64(getU64(meta.Get(kGrand))))
	d.GrandRefund = pos.Money(int64(getU64(meta.Get(kGrandRef))))
	nextSeq(meta, d)
	return nil
}

func commitTenderCheck(tx *bolt.Tx, d *pos.Document) error {
	if d.Check == nil {
		return pos.Errorf("store.invalid_document")
	}
	nextSeq(tx.Bucket(bMeta), d)
	return tx.Bucket(bIndex).Put(ixKey(ixCheck, []byte(d.Check.SaleID), u64(d.Seq)), nil)
}

func (s *Store) commitSale(tx *bolt.Tx, d *pos.Document) error {
	meta := tx.Bucket(bMeta)
	if err := inOpenShift(meta, d); err != nil {
		return err
	}
	nextSeq(meta, d)
	if d.Total < 0 || len(d.Lines) == 0 {
		return pos.Errorf("store.invalid_document")
	}
	if err := moveStock(tx, d); err != nil {
		return err
	}
	addTotal(meta, kGrand, d.Total)
	return s.numberReceipt(tx, d)
}

func (s *Store) commitRefund(tx *bolt.Tx, d *pos.Document) error {
	meta := tx.Bucket(bMeta)
	if err := inOpenShift(meta, d); err != nil {
		return err
	}
	nextSeq(meta, d)
	if d.Total > 0 {
		return pos.Errorf("store.invalid_document")
	}
	if err := checkRefund(tx, d); err != nil {
		return err
	}
	if err := moveStock(tx, d); err != nil {
		return err
	}
	addTotal(meta, kGrandRef, d.Total)
	return s.numberReceipt(tx, d)
}

// addTotal adds m to the perpetual total under key.
func addTotal(meta *bolt.Bucket, key []byte, m pos.Money) {
	meta.Put(key, u64(uint64(int64(getU64(meta.Get(key)))+int64(m))))
}

// numberReceipt gives a sale or refund the next receipt number and, when
// the till prints on commit, its print job.
func (s *Store) numberReceipt(tx *bolt.Tx, d *pos.Document) error {
	meta := tx.Bucket(bMeta)
	d.Receipt = getU64(meta.Get(kReceipt)) + 1
	meta.Put(kReceipt, u64(d.Receipt))
	if err := indexReceipt(tx, meta, d); err != nil {
		return err
	}
	if s.printOnCommit.Load() {
		return enqueuePrint(tx, d.Receipt, false)
	}
	return nil
}

// journal appends d, whose kind has done its own work, to the journal
// with its chain hash, and indexes it. It stays unsent until the platform
// acknowledges it (Ack).
func (s *Store) journal(tx *bolt.Tx, d *pos.Document) error {
	meta := tx.Bucket(bMeta)
	key := u64(d.Seq)
	b, err := Canonical(d)
	if err != nil {
		return err
	}
	hash := ChainHash(meta.Get(kLastHash), b)
	if err := journalBucket(tx).Put(key, entryValue(hash, b)); err != nil {
		return err
	}
	meta.Put(kLastHash, hash)
	meta.Put(kSeq, key)
	meta.Put(kOutboxSize, u64(getU64(meta.Get(kOutboxSize))+1))
	return s.indexEntry(tx, meta, d, key)
}

// checkRefund re-checks, inside the transaction, that a refund together
// with earlier refunds gives back no more than was sold: two taps on
// "refund" cannot both pass. It then indexes the refund under its sale.
func checkRefund(tx *bolt.Tx, d *pos.Document) error {
	saleSeq := seqOfID(tx, d.RefundOf)
	if saleSeq == 0 {
		return pos.Errorf("refund.no_sale", d.RefundOfReceipt)
	}
	sale, err := getDoc(tx, saleSeq)
	if err != nil {
		return err
	}
	refunds, err := refundsOf(tx, saleSeq)
	if err != nil {
		return err
	}
	qty := map[int]int64{}
	for _, l := range d.Lines {
		if l.Origin < 0 || l.Origin >= len(sale.Lines) || l.SKU != sale.Lines[l.Origin].SKU || l.Qty >= 0 {
			return pos.Errorf("store.invalid_document")
		}
		qty[l.Origin] -= l.Qty
	}
	// Price the refund again against the refunds committed so far:
	// one built from a stale view (a double tap, a screen not
	// reloaded) would give back more than the customer paid.
	lines, total, err := pos.RefundLines(sale, refunds, qty)
	if err != nil {
		return err
	}
	if total != d.Total || len(lines) != len(d.Lines) {
		return pos.Errorf("refund.stale")
	}
	for i := range lines {
		if lines[i].Total != d.Lines[i].Total || lines[i].TaxPart != d.Lines[i].TaxPart {
			return pos.Errorf("refund.stale")
		}
	}
	return tx.Bucket(bIndex).Put(ixKey(ixRefund, u64(saleSeq), u64(d.Seq)), nil)
}

// moveStock applies a sale's or refund's stock changes (refund lines carry
// negative quantities), refusing to sell a unique piece twice.
func moveStock(tx *bolt.Tx, d *pos.Document) error {
	// One read and one write per product, however many lines it has.
	var skus []string
	moved := map[string]int64{}
	for _, l := range d.Lines {
		if _, seen := moved[l.SKU]; !seen {
			skus = append(skus, l.SKU)
		}
		moved[l.SKU] += l.Qty
	}
	products := tx.Bucket(bProducts)
	for _, sku := range skus {
		raw := products.Get([]byte(sku))
		if raw == nil {
			continue // sold off-catalogue (a deleted product): nothing to count
		}
		var p pos.Product
		if err := json.Unmarshal(raw, &p); err != nil {
			return fmt.Errorf("store: product %s: %w", sku, err)
		}
		p.Stock -= moved[sku]
		if p.Unique && p.Stock < 0 {
			return pos.Errorf("stock.unique_sold", p.Name.FR)
		}
		nb, _ := json.Marshal(&p)
		if err := products.Put([]byte(sku), nb); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) day(t time.Time) string { return t.In(s.Location).Format("2006-01-02") }

func getDoc(tx *bolt.Tx, seq uint64) (*pos.Document, error) {
	v := tx.Bucket(bJournal).Get(u64(seq))
	if v == nil {
		return nil, pos.Errorf("store.not_found", seq)
	}
	_, b := splitEntry(v)
	var d pos.Document
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, pos.Wrap(err, "store.damaged_document", seq)
	}
	return &d, nil
}

func refundsOf(tx *bolt.Tx, saleSeq uint64) ([]*pos.Document, error) {
	return indexed(tx, bIndex, ixKey(ixRefund, u64(saleSeq)), nil)
}

// indexed appends to out the documents an index lists under prefix: the
// keys are prefix followed by the 8-byte journal position of each
// document (the refunds of a sale, the checks of a sale, the documents on
// a customer's account).
func indexed(tx *bolt.Tx, bucket, prefix []byte, out []*pos.Document) ([]*pos.Document, error) {
	c := tx.Bucket(bucket).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		if len(k) != len(prefix)+8 {
			continue // a longer id that merely starts with this one
		}
		d, err := getDoc(tx, getU64(k[len(prefix):]))
		if err != nil {
			return out, err
		}
		out = append(out, d)
	}
	return out, nil
}

// Document returns the document at journal position seq.
func (s *Store) Document(seq uint64) (d *pos.Document, err error) {
	err = s.db.View(func(tx *bolt.Tx) error { d, err = getDoc(tx, seq); return err })
	return d, err
}

// ByReceipt returns the sale or refund with receipt number n.
func (s *Store) ByReceipt(n uint64) (d *pos.Document, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		seq := receiptSeq(tx, n)
		if seq == 0 {
			return pos.Errorf("store.no_receipt", n)
		}
		d, err = getDoc(tx, seq)
		return err
	})
	return d, err
}

// ByID returns the document with the given UUID.
func (s *Store) ByID(id string) (d *pos.Document, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		seq := seqOfID(tx, id)
		if seq == 0 {
			return pos.Errorf("store.not_found", id)
		}
		d, err = getDoc(tx, seq)
		return err
	})
	return d, err
}

// RefundsOf returns the refunds committed against a sale.
func (s *Store) RefundsOf(sale *pos.Document) (out []*pos.Document, err error) {
	err = s.db.View(func(tx *bolt.Tx) error { out, err = refundsOf(tx, sale.Seq); return err })
	return out, err
}

// Days returns the documents of the days from..to inclusive ("2006-01-02";
// empty means unbounded), in journal order, through the day runs: a day's
// report reads that day only.
func (s *Store) Days(from, to string) (out []*pos.Document, err error) {
	keep := func(day string) bool { return (from == "" || day >= from) && (to == "" || day <= to) }
	err = s.db.View(func(tx *bolt.Tx) error {
		out, err = inRuns(tx, ixDay, keep, nil, nil)
		return err
	})
	return out, err
}

// Shift returns the documents of one shift in journal order.
func (s *Store) Shift(id string) (out []*pos.Document, err error) {
	keep := func(shift string) bool { return shift == id }
	inShift := func(d *pos.Document) bool { return d.Shift == id }
	err = s.db.View(func(tx *bolt.Tx) error {
		out, err = inRuns(tx, ixShift, keep, inShift, nil)
		return err
	})
	return out, err
}

// OpenShift returns the id of the open shift, or "" when none is open.
func (s *Store) OpenShift() string {
	var id string
	s.db.View(func(tx *bolt.Tx) error { id = string(tx.Bucket(bMeta).Get(kShift)); return nil })
	return id
}

// Counters are the journal's running figures.
type Counters struct {
	Seq, Receipt, Unsynced  uint64
	Quarantined             uint64
	GrandTotal, GrandRefund pos.Money
}

// Counters reads the running figures without scanning anything.
func (s *Store) Counters() (c Counters) {
	s.db.View(func(tx *bolt.Tx) error {
		m := tx.Bucket(bMeta)
		c = Counters{Seq: getU64(m.Get(kSeq)), Receipt: getU64(m.Get(kReceipt)), Unsynced: getU64(m.Get(kOutboxSize)),
			Quarantined: quarantined(tx),
			GrandTotal:  pos.Money(int64(getU64(m.Get(kGrand)))), GrandRefund: pos.Money(int64(getU64(m.Get(kGrandRef))))}
		return nil
	})
	return c
}

// quarantined counts the quarantine (a read-only store of an older layout
// may not have the bucket yet).
func quarantined(tx *bolt.Tx) uint64 {
	b := tx.Bucket(bQuarant)
	if b == nil {
		return 0
	}
	n := uint64(0)
	b.ForEach(func(_, _ []byte) error { n++; return nil })
	return n
}

// Each calls fn for every document after seq in journal order, stopping at
// the first error fn returns.
func (s *Store) Each(after uint64, fn func(*pos.Document) error) error {
	return s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bJournal).Cursor()
		for k, _ := c.Seek(u64(after + 1)); k != nil; k, _ = c.Next() {
			d, err := getDoc(tx, getU64(k))
			if err != nil {
				return err
			}
			if err := fn(d); err != nil {
				return err
			}
		}
		return nil
	})
}

// VerifyError names the first journal entry whose bytes do not match the
// chain.
type VerifyError struct {
	Seq     uint64
	Receipt uint64 // 0 for shift documents
}

func (e *VerifyError) Error() string {
	if e.Receipt > 0 {
		return fmt.Sprintf("receipt %d (journal entry %d) does not match its hash", e.Receipt, e.Seq)
	}
	return fmt.Sprintf("journal entry %d does not match its hash", e.Seq)
}

// Verify walks the whole journal, recomputing the hash chain, and checks
// that journal positions and receipt numbers have no gap. It returns how
// many documents it checked and a *VerifyError for the first bad entry.
func (s *Store) Verify() (n int, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		receiptOf, err := receiptsBySeq(tx)
		if err != nil {
			return err
		}
		prev := make([]byte, hashSize)
		c := tx.Bucket(bJournal).Cursor()
		var seq uint64
		for k, v := c.First(); k != nil; k, v = c.Next() {
			seq++
			if getU64(k) != seq {
				return fmt.Errorf("journal entry %d is missing", seq)
			}
			hash, doc := splitEntry(v)
			h := ChainHash(prev, doc)
			if !bytes.Equal(h, hash) {
				return &VerifyError{Seq: seq, Receipt: receiptOf[seq]}
			}
			var d pos.Document
			if err := json.Unmarshal(doc, &d); err != nil || d.Seq != seq || d.Receipt != receiptOf[seq] {
				return &VerifyError{Seq: seq, Receipt: receiptOf[seq]}
			}
			prev = h
			n++
		}
		if !bytes.Equal(prev, tx.Bucket(bMeta).Get(kLastHash)) {
			return fmt.Errorf("the journal ends before its last recorded entry")
		}
		return nil
	})
	return n, err
}

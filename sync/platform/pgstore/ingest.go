package pgstore

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"hanout/pos"
	"hanout/sync/platform"
	"hanout/sync/wire"
)

var _ platform.ChainIngester = (*Store)(nil)

// IngestChain checks and stores a push in one transaction (see
// platform.ChainIngester): the chain's advisory lock, the anchors around
// the pushed positions read under it, the check, the new anchors, the
// documents, what they change, and the terminal's contact. Under the
// chain's lock the anchors read cannot go stale before they are written,
// so no second check is needed (PutAnchors needs one).
//
// The documents go in first by a plain multi-row INSERT, as nearly every
// push brings only new ones; when one of them is already stored (a retry
// whose answer was lost, on this server or another) the primary key
// refuses that INSERT, and the whole transaction runs again with ON
// CONFLICT DO NOTHING, which tells the new from the stored.
func (s *Store) IngestChain(t platform.Terminal, batch platform.PushBatch, now time.Time) (resp wire.PushResponse, err error) {
	resp, err = s.ingestChain(t, batch, now, true)
	if isDuplicateDoc(err) {
		resp, err = s.ingestChain(t, batch, now, false)
	}
	if err != nil {
		return wire.PushResponse{}, wrap(err)
	}
	return resp, nil
}

// isDuplicateDoc: the plain INSERT of documents met a stored one.
func isDuplicateDoc(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505" && pe.TableName == "documents"
}

func (s *Store) ingestChain(t platform.Terminal, batch platform.PushBatch, now time.Time, fresh bool) (resp wire.PushResponse, err error) {
	now = now.UTC()
	chain := t.Chain()
	err = s.writePipe(t.Merchant, func(ctx context.Context, tx dbtx) (*pgx.Batch, error) {
		b := &pgx.Batch{}
		b.Queue("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", "chain:"+chain)
		spans := platform.ChainSpans(batch.Docs)
		for _, sp := range spans {
			queueChain(b, t.Merchant, chain, sp)
		}
		br := tx.SendBatch(ctx, b)
		known := map[uint64]platform.Anchor{}
		if _, err := br.Exec(); err != nil {
			br.Close()
			return nil, err
		}
		for _, sp := range spans {
			as, err := readChain(br, chain, sp.From, sp.Count)
			if err != nil {
				br.Close()
				return nil, err
			}
			for _, a := range as {
				known[a.Seq] = a
			}
		}
		if err := br.Close(); err != nil {
			return nil, err
		}
		put, good, rejected := platform.CheckChain(t, batch.Docs, known, now) // known only read
		// The new anchors go in the documents' round trip, their runs in
		// the documents' statement.
		b, w := &pgx.Batch{}, &fold{}
		if err := queueAnchors(b, w, t.Merchant, chain, put, known); err != nil {
			return nil, err
		}
		backlog := batch.Unsynced
		if done := uint64(len(good) + len(rejected)); backlog >= done {
			backlog -= done
		}
		res, last, err := ingestTx(ctx, tx, t, good, now, &contact{backlog: backlog, at: now}, b, w, fresh)
		if err != nil {
			return nil, err
		}
		resp = platform.Answer(rejected, res)
		return last, nil
	})
	return resp, err
}

// contact is a terminal's last contact, recorded with its push.
type contact struct {
	backlog uint64
	at      time.Time
}

// Ingest stores a batch in one transaction: the documents by one
// multi-row INSERT ... ON CONFLICT DO NOTHING, then what the new ones
// change (day totals, stock, payments).
func (s *Store) Ingest(t platform.Terminal, docs []platform.Doc, now time.Time) (res platform.IngestResult, err error) {
	now = now.UTC()
	err = s.write(t.Merchant, func(ctx context.Context, tx pgx.Tx) error {
		var err error
		var last *pgx.Batch
		if res, last, err = ingestTx(ctx, tx, t, docs, now, nil, &pgx.Batch{}, &fold{}, false); err != nil || last == nil {
			return err
		}
		return tx.SendBatch(ctx, last).Close()
	})
	if err != nil {
		return platform.IngestResult{}, wrap(err)
	}
	return res, nil
}

// ingestTx is Ingest in tx, recording the terminal's contact too when c
// is not nil, in two round trips (and what a QR tender or a tender check
// needs between them). The first sends the statements already in pre
// (their results unread), the documents in one statement with those
// already in w (their results unread), and, after them, the merchant's
// lock and the products the documents move: a document is no change of
// the feed, and its primary key alone keeps it once, so the merchant's
// lock is taken only once they are in, and held only for what the new
// ones change (the feed's numbers, stock, day totals, payments), written
// by the second in one statement with the terminal's update. With fresh,
// the documents go in by a plain INSERT and all are new (or it fails, see
// IngestChain); else by INSERT ... ON CONFLICT DO NOTHING, which says
// which are. The second round trip's batch is returned unsent (nil when
// there is none), for the caller to send with what it has to add
// (writePipe's COMMIT).
func ingestTx(ctx context.Context, tx dbtx, t platform.Terminal, docs []platform.Doc, now time.Time, c *contact, pre *pgx.Batch, w *fold, fresh bool) (res platform.IngestResult, last *pgx.Batch, err error) {
	b := pre
	nPre := b.Len()
	queueDocs(w, t.Merchant, docs, fresh) // the last of w: the statement's result is its
	folded := w.Len() > 0
	w.queue(b)
	var lastReceipt uint64
	all := make([]*pos.Document, 0, len(docs))
	for _, in := range docs {
		if d := in.Doc; d.Receipt > 0 && t.Owns(d.Terminal) {
			lastReceipt = max(lastReceipt, d.Receipt)
		}
		all = append(all, in.Doc)
	}
	q := queueLoad(b, t, all)
	// The second statement: the terminal's update, then what the new
	// documents change.
	w = &fold{}
	queueTouch(w, t, lastReceipt, c)
	var newDocs []*pos.Document
	var f *feed
	var ps *products
	if b.Len() > 0 {
		br := tx.SendBatch(ctx, b)
		defer br.Close()
		for range nPre {
			if _, err := br.Exec(); err != nil {
				return res, nil, err
			}
		}
		stored, err := readDocs(br, docs, fresh, folded)
		if err != nil {
			return res, nil, err
		}
		if len(docs) > 0 {
			res.Acked, newDocs = make([]string, 0, len(docs)), make([]*pos.Document, 0, len(docs))
		}
		for _, in := range docs {
			res.Acked = append(res.Acked, in.Doc.ID)
			if stored == nil || stored[in.Doc.ID] {
				delete(stored, in.Doc.ID) // a second copy in the same batch is a duplicate
				newDocs = append(newDocs, in.Doc)
				res.Stored++
			} else {
				res.Duplicates++
			}
		}
		if f, ps, err = q.read(br, t); err != nil {
			return res, nil, err
		}
		if err := br.Close(); err != nil {
			return res, nil, err
		}
	}
	if len(newDocs) > 0 {
		if res.Oversells, err = applyDocs(ctx, tx, t, f, ps, newDocs, now); err != nil {
			return res, nil, err
		}
		for _, c := range ps.agg.Changes(t.Till, now) {
			f.emit(c)
		}
		if err := queueBooks(w, t.Merchant, newDocs); err != nil {
			return res, nil, err
		}
		if err := ps.queue(w); err != nil {
			return res, nil, err
		}
		if err := f.queue(w); err != nil {
			return res, nil, err
		}
	}
	if w.Len() == 0 {
		return res, nil, nil
	}
	b = &pgx.Batch{}
	w.queue(b)
	return res, b, nil
}

// queueDocs queues the INSERT of the documents, each with the chain hash
// it was pushed with: plain with fresh, else ON CONFLICT DO NOTHING
// RETURNING the ids it inserted.
func queueDocs(b queuer, merchant string, docs []platform.Doc, fresh bool) {
	n := len(docs)
	if n == 0 {
		return
	}
	ids, terms, kinds, raws, hashes := make(texts, n), make(texts, n), make(texts, n), make(byteas, n), make(byteas, n)
	receipts, seqs, totals := make(int8s, n), make(int8s, n), make(int8s, n)
	at := make(times, n)
	all := make([]byte, 32*n) // the hashes, one after the other
	for i, in := range docs {
		d := in.Doc
		ids[i], terms[i], kinds[i], raws[i] = d.ID, d.Terminal, string(d.Kind), in.Raw
		receipts[i], seqs[i], totals[i], at[i] = int64(d.Receipt), int64(d.Seq), int64(d.Total), d.Time.UTC()
		if h := all[32*i : 32*i+32 : 32*i+32]; hex32(h, in.Link.Hash) {
			hashes[i] = h // checked by the chain check; nil (NULL) without a link
		}
	}
	// The arrays are unnested in the select list, side by side (the rows
	// go straight to the INSERT), not FROM unnest(...), whose function
	// scan first copies every row into a tuple store. The documents'
	// bytes come last, so that pgx's message buffer, which grows as the
	// parameters are appended, grows once to hold them; the first array
	// makes room for all in the parameters' buffer (roomFor).
	sql := `INSERT INTO documents (merchant, id, terminal, kind, receipt, seq, time, total, chain_hash, raw)
		SELECT $1, unnest($2::text[]), unnest($3::text[]), unnest($4::text[]), unnest($5::bigint[]), unnest($6::bigint[]),
			unnest($7::timestamptz[]), unnest($8::bigint[]), unnest($9::bytea[]), unnest($10::bytea[])`
	if !fresh {
		sql += ` ON CONFLICT (merchant, id) DO NOTHING RETURNING id`
	}
	args := []any{ids, terms, kinds, receipts, seqs, at, totals, hashes, raws}
	args[0] = roomFor(args)
	b.Queue(sql, append([]any{merchant}, args...)...)
}

// readDocs reads queueDocs's result: the ids inserted, nil for all of
// them (with fresh: the plain INSERT took them all, so no two are the
// same). With folded, a statement was sent even without documents (what
// went in its fold).
func readDocs(br pgx.BatchResults, docs []platform.Doc, fresh, folded bool) (map[string]bool, error) {
	if len(docs) == 0 {
		if folded {
			_, err := br.Exec()
			return nil, err
		}
		return nil, nil
	}
	if fresh {
		_, err := br.Exec()
		return nil, err
	}
	stored := make(map[string]bool, len(docs))
	rows, err := br.Query()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		stored[id] = true
	}
	return stored, rows.Err()
}

// movedSKUs are the products the sales and refunds among docs move, sorted.
func movedSKUs(docs []*pos.Document) []string {
	seen := map[string]bool{}
	var skus []string
	for _, d := range docs {
		if d.Kind != pos.KindSale && d.Kind != pos.KindRefund {
			continue
		}
		for _, l := range d.Lines {
			if !seen[l.SKU] {
				seen[l.SKU] = true
				skus = append(skus, l.SKU)
			}
		}
	}
	sort.Strings(skus)
	return skus
}

// load is what queueLoad queued.
type load struct {
	lock, products bool
}

// queueLoad queues the merchant's lock (when there are documents) and
// the products the documents move.
func queueLoad(b *pgx.Batch, t platform.Terminal, docs []*pos.Document) load {
	q := load{lock: len(docs) > 0}
	if q.lock {
		b.Queue("SELECT feed_seq, rev_seq FROM merchants WHERE merchant = $1 FOR UPDATE", t.Merchant)
	}
	if skus := movedSKUs(docs); len(skus) > 0 {
		q.products = true
		b.Queue("SELECT sku, state FROM products WHERE merchant = $1 AND sku = ANY($2)", t.Merchant, skus)
	}
	return q
}

// queueTouch queues the update of the terminal's last receipt and
// contact.
func queueTouch(w queuer, t platform.Terminal, lastReceipt uint64, c *contact) {
	switch {
	case c != nil:
		w.Queue(`UPDATE terminals SET last_receipt = greatest(last_receipt, $3), last_contact = $4, backlog = $5
			WHERE merchant = $1 AND terminal = $2`, t.Merchant, t.ID, int64(lastReceipt), c.at, int64(c.backlog))
	case lastReceipt > 0:
		w.Queue("UPDATE terminals SET last_receipt = greatest(last_receipt, $3) WHERE merchant = $1 AND terminal = $2",
			t.Merchant, t.ID, int64(lastReceipt))
	}
}

// read reads queueLoad's results: the merchant's feed (nil without the
// lock) and its products.
func (q load) read(br pgx.BatchResults, t platform.Terminal) (*feed, *products, error) {
	f := &feed{merchant: t.Merchant}
	if q.lock {
		var seq, rev int64
		err := br.QueryRow().Scan(&seq, &rev)
		if errors.Is(err, pgx.ErrNoRows) {
			err = fmt.Errorf("merchant %q: %w", t.Merchant, platform.ErrNotFound)
		}
		if err != nil {
			return nil, nil, err
		}
		f.seq, f.rev = uint64(seq), uint64(rev)
	}
	ps := &products{f: f, m: map[string]*productState{}, dirty: map[string]bool{}, agg: &platform.StockSum{}}
	if q.products {
		rows, err := br.Query()
		if err == nil {
			err = ps.scan(rows)
		}
		if err != nil {
			return nil, nil, err
		}
	}
	if !q.lock {
		return nil, ps, nil
	}
	return f, ps, nil
}

// applyDocs moves the stock of the new sales and refunds, links their
// unverified QR tenders to payments (only references this terminal
// issued) and marks the payments a tender check settled.
func applyDocs(ctx context.Context, tx dbtx, t platform.Terminal, f *feed, ps *products, newDocs []*pos.Document, now time.Time) (overs []wire.Oversell, err error) {
	for _, d := range newDocs {
		switch d.Kind {
		case pos.KindSale, pos.KindRefund:
			for _, l := range d.Lines {
				// The origin is the terminal's identity, whichever of
				// its names (see Terminal.Aliases) the document carries.
				if o := ps.move(l.SKU, -l.Qty, t.Till, d.ID, d.Seq, now); o != nil {
					overs = append(overs, *o)
				}
			}
			for i, tn := range d.Tenders {
				if qrToVerify(tn) && t.Issued(tn.Reference) {
					if err := linkPayment(ctx, tx, f, t.Till, d, i, now); err != nil {
						return nil, err
					}
				}
			}
		case pos.KindTenderCheck:
			if c := d.Check; c != nil && c.Reference != "" {
				if _, err := tx.Exec(ctx, `UPDATE payments SET payment = jsonb_set(payment, '{settled}', 'true')
					WHERE merchant = $1 AND ref = $2 AND payment->>'sale' = $3`, t.Merchant, c.Reference, c.SaleID); err != nil {
					return nil, err
				}
			}
		}
	}
	return overs, nil
}

// qrToVerify: an unverified QR tender with its reference.
func qrToVerify(tn pos.Tender) bool {
	return tn.Status == pos.StatusUnverified && tn.Reference != "" && (tn.Kind == pos.TenderQRCard || tn.Kind == pos.TenderQRWallet)
}

package sync

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	gosync "sync"
	"time"

	"hanout/pos"
	"hanout/pos/store"
	"hanout/sync/wire"
)

// Status is what the till's status bar shows. Unsynced is read from the
// store's outbox counter every time a Status is made, so it is the true
// number of documents the platform has not acknowledged.
type Status struct {
	Enrolled    bool
	Online      bool // the last exchange with the platform got an answer
	Syncing     bool
	Unsynced    uint64
	LastSuccess time.Time // zero: never
	LastAttempt time.Time
	// LastError is nil after a successful sync; otherwise a *pos.Error
	// whose key (sync.offline, sync.unauthorized, …) the UI translates.
	LastError error
	NextTry   time.Time // when the loop will try again (zero: on Kick)
	Conflicts int       // entries for the manager (oversells, edits)
	// Quarantined counts documents the platform refused for good: kept
	// on the till with their reason, never resent.
	Quarantined uint64
}

// Report says what one full sync did.
type Report struct {
	Sent       int // documents acknowledged by the platform
	Duplicates int // of those, already stored by an earlier attempt
	Rejected   int // documents the platform refused, now in quarantine
	Batches    int
	Products   int // till product edits sent
	Received   int // feed changes applied
	Checks     int // tender checks committed for QR payments
	Oversells  int
	Conflicts  int
}

func (r Report) String() string {
	return fmt.Sprintf("sent %d documents in %d batches (%d already on the platform, %d refused and quarantined), %d product edits; received %d changes, %d QR confirmations, %d oversells, %d conflicts",
		r.Sent, r.Batches, r.Duplicates, r.Rejected, r.Products, r.Received, r.Checks, r.Oversells, r.Conflicts)
}

// Syncer runs the sync of one till store. Its methods are safe for
// concurrent use; only one sync runs at a time.
type Syncer struct {
	st *store.Store

	// BatchSize is how many documents one push carries (default 200).
	BatchSize int
	// Interval is the pause between syncs when all is well (default 30 s).
	Interval time.Duration
	// MinBackoff and MaxBackoff bound the pause after a failure; it doubles
	// from Min to Max with jitter, so a till notices the network is back
	// within MaxBackoff, or at once on Kick (default 1 s and 1 min).
	MinBackoff, MaxBackoff time.Duration

	run   gosync.Mutex // one sync at a time
	mu    gosync.Mutex
	state Status
	subs  map[int]func(Status)
	next  int
	kick  chan struct{}
}

// state persisted between runs, so `hanout sync status` and a restarted
// till show the last success and error.
const stateKey = "sync.state"

type savedState struct {
	LastSuccess time.Time `json:"last_success,omitzero"`
	LastAttempt time.Time `json:"last_attempt,omitzero"`
	ErrKey      string    `json:"err_key,omitempty"`
	ErrArgs     []any     `json:"err_args,omitempty"`
	ErrText     string    `json:"err_text,omitempty"`
	Online      bool      `json:"online"`
}

// New returns a Syncer for st, with the last state it saved.
func New(st *store.Store) *Syncer {
	s := &Syncer{st: st, BatchSize: 200, Interval: 30 * time.Second, MinBackoff: time.Second, MaxBackoff: time.Minute,
		subs: map[int]func(Status){}, kick: make(chan struct{}, 1)}
	var saved savedState
	st.Setting(stateKey, &saved)
	s.state.LastSuccess, s.state.LastAttempt, s.state.Online = saved.LastSuccess, saved.LastAttempt, saved.Online
	if saved.ErrKey != "" {
		s.state.LastError = &pos.Error{Key: saved.ErrKey, Args: saved.ErrArgs}
	} else if saved.ErrText != "" {
		s.state.LastError = fmt.Errorf("%s", saved.ErrText)
	}
	return s
}

// Status returns the current status with a fresh unsynced count.
func (s *Syncer) Status() Status {
	s.mu.Lock()
	st := s.state
	s.mu.Unlock()
	_, st.Enrolled, _ = LoadSettings(s.st)
	cs := s.st.Counters()
	st.Unsynced, st.Quarantined = cs.Unsynced, cs.Quarantined
	if cs, err := s.st.Conflicts(); err == nil {
		st.Conflicts = len(cs)
	}
	return st
}

// Subscribe calls fn with the new Status whenever it changes (a sync
// starts or ends, a batch is acknowledged, Kick is called) and once at
// once. fn runs on the sync goroutine: a UI must hand it to its own thread
// (fyne.Do) and return quickly. The returned function unsubscribes.
func (s *Syncer) Subscribe(fn func(Status)) (cancel func()) {
	s.mu.Lock()
	id := s.next
	s.next++
	s.subs[id] = fn
	s.mu.Unlock()
	fn(s.Status())
	return func() {
		s.mu.Lock()
		delete(s.subs, id)
		s.mu.Unlock()
	}
}

func (s *Syncer) notify() {
	st := s.Status()
	s.mu.Lock()
	fns := make([]func(Status), 0, len(s.subs))
	for _, f := range s.subs {
		fns = append(fns, f)
	}
	s.mu.Unlock()
	for _, f := range fns {
		f(st)
	}
}

func (s *Syncer) update(f func(*Status)) {
	s.mu.Lock()
	f(&s.state)
	s.mu.Unlock()
	s.notify()
}

// Kick asks the loop to sync now (after a sale, or when the seller taps
// the status bar) and tells subscribers the new unsynced count at once.
func (s *Syncer) Kick() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
	s.notify()
}

// Run syncs until ctx ends: at once, then every Interval while it works,
// and after a failure with exponential backoff and jitter. A crash loses
// nothing: the outbox and the pull cursor are in the till's store.
func (s *Syncer) Run(ctx context.Context) {
	failures := 0
	for {
		_, err := s.SyncOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		wait := s.Interval
		if err != nil {
			failures++
			wait = Backoff(s.MinBackoff, s.MaxBackoff, failures, rand.Float64())
		} else {
			failures = 0
		}
		s.update(func(st *Status) { st.NextTry = time.Now().Add(wait) })
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-s.kick:
			t.Stop()
		case <-t.C:
		}
	}
}

// Backoff is the pause after the n-th failure in a row: min·2^(n-1)
// capped at max, then "equal jitter" (between half and all of it) with
// r in [0,1).
func Backoff(min, max time.Duration, n int, r float64) time.Duration {
	d := min
	for i := 1; i < n && d < max; i++ {
		d *= 2
	}
	if d > max {
		d = max
	}
	return d/2 + time.Duration(r*float64(d/2))
}

// SyncOnce runs one full sync: push the whole outbox in journal order,
// push the till's product edits, pull every change since the cursor.
func (s *Syncer) SyncOnce(ctx context.Context) (rep Report, err error) {
	s.run.Lock()
	defer s.run.Unlock()
	s.update(func(st *Status) { st.Syncing = true; st.LastAttempt = time.Now() })
	rep, err = s.syncOnce(ctx)
	now := time.Now()
	s.update(func(st *Status) {
		st.Syncing = false
		st.LastError = err
		st.Online = err == nil || !isOffline(err)
		if err == nil {
			st.LastSuccess = now
		}
	})
	s.save()
	return rep, err
}

func isOffline(err error) bool {
	return pos.KeyOf(err) == "sync.offline" || pos.KeyOf(err) == "sync.platform_error"
}

func (s *Syncer) save() {
	s.mu.Lock()
	st := s.state
	s.mu.Unlock()
	saved := savedState{LastSuccess: st.LastSuccess, LastAttempt: st.LastAttempt, Online: st.Online}
	if st.LastError != nil {
		if e, ok := st.LastError.(*pos.Error); ok {
			saved.ErrKey = e.Key
			for _, a := range e.Args {
				saved.ErrArgs = append(saved.ErrArgs, fmt.Sprint(a))
			}
		} else if k := pos.KeyOf(st.LastError); k != "" {
			saved.ErrKey = k
		} else {
			saved.ErrText = st.LastError.Error()
		}
	}
	s.st.PutSetting(stateKey, saved)
}

func (s *Syncer) client() (*Client, error) {
	set, ok, err := LoadSettings(s.st)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, pos.Errorf("sync.not_enrolled")
	}
	return NewClient(set)
}

func (s *Syncer) syncOnce(ctx context.Context) (rep Report, err error) {
	c, err := s.client()
	if err != nil {
		return rep, err
	}
	// The pull always runs, whatever the push did: QR confirmations and
	// stock changes must come back even while a push fails.
	pushErr := s.push(ctx, c, &rep)
	if pushErr == nil {
		pushErr = s.pushProducts(ctx, c, &rep)
	}
	if err := s.pull(ctx, c, &rep); err != nil {
		return rep, err
	}
	if rep.Checks > 0 { // the tender checks just committed go up at once
		if err := s.push(ctx, c, &rep); err != nil && pushErr == nil {
			pushErr = err
		}
	}
	return rep, pushErr
}

// push sends the outbox in journal order and acknowledges in the store
// exactly what the platform acknowledged. The loop ends when the outbox is
// empty; each round must acknowledge something, so it is bounded by the
// outbox size.
func (s *Syncer) push(ctx context.Context, c *Client, rep *Report) error {
	batch := s.BatchSize
	if batch <= 0 || batch > wire.MaxBatch {
		batch = 200
	}
	for {
		// An entry altered in the file is held back by the store, with an
		// error naming it; the genuine ones still go.
		entries, err := s.st.Outbox(batch)
		if len(entries) == 0 {
			return err
		}
		req := wire.PushRequest{Unsynced: s.st.Counters().Unsynced}
		seqOf := make(map[string]uint64, len(entries))
		for _, e := range entries {
			req.Docs = append(req.Docs, e.Body)
			req.Chain = append(req.Chain, wire.Link{Hash: hex.EncodeToString(e.Hash), Prev: hex.EncodeToString(e.Prev)})
			seqOf[e.ID] = e.Seq
		}
		resp, err := c.Push(ctx, req)
		if err != nil {
			return err
		}
		var acked []uint64
		for _, id := range resp.Acked {
			if seq, ok := seqOf[id]; ok {
				acked = append(acked, seq)
				delete(seqOf, id)
			}
		}
		// A refused document goes to the quarantine with its reason; the
		// rest of the outbox goes on.
		var refused []store.Quarantined
		for _, r := range resp.Rejected {
			if r.Index < 0 || r.Index >= len(entries) {
				continue
			}
			e := entries[r.Index]
			if _, ok := seqOf[e.ID]; !ok {
				continue // acknowledged too, or named twice
			}
			delete(seqOf, e.ID)
			refused = append(refused, store.Quarantined{Seq: e.Seq, ID: e.ID, Code: r.Code, Reason: r.Reason})
		}
		if len(acked) == 0 && len(refused) == 0 {
			return pos.Errorf("sync.no_progress")
		}
		if err := s.st.Ack(acked...); err != nil {
			return err
		}
		if len(refused) > 0 {
			if err := s.st.Quarantine(refused...); err != nil {
				return err
			}
		}
		rep.Batches++
		rep.Sent += len(acked)
		rep.Rejected += len(refused)
		rep.Duplicates += resp.Duplicates
		rep.Oversells += len(resp.Oversells)
		s.notify()
	}
}

func (s *Syncer) pushProducts(ctx context.Context, c *Client, rep *Report) error {
	edits, seq, err := s.st.LocalEdits()
	if err != nil || len(edits) == 0 {
		return err
	}
	for start := 0; start < len(edits); start += wire.MaxBatch {
		part := edits[start:min(start+wire.MaxBatch, len(edits))]
		req := make([]wire.ProductEdit, len(part))
		for i, e := range part {
			req[i] = wire.ProductEdit{Product: e.Product, Base: e.Base, StockSeq: seq}
		}
		resp, err := c.Products(ctx, req)
		if err != nil {
			return err
		}
		if len(resp.Results) != len(part) {
			return pos.Errorf("sync.platform_error", "product answers")
		}
		res := make([]store.ProductSynced, len(part))
		for i, r := range resp.Results {
			res[i] = store.ProductSynced{Sent: part[i].Product, Rev: r.Rev, Winner: r.Winner, Product: r.Product, Conflict: r.Conflict}
			if r.Conflict {
				rep.Conflicts++
			}
		}
		if err := s.st.ProductsSynced(res); err != nil {
			return err
		}
		rep.Products += len(part)
	}
	return nil
}

// maxPages bounds one pull; a longer feed continues on the next sync.
const maxPages = 10000

func (s *Syncer) pull(ctx context.Context, c *Client, rep *Report) error {
	self := s.st.Terminal()
	for range maxPages {
		cursor := s.st.PullCursor()
		resp, err := c.Pull(ctx, cursor, s.st.Counters().Unsynced)
		if err != nil {
			return err
		}
		var changes []store.RemoteChange
		for _, ch := range resp.Changes {
			if ch.Seq <= cursor {
				continue
			}
			if ch.Kind == wire.ChangeCheck {
				if ch.Origin == self && ch.Check != nil {
					ok, err := s.commitCheck(*ch.Check)
					if err != nil {
						return err
					}
					if ok {
						rep.Checks++
					}
				}
				continue
			}
			changes = append(changes, store.RemoteChange{Seq: ch.Seq, Kind: ch.Kind, SKU: ch.SKU, Product: ch.Product,
				Rev: ch.Rev, Delta: ch.Delta, Origin: ch.Origin, Detail: ch.Detail, Time: ch.Time})
			if r := ch.Record; r != nil { // a master record (customers, artisans)
				changes[len(changes)-1].Record = &store.Record{Kind: r.Kind, ID: r.ID, Data: r.Data, Time: r.Time, Doc: r.Doc}
			}
		}
		if resp.Cursor > cursor {
			res, err := s.st.ApplyChanges(resp.Cursor, changes)
			if err != nil {
				return err
			}
			rep.Received += len(resp.Changes)
			rep.Oversells += res.Oversells
			rep.Conflicts += res.Conflicts
		}
		if !resp.More || resp.Cursor <= cursor {
			return nil
		}
	}
	return nil
}

// CheckID is the id of the tender check settling tender i of a sale: the
// same every time, so committing it twice (a crash between the commit and
// the cursor) is refused by the store as a duplicate.
func CheckID(sale string, tender int) string {
	h := sha256.Sum256(fmt.Appendf(nil, "hanout/tender_check/%s/%d", sale, tender))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// commitCheck commits a KindTenderCheck for an unverified QR tender the
// platform has settled. It reports false when there was nothing to do.
func (s *Syncer) commitCheck(c pos.TenderCheck) (bool, error) {
	sale, err := s.st.ByID(c.SaleID)
	if err != nil {
		if pos.KeyOf(err) == "store.not_found" {
			return false, nil
		}
		return false, err
	}
	if c.Tender < 0 || c.Tender >= len(sale.Tenders) {
		return false, nil
	}
	t := sale.Tenders[c.Tender]
	if t.Status != pos.StatusUnverified || t.Reference != c.Reference {
		return false, nil
	}
	if c.Status != pos.StatusApproved && c.Status != pos.StatusRefused {
		return false, nil
	}
	id := CheckID(sale.ID, c.Tender)
	if _, err := s.st.ByID(id); err == nil {
		return false, nil // committed before a crash lost the cursor
	}
	c.Receipt, c.Source = sale.Receipt, "platform"
	d := &pos.Document{ID: id, Kind: pos.KindTenderCheck, Cashier: "platform", Check: &c}
	if err := s.st.Commit(d); err != nil {
		if pos.KeyOf(err) == "store.duplicate" {
			return false, nil
		}
		return false, err
	}
	return true, nil
}

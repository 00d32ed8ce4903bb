package platform

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"hanout/pos"
	"hanout/sync/wire"
)

// chainLocks serialises the chain check of one terminal's pushes: two
// pushes of the same terminal at once must not both extend its chain.
var chainLocks sync.Map // terminal id -> *sync.Mutex

func chainLock(terminal string) *sync.Mutex {
	m, _ := chainLocks.LoadOrStore(terminal, new(sync.Mutex))
	return m.(*sync.Mutex)
}

// ChainIngester is a Storage that checks a push's chain and stores it in
// one transaction (PostgreSQL): under a lock on t.Chain() held until it
// commits, it reads the anchors at ChainSpans(batch.Docs), runs
// CheckChain, records the anchors it returns (PutAnchors' rules), ingests
// the good documents (Ingest's rules) and records the contact (Touch, the
// backlog being Backlog's) — all or nothing. The server uses it when its
// Storage has it, and else those calls one by one.
type ChainIngester interface {
	IngestChain(t Terminal, batch PushBatch, now time.Time) (wire.PushResponse, error)
}

// ingest answers a checked push (see CheckChain), in one transaction when
// the Storage is a ChainIngester.
func (s *Server) ingest(t Terminal, batch PushBatch) (resp wire.PushResponse, touched bool, err error) {
	mu := chainLock(t.Chain())
	mu.Lock()
	defer mu.Unlock()
	now := s.Now()
	if ci, ok := s.Store.(ChainIngester); ok {
		if resp, err = ci.IngestChain(t, batch, now); err != nil {
			return resp, true, err
		}
		acked := map[string]bool{}
		for _, id := range resp.Acked {
			acked[id] = true
		}
		var good []Doc
		for _, in := range batch.Docs {
			if in.Reject == nil && acked[in.Doc.ID] {
				good = append(good, in)
			}
		}
		return resp, true, s.books(t, good, now) // records.go
	}
	known, err := s.anchorsAround(t.Chain(), batch.Docs)
	if err != nil {
		return wire.PushResponse{}, false, err
	}
	put, good, rejected := CheckChain(t, batch.Docs, known, now)
	// Anchors first: if storing the documents fails, the till pushes them
	// again and finds them anchored with the same hash.
	if len(put) > 0 {
		if err := s.Store.PutAnchors(t.Chain(), put); err != nil {
			return wire.PushResponse{}, false, err
		}
	}
	var res IngestResult
	if len(good) > 0 {
		if res, err = s.Store.Ingest(t, good, now); err != nil {
			return wire.PushResponse{}, false, err
		}
		if err := s.books(t, good, now); err != nil { // records.go
			return wire.PushResponse{}, false, err
		}
	}
	return Answer(rejected, res), false, nil
}

// Answer is the push's answer: what was stored and what was refused.
func Answer(rejected []wire.Rejection, res IngestResult) wire.PushResponse {
	resp := wire.PushResponse{Acked: []string{}, Rejected: rejected}
	if res.Acked != nil {
		resp.Acked = res.Acked
	}
	resp.Stored, resp.Duplicates, resp.Oversells = res.Stored, res.Duplicates, res.Oversells
	return resp
}

// Backlog is what the till still has to send after this push: what it
// said it had, less what the push answered.
func Backlog(batch PushBatch, resp wire.PushResponse) uint64 {
	backlog := batch.Unsynced
	if done := uint64(len(resp.Acked) + len(resp.Rejected)); backlog >= done {
		backlog -= done
	}
	return backlog
}

// CheckChain checks a push document by document against known, the
// anchors recorded at and around its positions (see ChainSpans), and
// returns the anchors to record, the documents to store and the
// refusals. Each document's chain link is checked first: its hash must
// be SHA-256 of its previous hash and its bytes, and it must continue the
// terminal's chain as the platform recorded it (the same hash at its
// position, the previous position's hash as its previous, the next
// position's previous as its hash). A document that does not is a fork:
// refused and shown on the dashboard. A document that continues the chain
// is anchored even when its content is refused, so the ones after it
// still continue the chain. known is updated with what is anchored.
func CheckChain(t Terminal, docs []Doc, known map[uint64]Anchor, now time.Time) (put []Anchor, good []Doc, rejected []wire.Rejection) {
	reject := func(in Doc, code, reason string) {
		rejected = append(rejected, wire.Rejection{Index: in.Index, ID: in.Doc.ID, Seq: in.Doc.Seq, Code: code, Reason: reason})
	}
	for _, in := range docs {
		d := in.Doc
		hash, err1 := hex.DecodeString(in.Link.Hash)
		prev, err2 := hex.DecodeString(in.Link.Prev)
		// A document in another till's name is no link of this chain.
		if in.Reject != nil && in.Reject.Code == wire.RejectForbidden {
			reject(in, in.Reject.Code, in.Reject.Reason)
			continue
		}
		if err1 != nil || err2 != nil || len(hash) != 32 || len(prev) != 32 || d.Seq == 0 {
			code, reason := wire.RejectInvalid, "no journal chain link"
			if in.Reject != nil {
				code, reason = in.Reject.Code, in.Reject.Reason
			}
			reject(in, code, reason)
			continue
		}
		a := Anchor{Terminal: t.ID, Seq: d.Seq, ID: d.ID, Receipt: d.Receipt, Hash: hex.EncodeToString(hash), Prev: hex.EncodeToString(prev), Time: now}
		fork := func(reason string) {
			a.State, a.Code, a.Reason = AnchorFork, wire.RejectFork, reason
			put = append(put, a)
			if _, ok := known[a.Seq]; !ok {
				known[a.Seq] = a
			}
			reject(in, wire.RejectFork, reason)
		}
		if !bytes.Equal(pos.ChainHash(prev, in.Raw), hash) {
			fork(fmt.Sprintf("journal entry %d: its chain hash does not match its bytes", d.Seq))
			continue
		}
		if old, ok := known[d.Seq]; ok {
			switch {
			case old.Hash != a.Hash:
				fork(fmt.Sprintf("journal entry %d was anchored earlier with another hash: the history was rewritten", d.Seq))
			case old.State == AnchorOK:
				if in.Reject != nil { // cannot happen for the same bytes
					reject(in, in.Reject.Code, in.Reject.Reason)
				} else {
					good = append(good, in)
				}
			default:
				reject(in, old.Code, old.Reason)
			}
			continue
		}
		if p, ok := known[d.Seq-1]; ok && (p.Hash != a.Prev || p.State == AnchorFork) {
			fork(fmt.Sprintf("journal entry %d does not continue entry %d", d.Seq, d.Seq-1))
			continue
		}
		if n, ok := known[d.Seq+1]; ok && n.Prev != a.Hash {
			fork(fmt.Sprintf("journal entry %d is not the one entry %d continues", d.Seq, d.Seq+1))
			continue
		}
		if in.Reject != nil {
			a.State, a.Code, a.Reason = AnchorRejected, in.Reject.Code, in.Reject.Reason
			reject(in, a.Code, a.Reason)
		} else {
			a.State = AnchorOK
			good = append(good, in)
		}
		known[a.Seq] = a
		put = append(put, a)
	}
	return put, good, rejected
}

// Span is a range of journal positions: Count positions from From.
type Span struct {
	From  uint64
	Count int
}

// ChainSpans are the positions whose anchors CheckChain needs for docs:
// at, before and after every pushed position; one span when the
// positions are close together (a push of consecutive entries).
func ChainSpans(docs []Doc) []Span {
	var lo, hi uint64
	for _, in := range docs {
		if q := in.Doc.Seq; q > 0 {
			if lo == 0 || q < lo {
				lo = q
			}
			hi = max(hi, q)
		}
	}
	if hi == 0 {
		return nil
	}
	if span := hi - lo; span <= uint64(3*len(docs)+3) {
		return []Span{{lo - 1, int(span) + 3}}
	}
	var out []Span
	for _, in := range docs { // scattered positions: each on its own
		if q := in.Doc.Seq; q > 0 {
			out = append(out, Span{q - 1, 3})
		}
	}
	return out
}

// anchorsAround reads the recorded anchors CheckChain needs.
func (s *Server) anchorsAround(terminal string, docs []Doc) (map[uint64]Anchor, error) {
	known := map[uint64]Anchor{}
	for _, sp := range ChainSpans(docs) {
		as, err := s.Store.Anchors(terminal, sp.From, sp.Count)
		if err != nil {
			return nil, err
		}
		for _, a := range as {
			known[a.Seq] = a
		}
	}
	return known, nil
}

// anchors answers a page of the calling terminal's own chain, so that
// `hanout journal verify` can compare it with the till's journal.
func (s *Server) anchors(w http.ResponseWriter, r *http.Request, t Terminal) {
	from, err := strconv.ParseUint(r.URL.Query().Get("from"), 10, 64)
	if err != nil && r.URL.Query().Get("from") != "" {
		fail(w, r, http.StatusBadRequest, "bad_request", "from must be a journal position (an unsigned integer)")
		return
	}
	as, err := s.Store.Anchors(t.Chain(), from, wire.MaxPull+1)
	if err != nil {
		s.storeFail(w, r, err)
		return
	}
	out := wire.AnchorsResponse{Anchors: []wire.Anchor{}}
	if len(as) > wire.MaxPull {
		as, out.More = as[:wire.MaxPull], true
	}
	for _, a := range as {
		out.Anchors = append(out.Anchors, wire.Anchor{Seq: a.Seq, Hash: a.Hash, State: a.State})
	}
	wire.WriteJSON(w, r, http.StatusOK, out)
}

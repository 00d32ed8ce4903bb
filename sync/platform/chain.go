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
		return resp, true, s.books(t, ackedDocs(batch.Docs, resp.Acked), now) // records.go
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

// ackedDocs are the documents of a push that were not refused and whose
// id its answer acknowledged. Most often they are all those not refused,
// acknowledged in order, which takes no set of ids.
func ackedDocs(docs []Doc, acked []string) []Doc {
	n, inOrder := 0, true
	for _, in := range docs {
		if in.Reject == nil {
			inOrder = inOrder && n < len(acked) && acked[n] == in.Doc.ID
			n++
		}
	}
	var good []Doc
	if inOrder && n == len(acked) {
		if n > 0 && n == len(docs) { // nothing refused: all of them
			return docs[:n:n]
		}
		if n > 0 {
			good = make([]Doc, 0, n)
		}
		for _, in := range docs {
			if in.Reject == nil {
				good = append(good, in)
			}
		}
		return good
	}
	set := make(map[string]bool, len(acked))
	for _, id := range acked {
		set[id] = true
	}
	for _, in := range docs {
		if in.Reject == nil && set[in.Doc.ID] {
			good = append(good, in)
		}
	}
	return good
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
// still continue the chain. known is only read: the push's own anchors
// are looked up in put as it grows. Only a fork can be put at a position
// known or put before: every other anchor is its position's first.
func CheckChain(t Terminal, docs []Doc, known map[uint64]Anchor, now time.Time) (put []Anchor, good []Doc, rejected []wire.Rejection) {
	c := chainCheck{known: known}
	c.index(docs)
	for i, in := range docs {
		d := in.Doc
		// A document in another till's name is no link of this chain.
		if in.Reject != nil && in.Reject.Code == wire.RejectForbidden {
			rejected = append(rejected, rejection(in, in.Reject.Code, in.Reject.Reason))
			continue
		}
		// A push's links follow each other: a link's prev is most often
		// the hash before it, decoded already.
		prev, prevOK, prevLower := c.hash, c.hashOK, c.hashLower
		if in.Link.Prev != c.hashHex {
			prevOK, prevLower = decodeHash(&prev, in.Link.Prev)
		}
		c.hashHex = in.Link.Hash
		c.hashOK, c.hashLower = decodeHash(&c.hash, in.Link.Hash)
		hash, hashOK, hashLower := c.hash, c.hashOK, c.hashLower
		if !hashOK || !prevOK || d.Seq == 0 {
			code, reason := wire.RejectInvalid, "no journal chain link"
			if in.Reject != nil {
				code, reason = in.Reject.Code, in.Reject.Reason
			}
			rejected = append(rejected, rejection(in, code, reason))
			continue
		}
		a := Anchor{Terminal: t.ID, Seq: d.Seq, ID: d.ID, Receipt: d.Receipt, Hash: in.Link.Hash, Prev: in.Link.Prev, Time: now}
		if !hashLower { // the form the platform records: lower-case hex
			a.Hash = hex.EncodeToString(hash[:])
		}
		if !prevLower {
			a.Prev = hex.EncodeToString(prev[:])
		}
		reason := ""
		if !bytes.Equal(pos.ChainHash(prev[:], in.Raw), hash[:]) {
			reason = fmt.Sprintf("journal entry %d: its chain hash does not match its bytes", d.Seq)
		} else if old, ok := c.anchor(d.Seq); ok {
			switch {
			case old.Hash != a.Hash:
				reason = fmt.Sprintf("journal entry %d was anchored earlier with another hash: the history was rewritten", d.Seq)
			case old.State == AnchorOK:
				if in.Reject != nil { // cannot happen for the same bytes
					rejected = append(rejected, rejection(in, in.Reject.Code, in.Reject.Reason))
				} else {
					good = keepDoc(good, docs, i)
				}
				continue
			default:
				rejected = append(rejected, rejection(in, old.Code, old.Reason))
				continue
			}
		} else if p, ok := c.anchor(d.Seq - 1); ok && (p.Hash != a.Prev || p.State == AnchorFork) {
			reason = fmt.Sprintf("journal entry %d does not continue entry %d", d.Seq, d.Seq-1)
		} else if n, ok := c.anchor(d.Seq + 1); ok && n.Prev != a.Hash {
			reason = fmt.Sprintf("journal entry %d is not the one entry %d continues", d.Seq, d.Seq+1)
		}
		if reason != "" {
			a.State, a.Code, a.Reason = AnchorFork, wire.RejectFork, reason
			c.add(a, len(docs)-i)
			rejected = append(rejected, rejection(in, wire.RejectFork, reason))
			continue
		}
		if in.Reject != nil {
			a.State, a.Code, a.Reason = AnchorRejected, in.Reject.Code, in.Reject.Reason
			rejected = append(rejected, rejection(in, a.Code, a.Reason))
		} else {
			a.State = AnchorOK
			good = keepDoc(good, docs, i)
		}
		c.add(a, len(docs)-i)
	}
	return c.put, good, rejected
}

// rejection refuses a pushed document.
func rejection(in Doc, code, reason string) wire.Rejection {
	return wire.Rejection{Index: in.Index, ID: in.Doc.ID, Seq: in.Doc.Seq, Code: code, Reason: reason}
}

// chainCheck is CheckChain's view of the chain: the anchors recorded
// (known, never written) and those of the push (put), each position's
// first one found through at (positions from lo, a push of consecutive
// entries) or more (scattered ones): index+1 in put, 0 for none.
type chainCheck struct {
	known map[uint64]Anchor
	put   []Anchor
	lo    uint64
	at    []int32
	more  map[uint64]int
	// The last link's hash, as pushed and decoded.
	hashHex           string
	hash              [32]byte
	hashOK, hashLower bool
}

// index makes room for the anchors of docs' positions: a table over
// them when they are close together, else a map.
func (c *chainCheck) index(docs []Doc) {
	lo, hi := seqRange(docs)
	if hi == 0 {
		return
	}
	if span := hi - lo; span <= uint64(4*len(docs)+4) {
		c.lo, c.at = lo, make([]int32, span+1)
		return
	}
	c.more = make(map[uint64]int, len(docs))
}

// anchor is the anchor at position seq, recorded or of the push.
func (c *chainCheck) anchor(seq uint64) (Anchor, bool) {
	if a, ok := c.known[seq]; ok {
		return a, true
	}
	i := 0
	if c.more != nil {
		i = c.more[seq]
	} else if seq >= c.lo && seq-c.lo < uint64(len(c.at)) {
		i = int(c.at[seq-c.lo])
	}
	if i == 0 {
		return Anchor{}, false
	}
	return c.put[i-1], true
}

// add puts a, the anchor of its position unless one is already known,
// with room for the rest of the push (left documents, a's included) the
// first time.
func (c *chainCheck) add(a Anchor, left int) {
	if c.put == nil {
		c.put = make([]Anchor, 0, left)
	}
	c.put = append(c.put, a)
	if _, ok := c.anchor(a.Seq); ok {
		return
	}
	if c.more != nil {
		c.more[a.Seq] = len(c.put)
	} else {
		c.at[a.Seq-c.lo] = int32(len(c.put))
	}
}

// keepDoc adds docs[i] to good. While every document before it was kept,
// good is docs[:i] itself (capped, so that no append can write into
// docs): no copy of a push all good; else a copy with room for the rest.
func keepDoc(good, docs []Doc, i int) []Doc {
	if len(good) == i {
		return docs[: i+1 : i+1]
	}
	if cap(good) == len(good) && (len(good) == 0 || &good[0] == &docs[0]) {
		good = append(make([]Doc, 0, len(good)+len(docs)-i), good...)
	}
	return append(good, docs[i])
}

// Span is a range of journal positions: Count positions from From.
type Span struct {
	From  uint64
	Count int
}

// seqRange is the lowest and highest journal position among docs (0, 0
// when none has one).
func seqRange(docs []Doc) (lo, hi uint64) {
	for _, in := range docs {
		if q := in.Doc.Seq; q > 0 {
			if lo == 0 || q < lo {
				lo = q
			}
			hi = max(hi, q)
		}
	}
	return lo, hi
}

// ChainSpans are the positions whose anchors CheckChain needs for docs:
// at, before and after every pushed position; one span when the
// positions are close together (a push of consecutive entries).
func ChainSpans(docs []Doc) []Span {
	lo, hi := seqRange(docs)
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

// decodeHash decodes s, a chain link's SHA-256 in hex (either case, as
// encoding/hex reads it), into h; lower says s is already in the form
// hex.EncodeToString writes.
func decodeHash(h *[32]byte, s string) (ok, lower bool) {
	if len(s) != 64 {
		return false, false
	}
	var seen byte // the flags of hexDigits met
	for i := range h {
		x, y := hexDigits[s[2*i]], hexDigits[s[2*i+1]]
		seen |= x | y
		h[i] = (x&15)<<4 | y&15
	}
	return seen&notHex == 0, seen&upperHex == 0
}

// hexDigits is each byte's value as a hex digit, flagged upperHex for
// A–F and notHex for what is no hex digit.
var hexDigits = func() (t [256]byte) {
	for c := range t {
		switch {
		case '0' <= c && c <= '9':
			t[c] = byte(c - '0')
		case 'a' <= c && c <= 'f':
			t[c] = byte(c-'a') + 10
		case 'A' <= c && c <= 'F':
			t[c] = byte(c-'A') + 10 | upperHex
		default:
			t[c] = notHex
		}
	}
	return t
}()

const (
	upperHex = 1 << 4
	notHex   = 1 << 5
)

package platform_test

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"hanout/pos"
	"hanout/sync/platform"
	"hanout/sync/wire"
)

// checkChainBefore is CheckChain as it was before it looked the push's
// own anchors up in what it returns (and wrote them into known): the
// reference the faster one must answer exactly as.
func checkChainBefore(t platform.Terminal, docs []platform.Doc, known map[uint64]platform.Anchor, now time.Time) (put []platform.Anchor, good []platform.Doc, rejected []wire.Rejection) {
	reject := func(in platform.Doc, code, reason string) {
		rejected = append(rejected, wire.Rejection{Index: in.Index, ID: in.Doc.ID, Seq: in.Doc.Seq, Code: code, Reason: reason})
	}
	for _, in := range docs {
		d := in.Doc
		hash, err1 := hex.DecodeString(in.Link.Hash)
		prev, err2 := hex.DecodeString(in.Link.Prev)
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
		a := platform.Anchor{Terminal: t.ID, Seq: d.Seq, ID: d.ID, Receipt: d.Receipt, Hash: hex.EncodeToString(hash), Prev: hex.EncodeToString(prev), Time: now}
		fork := func(reason string) {
			a.State, a.Code, a.Reason = platform.AnchorFork, wire.RejectFork, reason
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
			case old.State == platform.AnchorOK:
				if in.Reject != nil {
					reject(in, in.Reject.Code, in.Reject.Reason)
				} else {
					good = append(good, in)
				}
			default:
				reject(in, old.Code, old.Reason)
			}
			continue
		}
		if p, ok := known[d.Seq-1]; ok && (p.Hash != a.Prev || p.State == platform.AnchorFork) {
			fork(fmt.Sprintf("journal entry %d does not continue entry %d", d.Seq, d.Seq-1))
			continue
		}
		if n, ok := known[d.Seq+1]; ok && n.Prev != a.Hash {
			fork(fmt.Sprintf("journal entry %d is not the one entry %d continues", d.Seq, d.Seq+1))
			continue
		}
		if in.Reject != nil {
			a.State, a.Code, a.Reason = platform.AnchorRejected, in.Reject.Code, in.Reject.Reason
			reject(in, a.Code, a.Reason)
		} else {
			a.State = platform.AnchorOK
			good = append(good, in)
		}
		known[a.Seq] = a
		put = append(put, a)
	}
	return put, good, rejected
}

// chainCase is a random push and the anchors recorded around it: a chain
// continued, repeated, rewritten, pushed out of order or with positions
// far apart; links in upper case, cut short, not hex; documents refused,
// in another till's name, without a position.
func chainCase(r *rand.Rand) (docs []platform.Doc, known map[uint64]platform.Anchor) {
	n := 1 + r.IntN(12)
	base := uint64(1 + r.IntN(3))
	if r.IntN(4) == 0 {
		base = uint64(1 + r.IntN(1000))
	}
	spread := 2 + r.IntN(2*n+2)
	scattered := r.IntN(5) == 0
	if scattered { // farther apart than a table over them
		spread = 4*n + 5 + r.IntN(200)
	}
	// The true chain, and the till's bytes at each position.
	raws := map[uint64][]byte{}
	hashes := map[uint64][]byte{}
	var chain func(seq uint64) []byte // the hash at seq on the true chain
	chain = func(seq uint64) []byte {
		if seq == 0 || seq > 1<<20 { // before the first entry (0-1 too)
			return make([]byte, 32)
		}
		if h, ok := hashes[seq]; ok {
			return h
		}
		raws[seq] = fmt.Appendf(nil, `{"seq":%d,"n":%d}`, seq, r.IntN(3))
		h := pos.ChainHash(chain(seq-1), raws[seq])
		hashes[seq] = h
		return h
	}
	hexOf := func(b []byte) string {
		s := hex.EncodeToString(b)
		switch r.IntN(12) {
		case 0:
			return strings.ToUpper(s)
		case 1:
			return s[:len(s)-2]
		case 2:
			return "zz" + s[2:]
		case 3:
			return s[:10] + strings.ToUpper(s[10:20]) + s[20:]
		}
		return s
	}
	for i := range n {
		seq := base + uint64(r.IntN(spread))
		if r.IntN(10) == 0 {
			seq = 0
		}
		h, prev := chain(seq), chain(seq-1)
		raw := raws[seq]
		switch r.IntN(8) {
		case 0: // a rewritten entry, rechained
			raw = fmt.Appendf(nil, `{"seq":%d,"n":"x%d"}`, seq, r.IntN(2))
			h = pos.ChainHash(prev, raw)
		case 1: // a hash that does not match its bytes
			h = pos.ChainHash(h, raw)
		case 2: // built on another previous entry
			prev = pos.ChainHash(prev, []byte("other"))
			h = pos.ChainHash(prev, raw)
		}
		d := &pos.Document{ID: fmt.Sprintf("d-%d-%d", seq, r.IntN(3)), Seq: seq, Receipt: seq * 2}
		in := platform.Doc{Raw: raw, Doc: d, Index: i, Link: wire.Link{Hash: hexOf(h), Prev: hexOf(prev)}}
		switch r.IntN(8) {
		case 0:
			in.Reject = &wire.Rejection{Index: i, ID: d.ID, Seq: seq, Code: wire.RejectInvalid, Reason: "bad"}
		case 1:
			in.Reject = &wire.Rejection{Index: i, ID: d.ID, Seq: seq, Code: wire.RejectForbidden, Reason: "not yours"}
		}
		if r.IntN(15) == 0 {
			in.Link = wire.Link{}
		}
		docs = append(docs, in)
	}
	known = map[uint64]platform.Anchor{}
	for range r.IntN(6) {
		seq := base - 1 + uint64(r.IntN(spread+2))
		if scattered && len(docs) > 0 {
			seq = docs[r.IntN(len(docs))].Doc.Seq + uint64(r.IntN(3)) - 1
		}
		a := platform.Anchor{Terminal: "t-1", Seq: seq, Hash: hex.EncodeToString(chain(seq)), Prev: hex.EncodeToString(chain(seq - 1)), State: platform.AnchorOK}
		switch r.IntN(6) {
		case 0:
			a.Hash = hex.EncodeToString(pos.ChainHash(chain(seq), nil))
		case 1:
			a.Prev = hex.EncodeToString(pos.ChainHash(chain(seq), nil))
		case 2:
			a.State, a.Code, a.Reason = platform.AnchorFork, wire.RejectFork, "earlier fork"
		case 3:
			a.State, a.Code, a.Reason = platform.AnchorRejected, wire.RejectInvalid, "earlier refusal"
		}
		known[seq] = a
	}
	return docs, known
}

// CheckChain answers every push as it did before it was made faster, and
// leaves known as it was.
func TestCheckChainAnswersAsBefore(t *testing.T) {
	term := platform.Terminal{ID: "t-1", Merchant: "m-1", Till: "STAND-1"}
	now := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	forks, goods := 0, 0
	for seed := range uint64(6000) {
		docs, known := chainCase(rand.New(rand.NewPCG(seed, 12)))
		// docs followed by one more in the same array: good may be docs'
		// own array, never open to an append's writes.
		all := append(slices.Clone(docs), platform.Doc{Index: 99})
		docs = all[:len(docs)]
		was, pushed := maps.Clone(known), slices.Clone(all)
		put, good, rejected := platform.CheckChain(term, docs, known, now)
		if _ = append(good, platform.Doc{Index: -1}); !reflect.DeepEqual(all, pushed) {
			t.Fatalf("seed %d: an append to good wrote into the push", seed)
		}
		wPut, wGood, wRejected := checkChainBefore(term, docs, maps.Clone(known), now)
		if !reflect.DeepEqual(put, wPut) || !reflect.DeepEqual(good, wGood) || !reflect.DeepEqual(rejected, wRejected) {
			t.Fatalf("seed %d: got\n%+v\n%+v\n%+v\nwant\n%+v\n%+v\n%+v", seed, put, good, rejected, wPut, wGood, wRejected)
		}
		if !reflect.DeepEqual(known, was) {
			t.Fatalf("seed %d: known changed", seed)
		}
		// What pgstore's queueAnchors may count on: an anchor that is no
		// fork is the first of its position, neither known nor put before.
		first := map[uint64]bool{}
		for _, a := range put {
			if _, had := known[a.Seq]; a.State != platform.AnchorFork && (had || first[a.Seq]) {
				t.Fatalf("seed %d: anchor %+v is not the first of its position", seed, a)
			}
			first[a.Seq] = true
		}
		for _, r := range rejected {
			if r.Code == wire.RejectFork {
				forks++
			}
		}
		goods += len(good)
	}
	if forks < 300 || goods < 300 {
		t.Fatalf("the cases are too tame: %d forks, %d stored", forks, goods)
	}
}

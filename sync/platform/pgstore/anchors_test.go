package pgstore

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"hanout/sync/platform"
	"hanout/sync/platform/pgstore/pgtest"
)

// TestAnchorsRaceBetweenServers: two servers check pushes of one chain
// against the anchors each read. The one that anchors second, with a
// document that no longer continues the chain as recorded, is refused
// (retry later) instead of storing a second history.
func TestAnchorsRaceBetweenServers(t *testing.T) {
	url := pgtest.DB(t)
	a, b := openStore(t, url), openStore(t, url)
	h := func(c string) string { return strings.Repeat(c, 64) }
	ok := func(seq uint64, hash, prev string) platform.Anchor {
		return platform.Anchor{Seq: seq, Hash: hash, Prev: prev, State: platform.AnchorOK}
	}
	if err := a.PutAnchors("t-1", []platform.Anchor{ok(1, h("1"), h("0")), ok(2, h("2"), h("1"))}); err != nil {
		t.Fatal(err)
	}
	for name, as := range map[string][]platform.Anchor{
		"another hash at a recorded position": {ok(2, h("f"), h("1"))},
		"not continuing the previous entry":   {ok(3, h("3"), h("e"))},
		"not the entry the next continues":    {ok(1, h("d"), h("0"))},
		"a good entry beside a stale one":     {ok(3, h("3"), h("2")), ok(1, h("d"), h("0"))},
	} {
		if err := b.PutAnchors("t-1", as); !errors.Is(err, ErrStaleChain) {
			t.Fatalf("%s: %v", name, err)
		}
	}
	if as, _ := a.Anchors("t-1", 0, 10); len(as) != 2 {
		t.Fatalf("a refused put left anchors: %+v", as)
	}
	// What continues the chain is taken; a fork is recorded as such; the
	// same anchor again changes nothing.
	fork := platform.Anchor{Seq: 2, Hash: h("f"), Prev: h("1"), State: platform.AnchorFork}
	if err := b.PutAnchors("t-1", []platform.Anchor{ok(2, h("2"), h("1")), ok(3, h("3"), h("2")), fork}); err != nil {
		t.Fatal(err)
	}
	as, _ := a.Anchors("t-1", 0, 10)
	if len(as) != 3 || as[1].Hash != h("2") || as[2].Hash != h("3") {
		t.Fatalf("anchors: %+v", as)
	}
	// Another chain is not concerned.
	if err := b.PutAnchors("t-2", []platform.Anchor{ok(2, h("f"), h("9"))}); err != nil {
		t.Fatal(err)
	}
}

// TestAnchorRunsPage: anchors of stored documents are kept a run a push;
// a page of the chain starts and ends inside runs, and interleaves the
// refused entries kept a row each.
func TestAnchorRunsPage(t *testing.T) {
	url := pgtest.DB(t)
	a := openStore(t, url)
	h := func(i int) string { return strings.Repeat(string("0123456789abcdef"[i]), 64) }
	link := func(seq int, state string) platform.Anchor {
		return platform.Anchor{Seq: uint64(seq), Hash: h(seq), Prev: h(seq - 1), State: state}
	}
	var first, second []platform.Anchor
	for i := 1; i <= 5; i++ {
		first = append(first, link(i, platform.AnchorOK))
	}
	for i := 6; i <= 12; i++ {
		state := platform.AnchorOK
		if i == 9 {
			state = platform.AnchorRejected
		}
		second = append(second, link(i, state))
	}
	for _, as := range [][]platform.Anchor{first, second} {
		if err := a.PutAnchors("t-1", as); err != nil {
			t.Fatal(err)
		}
	}
	var runs int
	if err := a.pool.QueryRow(t.Context(), "SELECT count(*) FROM anchor_runs").Scan(&runs); err != nil || runs != 3 {
		t.Fatalf("%d runs (%v), want 3: 1-5, 6-8, 10-12", runs, err)
	}
	for _, c := range []struct {
		from   uint64
		limit  int
		want   []uint64
		states map[uint64]string
	}{
		{0, 100, []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, map[uint64]string{9: platform.AnchorRejected}},
		{3, 4, []uint64{3, 4, 5, 6}, nil},
		{7, 3, []uint64{7, 8, 9}, map[uint64]string{9: platform.AnchorRejected}},
		{12, 5, []uint64{12}, nil},
		{13, 5, nil, nil},
	} {
		got, err := a.Anchors("t-1", c.from, c.limit)
		if err != nil {
			t.Fatal(err)
		}
		var seqs []uint64
		for _, an := range got {
			seqs = append(seqs, an.Seq)
			want := platform.AnchorOK
			if s, ok := c.states[an.Seq]; ok {
				want = s
			}
			if an.Hash != h(int(an.Seq)) || an.Prev != h(int(an.Seq)-1) || an.State != want || an.Terminal != "t-1" {
				t.Fatalf("from %d: anchor %+v", c.from, an)
			}
		}
		if fmt.Sprint(seqs) != fmt.Sprint(c.want) {
			t.Fatalf("from %d limit %d: %v, want %v", c.from, c.limit, seqs, c.want)
		}
	}
	// Every page, from every position (inside a run, at its first or
	// last, on a refused entry, past the end), is the whole chain's
	// stretch: a run is read from the position asked, not whole.
	all, err := a.Anchors("t-1", 0, 100)
	if err != nil || len(all) != 12 {
		t.Fatalf("%d anchors (%v)", len(all), err)
	}
	for from := range 14 {
		for limit := range 14 {
			got, err := a.Anchors("t-1", uint64(from), limit)
			if err != nil {
				t.Fatal(err)
			}
			want := all[min(max(from-1, 0), 12):]
			want = want[:min(limit, len(want))]
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("from %d limit %d:\n%+v\nwant\n%+v", from, limit, got, want)
			}
		}
	}
}

// TestAnchorRunsSplit: a run ends where a position does not continue the
// one before (a gap, another previous hash), and an anchor whose hashes
// are not lower-case hex is kept as it came, in a row of its own; each
// reads back as it was put.
func TestAnchorRunsSplit(t *testing.T) {
	a := openStore(t, pgtest.DB(t))
	h := func(c string) string { return strings.Repeat(c, 64) }
	ok := func(seq uint64, hash, prev string) platform.Anchor {
		return platform.Anchor{Terminal: "t-1", Seq: seq, Hash: hash, Prev: prev, State: platform.AnchorOK}
	}
	put := []platform.Anchor{
		ok(1, h("1"), h("0")), ok(2, h("2"), h("1")), ok(3, h("3"), h("e")), // another previous: 3 starts a run
		ok(5, h("5"), h("4")), ok(6, h("6"), h("5")), // a gap: 5 starts a run
		ok(7, h("A"), h("6")), ok(8, h("8"), h("A")), // upper case: a row each
		ok(9, h("9"), h("8")),
	}
	if err := a.PutAnchors("t-1", put); err != nil {
		t.Fatal(err)
	}
	var runs string
	if err := a.pool.QueryRow(t.Context(), "SELECT string_agg(first_seq || '-' || last_seq, ' ' ORDER BY first_seq) FROM anchor_runs").Scan(&runs); err != nil {
		t.Fatal(err)
	}
	if runs != "1-2 3-3 5-6 9-9" {
		t.Fatalf("runs %s, want 1-2 3-3 5-6 9-9", runs)
	}
	got, err := a.Anchors("t-1", 0, 20)
	if err != nil {
		t.Fatal(err)
	}
	for i := range got {
		got[i].Time = time.Time{}
	}
	if fmt.Sprint(got) != fmt.Sprint(put) {
		t.Fatalf("anchors\n%+v\nwant\n%+v", got, put)
	}
}

// FuzzLowerHex32: a hash is taken as 64 lower-case hex digits (hex32:
// of either case), decoded as encoding/hex does, and nothing else is.
func FuzzLowerHex32(f *testing.F) {
	f.Add(strings.Repeat("0a", 32))
	f.Add(strings.Repeat("0A", 32))
	f.Add(strings.Repeat("f", 63))
	f.Add(strings.Repeat("g", 64))
	f.Fuzz(func(t *testing.T, s string) {
		var h [32]byte
		got := lowerHex32(&h, s)
		want, err := hex.DecodeString(s)
		lower := s == strings.ToLower(s)
		if got != (err == nil && len(want) == 32 && lower) || got && !bytes.Equal(h[:], want) {
			t.Fatalf("%q: %v %x, hex says %x %v", s, got, h, want, err)
		}
		any := make([]byte, 32)
		if got := hex32(any, s); got != (err == nil && len(want) == 32) || got && !bytes.Equal(any, want) {
			t.Fatalf("hex32 %q: %v %x, hex says %x %v", s, got, any, want, err)
		}
	})
}

// BenchmarkDecodeHashes: a push's 200 chain hashes, decoded as its
// anchors (lower case) and its documents (either case) take them.
func BenchmarkDecodeHashes(b *testing.B) {
	var hashes []string
	for i := range 200 {
		hashes = append(hashes, hex.EncodeToString(bytes.Repeat([]byte{byte(i), 0xa7}, 16)))
	}
	var h [32]byte
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range hashes {
			if !lowerHex32(&h, s) || !hex32(h[:], s) {
				b.Fatal(s)
			}
		}
	}
}

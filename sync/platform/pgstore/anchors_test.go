package pgstore

import (
	"errors"
	"strings"
	"testing"

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

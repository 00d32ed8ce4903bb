package platform

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"hanout/pos"
	"hanout/sync/wire"
)

// ackedDocs keeps exactly the documents that are not refused and whose
// id the answer acknowledged, as a set of the ids did: in order or not,
// an id pushed twice, acknowledged twice, refused, forked (not refused
// yet not acknowledged).
func TestAckedDocsAsASet(t *testing.T) {
	whole := 0
	for seed := range uint64(3000) {
		r := rand.New(rand.NewPCG(seed, 12))
		var docs []Doc
		var acked []string
		for i := range r.IntN(8) {
			in := Doc{Index: i, Doc: &pos.Document{ID: fmt.Sprintf("d%d", r.IntN(6))}}
			if r.IntN(5) == 0 {
				in.Reject = &wire.Rejection{Code: wire.RejectInvalid}
			}
			docs = append(docs, in)
			if in.Reject == nil && r.IntN(6) > 0 {
				acked = append(acked, in.Doc.ID)
			}
		}
		if r.IntN(4) == 0 && len(acked) > 1 {
			i, j := r.IntN(len(acked)), r.IntN(len(acked))
			acked[i], acked[j] = acked[j], acked[i]
		}
		if r.IntN(6) == 0 {
			acked = append(acked, fmt.Sprintf("d%d", r.IntN(7)))
		}
		set := map[string]bool{}
		for _, id := range acked {
			set[id] = true
		}
		var want []Doc
		for _, in := range docs {
			if in.Reject == nil && set[in.Doc.ID] {
				want = append(want, in)
			}
		}
		// docs followed by one more in the same array: an append to what
		// ackedDocs returns must not write over either.
		all := append(slices.Clone(docs), Doc{Index: 99})
		docs = all[:len(docs)]
		pushed := slices.Clone(all)
		got := ackedDocs(docs, acked)
		if _ = append(got, Doc{Index: -1}); !reflect.DeepEqual(all, pushed) {
			t.Fatalf("seed %d: an append to what ackedDocs returned wrote into the push", seed)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("seed %d: %v acked of %+v: got %+v, want %+v", seed, acked, docs, got, want)
		}
		if len(want) == len(acked) {
			whole++
		}
	}
	if whole < 500 || whole > 2500 {
		t.Fatalf("%d of 3000 cases keep all they acknowledge: too tame", whole)
	}
}

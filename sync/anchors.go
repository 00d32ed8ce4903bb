package sync

import (
	"bytes"
	"context"
	"encoding/hex"

	"hanout/pos"
	"hanout/pos/store"
	"hanout/sync/wire"
)

// AnchorReport compares the till's journal with the chain the platform
// anchored.
type AnchorReport struct {
	// Compared is how many anchored entries were compared.
	Compared int
	// Anchored is the highest entry the platform holds as this till's.
	Anchored uint64
	// Differs is the first entry whose hash is not the one the platform
	// anchored (0: none): the journal was rewritten from there on.
	// Receipt is its receipt number (0 for shift documents).
	Differs, Receipt uint64
}

// CompareAnchors fetches the platform's anchors of this till and compares
// each with the hash of the same journal entry here. Forked links (pushes
// the platform refused as not continuing its chain) are not the platform's
// chain and are skipped.
func CompareAnchors(ctx context.Context, st *store.Store) (AnchorReport, error) {
	var rep AnchorReport
	set, ok, err := LoadSettings(st)
	if err != nil {
		return rep, err
	}
	if !ok {
		return rep, pos.Errorf("sync.not_enrolled")
	}
	c, err := NewClient(set)
	if err != nil {
		return rep, err
	}
	from := uint64(1)
	for {
		page, err := c.Anchors(ctx, from)
		if err != nil {
			return rep, err
		}
		if rep.Differs == 0 {
			if err := compare(st, page.Anchors, &rep); err != nil {
				return rep, err
			}
		}
		for _, a := range page.Anchors {
			if a.State != "fork" {
				rep.Anchored = max(rep.Anchored, a.Seq)
			}
			from = a.Seq + 1
		}
		if !page.More || len(page.Anchors) == 0 {
			return rep, nil
		}
	}
}

func compare(st *store.Store, as []wire.Anchor, rep *AnchorReport) error {
	for _, a := range as {
		if a.State == "fork" {
			continue
		}
		want, err := hex.DecodeString(a.Hash)
		if err != nil {
			continue
		}
		rep.Compared++
		if !bytes.Equal(st.Hash(a.Seq), want) {
			rep.Differs = a.Seq
			if d, err := st.Document(a.Seq); err == nil {
				rep.Receipt = d.Receipt
			}
			return nil
		}
	}
	return nil
}

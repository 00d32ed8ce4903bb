package storagetest

import (
	"errors"
	"testing"

	"hanout/pos"
	"hanout/sync/platform"
)

// receipts: a sale or refund is found by its id alone, whichever merchant
// holds it, with its merchant and the hash its journal entry was anchored
// with; anything else by that id is not found.
func receipts(t *testing.T, a, b platform.Storage) {
	s1 := setup(t, a, "Coopérative Fès", "FES-1")
	s2 := setup(t, a, "Tapis Taznakht", "TAZ-1")
	sale := Sale("FES-1", 1, "TAJ")
	sale.Doc.Key = pos.NewReceiptKey()
	sale = raw(sale.Doc)
	refund := Sale("FES-1", 2, "TAJ")
	refund.Doc.Kind, refund.Doc.Total, refund.Doc.Key = pos.KindRefund, -1000, pos.NewReceiptKey()
	refund.Doc.Lines[0].Qty, refund.Doc.Lines[0].Total = -1, -1000
	refund.Doc.Tenders[0].Amount, refund.Doc.Tenders[0].Given = -1000, -1000
	refund = raw(refund.Doc)
	open := raw(&pos.Document{ID: pos.NewID(), Kind: pos.KindShiftOpen, Terminal: "FES-1", Seq: 3, Time: day, Cashier: "Ali"})
	other := Sale("TAZ-1", 1, "TAP")
	other.Doc.Key = pos.NewReceiptKey()
	other = raw(other.Doc)
	if _, err := a.Ingest(s1.T, []platform.Doc{sale, refund, open}, day); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Ingest(s2.T, []platform.Doc{other}, day); err != nil {
		t.Fatal(err)
	}
	// The sale is anchored in the first device's chain, the refund in a
	// replacement device's; the other merchant's chain has an entry at
	// the sale's position too.
	if err := a.PutAnchors(s1.T.ID, []platform.Anchor{{Seq: 1, ID: sale.Doc.ID, Receipt: 1, Hash: "aa11", Prev: "p", State: platform.AnchorOK, Time: day}}); err != nil {
		t.Fatal(err)
	}
	if err := a.PutAnchors(s1.T.ID+"/NEWDEV", []platform.Anchor{{Seq: 2, ID: refund.Doc.ID, Receipt: 2, Hash: "bb22", Prev: "aa11", State: platform.AnchorOK, Time: day}}); err != nil {
		t.Fatal(err)
	}
	if err := a.PutAnchors(s2.T.ID, []platform.Anchor{{Seq: 1, ID: other.Doc.ID, Hash: "cc33", Prev: "p", State: platform.AnchorOK, Time: day}}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		doc      *pos.Document
		merchant platform.Merchant
		chain    string
	}{
		{sale.Doc, s1.M, "aa11"},
		{refund.Doc, s1.M, "bb22"},
		{other.Doc, s2.M, "cc33"},
	} {
		r, err := b.Receipt(c.doc.ID)
		if err != nil {
			t.Fatalf("receipt %s: %v", c.doc.ID, err)
		}
		if r.Merchant.ID != c.merchant.ID || r.Merchant.Name != c.merchant.Name || r.Doc == nil || r.Doc.ID != c.doc.ID ||
			r.Doc.Key != c.doc.Key || r.Doc.Total != c.doc.Total || r.Doc.Kind != c.doc.Kind || r.Chain != c.chain {
			t.Fatalf("receipt %s: %+v %+v, want merchant %s, chain %s", c.doc.ID, r, r.Doc, c.merchant.ID, c.chain)
		}
	}
	// Not anchored (yet): no chain hash, the receipt still is found.
	late := Sale("TAZ-1", 2, "TAP")
	if _, err := a.Ingest(s2.T, []platform.Doc{late}, day); err != nil {
		t.Fatal(err)
	}
	if r, err := b.Receipt(late.Doc.ID); err != nil || r.Chain != "" || r.Merchant.ID != s2.M.ID {
		t.Fatalf("receipt not anchored: %+v %v", r, err)
	}
	for _, id := range []string{pos.NewID(), open.Doc.ID, "", "not-a-uuid", "' OR 1=1 --"} {
		if r, err := b.Receipt(id); !errors.Is(err, platform.ErrNotFound) || r.Doc != nil {
			t.Errorf("receipt %q: %+v %v, want not found", id, r, err)
		}
	}
}

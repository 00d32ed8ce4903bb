package storagetest

import (
	"errors"
	"testing"
	"time"

	"hanout/pos"
	"hanout/sync/platform"
	"hanout/sync/wire"
)

func payout(till string, seq uint64, artisan string, amount pos.Money, how pos.TenderKind, at time.Time) platform.Doc {
	return raw(&pos.Document{ID: pos.NewID(), Kind: pos.KindPayout, Terminal: till, Seq: seq, Time: at, Cashier: "Ali",
		Artisan: artisan, Cash: amount, ApprovedBy: "Karim",
		Tenders: []pos.Tender{{Kind: how, Amount: -amount, Status: pos.StatusApproved}}})
}

// artisans: payouts are found by merchant and period, in time order; the
// artisans report across two tills sums both tills' sales lines and
// payouts with the artisans they sent as master records, the same on
// every store.
func artisans(t *testing.T, a, b platform.Storage) {
	s1 := setup(t, a, "Coopérative Fès", "FES-1")
	t2 := enroll(t, a, s1.M.ID, "FES-2")
	s2 := setup(t, a, "Tapis Taznakht", "TAZ-1")
	sale := func(till string, seq uint64, artisan string, at time.Time) platform.Doc {
		d := Sale(till, seq, "TAJ", "ARG").Doc
		d.Lines[0].Artisan, d.Lines[1].Artisan = artisan, "a-other"
		d.Time = at
		return raw(d)
	}
	p1 := payout("FES-1", 3, "a-fatima", 500, pos.TenderCash, day.Add(2*time.Hour))
	p2 := payout("FES-2", 2, "a-fatima", 300, pos.TenderTransfer, day.Add(time.Hour))
	late := payout("FES-2", 3, "a-fatima", 100, pos.TenderTransfer, day.Add(48*time.Hour))
	if _, err := a.Ingest(s1.T, []platform.Doc{sale("FES-1", 1, "a-fatima", day), sale("FES-1", 2, "a-fatima", day), p1}, day); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Ingest(t2, []platform.Doc{sale("FES-2", 1, "a-fatima", day), p2, late}, day); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Ingest(s2.T, []platform.Doc{payout("TAZ-1", 1, "a-fatima", 999, pos.TenderCash, day)}, day); err != nil {
		t.Fatal(err)
	}
	recs := []wire.Record{{Kind: pos.RecordArtisan, ID: "a-fatima", Data: []byte(`{"id":"a-fatima","name":"Fatima","commission":1500}`), Time: day, Doc: pos.NewID()}}
	if err := a.PutRecords(s1.M.ID, recs, day); err != nil {
		t.Fatal(err)
	}
	for _, st := range []platform.Storage{a, b} {
		ps, err := st.Payouts(s1.M.ID, day, day.Add(24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != 2 || ps[0].ID != p2.Doc.ID || ps[1].ID != p1.Doc.ID || ps[1].Cash != 500 || ps[1].Artisan != "a-fatima" {
			t.Fatalf("payouts %+v", ps)
		}
		if _, err := st.Payouts("nobody", day, day.Add(time.Hour)); !errors.Is(err, platform.ErrNotFound) {
			t.Fatalf("no merchant: %v", err)
		}
		r, err := platform.MerchantArtisans(st, s1.M.ID, day, day.Add(24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		// Three sales of 10.00 for Fatima on two tills, 15 % commission,
		// 8.00 paid in the period (the later payout counts nowhere yet).
		want := []pos.ArtisanRow{
			{Artisan: "a-fatima", Name: "Fatima", Rate: 1500, Known: true, Pieces: 3, Sales: 3000, Commission: 450, Owed: 2550, Paid: 800, Balance: 1750},
			{Artisan: "a-other", Name: "a-other", Pieces: 3, Sales: 3000, Owed: 3000, Balance: 3000},
		}
		if len(r.Rows) != 2 || r.Rows[0] != want[0] || r.Rows[1] != want[1] {
			t.Fatalf("report rows %+v", r.Rows)
		}
	}
}

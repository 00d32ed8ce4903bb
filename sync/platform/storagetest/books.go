package storagetest

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"hanout/pos"
	"hanout/sync/platform"
)

// booksDoc is a sale (or, with a negative amount, a refund) at a moment,
// paid by the tenders given (kind, amount in centimes; "!" before a kind:
// refused by the terminal).
func booksDoc(till string, seq uint64, at time.Time, sku string, qty int64, tenders ...any) platform.Doc {
	d := &pos.Document{ID: pos.NewID(), Kind: pos.KindSale, Terminal: till, Receipt: seq, Seq: seq, Time: at, Cashier: "Ali"}
	var total pos.Money
	for i := 0; i+1 < len(tenders); i += 2 {
		kind, _ := tenders[i].(string)
		amount := pos.Money(tenders[i+1].(int))
		st := pos.StatusApproved
		if kind[0] == '!' {
			kind, st = kind[1:], pos.StatusRefused
		} else {
			total += amount
		}
		tn := pos.Tender{Kind: pos.TenderKind(kind), Amount: amount, Status: st}
		switch tn.Kind {
		case pos.TenderCashEUR:
			tn.Currency, tn.Rate, tn.Foreign = "EUR", 108000, amount*pos.RateScale/108000
		case pos.TenderCashUSD:
			tn.Currency, tn.Rate, tn.Foreign = "USD", 99000, amount*pos.RateScale/99000
		case pos.TenderAccount:
			d.Customer = "c-1"
		}
		d.Tenders = append(d.Tenders, tn)
	}
	if total < 0 {
		d.Kind = pos.KindRefund
	}
	d.Total = total
	d.Lines = []pos.Line{{SKU: sku, Name: pos.Names{FR: "Article " + sku, AR: "سلعة " + sku}, Qty: qty, Price: total / pos.Money(max(qty, 1)), Total: total}}
	return raw(d)
}

// casablanca is a wall-clock time in Morocco.
func casablanca(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, platform.Zone)
}

// booksKeptAtIngest: the day books and figures Ingest keeps, pushed in
// several batches with retries and from two servers, equal the books
// computed again from the stored documents; days and hours are
// Morocco's, so a sale at 23:30 UTC in May is the next day's at 00:30,
// and one at 23:30 UTC in Ramadan (Morocco on UTC+0) stays on its day.
func booksKeptAtIngest(t *testing.T, a, b platform.Storage) {
	s := setup(t, a, "Coop", "STAND-1")
	may := time.Date(2026, 5, 4, 23, 30, 0, 0, time.UTC) // 00:30 on 5 May in Casablanca (UTC+1)
	ramadan := time.Date(2026, 3, 2, 23, 30, 0, 0, time.UTC)
	if got := platform.LocalDay(may); got != "2026-05-05" {
		t.Fatalf("23:30 UTC on 4 May is %s in Casablanca, want 2026-05-05", got)
	}
	if got := platform.LocalDay(ramadan); got != "2026-03-02" {
		t.Fatalf("23:30 UTC on 2 March (Ramadan, UTC+0) is %s in Casablanca, want 2026-03-02", got)
	}
	docs := []platform.Doc{
		booksDoc("STAND-1", 1, may, "A", 1, "cash", 1000, "card", 2500),
		booksDoc("STAND-1", 2, may.Add(-time.Hour), "B", 2, "qr_wallet", 4000, "!card", 9999), // 23:30 on 4 May
		booksDoc("STAND-1", 3, casablanca(2026, 5, 5, 9, 15), "A", 1, "account", 3000),
		booksDoc("STAND-1", 4, casablanca(2026, 5, 5, 9, 45), "C", 3, "cash_eur", 21600, "cash", 400),
		booksDoc("STAND-1", 5, casablanca(2026, 5, 5, 23, 59), "C", 1, "cash_usd", 19800, "qr_card", 200),
		booksDoc("STAND-1", 6, casablanca(2026, 5, 6, 0, 0), "A", -1, "cash", -1000),
		booksDoc("STAND-1", 7, ramadan, "D", 1, "cash", 700, "voucher", 300),
	}
	// Three pushes, the second repeating part of the first, one through
	// each handle; then the whole lot again.
	for i, batch := range [][]platform.Doc{docs[:3], docs[1:5], docs[5:], docs} {
		st := a
		if i%2 == 1 {
			st = b
		}
		if _, err := st.Ingest(s.T, batch, day); err != nil {
			t.Fatal(err)
		}
	}
	stored, err := b.Documents(s.M.ID, time.Time{}, time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil || len(stored) != len(docs) {
		t.Fatalf("documents: %d %v", len(stored), err)
	}
	want := platform.DayBooksOf(stored)
	for i := range want {
		want[i].Merchant = s.M.ID
	}
	got, err := b.DayBooks(s.M.ID, "2026-01-01", "2026-12-31")
	if err != nil {
		t.Fatal(err)
	}
	if g, w := jsonOf(got), jsonOf(want); g != w {
		t.Fatalf("kept day books\n%s\nwant (computed again from the documents)\n%s", g, w)
	}
	checkMoroccanDays(t, got)
	if part, err := a.DayBooks(s.M.ID, "2026-05-05", "2026-05-05"); err != nil || len(part) != 1 || part[0].Day != "2026-05-05" {
		t.Fatalf("one day: %+v %v", part, err)
	}
	checkFigures(t, a, want)
	if _, err := a.DayBooks("m-nobody", "2026-01-01", "2026-12-31"); !isNotFound(err) {
		t.Fatalf("books of no merchant: %v", err)
	}
}

// checkMoroccanDays checks the day books of booksKeptAtIngest's documents
// figure by figure: the days are Morocco's, a refused card counts for
// nothing, unknown tender kinds are "other".
func checkMoroccanDays(t *testing.T, got []platform.DayBook) {
	t.Helper()
	var days []string
	for _, d := range got {
		days = append(days, d.Day)
	}
	if fmt.Sprint(days) != "[2026-03-02 2026-05-04 2026-05-05 2026-05-06]" {
		t.Fatalf("days %v", days)
	}
	d5 := got[2]
	if d5.Sales != 4 || d5.Hours[0].Sales != 1 || d5.Hours[9].Sales != 2 || d5.Hours[23].Sales != 1 || d5.Account != 3000 || d5.EUR != 21600 ||
		d5.USD != 19800 || d5.Tenders["account"] != 3000 || d5.Tenders["cash_eur"] != 21600 || d5.Products["C"].Qty != 4 || d5.Products["C"].Name.AR != "سلعة C" {
		t.Fatalf("5 May: %+v", d5)
	}
	if got[1].Tenders["card"] != 0 || got[1].Hours[23].Sales != 1 {
		t.Fatalf("4 May (a refused card counts for nothing): %+v", got[1])
	}
	if got[0].Other != 300 || got[3].Refunds != 1 || got[3].Net != -1000 {
		t.Fatalf("other kinds and refunds: %+v %+v", got[0], got[3])
	}
}

// checkFigures: the programme's daily figures are the day books' own.
func checkFigures(t *testing.T, a platform.Storage, want []platform.DayBook) {
	t.Helper()
	figs, err := a.Figures("2026-01-01", "2026-12-31")
	if err != nil || len(figs) != len(want) {
		t.Fatalf("figures: %+v %v", figs, err)
	}
	for i, f := range figs {
		if f != want[i].DayFigure {
			t.Fatalf("figure %d: %+v, want %+v", i, f, want[i].DayFigure)
		}
	}
}

// refusedCounted: each refused document recorded on a terminal's chains
// (its first device's and a replacement's) counts once on the terminal.
func refusedCounted(t *testing.T, a, b platform.Storage) {
	s := setup(t, a, "Coop", "STAND-1")
	other := setup(t, a, "Other", "STAND-2")
	at := func(seq uint64, hash, prev, state string) platform.Anchor {
		return platform.Anchor{Seq: seq, Hash: hash, Prev: prev, State: state, Time: day}
	}
	for range 2 { // recorded again: counted once
		if err := a.PutAnchors(s.T.ID, []platform.Anchor{at(1, "h1", "", platform.AnchorOK), at(2, "h2", "h1", platform.AnchorRejected), at(3, "h3", "h2", platform.AnchorRejected)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.PutAnchors(s.T.ID+"/DEVICE2", []platform.Anchor{at(1, "k1", "", platform.AnchorRejected), at(2, "k2", "x", platform.AnchorFork)}); err != nil {
		t.Fatal(err)
	}
	if tm, err := b.Terminal(s.T.ID); err != nil || tm.Refused != 3 {
		t.Fatalf("refused on the terminal: %d %v", tm.Refused, err)
	}
	ts, err := a.Terminals(s.M.ID)
	if err != nil || len(ts) != 1 || ts[0].Refused != 3 {
		t.Fatalf("terminals: %+v %v", ts, err)
	}
	if tm, err := a.Terminal(other.T.ID); err != nil || tm.Refused != 0 {
		t.Fatalf("another terminal: %d %v", tm.Refused, err)
	}
}

// adoption: merchants, enrolled tills, and those in contact within 7 and
// 30 days, counted by the storage.
func adoption(t *testing.T, a, b platform.Storage) {
	s1 := setup(t, a, "One", "STAND-1")
	s2 := setup(t, a, "Two", "STAND-2")
	if _, _, err := a.AddTerminal(s2.M.ID, "STAND-3"); err != nil { // waiting, never in contact
		t.Fatal(err)
	}
	if _, err := a.AddMerchant("Three"); err != nil {
		t.Fatal(err)
	}
	now := day.Add(40 * 24 * time.Hour)
	if err := a.Touch(s1.T.ID, 0, now.Add(-2*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := a.Touch(s2.T.ID, 0, now.Add(-20*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	got, err := b.Adoption(now)
	if err != nil {
		t.Fatal(err)
	}
	want := platform.Adoption{Merchants: 3, TillsEnrolled: 2, Active7: 1, Active30: 2, MerchantsActive7: 1, MerchantsActive30: 2}
	if got != want {
		t.Fatalf("adoption %+v, want %+v", got, want)
	}
}

func jsonOf(v any) string {
	b, _ := json.MarshalIndent(v, "", " ")
	return string(b)
}

func isNotFound(err error) bool { return err != nil && errors.Is(err, platform.ErrNotFound) }

// ComputedAgain is the upgrade of a store whose figures were kept
// otherwise (UTC days, no day books, no refused counts: a database of
// before): makeOld turns st's kept figures into such, reopen opens the
// store again, which computes them again from its documents and anchors.
func ComputedAgain(t *testing.T, st platform.Storage, makeOld func(merchant, terminal string), reopen func() platform.Storage) {
	s := setup(t, st, "Coop", "STAND-1")
	late := time.Date(2026, 5, 4, 23, 30, 0, 0, time.UTC) // 5 May in Casablanca
	docs := []platform.Doc{
		booksDoc("STAND-1", 1, late, "A", 1, "cash", 1000, "card", 2500),
		booksDoc("STAND-1", 2, late.Add(-2*time.Hour), "B", 1, "account", 3000, "cash_eur", 1080),
	}
	if _, err := st.Ingest(s.T, docs, day); err != nil {
		t.Fatal(err)
	}
	if err := st.PutAnchors(s.T.ID, []platform.Anchor{{Seq: 3, Hash: "h3", Prev: "h2", State: platform.AnchorRejected, Time: day}}); err != nil {
		t.Fatal(err)
	}
	makeOld(s.M.ID, s.T.ID)
	st = reopen()
	stored, err := st.Documents(s.M.ID, time.Time{}, time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil || len(stored) != 2 {
		t.Fatalf("documents: %d %v", len(stored), err)
	}
	want := platform.DayBooksOf(stored)
	for i := range want {
		want[i].Merchant = s.M.ID
	}
	got, err := st.DayBooks(s.M.ID, "2026-01-01", "2026-12-31")
	if err != nil {
		t.Fatal(err)
	}
	if g, w := jsonOf(got), jsonOf(want); g != w {
		t.Fatalf("day books after the upgrade\n%s\nwant\n%s", g, w)
	}
	figs, err := st.Figures("2026-01-01", "2026-12-31")
	if err != nil || len(figs) != 2 || figs[0] != want[0].DayFigure || figs[1] != want[1].DayFigure {
		t.Fatalf("figures after the upgrade: %+v %v", figs, err)
	}
	if tm, err := st.Terminal(s.T.ID); err != nil || tm.Refused != 1 {
		t.Fatalf("refused after the upgrade: %d %v", tm.Refused, err)
	}
}

// programmeSums: the store's sums per day, city and craft equal the kept
// figures summed again, and count each merchant once per group.
func programmeSums(t *testing.T, a, b platform.Storage) {
	var ss []Setup
	for i, place := range [][2]string{{"Fès", "poterie"}, {"Fès", "zellige"}, {"Safi", "poterie"}} {
		s := setup(t, a, fmt.Sprint("Coop ", i), fmt.Sprint("STAND-", i))
		if err := a.SetPlace(s.M.ID, place[0], place[1]); err != nil {
			t.Fatal(err)
		}
		ss = append(ss, s)
	}
	for i, s := range ss {
		var docs []platform.Doc
		for d := range 3 {
			at := casablanca(2026, 5, 3+d, 10+i, 0)
			docs = append(docs, booksDoc(s.T.Till, uint64(d+1), at, "A", 1, "cash", 1000*(i+1), "card", 500, "cash_eur", 1080))
		}
		if _, err := a.Ingest(s.T, docs, day); err != nil {
			t.Fatal(err)
		}
	}
	figs, err := b.Figures("2026-05-04", "2026-05-05")
	if err != nil {
		t.Fatal(err)
	}
	ms, err := b.Merchants()
	if err != nil {
		t.Fatal(err)
	}
	want := platform.SumFigures(figs, ms)
	got, err := b.ProgrammeSums("2026-05-04", "2026-05-05")
	if err != nil {
		t.Fatal(err)
	}
	if g, w := jsonOf(got), jsonOf(want); g != w {
		t.Fatalf("sums\n%s\nwant\n%s", g, w)
	}
	if len(got.Days) != 2 || got.Days[0].Sales != 3 || got.Days[0].EUR != 3*1080 || len(got.Cities) != 2 || got.Cities[0].Name != "Fès" ||
		got.Cities[0].Merchants != 2 || got.Cities[0].Sales != 4 || len(got.Categories) != 2 || got.Categories[0].Merchants != 2 {
		t.Fatalf("sums %+v", got)
	}
	if empty, err := a.ProgrammeSums("2027-01-01", "2027-01-31"); err != nil || len(empty.Days)+len(empty.Cities)+len(empty.Categories) != 0 {
		t.Fatalf("a period without figures: %+v %v", empty, err)
	}
}

package storagetest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"hanout/pos"
	"hanout/sync/platform"
)

// users: a user belongs to an existing merchant, its email is unique
// ignoring case, and it is found again by email from the other handle.
func users(t *testing.T, a, b platform.Storage) {
	s := setup(t, a, "Coop", "STAND-1")
	u := platform.User{Merchant: s.M.ID, Name: "Fatima", Email: " Fatima@Example.MA ", Role: platform.RoleManager, PasswordHash: "$2a$10$x"}
	got, err := a.AddUser(u)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID == "" || got.Email != "fatima@example.ma" {
		t.Fatalf("added %+v", got)
	}
	again := u
	again.Email = "FATIMA@example.ma"
	if _, err := b.AddUser(again); !errors.Is(err, platform.ErrConflict) {
		t.Fatalf("same email twice: %v", err)
	}
	ghost := u
	ghost.Merchant, ghost.Email = "m-nobody", "x@example.ma"
	if _, err := a.AddUser(ghost); !errors.Is(err, platform.ErrNotFound) {
		t.Fatalf("user of no merchant: %v", err)
	}
	bad := u
	bad.Email, bad.Role = "y@example.ma", "owner"
	if _, err := a.AddUser(bad); !errors.Is(err, platform.ErrInvalid) {
		t.Fatalf("role owner: %v", err)
	}
	f, err := b.UserByEmail("fatima@EXAMPLE.ma")
	if err != nil || f.ID != got.ID || f.Merchant != s.M.ID || f.PasswordHash != u.PasswordHash || f.Role != platform.RoleManager {
		t.Fatalf("by email: %+v %v", f, err)
	}
	if _, err := b.UserByEmail("nobody@example.ma"); !errors.Is(err, platform.ErrNotFound) {
		t.Fatalf("unknown email: %v", err)
	}
}

// sessions: a session is found by hash until it expires or is deleted.
func sessions(t *testing.T, a, b platform.Storage) {
	s := setup(t, a, "Coop", "STAND-1")
	se := platform.Session{Hash: platform.Hash("secret"), User: "u-1", Merchant: s.M.ID, CSRF: "c", Expires: day.Add(time.Hour)}
	if err := a.AddSession(se); err != nil {
		t.Fatal(err)
	}
	got, err := b.Session(se.Hash, day)
	if err != nil || got.Merchant != s.M.ID || got.CSRF != "c" || got.User != "u-1" {
		t.Fatalf("session: %+v %v", got, err)
	}
	if _, err := b.Session(se.Hash, day.Add(time.Hour)); !errors.Is(err, platform.ErrNotFound) {
		t.Fatalf("expired session: %v", err)
	}
	if _, err := b.Session(platform.Hash("other"), day); !errors.Is(err, platform.ErrNotFound) {
		t.Fatalf("unknown session: %v", err)
	}
	if err := a.DeleteSession(se.Hash); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Session(se.Hash, day); !errors.Is(err, platform.ErrNotFound) {
		t.Fatalf("deleted session: %v", err)
	}
}

// figures: Ingest keeps each merchant's day with its tender split, once
// per document; Documents returns a merchant's sales of a period only.
func figures(t *testing.T, a, b platform.Storage) {
	s := setup(t, a, "Coop", "STAND-1")
	s2 := setup(t, a, "Other", "STAND-2")
	if err := a.SetPlace(s.M.ID, "Fès", "pottery"); err != nil {
		t.Fatal(err)
	}
	if err := a.SetPlace("m-nobody", "x", "y"); !errors.Is(err, platform.ErrNotFound) {
		t.Fatalf("place of no merchant: %v", err)
	}
	if m, err := b.Merchant(s.M.ID); err != nil || m.City != "Fès" || m.Category != "pottery" {
		t.Fatalf("merchant: %+v %v", m, err)
	}
	ms, err := b.Merchants()
	if err != nil || len(ms) != 2 {
		t.Fatalf("merchants: %+v %v", ms, err)
	}
	mixed := Sale("STAND-1", 2, "A", "B", "C")
	mixed.Doc.Tenders = []pos.Tender{
		{Kind: pos.TenderCash, Amount: 1000, Status: pos.StatusApproved},
		{Kind: pos.TenderCard, Amount: 1000, Status: pos.StatusApproved},
		{Kind: pos.TenderQRWallet, Amount: 1000, Status: pos.StatusUnverified, Reference: "r"},
		{Kind: pos.TenderCard, Amount: 3000, Status: pos.StatusRefused},
	}
	mixed = raw(mixed.Doc)
	next := Sale("STAND-1", 3, "A")
	next.Doc.Time = day.Add(24 * time.Hour)
	next = raw(next.Doc)
	docs := []platform.Doc{Sale("STAND-1", 1, "A"), mixed, next}
	for range 2 { // the second push stores nothing
		if _, err := a.Ingest(s.T, docs, day); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := b.Ingest(s2.T, []platform.Doc{Sale("STAND-2", 1, "Z")}, day); err != nil {
		t.Fatal(err)
	}
	fs, err := b.Figures("2026-05-01", "2026-05-01")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fs {
		got = append(got, fmt.Sprintf("%s %s %d/%d net %s cash %s card %s qr %s share %d", f.Day, map[string]string{s.M.ID: "coop", s2.M.ID: "other"}[f.Merchant],
			f.Sales, f.Refunds, f.Net.Decimal(), f.Cash.Decimal(), f.Card.Decimal(), f.QR.Decimal(), f.DigitalShare()))
	}
	want := []string{"2026-05-01 coop 2/0 net 40.00 cash 20.00 card 10.00 qr 10.00 share 5000", "2026-05-01 other 1/0 net 10.00 cash 10.00 card 0.00 qr 0.00 share 0"}
	if s.M.ID > s2.M.ID {
		want[0], want[1] = want[1], want[0]
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("figures\n%v\nwant\n%v", got, want)
	}
	if fs, err := b.Figures("2026-05-01", "2026-05-02"); err != nil || len(fs) != 3 {
		t.Fatalf("two days: %+v %v", fs, err)
	}
	ds, err := b.Documents(s.M.ID, day, day.Add(24*time.Hour))
	if err != nil || len(ds) != 2 {
		t.Fatalf("documents of the day: %d %v", len(ds), err)
	}
	qr := qrSale("STAND-1", 4, s.T.Installs[0]+"-r1", 2500)
	if _, err := a.Ingest(s.T, []platform.Doc{qr}, day); err != nil {
		t.Fatal(err)
	}
	if w, err := b.Watch(s.M.ID); err != nil || len(w.Awaiting) != 1 || w.Awaiting[0].Ref != s.T.Installs[0]+"-r1" {
		t.Fatalf("watch: %+v %v", w, err)
	}
	if w, err := b.Watch(s2.M.ID); err != nil || len(w.Awaiting) != 0 {
		t.Fatalf("the other merchant's watch: %+v %v", w, err)
	}
	if _, err := b.Watch("m-nobody"); !errors.Is(err, platform.ErrNotFound) {
		t.Fatalf("watch of no merchant: %v", err)
	}
	if _, err := b.Documents("m-nobody", day, day.Add(time.Hour)); !errors.Is(err, platform.ErrNotFound) {
		t.Fatalf("documents of no merchant: %v", err)
	}
}

// webPages: the merchant's and the programme's pages compute the same
// figures from any storage.
func webPages(t *testing.T, a, b platform.Storage) {
	s := setup(t, a, "Coop", "STAND-1")
	if err := a.SetPlace(s.M.ID, "Safi", "poterie"); err != nil {
		t.Fatal(err)
	}
	card := Sale("STAND-1", 2, "B", "C")
	card.Doc.Time = day.Add(5 * time.Hour)
	card.Doc.Tenders = []pos.Tender{{Kind: pos.TenderCard, Amount: card.Doc.Total, Status: pos.StatusApproved}}
	card = raw(card.Doc)
	if _, err := a.Ingest(s.T, []platform.Doc{Sale("STAND-1", 1, "A"), card}, day); err != nil {
		t.Fatal(err)
	}
	if err := b.Touch(s.T.ID, 0, day); err != nil {
		t.Fatal(err)
	}
	ms, err := platform.Stats(b, s.M.ID, day, day, pos.FR)
	if err != nil {
		t.Fatal(err)
	}
	if ms.Sum.Sales != 2 || ms.Sum.Net != 3000 || ms.Hours[11].Net != 1000 || ms.Hours[16].Net != 2000 || ms.Heat[day.Weekday()][16] != 1 ||
		len(ms.Products) != 3 || len(ms.Tills) != 1 || ms.Tenders[1].Kind != "card" || ms.Tenders[1].Share != 6666 {
		t.Fatalf("merchant stats: %+v", ms)
	}
	p, err := platform.ProgrammeFigures(b, day.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if p.Adoption.Merchants != 1 || p.TillsEnrolled != 1 || p.Active7 != 1 || p.Total.Net != 3000 || p.Total.DigitalShare() != 6666 ||
		len(p.Cities) != 1 || p.Cities[0].Name != "Safi" || p.Cities[0].Merchants != 1 || len(p.Weeks) != 1 || p.Last30[29].Sales != 2 {
		t.Fatalf("programme: %+v", p)
	}
}

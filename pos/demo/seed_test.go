package demo

import (
	"testing"
	"time"

	"hanout/pos"
	"hanout/pos/store"
)

func init() { pos.PINCost = 4 }

// seeded is a new store of terminal STAND-1 with the demo seeded by o,
// closed when the test ends.
func seeded(t *testing.T, o Options) *store.Store {
	t.Helper()
	s, err := store.Open(t.TempDir(), store.Options{Terminal: "STAND-1"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := Seed(s, o); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSeedRingsUpConsistentDays(t *testing.T) {
	s, err := store.Open(t.TempDir(), store.Options{Terminal: "STAND-1"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.Local)
	n, err := Seed(s, Options{Days: 5, Seed: 7, Now: now, OpenToday: true})
	if err != nil {
		t.Fatal(err)
	}
	if n < 50 {
		t.Fatalf("only %d sales in 5 days", n)
	}
	if len(Products()) < 55 {
		t.Fatalf("%d products", len(Products()))
	}
	for _, p := range Products() {
		if err := p.Validate(); err != nil {
			t.Errorf("%s: %v", p.SKU, err)
		}
	}
	if _, err := s.Verify(); err != nil {
		t.Fatal(err)
	}
	zs, err := s.ZReports("2026-11-25")
	if err != nil || len(zs) != 1 || zs[0].Sales == 0 || zs[0].Counted == 0 {
		t.Fatalf("z for 25th: %+v %v", zs, err)
	}
	if s.OpenShift() == "" {
		t.Fatal("no shift open today")
	}
	if _, err := pos.Authorize(mustUsers(t, s), ManagerPIN, pos.RoleManager); err != nil {
		t.Fatal(err)
	}
	// Same seed, same sales.
	s2, _ := store.Open(t.TempDir(), store.Options{Terminal: "STAND-1"})
	defer s2.Close()
	n2, _ := Seed(s2, Options{Days: 5, Seed: 7, Now: now})
	a, _ := s.Days("", "2026-11-27")
	b, _ := s2.Days("", "2026-11-27")
	if n2 != n || len(a) != len(b) {
		t.Fatalf("seed not reproducible: %d vs %d", n, n2)
	}
	for i := range a {
		same := a[i].Total == b[i].Total && a[i].Kind == b[i].Kind && len(a[i].Tenders) == len(b[i].Tenders)
		for j := 0; same && j < len(a[i].Tenders); j++ {
			same = a[i].Tenders[j] == b[i].Tenders[j]
		}
		if !same {
			t.Fatalf("document %d differs: %+v vs %+v", i, a[i], b[i])
		}
	}
	// A store with a journal is never seeded again.
	if _, err := Seed(s, Options{Days: 1}); pos.KeyOf(err) != "demo.not_empty" {
		t.Fatalf("reseed: %v", err)
	}
}

func mustUsers(t *testing.T, s *store.Store) []pos.User {
	u, err := s.Users()
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestBarcodeIsValidEAN13(t *testing.T) {
	if got := barcode(1); got != "6110000000017" {
		t.Fatalf("barcode(1) = %s", got)
	}
}

func TestPieces(t *testing.T) {
	p := Pieces(38770)
	if p[20000] != 1 || p[10000] != 1 || p[5000] != 1 || p[2000] != 1 || p[500] != 1 || p[200] != 1 || p[50] != 1 || p[20] != 1 {
		t.Fatalf("%v", p)
	}
}

// The demo's tourists: rates set (a journal event), euros with change in
// dirhams, dollars with the rest by card, and each close counting the
// foreign notes it expects.
func TestSeedHasEurosAndDollars(t *testing.T) {
	s := seeded(t, Options{Days: 4, Seed: 3, Now: time.Date(2026, 11, 28, 12, 0, 0, 0, time.Local)})
	if r, err := s.Rates(); err != nil || r != Rates {
		t.Fatalf("rates %+v %v", r, err)
	}
	docs, _ := s.Days("", "")
	kinds := map[pos.TenderKind]int{}
	closes := 0
	for _, d := range docs {
		for _, td := range d.Tenders {
			kinds[td.Kind]++
		}
		if d.Kind == pos.KindShiftClose {
			closes++
			z, err := s.ShiftReport(d.Shift)
			if err != nil {
				t.Fatal(err)
			}
			if len(z.Foreign) == 0 {
				t.Errorf("shift %s: no foreign notes", d.Shift)
			}
			for _, fc := range z.Foreign {
				if fc.Expected == 0 || fc.Variance != 0 {
					t.Errorf("shift %s: %+v", d.Shift, fc)
				}
			}
		}
	}
	if closes != 4 || kinds[pos.TenderCashEUR] != 4 || kinds[pos.TenderCashUSD] < 1 {
		t.Fatalf("closes %d tenders %v", closes, kinds)
	}
	if _, err := s.Verify(); err != nil {
		t.Fatal(err)
	}
}

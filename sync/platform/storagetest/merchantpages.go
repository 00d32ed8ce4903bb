package storagetest

import (
	"fmt"
	"testing"

	"hanout/sync/platform"
)

// merchantPages: the merchants a page at a time by id, forward and
// backward, from either handle; a merchant added between two pages
// neither repeats nor hides one already there; the search keeps those
// whose name, city or category contains it, ignoring case.
func merchantPages(t *testing.T, a, b platform.Storage) {
	if ms, err := b.MerchantPage(platform.MerchantQuery{Limit: 3}); err != nil || len(ms) != 0 {
		t.Fatalf("no merchants: %v %v", ms, err)
	}
	for i := 0; i < 7; i++ {
		m, err := a.AddMerchant(fmt.Sprintf("Coop %d", i))
		if err != nil {
			t.Fatal(err)
		}
		city, cat := "Fès", "poterie"
		if i%2 == 1 {
			city, cat = "Safi", "Tapis"
		}
		if err := a.SetPlace(m.ID, city, cat); err != nil {
			t.Fatal(err)
		}
	}
	want, err := a.Merchants()
	if err != nil || len(want) != 7 {
		t.Fatalf("merchants: %v %v", want, err)
	}
	ids := func(ms []platform.Merchant) (out []string) {
		for _, m := range ms {
			out = append(out, m.ID)
		}
		return out
	}
	page := func(q platform.MerchantQuery) []platform.Merchant {
		t.Helper()
		ms, err := b.MerchantPage(q)
		if err != nil {
			t.Fatal(err)
		}
		return ms
	}
	same := func(what string, got, want []platform.Merchant) {
		t.Helper()
		if fmt.Sprint(ids(got)) != fmt.Sprint(ids(want)) {
			t.Fatalf("%s: %v, want %v", what, ids(got), ids(want))
		}
	}
	same("exactly one page", page(platform.MerchantQuery{Limit: 7}), want)
	same("more than asked", page(platform.MerchantQuery{Limit: 100}), want)
	p1 := page(platform.MerchantQuery{Limit: 3})
	same("first page", p1, want[:3])
	if p1[0].City != "Fès" && p1[0].City != "Safi" || p1[0].Name == "" {
		t.Fatalf("page row: %+v", p1[0])
	}
	p2 := page(platform.MerchantQuery{After: p1[2].ID, Limit: 3})
	same("second page", p2, want[3:6])
	same("last page", page(platform.MerchantQuery{After: p2[2].ID, Limit: 3}), want[6:])
	same("after the last", page(platform.MerchantQuery{After: want[6].ID, Limit: 3}), nil)
	same("back from the last", page(platform.MerchantQuery{Before: want[6].ID, Limit: 3}), want[3:6])
	same("back from the second", page(platform.MerchantQuery{Before: p2[0].ID, Limit: 3}), want[:3])
	same("back short", page(platform.MerchantQuery{Before: want[1].ID, Limit: 3}), want[:1])
	same("before the first", page(platform.MerchantQuery{Before: want[0].ID, Limit: 3}), nil)
	same("after a gone key", page(platform.MerchantQuery{After: want[2].ID + "0", Limit: 2}), want[3:5])

	// A merchant added while someone reads page one: the next pages
	// hold every merchant not yet seen, each once.
	added, err := a.AddMerchant("Coop added")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, m := range p1 {
		seen[m.ID]++
	}
	for q := (platform.MerchantQuery{After: p1[2].ID, Limit: 3}); ; {
		ms := page(q)
		for _, m := range ms {
			seen[m.ID]++
		}
		if len(ms) < 3 {
			break
		}
		q.After = ms[2].ID
	}
	for _, m := range want {
		if seen[m.ID] != 1 {
			t.Fatalf("merchant %s seen %d times across the pages: %v", m.ID, seen[m.ID], seen)
		}
	}
	if added.ID > p1[2].ID && seen[added.ID] != 1 {
		t.Fatalf("merchant added after page one's end not on a later page: %v", seen)
	}

	// The search: name, city or category, a part of it, any case.
	same("city", page(platform.MerchantQuery{Search: "fès", Limit: 100}), pick(want, func(m platform.Merchant) bool { return m.City == "Fès" }))
	same("category, capitals", page(platform.MerchantQuery{Search: "TAP", Limit: 100}), pick(want, func(m platform.Merchant) bool { return m.City == "Safi" }))
	same("name", page(platform.MerchantQuery{Search: "coop 4", Limit: 100}), pick(want, func(m platform.Merchant) bool { return m.Name == "Coop 4" }))
	same("nothing", page(platform.MerchantQuery{Search: "zz%_", Limit: 100}), nil)
	fes := pick(want, func(m platform.Merchant) bool { return m.City == "Fès" })
	s1 := page(platform.MerchantQuery{Search: " Fès ", Limit: 2})
	same("search first page", s1, fes[:2])
	same("search next page", page(platform.MerchantQuery{Search: "Fès", After: s1[1].ID, Limit: 2}), fes[2:4])
	same("search back", page(platform.MerchantQuery{Search: "Fès", Before: fes[3].ID, Limit: 2}), fes[1:3])
	if _, err := b.MerchantPage(platform.MerchantQuery{Search: string(make([]rune, 10000)), Limit: -1}); err != nil {
		t.Fatalf("a long search and no limit: %v", err)
	}
}

func pick(ms []platform.Merchant, keep func(platform.Merchant) bool) (out []platform.Merchant) {
	for _, m := range ms {
		if keep(m) {
			out = append(out, m)
		}
	}
	return out
}

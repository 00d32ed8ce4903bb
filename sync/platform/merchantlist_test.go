package platform_test

import (
	"encoding/csv"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"hanout/sync/platform"
	"hanout/sync/platform/boltstore"
)

var (
	rowRE  = regexp.MustCompile(`<tr><td><a href="/m/([^"]+)">`)
	nextRE = regexp.MustCompile(`rel="next" href="([^"#]+)#merchants"`)
	prevRE = regexp.MustCompile(`rel="prev" href="([^"#]+)#merchants"`)
)

// listed is the merchants a programme page lists, and its page links.
func listed(t *testing.T, b *browser, path string) (ids []string, prev, next string, page string) {
	t.Helper()
	c, page, _ := b.get(path)
	if c != http.StatusOK {
		t.Fatalf("%s: %d", path, c)
	}
	for _, m := range rowRE.FindAllStringSubmatch(page, -1) {
		ids = append(ids, m[1])
	}
	if m := prevRE.FindStringSubmatch(page); m != nil {
		prev = html.UnescapeString(m[1])
	}
	if m := nextRE.FindStringSubmatch(page); m != nil {
		next = html.UnescapeString(m[1])
	}
	return ids, prev, next, page
}

func addMerchants(t *testing.T, st platform.Storage, n int, city string) {
	t.Helper()
	for i := 0; i < n; i++ {
		m, err := st.AddMerchant(fmt.Sprintf("Stall %03d", i))
		if err != nil {
			t.Fatal(err)
		}
		if err := st.SetPlace(m.ID, city, "cuir"); err != nil {
			t.Fatal(err)
		}
	}
}

// No merchant at all: the page says so, with no page links.
func TestProgrammeListEmpty(t *testing.T) {
	st, err := boltstore.Open(t.TempDir(), boltstore.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &webFix{t: t, st: st}
	f.srv = httptest.NewServer((&platform.Server{Store: st, AdminToken: "adm-token-xyz", Now: func() time.Time { return webNow }}).Handler())
	t.Cleanup(f.srv.Close)
	b := f.browser()
	b.login(platform.AdminLogin, "adm-token-xyz")
	ids, prev, next, page := listed(t, b, "/?lang=en")
	if len(ids) != 0 || prev != "" || next != "" || strings.Contains(page, `class="pager"`) {
		t.Fatalf("empty list: %v %q %q", ids, prev, next)
	}
	contains(t, page, "Nothing to report.")
	if c, body, _ := b.get("/merchants.csv"); c != http.StatusOK || body != "merchant,name,city,category,created\n" {
		t.Fatalf("empty csv: %d %q", c, body)
	}
}

// Exactly one page, then one more merchant: two pages, there and back,
// and a merchant added between two pages neither repeats nor hides one.
func TestProgrammeListPages(t *testing.T) {
	f := newWebFix(t, false)
	addMerchants(t, f.st, platform.MerchantsPerPage-2, "Salé")
	b := f.browser()
	b.login(platform.AdminLogin, "adm-token-xyz")
	ids, prev, next, _ := listed(t, b, "/?lang=fr")
	if len(ids) != platform.MerchantsPerPage || prev != "" || next != "" {
		t.Fatalf("exactly one page: %d rows, prev %q next %q", len(ids), prev, next)
	}
	addMerchants(t, f.st, 1, "Salé")
	all, err := f.st.Merchants()
	if err != nil {
		t.Fatal(err)
	}
	ids, prev, next, page := listed(t, b, "/?lang=fr")
	if len(ids) != platform.MerchantsPerPage || prev != "" || next == "" {
		t.Fatalf("first of two pages: %d rows, prev %q next %q", len(ids), prev, next)
	}
	contains(t, page, "Suivants →")
	first := ids
	// Added while the first page is read: wherever its id falls, the
	// second page holds every merchant the first did not.
	addMerchants(t, f.st, 1, "Salé")
	all2, _ := f.st.Merchants()
	ids2, prev2, next2, _ := listed(t, b, next)
	if prev2 == "" || next2 != "" {
		t.Fatalf("last page: prev %q next %q", prev2, next2)
	}
	seenOnceAcrossPages(t, all, all2, first, ids2)
	back, _, nextB, _ := listed(t, b, prev2)
	if len(back) != platform.MerchantsPerPage || back[len(back)-1] >= ids2[0] || nextB == "" {
		t.Fatalf("back to the first page: %d rows, next %q", len(back), nextB)
	}
	csvListsAll(t, b, all2)
	// Not the admin: no list, no CSV.
	own := f.browser()
	own.login(f.u1.Email, webPassword)
	if c, body, _ := own.get("/merchants.csv"); c != http.StatusNotFound || strings.Contains(body, "Stall") {
		t.Fatalf("a merchant's manager asks for the list: %d", c)
	}
}

// seenOnceAcrossPages: across the first page and the second, every
// merchant there before (all) is listed once; one added between the two
// reads (in all2, not in all) is listed once if its id falls after the
// first page, and not at all if before.
func seenOnceAcrossPages(t *testing.T, all, all2 []platform.Merchant, first, second []string) {
	seen := map[string]int{}
	for _, id := range append(append([]string{}, first...), second...) {
		seen[id]++
	}
	was := map[string]bool{}
	for _, m := range all {
		was[m.ID] = true
	}
	for _, m := range all2 {
		if want := map[bool]int{true: 1}[m.ID > first[len(first)-1]]; !was[m.ID] && seen[m.ID] != want {
			t.Fatalf("merchant %s added between pages seen %d times, want %d", m.ID, seen[m.ID], want)
		}
	}
	for _, m := range all {
		if seen[m.ID] != 1 {
			t.Fatalf("merchant %s seen %d times", m.ID, seen[m.ID])
		}
	}
}

// csvListsAll: the whole list as CSV, every merchant once, by id.
func csvListsAll(t *testing.T, b *browser, all []platform.Merchant) {
	c, body, h := b.get("/merchants.csv")
	if c != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %s", c, h.Get("Content-Type"))
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(rows) != len(all)+1 {
		t.Fatalf("csv: %d rows, want %d: %v", len(rows), len(all)+1, err)
	}
	for i, m := range all {
		if rows[i+1][0] != m.ID || rows[i+1][1] != m.Name {
			t.Fatalf("csv row %d: %v, want %s", i+1, rows[i+1], m.ID)
		}
	}
}

// The search keeps a city, a craft or a name, any case, and pages with
// the search kept in the links; in Arabic the page is right to left.
func TestProgrammeListSearchAndArabic(t *testing.T) {
	f := newWebFix(t, false)
	addMerchants(t, f.st, platform.MerchantsPerPage+3, "Tanger")
	b := f.browser()
	b.login(platform.AdminLogin, "adm-token-xyz")
	ids, _, next, page := listed(t, b, "/?lang=ar&q=F%C3%88S")
	if len(ids) != 1 || ids[0] != f.m1.ID || next != "" {
		t.Fatalf("search Fès: %v %q", ids, next)
	}
	contains(t, page, `dir="rtl"`, "عرض الكل", `value="FÈS"`)
	if ids, _, _, _ := listed(t, b, "/?q=TAPIS"); len(ids) != 1 || ids[0] != f.m2.ID {
		t.Fatalf("search tapis: %v", ids)
	}
	ids, _, _, page = listed(t, b, "/?q=zzz")
	if len(ids) != 0 {
		t.Fatalf("search zzz: %v", ids)
	}
	contains(t, page, "لا يوجد تاجر يطابق هذا البحث.")
	ids, _, next, page = listed(t, b, "/?q=tanger")
	if len(ids) != platform.MerchantsPerPage || !strings.Contains(next, "q=tanger") {
		t.Fatalf("search tanger: %d rows, next %q", len(ids), next)
	}
	contains(t, page, "التالي ←", `aria-label="صفحات القائمة"`)
	ids2, prev, _, page := listed(t, b, next)
	if len(ids2) != 3 || !strings.Contains(prev, "q=tanger") {
		t.Fatalf("search tanger, page 2: %v, prev %q", ids2, prev)
	}
	contains(t, page, "→ السابق", "/merchants.csv?q=tanger")
	_, body, _ := b.get("/merchants.csv?q=tanger")
	if rows, _ := csv.NewReader(strings.NewReader(body)).ReadAll(); len(rows) != platform.MerchantsPerPage+4 {
		t.Fatalf("csv of the search: %d rows", len(rows))
	}
	// Junk in the query is a page, not an error.
	for _, q := range []string{"/?q=%00%ff", "/?after=%00", "/?before=zzzz&q=" + strings.Repeat("x", 5000)} {
		if c, _, _ := b.get(q); c != http.StatusOK {
			t.Fatalf("%s: %d", q, c)
		}
	}
}

// The CSV holds more merchants than one read of the store returns.
func TestProgrammeListCSVStreamsEveryPage(t *testing.T) {
	f := newWebFix(t, false)
	addMerchants(t, f.st, platform.MaxMerchantPage, "Rabat")
	b := f.browser()
	b.login(platform.AdminLogin, "adm-token-xyz")
	_, body, _ := b.get("/merchants.csv")
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(rows) != platform.MaxMerchantPage+3 {
		t.Fatalf("csv: %d rows, want %d: %v", len(rows), platform.MaxMerchantPage+3, err)
	}
	seen := map[string]bool{}
	for i, r := range rows[1:] {
		if seen[r[0]] || i > 0 && r[0] <= rows[i][0] {
			t.Fatalf("row %d: %v after %v", i+1, r, rows[i])
		}
		seen[r[0]] = true
	}
}

package platform_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"hanout/pos"
	"hanout/sync/platform"
	"hanout/sync/platform/boltstore"
)

// Password hashing at its real cost would make these tests slow, the
// more so under the race detector.
func init() { platform.BcryptCost = bcrypt.MinCost }

// webNow is the platform's clock in the web tests: a Saturday afternoon.
var webNow = time.Date(2026, 11, 28, 17, 0, 0, 0, time.UTC)

const webPassword = "sel-et-safran-2026"

// webFix is a platform with two merchants, each with a till, a manager
// and a week of sales, served on 127.0.0.1 with a fixed clock.
type webFix struct {
	t      testing.TB
	st     platform.Storage
	srv    *httptest.Server
	m1, m2 platform.Merchant
	u1, u2 platform.User // managers of m1 and m2
}

func newWebFix(t testing.TB, tls bool) *webFix { t.Helper(); return newWebFixClock(t, tls, webNow) }

// newWebFixAt is the fixture with the platform's clock at now.
func newWebFixAt(t testing.TB, now time.Time) *webFix {
	t.Helper()
	return newWebFixClock(t, false, now)
}

func newWebFixClock(t testing.TB, tls bool, now time.Time) *webFix {
	t.Helper()
	st, err := boltstore.Open(t.TempDir(), boltstore.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &webFix{t: t, st: st}
	f.m1, f.u1 = seedMerchant(t, st, "Coopérative Fès Poterie", "Fès", "poterie", "fatima@coop-fes.ma", "FES-1", 0)
	f.m2, f.u2 = seedMerchant(t, st, "Tapis de Taznakht", "Ouarzazate", "tapis", "omar@taznakht.ma", "TAZ-1", 1)
	h := (&platform.Server{Store: st, AdminToken: "adm-token-xyz", Now: func() time.Time { return now }}).Handler()
	if tls {
		f.srv = httptest.NewTLSServer(h)
	} else {
		f.srv = httptest.NewServer(h)
	}
	t.Cleanup(f.srv.Close)
	return f
}

func seedMerchant(t testing.TB, st platform.Storage, name, city, craft, email, till string, variant int) (platform.Merchant, platform.User) {
	t.Helper()
	m, err := st.AddMerchant(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetPlace(m.ID, city, craft); err != nil {
		t.Fatal(err)
	}
	m.City, m.Category = city, craft
	tm, code, err := st.AddTerminal(m.ID, till)
	if err != nil {
		t.Fatal(err)
	}
	tm, err = st.Enroll(platform.Enrollment{CodeHash: platform.Hash(code), TokenHash: platform.Hash("tok-" + till), Install: "inst" + till}, webNow.Add(-10*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Touch(tm.ID, uint64(variant*3), webNow.Add(-time.Duration(variant+1)*time.Hour)); err != nil {
		t.Fatal(err)
	}
	hash, err := platform.HashPassword(webPassword)
	if err != nil {
		t.Fatal(err)
	}
	u, err := st.AddUser(platform.User{Merchant: m.ID, Name: "Manager " + till, Email: email, Role: platform.RoleManager, PasswordHash: hash})
	if err != nil {
		t.Fatal(err)
	}
	products := []pos.Line{
		{SKU: "TAJ-01", Name: pos.Names{FR: "Tajine peint", AR: "طاجين مزخرف", EN: "Painted tajine"}, Price: 25000},
		{SKU: "BOL-02", Name: pos.Names{FR: "Bol émaillé", AR: "زبدية مزججة", EN: "Glazed bowl"}, Price: 6000},
		{SKU: "PLA-03", Name: pos.Names{FR: "Plat à couscous", AR: "قصعة الكسكس", EN: "Couscous dish"}, Price: 42000},
	}
	kinds := []pos.TenderKind{pos.TenderCash, pos.TenderCard, pos.TenderCash, pos.TenderQRWallet, pos.TenderCash, pos.TenderAccount, pos.TenderCashEUR, pos.TenderCard, pos.TenderCashUSD}
	var docs []platform.Doc
	seq := uint64(0)
	for day := 6; day >= 0; day-- {
		for k := 0; k < 3+((day+variant)%4); k++ {
			seq++
			hour := 9 + (k*3+day+variant)%9
			when := webNow.Truncate(24 * time.Hour).Add(-time.Duration(day)*24*time.Hour + time.Duration(hour)*time.Hour + time.Duration(k)*time.Minute)
			if when.After(webNow) {
				when = webNow.Add(-time.Duration(k+1) * time.Minute)
			}
			l := products[(k+day)%len(products)]
			l.Qty = int64(1 + k%2)
			l.Total = l.Price * pos.Money(l.Qty)
			tn := pos.Tender{Kind: kinds[(int(seq)+variant)%len(kinds)], Amount: l.Total, Status: pos.StatusApproved}
			switch tn.Kind {
			case pos.TenderCashEUR:
				tn.Currency, tn.Rate = "EUR", 108000
			case pos.TenderCashUSD:
				tn.Currency, tn.Rate = "USD", 99000
			}
			if tn.Rate != 0 {
				tn.Foreign = l.Total * pos.RateScale / pos.Money(tn.Rate)
			}
			d := &pos.Document{ID: pos.NewID(), Kind: pos.KindSale, Terminal: till, Receipt: seq, Seq: seq, Time: when, Cashier: "Aicha",
				Lines: []pos.Line{l}, Total: l.Total, Tenders: []pos.Tender{tn}}
			if tn.Kind == pos.TenderAccount {
				d.Customer = "c-hassan"
			}
			b, _ := json.Marshal(d)
			docs = append(docs, platform.Doc{Raw: b, Doc: d})
		}
	}
	if _, err := st.Ingest(tm, docs, webNow); err != nil {
		t.Fatal(err)
	}
	return m, u
}

// browser is an HTTP client with its own cookies that never follows
// redirects.
type browser struct {
	t    testing.TB
	f    *webFix
	c    *http.Client
	lang string
}

func (f *webFix) browser() *browser {
	jar, _ := cookiejar.New(nil)
	c := new(http.Client)
	*c = *f.srv.Client() // a copy: each browser its own cookies
	c.Jar = jar
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &browser{t: f.t, f: f, c: c}
}

func (b *browser) get(path string) (int, string, http.Header) {
	b.t.Helper()
	req, _ := http.NewRequest("GET", b.f.srv.URL+path, nil)
	if b.lang != "" {
		req.Header.Set("Accept-Language", b.lang)
	}
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body), res.Header
}

func (b *browser) post(path string, form url.Values) (int, string, http.Header) {
	b.t.Helper()
	res, err := b.c.PostForm(b.f.srv.URL+path, form)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body), res.Header
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func csrfOf(t testing.TB, page string) string {
	t.Helper()
	m := csrfRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no CSRF token in the page:\n%s", page)
	}
	return m[1]
}

// login logs in through the form and returns where it redirects.
func (b *browser) login(email, password string) (int, string) {
	b.t.Helper()
	_, page, _ := b.get("/login")
	c, _, h := b.post("/login", url.Values{"email": {email}, "password": {password}, "csrf": {csrfOf(b.t, page)}})
	return c, h.Get("Location")
}

func contains(t testing.TB, page string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(page, w) {
			t.Errorf("the page lacks %q", w)
		}
	}
}

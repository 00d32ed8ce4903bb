package platform_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"hanout/sync/platform"
	"hanout/sync/platform/boltstore"
)

// FuzzWebInputs feeds arbitrary Accept-Language headers, periods and
// login forms to the web pages: never a 5xx, never a panic, never a
// session for a form without its token.
func FuzzWebInputs(f *testing.F) {
	f.Add("fr-FR,fr;q=0.9,ar;q=0.8", "2026-11-01", "2026-11-28", "email=a%40b.ma&password=x&csrf=y")
	f.Add("ar;q=abc, en;q=1.5, *", "0000-01-01", "9999-12-31", "email=admin&password=adm")
	f.Add("", "2026-02-30", "", "%zz")
	f.Add(strings.Repeat("fr,", 500), "2026-11-28", "1900-01-01", strings.Repeat("a=b&", 2000))
	st, err := boltstore.Open(f.TempDir(), boltstore.Options{NoSync: true})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { st.Close() })
	m, _ := st.AddMerchant("Coop")
	h := (&platform.Server{Store: st, AdminToken: "adm", Now: func() time.Time { return webNow }}).Handler()
	f.Fuzz(func(t *testing.T, lang, from, to, form string) {
		req := httptest.NewRequest("GET", "/m/"+m.ID+"?"+url.Values{"from": {from}, "to": {to}}.Encode(), nil)
		req.Header.Set("Accept-Language", lang)
		req.SetBasicAuth("admin", "adm")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			t.Fatalf("merchant page for %q %q %q: %d", lang, from, to, rec.Code)
		}
		req = httptest.NewRequest("POST", "/login", strings.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept-Language", lang)
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 || rec.Code == http.StatusSeeOther || strings.Contains(rec.Header().Get("Set-Cookie"), "hanout_session=") {
			t.Fatalf("login form %q: %d %v", form, rec.Code, rec.Header()["Set-Cookie"])
		}
	})
}

// FuzzUsersForm posts arbitrary forms to a merchant's users page as its
// manager: never a 5xx or a panic, a user added only with a redirect, and
// only as a manager or an accountant of that merchant.
func FuzzUsersForm(f *testing.F) {
	f.Add("name=Zineb&email=z%40coop.ma&role=accountant&password=un+long+mot+de+passe")
	f.Add("name=&email=&role=owner&password=")
	f.Add("name=" + strings.Repeat("x", 300) + "&email=%00%40x&role=manager&password=" + strings.Repeat("é", 80))
	f.Add("%zz&role=manager&role=accountant")
	st, err := boltstore.Open(f.TempDir(), boltstore.Options{NoSync: true})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { st.Close() })
	m, _ := st.AddMerchant("Coop")
	hash, _ := platform.HashPassword("sel-et-safran-2026")
	u, err := st.AddUser(platform.User{Merchant: m.ID, Name: "Fatima", Email: "fatima@coop.ma", Role: platform.RoleManager, PasswordHash: hash})
	if err != nil {
		f.Fatal(err)
	}
	if err := st.AddSession(platform.Session{Hash: platform.Hash("fuzz-session"), User: u.ID, Name: u.Name, Merchant: m.ID, Role: u.Role, CSRF: "tok", Expires: webNow.Add(time.Hour)}); err != nil {
		f.Fatal(err)
	}
	h := (&platform.Server{Store: st, AdminToken: "adm", Now: func() time.Time { return webNow }}).Handler()
	f.Fuzz(func(t *testing.T, form string) {
		before, _ := st.Users(m.ID)
		req := httptest.NewRequest("POST", "/m/"+m.ID+"/users", strings.NewReader(form+"&csrf=tok"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: "hanout_session", Value: "fuzz-session"})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		after, _ := st.Users(m.ID)
		if rec.Code >= 500 || (rec.Code == http.StatusSeeOther) != (len(after) == len(before)+1) || len(after) < len(before) {
			t.Fatalf("form %q: %d, %d users then %d", form, rec.Code, len(before), len(after))
		}
		for _, x := range after {
			if x.Merchant != m.ID || (x.Role != platform.RoleManager && x.Role != platform.RoleAccountant) {
				t.Fatalf("form %q added %+v", form, x)
			}
		}
	})
}

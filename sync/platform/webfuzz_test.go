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

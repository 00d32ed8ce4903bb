package platform_test

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"hanout/pos"
	"hanout/pos/export"
	"hanout/sync/platform"
)

// merchantPaths are every page and CSV of a merchant.
func merchantPaths(id string) []string {
	p := "/m/" + id
	out := []string{p, p + "?from=2026-11-01&to=2026-11-28", p + "/sales.csv", p + "/sales.csv?from=2026-11-28&to=2026-11-28"}
	for _, t := range []string{"days", "hours", "tenders", "products", "tills", "awaiting", "oversells", "conflicts", "accounts", "artisans"} {
		out = append(out, p+"/"+t+".csv")
	}
	return out
}

// The attack: another merchant's user, and nobody, ask for every page
// and CSV of a merchant.
func TestMerchantPagesAreTheMerchantsOwn(t *testing.T) {
	f := newWebFix(t, false)
	anon := f.browser()
	other := f.browser()
	if c, loc := other.login(f.u2.Email, webPassword); c != http.StatusSeeOther || loc != "/m/"+f.m2.ID {
		t.Fatalf("login of the other merchant's manager: %d %s", c, loc)
	}
	own := f.browser()
	own.login(f.u1.Email, webPassword)
	admin := f.browser()
	if c, loc := admin.login(platform.AdminLogin, "adm-token-xyz"); c != http.StatusSeeOther || loc != "/" {
		t.Fatalf("admin login: %d %s", c, loc)
	}
	for _, p := range merchantPaths(f.m1.ID) {
		if c, body, _ := other.get(p); c != http.StatusNotFound || strings.Contains(body, f.m1.Name) || strings.Contains(body, "TAJ-01") {
			t.Errorf("%s with another merchant's session: %d", p, c)
		}
		if c, _, h := anon.get(p); c != http.StatusSeeOther || h.Get("Location") != "/login" {
			t.Errorf("%s without a session: %d %q", p, c, h.Get("Location"))
		}
		if c, _, _ := own.get(p); c != http.StatusOK {
			t.Errorf("%s with its own manager's session: %d", p, c)
		}
		if c, _, _ := admin.get(p); c != http.StatusOK {
			t.Errorf("%s as the admin: %d", p, c)
		}
	}
	// A merchant that does not exist answers the same as another's.
	for _, p := range merchantPaths("m-nobody") {
		if c, _, _ := other.get(p); c != http.StatusNotFound {
			t.Errorf("%s: %d", p, c)
		}
	}
	// The programme and the operations board are the admin's.
	if c, _, h := own.get("/"); c != http.StatusSeeOther || h.Get("Location") != "/m/"+f.m1.ID {
		t.Errorf("/ for a merchant's user: %d %s", c, h.Get("Location"))
	}
	if c, _, _ := own.get("/ops"); c != http.StatusNotFound {
		t.Errorf("/ops for a merchant's user: %d", c)
	}
	if c, _, _ := admin.get("/"); c != http.StatusOK {
		t.Errorf("/ as the admin: %d", c)
	}
	// A cookie that is not a session is no session.
	forged := f.browser()
	u, _ := url.Parse(f.srv.URL)
	forged.c.Jar.SetCookies(u, []*http.Cookie{{Name: "hanout_session", Value: platform.Hash("x")}})
	if c, _, _ := forged.get("/m/" + f.m1.ID); c != http.StatusSeeOther {
		t.Errorf("forged session cookie: %d", c)
	}
}

func TestFormsWithoutTheirCSRFTokenAreRefused(t *testing.T) {
	f := newWebFix(t, false)
	b := f.browser()
	b.get("/login")
	c, _, h := b.post("/login", url.Values{"email": {f.u1.Email}, "password": {webPassword}})
	if c != http.StatusForbidden || strings.Contains(h.Get("Set-Cookie"), "hanout_session=") {
		t.Fatalf("login without its token: %d %v", c, h["Set-Cookie"])
	}
	c, _, _ = b.post("/login", url.Values{"email": {f.u1.Email}, "password": {webPassword}, "csrf": {"forged"}})
	if c != http.StatusForbidden {
		t.Fatalf("login with a forged token: %d", c)
	}
	if c, _ := b.login(f.u1.Email, webPassword); c != http.StatusSeeOther {
		t.Fatalf("login: %d", c)
	}
	_, page, _ := b.get("/m/" + f.m1.ID)
	if c, _, _ := b.post("/logout", url.Values{}); c != http.StatusForbidden {
		t.Fatalf("logout without its token: %d", c)
	}
	if c, _, _ := b.get("/m/" + f.m1.ID); c != http.StatusOK {
		t.Fatalf("the session did not survive a logout without token: %d", c)
	}
	if c, _, h := b.post("/logout", url.Values{"csrf": {csrfOf(t, page)}}); c != http.StatusSeeOther || h.Get("Location") != "/login" {
		t.Fatalf("logout: %d", c)
	}
	if c, _, _ := b.get("/m/" + f.m1.ID); c != http.StatusSeeOther {
		t.Fatalf("after logout: %d", c)
	}
}

func TestLoginIsRateLimitedAndWrongPasswordsFail(t *testing.T) {
	f := newWebFix(t, false)
	b := f.browser()
	for i := range platform.LoginPerMinute {
		if c, _ := b.login(f.u1.Email, "wrong-password-"+string(rune('a'+i))); c != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i, c)
		}
	}
	if c, _ := b.login(f.u1.Email, webPassword); c != http.StatusTooManyRequests {
		t.Fatalf("attempt beyond the rate: %d", c)
	}
	// An unknown email is told the same as a wrong password.
	c2 := f.browser()
	c2.t = t
	if c, _ := c2.login("nobody@example.ma", webPassword); c != http.StatusTooManyRequests && c != http.StatusUnauthorized {
		t.Fatalf("unknown email: %d", c)
	}
}

func TestSessionCookieFlags(t *testing.T) {
	for _, tls := range []bool{false, true} {
		f := newWebFix(t, tls)
		b := f.browser()
		_, page, _ := b.get("/login")
		_, _, h := b.post("/login", url.Values{"email": {f.u1.Email}, "password": {webPassword}, "csrf": {csrfOf(t, page)}})
		var sc string
		for _, c := range h["Set-Cookie"] {
			if strings.HasPrefix(c, "hanout_session=") {
				sc = c
			}
		}
		if !strings.Contains(sc, "HttpOnly") || !strings.Contains(sc, "SameSite=Lax") || strings.Contains(sc, "Secure") != tls {
			t.Fatalf("tls %v: session cookie %q", tls, sc)
		}
	}
}

func TestMerchantPageFiguresAndCSV(t *testing.T) {
	f := newWebFix(t, false)
	b := f.browser()
	b.login(f.u1.Email, webPassword)
	docs, err := f.st.Documents(f.m1.ID, webNow.Truncate(24*60*60*1e9), webNow.Add(24*60*60*1e9))
	if err != nil || len(docs) == 0 {
		t.Fatalf("today's documents: %d %v", len(docs), err)
	}
	var net pos.Money
	for _, d := range docs {
		net += d.Total
	}
	for _, c := range []struct{ lang, dir, money string }{
		{"fr-FR,fr;q=0.9", "ltr", net.Format(pos.FR)},
		{"ar-MA,ar;q=0.9", "rtl", net.Format(pos.AR)},
		{"en-GB,en;q=0.8", "ltr", net.Format(pos.EN)},
	} {
		b.lang = c.lang
		code, page, _ := b.get("/m/" + f.m1.ID)
		if code != 200 {
			t.Fatalf("%s: %d", c.lang, code)
		}
		contains(t, page, `dir="`+c.dir+`"`, c.money, "<svg", f.m1.Name)
	}
	// The switch wins over Accept-Language, and is remembered.
	b.lang = "en"
	_, page, _ := b.get("/m/" + f.m1.ID + "?lang=ar")
	contains(t, page, `dir="rtl"`, "طاجين مزخرف")
	_, page, _ = b.get("/m/" + f.m1.ID)
	contains(t, page, `lang="ar" dir="rtl"`)

	code, body, h := b.get("/m/" + f.m1.ID + "/sales.csv")
	if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") {
		t.Fatalf("sales.csv: %d %s", code, h.Get("Content-Type"))
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	all, _ := f.st.Export(f.m1.ID)
	if strings.Join(rows[0], ",") != strings.Join(export.Header, ",") || len(rows)-1 != len(all) {
		t.Fatalf("sales.csv: header %v, %d rows for %d sales", rows[0], len(rows)-1, len(all))
	}
	_, body, _ = b.get("/m/" + f.m1.ID + "/sales.csv?from=2026-11-28&to=2026-11-28")
	if n := strings.Count(body, "\n") - 1; n != len(docs) {
		t.Fatalf("today's sales.csv has %d rows, want %d", n, len(docs))
	}
	_, body, _ = b.get("/m/" + f.m1.ID + "/days.csv?from=2026-11-22&to=2026-11-28")
	if !strings.Contains(body, "2026-11-28,"+strconv.Itoa(len(docs))+",0,"+net.Decimal()+",") {
		t.Fatalf("days.csv lacks today's line (%d sales, %s):\n%s", len(docs), net.Decimal(), body)
	}
}

func TestProgrammeDigitalShare(t *testing.T) {
	f := newWebFix(t, false)
	p, err := platform.ProgrammeFigures(f.st, webNow)
	if err != nil {
		t.Fatal(err)
	}
	all, _ := f.st.Figures("0000", "9999")
	var want platform.DayFigure
	for _, x := range all {
		want.Add(x)
	}
	if want.Tendered() == 0 || want.Digital() == 0 {
		t.Fatalf("the fixture has no digital tender: %+v", want)
	}
	if p.Total != want || p.Total.DigitalShare() != int64(want.Card+want.QR)*10000/int64(want.Cash+want.Card+want.QR+want.Account+want.EUR+want.USD+want.Other) {
		t.Fatalf("total %+v, want %+v", p.Total, want)
	}
	if p.Adoption.Merchants != 2 || p.TillsEnrolled != 2 || p.Active7 != 2 || p.MerchantsActive30 != 2 || len(p.Cities) != 2 || len(p.Categories) != 2 {
		t.Fatalf("programme: %+v", p)
	}
	b := f.browser()
	b.login(platform.AdminLogin, "adm-token-xyz")
	_, page, _ := b.get("/?lang=fr")
	contains(t, page, "Fès", "Ouarzazate", "poterie", "tapis", "<svg")
}

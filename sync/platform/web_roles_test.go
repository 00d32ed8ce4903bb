package platform_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hanout/sync/platform"
)

// addUserTo adds a user of merchant m with a role, through the store.
func (f *webFix) addUserTo(m platform.Merchant, name, email, role string) platform.User {
	f.t.Helper()
	hash, err := platform.HashPassword(webPassword)
	if err != nil {
		f.t.Fatal(err)
	}
	u, err := f.st.AddUser(platform.User{Merchant: m.ID, Name: name, Email: email, Role: role, PasswordHash: hash})
	if err != nil {
		f.t.Fatal(err)
	}
	return u
}

func userCount(t *testing.T, f *webFix, m platform.Merchant) int {
	t.Helper()
	us, err := f.st.Users(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	return len(us)
}

// An accountant reads every page and CSV of the merchant, and nothing
// more: the users page and its forms answer 403 and change nothing.
func TestAccountantReadsButDoesNotManage(t *testing.T) {
	f := newWebFix(t, false)
	acc := f.addUserTo(f.m1, "Zineb", "zineb@coop-fes.ma", platform.RoleAccountant)
	b := f.browser()
	if c, loc := b.login(acc.Email, webPassword); c != http.StatusSeeOther || loc != "/m/"+f.m1.ID {
		t.Fatalf("accountant login: %d %s", c, loc)
	}
	for _, p := range merchantPaths(f.m1.ID) {
		if c, _, _ := b.get(p); c != http.StatusOK {
			t.Errorf("%s as the accountant: %d", p, c)
		}
	}
	_, page, _ := b.get("/m/" + f.m1.ID)
	if strings.Contains(page, `/users"`) {
		t.Errorf("the accountant's page links to the users page")
	}
	csrf := csrfOf(t, page)
	if c, body, _ := b.get("/m/" + f.m1.ID + "/users"); c != http.StatusForbidden || !strings.Contains(body, "comptable") || strings.Contains(body, f.u1.Email) {
		t.Fatalf("users page as the accountant: %d", c)
	}
	before := userCount(t, f, f.m1)
	if c, _, _ := b.post("/m/"+f.m1.ID+"/users", url.Values{"csrf": {csrf}, "name": {"Intrus"}, "email": {"x@coop-fes.ma"}, "role": {"manager"}, "password": {webPassword}}); c != http.StatusForbidden {
		t.Fatalf("add a user as the accountant: %d", c)
	}
	if c, _, _ := b.post("/m/"+f.m1.ID+"/users/"+f.u1.ID+"/remove", url.Values{"csrf": {csrf}}); c != http.StatusForbidden {
		t.Fatalf("remove the manager as the accountant: %d", c)
	}
	if n := userCount(t, f, f.m1); n != before {
		t.Fatalf("the accountant changed the users: %d, was %d", n, before)
	}
}

// A manager adds an accountant, who can then log in (as an accountant),
// and removes them, which ends their session at once.
func TestManagerAddsAndRemovesUsers(t *testing.T) {
	f := newWebFix(t, false)
	m := f.browser()
	m.login(f.u1.Email, webPassword)
	_, page, _ := m.get("/m/" + f.m1.ID)
	contains(t, page, `href="/m/`+f.m1.ID+`/users"`)
	c, page, _ := m.get("/m/" + f.m1.ID + "/users?lang=fr")
	if c != 200 {
		t.Fatalf("users page: %d", c)
	}
	contains(t, page, f.u1.Email, "gérant")
	csrf := csrfOf(t, page)
	add := url.Values{"csrf": {csrf}, "name": {"Zineb"}, "email": {"Zineb@Coop-Fes.ma"}, "role": {"accountant"}, "password": {"court"}}
	if c, body, _ := m.post("/m/"+f.m1.ID+"/users", add); c != http.StatusUnprocessableEntity || !strings.Contains(body, "10") || !strings.Contains(body, "Zineb@Coop-Fes.ma") {
		t.Fatalf("short password: %d", c)
	}
	add.Set("password", webPassword)
	if c, _, h := m.post("/m/"+f.m1.ID+"/users", add); c != http.StatusSeeOther || h.Get("Location") != "/m/"+f.m1.ID+"/users?done=added" {
		t.Fatalf("add: %d %s", c, h.Get("Location"))
	}
	if c, _, _ := m.post("/m/"+f.m1.ID+"/users", add); c != http.StatusConflict {
		t.Fatalf("same email again: %d", c)
	}
	add.Set("email", "z2@coop-fes.ma")
	add.Set("role", "owner")
	if c, _, _ := m.post("/m/"+f.m1.ID+"/users", add); c != http.StatusUnprocessableEntity {
		t.Fatalf("role owner: %d", c)
	}
	z, err := f.st.UserByEmail("zineb@coop-fes.ma")
	if err != nil || z.Role != platform.RoleAccountant || z.Merchant != f.m1.ID {
		t.Fatalf("added user: %+v %v", z, err)
	}
	acc := f.browser()
	if c, loc := acc.login("zineb@coop-fes.ma", webPassword); c != http.StatusSeeOther || loc != "/m/"+f.m1.ID {
		t.Fatalf("the new accountant's login: %d %s", c, loc)
	}
	if c, _, _ := acc.get("/m/" + f.m1.ID + "/users"); c != http.StatusForbidden {
		t.Fatalf("the new accountant manages: %d", c)
	}
	if c, _, _ := m.post("/m/"+f.m1.ID+"/users/"+f.u1.ID+"/remove", url.Values{"csrf": {csrf}}); c != http.StatusConflict {
		t.Fatalf("removing oneself: %d", c)
	}
	if c, _, _ := m.post("/m/"+f.m1.ID+"/users/"+f.u2.ID+"/remove", url.Values{"csrf": {csrf}}); c != http.StatusNotFound {
		t.Fatalf("removing another merchant's user through this one: %d", c)
	}
	if c, _, _ := m.post("/m/"+f.m1.ID+"/users/"+z.ID+"/remove", url.Values{}); c != http.StatusForbidden {
		t.Fatalf("remove without its CSRF token: %d", c)
	}
	if c, _, h := m.post("/m/"+f.m1.ID+"/users/"+z.ID+"/remove", url.Values{"csrf": {csrf}}); c != http.StatusSeeOther || !strings.HasSuffix(h.Get("Location"), "done=removed") {
		t.Fatalf("remove: %d", c)
	}
	if c, _, h := acc.get("/m/" + f.m1.ID); c != http.StatusSeeOther || h.Get("Location") != "/login" {
		t.Fatalf("the removed user's session lives on: %d", c)
	}
	if n := userCount(t, f, f.m1); n != 1 {
		t.Fatalf("%d users left, want the manager", n)
	}
}

// The users page and its forms are a merchant's own: another merchant's
// manager gets 404, nobody is sent to log in, a form without its CSRF
// token or without a session (HTTP basic auth) is refused; the admin's
// session manages any merchant's users.
func TestUsersPageAuthorization(t *testing.T) {
	f := newWebFix(t, false)
	p := "/m/" + f.m1.ID + "/users"
	other := f.browser()
	other.login(f.u2.Email, webPassword)
	_, page, _ := other.get("/m/" + f.m2.ID)
	csrf := csrfOf(t, page)
	form := url.Values{"csrf": {csrf}, "name": {"Intrus"}, "email": {"x@x.ma"}, "role": {"manager"}, "password": {webPassword}}
	if c, body, _ := other.get(p); c != http.StatusNotFound || strings.Contains(body, f.u1.Email) {
		t.Fatalf("another merchant's manager: %d", c)
	}
	if c, _, _ := other.post(p, form); c != http.StatusNotFound {
		t.Fatalf("another merchant's manager adds: %d", c)
	}
	if c, _, _ := other.post(p+"/"+f.u1.ID+"/remove", url.Values{"csrf": {csrf}}); c != http.StatusNotFound {
		t.Fatalf("another merchant's manager removes: %d", c)
	}
	anon := f.browser()
	if c, _, h := anon.get(p); c != http.StatusSeeOther || h.Get("Location") != "/login" {
		t.Fatalf("nobody: %d", c)
	}
	if c, _, h := anon.post(p, form); c != http.StatusSeeOther || h.Get("Location") != "/login" {
		t.Fatalf("nobody posts: %d", c)
	}
	own := f.browser()
	own.login(f.u1.Email, webPassword)
	form.Del("csrf")
	if c, _, _ := own.post(p, form); c != http.StatusForbidden {
		t.Fatalf("add without its CSRF token: %d", c)
	}
	form.Set("csrf", csrf) // the other session's token
	if c, _, _ := own.post(p, form); c != http.StatusForbidden {
		t.Fatalf("add with another session's token: %d", c)
	}
	req, _ := http.NewRequest("POST", f.srv.URL+p, strings.NewReader(url.Values{"name": {"X"}, "email": {"basic@x.ma"}, "role": {"manager"}, "password": {webPassword}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth("admin", "adm-token-xyz")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("a form posted with HTTP basic auth: %d", res.StatusCode)
	}
	if n := userCount(t, f, f.m1); n != 1 {
		t.Fatalf("%d users, want 1", n)
	}
	admin := f.browser()
	admin.login(platform.AdminLogin, "adm-token-xyz")
	_, page, _ = admin.get(p)
	form.Set("csrf", csrfOf(t, page))
	form.Set("email", "admin-added@coop-fes.ma")
	if c, _, _ := admin.post(p, form); c != http.StatusSeeOther {
		t.Fatalf("the admin adds: %d", c)
	}
	if n := userCount(t, f, f.m1); n != 2 {
		t.Fatalf("%d users after the admin's, want 2", n)
	}
}

package platform

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"hanout/pos"
	"hanout/pos/i18n"
)

// A merchant's users page, /m/<id>/users: its managers (and the admin)
// see the users and add or remove them; an accountant is refused (403).

// manages reports whether v may use merchant's forms: the admin, or one
// of its managers.
func (v viewer) manages(merchant string) bool {
	return v.Admin || (v.Merchant != "" && v.Merchant == merchant && v.Role == RoleManager)
}

// usersView is the users page's body.
type usersView struct {
	Merchant Merchant
	Users    []User
	Self     string // the viewer's user id
	Done     string // "added" or "removed" after a form
	// Form holds what was typed when adding failed (never the password).
	Form struct{ Name, Email, Role string }
}

// usersGate answers the request itself unless v manages the merchant.
func (s *Server) usersGate(w http.ResponseWriter, r *http.Request, v viewer, l pos.Lang) bool {
	if v.manages(r.PathValue("id")) {
		return true
	}
	s.render(w, r, http.StatusForbidden, l, "error", i18n.T(l, "web.role_forbidden"), v, nil)
	return false
}

// usersPage serves GET /m/<id>/users.
func (s *Server) usersPage(w http.ResponseWriter, r *http.Request, v viewer, l pos.Lang) {
	if !s.usersGate(w, r, v, l) {
		return
	}
	s.showUsers(w, r, v, l, http.StatusOK, "", usersView{Done: r.URL.Query().Get("done")})
}

func (s *Server) showUsers(w http.ResponseWriter, r *http.Request, v viewer, l pos.Lang, status int, msg string, body usersView) {
	id := r.PathValue("id")
	m, err := s.Store.Merchant(id)
	if s.merchantFailed(w, r, l, "users", err) {
		return
	}
	us, err := s.Store.Users(id)
	if s.merchantFailed(w, r, l, "users", err) {
		return
	}
	for i := range us {
		us[i].PasswordHash = ""
	}
	body.Merchant, body.Users, body.Self = m, us, v.User
	if body.Done != "added" && body.Done != "removed" {
		body.Done = ""
	}
	if body.Form.Role == "" {
		body.Form.Role = RoleAccountant
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, l, "users", m.Name+" — "+i18n.T(l, "web.users"), v, struct {
		usersView
		Message string
	}{body, msg})
}

// formOK reads a form post and checks its CSRF token against the
// session's. A request without a session (HTTP basic auth) posts no form:
// a browser would send those credentials from any site.
func (s *Server) formOK(w http.ResponseWriter, r *http.Request, v viewer, l pos.Lang) bool {
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if v.hash == "" || r.ParseForm() != nil || !SameHash(v.CSRF, r.PostForm.Get("csrf")) {
		s.render(w, r, http.StatusForbidden, l, "error", i18n.T(l, "web.csrf"), v, nil)
		return false
	}
	return true
}

// addUser serves POST /m/<id>/users: name, email, role, password.
func (s *Server) addUser(w http.ResponseWriter, r *http.Request, v viewer, l pos.Lang) {
	if !s.usersGate(w, r, v, l) || !s.formOK(w, r, v, l) {
		return
	}
	var body usersView
	body.Form.Name, body.Form.Email, body.Form.Role = r.PostForm.Get("name"), r.PostForm.Get("email"), r.PostForm.Get("role")
	fail := func(status int, msg string) { s.showUsers(w, r, v, l, status, msg, body) }
	if body.Form.Role != RoleManager && body.Form.Role != RoleAccountant {
		fail(http.StatusUnprocessableEntity, i18n.T(l, "web.user_invalid"))
		return
	}
	hash, err := HashPassword(r.PostForm.Get("password"))
	if err != nil {
		fail(http.StatusUnprocessableEntity, i18n.Error(l, err))
		return
	}
	_, err = s.Store.AddUser(User{Merchant: r.PathValue("id"), Name: body.Form.Name, Email: body.Form.Email, Role: body.Form.Role, PasswordHash: hash})
	switch {
	case errors.Is(err, ErrConflict):
		fail(http.StatusConflict, i18n.T(l, "web.email_taken"))
		return
	case errors.Is(err, ErrInvalid):
		fail(http.StatusUnprocessableEntity, i18n.T(l, "web.user_invalid"))
		return
	case s.merchantFailed(w, r, l, "add user", err):
		return
	}
	http.Redirect(w, r, "/m/"+url.PathEscape(r.PathValue("id"))+"/users?done=added", http.StatusSeeOther)
}

// removeUser serves POST /m/<id>/users/<uid>/remove: the user and their
// sessions go. A manager cannot remove themself (someone must stay).
func (s *Server) removeUser(w http.ResponseWriter, r *http.Request, v viewer, l pos.Lang) {
	if !s.usersGate(w, r, v, l) || !s.formOK(w, r, v, l) {
		return
	}
	uid := r.PathValue("uid")
	if uid == v.User {
		s.showUsers(w, r, v, l, http.StatusConflict, i18n.T(l, "web.remove_self"), usersView{})
		return
	}
	if err := s.Store.DeleteUser(r.PathValue("id"), strings.TrimSpace(uid)); s.merchantFailed(w, r, l, "remove user", err) {
		return
	}
	http.Redirect(w, r, "/m/"+url.PathEscape(r.PathValue("id"))+"/users?done=removed", http.StatusSeeOther)
}

// userRoutes adds the users page's routes.
func (s *Server) userRoutes(mux *http.ServeMux, limit int) {
	mux.HandleFunc("GET /m/{id}/users", s.gate(limit, s.page(merchantOf, s.usersPage)))
	mux.HandleFunc("POST /m/{id}/users", s.gate(limit, s.page(merchantOf, s.addUser)))
	mux.HandleFunc("POST /m/{id}/users/{uid}/remove", s.gate(limit, s.page(merchantOf, s.removeUser)))
}

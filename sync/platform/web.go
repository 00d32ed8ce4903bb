package platform

import (
	"crypto/subtle"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"hanout/pos"
	"hanout/pos/i18n"
)

// The web pages: /login and /logout, a merchant's pages under /m/<id>
// (its users and the admin), the programme's pages at / (the admin) and
// the operations board at /ops (the admin).

// Cookie names.
const (
	sessionCookie = "hanout_session"
	loginCSRF     = "hanout_login"
	langCookie    = "hanout_lang"
)

// SessionTime is how long a login lasts.
var SessionTime = 12 * time.Hour

// AdminLogin is the email the admin types at /login, with the admin token
// as the password.
const AdminLogin = "admin"

// LoginPerMinute is how many login attempts one client address, and one
// email, may make per minute.
const LoginPerMinute = 10

// viewer is who is asking: the admin, or a merchant's user.
type viewer struct {
	Session
	hash string // the session's hash ("" for HTTP basic auth)
}

// who returns the request's viewer, if any: the admin through HTTP basic
// auth with the admin token, or a live session cookie.
func (s *Server) who(r *http.Request) (viewer, bool, error) {
	if _, pass, ok := r.BasicAuth(); ok && s.AdminToken != "" && subtle.ConstantTimeCompare([]byte(pass), []byte(s.AdminToken)) == 1 {
		return viewer{Session: Session{User: AdminLogin, Name: AdminLogin, Admin: true}}, true, nil
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" || len(c.Value) > 128 {
		return viewer{}, false, nil
	}
	h := Hash(c.Value)
	se, err := s.Store.Session(h, s.Now())
	if errors.Is(err, ErrNotFound) {
		return viewer{}, false, nil
	}
	if err != nil {
		return viewer{}, false, err
	}
	return viewer{Session: se, hash: h}, true, nil
}

// page wraps a page handler: no viewer is a redirect to /login; a
// viewer the page is not for is a 404 (a merchant's user never learns
// whether another merchant exists).
func (s *Server) page(allow func(v viewer, r *http.Request) bool, h func(w http.ResponseWriter, r *http.Request, v viewer, l pos.Lang)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		l := s.lang(w, r)
		v, ok, err := s.who(r)
		if err != nil {
			s.webError(w, r, l, http.StatusInternalServerError, "web.error")
			s.Log.Printf("platform: session: %v", err)
			return
		}
		if !ok {
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		}
		if !allow(v, r) {
			s.render(w, r, http.StatusNotFound, l, "error", i18n.T(l, "web.not_found"), v, nil)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Frame-Options", "DENY")
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'")
		h(w, r, v, l)
	}
}

func adminOnly(v viewer, _ *http.Request) bool { return v.Admin }

func merchantOf(v viewer, r *http.Request) bool {
	return v.Admin || (v.Merchant != "" && v.Merchant == r.PathValue("id"))
}

// lang is the page's language: ?lang= (remembered in a cookie), the
// cookie, then Accept-Language, then French.
func (s *Server) lang(w http.ResponseWriter, r *http.Request) pos.Lang {
	if q := r.URL.Query().Get("lang"); q != "" {
		l := pos.ParseLang(q)
		http.SetCookie(w, &http.Cookie{Name: langCookie, Value: string(l), Path: "/", MaxAge: 365 * 24 * 3600, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
		return l
	}
	if c, err := r.Cookie(langCookie); err == nil {
		return pos.ParseLang(c.Value)
	}
	return acceptLang(r.Header.Get("Accept-Language"))
}

// acceptLang picks the first of fr, ar, en the header prefers.
func acceptLang(h string) pos.Lang {
	best, bestQ := pos.FR, -1.0
	for _, part := range strings.Split(h, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		tag = strings.ToLower(strings.TrimSpace(tag))
		for _, l := range pos.Langs {
			if (tag == string(l) || strings.HasPrefix(tag, string(l)+"-")) && q > bestQ {
				best, bestQ = l, q
			}
		}
	}
	return best
}

// view is what every page's template gets.
type view struct {
	Lang    pos.Lang
	Dir     string
	Title   string
	Viewer  viewer
	CSRF    string
	Path    string
	Query   url.Values
	Message string
	Body    any
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, l pos.Lang, name, title string, v viewer, body any) {
	dir := "ltr"
	if l == pos.AR {
		dir = "rtl"
	}
	t, err := webTemplates.Clone()
	if err == nil {
		t = t.Funcs(langFuncs(l))
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		err = t.ExecuteTemplate(w, name, view{Lang: l, Dir: dir, Title: title, Viewer: v, CSRF: v.CSRF, Path: r.URL.Path, Query: r.URL.Query(), Body: body})
	}
	if err != nil {
		s.Log.Printf("platform: page %s: %v", name, err)
	}
}

func (s *Server) webError(w http.ResponseWriter, r *http.Request, l pos.Lang, status int, key string) {
	s.render(w, r, status, l, "error", i18n.T(l, key), viewer{}, nil)
}

var webTemplates = template.Must(template.New("web").Funcs(langFuncs(pos.FR)).ParseFS(templates, "templates/web.html", "templates/artisans.html", "templates/accounts.html", "templates/ops.html", "templates/users.html"))

// langFuncs are the template functions for a language.
func langFuncs(l pos.Lang) template.FuncMap {
	return template.FuncMap{
		"t":     func(key string) string { return i18n.T(l, key) },
		"money": func(m pos.Money) string { return m.Format(l) },
		"num":   func(n any) string { return formatInt(l, toInt64(n)) },
		// An amount or a percentage reads left to right inside Arabic text.
		"pct": func(bp int64) template.HTML {
			return template.HTML(`<bdi dir="ltr">` + template.HTMLEscapeString(formatPct(l, bp)) + `</bdi>`)
		},
		"when": func(t time.Time) string {
			if t.IsZero() {
				return i18n.T(l, "web.never")
			}
			return t.In(Zone).Format("2006-01-02 15:04")
		},
		"state":   func(st string) string { return i18n.T(l, "web.state."+st) },
		"tender":  func(k string) string { return i18n.T(l, "web.tender."+k) },
		"payment": func(st string) string { return i18n.T(l, "web.payment."+st) },
		"langURL": func(path string, q url.Values, to pos.Lang) string {
			q2 := url.Values{}
			for k, v := range q {
				q2[k] = v
			}
			q2.Set("lang", string(to))
			return path + "?" + q2.Encode()
		},
		"csvURL": func(path, table, from, to string) string {
			return strings.TrimSuffix(path, "/") + "/" + table + ".csv?" + url.Values{"from": {from}, "to": {to}}.Encode()
		},
		"langs": func() []pos.Lang { return pos.Langs },
		"langName": func(x pos.Lang) string {
			return map[pos.Lang]string{pos.FR: "Français", pos.AR: "العربية", pos.EN: "English"}[x]
		},
	}
}

func toInt64(n any) int64 {
	switch v := n.(type) {
	case int:
		return int64(v)
	case int64:
		return v
	case uint64:
		return int64(v)
	}
	return 0
}

// formatInt groups thousands like the till's money: a narrow no-break
// space in French and Arabic, a comma in English.
func formatInt(l pos.Lang, n int64) string {
	neg := n < 0
	if neg {
		n = -n
	}
	digits := strconv.FormatInt(n, 10)
	sep := "\u202f"
	if l == pos.EN {
		sep = ","
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// formatPct renders basis points with one decimal: "45,3 %" (fr, ar),
// "45.3%" (en).
func formatPct(l pos.Lang, bp int64) string {
	tenths := (bp + 5) / 10
	s := formatInt(l, tenths/10)
	if l == pos.EN {
		return s + "." + strconv.FormatInt(tenths%10, 10) + "%"
	}
	return s + "," + strconv.FormatInt(tenths%10, 10) + "\u00a0%"
}

// loginPage serves the form; its CSRF token is also in a cookie
// (double submit: a cross-site form cannot read or set it).
func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	l := s.lang(w, r)
	s.showLogin(w, r, l, http.StatusOK, "")
}

func (s *Server) showLogin(w http.ResponseWriter, r *http.Request, l pos.Lang, status int, msg string) {
	tok := NewSecret(20)
	http.SetCookie(w, &http.Cookie{Name: loginCSRF, Value: tok, Path: "/login", MaxAge: 3600, HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Frame-Options", "DENY")
	s.render(w, r, status, l, "login", i18n.T(l, "web.login"), viewer{Session: Session{CSRF: tok}}, msg)
}

// login checks the form: the CSRF token, the rate (per address and per
// email), then the password; a success sets the session cookie.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	l := s.lang(w, r)
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		s.showLogin(w, r, l, http.StatusBadRequest, i18n.T(l, "web.csrf"))
		return
	}
	c, err := r.Cookie(loginCSRF)
	if err != nil || c.Value == "" || !SameHash(c.Value, r.PostForm.Get("csrf")) {
		s.showLogin(w, r, l, http.StatusForbidden, i18n.T(l, "web.csrf"))
		return
	}
	email := NormalEmail(r.PostForm.Get("email"))
	pw := r.PostForm.Get("password")
	now := s.Now()
	ok1, retry1 := s.loginRate.allow(clientAddr(r), now)
	ok2, retry2 := s.loginRate.allow("email:"+email, now)
	if !ok1 || !ok2 {
		w.Header().Set("Retry-After", strconv.Itoa(int(max(retry1, retry2)/time.Second)+1))
		s.showLogin(w, r, l, http.StatusTooManyRequests, i18n.T(l, "web.too_many"))
		return
	}
	var se Session
	switch {
	case email == AdminLogin:
		if s.AdminToken == "" || subtle.ConstantTimeCompare([]byte(pw), []byte(s.AdminToken)) != 1 {
			s.showLogin(w, r, l, http.StatusUnauthorized, i18n.T(l, "web.login_failed"))
			return
		}
		se = Session{User: AdminLogin, Name: AdminLogin, Admin: true}
	default:
		u, err := s.Store.UserByEmail(email)
		if err != nil && !errors.Is(err, ErrNotFound) {
			s.Log.Printf("platform: login: %v", err)
			s.webError(w, r, l, http.StatusInternalServerError, "web.error")
			return
		}
		hash := u.PasswordHash
		if err != nil {
			hash = string(dummyHash())
		}
		if !CheckPassword(hash, pw) || err != nil {
			s.showLogin(w, r, l, http.StatusUnauthorized, i18n.T(l, "web.login_failed"))
			return
		}
		se = Session{User: u.ID, Name: u.Name, Merchant: u.Merchant, Role: u.Role}
	}
	secret := NewSecret(32)
	se.Hash, se.CSRF, se.Expires = Hash(secret), NewSecret(20), now.Add(SessionTime)
	if err := s.Store.AddSession(se); err != nil {
		s.Log.Printf("platform: login: %v", err)
		s.webError(w, r, l, http.StatusInternalServerError, "web.error")
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: secret, Path: "/", MaxAge: int(SessionTime / time.Second), HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
	http.SetCookie(w, &http.Cookie{Name: loginCSRF, Value: "", Path: "/login", MaxAge: -1})
	dest := "/"
	if !se.Admin {
		dest = "/m/" + url.PathEscape(se.Merchant)
	}
	http.Redirect(w, r, dest, http.StatusSeeOther)
}

// logout forgets the session; the form must carry the session's token.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	l := s.lang(w, r)
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	v, ok, err := s.who(r)
	if err != nil {
		s.webError(w, r, l, http.StatusInternalServerError, "web.error")
		return
	}
	if !ok || v.hash == "" {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	if r.ParseForm() != nil || !SameHash(v.CSRF, r.PostForm.Get("csrf")) {
		s.webError(w, r, l, http.StatusForbidden, "web.csrf")
		return
	}
	if err := s.Store.DeleteSession(v.hash); err != nil {
		s.webError(w, r, l, http.StatusInternalServerError, "web.error")
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

package platform

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"hanout/pos"
	"hanout/sync/wire"
)

// Server serves /v1 and the dashboard over a Storage.
type Server struct {
	Store Storage
	// AcquirerSecret is the HMAC key the acquirer signs notices with.
	AcquirerSecret []byte
	// AdminToken opens the dashboard (HTTP basic auth, any user name).
	AdminToken string
	Now        func() time.Time
	Log        *log.Logger
	// Limits bound requests in flight and enrollment attempts; set
	// before Handler.
	Limits Limits

	busy        busy
	enrollRate  rateLimit
	loginRate   rateLimit
	receiptRate rateLimit // GET /r/ (receipt_page.go)
}

//go:embed templates/*.html
var templates embed.FS

// Handler returns the HTTP handler.
func (s *Server) Handler() http.Handler {
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.Log == nil {
		s.Log = log.Default()
	}
	s.Limits = s.Limits.withDefaults()
	s.enrollRate.perMinute = s.Limits.EnrollPerMinute
	s.loginRate.perMinute = LoginPerMinute
	s.receiptRate.perMinute = s.Limits.ReceiptPerMinute
	open, auth := s.Limits.Unauthenticated, s.Limits.InFlight
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/enroll", s.gate(open, s.enroll))
	mux.HandleFunc("POST /v1/merchants/{m}/documents", s.gate(auth, s.terminal(s.push)))
	mux.HandleFunc("GET /v1/merchants/{m}/changes", s.gate(auth, s.terminal(s.pull)))
	mux.HandleFunc("GET /v1/merchants/{m}/catalog", s.gate(auth, s.terminal(s.catalog)))
	mux.HandleFunc("GET /v1/merchants/{m}/anchors", s.gate(auth, s.terminal(s.anchors)))
	mux.HandleFunc("POST /v1/merchants/{m}/products", s.gate(auth, s.terminal(s.products)))
	mux.HandleFunc("GET /v1/merchants/{m}/payments/{ref}", s.gate(auth, s.terminal(s.payment)))
	mux.HandleFunc("POST /v1/acquirer/notify", s.gate(open, s.notify))
	mux.HandleFunc("GET /login", s.gate(open, s.loginPage))
	mux.HandleFunc("POST /login", s.gate(open, s.login))
	mux.HandleFunc("POST /logout", s.gate(auth, s.logout))
	mux.HandleFunc("GET /{$}", s.gate(auth, s.page(func(viewer, *http.Request) bool { return true }, s.home)))
	mux.HandleFunc("GET /ops", s.gate(auth, s.page(adminOnly, s.opsPage)))
	mux.HandleFunc("GET /r/{id}", s.gate(open, s.receiptPage))
	mux.HandleFunc("GET /m/{id}", s.gate(auth, s.page(merchantOf, s.merchantPage)))
	mux.HandleFunc("GET /m/{id}/{table}", s.gate(auth, s.page(merchantOf, s.merchantCSV)))
	s.userRoutes(mux, auth)
	s.merchantRoutes(mux, auth)
	mux.HandleFunc("/", s.gate(auth, func(w http.ResponseWriter, r *http.Request) {
		if v, ok := strings.CutPrefix(r.URL.Path, "/v"); ok && !strings.HasPrefix(v, strconv.Itoa(wire.Version)+"/") {
			fail(w, r, http.StatusNotFound, "unknown_version", "unknown API version; this platform speaks /v1")
			return
		}
		fail(w, r, http.StatusNotFound, "not_found", "no such endpoint")
	}))
	return s.recover(mux)
}

func (s *Server) recover(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil && v != http.ErrAbortHandler {
				s.Log.Printf("platform: panic serving %s %s: %v", r.Method, r.URL.Path, v)
				fail(w, r, http.StatusInternalServerError, "internal", "internal error")
			}
		}()
		h.ServeHTTP(w, r)
	})
}

func fail(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	wire.WriteJSON(w, r, status, wire.ErrorResponse{Error: code, Msg: msg})
}

// storeFail maps a Storage error to a status.
func (s *Server) storeFail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, ErrNotFound):
		fail(w, r, http.StatusNotFound, "not_found", err.Error())
	case errors.Is(err, ErrInvalid):
		fail(w, r, http.StatusUnprocessableEntity, "invalid", err.Error())
	case errors.Is(err, ErrCodeUsed):
		fail(w, r, http.StatusForbidden, "code_used", err.Error())
	case errors.Is(err, ErrConflict):
		fail(w, r, http.StatusConflict, "conflict", err.Error())
	default:
		s.Log.Printf("platform: %s %s: %v", r.Method, r.URL.Path, err)
		fail(w, r, http.StatusServiceUnavailable, "unavailable", "storage error; retry later")
	}
}

// bodySpec says how an endpoint reads its request body.
type bodySpec struct {
	// onWire and inflated bound the body as received and once inflated.
	onWire, inflated int
	// deadline: the body must arrive within SmallBodyTime (small bodies
	// of unauthenticated endpoints: a client trickling one would hold
	// one of their few places).
	deadline bool
	// signed: the body as received must carry the acquirer's HMAC in
	// wire.HeaderSignature, checked before it is inflated or parsed.
	signed bool
	// known: the sender is authenticated (a terminal), so its body is
	// read into a buffer of the size it announces (Content-Length), not
	// one grown as the bytes arrive.
	known bool
}

var (
	// bigBody is a terminal's push or edits.
	bigBody = bodySpec{onWire: wire.MaxBody, inflated: wire.MaxInflated, known: true}
	// smallBody is an enrollment.
	smallBody = bodySpec{onWire: wire.MaxSmall, inflated: wire.MaxSmall, deadline: true}
	// noticeBody is an acquirer notice.
	noticeBody = bodySpec{onWire: wire.MaxSmall, inflated: wire.MaxSmall, deadline: true, signed: true}
)

// readBody is how every endpoint reads its body: at most spec.onWire
// bytes as received, the signature checked on exactly those bytes when
// spec.signed, inflated per Content-Encoding to at most spec.inflated
// bytes, then decoded strictly into v. It answers the 4xx itself and
// returns false on any failure.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request, spec bodySpec, v any) bool {
	raw, ok := s.readBytes(w, r, spec)
	if !ok {
		return false
	}
	if err := wire.Decode(raw, v); err != nil {
		fail(w, r, http.StatusBadRequest, "bad_json", err.Error())
		return false
	}
	return true
}

// readBytes is readBody without the decoding: the body, inflated.
func (s *Server) readBytes(w http.ResponseWriter, r *http.Request, spec bodySpec) ([]byte, bool) {
	if spec.deadline {
		bodyDeadline(w)
	}
	size := int64(-1)
	if spec.known {
		size = r.ContentLength
	}
	raw, err := wire.ReadRawSized(r.Body, spec.onWire, size)
	if !readOK(w, r, err, spec) {
		return nil, false
	}
	if spec.signed && !wire.Verify(s.AcquirerSecret, raw, r.Header.Get(wire.HeaderSignature)) {
		fail(w, r, http.StatusUnauthorized, "bad_signature", "the notice's signature does not match")
		return nil, false
	}
	raw, err = wire.Inflate(raw, r.Header.Get("Content-Encoding"), spec.inflated)
	if !readOK(w, r, err, spec) {
		return nil, false
	}
	return raw, true
}

// readOK answers a body read error: 413 too large, 415 unknown encoding,
// 400 otherwise.
func readOK(w http.ResponseWriter, r *http.Request, err error, spec bodySpec) bool {
	switch {
	case err == nil:
		return true
	case errors.Is(err, wire.ErrTooLarge):
		fail(w, r, http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("body over %d bytes (or %d inflated)", spec.onWire, spec.inflated))
		return false
	case errors.Is(err, wire.ErrEncoding):
		fail(w, r, http.StatusUnsupportedMediaType, "encoding", "Content-Encoding must be gzip or absent")
		return false
	}
	fail(w, r, http.StatusBadRequest, "bad_request", err.Error())
	return false
}

func version(w http.ResponseWriter, r *http.Request, v int) bool {
	if v != wire.Version {
		fail(w, r, http.StatusBadRequest, "unknown_version", fmt.Sprintf("body version %d; this platform speaks %d", v, wire.Version))
		return false
	}
	return true
}

// terminal authenticates a terminal token and checks the merchant in the
// path is the terminal's own.
func (s *Server) terminal(h func(http.ResponseWriter, *http.Request, Terminal)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		id, secret, ok2 := SplitToken(strings.TrimSpace(tok))
		if !ok || !ok2 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="hanout"`)
			fail(w, r, http.StatusUnauthorized, "unauthorized", "a terminal token is required")
			return
		}
		t, err := s.Store.Terminal(id)
		if err != nil || t.TokenHash == "" || !SameHash(Hash(secret), t.TokenHash) {
			if err != nil && !errors.Is(err, ErrNotFound) {
				s.storeFail(w, r, err)
				return
			}
			w.Header().Set("WWW-Authenticate", `Bearer realm="hanout"`)
			if err == nil && t.RevokedHash != "" && SameHash(Hash(secret), t.RevokedHash) {
				fail(w, r, http.StatusUnauthorized, "revoked", "this till was revoked on the platform")
				return
			}
			fail(w, r, http.StatusUnauthorized, "unauthorized", "unknown or revoked token")
			return
		}
		if r.PathValue("m") != t.Merchant {
			fail(w, r, http.StatusForbidden, "forbidden", "this terminal belongs to another merchant")
			return
		}
		h(w, r, t)
	}
}

func (s *Server) enroll(w http.ResponseWriter, r *http.Request) {
	if s.limited(w, r) {
		return
	}
	var req wire.EnrollRequest
	if !s.readBody(w, r, smallBody, &req) || !version(w, r, req.V) {
		return
	}
	if strings.TrimSpace(req.Code) == "" || req.Committed > 0 && !validTill(req.Till) || req.Install != "" && !validInstall(req.Install) {
		fail(w, r, http.StatusBadRequest, "bad_request", "a code is required; till (with committed documents) and install must be ids")
		return
	}
	e := Enrollment{CodeHash: Hash(req.Code), Install: req.Install}
	if req.Committed > 0 {
		e.Claim, e.Receipts = req.Till, req.Receipts
	}
	secret := NewSecret(32)
	e.TokenHash = Hash(secret)
	t, err := s.Store.Enroll(e, s.Now())
	if err != nil {
		s.storeFail(w, r, err)
		return
	}
	tok := Token(t.ID, secret)
	m, err := s.Store.Merchant(t.Merchant)
	if err != nil {
		s.storeFail(w, r, err)
		return
	}
	wire.WriteJSON(w, r, http.StatusOK, wire.EnrollResponse{Merchant: t.Merchant, MerchantName: m.Name, Terminal: t.ID, Name: t.Name,
		Token: tok, Till: t.Till, LastReceipt: t.LastReceipt})
}

var (
	tillRE    = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)
	installRE = regexp.MustCompile(`^[A-Z0-9]{4,11}$`)
)

func validTill(s string) bool { return tillRE.MatchString(s) || ValidName(s) }

// validInstall: a till's install id is its QR reference prefix, so it
// has the characters and length qr.Reference keeps whole.
func validInstall(s string) bool { return installRE.MatchString(s) }

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// isUUID is uuidRE.MatchString without the regexp, for each pushed
// document.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
		} else if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

var kinds = map[pos.DocKind]bool{pos.KindSale: true, pos.KindRefund: true, pos.KindShiftOpen: true,
	pos.KindCashMove: true, pos.KindShiftClose: true, pos.KindTenderCheck: true, pos.KindTenderVoid: true, pos.KindEvent: true,
	pos.KindRepayment: true}

// DecodePush parses and checks a push body for terminal t. Nothing is
// stored by it. An error refuses the whole body (not JSON, another version,
// too many documents); a document that breaks a rule gets its Reject set
// and the others go on. The documents' Raw are slices of raw.
func DecodePush(raw []byte, t Terminal) (PushBatch, error) {
	if b, err, ok := decodeLean(raw, t); ok { // pushlean.go
		return b, err
	}
	if b, err, ok := decodeCanonical(raw, t); ok { // pushdecode.go
		return b, err
	}
	var req wire.PushRequest
	if err := wire.Decode(raw, &req); err != nil {
		return PushBatch{}, jsonError{err}
	}
	return checkPush(req, t)
}

// jsonError is a push body that is not the JSON of a push.
type jsonError struct{ error }

func (e jsonError) Unwrap() error { return e.error }

// PushBatch is a decoded, checked push.
type PushBatch struct {
	Unsynced uint64
	Docs     []Doc
}

// checkEnvelope refuses a push of another version or too many documents.
func checkEnvelope(v, docs int) error {
	if v != wire.Version {
		return fmt.Errorf("body version %d; this platform speaks %d: %w", v, wire.Version, errVersion)
	}
	if docs > wire.MaxBatch {
		return fmt.Errorf("%d documents in one push, at most %d: %w", docs, wire.MaxBatch, ErrInvalid)
	}
	return nil
}

func checkPush(req wire.PushRequest, t Terminal) (PushBatch, error) {
	if err := checkEnvelope(req.V, len(req.Docs)); err != nil {
		return PushBatch{}, err
	}
	b := PushBatch{Unsynced: req.Unsynced, Docs: make([]Doc, 0, len(req.Docs))}
	for i, raw := range req.Docs {
		d, code, reason := checkDoc(raw, t)
		b.Docs = append(b.Docs, pushedDoc(i, []byte(raw), req.Chain, d, code, reason))
	}
	return b, nil
}

// pushedDoc is the i-th document of a push, whichever path read it: its
// exact bytes, its link when the push's chain has one, the document as
// read, and its rejection when code (with reason) says it breaks a rule.
func pushedDoc(i int, raw []byte, chain []wire.Link, d *pos.Document, code, reason string) Doc {
	in := Doc{Raw: raw, Index: i, Doc: d}
	if i < len(chain) {
		in.Link = chain[i]
	}
	if code != "" {
		in.Reject = &wire.Rejection{Index: i, ID: d.ID, Seq: d.Seq, Code: code, Reason: reason}
	}
	return in
}

// checkDoc decodes one pushed document and checks the platform's rules.
// It always returns a document (with at least what could be read of its
// id and journal position) and, when it breaks a rule, a rejection code
// and reason.
func checkDoc(raw []byte, t Terminal) (*pos.Document, string, string) {
	d := new(pos.Document)
	if err := wire.Decode(raw, d); err != nil {
		var head struct {
			ID  string `json:"id"`
			Seq uint64 `json:"seq"`
		}
		json.Unmarshal(raw, &head)
		d = &pos.Document{Seq: head.Seq}
		if uuidRE.MatchString(head.ID) {
			d.ID = head.ID
		}
		return d, wire.RejectInvalid, err.Error()
	}
	return checkRules(d, t)
}

// checkRules checks a decoded document against the platform's rules:
// the document and, when it breaks one, a rejection code and reason.
func checkRules(d *pos.Document, t Terminal) (*pos.Document, string, string) {
	bad := func(format string, args ...any) (*pos.Document, string, string) {
		return d, wire.RejectInvalid, fmt.Sprintf(format, args...)
	}
	switch {
	case !isUUID(d.ID):
		id := d.ID
		d.ID = ""
		return bad("id %q is not a UUID", id)
	case !kinds[d.Kind]:
		return bad("unknown kind %q", d.Kind)
	case !t.Owns(d.Terminal):
		return d, wire.RejectForbidden, fmt.Sprintf("terminal %q, this token is for %q", d.Terminal, t.Till)
	case d.Seq == 0 || d.Time.IsZero():
		return bad("no journal position or time")
	case (d.Kind == pos.KindSale || d.Kind == pos.KindRefund) && d.Receipt == 0:
		return bad("a %s without receipt number", d.Kind)
	case d.Kind == pos.KindTenderCheck && d.Check == nil:
		return bad("tender check without check")
	}
	for _, t := range d.Tenders {
		if len(t.CardMasked) > 0 && !maskedOK(t.CardMasked) {
			return bad("card number not masked")
		}
	}
	return d, "", ""
}

var errVersion = errors.New("unknown version")

// maskedOK refuses anything that could be a full card number: at most 10
// digits may appear.
func maskedOK(s string) bool {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n <= 10
}

func (s *Server) push(w http.ResponseWriter, r *http.Request, t Terminal) {
	raw, ok := s.readBytes(w, r, bigBody)
	if !ok {
		return
	}
	batch, err := DecodePush(raw, t)
	var bad jsonError
	switch {
	case errors.As(err, &bad):
		fail(w, r, http.StatusBadRequest, "bad_json", err.Error())
		return
	case errors.Is(err, ErrInvalid):
		fail(w, r, http.StatusUnprocessableEntity, "invalid", err.Error())
		return
	case errors.Is(err, errVersion):
		fail(w, r, http.StatusBadRequest, "unknown_version", err.Error())
		return
	case err != nil:
		fail(w, r, http.StatusBadRequest, "bad_request", err.Error())
		return
	}
	resp, touched, err := s.ingest(t, batch)
	if err != nil {
		s.storeFail(w, r, err)
		return
	}
	if !touched {
		s.Store.Touch(t.ID, Backlog(batch, resp), s.Now())
	}
	b := resp.AppendJSON(make([]byte, 0, 64+40*len(resp.Acked))) // an id is 39 bytes with its quotes and comma
	wire.WriteEncoded(w, r, http.StatusOK, append(b, '\n'))
}

func (s *Server) pull(w http.ResponseWriter, r *http.Request, t Terminal) {
	q := r.URL.Query()
	since, err := strconv.ParseUint(q.Get("since"), 10, 64)
	if err != nil && q.Get("since") != "" {
		fail(w, r, http.StatusBadRequest, "bad_request", "since must be a cursor (an unsigned integer)")
		return
	}
	limit := wire.MaxPull
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n <= 0 {
			fail(w, r, http.StatusBadRequest, "bad_request", "limit must be a positive integer")
			return
		}
		limit = min(n, wire.MaxPull)
	}
	if b := q.Get("backlog"); b != "" {
		if n, err := strconv.ParseUint(b, 10, 64); err == nil {
			s.Store.Touch(t.ID, n, s.Now())
		}
	}
	out, err := s.Store.Changes(t.Merchant, since, limit)
	if err != nil {
		s.storeFail(w, r, err)
		return
	}
	wire.WriteJSON(w, r, http.StatusOK, out)
}

func (s *Server) catalog(w http.ResponseWriter, r *http.Request, t Terminal) {
	items, err := s.Store.Catalog(t.Merchant)
	if err != nil {
		s.storeFail(w, r, err)
		return
	}
	wire.WriteJSON(w, r, http.StatusOK, wire.CatalogResponse{Products: items})
}

func (s *Server) products(w http.ResponseWriter, r *http.Request, t Terminal) {
	var req wire.ProductsRequest
	if !s.readBody(w, r, bigBody, &req) || !version(w, r, req.V) {
		return
	}
	if len(req.Edits) > wire.MaxBatch {
		fail(w, r, http.StatusUnprocessableEntity, "invalid", "too many edits in one request")
		return
	}
	res, err := s.Store.EditProducts(t, req.Edits, s.Now())
	if err != nil {
		s.storeFail(w, r, err)
		return
	}
	wire.WriteJSON(w, r, http.StatusOK, wire.ProductsResponse{Results: res})
}

func (s *Server) payment(w http.ResponseWriter, r *http.Request, t Terminal) {
	ref := r.PathValue("ref")
	if ref == "" || len(ref) > 25 {
		fail(w, r, http.StatusBadRequest, "bad_request", "a QR reference has 1 to 25 characters")
		return
	}
	// Only references this terminal issued: any other, of this merchant,
	// another one or none, gets the same 404.
	if !t.Issued(ref) {
		fail(w, r, http.StatusNotFound, "not_found", "no such reference for this terminal")
		return
	}
	p, err := s.Store.Payment(t.Merchant, ref)
	if err != nil {
		s.storeFail(w, r, err)
		return
	}
	wire.WriteJSON(w, r, http.StatusOK, wire.PaymentResponse{Ref: p.Ref, State: p.State, Amount: p.Amount, Time: p.Time})
}

// notify takes an acquirer notice. The signature is checked on the bytes
// received, before anything is inflated or parsed; the notice is at most
// wire.MaxSmall bytes on the wire and once inflated.
func (s *Server) notify(w http.ResponseWriter, r *http.Request) {
	var n wire.Notice
	if !s.readBody(w, r, noticeBody, &n) {
		return
	}
	if !version(w, r, n.V) {
		return
	}
	if !ValidAccount(n.Account) || n.Ref == "" || len(n.Ref) > 25 || n.Amount <= 0 || (n.Status != wire.PaymentPaid && n.Status != wire.PaymentRefused) {
		fail(w, r, http.StatusUnprocessableEntity, "invalid", "a notice needs account (the merchant account id), ref (1-25 characters), a positive amount and status paid or refused")
		return
	}
	p, err := s.Store.Notify(n, s.Now())
	if err != nil {
		s.storeFail(w, r, err)
		return
	}
	wire.WriteJSON(w, r, http.StatusOK, wire.PaymentResponse{Ref: p.Ref, State: p.State, Amount: p.Amount, Time: p.Time})
}

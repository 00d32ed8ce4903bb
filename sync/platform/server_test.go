package platform_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"hanout/pos"
	"hanout/sync/platform"
	"hanout/sync/platform/boltstore"
	"hanout/sync/wire"
)

var acqSecret = []byte("s3cret")

type fixture struct {
	t     testing.TB
	st    *boltstore.Store
	srv   *httptest.Server
	h     http.Handler
	m1    string
	m2    string
	tok1  string // terminal of m1, till "STAND-1"
	tok2  string // terminal of m2, till "STAND-9"
	term1 platform.Terminal
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	st, err := boltstore.Open(t.TempDir(), boltstore.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	h := (&platform.Server{Store: st, AcquirerSecret: acqSecret, AdminToken: "adm"}).Handler()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	f := &fixture{t: t, st: st, srv: srv, h: h}
	m1, _ := st.AddMerchant("One")
	m2, _ := st.AddMerchant("Two")
	f.m1, f.m2 = m1.ID, m2.ID
	if err := st.SetAcquirer(f.m1, "ACQ-1"); err != nil {
		t.Fatal(err)
	}
	f.tok1 = f.enroll(f.m1, "STAND-1")
	f.tok2 = f.enroll(f.m2, "STAND-9")
	id, _, _ := platform.SplitToken(f.tok1)
	f.term1, _ = st.Terminal(id)
	return f
}

func (f *fixture) enroll(m, till string) string {
	_, code, err := f.st.AddTerminal(m, till)
	if err != nil {
		f.t.Fatal(err)
	}
	var resp wire.EnrollResponse
	install := strings.ReplaceAll(till, "-", "") // STAND1: its QR references are STAND1-…
	if c := f.do("POST", "/v1/enroll", "", wire.EnrollRequest{V: 1, Code: code, Till: "T-new", Install: install}, &resp); c != 200 || resp.Till != till {
		f.t.Fatalf("enroll: %d %+v", c, resp)
	}
	// The code works once.
	if c := f.do("POST", "/v1/enroll", "", wire.EnrollRequest{V: 1, Code: code, Till: till}, nil); c != 403 {
		f.t.Fatalf("second enroll with the same code: %d", c)
	}
	return resp.Token
}

// do sends v (gzip JSON unless it is []byte, sent raw) and decodes the
// answer into out.
func (f *fixture) do(method, path, tok string, v, out any) int {
	f.t.Helper()
	var body io.Reader
	gz := false
	switch b := v.(type) {
	case nil:
	case []byte:
		body = bytes.NewReader(b)
	default:
		raw, err := wire.Gzip(v)
		if err != nil {
			f.t.Fatal(err)
		}
		body, gz = bytes.NewReader(raw), true
	}
	req, _ := http.NewRequest(method, f.srv.URL+path, body)
	if gz {
		req.Header.Set("Content-Encoding", "gzip")
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode == 200 {
		if err := json.Unmarshal(raw, out); err != nil {
			f.t.Fatalf("%s %s: %v: %s", method, path, err, raw)
		}
	}
	if resp.StatusCode != 200 {
		var e wire.ErrorResponse
		if json.Unmarshal(raw, &e) != nil || e.Msg == "" {
			f.t.Fatalf("%s %s: %d without a message: %q", method, path, resp.StatusCode, raw)
		}
	}
	return resp.StatusCode
}

func doc(till string, seq uint64) json.RawMessage {
	d := pos.Document{ID: pos.NewID(), Kind: pos.KindSale, Terminal: till, Receipt: seq, Seq: seq, Time: time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC),
		Cashier: "Ali", Total: 9900, Lines: []pos.Line{{SKU: "ARG", Qty: 1, Price: 9900, Total: 9900}},
		Tenders: []pos.Tender{{Kind: pos.TenderCash, Amount: 9900, Given: 9900, Status: pos.StatusApproved}}}
	b, _ := json.Marshal(d)
	return b
}

func batch(till string, from, n int) wire.PushRequest {
	var docs []json.RawMessage
	for i := range n {
		docs = append(docs, doc(till, uint64(from+i)))
	}
	return chained(make([]byte, 32), docs...)
}

// chained is a push of docs with their journal chain links, the first
// continuing prev.
func chained(prev []byte, docs ...json.RawMessage) wire.PushRequest {
	r := wire.PushRequest{V: 1, Docs: docs}
	for _, d := range docs {
		h := pos.ChainHash(prev, d)
		r.Chain = append(r.Chain, wire.Link{Hash: hex.EncodeToString(h), Prev: hex.EncodeToString(prev)})
		prev = h
	}
	return r
}

func (f *fixture) count(m string) int {
	rows, err := f.st.Export(m)
	if err != nil {
		f.t.Fatal(err)
	}
	return len(rows)
}

// TestSecurity: tokens, merchants and terminals are kept apart, a replay
// stores nothing twice, the acquirer must sign, and the dashboard asks
// for a login. Each step runs on the state the one before left.
func TestSecurity(t *testing.T) {
	f := newFixture(t)
	docs := "/v1/merchants/" + f.m1 + "/documents"
	b := batch("STAND-1", 1, 5)
	securityTokens(t, f, docs, b)
	securityOtherMerchant(t, f)
	securityPushAndReplay(t, f, docs, b)
	securityAcquirer(t, f)
	securityDashboard(t, f)
}

// securityTokens: no token, or a forged one, is refused.
func securityTokens(t *testing.T, f *fixture, docs string, b wire.PushRequest) {
	if c := f.do("POST", docs, "", b, nil); c != 401 {
		t.Fatalf("no token: %d", c)
	}
	id, _, _ := platform.SplitToken(f.tok1)
	if c := f.do("POST", docs, id+".forged", b, nil); c != 401 {
		t.Fatalf("forged token: %d", c)
	}
}

// securityOtherMerchant: another merchant's data, with a valid token: 403
// on every endpoint.
func securityOtherMerchant(t *testing.T, f *fixture) {
	for _, p := range []string{"/documents", "/changes", "/catalog", "/payments/X1"} {
		method, v := "GET", any(nil)
		if p == "/documents" {
			method, v = "POST", batch("STAND-9", 1, 1)
		}
		if c := f.do(method, "/v1/merchants/"+f.m1+p, f.tok2, v, nil); c != 403 {
			t.Fatalf("%s with another merchant's token: %d", p, c)
		}
	}
}

// securityPushAndReplay: a terminal cannot push documents in another
// till's name; its own are stored once, a replay acknowledged again.
func securityPushAndReplay(t *testing.T, f *fixture, docs string, b wire.PushRequest) {
	var resp wire.PushResponse
	if c := f.do("POST", docs, f.tok1, batch("STAND-9", 1, 1), &resp); c != 200 || len(resp.Acked) != 0 ||
		len(resp.Rejected) != 1 || resp.Rejected[0].Code != wire.RejectForbidden || f.count(f.m1) != 0 {
		t.Fatalf("foreign terminal id in documents: %d %+v", c, resp)
	}
	resp = wire.PushResponse{}
	if c := f.do("POST", docs, f.tok1, b, &resp); c != 200 || resp.Stored != 5 || len(resp.Acked) != 5 {
		t.Fatalf("push: %d %+v", c, resp)
	}
	// Replayed: acknowledged again, nothing new stored.
	resp = wire.PushResponse{}
	if c := f.do("POST", docs, f.tok1, b, &resp); c != 200 || resp.Stored != 0 || resp.Duplicates != 5 || len(resp.Acked) != 5 {
		t.Fatalf("replay: %d %+v", c, resp)
	}
	if n := f.count(f.m1); n != 5 {
		t.Fatalf("%d rows after replay", n)
	}
	if n := f.count(f.m2); n != 0 {
		t.Fatalf("merchant 2 got %d rows", n)
	}
}

// securityAcquirer: a bad signature is refused; a good one marks paid.
func securityAcquirer(t *testing.T, f *fixture) {
	notice, _ := json.Marshal(wire.Notice{V: 1, Account: "ACQ-1", Ref: "STAND1-9", Amount: 9900, Status: "paid"})
	for _, sig := range []string{"", "sha256=00", wire.Sign([]byte("wrong"), notice)} {
		if c := f.notify(notice, sig); c != 401 {
			t.Fatalf("signature %q: %d", sig, c)
		}
	}
	if p, _ := f.st.Payment(f.m1, "STAND1-9"); p.State != wire.PaymentPending {
		t.Fatalf("payment after refused notices: %+v", p)
	}
	if c := f.notify(notice, wire.Sign(acqSecret, notice)); c != 200 {
		t.Fatalf("good notice: %d", c)
	}
	var pr wire.PaymentResponse
	if c := f.do("GET", "/v1/merchants/"+f.m1+"/payments/STAND1-9", f.tok1, nil, &pr); c != 200 || pr.State != "paid" || pr.Amount != 9900 {
		t.Fatalf("payment status: %d %+v", c, pr)
	}
}

// securityDashboard: the dashboard needs the admin token; without it, the
// login page.
func securityDashboard(t *testing.T, f *fixture) {
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, p := range []string{"/", "/ops"} {
		res, err := noRedirect.Get(f.srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
			t.Fatalf("%s without auth: %d %s", p, res.StatusCode, res.Header.Get("Location"))
		}
	}
}

func (f *fixture) notify(body []byte, sig string) int {
	req, _ := http.NewRequest("POST", f.srv.URL+"/v1/acquirer/notify", bytes.NewReader(body))
	if sig != "" {
		req.Header.Set(wire.HeaderSignature, sig)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func TestBadInputIs4xxAndStoresNothing(t *testing.T) {
	f := newFixture(t)
	docs := "/v1/merchants/" + f.m1 + "/documents"
	good := doc("STAND-1", 1)
	bomb := gz(bytes.Repeat([]byte(" "), wire.MaxInflated+10))
	cases := []struct {
		name string
		body []byte
		gzip bool
		want int
	}{
		{"malformed", []byte(`{"v":1,"docs":[`), false, 400},
		{"not gzip", []byte(`{"v":1}`), true, 400},
		{"wrong type", []byte(`{"v":"one","docs":[]}`), false, 400},
		{"trailing data", append([]byte(`{"v":1,"docs":[]}`), " {}"...), false, 400},
		{"unknown version", []byte(`{"v":2,"docs":[]}`), false, 400},
		{"no version", []byte(`{"docs":[]}`), false, 400},
		{"oversized", bytes.Repeat([]byte("x"), wire.MaxBody+1), false, 413},
		{"gzip bomb", bomb, true, 413},
		{"too many documents", []byte(`{"v":1,"docs":[` + strings.Repeat(`{},`, wire.MaxBatch) + `{}]}`), false, 422},
	}
	for _, c := range cases {
		req, _ := http.NewRequest("POST", f.srv.URL+docs, bytes.NewReader(c.body))
		if c.gzip {
			req.Header.Set("Content-Encoding", "gzip")
		}
		req.Header.Set("Authorization", "Bearer "+f.tok1)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var e wire.ErrorResponse
		if resp.StatusCode != c.want || json.Unmarshal(raw, &e) != nil || e.Msg == "" {
			t.Errorf("%s: %d %s, want %d with a message", c.name, resp.StatusCode, raw, c.want)
		}
	}
	if c := f.do("GET", "/v2/merchants/"+f.m1+"/changes", f.tok1, nil, nil); c != 404 {
		t.Fatalf("unknown path version: %d", c)
	}
	if c := f.do("GET", "/v1/merchants/"+f.m1+"/changes?since=-1", f.tok1, nil, nil); c != 400 {
		t.Fatalf("bad cursor: %d", c)
	}
	if n := f.count(f.m1); n != 0 {
		t.Fatalf("%d rows stored from bad input", n)
	}
	// The server still works.
	var resp wire.PushResponse
	if c := f.do("POST", docs, f.tok1, chained(make([]byte, 32), good), &resp); c != 200 || resp.Stored != 1 {
		t.Fatalf("after bad input: %d %+v", c, resp)
	}
}

func TestDashboardShowsTheFourTables(t *testing.T) {
	f := newFixture(t)
	f.do("POST", "/v1/merchants/"+f.m1+"/documents", f.tok1, batch("STAND-1", 1, 3), nil)
	req, _ := http.NewRequest("GET", f.srv.URL+"/ops", nil)
	req.SetBasicAuth("admin", "adm")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{"2026-05-01", "One", pos.Money(29700).Format(pos.FR), "STAND-1", "Paiements QR", "survendues"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
}

// FuzzPushDecoding feeds arbitrary bodies to the push endpoint: the
// server never fails with 5xx or panics, and a refused body stores nothing.
func FuzzPushDecoding(f *testing.F) {
	f.Add([]byte(`{"v":1,"docs":[]}`), false)
	f.Add([]byte(`{"v":1,"unsynced":3,"docs":[`+string(doc("STAND-1", 1))+`]}`), false)
	f.Add(gz([]byte(`{"v":1,"docs":[`+string(doc("STAND-1", 2))+`]}`)), true)
	f.Add([]byte(`{"v":1,"docs":[{"id":"00000000-0000-4000-8000-000000000000","kind":"sale","terminal":"STAND-1","seq":1,"receipt":1,"time":"2026-01-01T00:00:00Z","lines":[{"qty":"x"}]}]}`), false)
	f.Add([]byte(`{"v":1,"docs":[null]}`), false)
	f.Add([]byte("\x1f\x8b\x08\x00"), true)
	fx := newFixture(f)
	f.Fuzz(func(t *testing.T, body []byte, zipped bool) {
		before := fx.count(fx.m1)
		req := httptest.NewRequest("POST", "/v1/merchants/"+fx.m1+"/documents", bytes.NewReader(body))
		if zipped {
			req.Header.Set("Content-Encoding", "gzip")
		}
		req.Header.Set("Authorization", "Bearer "+fx.tok1)
		rec := httptest.NewRecorder()
		fx.h.ServeHTTP(rec, req)
		after := fx.count(fx.m1)
		switch {
		case rec.Code >= 500:
			t.Fatalf("status %d for %q: %s", rec.Code, body, rec.Body)
		case rec.Code != 200 && after != before:
			t.Fatalf("refused with %d but stored %d rows", rec.Code, after-before)
		case rec.Code == 200:
			var resp wire.PushResponse
			if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
				t.Fatalf("200 with %q", rec.Body)
			}
		}
		// The decoder alone agrees with the endpoint.
		if !zipped {
			if _, err := platform.DecodePush(body, fx.term1); (err == nil) != (rec.Code == 200) {
				t.Fatalf("DecodePush err=%v but endpoint %d", err, rec.Code)
			}
		}
	})
}

// BenchmarkIngest measures the platform's storage ingest of sales in
// batches of 200 (fsync on; b.N counts sales).
func BenchmarkIngest(b *testing.B) {
	st, err := boltstore.Open(b.TempDir(), boltstore.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	m, _ := st.AddMerchant("Bench")
	term := platform.Terminal{ID: "t-1", Merchant: m.ID, Till: "STAND-1"}
	var docs []platform.Doc
	for i := range b.N {
		raw := doc("STAND-1", uint64(i+1))
		d := new(pos.Document)
		json.Unmarshal(raw, d)
		docs = append(docs, platform.Doc{Raw: raw, Doc: d})
	}
	b.ResetTimer()
	for start := 0; start < len(docs); start += 200 {
		if _, err := st.Ingest(term, docs[start:min(start+200, len(docs))], time.Now()); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "sales/s")
}

// BenchmarkPushEndpoint is ingest through HTTP: gzip, decode, check, store.
func BenchmarkPushEndpoint(b *testing.B) {
	f := newFixture(b)
	var bodies [][]byte
	for start := 0; start < b.N; start += 200 {
		raw, _ := wire.Gzip(batch("STAND-1", start+1, min(200, b.N-start)))
		bodies = append(bodies, raw)
	}
	b.ResetTimer()
	for _, body := range bodies {
		req := httptest.NewRequest("POST", "/v1/merchants/"+f.m1+"/documents", bytes.NewReader(body))
		req.Header.Set("Content-Encoding", "gzip")
		req.Header.Set("Authorization", "Bearer "+f.tok1)
		rec := httptest.NewRecorder()
		f.h.ServeHTTP(rec, req.WithContext(context.Background()))
		if rec.Code != 200 {
			b.Fatal(rec.Code, rec.Body)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "sales/s")
	_ = fmt.Sprint
}

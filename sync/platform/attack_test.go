package platform_test

// Regression tests for issue 10, each written as the attack an enrolled
// till (or anyone on the network) tried against a running platform: a
// real HTTP server on 127.0.0.1 over a real bbolt file.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/metrics"
	gosync "sync"
	"sync/atomic"
	"testing"
	"time"

	"hanout/pos"
	"hanout/sync/platform"
	"hanout/sync/platform/boltstore"
	"hanout/sync/wire"
)

// attackBed is a platform with two merchants, each with its acquirer
// merchant account registered, and helpers speaking raw HTTP.
type attackBed struct {
	t      testing.TB
	st     *boltstore.Store
	h      http.Handler
	srv    *httptest.Server
	m1, m2 string
}

const (
	acct1 = "ACQ-000111"
	acct2 = "ACQ-000222"
)

func newAttackBed(t testing.TB, configure func(*platform.Server)) *attackBed {
	t.Helper()
	st, err := boltstore.Open(t.TempDir(), boltstore.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	s := &platform.Server{Store: st, AcquirerSecret: acqSecret, AdminToken: "adm"}
	if configure != nil {
		configure(s)
	}
	h := s.Handler()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	b := &attackBed{t: t, st: st, h: h, srv: srv}
	m1, _ := st.AddMerchant("One")
	m2, _ := st.AddMerchant("Two")
	b.m1, b.m2 = m1.ID, m2.ID
	b.account(b.m1, acct1)
	b.account(b.m2, acct2)
	return b
}

// account registers the acquirer's merchant account id for a merchant.
func (b *attackBed) account(m, acct string) {
	if s, ok := any(b.st).(interface{ SetAcquirer(string, string) error }); ok {
		if err := s.SetAcquirer(m, acct); err != nil {
			b.t.Fatal(err)
		}
	}
}

// call sends body (raw bytes, or JSON of anything else) and returns the
// status, the raw answer and its headers.
func (b *attackBed) call(method, path, tok string, body any, hdr map[string]string) (int, []byte, http.Header) {
	b.t.Helper()
	var r io.Reader
	switch v := body.(type) {
	case nil:
	case []byte:
		r = bytes.NewReader(v)
	default:
		raw, _ := json.Marshal(v)
		r = bytes.NewReader(raw)
	}
	req, _ := http.NewRequest(method, b.srv.URL+path, r)
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, raw, resp.Header
}

func (b *attackBed) enroll(code, till, install string, committed int) (int, wire.EnrollResponse) {
	b.t.Helper()
	c, raw, _ := b.call("POST", "/v1/enroll", "", map[string]any{"v": 1, "code": code, "till": till, "install": install, "committed": committed}, nil)
	var resp wire.EnrollResponse
	if c == 200 {
		json.Unmarshal(raw, &resp)
	}
	return c, resp
}

func qrSale(till string, receipt uint64, ref string, amount pos.Money) json.RawMessage {
	d := pos.Document{ID: pos.NewID(), Kind: pos.KindSale, Terminal: till, Receipt: receipt, Seq: receipt, Time: time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC),
		Cashier: "Ali", Total: amount, Lines: []pos.Line{{SKU: "ARG", Qty: 1, Price: amount, Total: amount}},
		Tenders: []pos.Tender{{Kind: pos.TenderQRWallet, Amount: amount, Status: pos.StatusUnverified, Reference: ref, ApprovedBy: "Fatima"}}}
	raw, _ := json.Marshal(d)
	return raw
}

// push sends docs, chained from the start of a journal, and returns the
// status; a document refused on its own makes it 4xx too (403 for one in
// another till's name).
func (b *attackBed) push(m, tok string, docs ...json.RawMessage) int {
	b.t.Helper()
	c, raw, _ := b.call("POST", "/v1/merchants/"+m+"/documents", tok, chained(make([]byte, 32), docs...), nil)
	var resp wire.PushResponse
	if c == 200 && json.Unmarshal(raw, &resp) == nil && len(resp.Rejected) > 0 {
		if resp.Rejected[0].Code == wire.RejectForbidden {
			return 403
		}
		b.t.Fatalf("push refused: %s", raw)
	}
	return c
}

// notice posts a signed acquirer notice.
func (b *attackBed) notice(acct, ref string, amount pos.Money, status string) (int, []byte) {
	b.t.Helper()
	raw, _ := json.Marshal(map[string]any{"v": 1, "account": acct, "ref": ref, "amount": amount, "status": status, "time": time.Now().UTC()})
	c, out, _ := b.call("POST", "/v1/acquirer/notify", "", raw, map[string]string{wire.HeaderSignature: wire.Sign(acqSecret, raw)})
	return c, out
}

func (b *attackBed) checks(m, tok string) []pos.TenderCheck {
	b.t.Helper()
	c, raw, _ := b.call("GET", "/v1/merchants/"+m+"/changes", tok, nil, nil)
	if c != 200 {
		b.t.Fatalf("pull: %d %s", c, raw)
	}
	var pr wire.PullResponse
	json.Unmarshal(raw, &pr)
	var out []pos.TenderCheck
	for _, ch := range pr.Changes {
		if ch.Kind == wire.ChangeCheck && ch.Check != nil {
			out = append(out, *ch.Check)
		}
	}
	return out
}

// Finding 1: merchant 2 pushed an unverified sale carrying merchant 1's
// QR reference (printed in the code any customer scans); the acquirer's
// notice then confirmed merchant 2's sale and merchant 1's own status poll
// was answered 403.
func TestAttackQRPaymentTakenOverByAnotherMerchant(t *testing.T) {
	b := newAttackBed(t, nil)
	victim := mustToken(t, b, b.m1, "STAND-1", "AAAAAAAAAA")
	_, r1 := b.enroll(mustCode(t, b, b.m1, "STAND-2"), "STAND-2", "CCCCCCCCCC", 0)
	_, r9 := b.enroll(mustCode(t, b, b.m2, "STAND-9"), "STAND-9", "BBBBBBBBBB", 0)
	ref := "AAAAAAAAAA-1" // issued by merchant 1's till, seen by the customer

	// The thief pushes a sale with the victim's reference first.
	if c := b.push(b.m2, r9.Token, qrSale("STAND-9", 1, ref, 9900)); c != 200 {
		t.Fatalf("thief's push: %d", c)
	}
	// A till of the same merchant that did not issue the reference tries too.
	if c := b.push(b.m1, r1.Token, qrSale("STAND-2", 1, ref, 9900)); c != 200 {
		t.Fatalf("other till's push: %d", c)
	}
	if c, out := b.notice(acct1, ref, 9900, "paid"); c != 200 {
		t.Fatalf("notice: %d %s", c, out)
	}
	// The victim's till still sees its payment.
	c, raw, _ := b.call("GET", "/v1/merchants/"+b.m1+"/payments/"+ref, victim, nil, nil)
	var pr wire.PaymentResponse
	json.Unmarshal(raw, &pr)
	if c != 200 || pr.State != wire.PaymentPaid || pr.Amount != 9900 {
		t.Fatalf("victim's poll: %d %s", c, raw)
	}
	// The thief's feed gets no confirmation, nor the other till's sale.
	if cs := b.checks(b.m2, r9.Token); len(cs) != 0 {
		t.Fatalf("merchant 2's feed confirms %+v", cs)
	}
	if cs := b.checks(b.m1, victim); len(cs) != 0 {
		t.Fatalf("a sale of a till that did not issue the reference was settled: %+v", cs)
	}
	// The victim's own sale is the one the payment settles.
	sale := qrSale("STAND-1", 1, ref, 9900)
	if c := b.push(b.m1, victim, sale); c != 200 {
		t.Fatalf("victim's push: %d", c)
	}
	var d pos.Document
	json.Unmarshal(sale, &d)
	cs := b.checks(b.m1, victim)
	if len(cs) != 1 || cs[0].SaleID != d.ID || cs[0].Status != pos.StatusApproved {
		t.Fatalf("victim's checks: %+v", cs)
	}
}

// Finding 2: a payment no sale has claimed yet was readable by every
// merchant; now another merchant (or another till) gets 404, the same
// answer as for a reference that never existed.
func TestAttackUnclaimedPaymentReadableByEveryMerchant(t *testing.T) {
	b := newAttackBed(t, nil)
	victim := mustToken(t, b, b.m1, "STAND-1", "AAAAAAAAAA")
	other := mustToken(t, b, b.m1, "STAND-2", "CCCCCCCCCC")
	thief := mustToken(t, b, b.m2, "STAND-9", "BBBBBBBBBB")
	ref := "AAAAAAAAAA-7"
	if c, out := b.notice(acct1, ref, 12000, "paid"); c != 200 {
		t.Fatalf("notice: %d %s", c, out)
	}
	c, seen, _ := b.call("GET", "/v1/merchants/"+b.m2+"/payments/"+ref, thief, nil, nil)
	if c != 404 {
		t.Fatalf("another merchant reads an unclaimed payment: %d %s", c, seen)
	}
	_, never, _ := b.call("GET", "/v1/merchants/"+b.m2+"/payments/AAAAAAAAAA-8", thief, nil, nil)
	if !bytes.Equal(seen, never) {
		t.Fatalf("the answer hints the reference exists: %s vs %s", seen, never)
	}
	if c, raw, _ := b.call("GET", "/v1/merchants/"+b.m1+"/payments/"+ref, other, nil, nil); c != 404 {
		t.Fatalf("a till that did not issue the reference reads it: %d %s", c, raw)
	}
	if c, raw, _ := b.call("GET", "/v1/merchants/"+b.m1+"/payments/"+ref, victim, nil, nil); c != 200 || !bytes.Contains(raw, []byte(`"paid"`)) {
		t.Fatalf("the issuing till: %d %s", c, raw)
	}
	// A notice for an account no merchant registered is refused, and
	// creates nothing.
	if c, _ := b.notice("ACQ-999", "BBBBBBBBBB-1", 100, "paid"); c != 404 {
		t.Fatalf("unknown account: %d", c)
	}
}

func mustCode(t *testing.T, b *attackBed, m, name string) string {
	t.Helper()
	_, code, err := b.st.AddTerminal(m, name)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

func mustToken(t *testing.T, b *attackBed, m, name, install string) string {
	t.Helper()
	c, r := b.enroll(mustCode(t, b, m, name), name, install, 0)
	if c != 200 {
		t.Fatalf("enroll %s: %d", name, c)
	}
	return r.Token
}

// Finding 3: a second till of the same merchant declared the first till's
// id at enrollment and pushed receipts 500-502 that came out in the export
// as STAND-1's.
func TestAttackSecondTillPushesInAnotherTillsName(t *testing.T) {
	b := newAttackBed(t, nil)
	first := mustToken(t, b, b.m1, "STAND-1", "AAAAAAAAAA")
	if c := b.push(b.m1, first, doc("STAND-1", 1)); c != 200 {
		t.Fatalf("first till's push: %d", c)
	}
	// The second till claims the first one's identity at enrollment.
	code := mustCode(t, b, b.m1, "STAND-2")
	if c, _ := b.enroll(code, "STAND-1", "CCCCCCCCCC", 3); c != 409 {
		t.Fatalf("enrollment claiming another terminal's identity: %d, want 409", c)
	}
	// The refused claim did not use the code up: enrolled as itself, the
	// till is STAND-2, and its pushes as STAND-1 stay 403.
	c, r := b.enroll(code, "T-1234", "CCCCCCCCCC", 0)
	if c != 200 || r.Name != "STAND-2" {
		t.Fatalf("enrollment as itself: %d %+v", c, r)
	}
	var forged []json.RawMessage
	for n := uint64(500); n <= 502; n++ {
		forged = append(forged, doc("STAND-1", n))
	}
	if c := b.push(b.m1, r.Token, forged...); c != 403 {
		t.Fatalf("push in another till's name: %d", c)
	}
	rows, _ := b.st.Export(b.m1)
	if len(rows) != 1 {
		t.Fatalf("%d rows in the export, want the first till's 1", len(rows))
	}
	// Two terminals of a merchant never share a name either.
	if _, _, err := b.st.AddTerminal(b.m1, "stand-1"); err == nil {
		t.Fatal("a second terminal named like STAND-1 was added")
	}
}

// heapInUse is the bytes of heap objects, live or not yet swept.
func heapInUse() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// Finding 4: anyone, without credentials, could make the server inflate
// 16 MiB per request at notify (decompressed before the HMAC check) and
// enroll (no credential at all). 100 such bodies at each at once now cost
// the server less than 64 MiB in all, and each gets a 4xx or a 503.
func TestAttackUnauthenticatedInflationCostsNothing(t *testing.T) {
	b := newAttackBed(t, nil)
	bomb := gz(bytes.Repeat([]byte{' '}, 16<<20))
	signed := wire.Sign(acqSecret, bomb) // even a signed one is bounded
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 200}}
	t.Cleanup(client.CloseIdleConnections)

	runtime.GC()
	base := heapInUse()
	var peak atomic.Uint64
	stop, sampled := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(200 * time.Microsecond)
		defer tick.Stop()
		for {
			if h := heapInUse(); h > peak.Load() {
				peak.Store(h)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()

	const n = 100
	codes := make([]int, 2*n)
	errs := make([]error, 2*n)
	var wg gosync.WaitGroup
	for i := range 2 * n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			path, hdr := "/v1/enroll", map[string]string{}
			if i%2 == 1 {
				path = "/v1/acquirer/notify"
				if i%4 == 1 {
					hdr[wire.HeaderSignature] = signed
				}
			}
			req, _ := http.NewRequest("POST", b.srv.URL+path, bytes.NewReader(bomb))
			req.Header.Set("Content-Encoding", "gzip")
			for k, v := range hdr {
				req.Header.Set(k, v)
			}
			resp, err := client.Do(req)
			if err != nil {
				errs[i] = err
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			codes[i] = resp.StatusCode
		}()
	}
	wg.Wait()
	close(stop)
	<-sampled
	grew := int64(peak.Load()) - int64(base)
	t.Logf("heap objects: %d MiB before, peak %d MiB (%+d KiB)", base>>20, peak.Load()>>20, grew>>10)
	seen := map[int]int{}
	for i, c := range codes {
		if errs[i] != nil {
			t.Fatalf("request %d: %v", i, errs[i])
		}
		seen[c]++
		if c < 400 || c >= 500 && c != 503 {
			t.Errorf("request %d answered %d", i, c)
		}
	}
	t.Logf("answers: %v", seen)
	if grew >= 64<<20 {
		t.Fatalf("peak heap grew by %d MiB, want < 64 MiB", grew>>20)
	}
}

// Finding 5a: there was no way to revoke a lost till's token. Revoked, it
// is refused at once with 401 "revoked", which the till translates.
func TestAttackLostTillTokenRevoked(t *testing.T) {
	b := newAttackBed(t, nil)
	tok := mustToken(t, b, b.m1, "STAND-1", "AAAAAAAAAA")
	if c := b.push(b.m1, tok, doc("STAND-1", 1)); c != 200 {
		t.Fatalf("push before revocation: %d", c)
	}
	id, _, _ := platform.SplitToken(tok)
	rv, ok := any(b.st).(interface {
		RevokeTerminal(string, time.Time) (platform.Terminal, error)
	})
	if !ok {
		t.Fatal("the platform has no way to revoke a terminal")
	}
	if _, err := rv.RevokeTerminal(id, time.Now()); err != nil {
		t.Fatal(err)
	}
	c, raw, _ := b.call("POST", "/v1/merchants/"+b.m1+"/documents", tok, chained(make([]byte, 32), doc("STAND-1", 2)), nil)
	var e wire.ErrorResponse
	json.Unmarshal(raw, &e)
	if c != 401 || e.Error != "revoked" {
		t.Fatalf("revoked token: %d %s", c, raw)
	}
	if rows, _ := b.st.Export(b.m1); len(rows) != 1 {
		t.Fatalf("%d rows after a push with a revoked token", len(rows))
	}
	// A guessed secret for the same terminal is only "unauthorized".
	c, raw, _ = b.call("GET", "/v1/merchants/"+b.m1+"/catalog", id+".guess", nil, nil)
	if json.Unmarshal(raw, &e); c != 401 || e.Error != "unauthorized" {
		t.Fatalf("guessed token: %d %s", c, raw)
	}
}

// Finding 5b: an oversized notice got 400 instead of 413; too large is
// 413 at every endpoint, on the wire or once inflated.
func TestAttackOversizedIs413Everywhere(t *testing.T) {
	b := newAttackBed(t, nil)
	tok := mustToken(t, b, b.m1, "STAND-1", "AAAAAAAAAA")
	big := bytes.Repeat([]byte("x"), wire.MaxBody+1)
	small := bytes.Repeat([]byte(" "), 64<<10+1) // one byte over the limit of enroll and notify
	cases := []struct {
		path, tok string
		body      []byte
		gzip      bool
		sign      bool
	}{
		{"/v1/acquirer/notify", "", big, false, true},
		{"/v1/acquirer/notify", "", small, false, true},
		{"/v1/acquirer/notify", "", gz(small), true, true},
		{"/v1/enroll", "", small, false, false},
		{"/v1/enroll", "", gz(small), true, false},
		{"/v1/merchants/" + b.m1 + "/documents", tok, big, false, false},
		{"/v1/merchants/" + b.m1 + "/products", tok, big, false, false},
	}
	for _, c := range cases {
		hdr := map[string]string{}
		if c.gzip {
			hdr["Content-Encoding"] = "gzip"
		}
		if c.sign {
			hdr[wire.HeaderSignature] = wire.Sign(acqSecret, c.body)
		}
		if code, raw, _ := b.call("POST", c.path, c.tok, c.body, hdr); code != 413 {
			t.Errorf("%s with %d bytes (gzip %v): %d %.200s", c.path, len(c.body), c.gzip, code, raw)
		}
	}
	// The HMAC covers the bytes received: a compressed notice signed on
	// its inflated form is refused, one signed on the bytes sent is read.
	plain, _ := json.Marshal(map[string]any{"v": 1, "account": acct1, "ref": "AAAAAAAAAA-3", "amount": 500, "status": "paid"})
	hdr := map[string]string{"Content-Encoding": "gzip", wire.HeaderSignature: wire.Sign(acqSecret, plain)}
	if code, raw, _ := b.call("POST", "/v1/acquirer/notify", "", gz(plain), hdr); code != 401 {
		t.Fatalf("signature over the inflated body: %d %s", code, raw)
	}
	zipped := gz(plain)
	hdr[wire.HeaderSignature] = wire.Sign(acqSecret, zipped)
	if code, raw, _ := b.call("POST", "/v1/acquirer/notify", "", zipped, hdr); code != 200 {
		t.Fatalf("signature over the bytes sent: %d %s", code, raw)
	}
}

// Finding 5c: a notice "paid" after an earlier "refused" for the same
// reference was dropped silently. It is recorded and on the dashboard.
func TestAttackLaterContradictingNoticeNotDropped(t *testing.T) {
	b := newAttackBed(t, nil)
	ref := "AAAAAAAAAA-5"
	if c, out := b.notice(acct1, ref, 7700, "refused"); c != 200 {
		t.Fatalf("first notice: %d %s", c, out)
	}
	c, out := b.notice(acct1, ref, 7700, "paid")
	if c != 409 {
		t.Fatalf("contradicting notice: %d %s", c, out)
	}
	// The same contradiction again (an acquirer retrying) is one record.
	b.notice(acct1, ref, 7700, "paid")
	c, page, _ := b.call("GET", "/ops", "", nil, map[string]string{"Authorization": "Basic " + basic("admin", "adm")})
	if c != 200 || !bytes.Contains(page, []byte(ref)) || bytes.Count(page, []byte(ref)) != 1 {
		t.Fatalf("dashboard (%d) does not show the contradiction once:\n%s", c, page)
	}
	for _, want := range []string{"refusé", "payé", pos.Money(7700).Format(pos.FR)} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
}

func basic(user, pass string) string {
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + pass))
}

// Every endpoint bounds the requests it serves at once: beyond, 503 with
// Retry-After. A request holds its place while the server reads its body.
func TestRequestsInFlightAreBounded(t *testing.T) {
	var srv *platform.Server
	b := newAttackBed(t, func(s *platform.Server) { s.Limits.InFlight, s.Limits.Unauthenticated = 1, 1; srv = s })
	tok := mustToken(t, b, b.m1, "STAND-1", "AAAAAAAAAA")
	for _, path := range []string{"/v1/acquirer/notify", "/v1/enroll", "/v1/merchants/" + b.m1 + "/products"} {
		pr, pw := io.Pipe()
		req, _ := http.NewRequest("POST", b.srv.URL+path, pr)
		req.Header.Set("Authorization", "Bearer "+tok)
		done := make(chan struct{})
		go func() {
			defer close(done)
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
			}
		}()
		for platform.Busy(srv) == 0 { // the first request holds its place
			runtime.Gosched()
		}
		c, raw, h := b.call("POST", path, tok, []byte(`{}`), nil)
		pw.Close()
		<-done
		for platform.Busy(srv) != 0 {
			runtime.Gosched()
		}
		if c != 503 || h.Get("Retry-After") == "" {
			t.Fatalf("%s beyond its bound: %d %s (Retry-After %q)", path, c, raw, h.Get("Retry-After"))
		}
		// Once it is done, the endpoint serves again.
		if c, _, _ := b.call("POST", path, tok, []byte(`{}`), nil); c == 503 {
			t.Fatalf("%s still busy", path)
		}
	}
}

// Enrollment attempts are limited per client address: guessing codes
// gets 429 long before it could find one.
func TestEnrollmentAttemptsLimitedPerAddress(t *testing.T) {
	b := newAttackBed(t, func(s *platform.Server) { s.Limits.EnrollPerMinute = 5 })
	code := mustCode(t, b, b.m1, "STAND-1")
	statuses := map[int]int{}
	for i := range 20 {
		c, _ := b.enroll(fmt.Sprintf("AAAA-BBBB-CCCC-%04d", i), "T-1", "AAAAAAAAAA", 0)
		statuses[c]++
	}
	if statuses[403] != 5 || statuses[429] != 15 {
		t.Fatalf("guesses answered %v, want 5 × 403 then 429", statuses)
	}
	if c, _ := b.enroll(code, "T-1", "AAAAAAAAAA", 0); c != 429 {
		t.Fatalf("the right code after the limit: %d", c)
	}
}

// Two enrollments with the same code at once: exactly one wins.
func TestEnrollmentRaceOneWins(t *testing.T) {
	b := newAttackBed(t, func(s *platform.Server) { s.Limits.EnrollPerMinute = 1000 })
	for round := range 10 {
		code := mustCode(t, b, b.m1, fmt.Sprintf("STAND-%d", round))
		var wg gosync.WaitGroup
		var got [2]int
		start := make(chan struct{})
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				raw, _ := json.Marshal(map[string]any{"v": 1, "code": code, "till": "T-1", "install": fmt.Sprintf("INST%02dX%d", round, i)})
				resp, err := http.Post(b.srv.URL+"/v1/enroll", "application/json", bytes.NewReader(raw))
				if err == nil {
					resp.Body.Close()
					got[i] = resp.StatusCode
				}
			}()
		}
		close(start)
		wg.Wait()
		if !(got[0] == 200 && got[1] == 403 || got[0] == 403 && got[1] == 200) {
			t.Fatalf("round %d: answers %v, want one 200 and one 403", round, got)
		}
	}
}

// FuzzEnrollAndNotify feeds arbitrary bodies, plain or gzip, signed or
// not, to the two endpoints anyone can reach: never a 5xx but 503, never
// a panic, and a notice is only taken when it is signed.
func FuzzEnrollAndNotify(f *testing.F) {
	f.Add([]byte(`{"v":1,"code":"AAAA-BBBB-CCCC-DDDD","till":"T-1","install":"ABCDEFGHJK"}`), false, false, false)
	f.Add([]byte(`{"v":1,"code":"x","till":"T 1","committed":3,"receipts":2,"install":"abc"}`), false, false, false)
	f.Add([]byte(`{"v":1,"account":"ACQ-000111","ref":"AAAAAAAAAA-1","amount":9900,"status":"paid"}`), true, true, false)
	f.Add([]byte(`{"v":1,"account":"ACQ-000111","ref":"AAAAAAAAAA-1","amount":-5,"status":"paid"}`), true, true, true)
	f.Add([]byte(`{"v":1,"account":"","ref":"","amount":0}`), true, false, false)
	f.Add([]byte("\x1f\x8b\x08\x00"), false, false, true)
	f.Add(bytes.Repeat([]byte("{"), 70000), true, true, false)
	b := newAttackBed(f, func(s *platform.Server) { s.Limits.EnrollPerMinute = 1 << 30 })
	f.Fuzz(func(t *testing.T, body []byte, notice, sign, zipped bool) {
		path := "/v1/enroll"
		if notice {
			path = "/v1/acquirer/notify"
		}
		sent := body
		if zipped {
			sent = gz(body)
		}
		req := httptest.NewRequest("POST", path, bytes.NewReader(sent))
		if zipped {
			req.Header.Set("Content-Encoding", "gzip")
		}
		if sign {
			req.Header.Set(wire.HeaderSignature, wire.Sign(acqSecret, sent))
		}
		rec := httptest.NewRecorder()
		b.h.ServeHTTP(rec, req)
		switch {
		case rec.Code >= 500 && rec.Code != 503:
			t.Fatalf("%s: %d for %q: %s", path, rec.Code, body, rec.Body)
		case notice && !sign && rec.Code != 401 && rec.Code != 413:
			t.Fatalf("unsigned notice answered %d", rec.Code)
		case rec.Code != 200 && !json.Valid(rec.Body.Bytes()):
			t.Fatalf("%d without a JSON error: %q", rec.Code, rec.Body)
		}
	})
}

// A client trickling its body to enroll or notify loses its place when
// the body has not come within SmallBodyTime.
func TestSlowBodyLosesItsPlace(t *testing.T) {
	old := platform.SmallBodyTime
	platform.SmallBodyTime = 50 * time.Millisecond
	t.Cleanup(func() { platform.SmallBodyTime = old })
	var srv *platform.Server
	b := newAttackBed(t, func(s *platform.Server) { srv = s })
	for _, path := range []string{"/v1/enroll", "/v1/acquirer/notify"} {
		pr, pw := io.Pipe()
		wrote := make(chan struct{})
		go func() { pw.Write([]byte("{")); close(wrote) }() // and nothing more
		req, _ := http.NewRequest("POST", b.srv.URL+path, pr)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode < 400 {
				t.Fatalf("%s: %d", path, resp.StatusCode)
			}
		}
		pw.Close()
		<-wrote
		for platform.Busy(srv) != 0 {
			runtime.Gosched()
		}
	}
}

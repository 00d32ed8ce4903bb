package platform_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"hanout/pos"
	"hanout/sync/platform"
)

// receiptFix is the web fixture plus a sale with a receipt key (taxes,
// a ticket discount, cash with change and a card), anchored with its real
// chain hash, and a refund of part of it, both of the first merchant.
type receiptFix struct {
	*webFix
	sale, refund *pos.Document
	chain        []byte
}

func newReceiptFix(t testing.TB) *receiptFix {
	t.Helper()
	f := &receiptFix{webFix: newWebFix(t, false)}
	ts, err := f.st.Terminals(f.m1.ID)
	if err != nil || len(ts) != 1 {
		t.Fatalf("terminals %v %v", ts, err)
	}
	tk := &pos.Ticket{}
	for _, p := range []pos.Product{
		{SKU: "TAJ-01", Name: pos.Names{FR: "Tajine peint", AR: "طاجين مزخرف", EN: "Painted tajine"}, Price: 25000, Floor: 20000, Tax: 2000, Stock: 5, Active: true},
		{SKU: "BOL-02", Name: pos.Names{FR: "Bol émaillé", AR: "زبدية مزججة", EN: "Glazed bowl"}, Price: 6000, Floor: 5000, Tax: 1000, Stock: 5, Active: true},
	} {
		if err := tk.Add(&p, 2); err != nil {
			t.Fatal(err)
		}
	}
	if err := tk.SetDiscount(1000, ""); err != nil {
		t.Fatal(err)
	}
	total, _ := tk.Compute()
	cash, _ := pos.CashTender(50000, total-20000)
	sale, err := tk.Sale([]pos.Tender{{Kind: pos.TenderCard, Amount: 20000, CardMasked: "497010******1234", Status: pos.StatusApproved}, cash}, "Aicha", "shift-1", webNow.Add(-30*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	sale.Terminal, sale.Receipt, sale.Seq = "FES-1", 1042, 1042
	_, rt, err := pos.RefundLines(sale, nil, map[int]int64{1: 1})
	if err != nil {
		t.Fatal(err)
	}
	refund, err := pos.Refund(sale, nil, map[int]int64{1: 1}, []pos.Tender{{Kind: pos.TenderCash, Amount: rt, Given: rt, Status: pos.StatusApproved}}, "Aicha", "shift-1", "Fatima", "cassé", webNow.Add(-10*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	refund.Terminal, refund.Receipt, refund.Seq = "FES-1", 1043, 1043
	prev := sha256.Sum256([]byte("the entry before"))
	var docs []platform.Doc
	var anchors []platform.Anchor
	p := prev[:]
	for _, d := range []*pos.Document{sale, refund} {
		raw, _ := json.Marshal(d)
		h := pos.ChainHash(p, raw)
		docs = append(docs, platform.Doc{Raw: raw, Doc: d})
		anchors = append(anchors, platform.Anchor{Seq: d.Seq, ID: d.ID, Receipt: d.Receipt, Hash: hex.EncodeToString(h), Prev: hex.EncodeToString(p), State: platform.AnchorOK, Time: webNow})
		if d == sale {
			f.chain = h
		}
		p = h
	}
	if _, err := f.st.Ingest(ts[0], docs, webNow); err != nil {
		t.Fatal(err)
	}
	if err := f.st.PutAnchors(ts[0].ID, anchors); err != nil {
		t.Fatal(err)
	}
	f.sale, f.refund = sale, refund
	return f
}

func receiptPath(d *pos.Document, key string) string {
	return "/r/" + d.ID + "?k=" + url.QueryEscape(key)
}

var hrefRE = regexp.MustCompile(`(?:href|src|action)="([^"]*)"`)

// The customer's link opens the receipt: the shop, its number, lines,
// taxes, tenders, total and the journal fingerprint printed on the paper,
// in the language the phone asks for, and nothing else of the merchant.
func TestReceiptPage(t *testing.T) {
	f := newReceiptFix(t)
	b := f.browser()
	b.lang = "fr-FR,fr;q=0.9"
	code, page, h := b.get(receiptPath(f.sale, f.sale.Key))
	if code != http.StatusOK {
		t.Fatalf("the receipt's link: %d\n%s", code, page)
	}
	fp := pos.Fingerprint(f.chain)
	contains(t, page, `lang="fr"`, `dir="ltr"`, "Coopérative Fès Poterie", "Fès", "Ticket n° 001042", `id="total">`+f.sale.Total.Format(pos.FR)+"<",
		"Tajine peint", "Bol émaillé", "Remise", "Dont TVA", "20 %", "10 %", `Carte <bdi dir="ltr">497010******1234</bdi>`, "Espèces", "Rendu",
		`id="fingerprint" dir="ltr">`+fp+"<", `name="viewport"`, "@media print", "Imprimer")
	if len(fp) != 8 {
		t.Fatalf("fingerprint %q", fp)
	}
	for k, want := range map[string]string{
		"Referrer-Policy":        "no-referrer",
		"Cache-Control":          "no-store",
		"X-Frame-Options":        "DENY",
		"X-Content-Type-Options": "nosniff",
	} {
		if h.Get(k) != want {
			t.Errorf("%s: %q, want %q", k, h.Get(k), want)
		}
	}
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "script-src 'sha256-") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("CSP %q", csp)
	}
	// Nothing of the merchant is reachable from it: its only links are
	// itself in the other languages.
	for _, m := range hrefRE.FindAllStringSubmatch(page, -1) {
		if !strings.HasPrefix(m[1], "/r/"+f.sale.ID+"?") {
			t.Errorf("the receipt links to %q", m[1])
		}
	}
	for _, not := range []string{"/m/", f.m1.ID, "fatima@", "Aicha", f.refund.ID, "TAZ", "Taznakht"} {
		if strings.Contains(page, not) {
			t.Errorf("the receipt page shows %q", not)
		}
	}

	// In Arabic from the phone's language, in English from the switch.
	b.lang = "ar-MA,ar;q=0.9,fr;q=0.5"
	_, page, _ = b.get(receiptPath(f.sale, f.sale.Key))
	contains(t, page, `lang="ar"`, `dir="rtl"`, "تذكرة رقم 001042", `id="total">`+f.sale.Total.Format(pos.AR)+"<", "طاجين مزخرف", "بصمة السجل", fp)
	_, page, _ = b.get(receiptPath(f.sale, f.sale.Key) + "&lang=en")
	contains(t, page, `lang="en"`, "Receipt no. 001042", `id="total">`+f.sale.Total.Format(pos.EN)+"<", "Painted tajine", "VAT included")

	// The refund has its own key and page.
	b.lang = "fr"
	code, page, _ = b.get(receiptPath(f.refund, f.refund.Key))
	if code != http.StatusOK {
		t.Fatalf("the refund's link: %d", code)
	}
	contains(t, page, "Avoir n° 001043", "Sur le ticket n° 001042", `id="total">`+f.refund.Total.Format(pos.FR)+"<")
}

// The attack: guessing. A wrong key, another receipt's key, an unknown
// document, a document without a key, a document that is no receipt and
// a malformed link all get the very same 404 page.
func TestReceiptPageWrongKeyIsTheSame404AsNoDocument(t *testing.T) {
	f := newReceiptFix(t)
	b := f.browser()
	b.lang = "fr"
	wrong := []byte(f.sale.Key)
	wrong[0] ^= 1
	if wrong[0] == '-' || wrong[0] == '_' {
		wrong[0] = 'a'
	}
	old, err := f.st.Documents(f.m1.ID, webNow.Add(-7*24*time.Hour), webNow.Add(time.Hour))
	if err != nil || len(old) == 0 || old[0].Key != "" {
		t.Fatalf("the fixture's old sales carry no key: %v", err)
	}
	code0, want, h0 := b.get(receiptPath(&pos.Document{ID: pos.NewID()}, f.sale.Key))
	if code0 != http.StatusNotFound || !strings.Contains(want, "Ticket introuvable") || h0.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("unknown document: %d %q", code0, want)
	}
	for name, p := range map[string]string{
		"wrong key":                 receiptPath(f.sale, string(wrong)),
		"another receipt's key":     receiptPath(f.sale, f.refund.Key),
		"a key one character short": receiptPath(f.sale, f.sale.Key[:len(f.sale.Key)-1]),
		"the key twice":             receiptPath(f.sale, f.sale.Key+f.sale.Key),
		"no key":                    "/r/" + f.sale.ID,
		"an empty key":              "/r/" + f.sale.ID + "?k=",
		"a sale without a key":      receiptPath(old[0], f.sale.Key),
		"a sale without a key, k=":  "/r/" + old[0].ID + "?k=",
		"not a document id":         receiptPath(&pos.Document{ID: "m-" + f.m1.ID}, f.sale.Key),
		"upper-case id":             receiptPath(&pos.Document{ID: strings.ToUpper(f.sale.ID)}, f.sale.Key),
		"key in another parameter":  "/r/" + f.sale.ID + "?key=" + f.sale.Key,
	} {
		code, body, h := b.get(p)
		if code != http.StatusNotFound || body != want || h.Get("Content-Security-Policy") != h0.Get("Content-Security-Policy") {
			t.Errorf("%s (%s): %d, body differs: %v", name, p, code, body != want)
		}
	}
	// The right key still opens it.
	if code, _, _ := b.get(receiptPath(f.sale, f.sale.Key)); code != http.StatusOK {
		t.Fatalf("right key: %d", code)
	}
}

// Requests for receipts are rate-limited per client address.
func TestReceiptPageIsRateLimited(t *testing.T) {
	f := newReceiptFix(t)
	b := f.browser()
	n := 0
	for ; n < 100; n++ {
		code, _, h := b.get(receiptPath(&pos.Document{ID: pos.NewID()}, f.sale.Key))
		if code == http.StatusTooManyRequests {
			if h.Get("Retry-After") == "" {
				t.Fatal("429 without Retry-After")
			}
			break
		}
		if code != http.StatusNotFound {
			t.Fatalf("request %d: %d", n, code)
		}
	}
	if n != 30 {
		t.Fatalf("%d requests before 429, want 30", n)
	}
	// Even the right link waits (the clock of the fixture stands still).
	if code, _, _ := b.get(receiptPath(f.sale, f.sale.Key)); code != http.StatusTooManyRequests {
		t.Fatalf("right link over the rate: %d", code)
	}
}

// FuzzReceiptLink feeds arbitrary ids, keys and languages to /r/: never a
// 5xx or a panic, and the receipt only for its own id and key.
func FuzzReceiptLink(f *testing.F) {
	fx := newReceiptFix(f)
	f.Add(fx.sale.ID, fx.sale.Key, "fr")
	f.Add(fx.sale.ID, fx.refund.Key, "ar-MA")
	f.Add(fx.sale.ID, fx.sale.Key+"=", "en;q=abc")
	f.Add(strings.ToUpper(fx.sale.ID), fx.sale.Key, "")
	f.Add("../m/"+fx.m1.ID, "", "*")
	f.Add(fx.sale.ID+"/x", strings.Repeat("A", 4096), strings.Repeat("ar,", 300))
	f.Add("", "%00", "\x00")
	h := (&platform.Server{Store: fx.st, Now: func() time.Time { return webNow }, Limits: platform.Limits{ReceiptPerMinute: 1 << 30}}).Handler()
	f.Fuzz(func(t *testing.T, id, key, lang string) {
		req := httptest.NewRequest("GET", "/r/"+url.PathEscape(id)+"?"+url.Values{"k": {key}}.Encode(), nil)
		req.Header.Set("Accept-Language", lang)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		body := rec.Body.String()
		switch {
		case rec.Code >= 500:
			t.Fatalf("/r/%q?k=%q: %d", id, key, rec.Code)
		case id == fx.sale.ID && key == fx.sale.Key:
			if rec.Code != http.StatusOK {
				t.Fatalf("the right link: %d", rec.Code)
			}
		case rec.Code == http.StatusOK || strings.Contains(body, "001042") || strings.Contains(body, fx.m1.Name):
			t.Fatalf("/r/%q?k=%q shows a receipt: %d", id, key, rec.Code)
		}
	})
}

package platform

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"hanout/pos"
	"hanout/pos/i18n"
)

// The digital receipt: GET /r/<document id>?k=<receipt key> shows one sale
// or refund to whoever holds its link (the customer who scanned its QR
// code). A wrong key, a document without a key, another kind of document
// and no document at all get the same 404, by the same path: the store is
// asked, then the key compared in constant time (against a dummy when
// there is nothing to compare with). The page links to nothing of the
// merchant; requests are rate-limited per client address.

// receiptPrintJS is the page's only script: the print button. Its hash is
// in the page's Content-Security-Policy, so no other script can run.
const receiptPrintJS = `document.getElementById("print").addEventListener("click", function () { window.print(); });`

var receiptCSP = func() string {
	h := sha256.Sum256([]byte(receiptPrintJS))
	return "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-" + base64.StdEncoding.EncodeToString(h[:]) +
		"'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
}()

// dummyReceiptKey is compared when there is no key to compare with.
var dummyReceiptKey = pos.NewReceiptKey()

var receiptTemplates = template.Must(template.New("receipt.html").Funcs(langFuncs(pos.FR)).ParseFS(templates, "templates/receipt.html"))

type receiptView struct {
	Lang    pos.Lang
	Dir     string
	Title   string
	Message string
	Langs   []receiptLang
	Script  template.JS

	Shop, City, Number, RefundOf, When, Till string
	Lines                                    []receiptLine
	Discount, Total                          string
	Taxes                                    []receiptTax
	Tenders                                  []receiptTender
	Fingerprint                              string
}

type receiptLang struct {
	Lang    pos.Lang
	Name    string
	URL     string
	Current bool
}

type receiptLine struct{ Name, Qty, Price, Discount, Amount string }
type receiptTax struct{ Rate, Net, Tax string }
type receiptTender struct{ Label, Card, Unverified, Foreign, Amount, Given, Change string }

func (s *Server) receiptPage(w http.ResponseWriter, r *http.Request) {
	l := acceptLang(r.Header.Get("Accept-Language"))
	if q := r.URL.Query().Get("lang"); q != "" {
		l = pos.ParseLang(q)
	}
	h := w.Header()
	h.Set("Content-Security-Policy", receiptCSP)
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	if ok, retry := s.receiptRate.allow(clientAddr(r), s.Now()); !ok {
		h.Set("Retry-After", strconv.Itoa(int(retry/time.Second)+1))
		s.receiptMissing(w, l, http.StatusTooManyRequests, "ereceipt.page.too_many")
		return
	}
	id, key := r.PathValue("id"), r.URL.Query().Get("k")
	var rec PublicReceipt
	found := false
	if uuidRE.MatchString(id) && pos.ValidReceiptKey(key) {
		var err error
		rec, err = s.Store.Receipt(id)
		if err != nil && !errors.Is(err, ErrNotFound) {
			s.Log.Printf("platform: receipt: %v", err)
			s.receiptMissing(w, l, http.StatusServiceUnavailable, "web.error")
			return
		}
		found = err == nil && rec.Doc != nil && rec.Doc.Key != ""
	}
	want := dummyReceiptKey
	if found {
		want = rec.Doc.Key
	}
	a, b := sha256.Sum256([]byte(key)), sha256.Sum256([]byte(want))
	if subtle.ConstantTimeCompare(a[:], b[:]) != 1 || !found {
		s.receiptMissing(w, l, http.StatusNotFound, "ereceipt.page.not_found_text")
		return
	}
	s.renderReceipt(w, r, l, rec)
}

// receiptMissing is the page for everything but a receipt: the same
// bytes whatever was asked, in the language asked.
func (s *Server) receiptMissing(w http.ResponseWriter, l pos.Lang, status int, msg string) {
	title := i18n.T(l, "ereceipt.page.not_found")
	if status == http.StatusTooManyRequests {
		title = i18n.T(l, "ereceipt.page.too_many")
		msg = ""
	}
	v := receiptView{Lang: l, Dir: dir(l), Title: title}
	if msg != "" {
		v.Message = i18n.T(l, msg)
	}
	s.execReceipt(w, l, status, "receipt-missing", v)
}

func dir(l pos.Lang) string {
	if l == pos.AR {
		return "rtl"
	}
	return "ltr"
}

func (s *Server) execReceipt(w http.ResponseWriter, l pos.Lang, status int, name string, v receiptView) {
	t, err := receiptTemplates.Clone()
	if err == nil {
		t = t.Funcs(langFuncs(l))
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		err = t.ExecuteTemplate(w, name, v)
	}
	if err != nil {
		s.Log.Printf("platform: receipt page: %v", err)
	}
}

func (s *Server) renderReceipt(w http.ResponseWriter, r *http.Request, l pos.Lang, rec PublicReceipt) {
	d := rec.Doc
	t := func(key string, args ...any) string { return i18n.T(l, key, args...) }
	money := func(m pos.Money) string { return m.Format(l) }
	num := fmt.Sprintf("%06d", d.Receipt)
	v := receiptView{Lang: l, Dir: dir(l), Script: template.JS(receiptPrintJS),
		Shop: rec.Merchant.Name, City: rec.Merchant.City, Till: d.Terminal,
		When: d.Time.Format("02/01/2006 15:04"), Total: money(d.Total)}
	v.Number = t("ereceipt.page.title", num)
	if d.Kind == pos.KindRefund {
		v.Number = t("ereceipt.page.refund_title", num)
		if d.RefundOfReceipt != 0 {
			v.RefundOf = t("ereceipt.page.refund_of", fmt.Sprintf("%06d", d.RefundOfReceipt))
		}
	}
	v.Title = v.Number + " — " + rec.Merchant.Name
	for _, x := range pos.Langs {
		q := url.Values{"k": {d.Key}, "lang": {string(x)}}
		v.Langs = append(v.Langs, receiptLang{Lang: x, Current: x == l, URL: "/r/" + url.PathEscape(d.ID) + "?" + q.Encode(),
			Name: map[pos.Lang]string{pos.FR: "Français", pos.AR: "العربية", pos.EN: "English"}[x]})
	}
	for _, ln := range d.Lines {
		rl := receiptLine{Name: ln.Name.In(l), Qty: strconv.FormatInt(ln.Qty, 10), Price: money(ln.Price), Amount: money(pos.Money(ln.Qty)*ln.Price - ln.Discount)}
		if ln.Discount != 0 {
			rl.Discount = money(-ln.Discount)
		}
		v.Lines = append(v.Lines, rl)
	}
	if d.Discount != 0 {
		v.Discount = money(-d.Discount)
	}
	for _, tx := range d.Taxes {
		v.Taxes = append(v.Taxes, receiptTax{Rate: tx.Rate.Percent() + " %", Net: money(tx.Net), Tax: money(tx.Tax)})
	}
	for _, td := range d.Tenders {
		if td.Status == pos.StatusRefused {
			continue
		}
		label := t("ereceipt.page.tender." + string(td.Kind))
		if label == "ereceipt.page.tender."+string(td.Kind) {
			label = t("ereceipt.page.tender.other")
		}
		rt := receiptTender{Label: label, Card: td.CardMasked, Amount: money(td.Amount)}
		if td.Status == pos.StatusUnverified {
			rt.Unverified = t("ereceipt.page.unverified")
		}
		if td.Currency != "" && td.Foreign != 0 && td.Rate > 0 {
			rt.Foreign = t("ereceipt.page.foreign", td.Foreign.Decimal(), td.Currency, strconv.FormatFloat(float64(td.Rate)/pos.RateScale, 'f', -1, 64))
		}
		if td.Change != 0 {
			rt.Given, rt.Change = money(td.Given), money(td.Change)
		}
		v.Tenders = append(v.Tenders, rt)
	}
	if hash, err := hex.DecodeString(rec.Chain); err == nil {
		v.Fingerprint = pos.Fingerprint(hash)
	}
	s.execReceipt(w, l, http.StatusOK, "receipt", v)
}

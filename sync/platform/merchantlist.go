package platform

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"

	"hanout/pos"
)

// The programme page's list of merchants, a page at a time (keyset by
// id) with a search, and the whole list as CSV, streamed page by page.

// MerchantsPerPage is how many merchants the programme page lists at once.
const MerchantsPerPage = 50

// MaxSearch is the longest search kept, in characters; longer is cut.
const MaxSearch = 64

// MaxMerchantPage is the most merchants one MerchantPage call returns.
const MaxMerchantPage = 1000

// MerchantQuery asks a Storage for a page of merchants (MerchantPage).
type MerchantQuery struct {
	// Search keeps the merchants whose name, city or category contains
	// it, ignoring case; "" keeps every one.
	Search string
	// After and Before are merchant ids (the keys of the page's ends):
	// the page is the first merchants after After, or when Before is
	// set the last ones before Before.
	After, Before string
	Limit         int
}

// Clean trims the search and bounds it and the limit.
func (q MerchantQuery) Clean() MerchantQuery {
	q.Search = strings.TrimSpace(printable(q.Search))
	q.After, q.Before = printable(q.After), printable(q.Before)
	if r := []rune(q.Search); len(r) > MaxSearch {
		q.Search = string(r[:MaxSearch])
	}
	if q.Limit <= 0 || q.Limit > MaxMerchantPage {
		q.Limit = MaxMerchantPage
	}
	return q
}

// printable drops what no name or id holds (invalid UTF-8, control
// characters such as NUL, which PostgreSQL refuses in text).
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
}

// Fold is the search's form of a text: lower case.
func Fold(s string) string { return strings.ToLower(s) }

// Matches reports whether m is kept by the search: what a Storage
// without SQL does for MerchantPage.
func (q MerchantQuery) Matches(m Merchant) bool {
	if q.Search == "" {
		return true
	}
	f := Fold(q.Search)
	return strings.Contains(Fold(m.Name), f) || strings.Contains(Fold(m.City), f) || strings.Contains(Fold(m.Category), f)
}

// merchantList is the programme page's section: one page of merchants
// and the links to the pages beside it ("" for none).
type merchantList struct {
	Merchants  []Merchant
	Search     string
	First      bool // the page is the first one
	Prev, Next string
	CSV        string
}

// listMerchants reads the page the request asks for (?q=, ?after= or
// ?before=).
func listMerchants(st Storage, r *http.Request) (merchantList, error) {
	v := r.URL.Query()
	q := MerchantQuery{Search: v.Get("q"), After: v.Get("after"), Before: v.Get("before"), Limit: MerchantsPerPage + 1}.Clean()
	if q.Before != "" {
		q.After = ""
	}
	ms, err := st.MerchantPage(q)
	if err != nil {
		return merchantList{}, err
	}
	l := merchantList{Search: q.Search}
	link := func(k, key string) string {
		u := url.Values{k: {key}}
		if q.Search != "" {
			u.Set("q", q.Search)
		}
		return "/?" + u.Encode()
	}
	more := len(ms) > MerchantsPerPage
	if q.Before != "" {
		if more {
			ms = ms[1:]
		}
		if len(ms) > 0 {
			l.Next = link("after", ms[len(ms)-1].ID)
		}
		if more {
			l.Prev = link("before", ms[0].ID)
		}
	} else {
		if more {
			ms = ms[:MerchantsPerPage]
			l.Next = link("after", ms[len(ms)-1].ID)
		}
		if q.After != "" && len(ms) > 0 {
			l.Prev = link("before", ms[0].ID)
		}
	}
	l.First = l.Prev == ""
	l.Merchants = ms
	l.CSV = "/merchants.csv"
	if q.Search != "" {
		l.CSV += "?" + url.Values{"q": {q.Search}}.Encode()
	}
	return l, nil
}

// merchantsCSV serves /merchants.csv: every merchant (or those the ?q=
// search keeps), by id, written a page at a time as it is read.
func (s *Server) merchantsCSV(w http.ResponseWriter, r *http.Request, _ viewer, l pos.Lang) {
	q := MerchantQuery{Search: r.URL.Query().Get("q"), Limit: MaxMerchantPage}.Clean()
	ms, err := s.Store.MerchantPage(q)
	if err != nil {
		s.Log.Printf("platform: merchants csv: %v", err)
		s.webError(w, r, l, http.StatusInternalServerError, "web.error")
		return
	}
	csvHead(w, "hanout", "merchants")
	cw := csv.NewWriter(w)
	cw.Write([]string{"merchant", "name", "city", "category", "created"})
	for {
		for _, m := range ms {
			cw.Write([]string{m.ID, csvSafe(m.Name), csvSafe(m.City), csvSafe(m.Category), m.Created.In(Zone).Format(time.RFC3339)})
		}
		cw.Flush()
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		if len(ms) < q.Limit {
			return
		}
		q.After = ms[len(ms)-1].ID
		if ms, err = s.Store.MerchantPage(q); err != nil {
			// The status is sent: the list ends short, the log says why.
			s.Log.Printf("platform: merchants csv after %q: %v", q.After, err)
			return
		}
	}
}

// merchantRoutes adds the merchants list's routes.
func (s *Server) merchantRoutes(mux *http.ServeMux, limit int) {
	mux.HandleFunc("GET /merchants.csv", s.gate(limit, s.page(adminOnly, s.merchantsCSV)))
}

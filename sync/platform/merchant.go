package platform

import (
	"encoding/csv"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"sort"
	"strconv"
	"time"

	"hanout/pos"
	"hanout/pos/export"
	"hanout/pos/i18n"
)

const dayFmt = "2006-01-02"

// MaxPeriod is the longest period a merchant's page shows at once.
const MaxPeriod = 366

// period reads ?from= and ?to= (days in Zone, to inclusive), today in
// Zone by default. Both are midnights in Zone.
func period(r *http.Request, now time.Time) (from, to time.Time) {
	today := dayIn(now)
	from, to = today, today
	if t, err := time.ParseInLocation(dayFmt, r.URL.Query().Get("from"), Zone); err == nil {
		from = t
	}
	if t, err := time.ParseInLocation(dayFmt, r.URL.Query().Get("to"), Zone); err == nil {
		to = t
	}
	if to.Before(from) {
		from, to = to, from
	}
	if to.Sub(from) > MaxPeriod*24*time.Hour {
		from = to.AddDate(0, 0, -MaxPeriod)
	}
	return from, to
}

// dayIn is the midnight in Zone that starts t's day there.
func dayIn(t time.Time) time.Time {
	l := t.In(Zone)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, Zone)
}

// MerchantStats is what a merchant's page shows of a period.
type MerchantStats struct {
	Merchant Merchant
	From, To string
	// Week and Month are the first days of the 7 and 30 days ending To.
	Week, Month string
	Sum         DayFigure
	Average     pos.Money
	Days        []DayFigure
	Hours       [24]DayFigure
	// Heat counts sales by weekday (0 Sunday) and hour, in Zone.
	Heat     [7][24]int
	Tenders  []TenderShare
	Products []ProductSales
	Tills    []TillState
	Watch    Watchlist
}

// TenderShare is one kind of tender's part of a period.
type TenderShare struct {
	Kind   string
	Amount pos.Money
	Share  int64 // basis points of all tendered
}

// ProductSales is one product's part of a period.
type ProductSales struct {
	SKU    string
	Name   string
	Qty    int64
	Amount pos.Money
}

// TillState is a till as its merchant's page shows it.
type TillState struct {
	Terminal
	// Refused is Terminal.Refused: the documents the platform refused
	// (the till's quarantine), kept as they were refused.
	Refused int
}

// TopProducts is how many products the page lists.
const TopProducts = 10

// TenderKinds are the kinds of tender a merchant's page always lists, in
// order; any other kind a till sends is added up as "other".
var TenderKinds = []pos.TenderKind{pos.TenderCash, pos.TenderCard, pos.TenderQRCard, pos.TenderQRWallet,
	pos.TenderAccount, pos.TenderCashEUR, pos.TenderCashUSD}

// Stats gathers a merchant's page for days from..to (in Zone) through the
// storage: the kept day books, the terminals and the watch list, never
// the documents.
func Stats(st Storage, merchant string, from, to time.Time, l pos.Lang) (MerchantStats, error) {
	m, err := st.Merchant(merchant)
	if err != nil {
		return MerchantStats{}, err
	}
	from, to = dayIn(from), dayIn(to)
	ms := MerchantStats{Merchant: m, From: from.Format(dayFmt), To: to.Format(dayFmt),
		Week: to.AddDate(0, 0, -6).Format(dayFmt), Month: to.AddDate(0, 0, -29).Format(dayFmt)}
	books, err := st.DayBooks(merchant, ms.From, ms.To)
	if err != nil {
		return MerchantStats{}, err
	}
	byDay := map[string]*DayFigure{}
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		ms.Days = append(ms.Days, DayFigure{Day: d.Format(dayFmt)})
	}
	for i := range ms.Days {
		byDay[ms.Days[i].Day] = &ms.Days[i]
	}
	tenders := map[string]pos.Money{}
	products := map[string]*ProductSales{}
	for _, b := range books {
		ms.Sum.Add(b.DayFigure)
		if x := byDay[b.Day]; x != nil {
			x.Add(b.DayFigure)
		}
		wd := -1
		if t, err := time.Parse(dayFmt, b.Day); err == nil {
			wd = int(t.Weekday())
		}
		for h, f := range b.Hours {
			ms.Hours[h].Add(DayFigure{Sales: f.Sales, Refunds: f.Refunds, Net: f.Net})
			if wd >= 0 {
				ms.Heat[wd][h] += f.Sales
			}
		}
		for k, a := range b.Tenders {
			tenders[k] += a
		}
		for sku, p := range b.Products {
			q := products[sku]
			if q == nil {
				q = &ProductSales{SKU: sku}
				products[sku] = q
			}
			q.Name = p.Name.In(l)
			q.Qty += p.Qty
			q.Amount += p.Amount
		}
	}
	for i := range ms.Hours {
		ms.Hours[i].Day = fmt.Sprintf("%02d", i)
	}
	if ms.Sum.Sales > 0 {
		ms.Average = ms.Sum.Net / pos.Money(ms.Sum.Sales)
	}
	all := ms.Sum.Tendered()
	for _, k := range TenderKinds {
		ms.Tenders = append(ms.Tenders, TenderShare{Kind: string(k), Amount: tenders[string(k)], Share: share(tenders[string(k)], all)})
		delete(tenders, string(k))
	}
	var other pos.Money
	for _, a := range tenders {
		other += a
	}
	if other != 0 {
		ms.Tenders = append(ms.Tenders, TenderShare{Kind: "other", Amount: other, Share: share(other, all)})
	}
	for _, p := range products {
		ms.Products = append(ms.Products, *p)
	}
	sort.Slice(ms.Products, func(i, j int) bool {
		if ms.Products[i].Amount != ms.Products[j].Amount {
			return ms.Products[i].Amount > ms.Products[j].Amount
		}
		return ms.Products[i].SKU < ms.Products[j].SKU
	})
	if len(ms.Products) > TopProducts {
		ms.Products = ms.Products[:TopProducts]
	}
	ts, err := st.Terminals(merchant)
	if err != nil {
		return ms, err
	}
	for _, t := range ts {
		ts := TillState{Terminal: t, Refused: int(t.Refused)}
		ts.Status = t.State()
		ts.TokenHash, ts.CodeHash, ts.RevokedHash = "", "", ""
		ms.Tills = append(ms.Tills, ts)
	}
	ms.Watch, err = st.Watch(merchant)
	return ms, err
}

func share(part, all pos.Money) int64 {
	if all <= 0 {
		return 0
	}
	return int64(part) * 10000 / int64(all)
}

// merchantPage serves /m/<id>.
func (s *Server) merchantPage(w http.ResponseWriter, r *http.Request, v viewer, l pos.Lang) {
	from, to := period(r, s.Now())
	ms, err := Stats(s.Store, r.PathValue("id"), from, to, l)
	if s.merchantFailed(w, r, l, "page", err) {
		return
	}
	rtl := l == pos.AR
	var days, hours []point
	for _, d := range ms.Days {
		days = append(days, point{Label: d.Day[5:], Value: int64(d.Net), Text: d.Net.Format(l)})
	}
	for _, h := range ms.Hours {
		hours = append(hours, point{Label: h.Day, Value: int64(h.Net), Text: shortMoney(l, h.Net)})
	}
	var wd []string
	var heat [][24]int
	for i := 1; i <= 7; i++ { // Monday first
		wd = append(wd, i18n.T(l, "web.wd."+strconv.Itoa(i%7)))
		heat = append(heat, ms.Heat[i%7])
	}
	var tenders []point
	for _, t := range ms.Tenders {
		tenders = append(tenders, point{Label: i18n.T(l, "web.tender."+t.Kind), Value: int64(t.Amount), Text: formatPct(l, t.Share)})
	}
	artisans, err := s.merchantArtisans(r, ms.Merchant.ID, from, to) // artisans.go
	if s.merchantFailed(w, r, l, "artisans", err) {
		return
	}
	accounts, err := s.merchantAccounts(r, ms.Merchant.ID, l) // records.go
	if s.merchantFailed(w, r, l, "accounts", err) {
		return
	}
	body := struct {
		MerchantStats
		// Manage: the viewer may use the merchant's forms (its users).
		Manage                                      bool
		DayChart, HourChart, HeatChart, TenderChart template.HTML
		Artisans                                    artisansView
		Accounts                                    accountsView
	}{ms, v.manages(ms.Merchant.ID),
		barChart(i18n.T(l, "web.per_day"), days, rtl),
		barChart(i18n.T(l, "web.per_hour"), hours, rtl),
		heatMap(i18n.T(l, "web.heatmap"), wd, heat, rtl),
		hbarChart(i18n.T(l, "web.tender_mix"), tenders, rtl),
		artisans,
		accounts,
	}
	s.render(w, r, http.StatusOK, l, "merchant", ms.Merchant.Name, v, body)
}

// merchantFailed answers a merchant page's failed read of the store,
// if err is one: not found for an unknown merchant, otherwise an error
// logged as "platform: merchant <what>".
func (s *Server) merchantFailed(w http.ResponseWriter, r *http.Request, l pos.Lang, what string, err error) bool {
	if errors.Is(err, ErrNotFound) {
		s.webError(w, r, l, http.StatusNotFound, "web.not_found")
		return true
	}
	if err != nil {
		s.Log.Printf("platform: merchant %s: %v", what, err)
		s.webError(w, r, l, http.StatusInternalServerError, "web.error")
		return true
	}
	return false
}

// shortMoney is an amount without centimes or currency, for crowded
// charts: "1 234".
func shortMoney(l pos.Lang, m pos.Money) string { return formatInt(l, int64(m/100)) }

// merchantCSV serves /m/<id>/<table>.csv: sales (the columns of `sales
// export`), days, hours, tenders, products, tills, awaiting, oversells,
// conflicts. Without from and to, sales.csv is every sale.
func (s *Server) merchantCSV(w http.ResponseWriter, r *http.Request, v viewer, l pos.Lang) {
	table := r.PathValue("table")
	from, to := period(r, s.Now())
	q := r.URL.Query()
	if table == "accounts.csv" {
		s.accountsCSV(w, r, l) // records.go
		return
	}
	if table == "artisans.csv" {
		s.artisansCSV(w, r, l, from, to) // artisans.go
		return
	}
	if table == "sales.csv" {
		end := to.AddDate(0, 0, 1)
		if q.Get("from") == "" && q.Get("to") == "" {
			from, end = time.Time{}, time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		docs, err := s.Store.Documents(r.PathValue("id"), from, end)
		if s.merchantFailed(w, r, l, "csv", err) {
			return
		}
		var ex []export.Row
		for _, d := range docs {
			ex = append(ex, export.RowOf(d))
		}
		export.Sort(ex)
		csvHead(w, r.PathValue("id"), "sales")
		export.WriteCSV(w, ex)
		return
	}
	ms, err := Stats(s.Store, r.PathValue("id"), from, to, l)
	if s.merchantFailed(w, r, l, "csv", err) {
		return
	}
	var rows [][]string
	switch table {
	case "days.csv":
		rows = append(rows, []string{"day", "sales", "refunds", "net", "cash", "card", "qr", "account", "cash_eur", "cash_usd", "other"})
		for _, d := range ms.Days {
			rows = append(rows, []string{d.Day, strconv.Itoa(d.Sales), strconv.Itoa(d.Refunds), d.Net.Decimal(), d.Cash.Decimal(), d.Card.Decimal(), d.QR.Decimal(),
				d.Account.Decimal(), d.EUR.Decimal(), d.USD.Decimal(), d.Other.Decimal()})
		}
	case "hours.csv":
		rows = append(rows, []string{"hour", "sales", "refunds", "net"})
		for _, d := range ms.Hours {
			rows = append(rows, []string{d.Day, strconv.Itoa(d.Sales), strconv.Itoa(d.Refunds), d.Net.Decimal()})
		}
	case "tenders.csv":
		rows = append(rows, []string{"tender", "amount", "share_percent"})
		for _, t := range ms.Tenders {
			rows = append(rows, []string{t.Kind, t.Amount.Decimal(), pos.Money(t.Share).Decimal()})
		}
	case "products.csv":
		rows = append(rows, []string{"sku", "name", "qty", "amount"})
		for _, p := range ms.Products {
			rows = append(rows, []string{p.SKU, p.Name, strconv.FormatInt(p.Qty, 10), p.Amount.Decimal()})
		}
	case "tills.csv":
		rows = append(rows, []string{"terminal", "name", "state", "last_contact", "backlog", "last_receipt", "refused"})
		for _, t := range ms.Tills {
			lc := ""
			if !t.LastContact.IsZero() {
				lc = t.LastContact.In(Zone).Format(time.RFC3339)
			}
			rows = append(rows, []string{t.ID, t.Name, t.State(), lc, strconv.FormatUint(t.Backlog, 10), strconv.FormatUint(t.LastReceipt, 10), strconv.Itoa(t.Refused)})
		}
	case "awaiting.csv":
		rows = append(rows, []string{"ref", "terminal", "receipt", "state", "amount"})
		for _, p := range ms.Watch.Awaiting {
			rows = append(rows, []string{p.Ref, p.Terminal, strconv.FormatUint(p.Receipt, 10), p.State, p.Amount.Decimal()})
		}
	case "oversells.csv":
		rows = append(rows, []string{"time", "sku", "name", "stock", "sales"})
		for _, o := range ms.Watch.Oversells {
			rows = append(rows, []string{o.Time.In(Zone).Format(time.RFC3339), o.SKU, o.Name, strconv.FormatInt(o.Stock, 10), fmt.Sprint(o.Sales)})
		}
	case "conflicts.csv":
		rows = append(rows, []string{"time", "sku", "winner", "kept", "lost"})
		for _, c := range ms.Watch.Conflicts {
			rows = append(rows, []string{c.Time.In(Zone).Format(time.RFC3339), c.SKU, c.Winner, c.Kept, c.Lost})
		}
	default:
		s.webError(w, r, l, http.StatusNotFound, "web.not_found")
		return
	}
	csvHead(w, ms.Merchant.ID, table[:len(table)-4])
	cw := csv.NewWriter(w)
	cw.WriteAll(rows)
}

func csvHead(w http.ResponseWriter, merchant, table string) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-%s.csv"`, merchant, table))
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
}

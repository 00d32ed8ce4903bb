package platform

import (
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"time"

	"hanout/pos"
	"hanout/pos/i18n"
)

// Programme is what the programme's page shows, read from the kept daily
// figures (Figures), the merchants and the counts of tills (Adoption):
// never the documents, nor each merchant's terminals.
type Programme struct {
	Adoption
	Total      DayFigure   // since the start
	Last30     []DayFigure // one per day (in Zone), every merchant
	Cities     []GroupFigure
	Categories []GroupFigure
	Weeks      []DayFigure // since the start, Day is the week's Monday
}

// GroupFigure is a city's or a craft's last 30 days.
type GroupFigure struct {
	Name      string
	Merchants int
	DayFigure
}

// Sums are the kept figures of a period summed over every merchant: per
// day (Merchant ""), and over the whole period per city and per craft.
type Sums struct {
	Days       []DayFigure
	Cities     []GroupFigure
	Categories []GroupFigure
}

// SumFigures sums figures (any order) into Sums, placing each merchant by
// its city and category: what a Storage without SQL does for
// ProgrammeSums.
func SumFigures(figs []DayFigure, merchants []Merchant) Sums {
	byID := map[string]Merchant{}
	for _, m := range merchants {
		byID[m.ID] = m
	}
	days := map[string]*DayFigure{}
	cities, cats := map[string]*GroupFigure{}, map[string]*GroupFigure{}
	cityM, catM := map[string]map[string]bool{}, map[string]map[string]bool{}
	group := func(g map[string]*GroupFigure, seen map[string]map[string]bool, name, merchant string, f DayFigure) {
		if g[name] == nil {
			g[name] = &GroupFigure{Name: name}
			seen[name] = map[string]bool{}
		}
		g[name].Add(f)
		seen[name][merchant] = true
	}
	for _, f := range figs {
		if days[f.Day] == nil {
			days[f.Day] = &DayFigure{Day: f.Day}
		}
		days[f.Day].Add(f)
		m := byID[f.Merchant]
		group(cities, cityM, m.City, f.Merchant, f)
		group(cats, catM, m.Category, f.Merchant, f)
	}
	var s Sums
	for _, d := range days {
		s.Days = append(s.Days, *d)
	}
	sort.Slice(s.Days, func(i, j int) bool { return s.Days[i].Day < s.Days[j].Day })
	flat := func(g map[string]*GroupFigure, seen map[string]map[string]bool) []GroupFigure {
		var out []GroupFigure
		for k, v := range g {
			v.Merchants = len(seen[k])
			out = append(out, *v)
		}
		SortGroups(out)
		return out
	}
	s.Cities, s.Categories = flat(cities, cityM), flat(cats, catM)
	return s
}

// SortGroups orders groups by net sales, largest first, then by name.
func SortGroups(gs []GroupFigure) {
	sort.Slice(gs, func(i, j int) bool {
		if gs[i].Net != gs[j].Net {
			return gs[i].Net > gs[j].Net
		}
		return gs[i].Name < gs[j].Name
	})
}

// ProgrammeFigures computes the programme's page at now from sums the
// storage makes: per day since the start, per city and craft over the
// last 30 days.
func ProgrammeFigures(st Storage, now time.Time) (Programme, error) {
	var p Programme
	var err error
	if p.Adoption, err = st.Adoption(now); err != nil {
		return p, err
	}
	today := dayIn(now)
	all, err := st.ProgrammeSums("0000-00-00", today.Format(dayFmt))
	if err != nil {
		return p, err
	}
	start := today.AddDate(0, 0, -29)
	last, err := st.ProgrammeSums(start.Format(dayFmt), today.Format(dayFmt))
	if err != nil {
		return p, err
	}
	p.Cities, p.Categories = last.Cities, last.Categories
	idx := map[string]int{}
	for d := start; !d.After(today); d = d.AddDate(0, 0, 1) {
		idx[d.Format(dayFmt)] = len(p.Last30)
		p.Last30 = append(p.Last30, DayFigure{Day: d.Format(dayFmt)})
	}
	weeks := map[string]*DayFigure{}
	for _, f := range all.Days {
		f.Merchant = ""
		p.Total.Add(f)
		day, err := time.Parse(dayFmt, f.Day)
		if err != nil {
			continue
		}
		monday := day.AddDate(0, 0, -(int(day.Weekday())+6)%7).Format(dayFmt)
		if weeks[monday] == nil {
			weeks[monday] = &DayFigure{Day: monday}
		}
		weeks[monday].Add(f)
		if i, ok := idx[f.Day]; ok {
			p.Last30[i].Add(f)
		}
	}
	for _, w := range weeks {
		p.Weeks = append(p.Weeks, *w)
	}
	sort.Slice(p.Weeks, func(i, j int) bool { return p.Weeks[i].Day < p.Weeks[j].Day })
	return p, nil
}

// programmePage serves /.
func (s *Server) programmePage(w http.ResponseWriter, r *http.Request, v viewer, l pos.Lang) {
	p, err := ProgrammeFigures(s.Store, s.Now())
	if err != nil {
		s.Log.Printf("platform: programme page: %v", err)
		s.webError(w, r, l, http.StatusInternalServerError, "web.error")
		return
	}
	list, err := listMerchants(s.Store, r)
	if err != nil {
		s.Log.Printf("platform: programme page: %v", err)
		s.webError(w, r, l, http.StatusInternalServerError, "web.error")
		return
	}
	rtl := l == pos.AR
	var net, shareDays, weekShare, weekNet, cityShare []point
	for _, d := range p.Last30 {
		net = append(net, point{Label: d.Day[5:], Value: int64(d.Net), Text: shortMoney(l, d.Net)})
		shareDays = append(shareDays, point{Label: d.Day[5:], Value: d.DigitalShare(), Text: formatPct(l, d.DigitalShare())})
	}
	for _, d := range p.Weeks {
		weekShare = append(weekShare, point{Label: d.Day[5:], Value: d.DigitalShare(), Text: formatPct(l, d.DigitalShare())})
		weekNet = append(weekNet, point{Label: d.Day[5:], Value: int64(d.Net), Text: shortMoney(l, d.Net)})
	}
	unset := i18n.T(l, "web.unset")
	for i := range p.Cities {
		if p.Cities[i].Name == "" {
			p.Cities[i].Name = unset
		}
		cityShare = append(cityShare, point{Label: p.Cities[i].Name, Value: p.Cities[i].DigitalShare(), Text: formatPct(l, p.Cities[i].DigitalShare())})
	}
	for i := range p.Categories {
		if p.Categories[i].Name == "" {
			p.Categories[i].Name = unset
		}
	}
	body := struct {
		Programme
		List                                                                       merchantList
		NetChart, ShareChart, WeekShareChart, WeekNetChart, CityChart, TenderChart template.HTML
	}{p, list,
		barChart(i18n.T(l, "web.sales_30"), net, rtl),
		lineChart(i18n.T(l, "web.share_30"), shareDays, rtl),
		lineChart(i18n.T(l, "web.trend"), weekShare, rtl),
		barChart(i18n.T(l, "web.trend_net"), weekNet, rtl),
		barChart(i18n.T(l, "web.digital_share")+" — "+i18n.T(l, "web.by_city"), cityShare, rtl),
		hbarChart(i18n.T(l, "web.tender_mix_all"), tenderPoints(l, p.Total), rtl),
	}
	s.render(w, r, http.StatusOK, l, "programme", i18n.T(l, "web.programme"), v, body)
}

// home is / : the programme for the admin, a user's own merchant page
// otherwise.
func (s *Server) home(w http.ResponseWriter, r *http.Request, v viewer, l pos.Lang) {
	if !v.Admin {
		http.Redirect(w, r, "/m/"+url.PathEscape(v.Merchant), http.StatusSeeOther)
		return
	}
	s.programmePage(w, r, v, l)
}

// tenderPoints is a figure's tender mix as chart points: each kind's
// share of all tendered.
func tenderPoints(l pos.Lang, f DayFigure) []point {
	all := f.Tendered()
	var ps []point
	for _, k := range []struct {
		kind string
		m    pos.Money
	}{{"cash", f.Cash}, {"card", f.Card}, {"qr", f.QR}, {"account", f.Account}, {"cash_eur", f.EUR}, {"cash_usd", f.USD}, {"other", f.Other}} {
		if k.m == 0 && k.kind == "other" {
			continue
		}
		sh := share(k.m, all)
		ps = append(ps, point{Label: i18n.T(l, "web.tender."+k.kind), Value: sh, Text: formatPct(l, sh)})
	}
	return ps
}

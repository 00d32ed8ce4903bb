package platform_test

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"hanout/pos"
	"hanout/sync/platform"
)

// pushAt ingests one sale of the merchant's till at a moment, paid by
// the tenders given.
func (f *webFix) pushAt(m platform.Merchant, seq uint64, at time.Time, tenders ...pos.Tender) *pos.Document {
	f.t.Helper()
	ts, err := f.st.Terminals(m.ID)
	if err != nil || len(ts) == 0 {
		f.t.Fatalf("terminals: %v", err)
	}
	d := &pos.Document{ID: pos.NewID(), Kind: pos.KindSale, Terminal: ts[0].Till, Receipt: seq, Seq: seq, Time: at, Cashier: "Aicha", Tenders: tenders}
	for _, t := range tenders {
		d.Total += t.Amount
	}
	d.Lines = []pos.Line{{SKU: "NUIT-1", Name: pos.Names{FR: "Lanterne de nuit", AR: "فانوس الليل"}, Qty: 1, Price: d.Total, Total: d.Total}}
	b, _ := json.Marshal(d)
	if _, err := f.st.Ingest(ts[0], []platform.Doc{{Raw: b, Doc: d}}, webNow); err != nil {
		f.t.Fatal(err)
	}
	return d
}

func csvRows(t *testing.T, body string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("%v:\n%s", err, body)
	}
	return rows
}

func rowOf(rows [][]string, first string) []string {
	for _, r := range rows {
		if len(r) > 0 && r[0] == first {
			return r
		}
	}
	return nil
}

// A cooperative's day is Morocco's: a sale at 23:40 UTC on a Friday in
// November (UTC+1) is Saturday's, at 00:40; the page's "today" at 00:30
// on Saturday shows it, and the day before does not.
func TestMerchantDaysAndHoursAreMoroccos(t *testing.T) {
	f := newWebFix(t, false)
	b := f.browser()
	b.login(f.u1.Email, webPassword)
	nets := func() (fri, sat string) {
		_, body, _ := b.get("/m/" + f.m1.ID + "/days.csv?from=2026-11-27&to=2026-11-28")
		rows := csvRows(t, body)
		if rowOf(rows, "2026-11-27") == nil || rowOf(rows, "2026-11-28") == nil {
			t.Fatalf("days.csv:\n%s", body)
		}
		return rowOf(rows, "2026-11-27")[3], rowOf(rows, "2026-11-28")[3]
	}
	fri0, sat0 := nets()
	late := time.Date(2026, 11, 27, 23, 40, 0, 0, time.UTC) // Saturday 28 Nov, 00:40 in Casablanca
	f.pushAt(f.m1, 1000, late, pos.Tender{Kind: pos.TenderCash, Amount: 777700, Status: pos.StatusApproved})
	fri, sat := nets()
	s0, _ := pos.ParseMoney(sat0)
	s1, _ := pos.ParseMoney(sat)
	if fri != fri0 || s1-s0 != 777700 {
		t.Fatalf("the late sale: Friday %s then %s, Saturday %s then %s", fri0, fri, sat0, sat)
	}
	ms, err := platform.Stats(f.st, f.m1.ID, time.Date(2026, 11, 28, 0, 0, 0, 0, platform.Zone), time.Date(2026, 11, 28, 0, 0, 0, 0, platform.Zone), pos.FR)
	if err != nil {
		t.Fatal(err)
	}
	if ms.Hours[0].Sales != 1 || ms.Hours[0].Net != 777700 || ms.Heat[time.Saturday][0] != 1 || ms.Heat[time.Friday][23] != 0 {
		t.Fatalf("the late sale is not Saturday's 00:00 hour: hours[0] %+v, heat %v", ms.Hours[0], ms.Heat)
	}
	_, body, _ := b.get("/m/" + f.m1.ID + "/hours.csv?from=2026-11-28&to=2026-11-28")
	if h := rowOf(csvRows(t, body), "00"); h == nil || h[1] != "1" || h[3] != "7777.00" {
		t.Fatalf("hours.csv, 00: %v\n%s", h, body)
	}
	// At 00:30 on Saturday in Casablanca (23:30 UTC on Friday), "today"
	// is Saturday.
	f2 := newWebFixAt(t, time.Date(2026, 11, 27, 23, 30, 0, 0, time.UTC))
	f2.pushAt(f2.m1, 1000, time.Date(2026, 11, 27, 23, 10, 0, 0, time.UTC), pos.Tender{Kind: pos.TenderCash, Amount: 123400, Status: pos.StatusApproved})
	b2 := f2.browser()
	b2.login(f2.u1.Email, webPassword)
	_, page, _ := b2.get("/m/" + f2.m1.ID + "?lang=en")
	contains(t, page, `value="2026-11-28"`, "Africa/Casablanca", "1,234.00")
	if strings.Contains(page, `value="2026-11-27"`) {
		t.Fatalf("today at 00:30 in Casablanca is still Friday on the page")
	}
}

// The tender mix lists on account, euros and dollars beside cash, card
// and QR, on the page (in each language) and in tenders.csv and days.csv.
func TestTenderMixShowsAccountAndForeignCash(t *testing.T) {
	f := newWebFix(t, false)
	at := time.Date(2026, 11, 28, 12, 0, 0, 0, platform.Zone)
	f.pushAt(f.m1, 1000, at,
		pos.Tender{Kind: pos.TenderAccount, Amount: 50000, Status: pos.StatusApproved},
		pos.Tender{Kind: pos.TenderCashEUR, Amount: 21600, Status: pos.StatusApproved, Currency: "EUR", Foreign: 2000, Rate: 108000},
		pos.Tender{Kind: pos.TenderCashUSD, Amount: 9900, Status: pos.StatusApproved, Currency: "USD", Foreign: 1000, Rate: 99000},
		pos.Tender{Kind: pos.TenderCard, Amount: 7000, Status: pos.StatusRefused})
	b := f.browser()
	b.login(f.u1.Email, webPassword)
	want, err := f.st.Documents(f.m1.ID, time.Date(2026, 11, 28, 0, 0, 0, 0, platform.Zone), time.Date(2026, 11, 29, 0, 0, 0, 0, platform.Zone))
	if err != nil {
		t.Fatal(err)
	}
	sums := map[pos.TenderKind]pos.Money{}
	for _, d := range want {
		for _, tn := range d.Tenders {
			if tn.Status != pos.StatusRefused {
				sums[tn.Kind] += tn.Amount
			}
		}
	}
	for _, c := range []struct {
		lang   pos.Lang
		labels []string
	}{
		{pos.FR, []string{"À crédit (carnet)", "Euros (espèces)", "Dollars (espèces)"}},
		{pos.AR, []string{"بالكريدي (الكناش)", "يورو (نقدًا)", "دولار (نقدًا)"}},
		{pos.EN, []string{"On account (credit notebook)", "Euros (cash)", "Dollars (cash)"}},
	} {
		_, page, _ := b.get("/m/" + f.m1.ID + "?lang=" + string(c.lang))
		contains(t, page, c.labels...)
		contains(t, page, sums[pos.TenderAccount].Format(c.lang), sums[pos.TenderCashEUR].Format(c.lang), sums[pos.TenderCashUSD].Format(c.lang))
	}
	_, body, _ := b.get("/m/" + f.m1.ID + "/tenders.csv?from=2026-11-28&to=2026-11-28")
	rows := csvRows(t, body)
	for _, k := range []pos.TenderKind{pos.TenderAccount, pos.TenderCashEUR, pos.TenderCashUSD, pos.TenderCard, pos.TenderCash} {
		r := rowOf(rows, string(k))
		if r == nil || r[1] != sums[k].Decimal() {
			t.Errorf("tenders.csv %s: %v, want %s\n%s", k, r, sums[k].Decimal(), body)
		}
	}
	_, body, _ = b.get("/m/" + f.m1.ID + "/days.csv?from=2026-11-28&to=2026-11-28")
	rows = csvRows(t, body)
	head, day := rows[0], rowOf(rows, "2026-11-28")
	col := map[string]string{}
	for i, h := range head {
		if day != nil && i < len(day) {
			col[h] = day[i]
		}
	}
	if col["account"] != sums[pos.TenderAccount].Decimal() || col["cash_eur"] != sums[pos.TenderCashEUR].Decimal() || col["cash_usd"] != sums[pos.TenderCashUSD].Decimal() {
		t.Fatalf("days.csv: %v", col)
	}
	// The programme's digital share counts them among all tenders.
	p, err := platform.ProgrammeFigures(f.st, webNow)
	if err != nil {
		t.Fatal(err)
	}
	if p.Total.Account == 0 || p.Total.EUR == 0 || p.Total.USD == 0 ||
		p.Total.DigitalShare() != int64(p.Total.Card+p.Total.QR)*10000/int64(p.Total.Cash+p.Total.Card+p.Total.QR+p.Total.Account+p.Total.EUR+p.Total.USD+p.Total.Other) {
		t.Fatalf("programme total %+v", p.Total)
	}
}

// The operations board speaks the admin's language, like every page.
func TestOpsBoardInEachLanguage(t *testing.T) {
	f := newWebFix(t, false)
	b := f.browser()
	b.login(platform.AdminLogin, "adm-token-xyz")
	for _, c := range []struct {
		lang, dir string
		want      []string
	}{
		{"fr", "ltr", []string{"Tableau d&#39;exploitation", "Ventes par marchand et par jour", "Historique réécrit", "enrôlée"}},
		{"ar", "rtl", []string{"لوحة التشغيل", "المبيعات حسب التاجر واليوم", "سلسلة اليومية"}},
		{"en", "ltr", []string{"Operations board", "Sales per merchant and day", "Rewritten history", "enrolled"}},
	} {
		code, page, h := b.get("/ops?lang=" + c.lang)
		if code != 200 || h.Get("Refresh") != "30" {
			t.Fatalf("%s: %d, refresh %q", c.lang, code, h.Get("Refresh"))
		}
		contains(t, page, append(c.want, `dir="`+c.dir+`"`, f.m1.Name, "FES-1")...)
		for _, fr := range []string{"Caisses", "Aucun"} {
			if c.lang != "fr" && strings.Contains(page, fr) {
				t.Errorf("%s: French left on the board: %q", c.lang, fr)
			}
		}
	}
}

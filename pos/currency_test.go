package pos

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"
)

// Euro rounding: foreign cents × rate / RateScale, rounded once, half away
// from zero, exact on the largest amounts int64 holds.
func TestToDirhamsRoundsOnceHalfAwayFromZero(t *testing.T) {
	for _, c := range []struct {
		name    string
		foreign Money
		rate    int64
		want    Money
		err     string
	}{
		{"50 EUR at 10.8523", 5000, 108523, 54262, ""}, // 542.615 -> 542.62
		{"100 EUR at 10.8523", 10000, 108523, 108523, ""},
		{"20 USD at 9.9870", 2000, 99870, 19974, ""},
		{"exact half rounds up", 1, 5000, 1, ""},          // 0.5 centime -> 1
		{"just below half rounds down", 1, 4999, 0, ""},   // 0.4999 -> 0
		{"just above half rounds up", 1, 5001, 1, ""},     // 0.5001 -> 1
		{"half away from zero below 0", -1, 5000, -1, ""}, // -0.5 -> -1
		{"negative mirrors positive", -5000, 108523, -54262, ""},
		{"5 EUR at 10.8510", 500, 108510, 5426, ""}, // 54.255 -> 54.26
		{"5 EUR at 10.8509", 500, 108509, 5425, ""}, // 54.2545 -> 54.25
		{"nothing", 0, 108523, 0, ""},
		{"a million euros", 100_000_000, 108523, 1_085_230_000, ""},
		{"largest amount at par", math.MaxInt64, RateScale, math.MaxInt64, ""},
		{"largest amount at the smallest rate", math.MaxInt64, 1, 922337203685478, ""},
		{"beyond int64", math.MaxInt64, RateScale + 1, 0, "currency.too_large"},
		{"beyond int64 negative", math.MinInt64, RateScale, 0, "currency.too_large"},
		{"product beyond 128 bits' first word", math.MaxInt64, math.MaxInt64, 0, "currency.too_large"},
		{"no rate", 5000, 0, 0, "currency.rate_invalid"},
		{"negative rate", 5000, -1, 0, "currency.rate_invalid"},
	} {
		got, err := ToDirhams(c.foreign, c.rate)
		if KeyOf(err) != c.err || got != c.want {
			t.Errorf("%s: ToDirhams(%d, %d) = %d, %v; want %d, %q", c.name, c.foreign, c.rate, got, err, c.want, c.err)
		}
	}
}

func TestForeignTender(t *testing.T) {
	for _, c := range []struct {
		name               string
		kind               TenderKind
		foreign            Money
		rate               int64
		due                Money
		amount, given, chg Money
		err                string
	}{
		{"50 EUR for 500 DH: change in dirhams", TenderCashEUR, 5000, 108523, 50000, 50000, 54262, 4262, ""},
		{"50 EUR for 800 DH: the rest paid otherwise", TenderCashEUR, 5000, 108523, 80000, 54262, 54262, 0, ""},
		{"exactly the due", TenderCashUSD, 10000, 100000, 100000, 100000, 100000, 0, ""},
		{"7 USD is notes", TenderCashUSD, 700, 99870, 100000, 6991, 6991, 0, ""}, // 69.909 -> 69.91
		{"7 EUR is no notes", TenderCashEUR, 700, 108523, 100000, 0, 0, 0, "currency.notes_only"},
		{"euro coins refused", TenderCashEUR, 550, 108523, 100000, 0, 0, 0, "currency.notes_only"},
		{"no rate set", TenderCashEUR, 5000, 0, 50000, 0, 0, 0, "currency.no_rate"},
		{"rate beyond reason", TenderCashEUR, 5000, MaxRate + 1, 50000, 0, 0, 0, "currency.no_rate"},
		{"nothing handed", TenderCashEUR, 0, 108523, 50000, 0, 0, 0, "tender.amount_invalid"},
		{"nothing due", TenderCashEUR, 5000, 108523, 0, 0, 0, 0, "tender.nothing_due"},
		{"dirhams are not foreign", TenderCash, 5000, 108523, 50000, 0, 0, 0, "currency.unknown"},
		{"notes beyond int64", TenderCashEUR, math.MaxInt64 - math.MaxInt64%500, MaxRate, 50000, 0, 0, 0, "currency.too_large"},
	} {
		td, err := ForeignTender(c.kind, c.foreign, c.rate, c.due)
		if KeyOf(err) != c.err {
			t.Errorf("%s: err %v, want %q", c.name, err, c.err)
			continue
		}
		if err != nil {
			continue
		}
		if td.Amount != c.amount || td.Given != c.given || td.Change != c.chg {
			t.Errorf("%s: amount %d given %d change %d, want %d %d %d", c.name, td.Amount, td.Given, td.Change, c.amount, c.given, c.chg)
		}
		if td.Given-td.Change != td.Amount || td.Foreign != c.foreign || td.Rate != c.rate || td.Kind != c.kind || td.Status != StatusApproved {
			t.Errorf("%s: tender %+v", c.name, td)
		}
		if cur, _ := CurrencyOf(c.kind); td.Currency != cur.Code {
			t.Errorf("%s: currency %q", c.name, td.Currency)
		}
	}
}

// A sale paid part in euros, the rest in dirhams, and every way a forged
// or inconsistent foreign tender is refused.
func TestMixedPaymentEurosThenDirhams(t *testing.T) {
	var tk Ticket
	must(t, tk.Add(product("tapis", 80000, 60000, 2000), 1))
	eur, err := ForeignTender(TenderCashEUR, 5000, 108523, 80000)
	must(t, err)
	cash, err := CashTender(30000, 80000-eur.Amount)
	must(t, err)
	if cash.Amount != 25738 || cash.Change != 4262 {
		t.Fatalf("dirham part %+v", cash)
	}
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	sale, err := tk.Sale([]Tender{eur, cash}, "Fatima", "s1", now)
	must(t, err)
	if Paid(sale.Tenders) != sale.Total || Change(sale.Tenders) != 4262 {
		t.Fatalf("paid %d change %d", Paid(sale.Tenders), Change(sale.Tenders))
	}
	forged := func(f func(*Tender)) []Tender {
		e := eur
		f(&e)
		return []Tender{e, cash}
	}
	for name, c := range map[string]struct {
		tenders []Tender
		err     string
	}{
		"rate raised after the fact": {forged(func(e *Tender) { e.Rate = 120000 }), "tender.change_mismatch"},
		"dirham value rounded twice": {forged(func(e *Tender) { e.Given, e.Amount = 54261, 54261 }), "tender.change_mismatch"},
		"currency swapped":           {forged(func(e *Tender) { e.Currency = "USD" }), "currency.mismatch"},
		"no rate recorded":           {forged(func(e *Tender) { e.Rate = 0 }), "currency.mismatch"},
		"coins":                      {forged(func(e *Tender) { e.Foreign = 5050 }), "currency.mismatch"},
		"negative change":            {forged(func(e *Tender) { e.Change, e.Amount = -100, 54362 }), "tender.change_mismatch"},
	} {
		if _, err := tk.Sale(c.tenders, "Fatima", "s1", now); KeyOf(err) != c.err {
			t.Errorf("%s: %v, want %s", name, err, c.err)
		}
	}
	// Refunds are paid in dirhams: a foreign tender cannot give back.
	back := eur
	back.Amount, back.Given, back.Change = -54262, 54262, 108524
	if _, err := Refund(sale, nil, map[int]int64{0: 1}, []Tender{back, {Kind: TenderCash, Amount: -25738, Status: StatusApproved}}, "Fatima", "s1", "Driss", "", now); KeyOf(err) != "tender.change_mismatch" {
		t.Errorf("foreign refund: %v", err)
	}
}

// The drawer: euros come in as banknotes, the change goes out in dirhams;
// expected and counted per currency at the close.
func TestReportPerCurrency(t *testing.T) {
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	open := &Document{Kind: KindShiftOpen, Shift: "s1", Cash: 50000, Time: now}
	sell := func(receipt uint64, total Money, tenders ...Tender) *Document {
		return &Document{Kind: KindSale, Shift: "s1", Receipt: receipt, Total: total, Tenders: tenders, Time: now}
	}
	eur1, _ := ForeignTender(TenderCashEUR, 5000, 108523, 50000) // 542.62, change 42.62
	eur2, _ := ForeignTender(TenderCashEUR, 10000, 108523, 200000)
	card := Tender{Kind: TenderCard, Amount: 200000 - eur2.Amount, Status: StatusApproved}
	usd, _ := ForeignTender(TenderCashUSD, 2000, 99870, 19974)
	docs := []*Document{open,
		sell(1, 50000, eur1),
		sell(2, 200000, eur2, card),
		sell(3, 19974, usd),
		sell(4, 10000, Tender{Kind: TenderCash, Amount: 10000, Given: 20000, Change: 10000, Status: StatusApproved}),
	}
	x := BuildReport(docs)
	if x.ForeignChange != 4262 {
		t.Fatalf("foreign change %d", x.ForeignChange)
	}
	// 500 float + 100 cash - 42.62 change on the euros.
	if x.ExpectedCash != 50000+10000-4262 {
		t.Fatalf("expected dirhams %d", x.ExpectedCash)
	}
	if len(x.Foreign) != 2 || x.Foreign[0] != (ForeignCash{Currency: "EUR", Count: 2, Value: 54262 + 108523, Expected: 15000}) ||
		x.Foreign[1] != (ForeignCash{Currency: "USD", Count: 1, Value: 19974, Expected: 2000}) {
		t.Fatalf("foreign %+v", x.Foreign)
	}
	var kinds []TenderKind
	for _, tt := range x.ByTender {
		kinds = append(kinds, tt.Kind)
	}
	if len(kinds) != 4 || kinds[0] != TenderCash || kinds[1] != TenderCashEUR || kinds[2] != TenderCashUSD || kinds[3] != TenderCard {
		t.Fatalf("by tender %v", kinds)
	}
	if x.ByTender[1].Amount != 50000+108523 {
		t.Fatalf("euros towards sales %d", x.ByTender[1].Amount)
	}
	// Close: one 50 € note missing, dollars right.
	closeDoc, err := CloseShiftForeign("Fatima", "s1", map[int]int{10000: 5, 2000: 1, 200: 9, 50: 1, 20: 4},
		map[string]map[int]int{"EUR": {10000: 1}, "USD": {2000: 1, 100: 0}}, "Driss", now)
	must(t, err)
	if len(closeDoc.CountedForeign["USD"]) != 1 {
		t.Fatalf("zero pieces kept: %v", closeDoc.CountedForeign)
	}
	z := BuildReport(append(docs, closeDoc))
	if z.Kind != "Z" || z.Counted != 50000+2000+1800+50+80 || z.Variance != z.Counted-z.ExpectedCash {
		t.Fatalf("dirhams counted %d variance %d", z.Counted, z.Variance)
	}
	if z.Foreign[0].Counted != 10000 || z.Foreign[0].Variance != -5000 || z.Foreign[1].Variance != 0 {
		t.Fatalf("foreign at close %+v", z.Foreign)
	}
	// A currency counted but never taken still shows (a note left in the
	// drawer from before is a variance, not lost).
	z2 := BuildReport([]*Document{open, &Document{Kind: KindShiftClose, Cash: 50000, CountedForeign: map[string]map[int]int{"USD": {100: 3}}}})
	if len(z2.Foreign) != 1 || z2.Foreign[0] != (ForeignCash{Currency: "USD", Counted: 300, Variance: 300}) {
		t.Fatalf("counted only %+v", z2.Foreign)
	}
}

// A close committed before foreign banknotes existed still reads, and
// reports no foreign currency.
func TestOldCloseDocumentWithoutForeignCount(t *testing.T) {
	var d Document
	old := `{"id":"c1","kind":"shift_close","terminal":"T","seq":9,"time":"2026-03-14T18:00:00Z","cashier":"Fatima","shift":"s1","cash":52000,"counted":{"20000":2,"10000":1,"2000":1},"approved_by":"Driss","total":0}`
	if err := json.Unmarshal([]byte(old), &d); err != nil {
		t.Fatal(err)
	}
	if d.CountedForeign != nil {
		t.Fatalf("foreign %v", d.CountedForeign)
	}
	b, _ := json.Marshal(&d)
	if strings.Contains(string(b), "counted_foreign") {
		t.Fatalf("an old document grows a field: %s", b)
	}
	r := BuildReport([]*Document{{Kind: KindShiftOpen, Cash: 52000}, &d})
	if r.Foreign != nil || r.Variance != 0 {
		t.Fatalf("report %+v", r)
	}
}

func TestCloseRefusesUnknownForeignNotes(t *testing.T) {
	now := time.Now()
	for name, f := range map[string]map[string]map[int]int{
		"a 3 € note":       {"EUR": {300: 1}},
		"a 1 € coin":       {"EUR": {100: 2}},
		"negative pieces":  {"USD": {2000: -1}},
		"an unknown money": {"GBP": {500: 1}},
	} {
		if _, err := CloseShiftForeign("F", "s1", nil, f, "D", now); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	m, err := CountForeign("EUR", map[int]int{50000: 1, 20000: 2, 500: 3})
	if err != nil || m != 50000+40000+1500 {
		t.Fatalf("count %d %v", m, err)
	}
}

func TestParseAndFormatRate(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		err  bool
	}{
		{"10.8523", 108523, false}, {"10,85", 108500, false}, {" 11 ", 110000, false}, {"0", 0, false},
		{",5", 5000, false}, {"10.85231", 0, true}, {"-10", 0, true}, {"1e3", 0, true}, {"", 0, true},
		{"1000", MaxRate, false}, {"1000.0001", 0, true}, {"10.8.5", 0, true}, {"٫", 0, true},
	} {
		got, err := ParseRate(c.in)
		if (err != nil) != c.err || got != c.want {
			t.Errorf("ParseRate(%q) = %d, %v", c.in, got, err)
		}
		if err != nil && KeyOf(err) != "currency.rate_invalid" {
			t.Errorf("ParseRate(%q) key %q", c.in, KeyOf(err))
		}
	}
	if s := FormatRate(108523, FR); s != "10,8523" {
		t.Errorf("fr %q", s)
	}
	if s := FormatRate(99870, EN); s != "9.9870" {
		t.Errorf("en %q", s)
	}
	if s := FormatRate(5, FR); s != "0,0005" {
		t.Errorf("small %q", s)
	}
	eur, _ := CurrencyByCode("EUR")
	if s := eur.Format(125000, FR); s != "1\u202f250,00 EUR" {
		t.Errorf("fr %q", s)
	}
	if s := eur.Format(125000, AR); s != "1\u202f250,00 EUR" {
		t.Errorf("ar %q", s)
	}
	if s := eur.Format(125000, EN); s != "1,250.00 EUR" {
		t.Errorf("en %q", s)
	}
	if (Rates{EUR: -1}).Validate() == nil || (Rates{USD: MaxRate + 1}).Validate() == nil || (Rates{EUR: 108523}).Validate() != nil {
		t.Error("rates validation")
	}
}

func FuzzParseRate(f *testing.F) {
	for _, s := range []string{"10.8523", "10,85", "", "-1", "99999999", "1.", ".", "٫٥"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRate(s)
		if err != nil {
			return
		}
		if r < 0 || r > MaxRate {
			t.Fatalf("%q -> %d", s, r)
		}
		if back, err := ParseRate(FormatRate(r, EN)); err != nil || back != r {
			t.Fatalf("%q -> %d -> %q -> %d %v", s, r, FormatRate(r, EN), back, err)
		}
	})
}

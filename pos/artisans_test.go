package pos

import (
	"testing"
	"time"
)

func artisanProduct(sku string, price Money, artisan string) *Product {
	p := product(sku, price, price/2, 2000)
	p.Artisan = artisan
	return p
}

func cashPaid(t *testing.T, d Money) []Tender {
	t.Helper()
	tn, err := CashTender(d, d)
	if err != nil {
		t.Fatal(err)
	}
	return []Tender{tn}
}

func sellT(t *testing.T, at time.Time, discount Money, items ...any) *Document {
	t.Helper()
	var tk Ticket
	for i := 0; i < len(items); i += 2 {
		must(t, tk.Add(items[i].(*Product), int64(items[i+1].(int))))
	}
	if discount > 0 {
		must(t, tk.SetDiscount(discount, ""))
	}
	total, _ := tk.Compute()
	d, err := tk.Sale(cashPaid(t, total), "amina", "S1", at)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// The line rung up from a product carries the product's artisan; the
// refund line carries the sold line's, whatever the product says by then.
func TestSaleAndRefundLinesCarryTheArtisan(t *testing.T) {
	rug := artisanProduct("rug", 120000, "a-fatima")
	sale := sellT(t, time.Now(), 0, rug, 1)
	if sale.Lines[0].Artisan != "a-fatima" {
		t.Fatalf("sale line artisan %q", sale.Lines[0].Artisan)
	}
	rug.Artisan = "a-other" // the product changes hands later
	lines, _, err := RefundLines(sale, nil, map[int]int64{0: 1})
	if err != nil {
		t.Fatal(err)
	}
	if lines[0].Artisan != "a-fatima" {
		t.Fatalf("refund line artisan %q", lines[0].Artisan)
	}
}

func TestCommissionRounding(t *testing.T) {
	for _, c := range []struct {
		sales Money
		rate  int
		want  Money
	}{
		{100000, 1500, 15000}, // 1000 DH at 15 % = 150 DH
		{333, 1500, 50},       // 49.95 -> 50
		{330, 1500, 50},       // 49.5 -> 50 (half away from zero)
		{-330, 1500, -50},     // a refund mirrors the sale
		{329, 1500, 49},       // 49.35 -> 49
		{1, 4999, 0},          // 0.4999 -> 0
		{1, 5000, 1},          // 0.5 -> 1
		{12345, 0, 0},
		{12345, 10000, 12345},
		{MaxPrice * MaxQty / 1000, 1250, MaxPrice * MaxQty / 8000},
	} {
		if got := CommissionOf(c.sales, c.rate); got != c.want {
			t.Errorf("CommissionOf(%d, %d) = %d, want %d", c.sales, c.rate, got, c.want)
		}
	}
}

func TestParseCommission(t *testing.T) {
	for in, want := range map[string]int{"15": 1500, "12,5": 1250, "12.50 %": 1250, "0": 0, "100": 10000} {
		if got, err := ParseCommission(in); err != nil || got != want {
			t.Errorf("ParseCommission(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-1", "100.01", "abc", "15.555"} {
		if _, err := ParseCommission(in); KeyOf(err) != "artisans.commission_invalid" {
			t.Errorf("ParseCommission(%q): %v", in, err)
		}
	}
	if CommissionPercent(1500) != "15" || CommissionPercent(1250) != "12.50" {
		t.Fatal(CommissionPercent(1500), CommissionPercent(1250))
	}
}

func TestPayoutRules(t *testing.T) {
	a := &Artisan{ID: "a-1", Name: "Fatima", Commission: 1500}
	now := time.Now()
	for _, c := range []struct {
		name    string
		amount  Money
		how     TenderKind
		shift   string
		manager string
		key     string
	}{
		{"no manager", 5000, TenderCash, "S1", "", "auth.manager_required"},
		{"zero", 0, TenderCash, "S1", "boss", "artisans.payout_amount_invalid"},
		{"negative", -5000, TenderTransfer, "", "boss", "artisans.payout_amount_invalid"},
		{"too big", MaxPrice + 1, TenderTransfer, "", "boss", "artisans.payout_amount_invalid"},
		{"card", 5000, TenderCard, "S1", "boss", "artisans.payout_how_invalid"},
		{"cash outside a shift", 5000, TenderCash, "", "boss", "shift.not_open"},
	} {
		if _, err := Payout(a, c.amount, c.how, "amina", c.shift, c.manager, "", now); KeyOf(err) != c.key {
			t.Errorf("%s: %v, want %s", c.name, err, c.key)
		}
	}
	if _, err := Payout(&Artisan{}, 5000, TenderCash, "amina", "S1", "boss", "", now); KeyOf(err) != "artisans.payout_no_artisan" {
		t.Errorf("no artisan: %v", err)
	}
	d, err := Payout(a, 5000, TenderTransfer, "amina", "", "boss", " November ", now)
	if err != nil {
		t.Fatal(err)
	}
	if d.Kind != KindPayout || d.Artisan != "a-1" || d.Cash != 5000 || d.Tenders[0].Amount != -5000 || d.ApprovedBy != "boss" || d.Reason != "November" || d.Total != 0 {
		t.Fatalf("%+v", d)
	}
	// A payout whose tender does not match its amount is refused.
	d.Tenders[0].Amount = -4000
	if KeyOf(CheckPayout(d)) != "store.invalid_document" {
		t.Fatal("mismatched tender accepted")
	}
}

func TestArtisanValidate(t *testing.T) {
	ok := Artisan{ID: "a-1", Name: "Fatima", Commission: 1500}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for key, a := range map[string]Artisan{
		"artisans.id_invalid":         {ID: "a,1", Name: "x"},
		"artisans.name_missing":       {ID: "a-1", Name: "  "},
		"artisans.commission_invalid": {ID: "a-1", Name: "x", Commission: 10001},
		"artisans.phone_invalid":      {ID: "a-1", Name: "x", Phone: "06\n12"},
	} {
		if err := a.Validate(); KeyOf(err) != key {
			t.Errorf("%+v: %v, want %s", a, err, key)
		}
	}
}

// The report of a period, figure by figure: sales net of refunds (with a
// ticket discount shared over the lines), commission rounded once per
// artisan, payouts in cash and by transfer, and a balance that carries
// what was owed and paid before the period.
func TestArtisansReportExact(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 11, d, 10, 0, 0, 0, time.UTC) }
	artisans := []Artisan{
		{ID: "a-fatima", Name: "Fatima", Commission: 1500},
		{ID: "a-hassan", Name: "Hassan", Commission: 2000},
		{ID: "a-idle", Name: "Brahim", Commission: 1000},
	}
	rug := artisanProduct("rug", 120000, "a-fatima")
	bowl := artisanProduct("bowl", 3333, "a-hassan")
	tea := product("tea", 2000, 2000, 2000) // the cooperative's own: no artisan

	before := sellT(t, day(1), 0, bowl, 3) // 99.99 before the period
	earlyPay, err := Payout(&artisans[1], 5000, TenderCash, "amina", "S1", "boss", "", day(2))
	must(t, err)
	s1 := sellT(t, day(10), 0, rug, 1, bowl, 2, tea, 1)
	s2 := sellT(t, day(11), 1000, bowl, 3, tea, 2) // 99.99 + 40.00 less 10.00 shared
	lines, total, err := RefundLines(s2, nil, map[int]int64{0: 1})
	must(t, err)
	rf := &Document{ID: NewID(), Kind: KindRefund, Time: day(12), Lines: lines, Total: total}
	p1, err := Payout(&artisans[0], 50000, TenderCash, "amina", "S1", "boss", "", day(12))
	must(t, err)
	p2, err := Payout(&artisans[0], 20000, TenderTransfer, "amina", "", "boss", "", day(13))
	must(t, err)
	after := sellT(t, day(20), 0, rug, 1) // after the period: counts nowhere

	docs := []*Document{before, earlyPay, s1, s2, rf, p1, p2, after}
	r := BuildArtisansReport(artisans, docs, day(5), day(15))

	// s2's bowl line: 9999 less its share of 1000 over 13999 -> 714.
	bowlS2 := s2.Lines[0].Total
	if bowlS2 != 9999-714 {
		t.Fatalf("bowl line of s2 %d (share %d)", bowlS2, s2.Lines[0].Share)
	}
	hassanSales := Money(6666) + bowlS2 + rf.Lines[0].Total
	want := []ArtisanRow{
		{Artisan: "a-idle", Name: "Brahim", Rate: 1000, Known: true},
		{Artisan: "a-fatima", Name: "Fatima", Rate: 1500, Known: true, Pieces: 1, Sales: 120000,
			Commission: 18000, Owed: 102000, Paid: 70000, Balance: 32000},
		{Artisan: "a-hassan", Name: "Hassan", Rate: 2000, Known: true, Pieces: 4, Sales: hassanSales,
			Commission: CommissionOf(hassanSales, 2000), Owed: hassanSales - CommissionOf(hassanSales, 2000),
			Balance: (hassanSales + 9999) - CommissionOf(hassanSales+9999, 2000) - 5000},
	}
	if len(r.Rows) != len(want) {
		t.Fatalf("rows %+v", r.Rows)
	}
	for i := range want {
		if r.Rows[i] != want[i] {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, r.Rows[i], want[i])
		}
	}
	// The figures as a person checks them: 15542.66 for Hassan's pieces.
	if hassanSales != 6666+9285-3095 {
		t.Errorf("hassan sales %d (refund line %d)", hassanSales, rf.Lines[0].Total)
	}
	if r.Total.Sales != 120000+hassanSales || r.Total.Paid != 70000 || r.Total.Pieces != 5 ||
		r.Total.Commission != r.Rows[1].Commission+r.Rows[2].Commission {
		t.Errorf("total %+v", r.Total)
	}
}

// Whatever the sales, refunds and discounts, each artisan's sales in the
// report are the sum of the sales and refund lines carrying that artisan,
// and the totals the sum of the rows.
func TestArtisansReportTotalsEqualSumOfLines(t *testing.T) {
	ids := []string{"a-1", "a-2", "a-3", ""}
	var artisans []Artisan
	for i, id := range ids[:3] {
		artisans = append(artisans, Artisan{ID: id, Name: id, Commission: 1000 * (i + 1)})
	}
	var docs []*Document
	at := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	for n := 0; n < 60; n++ {
		var tk Ticket
		for k := 0; k < 1+n%4; k++ {
			p := artisanProduct("p"+string(rune('a'+(n*7+k)%11)), Money(999+(n*137+k*71)%50000), ids[(n+k)%4])
			must(t, tk.Add(p, int64(1+(n+k)%3)))
		}
		if n%3 == 0 {
			must(t, tk.SetDiscount(Money(n*13%500), ""))
		}
		total, _ := tk.Compute()
		s, err := tk.Sale(cashPaid(t, total), "amina", "S1", at.Add(time.Duration(n)*time.Hour))
		must(t, err)
		docs = append(docs, s)
		if n%4 == 1 {
			lines, total, err := RefundLines(s, nil, map[int]int64{0: 1})
			must(t, err)
			docs = append(docs, &Document{Kind: KindRefund, Time: s.Time, Lines: lines, Total: total})
		}
	}
	want := map[string]Money{}
	pieces := map[string]int64{}
	for _, d := range docs {
		for _, l := range d.Lines {
			if l.Artisan != "" {
				want[l.Artisan] += l.Total
				pieces[l.Artisan] += l.Qty
			}
		}
	}
	r := BuildArtisansReport(artisans, docs, time.Time{}, time.Time{})
	var sum ArtisanRow
	for _, row := range r.Rows {
		if row.Sales != want[row.Artisan] || row.Pieces != pieces[row.Artisan] {
			t.Errorf("%s: sales %d pieces %d, lines say %d and %d", row.Artisan, row.Sales, row.Pieces, want[row.Artisan], pieces[row.Artisan])
		}
		if row.Owed+row.Commission != row.Sales || row.Balance != row.Owed-row.Paid {
			t.Errorf("%s: %+v", row.Artisan, row)
		}
		sum.Sales += row.Sales
		sum.Commission += row.Commission
		sum.Owed += row.Owed
		sum.Pieces += row.Pieces
	}
	if sum.Sales != r.Total.Sales || sum.Commission != r.Total.Commission || sum.Owed != r.Total.Owed || sum.Pieces != r.Total.Pieces {
		t.Errorf("total %+v, rows sum to %+v", r.Total, sum)
	}
	if len(r.Rows) != 3 {
		t.Errorf("rows %+v", r.Rows)
	}
}

// A line naming an id that is not an artisan of the till (a product
// imported before artisans existed) still shows, under its id, at 0 %.
func TestArtisansReportUnknownID(t *testing.T) {
	s := sellT(t, time.Now(), 0, artisanProduct("x", 5000, "Old Name"), 1)
	r := BuildArtisansReport(nil, []*Document{s}, time.Time{}, time.Time{})
	if len(r.Rows) != 1 || r.Rows[0].Known || r.Rows[0].Name != "Old Name" || r.Rows[0].Owed != 5000 {
		t.Fatalf("%+v", r.Rows)
	}
}

// A cash payout lowers the shift's expected cash; a transfer does not.
func TestCashPayoutLowersExpectedCash(t *testing.T) {
	now := time.Now()
	open := &Document{Kind: KindShiftOpen, Shift: "S1", Cash: 50000, Time: now}
	a := &Artisan{ID: "a-1", Name: "Fatima"}
	cash, err := Payout(a, 12000, TenderCash, "amina", "S1", "boss", "", now)
	must(t, err)
	transfer, err := Payout(a, 30000, TenderTransfer, "amina", "S1", "boss", "", now)
	must(t, err)
	r := BuildReport([]*Document{open, cash, transfer})
	if r.ExpectedCash != 38000 || r.Payouts != -12000 {
		t.Fatalf("expected %d payouts %d", r.ExpectedCash, r.Payouts)
	}
	if r.Sales != 0 || len(r.ByTender) != 0 {
		t.Fatalf("a payout counted as a sale: %+v", r)
	}
}

package pos

import (
	"testing"
	"time"
)

func product(sku string, price, floor Money, tax TaxRate) *Product {
	return &Product{SKU: sku, Name: Names{FR: sku}, Category: "c", Price: price, Floor: floor, Tax: tax, Stock: 10, Active: true}
}

// Tax included in a tax-inclusive price at every Moroccan rate, with the
// rounding rule's half-way cases.
func TestTaxIncludedAtEveryRate(t *testing.T) {
	for _, c := range []struct {
		gross Money
		rate  TaxRate
		tax   Money
	}{
		{12000, 2000, 2000}, // 120.00 TTC at 20 % = 100 + 20
		{11400, 1400, 1400},
		{11000, 1000, 1000},
		{10700, 700, 700},
		{10000, 0, 0},
		{100, 2000, 17},  // 16.666… -> 17
		{1, 2000, 0},     // 0.1666 -> 0
		{3, 2000, 1},     // 0.5 -> 1 (half away from zero)
		{-3, 2000, -1},   // refunds mirror sales
		{999, 1400, 123}, // 122.68… -> 123
		{999, 700, 65},   // 65.35… -> 65
		{15, 1000, 1},    // 1.3636 -> 1
	} {
		if got := taxIncluded(c.gross, c.rate); got != c.tax {
			t.Errorf("taxIncluded(%d, %d) = %d, want %d", c.gross, c.rate, got, c.tax)
		}
	}
}

func TestTicketTotalsAndBreakdownSumExactly(t *testing.T) {
	var tk Ticket
	must(t, tk.Add(product("tajine", 15000, 12000, 2000), 1))
	must(t, tk.Add(product("argan", 9999, 8000, 1400), 3))
	must(t, tk.Add(product("the", 3333, 3000, 1000), 1))
	must(t, tk.Add(product("dattes", 1001, 1001, 700), 1))
	must(t, tk.Add(product("livre", 12000, 10000, 0), 1))
	must(t, tk.SetPrice(0, 13000, "")) // haggled within the floor
	must(t, tk.SetLineDiscount(1, 99, ""))
	must(t, tk.SetDiscount(1000, ""))
	total, taxes := tk.Compute()
	// 13000 + (29997-99) + 3333 + 1001 + 12000 = 59232, minus 1000.
	if total != 58232 {
		t.Fatalf("total %d", total)
	}
	var shares, gross, tax, net, lineTax Money
	for _, l := range tk.Lines {
		shares += l.Share
		lineTax += l.TaxPart
	}
	for _, tl := range taxes {
		gross += tl.Gross
		tax += tl.Tax
		net += tl.Net
		if tl.Net+tl.Tax != tl.Gross {
			t.Errorf("rate %d: %d + %d != %d", tl.Rate, tl.Net, tl.Tax, tl.Gross)
		}
	}
	if shares != 1000 || gross != total || net+tax != total || tax != lineTax {
		t.Fatalf("shares %d gross %d net %d tax %d lineTax %d", shares, gross, net, tax, lineTax)
	}
	if len(taxes) != 5 || taxes[0].Rate != 2000 || taxes[4].Rate != 0 {
		t.Fatalf("breakdown order %+v", taxes)
	}
	// Exact per-line expectation: shares by largest remainder of
	// 1000 * gross / 59232.
	want := []Money{219, 505, 56, 17, 203}
	for i, l := range tk.Lines {
		if l.Share != want[i] {
			t.Errorf("line %d share %d, want %d", i, l.Share, want[i])
		}
	}
}

func TestSpreadLargestRemainder(t *testing.T) {
	lines := []Line{{Gross: 100}, {Gross: 100}, {Gross: 100}}
	got := spread(lines, 100, 300)
	if got[0] != 34 || got[1] != 33 || got[2] != 33 {
		t.Fatalf("got %v", got)
	}
}

func TestHaggleBelowFloorNeedsManager(t *testing.T) {
	var tk Ticket
	must(t, tk.Add(product("tapis", 200000, 150000, 2000), 1))
	if err := tk.SetPrice(0, 140000, ""); KeyOf(err) != ReasonBelowFloor {
		t.Fatalf("below floor without manager: %v", err)
	}
	if err := tk.SetPrice(0, 210000, ""); KeyOf(err) != "ticket.price_above_list" {
		t.Fatalf("above list: %v", err)
	}
	must(t, tk.SetPrice(0, 150000, ""))
	must(t, tk.SetPrice(0, 140000, "Fatima"))
	s, err := tk.Sale([]Tender{{Kind: TenderCard, Amount: 140000, Status: StatusApproved}}, "Ali", "shift", time.Now())
	must(t, err)
	if s.ApprovedBy != "Fatima" || s.Haggled() != 60000 {
		t.Fatalf("approved %q haggled %d", s.ApprovedBy, s.Haggled())
	}
}

func TestUniquePieceSellsOnce(t *testing.T) {
	var tk Ticket
	p := product("lanterne", 50000, 40000, 2000)
	p.Unique, p.Stock = true, 1
	must(t, tk.Add(p, 1))
	if err := tk.Add(p, 1); KeyOf(err) != "ticket.unique_once" {
		t.Fatalf("second add: %v", err)
	}
	if err := tk.SetQty(0, 2, ""); KeyOf(err) != "ticket.unique_once" {
		t.Fatalf("qty 2: %v", err)
	}
}

func TestSplitTenderAndChange(t *testing.T) {
	var tk Ticket
	must(t, tk.Add(product("babouches", 25050, 20000, 2000), 1))
	cash, err := CashTender(20000, 25050-10000)
	must(t, err)
	if cash.Amount != 15050 || cash.Change != 4950 {
		t.Fatalf("cash %+v", cash)
	}
	card := Tender{Kind: TenderCard, Amount: 10000, Status: StatusApproved}
	s, err := tk.Sale([]Tender{card, cash}, "Ali", "sh", time.Now())
	must(t, err)
	if s.Total != 25050 || Paid(s.Tenders) != 25050 || Change(s.Tenders) != 4950 {
		t.Fatalf("sale %+v", s)
	}
	// Short and over payments are refused with the missing amount.
	for _, c := range []struct {
		tenders []Tender
		key     string
	}{
		{[]Tender{card}, "tender.short"},
		{[]Tender{card, {Kind: TenderCard, Amount: 20000, Status: StatusApproved}}, "tender.over"},
		{[]Tender{card, {Kind: TenderCard, Amount: 15050, Status: StatusRefused}}, "tender.short"},
		{[]Tender{{Kind: TenderCash, Amount: 25050, Given: 30000, Change: 0, Status: StatusApproved}}, "tender.change_mismatch"},
		{nil, "tender.short"},
	} {
		if _, err := tk.Sale(c.tenders, "Ali", "sh", time.Now()); KeyOf(err) != c.key {
			t.Errorf("%+v: %v, want %s", c.tenders, err, c.key)
		}
	}
	if _, err := CashTender(0, 100); KeyOf(err) != "tender.amount_invalid" {
		t.Errorf("zero cash: %v", err)
	}
}

func TestRefundNeverExceedsSaleAndAddsUpExactly(t *testing.T) {
	var tk Ticket
	must(t, tk.Add(product("poufs", 3333, 3000, 2000), 3))
	must(t, tk.Add(product("savon", 1000, 800, 2000), 1))
	must(t, tk.SetDiscount(100, ""))
	sale, err := tk.Sale([]Tender{{Kind: TenderCash, Amount: 10899, Given: 10899, Status: StatusApproved}}, "Ali", "sh", time.Now())
	must(t, err)
	sale.ID, sale.Receipt = "s1", 7
	cashBack := func(m Money) []Tender {
		return []Tender{{Kind: TenderCash, Amount: m, Given: m, Status: StatusApproved}}
	}
	if _, err := Refund(sale, nil, map[int]int64{0: 1}, cashBack(-1), "Ali", "sh", "", "", time.Now()); KeyOf(err) != "auth.manager_required" {
		t.Fatalf("refund without manager: %v", err)
	}
	if _, err := Refund(sale, nil, map[int]int64{0: 4}, cashBack(-1), "Ali", "sh", "Fatima", "", time.Now()); KeyOf(err) != "refund.too_many" {
		t.Fatalf("refund of 4 of 3: %v", err)
	}
	// Line 0 total is 9999 - share. Refund it one unit at a time: the three
	// refunds must add up to the line's total exactly.
	line0 := sale.Lines[0].Total
	var refunds []*Document
	var back Money
	for i := 0; i < 3; i++ {
		if _, err := Refund(sale, refunds, map[int]int64{0: 1}, nil, "Ali", "sh", "Fatima", "", time.Now()); KeyOf(err) != "tender.short" {
			t.Fatalf("refund without tender: %v", err)
		}
		amt := refundTotal(t, sale, refunds, map[int]int64{0: 1})
		r, err := Refund(sale, refunds, map[int]int64{0: 1}, cashBack(amt), "Ali", "sh", "Fatima", "cassé", time.Now())
		must(t, err)
		if r.RefundOf != "s1" || r.RefundOfReceipt != 7 || r.Total >= 0 {
			t.Fatalf("refund %+v", r)
		}
		refunds = append(refunds, r)
		back += r.Total
	}
	if back != -line0 {
		t.Fatalf("piecemeal refunds %d, line total %d", back, line0)
	}
	if _, err := Refund(sale, refunds, map[int]int64{0: 1}, cashBack(-1), "Ali", "sh", "Fatima", "", time.Now()); KeyOf(err) != "refund.too_many" {
		t.Fatalf("fourth refund: %v", err)
	}
	if left := Refundable(sale, refunds); left[0] != 0 || left[1] != 1 {
		t.Fatalf("refundable %v", left)
	}
}

func refundTotal(t *testing.T, sale *Document, refunds []*Document, q map[int]int64) Money {
	t.Helper()
	_, total, err := RefundLines(sale, refunds, q)
	must(t, err)
	return total
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// A discount set while the ticket was larger cannot make a sale negative
// once lines are removed.
func TestSaleNeverNegative(t *testing.T) {
	var tk Ticket
	must(t, tk.Add(product("taj", 15000, 12000, 2000), 1))
	must(t, tk.Add(product("arg", 9900, 8000, 1400), 1))
	must(t, tk.SetDiscount(20000, "Fatima"))
	if err := tk.Remove(0, "Fatima"); KeyOf(err) != "ticket.discount_too_big" {
		t.Fatalf("remove under a larger discount: %v", err)
	}
	tk.Lines = tk.Lines[1:] // a ticket built by hand, not through the methods
	if _, err := tk.Sale([]Tender{{Kind: TenderCard, Amount: -10100, Status: StatusApproved}}, "a", "s", time.Now()); KeyOf(err) != "ticket.discount_too_big" {
		t.Fatalf("negative sale: %v", err)
	}
	cash := Tender{Kind: TenderCash, Amount: 9900, Given: 9000, Change: -900, Status: StatusApproved}
	tk.Discount = 0
	if _, err := tk.Sale([]Tender{cash}, "a", "s", time.Now()); KeyOf(err) != "tender.change_mismatch" {
		t.Fatalf("negative change: %v", err)
	}
}

// Discount spreading stays exact on tickets far above int64/discount.
func TestSpreadHugeAmounts(t *testing.T) {
	lines := []Line{{Gross: MaxPrice * 1000}, {Gross: MaxPrice*1000 - 1}}
	sub := lines[0].Gross + lines[1].Gross
	got := spread(lines, sub-1, sub)
	if got[0]+got[1] != sub-1 || got[0] > lines[0].Gross || got[1] > lines[1].Gross {
		t.Fatalf("%v", got)
	}
}

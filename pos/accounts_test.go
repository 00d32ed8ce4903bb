package pos

import (
	"strings"
	"testing"
	"time"
)

func acct(kind DocKind, customer string, total Money, tenders ...Tender) *Document {
	return &Document{ID: NewID(), Kind: kind, Customer: customer, Total: total, Tenders: tenders}
}

func tAcc(m Money) Tender { return Tender{Kind: TenderAccount, Amount: m, Status: StatusApproved} }
func tCash(m Money) Tender {
	return Tender{Kind: TenderCash, Amount: m, Given: m, Status: StatusApproved}
}

func TestBalanceIsTheSumOfDocuments(t *testing.T) {
	for _, c := range []struct {
		name string
		docs []*Document
		want Money
	}{
		{"nothing", nil, 0},
		{"one sale all on account", []*Document{acct(KindSale, "A", 12000, tAcc(12000))}, 12000},
		{"part cash part account", []*Document{acct(KindSale, "A", 12000, tCash(2000), tAcc(10000))}, 10000},
		{"a cash sale to a known customer owes nothing", []*Document{acct(KindSale, "A", 5000, tCash(5000))}, 0},
		{"refund to account", []*Document{acct(KindSale, "A", 12000, tAcc(12000)), acct(KindRefund, "A", -4000, tAcc(-4000))}, 8000},
		{"refund in cash leaves the account", []*Document{acct(KindSale, "A", 12000, tAcc(12000)), acct(KindRefund, "A", -4000, tCash(-4000))}, 12000},
		{"repayment", []*Document{acct(KindSale, "A", 12000, tAcc(12000)), acct(KindRepayment, "A", 5000, tCash(5000))}, 7000},
		{"repaid in full", []*Document{acct(KindSale, "A", 12000, tAcc(12000)), acct(KindRepayment, "A", 12000, tCash(12000))}, 0},
		{"another customer's documents", []*Document{acct(KindSale, "B", 9000, tAcc(9000)), acct(KindSale, "A", 100, tAcc(100))}, 100},
		{"a refused account tender counts nothing", []*Document{acct(KindSale, "A", 100, Tender{Kind: TenderAccount, Amount: 100, Status: StatusRefused})}, 0},
		{"shift and event documents", []*Document{{Kind: KindShiftOpen, Customer: "A", Cash: 500}, {Kind: KindEvent, Customer: "A"}}, 0},
		{"sales, refunds and repayments", []*Document{
			acct(KindSale, "A", 30000, tAcc(30000)),
			acct(KindSale, "A", 4550, tCash(550), tAcc(4000)),
			acct(KindRefund, "A", -2500, tAcc(-2500)),
			acct(KindRepayment, "A", 10000, tCash(10000)),
			acct(KindRepayment, "A", 1050, Tender{Kind: TenderCard, Amount: 1050, Status: StatusApproved}),
		}, 30000 + 4000 - 2500 - 10000 - 1050},
	} {
		if got := Balance(c.docs, "A"); got != c.want {
			t.Errorf("%s: balance %v, want %v", c.name, got, c.want)
		}
		st := Statement(c.docs, "A")
		var last Money
		if len(st) > 0 {
			last = st[len(st)-1].Balance
		}
		if last != c.want {
			t.Errorf("%s: statement ends at %v, want %v", c.name, last, c.want)
		}
	}
}

func TestStatementRunningBalanceInTimeOrder(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	docs := []*Document{
		{Kind: KindRepayment, Customer: "A", Total: 5000, Receipt: 9, Terminal: "T1", Time: t0.Add(3 * time.Hour), Tenders: []Tender{tCash(5000)}},
		{Kind: KindSale, Customer: "A", Total: 12000, Receipt: 3, Terminal: "T2", Time: t0, Tenders: []Tender{tAcc(12000)}},
		{Kind: KindSale, Customer: "A", Total: 800, Receipt: 4, Terminal: "T1", Time: t0.Add(time.Hour), Tenders: []Tender{tCash(800)}},
		{Kind: KindRefund, Customer: "A", Total: -2000, Receipt: 7, Terminal: "T1", Time: t0.Add(2 * time.Hour), Tenders: []Tender{tAcc(-2000)}},
	}
	got := Statement(docs, "A")
	want := []struct {
		receipt uint64
		kind    DocKind
		amount  Money
		balance Money
	}{{3, KindSale, 12000, 12000}, {7, KindRefund, -2000, 10000}, {9, KindRepayment, -5000, 5000}}
	if len(got) != len(want) {
		t.Fatalf("statement %+v", got)
	}
	for i, w := range want {
		g := got[i]
		if g.Receipt != w.receipt || g.Kind != w.kind || g.Amount != w.amount || g.Balance != w.balance {
			t.Errorf("line %d: %+v, want %+v", i, g, w)
		}
	}
}

func TestCheckAccountLimit(t *testing.T) {
	c := &Customer{ID: "A", Name: "Fatima", Limit: 50000}
	for _, tc := range []struct {
		name    string
		balance Money
		doc     *Document
		key     string
	}{
		{"within the limit", 30000, acct(KindSale, "A", 20000, tAcc(20000)), ""},
		{"exactly the limit", 49999, acct(KindSale, "A", 1, tAcc(1)), ""},
		{"one centime above, no manager", 49999, acct(KindSale, "A", 2, tAcc(2)), "accounts.over_limit"},
		{"above with a manager", 49999, acct(KindSale, "A", 2, Tender{Kind: TenderAccount, Amount: 2, Status: StatusApproved, ApprovedBy: "Karim"}), ""},
		{"no customer named", 0, acct(KindSale, "", 100, tAcc(100)), "accounts.customer_missing"},
		{"another customer", 0, acct(KindSale, "B", 100, tAcc(100)), "accounts.customer_missing"},
		{"no account tender, no check", 999999, acct(KindSale, "", 100, tCash(100)), ""},
		{"refund to account within what is owed", 5000, acct(KindRefund, "A", -5000, tAcc(-5000)), ""},
		{"refund to account above what is owed", 4999, acct(KindRefund, "A", -5000, tAcc(-5000)), "accounts.refund_too_much"},
	} {
		err := CheckAccount(tc.doc, c, tc.balance)
		if KeyOf(err) != tc.key {
			t.Errorf("%s: %v, want key %q", tc.name, err, tc.key)
		}
	}
	if OverLimit(c, 50000, 0) || !OverLimit(c, 50000, 1) {
		t.Error("OverLimit at the edge")
	}
}

func TestRepayment(t *testing.T) {
	c := &Customer{ID: "A", Name: "Fatima", Limit: 50000}
	now := time.Now()
	cash, _ := CashTender(10000, 7000)
	for _, tc := range []struct {
		name    string
		c       *Customer
		balance Money
		amount  Money
		tenders []Tender
		shift   string
		key     string
	}{
		{"cash with change", c, 7000, 7000, []Tender{cash}, "S", ""},
		{"by card, part", c, 7000, 2000, []Tender{{Kind: TenderCard, Amount: 2000, Status: StatusApproved}}, "S", ""},
		{"more than owed", c, 7000, 7001, []Tender{tCash(7001)}, "S", "accounts.repay_too_much"},
		{"nothing", c, 7000, 0, nil, "S", "accounts.repay_invalid"},
		{"tenders short", c, 7000, 7000, []Tender{tCash(6000)}, "S", "tender.short"},
		{"paid with the account", c, 7000, 7000, []Tender{tAcc(7000)}, "S", "accounts.repay_by_account"},
		{"no shift", c, 7000, 7000, []Tender{cash}, "", "shift.not_open"},
		{"no customer", nil, 7000, 7000, []Tender{cash}, "S", "accounts.customer_missing"},
	} {
		d, err := Repayment(tc.c, tc.balance, tc.amount, tc.tenders, "amina", tc.shift, now)
		if KeyOf(err) != tc.key {
			t.Errorf("%s: %v, want key %q", tc.name, err, tc.key)
			continue
		}
		if err == nil && (d.Kind != KindRepayment || d.Total != tc.amount || d.Customer != "A" || AccountEffect(d) != -tc.amount) {
			t.Errorf("%s: document %+v", tc.name, d)
		}
	}
}

func TestCustomerValidate(t *testing.T) {
	ok := Customer{ID: "C-1a2b3c4d", Name: "Fatima Zahra", NameAR: "فاطمة الزهراء", Phone: "+212 600-000000", Limit: 100000}
	for _, tc := range []struct {
		name string
		edit func(*Customer)
		key  string
	}{
		{"good", func(*Customer) {}, ""},
		{"Arabic name only", func(c *Customer) { c.Name = "" }, ""},
		{"no name", func(c *Customer) { c.Name, c.NameAR = " ", "" }, "accounts.name_missing"},
		{"no id", func(c *Customer) { c.ID = "" }, "accounts.id_invalid"},
		{"id with a slash", func(c *Customer) { c.ID = "a/b" }, "accounts.id_invalid"},
		{"name too long", func(c *Customer) { c.Name = strings.Repeat("é", MaxCustomerName+1) }, "accounts.name_too_long"},
		{"negative limit", func(c *Customer) { c.Limit = -1 }, "accounts.limit_invalid"},
		{"huge limit", func(c *Customer) { c.Limit = MaxCreditLimit + 1 }, "accounts.limit_invalid"},
		{"letters in the phone", func(c *Customer) { c.Phone = "06abc" }, "accounts.phone_invalid"},
		{"note too long", func(c *Customer) { c.Note = strings.Repeat("x", MaxCustomerNote+1) }, "accounts.note_too_long"},
	} {
		c := ok
		tc.edit(&c)
		if err := c.Validate(); KeyOf(err) != tc.key {
			t.Errorf("%s: %v, want key %q", tc.name, err, tc.key)
		}
	}
	c := ok
	for q, want := range map[string]bool{"fatima": true, "FATIMA zahra": true, "فاطمة": true, "600": true, "karim": false, "": true} {
		if c.Matches(q) != want {
			t.Errorf("Matches(%q) = %v", q, !want)
		}
	}
	if c.DisplayName(AR) != "فاطمة الزهراء" || c.DisplayName(FR) != "Fatima Zahra" {
		t.Error("display names")
	}
}

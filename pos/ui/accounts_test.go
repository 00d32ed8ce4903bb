package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"hanout/pos"
	"hanout/pos/bidi"
)

func (tl *till) putCustomer(t *testing.T, id, name, nameAR string, limit pos.Money) {
	t.Helper()
	if err := tl.st.PutCustomer(&pos.Customer{ID: id, Name: name, NameAR: nameAR, Limit: limit}); err != nil {
		t.Fatal(err)
	}
}

// payOnAccount sells sku and puts it all on the account of the customer
// found by typing search in the picker.
func (tl *till) payOnAccount(t *testing.T, search, sku string) {
	t.Helper()
	test.Tap(navButton(t, tl.UI, "ui.nav.sell"))
	test.Tap(tl.tile(t, strings.ToLower(sku[:3]), sku))
	test.Tap(tl.sell.pay)
	test.Tap(navButton(t, tl.UI, "accounts.pay.button"))
	cp := tl.pay.picker
	if cp == nil {
		t.Fatal("no customer picker")
	}
	test.Type(cp.search, search)
	if len(cp.shown) != 1 {
		t.Fatalf("%d customers shown for %q", len(cp.shown), search)
	}
	cp.list.Select(0)
}

// A sale on account names its customer; above the limit a manager's PIN
// is asked, a cashier's is not enough, and the manager is recorded on the
// account tender.
func TestPayOnAccountWithLimit(t *testing.T) {
	tl := newTill(t)
	tl.putCustomer(t, "C-fatiha", "Fatiha Benali", "فتيحة بنعلي", 50000)
	tl.putCustomer(t, "C-omar", "Omar Tazi", "عمر التازي", 0)
	tl.loginAs(t, "c1", cashierPIN)
	tl.openShift(t)

	tl.payOnAccount(t, "فتيحة", "TAJ-1") // 250 DH, within 500: found by her Arabic name
	d := tl.pay.done
	if d == nil || d.Customer != "C-fatiha" || len(d.Tenders) != 1 || d.Tenders[0].Kind != pos.TenderAccount || d.Tenders[0].ApprovedBy != "" {
		t.Fatalf("sale %+v", d)
	}
	tl.payOnAccount(t, "benali", "TAJ-1") // 500: exactly the limit
	if tl.pay.done == nil {
		t.Fatal("a sale up to the limit was not committed")
	}
	tl.payOnAccount(t, "fatiha", "THE-1") // 540: above
	if tl.pay.done != nil || tl.pin == nil {
		t.Fatal("no manager PIN asked above the limit")
	}
	tl.typePIN(t, cashierPIN)
	if tl.pay.done != nil {
		t.Fatal("a cashier's PIN let the sale go above the limit")
	}
	tl.typePIN(t, managerPIN)
	d = tl.pay.done
	if d == nil || d.Customer != "C-fatiha" || d.Tenders[0].ApprovedBy != "Fatima" {
		t.Fatalf("sale above the limit %+v", d)
	}
	if bal, _ := tl.st.Balance("C-fatiha"); bal != 54000 {
		t.Fatalf("balance %v", bal)
	}
}

// The customers screen: the balance and the statement with its running
// balance, a cash repayment with change recorded as its own numbered
// document, in Arabic.
func TestCustomerScreenRepayment(t *testing.T) {
	tl := newTill(t)
	tl.putCustomer(t, "C-fatiha", "Fatiha Benali", "فتيحة بنعلي", 50000)
	test.Tap(tl.login.langs[pos.AR])
	tl.loginAs(t, "c1", cashierPIN)
	tl.openShift(t)
	tl.payOnAccount(t, "فتيحة", "TAJ-1")

	a := tl.showAccounts()
	if len(a.shown) != 1 {
		t.Fatalf("%d customers", len(a.shown))
	}
	a.list.Select(0)
	if bidi.Strip(a.title.Text) != "فتيحة بنعلي" && a.title.Text != tl.v("فتيحة بنعلي") {
		t.Fatalf("title %q", a.title.Text)
	}
	if a.balance.Text != tl.v(tl.money(25000)) || len(a.lines) != 1 || a.lines[0].Balance != 25000 {
		t.Fatalf("balance %q, statement %+v", a.balance.Text, a.lines)
	}
	test.Tap(a.repay)
	if a.amount == nil || a.amount.entry.Text != "250,00" {
		t.Fatal("the repayment does not start from what is owed")
	}
	a.amount.entry.SetText("300")
	test.Tap(a.amount.ok)
	if a.howCash != nil || a.amount == nil {
		t.Fatal("more than owed was taken")
	}
	a.amount.entry.SetText("100")
	test.Tap(a.amount.ok)
	if a.howCash == nil {
		t.Fatal("no choice of how to repay")
	}
	test.Tap(a.howCash)
	a.amount.entry.SetText("200")
	test.Tap(a.amount.ok)
	if bal, _ := tl.st.Balance("C-fatiha"); bal != 15000 {
		t.Fatalf("balance after the repayment %v", bal)
	}
	rp, err := tl.st.ByReceipt(2)
	if err != nil || rp.Kind != pos.KindRepayment || rp.Total != 10000 || rp.Tenders[0].Change != 10000 {
		t.Fatalf("repayment %+v %v", rp, err)
	}
	if len(a.lines) != 2 || a.lines[1].Balance != 15000 || a.balance.Text != tl.v(tl.money(15000)) {
		t.Fatalf("screen after the repayment: %q %+v", a.balance.Text, a.lines)
	}
	// The shift report counts the cash repaid in the drawer.
	r, _ := tl.st.ShiftReport(tl.st.OpenShift())
	if r.RepaidCash != 10000 || r.OnAccount.Amount != 25000 || r.ExpectedCash != 20000+10000 {
		t.Fatalf("report: repaid %v on account %v expected %v", r.RepaidCash, r.OnAccount.Amount, r.ExpectedCash)
	}
}

// A sale on account given back goes back onto the account, as far as the
// customer still owes; the rest is cash.
func TestRefundOfASaleOnAccount(t *testing.T) {
	tl := newTill(t)
	tl.putCustomer(t, "C-fatiha", "Fatiha Benali", "فتيحة بنعلي", 100000)
	tl.loginAs(t, "c1", cashierPIN)
	tl.openShift(t)
	tl.payOnAccount(t, "fatiha", "TAJ-1") // 250 DH on account
	sale := tl.pay.done
	a := tl.showAccounts()
	a.list.Select(0)
	test.Tap(a.repay)
	a.amount.entry.SetText("200")
	test.Tap(a.amount.ok)
	test.Tap(a.howCash)
	test.Tap(a.amount.ok) // 200 in cash: 50 still owed

	test.Tap(navButton(t, tl.UI, "ui.nav.history"))
	test.Type(tl.history.receipt, "1")
	enter(tl.history.receipt)
	tl.history.qty[0].SetText("1")
	test.Tap(tl.history.refund)
	tl.typePIN(t, managerPIN)
	rs, err := tl.st.RefundsOf(sale)
	if err != nil || len(rs) != 1 {
		t.Fatalf("refunds %d %v", len(rs), err)
	}
	r := rs[0]
	if r.Customer != "C-fatiha" || len(r.Tenders) != 2 || r.Tenders[0].Kind != pos.TenderAccount || r.Tenders[0].Amount != -5000 ||
		r.Tenders[1].Kind != pos.TenderCash || r.Tenders[1].Amount != -20000 {
		t.Fatalf("refund %+v", r)
	}
	if bal, _ := tl.st.Balance("C-fatiha"); bal != 0 {
		t.Fatalf("balance after the refund %v", bal)
	}
}

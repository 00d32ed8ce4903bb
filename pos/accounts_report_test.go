package pos

import "testing"

// Sales on account are no money in the drawer; cash repayments are.
func TestReportKeepsAccountsApartFromCash(t *testing.T) {
	cash, _ := CashTender(5000, 3000) // 30 DH cash, 20 given back
	docs := []*Document{
		{Kind: KindShiftOpen, Shift: "S", Cash: 10000},
		acct(KindSale, "A", 15000, Tender{Kind: TenderCash, Amount: 3000, Given: 3000, Status: StatusApproved}, tAcc(12000)),
		acct(KindSale, "B", 9900, tAcc(9900)),
		acct(KindRefund, "A", -2000, tAcc(-2000)),
		acct(KindRepayment, "A", 3000, cash),
		acct(KindRepayment, "B", 4000, Tender{Kind: TenderCard, Amount: 4000, Status: StatusApproved}),
		acct(KindRepayment, "B", 1000, tCash(1000)),
		{Kind: KindShiftClose, Cash: 17000},
	}
	r := BuildReport(docs)
	if r.OnAccount.Count != 3 || r.OnAccount.Amount != 12000+9900-2000 {
		t.Errorf("on account %+v", r.OnAccount)
	}
	for _, tt := range r.ByTender {
		if tt.Kind == TenderAccount {
			t.Errorf("the account is listed among the money taken: %+v", r.ByTender)
		}
	}
	if len(r.Repayments) != 2 || r.Repayments[0].Kind != TenderCash || r.Repayments[0].Amount != 4000 || r.Repayments[0].Count != 2 ||
		r.Repayments[1].Kind != TenderCard || r.Repayments[1].Amount != 4000 || r.RepaidTotal() != 8000 {
		t.Errorf("repayments %+v", r.Repayments)
	}
	// Float 100 + cash of sales 30 + cash repaid 40.
	if r.RepaidCash != 4000 || r.ExpectedCash != 10000+3000+4000 || r.Variance != 0 {
		t.Errorf("repaid cash %v expected %v variance %v", r.RepaidCash, r.ExpectedCash, r.Variance)
	}
	if r.SalesTotal != 24900 || r.Sales != 2 {
		t.Errorf("sales %d %v: a repayment is no sale", r.Sales, r.SalesTotal)
	}
}

package export

import (
	"testing"

	"hanout/pos"
)

// A sale put partly on a customer's account exports that part as the
// account tender; a repayment is no sale and is not exported.
func TestAccountTenderExported(t *testing.T) {
	d := &pos.Document{Kind: pos.KindSale, Receipt: 3, Customer: "C-1", Total: 15000, Tenders: []pos.Tender{
		{Kind: pos.TenderCash, Amount: 3000, Given: 3000, Status: pos.StatusApproved},
		{Kind: pos.TenderAccount, Amount: 12000, Status: pos.StatusApproved, ApprovedBy: "Karim"},
	}}
	if got := RowOf(d).Tenders; got != "cash:30.00|account:120.00" {
		t.Fatalf("tenders %q", got)
	}
	r := &pos.Document{Kind: pos.KindRefund, Customer: "C-1", Total: -4000, Tenders: []pos.Tender{{Kind: pos.TenderAccount, Amount: -4000, Status: pos.StatusApproved}}}
	if got := RowOf(r).Tenders; got != "account:-40.00" {
		t.Fatalf("refund tenders %q", got)
	}
	if Included(&pos.Document{Kind: pos.KindRepayment, Total: 100}) {
		t.Fatal("a repayment exported as a sale")
	}
}

package pos

import (
	"testing"
	"time"
)

// The bracelet and tajine of issue 18: 1 060 DH of goods, floors 900 DH.
func rushTicket(t *testing.T, limit int) *Ticket {
	t.Helper()
	tk := &Ticket{DiscountLimit: limit}
	must(t, tk.Add(product("bracelet", 80000, 70000, 2000), 1))
	must(t, tk.Add(product("tajine", 26000, 20000, 2000), 1))
	return tk
}

func cashFor(tk *Ticket) []Tender {
	total, _ := tk.Compute()
	if total == 0 {
		return nil
	}
	c, _ := CashTender(total, total)
	return []Tender{c}
}

// Every way the price of a ticket can fall goes through the one control: a
// cashier is refused and the ticket stays as it was; a manager's name lets
// it through, and the sale records that manager.
func TestPriceControlEveryWay(t *testing.T) {
	ways := []struct {
		name   string
		limit  int
		reason string
		change func(tk *Ticket, manager string) error
	}{
		{"line price below floor", 0, ReasonBelowFloor, func(tk *Ticket, m string) error { return tk.SetPrice(0, 60000, m) }},
		{"line discount below floor", 0, ReasonBelowFloor, func(tk *Ticket, m string) error { return tk.SetLineDiscount(0, 20000, m) }},
		{"ticket discount below floors", 0, ReasonBelowFloor, func(tk *Ticket, m string) error { return tk.SetDiscount(50000, m) }},
		{"ticket discount of 100 %", 0, ReasonFree, func(tk *Ticket, m string) error { return tk.SetDiscount(106000, m) }},
		{"free line", 0, ReasonBelowFloor, func(tk *Ticket, m string) error { return tk.SetLineDiscount(1, 26000, m) }},
		{"line dialog in one step", 0, ReasonBelowFloor, func(tk *Ticket, m string) error { return tk.SetLine(1, 1, 5000, 0, m) }},
		{"discount beyond the shop's limit", 1000, ReasonOverLimit, func(tk *Ticket, m string) error { return tk.SetDiscount(15000, m) }},
		{"haggle beyond the shop's limit", 1000, ReasonOverLimit, func(tk *Ticket, m string) error { return tk.SetPrice(0, 69000, m) }},
	}
	for _, w := range ways {
		t.Run(w.name+"/cashier", func(t *testing.T) {
			tk := rushTicket(t, w.limit)
			before := ticketKeyOf(tk)
			err := w.change(tk, "")
			a, ok := AsApproval(err)
			if !ok || KeyOf(err) != w.reason || a.Reason != w.reason {
				t.Fatalf("cashier: err %v, want %s", err, w.reason)
			}
			if a.List != 106000 || a.Giveaway != a.List-a.Total || a.Floor != 90000 {
				t.Fatalf("approval %+v", a)
			}
			if ticketKeyOf(tk) != before {
				t.Fatalf("a refused change left the ticket changed")
			}
			if _, err := tk.Sale(cashFor(tk), "Youssef", "s", time.Now()); err != nil {
				t.Fatalf("the untouched ticket still sells: %v", err)
			}
		})
		t.Run(w.name+"/manager", func(t *testing.T) {
			tk := rushTicket(t, w.limit)
			must(t, w.change(tk, "Fatima"))
			if tk.ApprovedBy != "Fatima" {
				t.Fatalf("approved by %q", tk.ApprovedBy)
			}
			d, err := tk.Sale(cashFor(tk), "Youssef", "s", time.Now())
			must(t, err)
			if d.ApprovedBy != "Fatima" {
				t.Fatalf("sale approved by %q", d.ApprovedBy)
			}
		})
	}
}

func ticketKeyOf(tk *Ticket) string {
	s := ""
	for _, l := range tk.Lines {
		s += l.SKU + ":" + Money(l.Qty).String() + ":" + l.Price.String() + ":" + l.Discount.String() + ";"
	}
	return s + tk.Discount.String() + tk.ApprovedBy
}

// Within the floors and the limit a cashier needs no one.
func TestPriceControlLetsCashierHaggleWithinFloors(t *testing.T) {
	tk := rushTicket(t, 2000)
	must(t, tk.SetPrice(0, 72000, ""))
	must(t, tk.SetDiscount(1000, ""))
	must(t, tk.SetLineDiscount(1, 500, ""))
	d, err := tk.Sale(cashFor(tk), "Youssef", "s", time.Now())
	must(t, err)
	if d.ApprovedBy != "" || tk.ApprovedBy != "" {
		t.Fatalf("approval recorded where none was needed: %q", d.ApprovedBy)
	}
}

// An approval covers what the manager saw: giving away more afterwards,
// or fewer units under the same ticket discount, asks again.
func TestApprovalCoversOnlyWhatWasApproved(t *testing.T) {
	tk := rushTicket(t, 0)
	must(t, tk.SetDiscount(20000, "Fatima")) // 860 DH for floors of 900
	if err := tk.SetDiscount(30000, ""); KeyOf(err) != ReasonBelowFloor {
		t.Fatalf("a bigger discount after approval: %v", err)
	}
	must(t, tk.SetDiscount(15000, "")) // less than approved: fine
	must(t, tk.Add(product("the", 4000, 3500, 1000), 2))
	if err := tk.SetQty(2, 1, ""); err != nil { // same discount, still within
		t.Fatalf("qty within approval: %v", err)
	}
	must(t, tk.SetDiscount(20000, "")) // back to what was approved
	if err := tk.SetLineDiscount(2, 4000, ""); KeyOf(err) != ReasonBelowFloor {
		t.Fatalf("free tea after approval: %v", err)
	}
}

// Fewer units or a line removed under a ticket discount lower the price of
// what is left.
func TestPriceControlOnQtyAndRemove(t *testing.T) {
	tk := &Ticket{}
	must(t, tk.Add(product("tajine", 25000, 20000, 2000), 3))
	must(t, tk.SetDiscount(15000, "")) // 600 DH for floors of 600
	if err := tk.SetQty(0, 2, ""); KeyOf(err) != ReasonBelowFloor {
		t.Fatalf("fewer units: %v", err)
	}
	if tk.Lines[0].Qty != 3 {
		t.Fatalf("refused qty change applied: %d", tk.Lines[0].Qty)
	}
	must(t, tk.SetQty(0, 2, "Fatima"))

	tk = &Ticket{}
	must(t, tk.Add(product("tajine", 25000, 20000, 2000), 1))
	must(t, tk.Add(product("the", 4000, 3500, 1000), 1))
	must(t, tk.SetDiscount(5500, "")) // 235 DH for floors of 235
	if err := tk.Remove(1, ""); err == nil || KeyOf(err) == ReasonBelowFloor && len(tk.Lines) != 2 {
		t.Fatalf("remove under a discount: %v, %d lines", err, len(tk.Lines))
	}
}

// A 0 DH sale needs a manager whatever the floors, and Sale itself refuses
// a ticket built by hand around the methods.
func TestZeroSaleNeedsManager(t *testing.T) {
	tk := &Ticket{}
	must(t, tk.Add(product("sample", 1000, 0, 2000), 1))
	if err := tk.SetDiscount(1000, ""); KeyOf(err) != ReasonFree {
		t.Fatalf("free without manager: %v", err)
	}
	tk.Discount = 1000 // bypass the method
	if _, err := tk.Sale(nil, "Youssef", "s", time.Now()); KeyOf(err) != ReasonFree {
		t.Fatalf("Sale of a free ticket without manager: %v", err)
	}
	tk.Discount = 0
	must(t, tk.SetDiscount(1000, "Fatima"))
	d, err := tk.Sale(nil, "Youssef", "s", time.Now())
	must(t, err)
	if d.Total != 0 || d.ApprovedBy != "Fatima" {
		t.Fatalf("free sale %v by %q", d.Total, d.ApprovedBy)
	}
	// Below floor by hand: Sale refuses too.
	tk2 := rushTicket(t, 0)
	tk2.Lines[0].Price = 10000
	if _, err := tk2.Sale(cashFor(tk2), "Youssef", "s", time.Now()); KeyOf(err) != ReasonBelowFloor {
		t.Fatalf("Sale below floor by hand: %v", err)
	}
}

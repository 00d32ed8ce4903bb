package pos

import (
	"time"
)

// CashTender builds the cash part of a payment: the customer handed over
// given towards due. It takes at most due and gives the rest back as change.
func CashTender(given, due Money) (Tender, error) {
	if given <= 0 {
		return Tender{}, Errorf("tender.amount_invalid")
	}
	if due <= 0 {
		return Tender{}, Errorf("tender.nothing_due")
	}
	amount := min(given, due)
	return Tender{Kind: TenderCash, Amount: amount, Given: given, Change: given - amount, Status: StatusApproved}, nil
}

// Paid is what the tenders cover towards a total: refused tenders count for
// nothing, unverified ones count (a manager vouched for them).
func Paid(tenders []Tender) Money {
	var m Money
	for _, t := range tenders {
		if t.Status != StatusRefused {
			m += t.Amount
		}
	}
	return m
}

// Change is the cash given back across the tenders.
func Change(tenders []Tender) Money {
	var m Money
	for _, t := range tenders {
		m += t.Change
	}
	return m
}

// Sale turns a ticket and its tenders into a sale document ready to be
// committed. The store fills ID, Seq, Receipt and Terminal. The tenders must
// cover the total exactly (cash change is already taken out of Amount).
func (t *Ticket) Sale(tenders []Tender, cashier, shift string, now time.Time) (*Document, error) {
	if len(t.Lines) == 0 {
		return nil, Errorf("sale.empty")
	}
	if shift == "" {
		return nil, Errorf("shift.not_open")
	}
	lines := make([]Line, len(t.Lines))
	copy(lines, t.Lines)
	approved := ""
	var sub Money
	for _, l := range lines {
		if l.Qty <= 0 || l.Qty > MaxQty || l.Price <= 0 || l.Price > l.List || l.List > MaxPrice {
			return nil, Errorf("ticket.price_invalid")
		}
		if l.Discount < 0 || l.Discount > Money(l.Qty)*l.Price {
			return nil, Errorf("ticket.discount_too_big")
		}
		sub += Money(l.Qty)*l.Price - l.Discount
	}
	// Quantities and discounts may have changed since the discount was
	// set: a sale never has a negative total.
	if t.Discount < 0 || t.Discount > sub {
		return nil, Errorf("ticket.discount_too_big")
	}
	// The price control, whatever screen built the ticket: a price below
	// the floors, beyond the discount limit or free needs its manager.
	check := *t
	check.ApprovedBy = ""
	if need := check.Control(-1); need != nil {
		if a := t.Control(-1); a != nil {
			return nil, Wrap(a, a.Reason)
		}
		approved = t.ApprovedBy
	}
	total, taxes := computeLines(lines, t.Discount)
	if err := checkTenders(tenders, total); err != nil {
		return nil, err
	}
	return &Document{
		ID: NewID(), Kind: KindSale, Time: now, Cashier: cashier, Shift: shift,
		Lines: lines, Discount: t.Discount, Total: total, Taxes: taxes,
		Tenders: append([]Tender(nil), tenders...), ApprovedBy: approved, Key: NewReceiptKey(),
	}, nil
}

func checkTenders(tenders []Tender, total Money) error {
	for _, td := range tenders {
		if td.Status == StatusRefused {
			continue
		}
		if td.Kind == TenderCash && (td.Given-td.Change != td.Amount || td.Change < 0) {
			return Errorf("tender.change_mismatch")
		}
		if err := checkForeign(td); err != nil {
			return err
		}
		if (total >= 0) != (td.Amount >= 0) && td.Amount != 0 {
			return Errorf("tender.amount_invalid")
		}
	}
	paid := Paid(tenders)
	switch {
	case paid == total:
		return nil
	case abs(paid) < abs(total):
		return Errorf("tender.short", abs(total-paid))
	default:
		return Errorf("tender.over", abs(paid-total))
	}
}

// Refundable returns, for each line of sale, how many units can still be
// given back given the refunds already committed against it.
func Refundable(sale *Document, refunds []*Document) []int64 {
	left := make([]int64, len(sale.Lines))
	for i, l := range sale.Lines {
		left[i] = l.Qty
	}
	for _, r := range refunds {
		for _, l := range r.Lines {
			if l.Origin >= 0 && l.Origin < len(left) {
				left[l.Origin] += l.Qty // refund quantities are negative
			}
		}
	}
	return left
}

// RefundLines prices a refund of qty[i] units of each line i of sale, given
// the refunds already committed against it: together they never give back
// more than was sold. Amounts are the exact centimes the customer paid:
// refunding a line piecemeal gives back the same total as all at once. The
// total is negative.
func RefundLines(sale *Document, refunds []*Document, qty map[int]int64) ([]Line, Money, error) {
	if sale.Kind != KindSale {
		return nil, 0, Errorf("refund.not_a_sale")
	}
	for i := range qty {
		if i < 0 || i >= len(sale.Lines) {
			return nil, 0, Errorf("ticket.no_line", i+1)
		}
	}
	left := Refundable(sale, refunds)
	var lines []Line
	var total Money
	for i, o := range sale.Lines {
		q := qty[i]
		if q == 0 {
			continue
		}
		if q < 0 || q > left[i] {
			return nil, 0, Errorf("refund.too_many", o.Name.FR, left[i])
		}
		done := o.Qty - left[i]
		// Cumulative proration: what units done..done+q are worth is the
		// difference of two roundings, so the parts add up exactly.
		part := func(m Money) Money {
			return Money(roundDiv(int64(m)*(done+q), o.Qty) - roundDiv(int64(m)*done, o.Qty))
		}
		l := o
		l.Qty = -q
		l.Gross = -part(o.Gross)
		l.Share = -part(o.Share)
		l.Total = -part(o.Total)
		l.TaxPart = -part(o.TaxPart)
		l.Discount = -part(o.Discount)
		l.Origin = i
		lines = append(lines, l)
		total += l.Total
	}
	if len(lines) == 0 {
		return nil, 0, Errorf("refund.empty")
	}
	return lines, total, nil
}

// Refund builds the refund document priced by RefundLines. Tenders
// (negative amounts) must cover it exactly; manager is the manager whose PIN
// allowed it.
func Refund(sale *Document, refunds []*Document, qty map[int]int64, tenders []Tender, cashier, shift, manager, reason string, now time.Time) (*Document, error) {
	if manager == "" {
		return nil, Errorf("auth.manager_required")
	}
	if shift == "" {
		return nil, Errorf("shift.not_open")
	}
	lines, total, err := RefundLines(sale, refunds, qty)
	if err != nil {
		return nil, err
	}
	if err := checkTenders(tenders, total); err != nil {
		return nil, err
	}
	return &Document{
		ID: NewID(), Kind: KindRefund, Time: now, Cashier: cashier, Shift: shift,
		Lines: lines, Total: total, Taxes: breakdown(lines),
		Tenders: append([]Tender(nil), tenders...), RefundOf: sale.ID, RefundOfReceipt: sale.Receipt,
		ApprovedBy: manager, Reason: reason, Key: NewReceiptKey(),
	}, nil
}

// breakdown sums lines whose Total and TaxPart are already set.
func breakdown(lines []Line) []TaxLine {
	byRate := map[TaxRate]*TaxLine{}
	for _, l := range lines {
		tl, ok := byRate[l.Tax]
		if !ok {
			tl = &TaxLine{Rate: l.Tax}
			byRate[l.Tax] = tl
		}
		tl.Gross += l.Total
		tl.Tax += l.TaxPart
	}
	var out []TaxLine
	for _, r := range TaxRates {
		if tl, ok := byRate[r]; ok {
			tl.Net = tl.Gross - tl.Tax
			out = append(out, *tl)
		}
	}
	return out
}

func abs(m Money) Money {
	if m < 0 {
		return -m
	}
	return m
}

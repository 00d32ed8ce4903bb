package pos

import "math/bits"

// Limits that keep every product of money and quantity far inside int64.
const (
	MaxQty   = 1_000_000
	MaxPrice = Money(1_000_000_000) // 10 million dirhams a unit
)

// Ticket is the cart being rung up. It is not a document: nothing about it
// is durable until Sale turns it into one and the store commits that.
type Ticket struct {
	Lines    []Line `json:"lines"`
	Discount Money  `json:"discount,omitempty"` // ticket discount, spread over the lines
	// ApprovedBy names the manager who approved the ticket's price (see
	// Control); it travels onto the sale. ApprovedGiveaway is how much
	// below list prices that manager allowed.
	ApprovedBy       string `json:"approved_by,omitempty"`
	ApprovedGiveaway Money  `json:"approved_giveaway,omitempty"`
	// DiscountLimit is the shop's limit on what a cashier may give away
	// without a manager, in basis points of the list prices (1000 = 10 %);
	// 0 means only the floor prices limit it.
	DiscountLimit int    `json:"discount_limit,omitempty"`
	Label         string `json:"label,omitempty"` // a name for a parked ticket ("the German couple")
}

// Add puts qty units of p on the ticket at its list price, merging with an
// existing line of the same product sold at list price. A unique piece can
// only be added once.
func (t *Ticket) Add(p *Product, qty int64) error {
	if qty <= 0 || qty > MaxQty {
		return Errorf("ticket.qty_invalid", qty)
	}
	if !p.Active {
		return Errorf("ticket.inactive", p.Name.FR)
	}
	for i := range t.Lines {
		l := &t.Lines[i]
		if l.SKU == p.SKU && l.Price == l.List && l.Discount == 0 {
			if p.Unique {
				return Errorf("ticket.unique_once", p.Name.FR)
			}
			l.Qty += qty
			return nil
		}
	}
	if p.Unique && qty > 1 {
		return Errorf("ticket.unique_once", p.Name.FR)
	}
	t.Lines = append(t.Lines, Line{
		SKU: p.SKU, Name: p.Name, Category: p.Category, Qty: qty,
		List: p.Price, Price: p.Price, Floor: p.Floor, Tax: p.Tax, Unique: p.Unique, Artisan: p.Artisan,
	})
	return nil
}

func (t *Ticket) line(i int) (*Line, error) {
	if i < 0 || i >= len(t.Lines) {
		return nil, Errorf("ticket.no_line", i+1)
	}
	return &t.Lines[i], nil
}

// SetQty changes the quantity of line i; zero removes the line. Fewer
// units under a ticket discount lower the price: see Control.
func (t *Ticket) SetQty(i int, qty int64, manager string) error {
	return t.change(i, manager, func() error { return t.setQty(i, qty) })
}

// Remove deletes line i. Under a ticket discount that lowers the price of
// what is left: see Control.
func (t *Ticket) Remove(i int, manager string) error {
	return t.change(-1, manager, func() error { return t.remove(i) })
}

// SetPrice records the negotiated unit price of line i. A price that
// takes the ticket below its floor prices or the discount limit needs a
// manager (see Control): manager is the name of a manager whose PIN the
// caller has just checked (or who is logged in), or "" when none was asked.
// Haggling above the list price is refused: a till never overcharges a
// tourist.
func (t *Ticket) SetPrice(i int, price Money, manager string) error {
	return t.change(i, manager, func() error { return t.setPrice(i, price) })
}

// SetLineDiscount sets an amount off line i's total, under the price
// control.
func (t *Ticket) SetLineDiscount(i int, d Money, manager string) error {
	return t.change(i, manager, func() error { return t.setLineDiscount(i, d) })
}

// SetDiscount sets an amount off the whole ticket, under the price
// control.
func (t *Ticket) SetDiscount(d Money, manager string) error {
	return t.change(-1, manager, func() error {
		if d < 0 || d > t.subtotal() {
			return Errorf("ticket.discount_too_big")
		}
		t.Discount = d
		return nil
	})
}

// SetLine changes line i's quantity, price and discount in one step under
// one price control: the line dialog's OK. A zero quantity removes it.
func (t *Ticket) SetLine(i int, qty int64, price, discount Money, manager string) error {
	return t.change(i, manager, func() error {
		if err := t.setLineDiscount(i, 0); err != nil {
			return err
		}
		if t.Lines[i].Price != price {
			if err := t.setPrice(i, price); err != nil {
				return err
			}
		}
		if qty == 0 {
			return t.remove(i)
		}
		if err := t.setQty(i, qty); err != nil {
			return err
		}
		return t.setLineDiscount(i, discount)
	})
}

func (t *Ticket) setQty(i int, qty int64) error {
	l, err := t.line(i)
	if err != nil {
		return err
	}
	switch {
	case qty == 0:
		return t.remove(i)
	case qty < 0 || qty > MaxQty:
		return Errorf("ticket.qty_invalid", qty)
	case qty > 1 && l.Unique:
		return Errorf("ticket.unique_once", l.Name.FR)
	}
	if Money(qty)*l.Price-l.Discount < 0 {
		return Errorf("ticket.discount_too_big")
	}
	l.Qty = qty
	return t.fitDiscount()
}

func (t *Ticket) remove(i int) error {
	if _, err := t.line(i); err != nil {
		return err
	}
	t.Lines = append(t.Lines[:i:i], t.Lines[i+1:]...)
	return t.fitDiscount()
}

func (t *Ticket) setPrice(i int, price Money) error {
	l, err := t.line(i)
	if err != nil {
		return err
	}
	switch {
	case price <= 0:
		return Errorf("ticket.price_invalid")
	case price > l.List:
		return Errorf("ticket.price_above_list", l.List)
	}
	if Money(l.Qty)*price-l.Discount < 0 {
		return Errorf("ticket.discount_too_big")
	}
	l.Price = price
	return t.fitDiscount()
}

func (t *Ticket) setLineDiscount(i int, d Money) error {
	l, err := t.line(i)
	if err != nil {
		return err
	}
	if d < 0 || d > Money(l.Qty)*l.Price {
		return Errorf("ticket.discount_too_big")
	}
	l.Discount = d
	return t.fitDiscount()
}

// fitDiscount refuses a ticket discount larger than what is left.
func (t *Ticket) fitDiscount() error {
	if t.Discount > t.subtotal() {
		return Errorf("ticket.discount_too_big")
	}
	return nil
}

func (t *Ticket) subtotal() Money {
	var sub Money
	for _, l := range t.Lines {
		sub += Money(l.Qty)*l.Price - l.Discount
	}
	return sub
}

// Compute fills each line's Gross, Share, Total and TaxPart and returns the
// ticket total with its TVA breakdown.
//
// Rounding rule (the only place rounding happens):
//  1. The ticket discount is spread over the lines in proportion to their
//     gross, rounded down, and the centimes left over go one each to the
//     lines with the largest remainders (earliest line first on a tie). The
//     shares therefore sum exactly to the discount.
//  2. Each line's TVA is Total × rate / (100 % + rate), rounded half away
//     from zero to the centime.
//  3. The breakdown per rate sums the lines' Totals and TVA; Net = Gross -
//     Tax. So the breakdown sums exactly to the ticket total, by
//     construction, and every printed line agrees with the breakdown.
func (t *Ticket) Compute() (total Money, taxes []TaxLine) {
	return computeLines(t.Lines, t.Discount)
}

func computeLines(lines []Line, discount Money) (Money, []TaxLine) {
	var sub Money
	for i := range lines {
		l := &lines[i]
		l.Gross = Money(l.Qty)*l.Price - l.Discount
		sub += l.Gross
	}
	shares := spread(lines, discount, sub)
	var total Money
	for i := range lines {
		l := &lines[i]
		l.Share = shares[i]
		l.Total = l.Gross - l.Share
		l.TaxPart = taxIncluded(l.Total, l.Tax)
		total += l.Total
	}
	return total, breakdown(lines)
}

// spread divides d over the lines in proportion to their Gross, by the
// largest-remainder method, so the parts sum exactly to d.
func spread(lines []Line, d, sub Money) []Money {
	shares := make([]Money, len(lines))
	if d == 0 || sub <= 0 {
		return shares
	}
	rems := make([]uint64, len(lines))
	var given Money
	for i, l := range lines {
		// d × gross can exceed int64 on a very large ticket: use the
		// 128-bit product. Both are non-negative and d <= sub.
		hi, lo := bits.Mul64(uint64(d), uint64(max(l.Gross, 0)))
		q, r := bits.Div64(hi, lo, uint64(sub))
		shares[i] = Money(q)
		rems[i] = r
		given += shares[i]
	}
	used := make([]bool, len(lines))
	for left := d - given; left > 0; left-- {
		best := -1
		for i := range lines {
			if used[i] {
				continue
			}
			if best < 0 || rems[i] > rems[best] {
				best = i
			}
		}
		shares[best]++
		rems[best] = 0
		used[best] = true
	}
	return shares
}

// taxIncluded is the TVA contained in a tax-inclusive amount, rounded half
// away from zero.
func taxIncluded(gross Money, r TaxRate) Money {
	return Money(roundDiv(int64(gross)*int64(r), 10000+int64(r)))
}

package pos

import (
	"errors"
	"fmt"
)

// The price control: one rule for every way a ticket's price can fall — a
// haggled line price, a line discount, a ticket discount, a quantity or a
// line removed under a ticket discount, a free item. A manager must
// approve when, after the change,
//
//   - the ticket total is below the sum of its lines' floor prices, or
//   - the ticket gives away more than the shop's discount limit (a share of
//     the list prices, set by a manager), or
//   - the ticket total is 0 DH.
//
// An approval covers a giveaway (list prices minus total) up to the amount
// the manager saw: a later change that gives away more needs a manager
// again. Ticket.Sale applies the same rule, so no screen can skip it.

// Approval reasons, also the translation keys of the error a change
// returns when it needs a manager.
const (
	ReasonBelowFloor = "ticket.under_floor"
	ReasonOverLimit  = "ticket.over_limit"
	ReasonFree       = "ticket.free"
)

// Approval is what a manager is asked to approve: the ticket as it would
// be after the change.
type Approval struct {
	Reason   string
	Line     int   // the line changed, or -1 for the whole ticket
	List     Money // the ticket at list prices
	Floor    Money // the sum of the floor prices (never shown to a customer)
	Total    Money // the ticket total after the change
	Giveaway Money // List - Total
}

func (a *Approval) Error() string {
	return fmt.Sprintf("%s: total %v, list %v, floor %v", a.Reason, a.Total, a.List, a.Floor)
}

// AsApproval returns the approval a refused change asks for, if any.
func AsApproval(err error) (*Approval, bool) {
	var a *Approval
	ok := errors.As(err, &a)
	return a, ok
}

// Control checks the ticket against the price rule and its current
// approval. It returns nil when the ticket may be sold as it is, or what a
// manager would have to approve. line is reported back in the Approval.
func (t *Ticket) Control(line int) *Approval {
	if len(t.Lines) == 0 {
		return nil
	}
	total, _ := t.Compute()
	var list, floor Money
	for _, l := range t.Lines {
		list += Money(l.Qty) * l.List
		floor += Money(l.Qty) * l.Floor
	}
	a := &Approval{Line: line, List: list, Floor: floor, Total: total, Giveaway: list - total}
	switch {
	case total <= 0:
		a.Reason = ReasonFree
	case total < floor:
		a.Reason = ReasonBelowFloor
	case t.DiscountLimit > 0 && a.Giveaway*10000 > list*Money(t.DiscountLimit):
		a.Reason = ReasonOverLimit
	default:
		return nil
	}
	if t.ApprovedBy != "" && a.Giveaway <= t.ApprovedGiveaway {
		return nil
	}
	return a
}

// change applies f to the ticket under the price control. When the result
// needs a manager and manager is "", the ticket is left exactly as it was
// and the error carries the Approval; with a manager (whose PIN the caller
// has just checked) the change stands and the approval is recorded.
func (t *Ticket) change(line int, manager string, f func() error) error {
	saved := *t
	saved.Lines = append([]Line(nil), t.Lines...)
	if err := f(); err != nil {
		*t = saved
		return err
	}
	a := t.Control(line)
	if a == nil {
		return nil
	}
	if manager == "" {
		*t = saved
		return Wrap(a, a.Reason)
	}
	t.ApprovedBy = manager
	t.ApprovedGiveaway = a.Giveaway
	return nil
}

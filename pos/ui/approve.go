package ui

import (
	"hanout/pos"
)

// priceChange runs change under the shop's price control (see
// pos.Ticket.Control). When the change needs a manager it asks one —
// naming the item or discount (what), the total before and after — and
// runs change again with that manager's name; a manager logged in is not
// asked her PIN again. done runs after a change that stands; fail gets any
// other refusal. A cancelled PIN leaves the ticket as it was.
func (s *sellScreen) priceChange(what string, change func(manager string) error, done func(), fail func(error)) {
	u := s.u
	u.ticket.DiscountLimit = u.shop.DiscountLimit
	err := change("")
	a, need := pos.AsApproval(err)
	switch {
	case err == nil:
		done()
		return
	case !need:
		fail(err)
		return
	}
	apply := func(manager string) {
		if err := change(manager); err != nil {
			fail(err)
			return
		}
		done()
	}
	if u.user != nil && u.user.Role == pos.RoleManager {
		apply(u.user.Name)
		return
	}
	u.askPINFor(u.t("ui.pin.manager_title"), s.approvalText(what, a), pos.RoleManager, func(m *pos.User) { apply(m.Name) })
}

// approvalText says what a manager approves: the change, why it needs her,
// and the ticket total from list prices to what the customer pays. The
// floor prices are never shown (the customer may be reading the screen).
func (s *sellScreen) approvalText(what string, a *pos.Approval) string {
	u := s.u
	why := u.tl("ui.approve.below_floor")
	switch a.Reason {
	case pos.ReasonFree:
		why = u.tl("ui.approve.free")
	case pos.ReasonOverLimit:
		why = u.tl("ui.approve.over_limit", u.percentText(u.shop.DiscountLimit))
	}
	// what is logical; the whole text goes to the PIN dialog in visual order.
	return u.v(what + "\n" + why + "\n" + u.tl("ui.approve.total", u.money(a.List), u.money(a.Total), u.money(a.Giveaway)))
}

// managerFor runs done with the manager who approves: the one logged in,
// or the one whose PIN the dialog checks — the dialog saying what she
// approves (detail, logical text).
func (u *UI) managerFor(title, detail string, done func(*pos.User)) {
	if u.user != nil && u.user.Role == pos.RoleManager {
		done(u.user)
		return
	}
	u.askPINFor(title, u.v(detail), pos.RoleManager, done)
}

package ui

import (
	"context"

	"hanout/pos"
)

// Voiding a card payment on a sale not finished: a manager's PIN, the
// terminal's cancellation, and a tender_void document of its own that
// records the payment and its cancellation. The sale then goes on with
// other tenders. An uncertain answer from the terminal goes through the
// same "read the slip" question as a payment.

// voidable returns the index of the card payment the Void button cancels
// (the last one taken), or -1.
func (p *payScreen) voidable() int {
	if p == nil || p.done != nil {
		return -1
	}
	for i := len(p.tenders) - 1; i >= 0; i-- {
		if t := p.tenders[i]; t.Kind == pos.TenderCard && t.Amount > 0 && t.Status != pos.StatusRefused {
			return i
		}
	}
	return -1
}

// voidProvider runs the card provider's Void as a tender to collect.
type voidProvider struct {
	TenderProvider
	v    TenderVoider
	orig pos.Tender
	u    *UI
}

func (p voidProvider) Label(l pos.Lang) string { return p.u.tl("money.void.button") } // logical, as every provider's

func (p voidProvider) Pay(ctx context.Context, req TenderRequest, show func(Progress)) (pos.Tender, error) {
	return p.v.Void(ctx, req, p.orig, show)
}

// askVoidCard asks a manager's PIN, then cancels the last card payment of
// the sale through the terminal.
func (p *payScreen) askVoidCard() {
	u := p.u
	i := p.voidable()
	v, ok := u.hooks.Card.(TenderVoider)
	if i < 0 || !ok || u.tender != nil {
		return
	}
	orig := p.tenders[i]
	u.askPINFor(u.t("money.void.title"), u.t("money.void.detail", u.money(orig.Amount)), pos.RoleManager, func(m *pos.User) {
		req := TenderRequest{Amount: orig.Amount, Refund: true, Lang: u.lang, Shop: u.shop, Cashier: u.user.Name, Terminal: u.st.Terminal()}
		u.collect(voidProvider{TenderProvider: u.hooks.Card, v: v, orig: orig, u: u}, req, func(cancel pos.Tender) {
			if u.pay != p || p.done != nil {
				return
			}
			d := &pos.Document{Kind: pos.KindTenderVoid, Cashier: u.user.Name, Shift: u.st.OpenShift(), Time: u.now(),
				ApprovedBy: m.Name, Tenders: []pos.Tender{orig, cancel}}
			// The money went back to the card: the payment leaves the
			// sale whatever happens to the record, which is retried
			// before the sale is saved.
			p.removeTender(orig)
			p.voids = append(p.voids, d)
			if err := p.commitVoids(); err != nil {
				u.showErr(err)
				p.refresh()
				return
			}
			p.refresh()
			u.info(u.t("money.void.title"), u.t("money.void.done", u.money(orig.Amount)))
		})
	})
}

// removeTender takes t out of the sale's tenders (the first equal one).
func (p *payScreen) removeTender(t pos.Tender) {
	for i, x := range p.tenders {
		if x == t {
			p.tenders = append(p.tenders[:i:i], p.tenders[i+1:]...)
			p.doc = nil
			return
		}
	}
}

// commitVoids saves the void documents not saved yet, in order.
func (p *payScreen) commitVoids() error {
	for len(p.voids) > 0 {
		if err := p.u.st.Commit(p.voids[0]); err != nil {
			return err
		}
		p.voids = p.voids[1:]
	}
	return nil
}

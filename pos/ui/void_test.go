package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"hanout/drivers/concert"
	"hanout/drivers/concert/termsim"
	"hanout/pos"
)

// voidingCard is terminalCard with the cancellation devices.Card has.
type voidingCard struct{ terminalCard }

func (c voidingCard) Void(ctx context.Context, req TenderRequest, t pos.Tender, show func(Progress)) (pos.Tender, error) {
	cfg, _, err := concert.LoadConfig(c.st)
	if err != nil {
		return pos.Tender{}, err
	}
	term, closer, err := concert.Open(cfg)
	if err != nil {
		return pos.Tender{}, err
	}
	defer closer.Close()
	creq := concert.Request{Amount: t.Amount, Kind: concert.Cancel}
	res, err := term.Pay(ctx, creq)
	return concert.Settle(creq, res, err)
}

// Finding 5: a card approved for a sale that could not be saved held the
// seller on the pay screen with no way to give the money back. Now a
// manager voids it through the terminal (Caisse-AP cancel), the void is
// its own document, and the sale goes on with cash.
func TestVoidCardTenderOnUnfinishedSale(t *testing.T) {
	tl := newTill(t)
	q := tl.queued()
	log := tl.withTerminal(t, concert.CaisseAP, termsim.Options{})
	tl.hooks.Card = voidingCard{terminalCard{st: tl.st}}
	tl.ringTajine(t)
	tl.failingCommits(1, false)
	test.Tap(tl.pay.card)
	tl.until(t, q, "the card tender", func() bool { return len(tl.pay.tenders) == 1 && tl.tender == nil })
	if tl.pay.done != nil || !tl.pay.voidCard.Visible() {
		t.Fatal("a held card payment without a way to void it")
	}
	tl.closeDialogs()
	test.Tap(tl.pay.voidCard)
	if tl.pin == nil {
		t.Fatal("voiding a card payment needs a manager's PIN")
	}
	tl.typePIN(t, cashierPIN) // a cashier's PIN does not do
	if tl.tender != nil || len(tl.pay.tenders) != 1 {
		t.Fatal("a cashier voided a card payment")
	}
	tl.typePIN(t, managerPIN)
	tl.until(t, q, "the cancellation", func() bool { return len(tl.pay.tenders) == 0 && tl.tender == nil })
	if !strings.Contains(log.String(), "CD=2") {
		t.Fatalf("the terminal was not asked to cancel:\n%s", log)
	}
	var voids []*pos.Document
	tl.st.Each(0, func(d *pos.Document) error {
		if d.Kind == pos.KindTenderVoid {
			voids = append(voids, d)
		}
		return nil
	})
	if len(voids) != 1 || voids[0].ApprovedBy != tl.manager.Name || voids[0].Tenders[0].Amount != 25000 || voids[0].Tenders[1].Amount != -25000 {
		t.Fatalf("void documents %+v", voids)
	}
	if tl.pay.voidCard.Visible() || tl.pay.back.Disabled() {
		t.Fatal("after the void the sale is still held")
	}
	// The sale goes on with cash.
	tl.closeDialogs()
	test.Tap(tl.pay.exact)
	if tl.pay.done == nil {
		t.Fatal("the sale did not go on")
	}
	if d := stored(t, tl, tl.pay.done.Receipt); len(d.Tenders) != 1 || d.Tenders[0].Kind != pos.TenderCash {
		t.Fatalf("sale tenders %+v", d.Tenders)
	}
	if _, err := tl.st.Verify(); err != nil {
		t.Fatal(err)
	}
}

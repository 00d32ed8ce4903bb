package ui

import (
	"context"
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"hanout/pos"
)

// instantCard is a card terminal that approves at once whatever it is
// asked, a debit or a credit.
type instantCard struct{}

func (instantCard) Kind() pos.TenderKind          { return pos.TenderCard }
func (instantCard) Label(pos.Lang) string         { return "Carte" }
func (instantCard) Ready(pos.Lang) (bool, string) { return true, "" }
func (instantCard) Pay(_ context.Context, req TenderRequest, _ func(Progress)) (pos.Tender, error) {
	amount := req.Amount
	if req.Refund {
		amount = -amount
	}
	return pos.Tender{Kind: pos.TenderCard, Amount: amount, Status: pos.StatusApproved,
		CardMasked: "513100******1234", AuthCode: "123456"}, nil
}

// failingCommits makes the till's next n commits fail. With landed, each
// failing commit first stores the document (an error that came after the
// data reached the disk).
func (tl *till) failingCommits(n int, landed bool) *int {
	calls := 0
	tl.commit = func(d *pos.Document) error {
		calls++
		if calls > n {
			return tl.st.Commit(d)
		}
		if landed {
			if err := tl.st.Commit(d); err != nil {
				return err
			}
		}
		return errors.New("disk hiccup")
	}
	return &calls
}

// overlayButton is the visible button labelled text in a dialog, or nil.
func (tl *till) overlayButton(text string) *widget.Button {
	var found *widget.Button
	for _, o := range tl.win.Canvas().Overlays().List() {
		walk(o, func(o fyne.CanvasObject) {
			if b, ok := o.(*widget.Button); ok && b.Text == text && b.Visible() {
				found = b
			}
		})
	}
	return found
}

// closeDialogs dismisses every dialog shown.
func (tl *till) closeDialogs() {
	for tl.win.Canvas().Overlays().Top() != nil {
		tl.win.Canvas().Overlays().Top().Hide()
	}
}

// sales is how many sales the store holds for the test day.
func (tl *till) sales(t *testing.T) int {
	t.Helper()
	docs, err := tl.st.Days("2025-03-21", "2025-03-21")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range docs {
		if d.Kind == pos.KindSale {
			n++
		}
	}
	return n
}

// A card approved for a sale whose commit failed stays with that sale:
// the seller can neither navigate away, log out, clear, park nor change the
// ticket under it; Retry then saves it with the card.
func TestCardTenderHeldUntilSaleFinished(t *testing.T) {
	tl := newTill(t)
	q := tl.queued()
	tl.hooks.Card = instantCard{}
	tl.loginAs(t, "c1", cashierPIN)
	tl.openShift(t)
	test.Tap(tl.tile(t, "tajine", "TAJ-1"))
	test.Tap(tl.tile(t, "menthe", "THE-1"))
	test.Tap(tl.sell.pay)
	tl.failingCommits(1, false)
	test.Tap(tl.pay.card)
	tl.until(t, q, "the card tender", func() bool { return len(tl.pay.tenders) == 1 })
	if tl.pay.done != nil || !tl.pay.retry.Visible() {
		t.Fatal("the failed commit did not leave the sale to retry")
	}
	held := tl.t("ui.pay.held", tl.money(29000))
	blocked := func(what string) {
		t.Helper()
		if tl.current != screenPay || tl.user == nil {
			t.Fatalf("%s left the pay screen (now %q, user %v)", what, tl.current, tl.user)
		}
		if len(tl.pay.tenders) != 1 || tl.pay.tenders[0].Kind != pos.TenderCard || tl.pay.tenders[0].Amount != 29000 {
			t.Fatalf("after %s the tenders are %+v", what, tl.pay.tenders)
		}
		if len(tl.ticket.Lines) != 2 {
			t.Fatalf("after %s the ticket has %d lines", what, len(tl.ticket.Lines))
		}
		if !strings.Contains(tl.overlayText(), held) {
			t.Fatalf("after %s no explanation:\n%s", what, tl.overlayText())
		}
		tl.closeDialogs()
	}
	for _, key := range []string{"ui.nav.sell", "ui.nav.history", "ui.nav.shift", "ui.nav.catalogue", "ui.nav.settings", "ui.nav.logout"} {
		test.Tap(navButton(t, tl.UI, key))
		blocked(key)
	}
	tl.logout()
	blocked("logout")

	// Whatever path reaches the cart, Clear, Park and Resume refuse too.
	tl.showSell()
	tl.sell.clear.OnTapped()
	blocked("clear")
	tl.showSell()
	tl.sell.parkTicket()
	blocked("park")
	if ps, _ := tl.st.Parked(); len(ps) != 0 {
		t.Fatal("the paid ticket was parked")
	}

	// A ticket changed under the payment gets the paid ticket back.
	tl.ticket.Lines = tl.ticket.Lines[:1]
	tl.showPay()
	blocked("a changed ticket")
	if tl.pay.remaining() != 0 {
		t.Fatalf("remaining %v with the card paying all", tl.pay.remaining())
	}

	test.Tap(tl.pay.retry)
	if tl.pay.done == nil {
		t.Fatal("retry did not save the sale")
	}
	d := stored(t, tl, tl.pay.done.Receipt)
	if len(d.Lines) != 2 || d.Total != 29000 || len(d.Tenders) != 1 || d.Tenders[0].Kind != pos.TenderCard {
		t.Fatalf("stored sale %+v", d)
	}
	// Once saved, the seller moves on freely.
	test.Tap(navButton(t, tl.UI, "ui.nav.sell"))
	if tl.current != screenSell {
		t.Fatal("navigation still blocked after the sale")
	}
}

// Logout hands the next cashier an empty ticket and no tenders.
func TestLogoutLeavesNoTenders(t *testing.T) {
	tl := newTill(t)
	tl.ringTajine(t)
	test.Tap(tl.pay.quick[10000]) // 100 in cash, then the customer walks away
	test.Tap(navButton(t, tl.UI, "ui.nav.logout"))
	if tl.user != nil || tl.pay != nil || len(tl.ticket.Lines) != 0 {
		t.Fatalf("after logout: user %v, pay %v, %d lines", tl.user, tl.pay, len(tl.ticket.Lines))
	}
	tl.loginAs(t, "m1", managerPIN)
	test.Tap(tl.tile(t, "tajine", "TAJ-1"))
	test.Tap(tl.sell.pay)
	if len(tl.pay.tenders) != 0 {
		t.Fatalf("the next cashier starts with tenders %+v", tl.pay.tenders)
	}
}

// Retry after a commit error that came once the sale was on disk saves the
// same sale, not a second one.
func TestRetryCommitsTheSameSale(t *testing.T) {
	tl := newTill(t)
	tl.ringTajine(t)
	calls := tl.failingCommits(1, true)
	test.Tap(tl.pay.exact)
	if tl.pay.done != nil || !tl.pay.retry.Visible() {
		t.Fatal("no retry after a failed commit")
	}
	id := tl.pay.doc.ID
	tl.closeDialogs()
	test.Tap(tl.pay.retry)
	if tl.pay.done == nil || *calls != 2 {
		t.Fatalf("retry: done %v after %d commits", tl.pay.done, *calls)
	}
	if tl.pay.done.ID != id {
		t.Fatalf("retry committed %s, the failed attempt was %s", tl.pay.done.ID, id)
	}
	if n := tl.sales(t); n != 1 {
		t.Fatalf("%d sales stored for one customer", n)
	}
	if p, _ := tl.st.Product("TAJ-1"); p.Stock != 9 {
		t.Fatalf("stock %d after one tajine sold", p.Stock)
	}
}

// cardRefund sells a tajine in cash, then refunds it to the card.
func (tl *till) cardRefund(t *testing.T, q *uiQueue) *pos.Document {
	t.Helper()
	tl.hooks.Card = instantCard{}
	tl.ringTajine(t)
	test.Tap(tl.pay.exact)
	sale := tl.pay.done
	test.Tap(tl.pay.newSale)
	test.Tap(navButton(t, tl.UI, "ui.nav.history"))
	tl.history.openDoc(sale)
	tl.history.qty[0].SetText("1")
	test.Tap(tl.history.card)
	tl.typePIN(t, managerPIN)
	tl.until(t, q, "the card credit", func() bool { return tl.tender == nil && tl.overlayButton(tl.t("ui.pay.retry")) != nil })
	return sale
}

// A card credited whose refund failed to save is saved by Retry, once.
func TestCardRefundRetrySaves(t *testing.T) {
	tl := newTill(t)
	q := tl.queued()
	tl.failingCommits(1, true) // the refund's first commit, not the sale's
	tl.commit = func(inner func(*pos.Document) error) func(*pos.Document) error {
		return func(d *pos.Document) error {
			if d.Kind == pos.KindSale {
				return tl.st.Commit(d)
			}
			return inner(d)
		}
	}(tl.commit)
	sale := tl.cardRefund(t, q)
	test.Tap(tl.overlayButton(tl.t("ui.pay.retry")))
	rs, err := tl.st.RefundsOf(sale)
	if err != nil || len(rs) != 1 || rs[0].Tenders[0].Kind != pos.TenderCard || rs[0].Total != -25000 {
		t.Fatalf("refunds %+v, %v", rs, err)
	}
	if tl.overlayButton(tl.t("ui.pay.retry")) != nil {
		t.Fatalf("still asked to retry:\n%s", tl.overlayText())
	}
	if want := tl.t("ui.history.refunded_msg", rs[0].Receipt, tl.money(25000)); !strings.Contains(tl.overlayText(), want) {
		t.Fatalf("no %q in:\n%s", want, tl.overlayText())
	}
}

// A card credited whose refund cannot be saved says so plainly.
func TestCardRefundUnsavedSaysSo(t *testing.T) {
	tl := newTill(t)
	q := tl.queued()
	tl.commit = func(d *pos.Document) error {
		if d.Kind == pos.KindSale {
			return tl.st.Commit(d)
		}
		return errors.New("disk gone")
	}
	sale := tl.cardRefund(t, q)
	test.Tap(tl.overlayButton(tl.t("ui.pay.retry")))
	give := tl.overlayButton(tl.t("ui.history.card_give_up"))
	if give == nil {
		t.Fatal("no second chance after a failed retry")
	}
	test.Tap(give)
	if want := tl.t("ui.history.card_unsaved", tl.money(25000), sale.Receipt); !strings.Contains(tl.overlayText(), want) {
		t.Fatalf("no %q in:\n%s", want, tl.overlayText())
	}
}

// Print and Reprint queue a job only when a printer is set up.
func TestPrintNeedsAPrinter(t *testing.T) {
	tl := newTill(t)
	tl.ringTajine(t)
	test.Tap(tl.pay.exact)
	sale := tl.pay.done
	jobs := func() int {
		js, err := tl.st.PendingPrints()
		if err != nil {
			t.Fatal(err)
		}
		return len(js)
	}
	noPrinter := tl.t("ui.print.no_printer")
	ready := false
	for _, hook := range []func() bool{nil, func() bool { return ready }} {
		tl.hooks.PrinterReady = hook
		test.Tap(tl.pay.print)
		if jobs() != 0 || !strings.Contains(tl.overlayText(), noPrinter) {
			t.Fatalf("print without a printer: %d jobs, shown:\n%s", jobs(), tl.overlayText())
		}
		tl.closeDialogs()
	}
	ready = true
	test.Tap(tl.pay.print)
	if jobs() != 1 || strings.Contains(tl.overlayText(), noPrinter) {
		t.Fatalf("print with a printer: %d jobs", jobs())
	}
	tl.closeDialogs()

	test.Tap(tl.pay.newSale)
	test.Tap(navButton(t, tl.UI, "ui.nav.history"))
	tl.history.openDoc(sale)
	ready = false
	test.Tap(tl.history.reprint)
	if jobs() != 1 || !strings.Contains(tl.overlayText(), noPrinter) {
		t.Fatalf("reprint without a printer: %d jobs", jobs())
	}
	tl.closeDialogs()
	ready = true
	test.Tap(tl.history.reprint)
	if js, _ := tl.st.PendingPrints(); len(js) != 2 || !js[1].Reprint {
		t.Fatalf("reprint with a printer: %+v", js)
	}
}

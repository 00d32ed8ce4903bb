package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"hanout/pos"
)

// overlayEntry is the first visible entry in a dialog, or nil.
func (tl *till) overlayEntry() fyne.Focusable {
	var found fyne.Focusable
	for _, o := range tl.win.Canvas().Overlays().List() {
		walk(o, func(o fyne.CanvasObject) {
			if found != nil {
				return
			}
			switch e := o.(type) {
			case *widget.Entry:
				if e.Visible() {
					found = e
				}
			case *numEntry:
				if e.Visible() {
					found = e
				}
			}
		})
	}
	return found
}

// Issue 18, finding 1: a cashier types "100%" (meaning 10 %) in Remise and
// taps Encaisser: the goods must not leave for 0 DH without a manager, and
// the pay step is never skipped.
func TestCashierFullDiscountNeedsManager(t *testing.T) {
	tl := newTill(t)
	tl.loginAs(t, "c1", cashierPIN)
	tl.openShift(t)
	test.Tap(tl.tile(t, "tajine", "TAJ-1"))
	test.Tap(tl.tile(t, "babouche", "BAB-1"))

	test.Tap(tl.sell.discount)
	e := tl.overlayEntry()
	if e == nil {
		t.Fatal("no discount field")
	}
	test.Type(e, "100%")
	test.Tap(tl.overlayButton(tl.t("ui.ok")))
	if tl.ticket.Discount != 0 {
		t.Fatalf("a cashier set a 100%% discount: %v off", tl.ticket.Discount)
	}
	test.Tap(tl.sell.pay)
	if n := tl.sales(t); n != 0 {
		t.Fatalf("%d sale(s) saved at 0 DH with no manager", n)
	}
	if total, _ := tl.ticket.Compute(); total != 43000 {
		t.Fatalf("ticket total %v", total)
	}
}

// The manager PIN dialog names what it approves: the discount, and the
// total from list price to what is paid — never the floor prices. Once
// approved, a 0 DH ticket still goes through the pay step.
func TestManagerApprovesWhatSheSees(t *testing.T) {
	tl := newTill(t)
	tl.loginAs(t, "c1", cashierPIN)
	tl.openShift(t)
	test.Tap(tl.tile(t, "tajine", "TAJ-1"))
	test.Tap(tl.tile(t, "babouche", "BAB-1"))
	test.Tap(tl.sell.discount)
	for _, k := range []string{"1", "0", "0", "%"} {
		tl.sell.discountDlg.pad.tap(k)
	}
	test.Tap(tl.sell.discountDlg.ok)
	if tl.pin == nil {
		t.Fatal("no manager PIN asked for a 100% discount")
	}
	say := tl.pin.detail.Text
	for _, want := range []string{"100%", pos.Money(43000).Format(pos.FR), pos.Money(0).Format(pos.FR)} {
		if !strings.Contains(say, want) {
			t.Errorf("approval text %q does not say %q", say, want)
		}
	}
	for _, floor := range []pos.Money{20000, 15000, 35000} {
		if strings.Contains(say, floor.Format(pos.FR)) {
			t.Errorf("approval text %q shows a floor price", say)
		}
	}
	tl.typePIN(t, managerPIN)
	if tl.ticket.Discount != 43000 || tl.ticket.ApprovedBy != "Fatima" {
		t.Fatalf("discount %v approved by %q", tl.ticket.Discount, tl.ticket.ApprovedBy)
	}
	test.Tap(tl.sell.pay)
	if tl.current != screenPay || tl.pay.done != nil || tl.sales(t) != 0 {
		t.Fatal("a 0 DH ticket skipped the pay step")
	}
	test.Tap(tl.pay.exact)
	if tl.pay.done == nil || tl.pay.done.Total != 0 || tl.pay.done.ApprovedBy != "Fatima" {
		t.Fatalf("free sale: %+v", tl.pay.done)
	}
}

// A manager logged in haggles below the floor without typing her PIN again.
func TestManagerLoggedInIsNotAskedAgain(t *testing.T) {
	tl := newTill(t)
	tl.loginAs(t, "m1", managerPIN)
	tl.openShift(t)
	test.Tap(tl.tile(t, "tajine", "TAJ-1"))
	tl.sell.cart.Select(0)
	for _, k := range []string{"1", "5", "0"} {
		tl.sell.line.pad.tap(k)
	}
	test.Tap(tl.sell.line.ok)
	if tl.pin != nil {
		t.Fatal("a logged-in manager was asked her PIN")
	}
	if p := tl.ticket.Lines[0].Price; p != 15000 || tl.ticket.ApprovedBy != "Fatima" {
		t.Fatalf("price %v approved by %q", p, tl.ticket.ApprovedBy)
	}
}

// Typing on the keypad replaces the selected price: 650 over 250,00 gives
// 150 — not 250,00150. French fields write decimals with a comma.
func TestPriceFieldSelectedOnFocus(t *testing.T) {
	tl := newTill(t)
	tl.loginAs(t, "c1", cashierPIN)
	tl.openShift(t)
	test.Tap(tl.tile(t, "tajine", "TAJ-1"))
	tl.sell.cart.Select(0)
	if got := tl.sell.line.price.Text; got != "250,00" {
		t.Fatalf("price field shows %q", got)
	}
	for _, k := range []string{"2", "2", "0", ",", "5"} {
		tl.sell.line.pad.tap(k)
	}
	if got := tl.sell.line.price.Text; got != "220,5" {
		t.Fatalf("typing over the price gave %q", got)
	}
	// Tapping into the quantity field selects it; the pad then types there.
	test.Tap(tl.sell.line.qty)
	tl.sell.line.pad.tap("3")
	if got := tl.sell.line.qty.Text; got != "3" {
		t.Fatalf("qty field %q", got)
	}
	test.Tap(tl.sell.line.ok)
	if l := tl.ticket.Lines[0]; l.Price != 22050 || l.Qty != 3 {
		t.Fatalf("line %v × %v", l.Qty, l.Price)
	}
}

// Issue 18, finding 7: a 200 tapped for a 100 note is undone with one tap,
// and nothing was saved, so no refund and no manager. Exact payments save
// at once and show no "change 0,00".
func TestWrongNoteUndoneInOneTap(t *testing.T) {
	tl := newTill(t)
	tl.loginAs(t, "c1", cashierPIN)
	tl.openShift(t)
	test.Tap(tl.tile(t, "menthe", "THE-1")) // 40 DH
	test.Tap(tl.sell.pay)
	test.Tap(tl.pay.quick[20000])
	if tl.pay.done != nil || tl.sales(t) != 0 {
		t.Fatal("sale saved at the note tap, before the change was confirmed")
	}
	if !tl.pay.confirm.Visible() || !strings.Contains(tl.pay.changeDue.Text, pos.Money(16000).Format(pos.FR)) {
		t.Fatalf("no confirmation with the change: %q", tl.pay.changeDue.Text)
	}
	test.Tap(tl.pay.undo) // one tap
	if len(tl.pay.tenders) != 0 || tl.pay.confirm.Visible() || tl.sales(t) != 0 {
		t.Fatalf("undo left %d tenders", len(tl.pay.tenders))
	}
	test.Tap(tl.pay.quick[5000])
	test.Tap(tl.pay.confirm)
	if tl.pay.done == nil || pos.Change(tl.pay.done.Tenders) != 1000 {
		t.Fatalf("sale %+v", tl.pay.done)
	}

	// Exact: saved at once, no big orange zero.
	test.Tap(tl.pay.newSale)
	test.Tap(tl.tile(t, "menthe", "THE-1"))
	test.Tap(tl.sell.pay)
	test.Tap(tl.pay.exact)
	if tl.pay.done == nil {
		t.Fatal("exact payment not saved")
	}
	walk(tl.win.Content(), func(o fyne.CanvasObject) {
		if o == fyne.CanvasObject(tl.pay.change) {
			t.Fatal("a change of 0,00 is shown in large type")
		}
	})
}

// Issue 18, finding 4: a receipt that did not print says so on the
// sale-done screen, with a reprint button; one that printed says that.
func TestSaleDoneSaysReceiptNotPrinted(t *testing.T) {
	tl := newTill(t)
	tl.hooks.PrinterReady = func() bool { return true }
	tl.st.SetPrintOnCommit(true)
	tl.loginAs(t, "c1", cashierPIN)
	tl.openShift(t)
	test.Tap(tl.tile(t, "menthe", "THE-1"))
	test.Tap(tl.sell.pay)
	test.Tap(tl.pay.exact)
	if tl.pay.done == nil {
		t.Fatal("not saved")
	}
	if tl.pay.printMsg.Importance == widget.DangerImportance {
		t.Fatalf("a queued receipt reads as failed: %q", tl.pay.printMsg.Text)
	}
	jobs, err := tl.st.PendingPrints()
	if err != nil || len(jobs) != 1 {
		t.Fatalf("jobs %v %v", jobs, err)
	}
	// The worker tries and fails: the port is gone.
	if err := tl.st.PrintFailed(jobs[0].ID, "port absent"); err != nil {
		t.Fatal(err)
	}
	tl.printer = State{Level: LevelDown, Text: "port absent"}
	tl.refreshStatus()
	if tl.pay.printMsg.Importance != widget.DangerImportance || !strings.Contains(tl.pay.printMsg.Text, "port absent") ||
		!strings.Contains(tl.pay.printMsg.Text, "NON imprimé") {
		t.Fatalf("failed print reads %q", tl.pay.printMsg.Text)
	}
	if tl.pay.print.Text != tl.t("ui.pay.reprint") {
		t.Fatalf("no reprint button: %q", tl.pay.print.Text)
	}
	// Printed at last.
	if err := tl.st.PrintDone(jobs[0].ID); err != nil {
		t.Fatal(err)
	}
	tl.printer = State{Level: LevelOK}
	tl.refreshStatus()
	if tl.pay.printMsg.Text != tl.t("ui.done.printed") {
		t.Fatalf("printed receipt reads %q", tl.pay.printMsg.Text)
	}

	// No printer at all: said as loudly.
	tl.hooks.PrinterReady = nil
	tl.refreshStatus()
	if tl.pay.printMsg.Importance != widget.DangerImportance {
		t.Fatalf("no printer reads %q", tl.pay.printMsg.Text)
	}
}

// Issue 18, finding 3: Enter on a search with several matches keeps the
// search and says to tap one; an unknown code opens no dialog, sounds, and
// the next scan still adds its product. A sold-out piece is added with a
// warning.
func TestScanNoticesDoNotBlock(t *testing.T) {
	beeps := 0
	old := beep
	beep = func() { beeps++ }
	t.Cleanup(func() { beep = old })
	tl := newTill(t)
	tl.loginAs(t, "c1", cashierPIN)
	tl.openShift(t)

	test.Type(tl.sell.search, "e")
	enter(tl.sell.search)
	if tl.win.Canvas().Overlays().Top() != nil {
		t.Fatal("several matches opened a dialog")
	}
	if len(tl.ticket.Lines) != 0 || tl.sell.search.Text != "e" || len(tl.sell.filtered) != 3 {
		t.Fatalf("several matches: %d lines, search %q, %d shown", len(tl.ticket.Lines), tl.sell.search.Text, len(tl.sell.filtered))
	}
	if !tl.sell.notice.visible() || !strings.Contains(tl.sell.notice.text.Text, "3") {
		t.Fatalf("banner %q", tl.sell.notice.text.Text)
	}
	// The banner pushes the category bar and the grid down, never covers.
	d := fyne.CurrentApp().Driver()
	bannerEnd := d.AbsolutePositionForObject(tl.sell.notice.obj).Y + tl.sell.notice.obj.Size().Height
	if y := d.AbsolutePositionForObject(tl.sell.catScroll).Y; y < bannerEnd {
		t.Fatalf("the category bar at y=%.0f is under the banner ending at %.0f", y, bannerEnd)
	}
	if y := d.AbsolutePositionForObject(tl.sell.grid).Y; y < d.AbsolutePositionForObject(tl.sell.catScroll).Y+tl.sell.catScroll.Size().Height {
		t.Fatalf("the grid at y=%.0f is under the category bar", y)
	}

	tl.sell.search.SetText("")
	test.Type(tl.sell.search, "6119999999999")
	enter(tl.sell.search)
	if tl.win.Canvas().Overlays().Top() != nil {
		t.Fatal("an unknown barcode opened a dialog")
	}
	if tl.sell.notice.kind != noticeError || !strings.Contains(tl.sell.notice.text.Text, "6119999999999") || beeps != 1 {
		t.Fatalf("unknown code banner %q, %d beeps", tl.sell.notice.text.Text, beeps)
	}
	test.Type(tl.sell.search, "6111000000011")
	enter(tl.sell.search)
	if len(tl.ticket.Lines) != 1 || tl.sell.notice.kind != noticeOK {
		t.Fatalf("the next scan: %d lines, banner %q", len(tl.ticket.Lines), tl.sell.notice.text.Text)
	}

	p, _ := tl.st.Product("BAB-1")
	p.Stock = 0
	if err := tl.st.PutProduct(p); err != nil {
		t.Fatal(err)
	}
	tl.reloadData()
	tl.showSell()
	test.Tap(tl.tile(t, "babouche", "BAB-1"))
	if len(tl.ticket.Lines) != 2 || tl.sell.notice.kind != noticeWarn || beeps != 2 {
		t.Fatalf("sold out: %d lines, banner %q", len(tl.ticket.Lines), tl.sell.notice.text.Text)
	}
}

// Issue 18, finding 8: the count at close is blind — neither the expected
// cash nor a difference shows before the seller says the count is done —
// and the on-screen report lists a QR payment "to verify" apart.
func TestShiftCloseBlindCountAndToVerify(t *testing.T) {
	tl := newTill(t)
	tl.loginAs(t, "c1", cashierPIN)
	tl.openShift(t)
	// A QR payment recorded "paid — to verify" by the manager.
	var tk pos.Ticket
	p, _ := tl.st.Product("TAJ-1")
	if err := tk.Add(p, 1); err != nil {
		t.Fatal(err)
	}
	d, err := tk.Sale([]pos.Tender{{Kind: pos.TenderQRWallet, Amount: 25000, Status: pos.StatusUnverified, Reference: "QR-REF-7", ApprovedBy: "Fatima"}},
		"Youssef", tl.st.OpenShift(), tl.now())
	if err != nil {
		t.Fatal(err)
	}
	if err := tl.st.Commit(d); err != nil {
		t.Fatal(err)
	}
	test.Tap(tl.tile(t, "menthe", "THE-1")) // and 40 DH in cash
	test.Tap(tl.sell.pay)
	test.Tap(tl.pay.exact)
	test.Tap(navButton(t, tl.UI, "ui.nav.shift"))
	expected := tl.money(tl.shift.expected)
	if tl.shift.expected != 24000 {
		t.Fatalf("expected %v", tl.shift.expected)
	}
	screen := func() string {
		var b strings.Builder
		walk(tl.win.Content(), func(o fyne.CanvasObject) {
			if text, ok := labelText(o); ok {
				b.WriteString(text + "\n")
			}
		})
		return b.String()
	}
	if s := screen(); strings.Contains(s, expected) || tl.shift.variance.Text != "" {
		t.Fatalf("expected cash %s shown before counting:\n%s", expected, s)
	}
	if !tl.shift.close.Disabled() {
		t.Fatal("close offered before the count is done")
	}
	if s := screen(); !strings.Contains(s, tl.t("ui.report.to_verify")) || !strings.Contains(s, "QR-REF-7") {
		t.Fatalf("no 'to verify' row:\n%s", s)
	}
	for _, k := range []string{"1"} {
		test.Tap(tl.shift.counts[20000])
		tl.shift.pad.tap(k)
	}
	test.Tap(tl.shift.check)
	if s := screen(); !strings.Contains(s, expected) || tl.shift.variance.Text == "" {
		t.Fatalf("expected cash not shown after counting:\n%s", s)
	}
	if !tl.shift.counts[20000].Disabled() {
		t.Fatal("counts still editable once the expected amount is shown")
	}
	test.Tap(tl.shift.close)
	tl.typePIN(t, managerPIN)
	if tl.st.OpenShift() != "" {
		t.Fatal("shift still open")
	}
	if tl.shift.lastZ == nil || tl.shift.lastZ.Counted != 20000 {
		t.Fatalf("Z %+v", tl.shift.lastZ)
	}
	if s := screen(); !strings.Contains(s, "QR-REF-7") {
		t.Fatalf("Z report on screen does not list the payment to verify:\n%s", s)
	}
}

// Issue 18, finding 6: History rows name the first item and how it was
// paid; the refund sits at the top of the sale with − and + for the
// quantity, which never goes beyond what is left.
func TestRefundAtTopWithPlusMinus(t *testing.T) {
	tl := newTill(t)
	tl.loginAs(t, "c1", cashierPIN)
	tl.openShift(t)
	test.Tap(tl.tile(t, "tajine", "TAJ-1"))
	test.Tap(tl.tile(t, "menthe", "THE-1"))
	test.Tap(tl.sell.pay)
	test.Tap(tl.pay.exact)
	test.Tap(navButton(t, tl.UI, "ui.nav.history"))
	row := tl.history.docSummary(tl.history.docs[0])
	for _, want := range []string{"Tajine peint", tl.t("ui.history.more_items", 1), tl.t("ui.tender.cash")} {
		if !strings.Contains(row, want) {
			t.Errorf("history row %q lacks %q", row, want)
		}
	}
	tl.history.list.Select(0)
	// The refund comes before the receipt preview.
	refundAt, receiptAt := -1, -1
	for i, o := range tl.history.detail.Objects {
		if _, ok := o.(*widget.RichText); ok && receiptAt < 0 {
			receiptAt = i
		}
		if text, ok := labelText(o); ok && text == tl.t("ui.history.refund_title") {
			refundAt = i
		}
	}
	if refundAt < 0 || receiptAt < 0 || refundAt > receiptAt {
		t.Fatalf("refund at %d, receipt at %d", refundAt, receiptAt)
	}
	test.Tap(tl.history.plus[1])
	test.Tap(tl.history.plus[1]) // only one was sold
	if got := tl.history.qty[1].Text; got != "1" {
		t.Fatalf("qty after + + is %q", got)
	}
	test.Tap(tl.history.minus[1])
	test.Tap(tl.history.minus[1])
	if got := tl.history.qty[1].Text; got != "0" {
		t.Fatalf("qty after − − is %q", got)
	}
	test.Tap(tl.history.plus[1])
	test.Tap(tl.history.refund)
	if tl.pin == nil || !strings.Contains(tl.pin.detail.Text, "Thé à la menthe") || !strings.Contains(tl.pin.detail.Text, pos.Money(4000).Format(pos.FR)) {
		t.Fatalf("the refund PIN does not say what it approves")
	}
	tl.typePIN(t, managerPIN)
	rs, _ := tl.st.RefundsOf(tl.history.open)
	if len(rs) != 1 || rs[0].Total != -4000 {
		t.Fatalf("refunds %v", rs)
	}
}

// Smaller findings: the catalogue opens with nothing in edit mode.
func TestCatalogueOpensWithNothingInEdit(t *testing.T) {
	tl := newTill(t)
	tl.loginAs(t, "m1", managerPIN)
	test.Tap(navButton(t, tl.UI, "ui.nav.catalogue"))
	if tl.catalogue.edit != nil {
		t.Fatal("the catalogue opened a product in edit mode")
	}
}

// inView reports whether o lies whole inside the window's canvas.
func (tl *till) inView(o fyne.CanvasObject) bool {
	d := fyne.CurrentApp().Driver()
	pos := d.AbsolutePositionForObject(o)
	size := tl.win.Canvas().Size()
	return o.Visible() && pos.X >= 0 && pos.Y >= 0 && pos.X+o.Size().Width <= size.Width+0.5 && pos.Y+o.Size().Height <= size.Height+0.5
}

// Issue 18, finding 9: at 1024×600 the pay screen shows every way to pay,
// the cart shows at least three lines, and the manager PIN pad with its OK
// fits the window.
func TestSmallScreenIsComplete(t *testing.T) {
	tl := newTill(t)
	tl.win.Resize(fyne.NewSize(1024, 600))
	tl.loginAs(t, "c1", cashierPIN)
	tl.openShift(t)
	test.Tap(tl.tile(t, "tajine", "TAJ-1"))
	test.Tap(tl.tile(t, "babouche", "BAB-1"))
	test.Tap(tl.tile(t, "menthe", "THE-1"))
	if h := tl.sell.cart.Size().Height; h < 3*70 {
		t.Errorf("the cart is %.0f px high at 1024×600: fewer than three lines", h)
	}
	tl.sell.cart.Select(0)
	for _, k := range []string{"1", "0", "0"} {
		tl.sell.line.pad.tap(k)
	}
	test.Tap(tl.sell.line.ok)
	if tl.pin == nil {
		t.Fatal("no PIN asked")
	}
	for _, b := range []fyne.CanvasObject{tl.pin.ok, tl.pin.cancel, tl.pin.entry} {
		if !tl.inView(b) {
			t.Errorf("PIN dialog part %T out of view at 1024×600", b)
		}
	}
	test.Tap(tl.pin.cancel)
	tl.sell.line.d.Hide()
	tl.sell.line = nil
	test.Tap(tl.sell.pay)
	for name, b := range map[string]fyne.CanvasObject{"card": tl.pay.card, "qr": tl.pay.qr, "exact": tl.pay.exact, "other": tl.pay.cash, "200": tl.pay.quick[20000], "back": tl.pay.back} {
		if !tl.inView(b) {
			t.Errorf("pay button %s out of view at 1024×600", name)
		}
	}
}

// The shop's discount limit, set by a manager in Settings, holds for a
// cashier's ticket discount even above the floor prices.
func TestDiscountLimitFromSettings(t *testing.T) {
	tl := newTill(t)
	tl.loginAs(t, "m1", managerPIN)
	test.Tap(navButton(t, tl.UI, "ui.nav.settings"))
	test.Type(tl.settings.discountLimit, "10")
	test.Tap(tl.settings.save)
	tl.closeDialogs()
	if tl.shop.DiscountLimit != 1000 {
		t.Fatalf("limit %d", tl.shop.DiscountLimit)
	}
	test.Tap(navButton(t, tl.UI, "ui.nav.logout"))
	tl.loginAs(t, "c1", cashierPIN)
	tl.openShift(t)
	test.Tap(tl.tile(t, "tajine", "TAJ-1")) // 250, floor 200
	test.Tap(tl.sell.discount)
	for _, k := range []string{"1", "5", "%"} {
		tl.sell.discountDlg.pad.tap(k)
	}
	test.Tap(tl.sell.discountDlg.ok) // 37,50 off: above the floor, beyond 10 %
	if tl.pin == nil || !strings.Contains(tl.pin.detail.Text, tl.tl("ui.approve.over_limit", "10")) {
		t.Fatal("no manager asked beyond the shop's limit")
	}
	if tl.ticket.Discount != 0 {
		t.Fatalf("discount %v applied before approval", tl.ticket.Discount)
	}
	test.Tap(tl.pin.cancel)
	tl.sell.discountDlg.entry.SetText("")
	for _, k := range []string{"1", "0", "%"} {
		tl.sell.discountDlg.pad.tap(k)
	}
	test.Tap(tl.sell.discountDlg.ok)
	if tl.pin != nil || tl.ticket.Discount != 2500 {
		t.Fatalf("10 %% within the limit: discount %v, pin %v", tl.ticket.Discount, tl.pin != nil)
	}
}

// Issue 18, finding 2: the refund quantity has the on-screen keypad too,
// besides − / +; tapping a quantity selects it, so the pad types over it.
func TestRefundQuantityOnKeypad(t *testing.T) {
	tl := newTill(t)
	tl.loginAs(t, "c1", cashierPIN)
	tl.openShift(t)
	test.Tap(tl.tile(t, "menthe", "THE-1"))
	test.Tap(tl.tile(t, "menthe", "THE-1"))
	test.Tap(tl.tile(t, "menthe", "THE-1"))
	test.Tap(tl.tile(t, "tajine", "TAJ-1"))
	test.Tap(tl.sell.pay)
	test.Tap(tl.pay.exact)
	test.Tap(navButton(t, tl.UI, "ui.nav.history"))
	tl.history.list.Select(0)
	if tl.history.pad == nil || !tl.inDetail(tl.history.pad.obj) {
		t.Fatal("no keypad on the refund form")
	}
	// The pad starts on the first line; three teas were sold.
	tl.history.pad.tap("2")
	if got := tl.history.qty[0].Text; got != "2" {
		t.Fatalf("first line after keypad 2: %q", got)
	}
	// + then a tap into the field: its content is selected, 1 types over it.
	test.Tap(tl.history.plus[0])
	if got := tl.history.qty[0].Text; got != "3" {
		t.Fatalf("after +: %q", got)
	}
	test.Tap(tl.history.qty[0])
	tl.history.pad.tap("1")
	if got := tl.history.qty[0].Text; got != "1" {
		t.Fatalf("typing over the selected quantity gave %q", got)
	}
	// The second line's field takes the pad when tapped; ⌫ and C edit it.
	test.Tap(tl.history.qty[1])
	tl.history.pad.tap("5")
	tl.history.pad.tap("⌫")
	tl.history.pad.tap("1")
	if got, first := tl.history.qty[1].Text, tl.history.qty[0].Text; got != "1" || first != "1" {
		t.Fatalf("second line %q, first %q", got, first)
	}
	tl.history.pad.tap(tl.t("ui.key.clear"))
	tl.history.pad.tap("1")
	test.Tap(tl.history.refund)
	if tl.pin == nil {
		t.Fatal("no manager PIN for the refund")
	}
	tl.typePIN(t, managerPIN)
	rs, _ := tl.st.RefundsOf(tl.history.open)
	if len(rs) != 1 || len(rs[0].Lines) != 2 {
		t.Fatalf("refunds %+v", rs)
	}
	if want := -(4000 + 25000); rs[0].Total != pos.Money(want) {
		t.Fatalf("refund total %v, want %v", rs[0].Total, want)
	}
}

// inDetail says whether o is one of the history detail's objects (or inside one).
func (tl *till) inDetail(o fyne.CanvasObject) bool {
	found := false
	for _, top := range tl.history.detail.Objects {
		walk(top, func(x fyne.CanvasObject) { found = found || x == o })
	}
	return found
}

// padType opens the keypad of a form field with its button, types keys
// and presses OK.
func (tl *till) padType(t *testing.T, e *numEntry, keys ...string) {
	t.Helper()
	if e.padButton == nil {
		t.Fatal("the field has no keypad button")
	}
	test.Tap(e.padButton)
	if tl.fieldPad == nil {
		t.Fatal("the keypad did not open")
	}
	for _, k := range keys {
		tl.fieldPad.pad.tap(k)
	}
	test.Tap(tl.fieldPad.ok)
	if tl.fieldPad != nil {
		t.Fatal("the keypad stayed open after OK")
	}
}

// Issue 18, finding 2: the catalogue's price, floor and stock take the
// keypad; the field's content is selected, so the pad types over it;
// decimals are the language's.
func TestCatalogueFieldsOnKeypad(t *testing.T) {
	for _, c := range []struct {
		lang pos.Lang
		dec  string
	}{{pos.FR, ","}, {pos.EN, "."}} {
		t.Run(string(c.lang), func(t *testing.T) {
			tl := newTill(t)
			if c.lang != pos.FR {
				test.Tap(tl.login.langs[c.lang])
			}
			tl.loginAs(t, "m1", managerPIN)
			test.Tap(navButton(t, tl.UI, "ui.nav.catalogue"))
			test.Tap(tl.catalogue.addBtn)
			f := tl.catalogue.edit
			if f == nil {
				t.Fatal("no product form")
			}
			if f.price.PlaceHolder != "0"+c.dec+"00" {
				t.Errorf("price hint %q", f.price.PlaceHolder)
			}
			test.Type(f.sku, "BOL-9")
			test.Type(f.fr, "Bol")
			tl.padType(t, f.price, "1", "2", c.dec, "5")
			tl.padType(t, f.floor, "9")
			tl.padType(t, f.stock, "7")
			if f.price.Text != "12"+c.dec+"5" || f.floor.Text != "9" || f.stock.Text != "7" {
				t.Fatalf("fields %q %q %q", f.price.Text, f.floor.Text, f.stock.Text)
			}
			// Reopened, the pad shows the content selected: 8 replaces 7.
			test.Tap(f.stock.padButton)
			if got := tl.fieldPad.entry.Text; got != "7" {
				t.Fatalf("keypad opened on %q", got)
			}
			tl.fieldPad.pad.tap("8")
			test.Tap(tl.fieldPad.ok)
			if f.stock.Text != "8" {
				t.Fatalf("stock after typing over: %q", f.stock.Text)
			}
			test.Tap(f.save)
			tl.closeDialogs()
			p, err := tl.st.Product("BOL-9")
			if err != nil || p == nil || p.Price != 1250 || p.Floor != 900 || p.Stock != 8 {
				t.Fatalf("saved %+v, %v", p, err)
			}
		})
	}
}

// Issue 18, finding 2: Settings' currency rates and discount limit take
// the keypad too.
func TestSettingsMoneyFieldsOnKeypad(t *testing.T) {
	tl := newTill(t)
	tl.loginAs(t, "m1", managerPIN)
	test.Tap(navButton(t, tl.UI, "ui.nav.settings"))
	s := tl.settings
	tl.padType(t, s.rateEUR, "1", "0", ",", "9", "5")
	tl.padType(t, s.rateUSD, "9", ",", "8")
	tl.padType(t, s.discountLimit, "1", "5")
	test.Tap(s.save)
	tl.closeDialogs()
	if tl.shop.RateEUR != 1095 || tl.shop.RateUSD != 980 || tl.shop.DiscountLimit != 1500 {
		t.Fatalf("saved EUR %v USD %v limit %v", tl.shop.RateEUR, tl.shop.RateUSD, tl.shop.DiscountLimit)
	}
	// Cancel leaves the field as it was.
	test.Tap(s.rateUSD.padButton)
	tl.fieldPad.pad.tap("5")
	test.Tap(tl.fieldPad.cancel)
	if s.rateUSD.Text != "9,8" && s.rateUSD.Text != "9,80" {
		t.Fatalf("cancel changed the field to %q", s.rateUSD.Text)
	}
}

// The banner's sound is the till's own beep when it has one (a system
// sound player), the terminal bell otherwise.
func TestScanNoticeSoundsTheTillsBeep(t *testing.T) {
	bells := 0
	old := beep
	beep = func() { bells++ }
	t.Cleanup(func() { beep = old })
	tl := newTill(t)
	beeps := 0
	tl.hooks.Beep = func() { beeps++ }
	tl.loginAs(t, "c1", cashierPIN)
	tl.openShift(t)
	test.Type(tl.sell.search, "6119999999999")
	enter(tl.sell.search)
	if beeps != 1 || bells != 0 {
		t.Fatalf("unknown code: %d beeps of the till, %d terminal bells; want 1 and 0", beeps, bells)
	}
	test.Type(tl.sell.search, "6111000000011")
	enter(tl.sell.search)
	if beeps != 1 {
		t.Fatalf("a good scan beeped (%d)", beeps)
	}
}

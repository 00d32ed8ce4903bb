package ui

import (
	"encoding/json"
	"fmt"
	"image/color"
	"regexp"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hanout/pos"
	"hanout/pos/bidi"
	"hanout/pos/receipt"
)

// receiptCols is the width of the on-screen receipt, as on 80 mm paper.
const receiptCols = 42

// Quick cash buttons: the notes tourists hand over most.
var quickNotes = []pos.Money{2000, 5000, 10000, 20000}

// payScreen takes the tenders for the ticket, commits the sale, then shows
// the change and the receipt.
//
// Its tenders belong to one ticket: key is that ticket as it was when the
// screen opened, snap a copy of it. Once a card or QR tender is taken the
// seller cannot leave the screen (see leavePay) until the sale is
// committed, so that money can neither vanish with a changed ticket nor
// land on the next customer's sale.
type payScreen struct {
	u       *UI
	tenders []pos.Tender
	total   pos.Money
	key     string     // ticketKey of the ticket paid
	snap    pos.Ticket // a copy of it
	// doc is the sale built from the ticket and tenders at the first
	// attempt to commit; Retry commits this same document (same ID), so a
	// retry after an error that came once the sale reached the disk cannot
	// store it twice.
	doc *pos.Document

	due, left   *canvas.Text
	paid        *widget.Label
	list        *paraLabel
	quick       map[pos.Money]*widget.Button
	exact, cash *widget.Button
	// confirm commits a cash sale whose notes cover the total with change
	// to give: until it is tapped a wrong note is undone in one tap (undo)
	// and nothing is saved.
	confirm    *widget.Button
	changeDue  *canvas.Text
	summary    *fyne.Container
	amount     *amountDialog // the "other amount" keypad, while open
	card, qr   *widget.Button
	cardWhy    *paraLabel
	qrWhy      *paraLabel
	back, undo *widget.Button
	retry      *widget.Button
	done       *pos.Document
	change     *canvas.Text
	receipt    fyne.CanvasObject
	newSale    *widget.Button
	print      *widget.Button
	printMsg   *paraLabel // printed, or NOT printed and why
	printBg    *canvas.Rectangle
	queued     bool            // the sale queued its print job on commit
	ereceipt   *digitalReceipt // its QR code and No paper (ereceipt.go)
	// voidCard cancels a card payment of this sale through the terminal
	// (void.go); voids are its records not saved yet.
	voidCard *widget.Button
	voids    []*pos.Document
	// foreign are the euro and dollar buttons and their keypad
	// (currency.go).
	foreign *foreignTenders
	// customer is the customer whose account an "on account" tender
	// names; picker chooses them (accounts.go).
	customer string
	picker   *customerPicker
}

func bigText(s string, size float32) *canvas.Text {
	t := canvas.NewText(s, theme.Color(theme.ColorNameForeground))
	t.TextSize = size
	t.TextStyle.Bold = true
	return t
}

// showPay opens the pay screen for the ticket.
func (u *UI) showPay() {
	changed := false
	if old := u.pay; old.holds() && ticketKey(u.ticket) != old.key {
		// The ticket changed under a card or QR payment already taken
		// (the screens never allow it; this is the last guard): go back to
		// the ticket that money paid for, never drop or move it.
		u.ticket = cloneTicket(old.snap)
		changed = true
	}
	if len(u.ticket.Lines) == 0 {
		return
	}
	if u.st.OpenShift() == "" {
		u.info(u.t("ui.error.title"), u.t("ui.sell.no_shift"))
		return
	}
	p := newPayScreen(u, u.pay)
	u.pay = p
	u.frame(screenPay, p.build())
	p.refresh()
	if changed {
		p.explainHeld()
	}
}

// newPayScreen is the pay screen of u's ticket. Tenders already taken on
// this very ticket by old (the screen rebuilt in another language, a card
// approved) are kept; a different ticket starts from nothing.
func newPayScreen(u *UI, old *payScreen) *payScreen {
	total, _ := u.ticket.Compute()
	p := &payScreen{u: u, total: total, quick: map[pos.Money]*widget.Button{}, key: ticketKey(u.ticket), snap: *cloneTicket(*u.ticket)}
	if old != nil && old.done == nil && old.key == p.key {
		p.tenders, p.doc, p.voids, p.customer = old.tenders, old.doc, old.voids, old.customer
	}
	return p
}

// build makes the screen's widgets: the amounts on one side, the ways to
// pay on the other.
func (p *payScreen) build() fyne.CanvasObject {
	u := p.u
	p.due = bigText(u.v(u.money(p.total)), 44)
	p.left = bigText("", 30)
	p.paid = u.label("")
	p.list = u.wrapLabel("")
	var quick []fyne.CanvasObject
	for _, n := range quickNotes {
		n := n
		b := widget.NewButton(u.v(u.money(n)), func() { p.cashGiven(n) })
		p.quick[n] = b
		quick = append(quick, tall(b, 64))
	}
	p.exact = widget.NewButton(u.t("ui.pay.exact"), func() { p.cashGiven(p.remaining()) })
	if p.total == 0 {
		// A ticket given away entirely (a manager approved it): nothing
		// to take, but the seller still confirms on this screen.
		p.exact.SetText(u.t("ui.pay.confirm_free"))
		p.exact.OnTapped = p.commitSale
	}
	p.exact.Importance = widget.HighImportance
	p.cash = widget.NewButtonWithIcon(u.t("ui.pay.other_amount"), theme.ContentAddIcon(), p.otherAmount)
	p.confirm = widget.NewButtonWithIcon("", theme.ConfirmIcon(), p.commitSale)
	p.confirm.Importance = widget.HighImportance
	p.confirm.Hide()
	p.changeDue = bigText("", 30)
	u.readingSide(p.due, p.left, p.changeDue)
	p.changeDue.Color = terracotta
	p.changeDue.Hide()
	p.card, p.cardWhy = p.tenderButton(u.hooks.Card, "ui.pay.card", "ui.pay.card_unavailable")
	p.qr, p.qrWhy = p.tenderButton(u.hooks.QR, "ui.pay.qr", "ui.pay.qr_unavailable")
	p.back = widget.NewButtonWithIcon(u.t("ui.pay.back"), theme.NavigateBackIcon(), func() {
		if u.leavePay() {
			u.showSell()
		}
	})
	p.undo = widget.NewButtonWithIcon(u.t("ui.pay.undo_cash"), theme.ContentUndoIcon(), func() {
		p.dropCash()
		p.refresh()
	})
	p.retry = widget.NewButtonWithIcon(u.t("ui.pay.retry"), theme.ViewRefreshIcon(), p.commitSale)
	p.retry.Importance = widget.WarningImportance
	p.retry.Hide()
	p.voidCard = widget.NewButtonWithIcon(u.t("money.void.button"), theme.CancelIcon(), p.askVoidCard)
	p.foreign = u.newForeignTenders(p.remaining, p.addTender)

	p.summary = container.NewVBox(
		u.label(u.t("ui.pay.due")), p.due,
		u.label(u.t("ui.pay.left")), p.left,
		p.changeDue,
		p.paid, p.list, p.voidCard, tall(p.confirm, 72), p.retry,
	)
	// Everything fits a 1024×600 screen: one row of notes, exact and other
	// amount side by side, card and QR right under them.
	cash := container.NewVBox(
		u.heading(u.t("ui.pay.cash")),
		u.grid(4, quick...),
		u.grid(2, tall(p.exact, 64), tall(p.cash, 64)),
		p.foreign.obj,
		widget.NewSeparator(),
		// On a customer's account beside them (accounts.go).
		u.grid(3, tall(p.card, 64), tall(p.qr, 64), p.accountButton()),
		u.grid(3, p.cardWhy, p.qrWhy, widget.NewLabel("")),
	)
	bottom := u.grid(2, p.back, p.undo)
	body := container.New(&splitLayout{rtl: !u.rtl(), side: 420, frac: 0.45, gap: 16},
		container.NewPadded(p.summary), container.NewVScroll(cash))
	return container.NewBorder(nil, bottom, nil, nil, body)
}

// ticketKey identifies a ticket's content: the lines, prices, discounts
// and approvals a payment was taken for.
func ticketKey(t *pos.Ticket) string {
	if t == nil {
		return ""
	}
	c := cloneTicket(*t)
	c.Compute() // the derived amounts, as the sale will have them
	b, err := json.Marshal(c)
	if err != nil {
		return ""
	}
	return string(b)
}

func cloneTicket(t pos.Ticket) *pos.Ticket {
	t.Lines = append([]pos.Line(nil), t.Lines...)
	return &t
}

// holds reports whether p holds money that cannot simply be handed back
// across the counter: a card or QR tender (approved, or unverified and
// approved by a manager) of a sale not committed yet.
func (p *payScreen) holds() bool {
	if p == nil || p.done != nil {
		return false
	}
	if len(p.voids) > 0 { // a card cancellation not recorded yet
		return true
	}
	for _, t := range p.tenders {
		if !isCash(t.Kind) {
			return true
		}
	}
	return false
}

// explainHeld says why the seller cannot leave the pay screen.
func (p *payScreen) explainHeld() {
	u := p.u
	var taken pos.Money
	for _, t := range p.tenders {
		if !isCash(t.Kind) {
			taken += t.Amount
		}
	}
	u.info(u.t("ui.pay.held_title"), u.t("ui.pay.held", u.money(taken)))
}

// leavePay is asked by everything that takes the seller away from the sale
// being paid or drops its ticket: the navigation bar, Logout, Back, Clear,
// Park, Resume. While a card or QR tender is held it explains, brings the
// pay screen back if needed and answers false. Otherwise the cash taken so
// far goes back to the customer and it answers true.
func (u *UI) leavePay() bool {
	if u.pay.holds() {
		if u.current != screenPay {
			u.showPay()
		}
		u.pay.explainHeld()
		return false
	}
	u.pay.dropCash()
	if u.pay != nil && u.pay.done != nil {
		u.customer.idle() // the last customer's receipt code leaves the display
	}
	return true
}

// tenderButton is the card or QR button: enabled only when its provider is
// plugged in and ready; otherwise the label under it says why.
func (ps *payScreen) tenderButton(p TenderProvider, key, unavailable string) (*widget.Button, *paraLabel) {
	u := ps.u
	why := u.wrapLabel("")
	why.SizeName = theme.SizeNameCaptionText
	label := u.t(key)
	if p != nil {
		label = u.v(p.Label(u.lang))
	}
	b := widget.NewButton(label, nil)
	if p == nil {
		why.SetText(u.t(unavailable))
		b.Disable()
		return tallButton(b), why
	}
	if ok, reason := p.Ready(u.lang); !ok {
		why.SetText(u.v(reason))
		b.Disable()
		return tallButton(b), why
	}
	b.OnTapped = func() { ps.runTender(p) }
	return tallButton(b), why
}

func tallButton(b *widget.Button) *widget.Button { return b }

// remaining is what is left to pay.
func (p *payScreen) remaining() pos.Money { return p.total - pos.Paid(p.tenders) }

// cashGiven records that the customer handed over m in cash.
func (p *payScreen) cashGiven(m pos.Money) {
	left := p.remaining()
	if left <= 0 {
		return
	}
	t, err := pos.CashTender(m, left)
	if err != nil {
		p.u.showErr(err)
		return
	}
	p.addTender(t)
}

// dropCash takes back the cash tenders (the notes go back to the customer);
// card and QR tenders stay: that money is already taken.
func (p *payScreen) dropCash() {
	if p == nil || p.done != nil {
		return
	}
	var keep []pos.Tender
	for _, t := range p.tenders {
		if !isCash(t.Kind) {
			keep = append(keep, t)
		}
	}
	if len(keep) != len(p.tenders) {
		p.doc = nil // other tenders, another sale document
	}
	p.tenders = keep
}

func (p *payScreen) addTender(t pos.Tender) {
	p.tenders = append(p.tenders, t)
	p.doc = nil
	p.refresh()
	// Notes that leave change to give wait for the seller's confirming
	// tap: a 200 tapped for a 100 is undone with one tap, no refund.
	if p.remaining() <= 0 && pos.Change(p.tenders) == 0 {
		p.commitSale()
	}
}

// refresh shows the tenders taken and what is left, and which buttons
// may be used now.
func (p *payScreen) refresh() {
	u := p.u
	left := p.remaining()
	p.left.Text = u.v(u.money(max(left, 0)))
	p.left.Refresh()
	p.paid.SetText(u.t("ui.pay.paid", u.money(pos.Paid(p.tenders))))
	var parts []string
	nonCash := false
	for _, t := range p.tenders {
		parts = append(parts, u.tenderText(t))
		nonCash = nonCash || !isCash(t.Kind)
	}
	p.list.SetText(u.v(strings.Join(parts, "\n")))
	if change := pos.Change(p.tenders); left <= 0 && change > 0 && p.done == nil {
		p.changeDue.Text = u.t("ui.pay.change_due", u.money(change))
		p.changeDue.Show()
		p.changeDue.Refresh()
		p.confirm.SetText(u.t("ui.pay.confirm", u.money(change)))
		p.confirm.Show()
		for _, b := range p.quick {
			b.Disable()
		}
		p.exact.Disable()
		p.cash.Disable()
		p.foreign.enable(false)
		p.undo.Importance = widget.WarningImportance
	} else {
		p.changeDue.Hide()
		p.confirm.Hide()
		for _, b := range p.quick {
			b.Enable()
		}
		p.exact.Enable()
		p.cash.Enable()
		p.foreign.enable(true)
		p.undo.Importance = widget.MediumImportance
	}
	p.undo.Refresh()
	p.summary.Refresh() // the change and confirm rows come and go
	if !hasCash(p.tenders) {
		p.undo.Disable()
	} else {
		p.undo.Enable()
	}
	if nonCash {
		p.back.Disable()
	} else {
		p.back.Enable()
	}
	if _, ok := u.hooks.Card.(TenderVoider); ok && p.voidable() >= 0 {
		p.voidCard.Show()
	} else {
		p.voidCard.Hide()
	}
	switch {
	case left > 0: // not all paid: nothing to save yet
		p.retry.Hide()
	case p.doc != nil: // a sale built and not saved (a rebuilt screen)
		p.retry.Show()
	}
}

func hasCash(ts []pos.Tender) bool {
	for _, t := range ts {
		if isCash(t.Kind) {
			return true
		}
	}
	return false
}

func (u *UI) tenderText(t pos.Tender) string {
	s := u.tl("ui.tender."+string(t.Kind)) + " " + u.money(t.Amount)
	if t.Kind == pos.TenderCash && t.Given != t.Amount {
		s += " (" + u.tl("ui.pay.given_change", u.money(t.Given), u.money(t.Change)) + ")"
	}
	if pos.IsForeign(t.Kind) {
		s += " (" + u.foreignText(t) + ")"
	}
	if t.Status == pos.StatusUnverified {
		s += " · " + u.tl("ui.tender.unverified")
	}
	return s // logical
}

// commitSale turns the ticket into a sale and commits it. Only after the
// store has it on disk does the screen say the sale is done; on failure the
// ticket, tenders and sale document stay and Retry commits that same
// document again (the store takes a document once per ID).
func (p *payScreen) commitSale() {
	if p == nil || p.done != nil {
		return
	}
	u := p.u
	if err := p.commitVoids(); err != nil { // a cancelled card payment is recorded first
		u.showErr(err)
		p.retry.Show()
		return
	}
	if p.doc == nil {
		if ticketKey(u.ticket) != p.key { // never pay another ticket with these tenders
			u.showPay()
			return
		}
		doc, err := u.ticket.Sale(p.tenders, u.user.Name, u.st.OpenShift(), u.now())
		if err != nil {
			p.retry.Show()
			u.showErr(err)
			return
		}
		doc.Customer = p.customer // the account an "on account" tender goes on
		p.doc = doc
	}
	if err := u.commit(p.doc); err != nil {
		p.retry.Show()
		u.showErr(err)
		return
	}
	p.done = p.doc
	p.queued = u.st.PrintsOnCommit()
	u.ticket = &pos.Ticket{}
	u.products = u.reloadProducts()
	p.showDone()
}

// showDone is the screen after a committed sale: the change in large type
// (only when there is change to give), whether the receipt printed — said
// loudly when it did not, with a reprint button — the receipt, and "new
// sale" in one tap.
func (p *payScreen) showDone() {
	u := p.u
	doc := p.done
	change := pos.Change(doc.Tenders)
	p.change = bigText(u.v(u.money(change)), 56)
	u.readingSide(p.change)
	p.change.Color = terracotta
	p.receipt = u.receiptLabel(doc)
	p.newSale = widget.NewButtonWithIcon(u.t("ui.pay.new_sale"), theme.ContentAddIcon(), func() {
		u.pay = nil
		u.customer.idle()
		u.showSell()
	})
	p.newSale.Importance = widget.HighImportance
	p.print = widget.NewButtonWithIcon(u.t("ui.pay.print"), theme.DocumentPrintIcon(), func() {
		u.printReceipt(u.t("ui.pay.print"), doc.Receipt, u.st.EnqueueOriginal)
		p.refreshPrintStatus()
	})
	p.printMsg = u.wrapLabel("")
	p.printMsg.TextStyle.Bold = true
	p.printMsg.SizeName = theme.SizeNameSubHeadingText
	p.printBg = canvas.NewRectangle(color.Transparent)
	p.printBg.CornerRadius = 6
	p.ereceipt = newDigitalReceipt(u, doc)
	p.ereceipt.onSkip = p.refreshPrintStatus
	var changeBox fyne.CanvasObject
	if change != 0 {
		changeBox = container.NewVBox(u.label(u.t("ui.pay.change")), p.change)
	} else {
		changeBox = u.label(u.t("ui.pay.no_change"))
	}
	left := container.NewVBox(
		u.heading(u.t("ui.pay.done", doc.Receipt)),
		changeBox,
		container.NewStack(p.printBg, container.NewPadded(p.printMsg)),
		u.grid(2, tall(p.print, 56), tall(p.ereceipt.noPaper, 56)),
		tall(p.newSale, 96),
	)
	paper := container.NewStack(canvas.NewRectangle(color.White), container.NewPadded(p.receipt))
	body := container.New(&splitLayout{rtl: !u.rtl(), side: 420, frac: 0.45, gap: 16}, container.NewVScroll(container.NewPadded(left)),
		container.NewVScroll(container.NewVBox(p.ereceipt.object(), paper)))
	u.frame(screenPay, body)
	u.customer.receipt(p.ereceipt)
	p.refreshPrintStatus()
	u.win.Canvas().Focus(nil)
}

// refreshPrintStatus says on the sale-done screen whether its receipt is
// on paper: printed, printing, or NOT printed and why (no printer, the
// printer's last error or state). It runs again whenever the printer
// reports (SetPrinter refreshes the status bar, which calls it).
func (p *payScreen) refreshPrintStatus() {
	if p == nil || p.done == nil || p.printMsg == nil || p.u.current != screenPay {
		return
	}
	u := p.u
	ok, text := p.printState(p.done.Receipt, p.queued)
	if r := p.ereceipt; r != nil && r.skipped && (r.cancelled || !ok) {
		ok, text = true, r.status() // no paper, as the customer asked
	}
	p.printMsg.SetText(u.v(text))
	if ok {
		p.printMsg.Importance = widget.SuccessImportance
		p.printBg.FillColor = color.Transparent
		p.print.SetText(u.t("ui.pay.print"))
		p.print.Importance = widget.MediumImportance
	} else {
		p.printMsg.Importance = widget.DangerImportance
		p.printBg.FillColor = color.NRGBA{R: 0xF9, G: 0xDE, B: 0xDC, A: 0xFF}
		p.print.SetText(u.t("ui.pay.reprint"))
		p.print.Importance = widget.WarningImportance
	}
	p.printMsg.Refresh()
	p.printBg.Refresh()
	p.print.Refresh()
}

// printState is whether receipt n is on paper, and the sentence that says
// so (logical). queued tells whether the sale queued its own print job.
func (p *payScreen) printState(n uint64, queued bool) (bool, string) {
	u := p.u
	if u.hooks.PrinterReady == nil || !u.hooks.PrinterReady() {
		return false, u.tl("ui.done.no_printer")
	}
	if !queued {
		return false, u.tl("ui.done.not_asked")
	}
	jobs, err := u.st.PendingPrints()
	if err != nil {
		return false, u.tl("ui.done.not_printed", u.tErrL(err))
	}
	for _, j := range jobs {
		if j.Receipt != n {
			continue
		}
		u.mu.Lock()
		pr := u.printer
		u.mu.Unlock()
		why := j.LastError
		if why == "" && (pr.Level == LevelDown || pr.Level == LevelWarn) {
			why = pr.Text
			if why == "" {
				why = u.levelWord(pr.Level)
			}
		}
		if why != "" || j.Attempts > 0 {
			return false, u.tl("ui.done.not_printed", why)
		}
		return true, u.tl("ui.done.printing")
	}
	return true, u.tl("ui.done.printed")
}

// receiptLabel shows a receipt as the printer lays it out: monospaced so the
// columns line up, except lines holding Arabic (and the whole receipt in
// Arabic), which the bundled Arabic font draws joined; it has no
// monospaced cut.
func (u *UI) receiptLabel(d *pos.Document) fyne.CanvasObject {
	if u.hooks.ReceiptImage != nil {
		if img, err := u.hooks.ReceiptImage(d); err == nil {
			return paperImage(img)
		}
	}
	var segs []widget.RichTextSegment
	for _, line := range strings.Split(u.receiptText(d), "\n") {
		st := widget.RichTextStyle{ColorName: theme.ColorNameForeground, SizeName: theme.SizeNameText}
		st.TextStyle.Monospace = !u.rtl() && !hasArabic(line)
		if u.rtl() {
			st.Alignment = fyne.TextAlignTrailing
		}
		line = u.receiptLine(line)
		segs = append(segs, &widget.TextSegment{Style: st, Text: line})
	}
	return widget.NewRichText(segs...)
}

// receiptColumns splits a line of the text receipt where the layout put
// two spaces or more between its columns.
var receiptColumns = regexp.MustCompile(`\s{2,}`)

// receiptLine orders one line of the text receipt as the printer draws it:
// the columns stay where the receipt layout put them (an Arabic receipt
// already has its label on the right), and each column is ordered on its
// own, right to left on an Arabic receipt when it holds Arabic.
func (u *UI) receiptLine(line string) string {
	var b strings.Builder
	last := 0
	for _, gap := range append(receiptColumns.FindAllStringIndex(line, -1), []int{len(line), len(line)}) {
		switch part := line[last:gap[0]]; {
		case part == "":
		case u.rtl() && !bidi.HasRTL(part):
			// Like the printer, a column without Arabic (a phone number,
			// the date) reads left to right even on an Arabic receipt.
			b.WriteString("\u200e" + part + "\u200e")
		default:
			b.WriteString(u.v(part))
		}
		if gap[1] > gap[0] {
			b.WriteString("\u200e" + line[gap[0]:gap[1]] + "\u200e") // a gap is no part of a run
		}
		last = gap[1]
	}
	return b.String()
}

func hasArabic(s string) bool {
	for _, r := range s {
		if r >= 0x0600 && r <= 0x06FF || r >= 0xFB50 && r <= 0xFEFF {
			return true
		}
	}
	return false
}

// receiptText is the on-screen receipt: the receipt package's rendering
// when plugged in, else a simple layout.
func (u *UI) receiptText(d *pos.Document) string {
	if u.hooks.Receipt != nil {
		return u.hooks.Receipt(d, u.shop, u.lang)
	}
	if r, err := receipt.Build(d, u.shop, receipt.Options{Lang: u.lang}); err == nil {
		return strings.Join(r.TextLines(receiptCols), "\n")
	}
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	if u.rtl() && u.shop.NameAR != "" {
		line("%s", u.shop.NameAR)
	} else {
		line("%s", u.shop.Name)
	}
	if u.shop.City != "" || u.shop.Phone != "" {
		line("%s  %s", u.shop.City, u.shop.Phone)
	}
	if u.shop.ICE != "" {
		line("ICE %s", u.shop.ICE)
	}
	if u.shop.Header != "" {
		line("%s", u.shop.Header)
	}
	kind := u.tl("ui.receipt.sale")
	if d.Kind == pos.KindRefund {
		kind = u.tl("ui.receipt.refund", d.RefundOfReceipt)
	}
	line("%s  %s %d", kind, u.tl("ui.receipt.no"), d.Receipt)
	line("%s  %s  %s", d.Time.In(u.st.Location).Format("02/01/2006 15:04"), d.Terminal, d.Cashier)
	line("────────────")
	for _, l := range d.Lines {
		line("%s", u.name(l.Name))
		s := fmt.Sprintf("  %d × %s = %s", l.Qty, u.money(l.Price), u.money(l.Total))
		if l.Price != l.List {
			s += " · " + u.tl("ui.sell.haggled", u.money(l.List))
		}
		line("%s", s)
	}
	line("────────────")
	if d.Discount != 0 {
		line("%s  −%s", u.tl("ui.sell.discount"), u.money(d.Discount))
	}
	line("%s  %s", u.tl("ui.receipt.total"), u.money(d.Total))
	for _, t := range d.Taxes {
		line("%s", u.tl("ui.receipt.tax", t.Rate.Percent(), u.money(t.Net), u.money(t.Tax)))
	}
	for _, t := range d.Tenders {
		line("%s", u.tenderText(t))
	}
	if u.shop.Footer != "" {
		line("%s", u.shop.Footer)
	}
	return strings.TrimRight(b.String(), "\n")
}

// otherAmount asks on the keypad for the cash handed over when it is not
// one of the quick notes.
func (p *payScreen) otherAmount() {
	u := p.u
	if p.done != nil || p.remaining() <= 0 {
		return
	}
	p.amount = u.askAmount(u.t("ui.pay.other_amount"), func(m pos.Money) error {
		if u.pay != p || p.done != nil {
			return nil
		}
		t, err := pos.CashTender(m, p.remaining())
		if err != nil {
			return err
		}
		p.amount = nil
		p.addTender(t)
		return nil
	}, func() { p.amount = nil })
}

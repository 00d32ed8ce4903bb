package ui

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hanout/pos"
)

// historyScreen lists a day's sales and refunds, finds one by receipt
// number, opens it, refunds it and reprints it.
type historyScreen struct {
	u       *UI
	receipt *widget.Entry
	date    *widget.Entry
	docs    []*pos.Document
	list    *widget.List
	detail  *fyne.Container
	open    *pos.Document
	refunds []*pos.Document
	qty     map[int]*numEntry // line -> quantity to give back
	pad     *numPad           // types into the quantity last tapped
	minus   map[int]*widget.Button
	plus    map[int]*widget.Button
	refund  *widget.Button
	card    *widget.Button // refund to the card through the terminal
	all     *widget.Button
	reprint *widget.Button
	reason  *widget.Entry

	// ereceipt is the open document's digital receipt code (ereceipt.go):
	// a customer who comes back scans it again.
	ereceipt *digitalReceipt
}

// showHistory opens the history on today, for a logged-in seller.
func (u *UI) showHistory() {
	if u.user == nil {
		u.showLogin()
		return
	}
	h := &historyScreen{u: u}
	u.history = h
	u.frame(screenHistory, h.build())
	h.loadDay()
}

// build makes the screen's widgets: the search and the day's list on one
// side, the document opened on the other.
func (h *historyScreen) build() fyne.CanvasObject {
	u := h.u
	h.receipt = u.entry(u.t("ui.history.receipt_hint"))
	h.receipt.OnSubmitted = func(string) { h.findReceipt() }
	h.date = u.entry(u.t("ui.history.date_hint", u.now().In(u.st.Location).Format("2006-01-02")))
	h.date.SetText(u.now().In(u.st.Location).Format("2006-01-02"))
	h.date.OnSubmitted = func(string) { h.loadDay() }
	find := widget.NewButtonWithIcon(u.t("ui.history.find"), theme.SearchIcon(), h.findReceipt)
	prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { h.shiftDay(-1) })
	next := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { h.shiftDay(1) })
	if u.rtl() {
		prev.Icon, next.Icon = theme.NavigateNextIcon(), theme.NavigateBackIcon()
	}
	show := widget.NewButton(u.t("ui.history.show_day"), h.loadDay)
	h.list = widget.NewList(func() int { return len(h.docs) },
		func() fyne.CanvasObject { return u.label("M\nM") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(h.docs) {
				o.(*widget.Label).SetText(u.v(h.docSummary(h.docs[id])))
			}
		})
	h.list.OnSelected = func(id widget.ListItemID) {
		if id < len(h.docs) {
			h.openDoc(h.docs[id])
		}
	}
	h.detail = container.NewVBox(u.label(u.t("ui.history.pick")))
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, find, h.receipt),
		u.row(prev, container.NewGridWrap(fyne.NewSize(150, h.date.MinSize().Height), h.date), next, show),
	)
	left := container.NewBorder(top, nil, nil, nil, h.list)
	body := container.New(&splitLayout{rtl: u.rtl(), side: 460, frac: 0.5, portrait: 0.55, gap: 12}, left, container.NewVScroll(h.detail))
	return body
}

func (h *historyScreen) shiftDay(n int) {
	u := h.u
	d, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(h.date.Text), u.st.Location)
	if err != nil {
		d = u.now()
	}
	h.date.SetText(d.AddDate(0, 0, n).Format("2006-01-02"))
	h.loadDay()
}

// loadDay lists the sales and refunds of the chosen day, newest first,
// through the store's day index.
func (h *historyScreen) loadDay() {
	u := h.u
	day := strings.TrimSpace(h.date.Text)
	if _, err := time.Parse("2006-01-02", day); err != nil {
		u.info(u.t("ui.error.title"), u.t("ui.history.bad_date"))
		return
	}
	docs, err := u.st.Days(day, day)
	if err != nil {
		u.showErr(err)
		return
	}
	h.docs = h.docs[:0]
	for i := len(docs) - 1; i >= 0; i-- {
		if docs[i].Kind == pos.KindSale || docs[i].Kind == pos.KindRefund {
			h.docs = append(h.docs, docs[i])
		}
	}
	h.list.UnselectAll()
	h.list.Refresh()
}

// docSummary is a History row: number, time, kind, total, then what helps
// find "the amlou lady" without opening each sale — the first item (and
// how many more) and how it was paid.
func (h *historyScreen) docSummary(d *pos.Document) string {
	u := h.u
	kind := u.tl("ui.receipt.sale")
	if d.Kind == pos.KindRefund {
		kind = u.tl("ui.receipt.refund", d.RefundOfReceipt)
	}
	s := "#" + strconv.FormatUint(d.Receipt, 10) + "  " + d.Time.In(u.st.Location).Format("15:04") + "  " + kind + "  " + u.money(d.Total)
	var more []string
	if len(d.Lines) > 0 {
		first := u.name(d.Lines[0].Name)
		if n := len(d.Lines) - 1; n > 0 {
			first += " " + u.tl("ui.history.more_items", n)
		}
		more = append(more, first)
	}
	seen := map[pos.TenderKind]bool{}
	var pays []string
	for _, t := range d.Tenders {
		if t.Status == pos.StatusRefused || seen[t.Kind] {
			continue
		}
		seen[t.Kind] = true
		pays = append(pays, u.tl("ui.tender."+string(t.Kind)))
	}
	if len(pays) > 0 {
		more = append(more, strings.Join(pays, " + "))
	}
	if len(more) > 0 {
		s += "\n" + strings.Join(more, " · ")
	}
	return s // logical: u.v where it reaches a widget
}

func (h *historyScreen) findReceipt() {
	u := h.u
	n, err := strconv.ParseUint(strings.TrimPrefix(strings.TrimSpace(h.receipt.Text), "#"), 10, 64)
	if err != nil {
		u.info(u.t("ui.error.title"), u.t("ui.history.bad_receipt"))
		return
	}
	d, err := u.st.ByReceipt(n)
	if err != nil {
		u.showErr(err)
		return
	}
	h.openDoc(d)
}

// openDoc shows a sale or refund: its receipt, what is left to refund, and
// the refund and reprint buttons.
func (h *historyScreen) openDoc(d *pos.Document) {
	u := h.u
	h.open = d
	h.qty = map[int]*numEntry{}
	h.minus, h.plus = map[int]*widget.Button{}, map[int]*widget.Button{}
	h.refunds = nil
	objs := []fyne.CanvasObject{u.heading(u.v(h.docSummary(d)))}
	h.reprint = widget.NewButtonWithIcon(u.t("ui.history.reprint"), theme.DocumentPrintIcon(), func() {
		u.printReceipt(u.t("ui.history.reprint"), d.Receipt, u.st.EnqueuePrint)
	})
	if d.Kind == pos.KindSale {
		refunds, err := u.st.RefundsOf(d)
		if err != nil {
			u.showErr(err)
		}
		h.refunds = refunds
		left := pos.Refundable(d, refunds)
		// The refund comes first, at the top of the sale: each line's name
		// on its own row, then − quantity + on the next, so nothing
		// overlaps whatever the name's length.
		objs = append(objs, u.heading(u.t("ui.history.refund_title")))
		any := false
		h.pad = u.newNumPad(nil)
		for i, l := range d.Lines {
			i, most := i, left[i]
			e := u.numEntry(h.pad)
			e.SetPlaceHolder("0") // empty is none: the keypad types 2, not 02
			h.qty[i] = e
			step := func(n int64) func() {
				return func() {
					q, err := strconv.ParseInt(strings.TrimSpace(e.Text), 10, 64)
					if err != nil {
						q = 0
					}
					e.SetText(strconv.FormatInt(min(most, q+n), 10))
					if q+n < 0 {
						e.SetText("0")
					}
				}
			}
			h.minus[i] = widget.NewButton("−", step(-1))
			h.plus[i] = widget.NewButton("+", step(1))
			if most == 0 {
				e.Disable()
				h.minus[i].Disable()
				h.plus[i].Disable()
			} else {
				if !any {
					h.pad.target = e // the pad starts on the first line left to give back
				}
				any = true
			}
			name := u.wrapLabel(u.v(u.name(l.Name)))
			name.TextStyle.Bold = true
			qtyRow := u.row(tall(h.minus[i], 48), container.NewGridWrap(fyne.NewSize(72, 48), e), tall(h.plus[i], 48),
				u.label(u.t("ui.history.refund_left", most, l.Qty, u.money(l.Price))))
			objs = append(objs, name, qtyRow)
		}
		h.reason = u.entry(u.t("ui.history.reason_hint"))
		h.all = widget.NewButton(u.t("ui.history.refund_all"), func() {
			for i, e := range h.qty {
				e.SetText(strconv.FormatInt(left[i], 10))
			}
			h.refundCash()
		})
		h.refund = widget.NewButton(u.t("ui.history.refund_some"), h.refundCash)
		h.refund.Importance = widget.WarningImportance
		h.card = widget.NewButtonWithIcon(u.t("ui.history.refund_card"), theme.AccountIcon(), h.refundToCard)
		if ok, _ := h.cardReady(); !ok {
			h.card.Disable()
		}
		if any {
			objs = append(objs, container.NewCenter(container.NewGridWrap(fyne.NewSize(300, h.pad.obj.MinSize().Height), h.pad.obj)))
		} else {
			h.pad.target = nil
			h.all.Disable()
			h.refund.Disable()
			h.card.Disable()
		}
		objs = append(objs, u.formRow(u.t("ui.history.reason"), h.reason), u.grid(2, tall(h.all, 56), tall(h.refund, 56)), h.card,
			widget.NewSeparator())
	}
	h.ereceipt = newDigitalReceipt(u, d)
	objs = append(objs, h.reprint, h.ereceipt.object(), u.receiptLabel(d))
	h.detail.Objects = objs
	h.detail.Refresh()
}

func (h *historyScreen) cardReady() (bool, string) {
	u := h.u
	if u.hooks.Card == nil {
		return false, u.tl("ui.pay.card_unavailable")
	}
	return u.hooks.Card.Ready(u.lang) // logical, like the line above
}

// refundCash gives back the chosen quantities in cash after a manager PIN.
func (h *historyScreen) refundCash() { h.refundWith(false) }

// refundToCard gives them back to the card through the terminal's credit
// transaction, after a manager PIN; an ambiguous answer goes through the
// slip dialog like a sale's.
func (h *historyScreen) refundToCard() { h.refundWith(true) }

func (h *historyScreen) refundWith(card bool) {
	u := h.u
	sale := h.open
	if sale == nil {
		return
	}
	qty := map[int]int64{}
	for i, e := range h.qty {
		t := strings.TrimSpace(e.Text)
		if t == "" || t == "0" {
			continue
		}
		n, err := strconv.ParseInt(t, 10, 64)
		if err != nil {
			u.showErr(pos.Errorf("ticket.qty_invalid", t))
			return
		}
		qty[i] = n
	}
	// Price it against the refunds on record now, not those read when the
	// receipt was opened: that is what the card will be credited.
	refunds, err := u.st.RefundsOf(sale)
	if err != nil {
		u.showErr(err)
		return
	}
	_, total, err := pos.RefundLines(sale, refunds, qty)
	if err != nil {
		u.showErr(err)
		return
	}
	shift := u.st.OpenShift()
	if shift == "" {
		u.info(u.t("ui.error.title"), u.t("ui.sell.no_shift"))
		return
	}
	cashier := u.user.Name
	reason := strings.TrimSpace(h.reason.Text)
	var what []string
	for _, i := range sortedKeys(qty) {
		if qty[i] > 0 {
			what = append(what, u.tl("ui.approve.refund_line", qty[i], u.name(sale.Lines[i].Name)))
		}
	}
	what = append(what, u.tl("ui.approve.refund_of", sale.Receipt, u.money(-total)))
	u.managerFor(u.t("ui.history.refund_pin", u.money(-total)), strings.Join(what, "\n"), func(m *pos.User) {
		var doc *pos.Document // the refund as last built; a retry commits it first
		var commit func(t pos.Tender)
		commit = func(t pos.Tender) {
			err := h.saveRefund(&doc, sale, qty, t, cashier, shift, m.Name, reason)
			if err != nil && t.Kind == pos.TenderCard {
				// The card was credited: keep the tender and offer to save
				// again rather than lose the record.
				h.cardRefundUnsaved(err, sale, t, func() { commit(t) })
				return
			}
			if err != nil {
				u.showErr(err)
				return
			}
			u.products = u.reloadProducts()
			if u.history == h && u.current == screenHistory {
				h.loadDay()
				h.openDoc(sale)
			}
			u.refreshStatus()
			u.info(u.t("ui.history.refunded"), u.t("ui.history.refunded_msg", doc.Receipt, u.money(-doc.Total)))
		}
		if !card {
			commit(pos.Tender{Kind: pos.TenderCash, Amount: total, Given: total, Status: pos.StatusApproved})
			return
		}
		if ok, why := h.cardReady(); !ok {
			u.info(u.t("ui.error.title"), u.v(why))
			return
		}
		req := TenderRequest{Amount: -total, Lang: u.lang, Shop: u.shop, Cashier: u.user.Name, Terminal: u.st.Terminal(), Refund: true}
		u.collect(u.hooks.Card, req, commit)
	})
}

// saveRefund commits the refund of qty from sale, paid back with t. A
// document built by an earlier attempt is committed again first: the store
// takes a document once per ID, so one that reached the disk before an
// error is not stored twice. Otherwise (or when it no longer fits) the
// refund is built again against the refunds re-read from the store, never
// against a list read before.
func (h *historyScreen) saveRefund(doc **pos.Document, sale *pos.Document, qty map[int]int64, t pos.Tender, cashier, shift, manager, reason string) error {
	u := h.u
	if *doc != nil && u.commit(*doc) == nil {
		return nil
	}
	refunds, err := u.st.RefundsOf(sale)
	if err != nil {
		return err
	}
	tenders, customer := u.accountRefund(sale, t) // a sale on account goes back to the account: accounts.go
	d, err := pos.Refund(sale, refunds, qty, tenders, cashier, shift, manager, reason, u.now())
	if err != nil {
		return err
	}
	d.Customer = customer
	*doc = d
	return u.commit(d)
}

// cardRefundUnsaved is a card credited whose refund the till could not
// save: it offers to try again, and if the seller stops, says plainly
// that the money left on the card and a manager must record the refund.
func (h *historyScreen) cardRefundUnsaved(err error, sale *pos.Document, t pos.Tender, retry func()) {
	u := h.u
	d := u.confirm(u.t("ui.error.title"), u.v(u.tErrL(err)+"\n"+u.tl("ui.history.card_retry")), func(ok bool) {
		if ok {
			retry()
			return
		}
		u.info(u.t("ui.error.title"), u.t("ui.history.card_unsaved", u.money(-t.Amount), sale.Receipt))
	})
	d.SetConfirmText(u.t("ui.pay.retry"))
	d.SetDismissText(u.t("ui.history.card_give_up"))
	d.Show()
}

func sortedKeys(m map[int]int64) []int {
	var ks []int
	for k := range m {
		ks = append(ks, k)
	}
	sort.Ints(ks)
	return ks
}

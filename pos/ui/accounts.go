package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hanout/pos"
	"hanout/pos/bidi"
	"hanout/pos/store"
)

// The credit notebook on screen: the pay screen's "on account" tender
// with its customer picker, and the customers screen (balances, the
// statement with its running balance, repayments, the printed
// statement). Balances are read from the store, which sums documents.

const screenAccounts = "accounts"

// customerPicker is a dialog to find a customer by a piece of their name
// in Latin or Arabic letters, their phone or id.
type customerPicker struct {
	u      *UI
	d      dialog.Dialog
	search *widget.Entry
	all    []store.Account
	shown  []store.Account
	list   *widget.List
}

// accountLine is a customer as lists show them (logical): name, what they
// owe and their limit.
func (u *UI) accountLine(a store.Account) string {
	return a.Customer.DisplayName(u.lang) + "\n" + u.tl("accounts.ui.owes", u.money(a.Balance), u.money(a.Customer.Limit))
}

func filterAccounts(all []store.Account, q string) []store.Account {
	var out []store.Account
	for _, a := range all {
		if a.Customer.Matches(q) {
			out = append(out, a)
		}
	}
	return out
}

// pickCustomer opens the picker; done gets the customer tapped.
func (u *UI) pickCustomer(title string, done func(*pos.Customer)) *customerPicker {
	cp := &customerPicker{u: u}
	var err error
	if cp.all, err = u.st.Accounts(); err != nil {
		u.showErr(err)
		return nil
	}
	cp.shown = cp.all
	cp.search = u.entry(u.t("accounts.ui.search"))
	cp.list = widget.NewList(func() int { return len(cp.shown) },
		func() fyne.CanvasObject { return u.label("M\nM") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(cp.shown) {
				o.(*widget.Label).SetText(u.v(u.accountLine(cp.shown[id])))
			}
		})
	cp.list.OnSelected = func(id widget.ListItemID) {
		if id < len(cp.shown) {
			c := cp.shown[id].Customer
			cp.d.Hide()
			done(&c)
		}
	}
	cp.search.OnChanged = func(q string) {
		cp.shown = filterAccounts(cp.all, q)
		cp.list.UnselectAll()
		cp.list.Refresh()
	}
	empty := u.wrapLabel("")
	if len(cp.all) == 0 {
		empty.SetText(u.t("accounts.ui.none"))
	}
	body := container.NewBorder(container.NewVBox(cp.search, empty), nil, nil, nil, cp.list)
	cp.d = dialog.NewCustom(title, u.t("ui.cancel"), body, u.win)
	cp.d.Resize(fyne.NewSize(min(560, u.win.Canvas().Size().Width-20), min(560, u.win.Canvas().Size().Height-40)))
	cp.d.Show()
	u.win.Canvas().Focus(cp.search)
	return cp
}

// accountButton is the pay screen's "on account" button.
func (p *payScreen) accountButton() fyne.CanvasObject {
	b := widget.NewButtonWithIcon(p.u.t("accounts.pay.button"), theme.AccountIcon(), p.onAccount)
	return tall(b, 64)
}

// onAccount puts what is left to pay on a customer's account: above the
// customer's limit a manager's PIN is asked first.
func (p *payScreen) onAccount() {
	u := p.u
	if p.done != nil || p.remaining() <= 0 {
		return
	}
	p.picker = u.pickCustomer(u.t("accounts.pay.pick"), func(c *pos.Customer) {
		p.picker = nil
		if u.pay != p || p.done != nil {
			return
		}
		p.putOnAccount(c)
	})
}

func (p *payScreen) putOnAccount(c *pos.Customer) {
	u := p.u
	if p.customer != "" && p.customer != c.ID {
		u.showErr(pos.Errorf("accounts.pay.one_customer"))
		return
	}
	amount := p.remaining()
	bal, err := u.st.Balance(c.ID)
	if err != nil {
		u.showErr(err)
		return
	}
	add := func(manager string) {
		if u.pay != p || p.done != nil || p.remaining() != amount {
			return
		}
		t, err := pos.AccountTender(amount, manager)
		if err != nil {
			u.showErr(err)
			return
		}
		p.customer = c.ID
		p.addTender(t)
	}
	if pos.OverLimit(c, bal, amount) {
		detail := u.tl("accounts.over_limit", c.DisplayName(u.lang), u.figure(bal+amount), u.figure(c.Limit))
		u.askPINFor(u.t("accounts.pay.limit_title"), u.v(detail), pos.RoleManager, func(m *pos.User) { add(m.Name) })
		return
	}
	add("")
}

// accountsScreen lists the customers with their balances and shows one:
// their statement with its running balance, a repayment to record, the
// statement to print, their card to edit.
type accountsScreen struct {
	u       *UI
	search  *widget.Entry
	all     []store.Account
	shown   []store.Account
	list    *widget.List
	detail  *fyne.Container
	open    *pos.Customer
	lines   []pos.StatementLine
	stmt    *widget.List
	balance *canvas.Text
	title   *widget.Label
	info    *fyne.Container // the customer's card, a line each
	repay   *widget.Button
	print   *widget.Button
	edit    *widget.Button
	add     *widget.Button
	head    *fyne.Container
	form    *customerForm
	amount  *amountDialog
	how     dialog.Dialog
	howCash *widget.Button // the repayment's cash button, while asked
}

func (u *UI) showAccounts() *accountsScreen {
	if u.user == nil {
		u.showLogin()
		return nil
	}
	a := &accountsScreen{u: u}
	u.frame(screenAccounts, a.build())
	a.reload()
	return a
}

func (a *accountsScreen) build() fyne.CanvasObject {
	u := a.u
	a.search = u.entry(u.t("accounts.ui.search"))
	a.search.OnChanged = func(q string) { a.filter() }
	a.add = widget.NewButtonWithIcon(u.t("accounts.ui.add"), theme.ContentAddIcon(), func() {
		u.asManager(func() { a.form = u.editCustomer(nil, a.saved) })
	})
	a.list = widget.NewList(func() int { return len(a.shown) },
		func() fyne.CanvasObject { return u.label("M\nM") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(a.shown) {
				o.(*widget.Label).SetText(u.v(u.accountLine(a.shown[id])))
			}
		})
	a.list.OnSelected = func(id widget.ListItemID) {
		if id < len(a.shown) {
			c := a.shown[id].Customer
			a.show(&c)
		}
	}
	a.title = u.heading("")
	a.info = container.NewVBox()
	a.balance = bigText("", 32)
	u.readingSide(a.balance)
	a.stmt = widget.NewList(func() int { return len(a.lines) },
		func() fyne.CanvasObject { return u.label("M\nM") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(a.lines) {
				o.(*widget.Label).SetText(u.v(a.lineText(a.lines[len(a.lines)-1-id])))
			}
		})
	a.repay = widget.NewButtonWithIcon(u.t("accounts.ui.repay"), theme.ConfirmIcon(), a.askRepayment)
	a.repay.Importance = widget.HighImportance
	a.print = widget.NewButtonWithIcon(u.t("accounts.ui.print"), theme.DocumentPrintIcon(), a.printStatement)
	a.edit = widget.NewButtonWithIcon(u.t("accounts.ui.edit"), theme.DocumentCreateIcon(), func() {
		if a.open == nil {
			return
		}
		c := *a.open
		u.asManager(func() { a.form = u.editCustomer(&c, a.saved) })
	})
	a.head = container.NewVBox(a.title, a.info, u.label(u.t("accounts.ui.balance")), a.balance,
		u.grid(3, tall(a.repay, 64), tall(a.print, 64), tall(a.edit, 64)), widget.NewSeparator(),
		u.label(u.t("accounts.ui.statement")))
	a.detail = container.NewBorder(a.head, nil, nil, nil, a.stmt)
	for _, b := range []*widget.Button{a.repay, a.print, a.edit} {
		b.Disable()
	}
	a.title.SetText(u.t("accounts.ui.pick"))
	left := container.NewBorder(container.NewVBox(container.NewBorder(nil, nil, nil, a.add, a.search)), nil, nil, nil, a.list)
	return container.New(&splitLayout{rtl: u.rtl(), side: 420, frac: 0.4, portrait: 0.45, gap: 12}, left, a.detail)
}

// lineText is a statement line (logical): date, receipt, what, amount,
// balance after.
func (a *accountsScreen) lineText(l pos.StatementLine) string {
	u := a.u
	return u.tl("accounts.ui.line", l.Time.In(u.st.Location).Format("02/01/06 15:04"), l.Receipt,
		u.tl("accounts.kind."+string(l.Kind)), u.money(l.Amount), u.money(l.Balance))
}

// reload reads the customers and their balances again.
func (a *accountsScreen) reload() {
	all, err := a.u.st.Accounts()
	if err != nil {
		a.u.showErr(err)
		return
	}
	a.all = all
	a.filter()
	if a.open != nil {
		for _, x := range all {
			if x.Customer.ID == a.open.ID {
				c := x.Customer
				a.show(&c)
			}
		}
	}
}

func (a *accountsScreen) filter() {
	a.shown = filterAccounts(a.all, a.search.Text)
	a.list.UnselectAll()
	a.list.Refresh()
}

// show opens a customer: their card, balance and statement.
func (a *accountsScreen) show(c *pos.Customer) {
	u := a.u
	lines, err := u.st.Statement(c.ID)
	if err != nil {
		u.showErr(err)
		return
	}
	a.open, a.lines = c, lines
	var bal pos.Money
	if len(lines) > 0 {
		bal = lines[len(lines)-1].Balance
	}
	a.title.SetText(u.v(c.DisplayName(u.lang)))
	var info []string
	if other := c.Name; u.lang == pos.AR && other != "" && other != c.DisplayName(u.lang) {
		info = append(info, other)
	} else if c.NameAR != "" && c.NameAR != c.DisplayName(u.lang) {
		info = append(info, c.NameAR)
	}
	if c.Phone != "" {
		info = append(info, c.Phone)
	}
	info = append(info, u.tl("accounts.ui.limit", u.money(c.Limit)))
	if c.Note != "" {
		info = append(info, c.Note)
	}
	// One line each, ordered on its own: on an Arabic screen a line
	// without Arabic (the phone, a Latin name or note) reads left to
	// right, as on the receipts.
	a.info.RemoveAll()
	for _, line := range info {
		if u.rtl() && !bidi.HasRTL(line) {
			a.info.Add(u.label("\u200e" + line + "\u200e"))
		} else {
			a.info.Add(u.wrapLabel(u.v(line)))
		}
	}
	a.balance.Text = u.v(u.money(bal))
	a.balance.Color = theme.Color(theme.ColorNameForeground)
	if bal > c.Limit {
		a.balance.Color = terracotta
	}
	a.balance.Refresh()
	a.head.Refresh() // the card's lines come and go
	a.detail.Refresh()
	a.stmt.Refresh()
	a.edit.Enable()
	a.print.Enable()
	if bal > 0 {
		a.repay.Enable()
	} else {
		a.repay.Disable()
	}
}

func (a *accountsScreen) saved(c *pos.Customer) {
	a.open = c
	a.reload()
	a.show(c)
}

// askRepayment asks how much the customer repays (at most what they owe),
// then how.
func (a *accountsScreen) askRepayment() {
	u := a.u
	c := a.open
	if c == nil {
		return
	}
	if u.st.OpenShift() == "" {
		u.info(u.t("ui.error.title"), u.t("ui.sell.no_shift"))
		return
	}
	bal, err := u.st.Balance(c.ID)
	if err != nil {
		u.showErr(err)
		return
	}
	a.amount = u.askAmount(u.t("accounts.ui.repay_amount", u.money(bal)), func(m pos.Money) error {
		if m <= 0 {
			return pos.Errorf("accounts.repay_invalid")
		}
		if m > bal {
			return pos.Errorf("accounts.repay_too_much", u.figure(m), u.figure(bal))
		}
		a.amount = nil
		a.askHow(c, bal, m)
		return nil
	}, func() { a.amount = nil })
	a.amount.entry.SetText(u.amountText(bal))
}

// askHow offers the ways to repay: cash (with change), or the card and QR
// tenders exactly as on the pay screen.
func (a *accountsScreen) askHow(c *pos.Customer, bal, m pos.Money) {
	u := a.u
	commit := func(t pos.Tender) { a.commitRepayment(c, bal, m, t) }
	cash := widget.NewButton(u.t("ui.pay.cash"), nil)
	a.howCash = cash
	cash.OnTapped = func() {
		a.how.Hide()
		a.amount = u.askAmount(u.t("accounts.ui.given", u.money(m)), func(given pos.Money) error {
			t, err := pos.CashTender(given, m)
			if err != nil {
				return err
			}
			a.amount = nil
			commit(t)
			return nil
		}, func() { a.amount = nil })
		a.amount.entry.SetText(u.amountText(m))
	}
	provider := func(p TenderProvider, key string) *widget.Button {
		label := u.t(key)
		if p != nil {
			label = u.v(p.Label(u.lang))
		}
		b := widget.NewButton(label, nil)
		if p == nil {
			b.Disable()
			return b
		}
		if ok, _ := p.Ready(u.lang); !ok {
			b.Disable()
			return b
		}
		b.OnTapped = func() {
			a.how.Hide()
			req := TenderRequest{Amount: m, Lang: u.lang, Shop: u.shop, Cashier: u.user.Name, Terminal: u.st.Terminal()}
			u.collect(p, req, commit)
		}
		return b
	}
	body := container.NewVBox(u.wrapLabel(u.t("accounts.ui.how", c.DisplayName(u.lang), u.money(m))),
		u.grid(3, tall(cash, 64), tall(provider(u.hooks.Card, "ui.pay.card"), 64), tall(provider(u.hooks.QR, "ui.pay.qr"), 64)))
	a.how = dialog.NewCustom(u.t("accounts.ui.repay"), u.t("ui.cancel"), body, u.win)
	a.how.Resize(fyne.NewSize(min(560, u.win.Canvas().Size().Width-20), 0))
	a.how.Show()
}

// commitRepayment commits the repayment; until the store has it, it can
// be tried again with the same document (money taken is never lost).
func (a *accountsScreen) commitRepayment(c *pos.Customer, bal, m pos.Money, t pos.Tender) {
	u := a.u
	d, err := pos.Repayment(c, bal, m, []pos.Tender{t}, u.user.Name, u.st.OpenShift(), u.now())
	if err != nil {
		u.showErr(err)
		return
	}
	var try func()
	try = func() {
		if err := u.commit(d); err != nil {
			u.confirm(u.t("ui.error.title"), u.tErr(err)+"\n"+u.t("accounts.ui.retry"), func(ok bool) {
				if ok {
					try()
				}
			})
			return
		}
		if u.current == screenAccounts {
			a.reload()
		}
		msg := u.t("accounts.ui.repaid", d.Receipt, u.money(m))
		if t.Change > 0 {
			msg += "\n" + u.t("ui.pay.change_due", u.money(t.Change))
		}
		u.info(u.t("accounts.ui.repay"), msg)
	}
	try()
}

// printStatement queues the customer's statement on the receipt printer.
func (a *accountsScreen) printStatement() {
	u := a.u
	if a.open == nil {
		return
	}
	if u.hooks.PrinterReady == nil || !u.hooks.PrinterReady() {
		u.info(u.t("accounts.ui.print"), u.t("ui.print.no_printer"))
		return
	}
	if err := u.st.EnqueueStatement(a.open.ID); err != nil {
		u.showErr(err)
		return
	}
	u.info(u.t("accounts.ui.print"), u.t("accounts.ui.printing"))
}

// customerForm adds or edits a customer (a manager's task).
type customerForm struct {
	d                         dialog.Dialog
	name, nameAR, phone, note *widget.Entry
	limit                     *widget.Entry
	msg                       *paraLabel
	save                      *widget.Button
}

func (u *UI) editCustomer(c *pos.Customer, done func(*pos.Customer)) *customerForm {
	f := &customerForm{name: u.entry(""), nameAR: u.entry(""), phone: u.entry(""), note: u.entry(""), limit: u.entry(""), msg: u.wrapLabel("")}
	f.msg.Importance = widget.DangerImportance
	title := u.t("accounts.ui.add")
	cur := pos.Customer{ID: pos.NewCustomerID()}
	if c != nil {
		cur = *c
		title = u.t("accounts.ui.edit")
	}
	f.name.SetText(cur.Name)
	f.nameAR.SetText(cur.NameAR)
	f.phone.SetText(cur.Phone)
	f.note.SetText(cur.Note)
	f.limit.SetText(u.amountText(cur.Limit))
	f.save = widget.NewButtonWithIcon(u.t("accounts.ui.save"), theme.DocumentSaveIcon(), func() {
		lim, err := pos.ParseMoney(f.limit.Text)
		if err != nil {
			f.msg.SetText(u.tErr(err))
			return
		}
		n := cur
		n.Name, n.NameAR, n.Phone, n.Note, n.Limit = f.name.Text, f.nameAR.Text, f.phone.Text, f.note.Text, lim
		if err := u.st.PutCustomer(&n); err != nil {
			f.msg.SetText(u.tErr(err))
			return
		}
		f.d.Hide()
		done(&n)
	})
	f.save.Importance = widget.HighImportance
	field := func(key string, o fyne.CanvasObject) fyne.CanvasObject {
		return container.NewVBox(u.label(u.t(key)), o)
	}
	body := container.NewVBox(
		field("accounts.ui.name", f.name), field("accounts.ui.name_ar", f.nameAR),
		field("accounts.ui.phone", f.phone), field("accounts.ui.limit_field", f.limit),
		field("accounts.ui.note", f.note), f.msg, tall(f.save, 56))
	f.d = dialog.NewCustom(title, u.t("ui.cancel"), container.NewVScroll(body), u.win)
	f.d.Resize(fyne.NewSize(min(560, u.win.Canvas().Size().Width-20), min(640, u.win.Canvas().Size().Height-40)))
	f.d.Show()
	return f
}

// customers shows the customers screen with the customer who owes the
// most opened, for make screenshots (screens.go).
func (sh *shooter) customers(u *UI, w fyne.Window, l pos.Lang) error {
	a := u.showAccounts()
	if a == nil {
		return nil
	}
	best := -1
	for i, x := range a.shown {
		if best < 0 || x.Balance > a.shown[best].Balance {
			best = i
		}
	}
	if best >= 0 {
		a.list.Select(best)
	}
	return sh.sized(w, "customers", l)
}

// accountRefund is how a refund paid back as t (cash) is given instead
// when the sale was put on a customer's account: back onto the account
// first, as far as the customer still owes, and the rest in cash. Other
// refunds keep t.
func (u *UI) accountRefund(sale *pos.Document, t pos.Tender) ([]pos.Tender, string) {
	if t.Kind != pos.TenderCash || sale.Customer == "" || pos.AccountAmount(sale) <= 0 || t.Amount >= 0 {
		return []pos.Tender{t}, ""
	}
	owed, err := u.st.Balance(sale.Customer)
	if err != nil || owed <= 0 {
		return []pos.Tender{t}, ""
	}
	back := min(-t.Amount, owed, pos.AccountAmount(sale))
	out := []pos.Tender{{Kind: pos.TenderAccount, Amount: -back, Status: pos.StatusApproved}}
	if rest := -t.Amount - back; rest > 0 {
		out = append(out, pos.Tender{Kind: pos.TenderCash, Amount: -rest, Given: -rest, Status: pos.StatusApproved})
	}
	return out, sale.Customer
}

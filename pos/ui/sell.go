package ui

import (
	"fmt"
	"image/color"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hanout/pos"
)

// sellScreen is the product grid and the cart.
type sellScreen struct {
	u        *UI
	search   *widget.Entry // also where a keyboard-wedge scanner types
	cat      string        // "" is every category
	catBtns  map[string]*widget.Button
	hay      []string // lower-cased search text per product, index of u.products
	filtered []int    // indexes into u.products, in display order
	grid     *widget.GridWrap
	cols     int // the grid's columns when its cells were last filled
	tiles    []*productTile

	cart       *widget.List
	total      *canvas.Text
	indicative *widget.Label
	lines      *widget.Label
	discount   *widget.Button
	park       *widget.Button
	parked     *widget.Button
	clear      *widget.Button
	pay        *widget.Button
	nParked    int
	catScroll  *container.Scroll
	notice     *notice                   // the non-blocking banner for scans and searches
	resumeBtns map[string]*widget.Button // parked ticket ID -> its button in the open dialog

	// The dialogs open over the screen, while they are.
	line        *lineDialog
	discountDlg *discountDialog
	parkD       *parkDialog
	resumeAsk   *dialog.ConfirmDialog // "set the open ticket aside?" before a resume
}

const tileW, tileH = 176, 120

// showSell opens the sell screen, for a logged-in seller.
func (u *UI) showSell() {
	if u.user == nil {
		u.showLogin()
		return
	}
	s := &sellScreen{u: u, catBtns: map[string]*widget.Button{}}
	u.sell = s
	u.frame(screenSell, s.build())
	s.refreshCart()
	s.focusScanner()
	s.listenScanner()
}

// build makes the screen's widgets: the search box, the categories and
// the product grid on one side, the cart on the other.
func (s *sellScreen) build() fyne.CanvasObject {
	u := s.u
	s.hay = make([]string, len(u.products))
	for i := range u.products {
		p := &u.products[i]
		s.hay[i] = strings.ToLower(p.SKU + " " + p.Name.FR + " " + p.Name.AR + " " + p.Name.EN + " " + p.Category + " " + p.Artisan)
	}

	s.search = u.entry(u.t("ui.sell.search"))
	s.search.OnChanged = func(string) { s.filterProducts() }
	s.search.OnSubmitted = func(text string) { s.scan(text) }

	// Category filter: a row of toggle buttons.
	// "All" stays put at the reading start; the categories scroll beside
	// it, with an arrow at the far end that says (and does) "more".
	all := widget.NewButton(u.t("ui.sell.all"), func() { s.setCategory("") })
	s.catBtns[""] = all
	var cats []fyne.CanvasObject
	for _, c := range u.categories() {
		c := c
		b := widget.NewButton(s.categoryName(c), func() { s.setCategory(c) })
		s.catBtns[c] = b
		cats = append(cats, b)
	}
	s.catScroll = container.NewHScroll(u.row(cats...))
	more := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { s.scrollCats(u.rtl()) })
	if u.rtl() {
		more.Icon = theme.NavigateBackIcon()
	}
	more.Importance = widget.LowImportance
	var catRow fyne.CanvasObject
	if u.rtl() {
		catRow = container.NewBorder(nil, nil, more, all, container.New(&scrollStart{end: true}, s.catScroll))
	} else {
		catRow = container.NewBorder(nil, nil, all, more, s.catScroll)
	}

	s.grid = widget.NewGridWrap(s.gridLength,
		func() fyne.CanvasObject {
			t := newProductTile(u)
			s.tiles = append(s.tiles, t)
			return t
		},
		func(id widget.GridWrapItemID, o fyne.CanvasObject) { s.fillCell(o.(*productTile), id) })
	s.filterProducts()
	s.setCatImportance()

	s.notice = u.newNotice()
	top := container.NewVBox(s.search, s.notice.obj, catRow)
	left := container.NewBorder(top, nil, nil, nil, s.grid)
	s.notice.parent = left // the banner pushes the whole column down
	content := container.New(&splitLayout{rtl: u.rtl(), side: 400, frac: 0.36, portrait: 0.45, gap: 8}, left, s.cartPanel())
	if u.st.OpenShift() == "" {
		open := widget.NewButtonWithIcon(u.t("ui.shift.open"), theme.ConfirmIcon(), u.showShift)
		open.Importance = widget.WarningImportance
		banner := container.NewBorder(nil, nil, nil, nil, u.row(u.label(u.t("ui.sell.no_shift")), open))
		content = container.NewBorder(banner, nil, nil, nil, content)
	}
	return content
}

// listenScanner sends what a scanner types while nothing is focused to
// the search box.
func (s *sellScreen) listenScanner() {
	u := s.u
	// A scanner typing while nothing is focused still reaches the search
	// box: digits then Enter add the product.
	u.win.Canvas().SetOnTypedRune(func(r rune) {
		if u.current == screenSell && u.sell == s {
			u.win.Canvas().Focus(s.search)
			s.search.TypedRune(r)
		}
	})
	u.win.Canvas().SetOnTypedKey(func(e *fyne.KeyEvent) {
		if u.current == screenSell && u.sell == s && (e.Name == fyne.KeyReturn || e.Name == fyne.KeyEnter) {
			s.scan(s.search.Text)
		}
	})
}

// focusScanner puts the cursor in the search box, where a scanner types,
// while the screen is shown.
func (s *sellScreen) focusScanner() {
	if s != nil && s.u.current == screenSell {
		s.u.win.Canvas().Focus(s.search)
	}
}

func (s *sellScreen) setCategory(c string) {
	s.cat = c
	s.setCatImportance()
	s.filterProducts()
}

func (s *sellScreen) setCatImportance() {
	for c, b := range s.catBtns {
		imp := widget.MediumImportance
		if c == s.cat {
			imp = widget.HighImportance
		}
		if b.Importance != imp {
			b.Importance = imp
			b.Refresh()
		}
	}
}

// filterProducts applies the search words and the category: every word must
// appear in a name, the SKU, the category or the artisan; an exact barcode
// matches too. It touches no store: the catalogue is in memory.
func (s *sellScreen) filterProducts() {
	u := s.u
	q := strings.ToLower(strings.TrimSpace(s.search.Text))
	words := strings.Fields(q)
	s.filtered = s.filtered[:0]
	for i := range u.products {
		p := &u.products[i]
		if !p.Active || (s.cat != "" && p.Category != s.cat) {
			continue
		}
		ok := true
		for _, w := range words {
			if !strings.Contains(s.hay[i], w) {
				ok = false
				break
			}
		}
		if !ok && q != "" {
			for _, b := range p.Barcodes {
				if b == q {
					ok = true
				}
			}
		}
		if ok {
			s.filtered = append(s.filtered, i)
		}
	}
	s.grid.Refresh()
	s.grid.ScrollToTop()
}

// scan handles Enter in the search box: a barcode adds its product; a search
// that leaves exactly one product adds that one. Several matches keep the
// search and say "tap the right one"; an unknown code is said in the
// banner. Nothing here opens a dialog: the next scan always reaches the
// search box.
func (s *sellScreen) scan(text string) {
	u := s.u
	code := strings.TrimSpace(text)
	if code == "" {
		return
	}
	p, err := u.st.ByBarcode(code)
	if err != nil {
		switch n := len(s.filtered); {
		case n == 1:
			p, err = &u.products[s.filtered[0]], nil
		case n > 1:
			s.notice.show(noticeInfo, u.t("ui.notice.several", n, code))
			return
		default:
			s.notice.show(noticeError, u.t("ui.notice.unknown", code))
			s.search.SetText("")
			return
		}
	}
	s.search.SetText("")
	u.addProduct(p)
}

// addProduct puts one unit on the ticket and refreshes the cart. A piece
// the catalogue says is sold out is still added (the count may be wrong)
// with a warning in the banner.
func (u *UI) addProduct(p *pos.Product) {
	if err := u.ticket.Add(p, 1); err != nil {
		if u.sell != nil {
			u.sell.notice.show(noticeError, u.tErr(err))
		} else {
			u.showErr(err)
		}
		return
	}
	if u.sell != nil {
		if p.Stock <= 0 {
			u.sell.notice.show(noticeWarn, u.t("ui.notice.sold_out", u.name(p.Name)))
		} else {
			u.sell.notice.show(noticeOK, u.t("ui.notice.added", u.name(p.Name), u.money(p.Price)))
		}
	}
	u.sell.refreshCart()
	if u.sell != nil {
		u.sell.cart.ScrollToBottom()
	}
	u.sell.focusScanner()
}

func (s *sellScreen) cartPanel() fyne.CanvasObject {
	u := s.u
	s.cart = widget.NewList(func() int { return len(u.ticket.Lines) },
		func() fyne.CanvasObject { return s.newCartRow() },
		func(id widget.ListItemID, o fyne.CanvasObject) { s.updateCartRow(id, o) })
	s.cart.OnSelected = func(id widget.ListItemID) {
		s.cart.UnselectAll()
		s.editLine(id)
	}
	s.total = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	s.total.TextSize = 38
	s.total.TextStyle.Bold = true
	s.total.Alignment = fyne.TextAlignTrailing
	if u.rtl() {
		s.total.Alignment = fyne.TextAlignLeading
	}
	s.indicative = u.label("")
	s.lines = u.label("")
	s.discount = widget.NewButtonWithIcon(u.t("ui.sell.discount"), theme.ContentRemoveIcon(), s.editDiscount)
	s.park = widget.NewButtonWithIcon(u.t("ui.sell.park"), theme.MediaPauseIcon(), s.parkTicket)
	s.parked = widget.NewButtonWithIcon("", theme.MediaPlayIcon(), s.showParked)
	s.clear = widget.NewButtonWithIcon(u.t("ui.sell.clear"), theme.DeleteIcon(), func() {
		if !u.leavePay() {
			return
		}
		u.confirm(u.t("ui.sell.clear"), u.t("ui.sell.clear_confirm"), func(ok bool) {
			if ok && u.leavePay() {
				u.ticket = &pos.Ticket{}
				s.refreshCart()
			}
		}).Show()
	})
	s.pay = widget.NewButtonWithIcon(u.t("ui.sell.pay"), theme.ConfirmIcon(), u.showPay)
	s.pay.Importance = widget.HighImportance
	// The count and the indicative amounts in small type, stacked tight
	// beside the total: no taller than the total itself.
	s.lines.SizeName = theme.SizeNameCaptionText
	s.indicative.SizeName = theme.SizeNameCaptionText
	info := container.New(layout.NewCustomPaddedVBoxLayout(0), s.lines, s.indicative)
	var totals fyne.CanvasObject
	if u.rtl() {
		totals = container.NewBorder(nil, nil, s.total, nil, info)
	} else {
		totals = container.NewBorder(nil, nil, nil, s.total, info)
	}
	bottom := container.NewVBox(
		totals,
		u.grid(2, s.discount, s.clear),
		u.grid(2, s.park, s.parked),
		tall(s.pay, 56),
	)
	// No heading: the panel is plainly the ticket, and at 1024×600 every
	// line of height goes to the cart's own lines.
	bg := canvas.NewRectangle(color.NRGBA{R: 0xFB, G: 0xF5, B: 0xEE, A: 0xFF})
	return container.NewStack(bg, container.NewBorder(nil, bottom, nil, nil, s.cart))
}

// tall gives an object a minimum height (a big Pay button).
func tall(o fyne.CanvasObject, h float32) fyne.CanvasObject {
	return container.New(&minHeight{h: h}, o)
}

type minHeight struct{ h float32 }

func (m *minHeight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (m *minHeight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	s.Height = max(s.Height, m.h)
	return s
}

// cartRow is one line of the cart: name and detail on the reading side,
// line total on the other. One two-line label keeps the row compact (each
// label carries the theme's inner padding).
type cartRow struct {
	widget.BaseWidget
	rtl         bool
	text, total *widget.Label
	box         *fyne.Container
}

func (s *sellScreen) newCartRow() fyne.CanvasObject {
	u := s.u
	// Two lines in the template, so the list sizes every row for two.
	r := &cartRow{rtl: u.rtl(), text: u.label("M\nM"), total: u.boldLabel("")}
	// No widget truncation: Fyne shapes the text again on every refresh to
	// truncate it, which made a cart refresh cost ~10 ms; clip() cuts by
	// runes instead and measured widths come from Fyne's cache.
	if r.rtl {
		r.box = container.NewBorder(nil, nil, r.total, nil, r.text)
	} else {
		r.box = container.NewBorder(nil, nil, nil, r.total, r.text)
	}
	r.ExtendBaseWidget(r)
	return r
}

func (r *cartRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.box) }

func (s *sellScreen) updateCartRow(id int, o fyne.CanvasObject) {
	u := s.u
	r, ok := o.(*cartRow)
	if !ok || id >= len(u.ticket.Lines) {
		return
	}
	l := &u.ticket.Lines[id]
	detail := fmt.Sprintf("%d × %s", l.Qty, u.money(l.Price))
	if l.Price != l.List {
		detail += " · " + u.tl("ui.sell.haggled", u.money(l.List))
	}
	if l.Discount != 0 {
		detail += " · −" + u.money(l.Discount)
	}
	n := s.cartChars()
	// Clipped while logical, then ordered line by line.
	r.text.SetText(u.v(clip(u.name(l.Name), n) + "\n" + clip(detail, n)))
	r.total.SetText(u.v(u.money(pos.Money(l.Qty)*l.Price - l.Discount)))
	r.box.Refresh() // the total's width changed: lay the row out again
}

// cartChars is about how many characters fit beside the line total.
func (s *sellScreen) cartChars() int {
	w := float32(400)
	if s.cart.Size().Width > 0 {
		w = s.cart.Size().Width
	}
	return max(12, int((w-150)/9))
}

// clip cuts s to n runes with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// refreshCart redraws the cart and the totals after any change.
func (s *sellScreen) refreshCart() {
	if s == nil {
		return
	}
	u := s.u
	total, _ := u.ticket.Compute()
	s.cart.Refresh()
	s.total.Text = u.v(u.money(total))
	s.total.Refresh()
	var ind []string
	if v := pos.Indicative(total, u.shop.RateEUR); v != 0 {
		ind = append(ind, foreign(v, "€", u.lang))
	}
	if v := pos.Indicative(total, u.shop.RateUSD); v != 0 {
		ind = append(ind, foreign(v, "$", u.lang))
	}
	if len(ind) > 0 {
		s.indicative.SetText(u.t("ui.sell.indicative", strings.Join(ind, " · ")))
		s.indicative.Show()
	} else {
		s.indicative.SetText("")
		s.indicative.Hide()
	}
	var n int64
	for _, l := range u.ticket.Lines {
		n += l.Qty
	}
	txt := u.tl("ui.sell.items", n)
	if u.ticket.Discount != 0 {
		txt += " · " + u.tl("ui.sell.discount_is", u.money(u.ticket.Discount))
	}
	s.lines.SetText(u.v(txt))
	empty := len(u.ticket.Lines) == 0
	for _, b := range []*widget.Button{s.pay, s.park, s.clear, s.discount} {
		if empty {
			b.Disable()
		} else {
			b.Enable()
		}
	}
	if ps, err := u.st.Parked(); err == nil {
		s.nParked = len(ps)
	}
	s.parked.SetText(u.t("ui.sell.parked", s.nParked))
	if s.nParked == 0 {
		s.parked.Disable()
	} else {
		s.parked.Enable()
	}
}

// foreign formats hundredths of a foreign currency for an indicative total.
func foreign(v int64, sym string, l pos.Lang) string {
	m := pos.Money(v).Format(pos.EN) // 1,234.50 MAD
	m = strings.TrimSuffix(m, " MAD")
	if l != pos.EN {
		m = strings.NewReplacer(",", "\u202f", ".", ",").Replace(m)
		return m + " " + sym
	}
	return sym + m
}

// Line editing ----------------------------------------------------------

type lineDialog struct {
	d           *dialog.CustomDialog
	idx         int
	qty         *numEntry
	price, disc *numEntry
	pad         *numPad
	minus, plus *widget.Button
	msg         *paraLabel
	ok, remove  *widget.Button
}

// editLine opens the dialog to change a line's quantity, negotiated price
// or discount, or to remove it. Every field takes the on-screen keypad;
// the price field has it first, its content selected.
func (s *sellScreen) editLine(i int) {
	u := s.u
	if i < 0 || i >= len(u.ticket.Lines) {
		return
	}
	l := u.ticket.Lines[i]
	ld := &lineDialog{idx: i, msg: u.wrapLabel("")}
	ld.pad = u.newNumPad(nil)
	ld.price = u.numEntry(ld.pad)
	ld.qty = u.numEntry(ld.pad)
	ld.disc = u.numEntry(ld.pad)
	ld.disc.SetPlaceHolder(u.amountText(0))
	ld.msg.Importance = widget.DangerImportance
	ld.qty.SetText(strconv.FormatInt(l.Qty, 10))
	ld.price.SetText(u.amountText(l.Price))
	if l.Discount != 0 {
		ld.disc.SetText(u.amountText(l.Discount))
	}
	ld.minus = widget.NewButton("−", func() {
		if q, err := strconv.ParseInt(strings.TrimSpace(ld.qty.Text), 10, 64); err == nil && q > 1 {
			ld.qty.SetText(strconv.FormatInt(q-1, 10))
		}
	})
	ld.plus = widget.NewButton("+", func() {
		if q, err := strconv.ParseInt(strings.TrimSpace(ld.qty.Text), 10, 64); err == nil {
			ld.qty.SetText(strconv.FormatInt(q+1, 10))
		}
	})
	if l.Unique {
		ld.plus.Disable()
	}
	ld.remove = widget.NewButtonWithIcon(u.t("ui.line.remove"), theme.DeleteIcon(), func() {
		s.priceChange(u.tl("ui.approve.remove", u.name(l.Name)), func(m string) error { return u.ticket.Remove(i, m) },
			func() {
				ld.d.Hide()
				s.line = nil
				s.refreshCart()
			}, func(err error) { ld.msg.SetText(u.tErr(err)) })
	})
	ld.remove.Importance = widget.DangerImportance
	cancel := widget.NewButton(u.t("ui.cancel"), func() { ld.d.Hide(); s.line = nil })
	ld.ok = widget.NewButton(u.t("ui.ok"), func() { s.applyLine(ld) })
	ld.ok.Importance = widget.HighImportance
	ld.price.OnSubmitted = func(string) { s.applyLine(ld) }
	ld.disc.OnSubmitted = func(string) { s.applyLine(ld) }
	ld.qty.OnSubmitted = func(string) { s.applyLine(ld) }

	fields := container.NewVBox(
		u.wrapLabel(u.t("ui.line.list", u.money(l.List))),
		u.formRow(u.t("ui.line.price"), ld.price),
		u.formRow(u.t("ui.line.qty"), container.NewBorder(nil, nil, tall(ld.minus, 48), tall(ld.plus, 48), ld.qty)),
		u.formRow(u.t("ui.line.discount"), ld.disc),
		ld.msg,
	)
	body := container.NewBorder(nil, u.grid(3, ld.remove, cancel, ld.ok), nil, nil,
		container.New(&splitLayout{rtl: u.rtl(), side: 260, frac: 0.45, gap: 12}, fields, ld.pad.obj))
	ld.d = dialog.NewCustomWithoutButtons(u.v(u.name(l.Name)), body, u.win)
	ld.d.Resize(fyne.NewSize(min(820, u.win.Canvas().Size().Width-20), min(460, u.win.Canvas().Size().Height-20)))
	s.line = ld
	ld.d.Show()
	u.win.Canvas().Focus(ld.price)
}

// applyLine applies the dialog under the price control: a refused change
// leaves the ticket as it was; one that needs a manager names what it asks
// her to approve, then applies with her name.
func (s *sellScreen) applyLine(ld *lineDialog) {
	u := s.u
	qty, err := strconv.ParseInt(strings.TrimSpace(ld.qty.Text), 10, 64)
	if err != nil {
		ld.msg.SetText(u.tErr(pos.Errorf("ticket.qty_invalid", ld.qty.Text)))
		return
	}
	price, err := pos.ParseMoney(ld.price.Text)
	if err != nil {
		ld.msg.SetText(u.tErr(err))
		return
	}
	disc := pos.Money(0)
	if strings.TrimSpace(ld.disc.Text) != "" {
		if disc, err = pos.ParseMoney(ld.disc.Text); err != nil {
			ld.msg.SetText(u.tErr(err))
			return
		}
	}
	i := ld.idx
	if i >= len(u.ticket.Lines) {
		return
	}
	l := u.ticket.Lines[i]
	what := u.tl("ui.approve.line", u.name(l.Name), qty, u.money(price))
	if disc != 0 {
		what += " − " + u.money(disc)
	}
	s.priceChange(what, func(m string) error { return u.ticket.SetLine(i, qty, price, disc, m) }, func() {
		ld.d.Hide()
		s.line = nil
		s.refreshCart()
		s.focusScanner()
	}, func(err error) { ld.msg.SetText(u.tErr(err)) })
}

// discountDialog is the ticket discount: an amount ("20", "15,50") or a
// percentage ("10%") typed on the keypad.
type discountDialog struct {
	d     *dialog.CustomDialog
	entry *numEntry
	pad   *numPad
	msg   *paraLabel
	ok    *widget.Button
}

// editDiscount sets an amount or a percentage off the whole ticket, under
// the price control.
func (s *sellScreen) editDiscount() {
	u := s.u
	dd := &discountDialog{msg: u.wrapLabel("")}
	dd.pad = u.newNumPad(nil, "%")
	dd.entry = u.numEntry(dd.pad)
	dd.entry.SetPlaceHolder(u.t("ui.discount.hint"))
	if u.ticket.Discount != 0 {
		dd.entry.SetText(u.amountText(u.ticket.Discount))
	}
	dd.msg.Importance = widget.DangerImportance
	apply := func() {
		text := strings.TrimSpace(dd.entry.Text)
		var amount pos.Money
		if pct, ok := strings.CutSuffix(text, "%"); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(pct), 10, 64)
			if err != nil || n < 0 || n > 100 {
				dd.msg.SetText(u.tErr(pos.Errorf("money.invalid", text)))
				return
			}
			var sub pos.Money
			for _, l := range u.ticket.Lines {
				sub += pos.Money(l.Qty)*l.Price - l.Discount
			}
			amount = sub * pos.Money(n) / 100
		} else if text != "" {
			m, err := pos.ParseMoney(text)
			if err != nil {
				dd.msg.SetText(u.tErr(err))
				return
			}
			amount = m
		}
		what := u.tl("ui.approve.discount", text, u.money(amount))
		s.priceChange(what, func(m string) error { return u.ticket.SetDiscount(amount, m) }, func() {
			dd.d.Hide()
			s.discountDlg = nil
			s.refreshCart()
			s.focusScanner()
		}, func(err error) { dd.msg.SetText(u.tErr(err)) })
	}
	dd.entry.OnSubmitted = func(string) { apply() }
	dd.ok = widget.NewButton(u.t("ui.ok"), apply)
	dd.ok.Importance = widget.HighImportance
	cancel := widget.NewButton(u.t("ui.cancel"), func() { dd.d.Hide(); s.discountDlg = nil })
	body := container.NewVBox(dd.entry, dd.msg, container.NewCenter(container.NewGridWrap(fyne.NewSize(300, dd.pad.obj.MinSize().Height), dd.pad.obj)), u.grid(2, cancel, dd.ok))
	dd.d = dialog.NewCustomWithoutButtons(u.t("ui.sell.discount"), body, u.win)
	dd.d.Resize(fyne.NewSize(min(440, u.win.Canvas().Size().Width-20), 0))
	s.discountDlg = dd
	dd.d.Show()
	u.win.Canvas().Focus(dd.entry)
}

// Parking ---------------------------------------------------------------

// parkDialog names the ticket being set aside ("the German couple").
type parkDialog struct {
	d    *dialog.CustomDialog
	name *widget.Entry
	ok   *widget.Button
}

// parkTicket asks for an optional name, then sets the ticket aside under
// "name · time · first item · total" and says so in the banner.
func (s *sellScreen) parkTicket() {
	u := s.u
	if len(u.ticket.Lines) == 0 || !u.leavePay() {
		return
	}
	pd := &parkDialog{name: u.entry(u.t("ui.park.name_hint"))}
	pd.name.SetText(u.ticket.Label)
	park := func() {
		pd.d.Hide()
		s.parkD = nil
		u.ticket.Label = strings.TrimSpace(pd.name.Text)
		s.parkNow()
	}
	pd.name.OnSubmitted = func(string) { park() }
	pd.ok = widget.NewButtonWithIcon(u.t("ui.sell.park"), theme.MediaPauseIcon(), park)
	pd.ok.Importance = widget.HighImportance
	cancel := widget.NewButton(u.t("ui.cancel"), func() { pd.d.Hide(); s.parkD = nil })
	body := container.NewVBox(u.wrapLabel(u.t("ui.park.help")), pd.name, u.grid(2, tall(cancel, 56), tall(pd.ok, 56)))
	pd.d = dialog.NewCustomWithoutButtons(u.t("ui.sell.park"), body, u.win)
	pd.d.Resize(fyne.NewSize(min(520, u.win.Canvas().Size().Width-20), 0))
	s.parkD = pd
	pd.d.Show()
	u.win.Canvas().Focus(pd.name)
}

// parkNow stores the ticket as parked, labelled with its name (if any),
// the time, its first item and its total.
func (s *sellScreen) parkNow() bool {
	u := s.u
	total, _ := u.ticket.Compute()
	auto := u.now().Format("15:04") + " · " + u.ticket.Lines[0].Name.In(u.lang) + " · " + total.Format(u.lang)
	label := auto
	if name := strings.TrimSpace(u.ticket.Label); name != "" && !strings.Contains(name, " · ") {
		label = name + " · " + auto
	} else if name != "" {
		label = name // parked before: keep its label
	}
	u.ticket.Label = label
	if _, err := u.st.Park(u.ticket); err != nil {
		u.showErr(err)
		return false
	}
	u.ticket = &pos.Ticket{}
	s.refreshCart()
	s.notice.show(noticeInfo, u.t("ui.park.done", label))
	return true
}

// showParked lists the parked tickets, each a button that resumes it.
func (s *sellScreen) showParked() {
	u := s.u
	ps, err := u.st.Parked()
	if err != nil {
		u.showErr(err)
		return
	}
	var d *dialog.CustomDialog
	var rows []fyne.CanvasObject
	s.resumeBtns = map[string]*widget.Button{}
	for _, p := range ps {
		id := p.ID
		label := p.Ticket.Label
		if label == "" {
			label = "#" + id
		}
		b := widget.NewButton(u.v(label), func() {
			d.Hide()
			s.resume(id)
		})
		s.resumeBtns[id] = b
		rows = append(rows, b)
	}
	rows = append(rows, widget.NewButton(u.t("ui.cancel"), func() { d.Hide() }))
	d = dialog.NewCustomWithoutButtons(u.t("ui.sell.parked_title"), container.NewVBox(rows...), u.win)
	d.Resize(fyne.NewSize(min(560, u.win.Canvas().Size().Width-20), 0))
	d.Show()
}

// resume brings a parked ticket back. A ticket in progress is first set
// aside in its place, after the seller says yes, so nothing is lost and
// nothing moves silently.
func (s *sellScreen) resume(id string) {
	u := s.u
	if !u.leavePay() {
		return
	}
	if len(u.ticket.Lines) > 0 {
		total, _ := u.ticket.Compute()
		d := u.confirm(u.t("ui.park.resume_title"), u.t("ui.park.resume_ask", len(u.ticket.Lines), u.money(total)), func(ok bool) {
			s.resumeAsk = nil
			if ok && s.parkNow() {
				s.resumeNow(id)
			}
		})
		d.SetConfirmText(u.t("ui.park.resume_yes"))
		d.SetDismissText(u.t("ui.cancel"))
		s.resumeAsk = d
		d.Show()
		return
	}
	s.resumeNow(id)
}

func (s *sellScreen) resumeNow(id string) {
	u := s.u
	t, err := u.st.Resume(id)
	if err != nil {
		u.showErr(err)
		return
	}
	u.ticket = t
	s.refreshCart()
}

// Product tiles ---------------------------------------------------------

// productTile is one product in the grid: a coloured card (the category's
// colour, or its photo) with its name and price. Tapping adds one unit.
type productTile struct {
	widget.BaseWidget
	u     *UI
	p     *pos.Product
	bg    *canvas.Rectangle
	band  *canvas.Rectangle
	img   *canvas.Image
	name  *paraLabel
	price *widget.Label
	cell  int // the grid cell it was last filled for
}

func newProductTile(u *UI) *productTile {
	t := &productTile{u: u, cell: -1, bg: canvas.NewRectangle(color.White), band: canvas.NewRectangle(color.White),
		img: &canvas.Image{FillMode: canvas.ImageFillContain}, name: u.wrapLabel(""), price: widget.NewLabel("")}
	t.bg.CornerRadius = 8
	t.name.TextStyle.Bold = true
	t.price.Alignment = fyne.TextAlignTrailing
	if u.rtl() {
		t.name.Alignment = fyne.TextAlignTrailing
		t.price.Alignment = fyne.TextAlignLeading
	}
	t.ExtendBaseWidget(t)
	return t
}

func (t *productTile) set(p *pos.Product) {
	t.p = p
	c := palette[categoryColour(p.Category)]
	t.bg.FillColor = color.NRGBA{R: c.R, G: c.G, B: c.B, A: 0x30}
	t.band.FillColor = c
	t.name.SetText(t.u.v(t.u.name(p.Name)))
	t.price.SetText(t.u.v(t.u.money(p.Price)))
	if p.Stock <= 0 { // still sellable (the store decides), but greyed
		t.bg.FillColor = color.NRGBA{R: 0xDD, G: 0xDD, B: 0xDD, A: 0xFF}
		t.price.SetText(t.u.t("ui.sell.out_of_stock"))
	}
	if path := t.u.photoPath(p.Photo); fileExists(path) {
		t.img.File = path
		t.img.Show()
	} else {
		t.img.File = ""
		t.img.Hide()
	}
	t.img.Refresh()
	t.bg.Refresh()
	t.band.Refresh()
}

// clear empties a cell that holds no product (the end of the last row of
// a mirrored grid).
func (t *productTile) clear() {
	t.p = nil
	t.bg.FillColor = color.Transparent
	t.band.FillColor = color.Transparent
	t.name.SetText("")
	t.price.SetText("")
	t.img.File = ""
	t.img.Hide()
	t.bg.Refresh()
	t.band.Refresh()
}

// Fyne's GridWrap fills rows left to right. In Arabic the grid is
// mirrored: cell id of each row shows the product at the other end of the
// row, and the last row is padded with empty cells so it starts on the
// right.

// gridLength is the number of cells of the product grid.
func (s *sellScreen) gridLength() int {
	u := s.u
	n := len(s.filtered)
	if !u.rtl() || s.grid == nil {
		return n
	}
	c := s.grid.ColumnCount()
	if c != s.cols {
		// Fyne fills only new cells when the number of columns changes:
		// the others keep their id but now sit elsewhere in the row.
		s.cols = c
		for _, t := range s.tiles {
			if t.cell >= 0 {
				s.fillCell(t, t.cell)
			}
		}
	}
	return (n + c - 1) / c * c
}

// fillCell shows in t the product of grid cell id.
func (s *sellScreen) fillCell(t *productTile, id int) {
	u := s.u
	t.cell = id
	if i := s.gridProduct(id); i < len(s.filtered) {
		t.set(&u.products[s.filtered[i]])
	} else {
		t.clear()
	}
}

// gridProduct is the index into s.filtered shown in cell id.
func (s *sellScreen) gridProduct(id int) int {
	u := s.u
	if !u.rtl() || s.grid == nil {
		return id
	}
	c := s.grid.ColumnCount()
	return id/c*c + c - 1 - id%c
}

func (t *productTile) Tapped(*fyne.PointEvent) {
	if t.p != nil {
		t.u.addProduct(t.p)
	}
}

func (t *productTile) MinSize() fyne.Size { return fyne.NewSize(tileW, tileH) }

func (t *productTile) CreateRenderer() fyne.WidgetRenderer {
	band := container.New(&bandLayout{rtl: t.u.rtl()}, t.band)
	photo := container.New(&photoLayout{rtl: t.u.rtl()}, t.img)
	return widget.NewSimpleRenderer(container.NewStack(t.bg, band, photo,
		container.NewBorder(nil, t.price, nil, nil, t.name)))
}

// bandLayout draws the category colour as a strip on the reading side.
type bandLayout struct{ rtl bool }

func (b *bandLayout) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	for _, o := range objs {
		o.Resize(fyne.NewSize(6, s.Height))
		if b.rtl {
			o.Move(fyne.NewPos(s.Width-6, 0))
		} else {
			o.Move(fyne.NewPos(0, 0))
		}
	}
}
func (b *bandLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(6, 0) }

// photoLayout puts a photo thumbnail in the corner opposite the name start.
type photoLayout struct{ rtl bool }

func (p *photoLayout) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	side := min(s.Height*0.5, 56)
	for _, o := range objs {
		o.Resize(fyne.NewSize(side, side))
		// The price sits at the end of the reading line; the photo at
		// its start.
		if p.rtl {
			o.Move(fyne.NewPos(s.Width-side-8, s.Height-side-4))
		} else {
			o.Move(fyne.NewPos(8, s.Height-side-4))
		}
	}
}
func (p *photoLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(0, 0) }

// scrollCats moves the category bar one page on (towards the reading end).
func (s *sellScreen) scrollCats(rtl bool) {
	sc := s.catScroll
	page := sc.Size().Width * 0.8
	maxX := sc.Content.MinSize().Width - sc.Size().Width
	if maxX <= 0 {
		return
	}
	x := sc.Offset.X + page
	if rtl {
		x = sc.Offset.X - page
	}
	if x > maxX+1 {
		x = 0 // at the end: back to the start
		if rtl {
			x = maxX
		}
	} else if x < -1 {
		x = maxX
		if !rtl {
			x = 0
		}
	}
	sc.Offset.X = max(0, min(x, maxX))
	sc.Refresh()
}

// scrollStart lays out a horizontal scroll so that, right to left, it
// opens at its right end, where an Arabic reader starts (the first
// category is there).
type scrollStart struct {
	end  bool
	done bool
}

func (l *scrollStart) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
		if sc, ok := o.(*container.Scroll); ok && l.end && !l.done && size.Width > 0 {
			if x := sc.Content.MinSize().Width - size.Width; x > 0 {
				sc.Offset.X = x
				sc.Refresh()
			}
			l.done = true
		}
	}
}

func (l *scrollStart) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

// categoryName is a category in the seller's language, for a widget: the catalogue
// stores one name (French, as the shop typed it); known ones have a
// translation under "category.<name in lower case>".
func (s *sellScreen) categoryName(c string) string {
	u := s.u
	key := "category." + strings.ToLower(c)
	if s := u.tl(key); s != key {
		return u.v(s)
	}
	return u.v(c)
}

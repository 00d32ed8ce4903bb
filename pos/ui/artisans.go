package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hanout/pos"
)

const screenArtisans = "artisans"

// artisansScreen is the cooperative's artisans: the list with their
// commission (add or change one), the artisans report for a period
// (printed through the print queue) and a payout, cash from the drawer or
// a transfer, approved with a manager's PIN.
type artisansScreen struct {
	u        *UI
	artisans []pos.Artisan

	list                    *fyne.Container
	editing                 string // id of the artisan in the form, "" for a new one
	name, phone, commission *widget.Entry
	save, clear             *widget.Button

	from, to     *widget.Entry
	show, print  *widget.Button
	report       *fyne.Container
	right        *container.Scroll
	last         *pos.ArtisansReport
	payTo        *widget.Select
	amount, note *widget.Entry
	how          *widget.RadioGroup
	pay          *widget.Button
}

// showArtisans opens the artisans screen and returns it.
func (u *UI) showArtisans() *artisansScreen {
	if u.user == nil {
		u.showLogin()
		return nil
	}
	s := &artisansScreen{u: u}
	s.build()
	return s
}

// figure is an amount in a table of amounts: grouped, without the
// currency the heading gives.
func (u *UI) figure(m pos.Money) string {
	f := u.money(m)
	return f[:strings.LastIndexByte(f, ' ')]
}

// pct is a commission as "12,50 %" (logical), its number written as the
// language writes decimals (percentText). On an Arabic screen the sign
// sticks to the number ("12,50%"): after a Latin name a spaced sign
// would be a neutral at the line's end and go to its other side.
func (u *UI) pct(bp int) string {
	if u.rtl() {
		return u.percentText(bp) + "%"
	}
	return u.percentText(bp) + " %"
}

// percentText is a percent held in basis points as a person reads and
// types it in the seller's language: "15", or "12,50" in French and
// Arabic and "12.50" in English, like the amounts (amountText), so that
// ParseCommission and ParseMoney read it back.
func (u *UI) percentText(bp int) string {
	return pos.PercentIn(bp, u.lang)
}

// artisansButton opens the artisans screen, for a manager (a cashier is
// asked a manager's PIN): the shift screen shows it, since a cash payout
// comes out of the drawer.
func (u *UI) artisansButton() fyne.CanvasObject {
	return widget.NewButtonWithIcon(u.t("artisans.open"), theme.AccountIcon(), func() { u.asManager(func() { u.showArtisans() }) })
}

func (s *artisansScreen) build() {
	u := s.u
	s.list = container.NewVBox()
	s.name = u.entry(u.tl("artisans.field_name"))
	s.phone = u.entry("06 00 00 00 00")
	s.commission = u.entry("15")
	s.save = widget.NewButtonWithIcon(u.t("artisans.save"), theme.DocumentSaveIcon(), s.saveArtisan)
	s.save.Importance = widget.HighImportance
	s.clear = widget.NewButtonWithIcon(u.t("artisans.new"), theme.ContentAddIcon(), func() { s.edit(nil) })

	now := u.now().In(u.st.Location)
	s.from = u.entry("YYYY-MM-DD")
	s.from.SetText(time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, u.st.Location).Format("2006-01-02"))
	s.to = u.entry("YYYY-MM-DD")
	s.to.SetText(now.Format("2006-01-02"))
	s.show = widget.NewButtonWithIcon(u.t("artisans.show"), theme.SearchIcon(), s.refreshReport)
	s.print = widget.NewButtonWithIcon(u.t("artisans.print"), theme.DocumentPrintIcon(), s.printReport)
	s.report = container.NewVBox()

	s.payTo = widget.NewSelect(nil, nil)
	s.payTo.PlaceHolder = u.t("artisans.payout_choose")
	s.amount = u.entry(u.amountText(0))
	s.note = u.entry(u.tl("artisans.payout_note_hint"))
	s.how = widget.NewRadioGroup([]string{u.t("artisans.payout_cash"), u.t("artisans.payout_transfer")}, nil)
	s.how.Horizontal = true
	s.how.Required = true
	s.how.SetSelected(u.t("artisans.payout_transfer"))
	s.pay = widget.NewButtonWithIcon(u.t("artisans.payout_record"), theme.ConfirmIcon(), s.askPayout)
	s.pay.Importance = widget.HighImportance

	s.reload()
	s.refreshReport()
	left := container.NewVBox(
		u.heading(u.t("artisans.screen_title")),
		s.list,
		widget.NewSeparator(),
		s.stacked(u.t("artisans.field_name"), s.name),
		s.stacked(u.t("artisans.field_phone"), s.phone),
		s.stacked(u.t("artisans.field_commission"), s.commission),
		tall(s.save, 56), s.clear,
		widget.NewSeparator(),
		u.heading(u.t("artisans.payout_title")),
		s.stacked(u.t("artisans.payout_artisan"), s.payTo),
		s.stacked(u.t("artisans.payout_amount"), s.amount),
		s.how,
		s.stacked(u.t("artisans.payout_note"), s.note),
		tall(s.pay, 64),
	)
	right := container.NewVBox(
		u.heading(u.v(u.tl("artisans.report_title")+" · "+u.tl("artisans.currency"))),
		u.grid(2, u.formRow(u.t("artisans.from"), s.from), u.formRow(u.t("artisans.to"), s.to)),
		u.grid(2, tall(s.show, 56), tall(s.print, 56)),
		s.report,
	)
	s.right = container.NewScroll(container.NewPadded(right))
	// The report is the main area; the artisans, their form and the
	// payout the side panel.
	u.frame(screenArtisans, container.New(&splitLayout{rtl: u.rtl(), side: 430, frac: 0.34, portrait: 0.45, gap: 16},
		s.right, container.NewVScroll(container.NewPadded(left))))
}

// stacked is a label above its field: the side panel is narrow.
func (s *artisansScreen) stacked(label string, field fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVBox(s.u.label(label), field)
}

// reload reads the artisans and redraws the list and the payout choice.
func (s *artisansScreen) reload() {
	u := s.u
	as, err := u.st.Artisans()
	if err != nil {
		u.showErr(err)
	}
	s.artisans = as
	s.list.RemoveAll()
	var names []string
	for i := range as {
		a := as[i]
		label := a.Name + " · " + u.pct(a.Commission)
		b := widget.NewButton(u.v(label), func() { s.edit(&a) })
		b.Alignment = widget.ButtonAlignLeading
		if u.rtl() {
			b.Alignment = widget.ButtonAlignTrailing
		}
		s.list.Add(b)
		names = append(names, u.v(a.Name))
	}
	if len(as) == 0 {
		s.list.Add(u.wrapLabel(u.t("artisans.none")))
	}
	s.payTo.Options = names
	s.payTo.Refresh()
}

// edit puts an artisan in the form (nil: a new one).
func (s *artisansScreen) edit(a *pos.Artisan) {
	if a == nil {
		s.editing = ""
		s.name.SetText("")
		s.phone.SetText("")
		s.commission.SetText("")
		return
	}
	s.editing = a.ID
	s.name.SetText(a.Name)
	s.phone.SetText(a.Phone)
	s.commission.SetText(s.u.percentText(a.Commission))
}

// saveArtisan stores the form: a new artisan, or the one being edited.
func (s *artisansScreen) saveArtisan() {
	u := s.u
	rate, err := pos.ParseCommission(s.commission.Text)
	if strings.TrimSpace(s.commission.Text) == "" {
		rate, err = 0, nil
	}
	if err != nil {
		u.showErr(err)
		return
	}
	a := &pos.Artisan{ID: s.editing, Name: s.name.Text, Phone: s.phone.Text, Commission: rate}
	if a.ID == "" {
		a.ID = pos.NewArtisanID()
	}
	if err := u.st.PutArtisan(a); err != nil {
		u.showErr(err)
		return
	}
	s.edit(nil)
	s.reload()
	s.refreshReport()
}

// period reads the report's days.
func (s *artisansScreen) period() (string, string) {
	return strings.TrimSpace(s.from.Text), strings.TrimSpace(s.to.Text)
}

// refreshReport computes the report for the period and lays it out as a
// table: artisan, pieces, sales, commission, owed, paid, balance.
func (s *artisansScreen) refreshReport() {
	u := s.u
	from, to := s.period()
	r, err := u.st.ArtisansReport(from, to)
	if err != nil {
		u.showErr(err)
		return
	}
	s.last = r
	cell := func(txt string, bold bool) fyne.CanvasObject {
		l := u.label(u.v(txt))
		l.TextStyle.Bold = bold
		l.Alignment = fyne.TextAlignTrailing
		return l
	}
	var objs []fyne.CanvasObject
	for _, key := range []string{"pieces", "sales", "commission", "owed", "paid", "balance"} {
		l := u.boldLabel(u.t("artisans.short_" + key))
		l.Alignment = fyne.TextAlignTrailing
		objs = append(objs, l)
	}
	rows := []fyne.CanvasObject{u.grid(6, objs...)}
	row := func(name string, r pos.ArtisanRow, bold bool) {
		nl := u.boldLabel(u.v(name))
		if !bold {
			nl.TextStyle.Bold = false
			nl.Importance = widget.HighImportance
		}
		rows = append(rows, widget.NewSeparator(), nl, u.grid(6, cell(itoa(r.Pieces), bold), cell(u.figure(r.Sales), bold),
			cell(u.figure(r.Commission), bold), cell(u.figure(r.Owed), bold), cell(u.figure(r.Paid), bold),
			cell(u.figure(r.Balance), bold)))
	}
	for _, r := range r.Rows {
		row(r.Name+" · "+u.pct(r.Rate), r, false)
	}
	row(u.tl("artisans.total"), r.Total, true)
	s.report.Objects = rows
	s.report.Refresh()
	if s.right != nil {
		s.right.Refresh()
	}
}

// printReport queues the printed report of the period.
func (s *artisansScreen) printReport() {
	u := s.u
	title := u.t("artisans.report_title")
	if u.hooks.PrinterReady == nil || !u.hooks.PrinterReady() {
		u.info(title, u.t("ui.print.no_printer"))
		return
	}
	from, to := s.period()
	if err := u.st.EnqueueArtisansReport(from, to); err != nil {
		u.showErr(err)
		return
	}
	u.info(title, u.t("artisans.print_queued"))
}

// chosen is the artisan picked for the payout.
func (s *artisansScreen) chosen() *pos.Artisan {
	i := s.payTo.SelectedIndex()
	if i < 0 || i >= len(s.artisans) {
		return nil
	}
	return &s.artisans[i]
}

// askPayout checks the payout, asks a manager's PIN naming the artisan
// and the amount, then commits it.
func (s *artisansScreen) askPayout() {
	u := s.u
	a := s.chosen()
	if a == nil {
		u.showErr(pos.Errorf("artisans.payout_no_artisan"))
		return
	}
	amount, err := pos.ParseMoney(s.amount.Text)
	if err != nil {
		u.showErr(err)
		return
	}
	how := pos.TenderTransfer
	if s.how.Selected == u.t("artisans.payout_cash") {
		how = pos.TenderCash
	}
	// Checked before the PIN: a manager never types it for a payout the
	// till would refuse.
	if _, err := pos.Payout(a, amount, how, u.user.Name, u.st.OpenShift(), "-", s.note.Text, u.now()); err != nil {
		u.showErr(err)
		return
	}
	detail := u.t("artisans.payout_pin_detail", u.money(amount), a.Name)
	u.askPINFor(u.t("ui.pin.manager_title"), detail, pos.RoleManager, func(m *pos.User) { s.payout(a, amount, how, m) })
}

func (s *artisansScreen) payout(a *pos.Artisan, amount pos.Money, how pos.TenderKind, manager *pos.User) {
	u := s.u
	d, err := pos.Payout(a, amount, how, u.user.Name, u.st.OpenShift(), manager.Name, s.note.Text, u.now())
	if err == nil {
		err = u.st.Commit(d)
	}
	if err != nil {
		u.showErr(err)
		return
	}
	s.amount.SetText("")
	s.note.SetText("")
	s.refreshReport()
	u.info(u.t("artisans.payout_title"), u.t("artisans.payout_done", u.money(amount), a.Name))
}

// artisanChoice is the product form's artisan: none, or one of the
// cooperative's artisans. A product still naming someone who is not an
// artisan of the till (a catalogue from before artisans) keeps that value
// until another is chosen.
type artisanChoice struct {
	sel *widget.Select
	ids []string // parallel to sel.Options
}

func (u *UI) artisanChoice(current string) *artisanChoice {
	c := &artisanChoice{ids: []string{""}}
	opts := []string{u.t("artisans.none_choice")}
	as, err := u.st.Artisans()
	if err != nil {
		u.showErr(err)
	}
	selected := 0
	for _, a := range as {
		if a.ID == current {
			selected = len(opts)
		}
		opts = append(opts, u.v(a.Name+" · "+u.pct(a.Commission)))
		c.ids = append(c.ids, a.ID)
	}
	if current != "" && selected == 0 {
		selected = len(opts)
		opts = append(opts, u.v(current))
		c.ids = append(c.ids, current)
	}
	c.sel = widget.NewSelect(opts, nil)
	c.sel.SetSelectedIndex(selected)
	return c
}

// id is the chosen artisan's id ("" for none).
func (c *artisanChoice) id() string {
	if i := c.sel.SelectedIndex(); i > 0 && i < len(c.ids) {
		return c.ids[i]
	}
	return ""
}

// artisans saves the artisans screen with the report of the last 30 days
// (screens.go runs it after the others).
func (sh *shooter) artisans(u *UI, w fyne.Window, l pos.Lang) error {
	s := u.showArtisans()
	if s == nil {
		return nil
	}
	s.from.SetText(u.now().In(u.st.Location).AddDate(0, 0, -30).Format("2006-01-02"))
	s.refreshReport()
	return sh.save(w, "artisans-"+string(l))
}

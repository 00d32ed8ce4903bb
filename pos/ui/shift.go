package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hanout/pos"
)

// shiftScreen opens a shift with a float, moves cash in and out, closes by
// counting the drawer, and shows the X and Z reports.
type shiftScreen struct {
	u                 *UI
	float             *numEntry
	open              *widget.Button
	amount            *numEntry
	reason            *widget.Entry
	cashIn, cashOut   *widget.Button
	counts            map[pos.Money]*numEntry
	pad               *numPad
	expected          pos.Money
	counted, variance *widget.Label
	expectedL         *widget.Label
	// The count is blind: what the drawer should hold and the difference
	// appear only once the seller taps check, and the counts are then
	// locked until recount.
	check, recount *widget.Button
	checked        bool
	padBox         *fyne.Container // the keypad, hidden once counted
	countBox       *fyne.Container
	close          *widget.Button
	report         *fyne.Container
	zDate          *widget.Entry
	lastZ          *pos.Report
	// foreign counts each foreign currency's notes (currency.go).
	foreign *foreignCount
}

func (u *UI) showShift() {
	if u.user == nil {
		u.showLogin()
		return
	}
	s := &shiftScreen{u: u, counts: map[pos.Money]*numEntry{}}
	u.shift = s
	s.report = container.NewVBox()
	var body fyne.CanvasObject
	if u.st.OpenShift() == "" {
		body = s.openShiftView()
	} else {
		body = s.runningShiftView()
	}
	u.frame(screenShift, body)
}

func (s *shiftScreen) openShiftView() fyne.CanvasObject {
	u := s.u
	s.pad = u.newNumPad(nil)
	s.float = u.numEntry(s.pad)
	s.float.SetPlaceHolder(u.amountText(0))
	s.float.OnSubmitted = func(string) { s.openShift() }
	s.open = widget.NewButtonWithIcon(u.t("ui.shift.open"), theme.ConfirmIcon(), s.openShift)
	s.open.Importance = widget.HighImportance
	s.zDate = u.entry(u.t("ui.history.date_hint", u.now().In(u.st.Location).Format("2006-01-02")))
	s.zDate.SetText(u.now().In(u.st.Location).Format("2006-01-02"))
	zBtn := widget.NewButton(u.t("ui.shift.z_show"), s.showZ)
	left := container.NewVBox(
		u.heading(u.t("ui.shift.closed")),
		u.formRow(u.t("ui.shift.float"), s.float),
		container.NewCenter(container.NewGridWrap(fyne.NewSize(300, s.pad.obj.MinSize().Height), s.pad.obj)),
		tall(s.open, 64),
	)
	right := container.NewVBox(
		u.heading(u.t("ui.shift.z_title")),
		u.formRow(u.t("ui.shift.z_date"), s.zDate), zBtn,
		u.artisansButton(), // artisans.go
		s.report,
	)
	return container.New(&splitLayout{rtl: u.rtl(), side: 520, frac: 0.5, portrait: 0.5, gap: 16},
		container.NewVScroll(container.NewPadded(left)), container.NewVScroll(right))
}

func (s *shiftScreen) openShift() {
	u := s.u
	float := pos.Money(0)
	if t := strings.TrimSpace(s.float.Text); t != "" {
		m, err := pos.ParseMoney(t)
		if err != nil {
			u.showErr(err)
			return
		}
		float = m
	}
	doc, err := pos.OpenShift(u.user.Name, float, u.now())
	if err == nil {
		err = u.st.Commit(doc)
	}
	if err != nil {
		u.showErr(err)
		return
	}
	u.showSell()
}

func (s *shiftScreen) runningShiftView() fyne.CanvasObject {
	u := s.u
	x, err := u.st.XReport()
	if err != nil {
		u.showErr(err)
		x = &pos.Report{}
	}
	s.expected = x.ExpectedCash
	s.pad = u.newNumPad(nil)
	s.amount = u.numEntry(s.pad) // the drawer count's keypad types here too when it has focus
	s.amount.SetPlaceHolder(u.amountText(0))
	s.reason = u.entry(u.t("ui.shift.reason_hint"))
	s.cashIn = widget.NewButtonWithIcon(u.t("ui.shift.cash_in"), theme.ContentAddIcon(), func() { s.cashMove(1) })
	s.cashOut = widget.NewButtonWithIcon(u.t("ui.shift.cash_out"), theme.ContentRemoveIcon(), func() { s.cashMove(-1) })

	var rows []fyne.CanvasObject
	for _, d := range pos.Denominations {
		e := u.numEntry(s.pad)
		e.SetPlaceHolder("0")
		e.OnChanged = func(string) { s.addUp() }
		s.counts[d] = e
		l := u.boldLabel(u.v(u.money(d)))
		if u.rtl() {
			rows = append(rows, container.NewBorder(nil, nil, nil, l, e))
		} else {
			rows = append(rows, container.NewBorder(nil, nil, l, nil, e))
		}
	}
	s.pad.target = s.counts[pos.Denominations[0]] // the count first, not the cash move
	s.foreign = u.newForeignCount(s.pad, x, s.addUp)
	s.counted = u.boldLabel("")
	s.variance = u.boldLabel("")
	s.expectedL = u.label(u.t("ui.shift.expected", u.money(s.expected)))
	s.check = widget.NewButtonWithIcon(u.t("ui.shift.check"), theme.ConfirmIcon(), func() { s.checkCount(true) })
	s.check.Importance = widget.HighImportance
	s.recount = widget.NewButtonWithIcon(u.t("ui.shift.recount"), theme.ContentUndoIcon(), func() { s.checkCount(false) })
	s.close = widget.NewButtonWithIcon(u.t("ui.shift.close"), theme.LogoutIcon(), s.closeShift)
	s.close.Importance = widget.DangerImportance

	moves := container.NewVBox(
		u.heading(u.t("ui.shift.moves")),
		u.formRow(u.t("ui.shift.amount"), s.amount),
		u.formRow(u.t("ui.shift.reason"), s.reason),
		u.grid(2, s.cashIn, s.cashOut),
		u.artisansButton(), // artisans.go
		widget.NewSeparator(),
		u.heading(u.t("ui.shift.x_title")),
		s.report,
	)
	s.showReport(x)
	s.padBox = container.NewCenter(container.NewGridWrap(fyne.NewSize(300, s.pad.obj.MinSize().Height), s.pad.obj))
	count := container.NewVBox(
		u.heading(u.t("ui.shift.count")),
		u.wrapLabel(u.t("ui.shift.blind")),
		u.grid(2, rows...),
		s.padBox,
		s.counted,
		s.expectedL, s.variance,
		s.foreign.obj,
		u.grid(2, tall(s.check, 56), tall(s.recount, 56)),
		tall(s.close, 64),
	)
	s.countBox = count
	s.checkCount(false)
	return container.New(&splitLayout{rtl: u.rtl(), side: 560, frac: 0.5, portrait: 0.5, gap: 16},
		container.NewVScroll(moves), container.NewVScroll(count))
}

// counting reads the denomination entries; blanks count as zero.
func (s *shiftScreen) counting() (map[int]int, error) {
	out := map[int]int{}
	for d, e := range s.counts {
		t := strings.TrimSpace(e.Text)
		if t == "" {
			continue
		}
		n, err := strconv.Atoi(t)
		if err != nil || n < 0 {
			return nil, pos.Errorf("shift.count_invalid")
		}
		out[int(d)] = n
	}
	return out, nil
}

// addUp shows the drawer's total as counted, and, once checked, the
// difference from what it should hold.
func (s *shiftScreen) addUp() {
	u := s.u
	s.foreign.show(s.checked)
	c, err := s.counting()
	var total pos.Money
	if err == nil {
		total, err = pos.CountCash(c)
	}
	if err != nil {
		s.counted.SetText(u.t("ui.shift.count_invalid"))
		s.variance.SetText("")
		return
	}
	s.counted.SetText(u.t("ui.shift.counted", u.money(total)))
	if !s.checked {
		s.variance.SetText("")
		return
	}
	s.variance.SetText(u.t("ui.shift.variance", u.money(total-s.expected)))
	if total-s.expected < 0 {
		s.variance.Importance = widget.DangerImportance
	} else {
		s.variance.Importance = widget.SuccessImportance
	}
	s.variance.Refresh()
}

// checkCount reveals what the drawer should hold and the difference once
// the seller has counted (on true), or hides them again to recount.
func (s *shiftScreen) checkCount(on bool) {
	u := s.u
	if on {
		if _, err := s.counting(); err != nil {
			u.showErr(err)
			return
		}
		if _, err := s.foreign.read(); err != nil {
			u.showErr(err)
			return
		}
	}
	s.checked = on
	s.foreign.enable(!on)
	for _, e := range s.counts {
		if on {
			e.Disable()
		} else {
			e.Enable()
		}
	}
	if s.countBox != nil {
		defer s.countBox.Refresh() // rows come and go: lay the column out again
	}
	if on {
		s.padBox.Hide() // nothing more to type; the result comes up in view
		s.expectedL.Show()
		s.check.Disable()
		s.recount.Enable()
		s.close.Enable()
	} else {
		s.padBox.Show()
		s.expectedL.Hide()
		s.check.Enable()
		s.recount.Disable()
		s.close.Disable()
	}
	s.addUp()
}

// cashMove puts cash in (sign 1) or takes it out (sign -1; a manager must
// approve).
func (s *shiftScreen) cashMove(sign int64) {
	u := s.u
	m, err := pos.ParseMoney(s.amount.Text)
	if err != nil {
		u.showErr(err)
		return
	}
	if m <= 0 {
		u.showErr(pos.Errorf("money.invalid", s.amount.Text))
		return
	}
	reason := strings.TrimSpace(s.reason.Text)
	if reason == "" {
		u.info(u.t("ui.error.title"), u.t("ui.shift.need_reason"))
		return
	}
	commit := func(manager string) {
		doc, err := pos.CashMove(u.user.Name, u.st.OpenShift(), pos.Money(sign)*m, reason, manager, u.now())
		if err == nil {
			err = u.st.Commit(doc)
		}
		if err != nil {
			u.showErr(err)
			return
		}
		u.showShift()
	}
	if sign > 0 {
		commit("")
		return
	}
	u.managerFor(u.t("ui.pin.manager_title"), u.tl("ui.approve.cash_out", u.money(m), reason), func(mgr *pos.User) { commit(mgr.Name) })
}

// closeShift commits the count after a manager PIN and shows the Z report.
func (s *shiftScreen) closeShift() {
	u := s.u
	c, err := s.counting()
	if err != nil {
		u.showErr(err)
		return
	}
	foreign, err := s.foreign.read()
	if err != nil {
		u.showErr(err)
		return
	}
	counted, _ := pos.CountCash(c)
	u.managerFor(u.t("ui.shift.close_pin"), u.tl("ui.approve.close", u.money(counted), u.money(counted-s.expected)), func(mgr *pos.User) {
		id := u.st.OpenShift()
		doc, err := pos.CloseShiftForeign(u.user.Name, id, c, foreign, mgr.Name, u.now())
		if err == nil {
			err = u.st.Commit(doc)
		}
		if err != nil {
			u.showErr(err)
			return
		}
		u.showShift()
		if z, err := u.st.ShiftReport(id); err == nil {
			u.shift.lastZ = z // the screen shown again, without the count
			u.shift.showReport(z)
		}
	})
}

func (s *shiftScreen) showZ() {
	u := s.u
	rs, err := u.st.ZReports(strings.TrimSpace(s.zDate.Text))
	if err != nil {
		u.showErr(err)
		return
	}
	s.report.Objects = nil
	if len(rs) == 0 {
		s.report.Add(u.label(u.t("ui.shift.no_z")))
	}
	for _, r := range rs {
		s.report.Add(s.reportView(r))
	}
	s.report.Refresh()
}

func (s *shiftScreen) showReport(r *pos.Report) {
	v := s.reportView(r)
	if r.Kind != "Z" {
		// The X report of a running shift leaves out the expected cash:
		// the count at close is blind.
		v = s.reportViewBlind(r)
	}
	s.report.Objects = []fyne.CanvasObject{v}
	s.report.Refresh()
}

// reportView lays an X or Z report out as label/value rows.
func (s *shiftScreen) reportView(r *pos.Report) fyne.CanvasObject { return s.reportRows(r, false) }

func (s *shiftScreen) reportViewBlind(r *pos.Report) fyne.CanvasObject { return s.reportRows(r, true) }

func (s *shiftScreen) reportRows(r *pos.Report, blind bool) fyne.CanvasObject {
	u := s.u
	var rows []fyne.CanvasObject
	add := func(k string, v string) { // logical, ordered here
		val := u.boldLabel(u.v(v))
		rows = append(rows, u.label(u.v(k)), val)
	}
	title := u.tl("ui.report.x")
	if r.Kind == "Z" {
		title = u.tl("ui.report.z")
	}
	add(title, r.Opened.In(u.st.Location).Format("02/01/2006 15:04"))
	if r.Kind == "Z" {
		add(u.tl("ui.report.closed"), r.Closed.In(u.st.Location).Format("02/01/2006 15:04"))
	}
	add(u.tl("ui.report.sales"), u.tl("ui.report.count_amount", r.Sales, u.money(r.SalesTotal)))
	add(u.tl("ui.report.refunds"), u.tl("ui.report.count_amount", r.Refunds, u.money(r.RefundTotal)))
	add(u.tl("ui.report.net"), u.money(r.Net))
	add(u.tl("ui.report.haggled"), u.money(r.Haggled))
	add(u.tl("ui.report.discounts"), u.money(r.Discounts))
	for _, t := range r.ByTender {
		v := u.tl("ui.report.count_amount", t.Count, u.money(t.Amount))
		if t.Unverified != 0 {
			v += " · " + u.tl("ui.report.of_which_unverified", u.money(t.Unverified))
		}
		add(u.tl("ui.tender."+string(t.Kind)), v)
	}
	// Payments recorded "paid — to verify" are listed apart, as the
	// command-line Z report does: that money may never arrive.
	for _, x := range r.Unverified {
		add(u.tl("ui.report.to_verify"), u.tl("ui.report.unverified_row", x.Receipt, u.tl("ui.tender."+string(x.Kind)), u.money(x.Amount), x.Reference))
	}
	for _, x := range r.FromSlip {
		add(u.tl("ui.report.from_slip"), u.tl("ui.report.unverified_row", x.Receipt, u.tl("ui.tender."+string(x.Kind)), u.money(x.Amount), x.Reference))
	}
	for _, x := range r.RefusedAfter {
		add(u.tl("ui.report.refused_after"), u.tl("ui.report.unverified_row", x.Receipt, u.tl("ui.tender."+string(x.Kind)), u.money(x.Amount), x.Reference))
	}
	for _, t := range r.ByTax {
		add(u.tl("ui.report.tax", t.Rate.Percent()), u.money(t.Tax))
	}
	for _, c := range r.ByCategory {
		add(c.Name, u.money(c.Amount))
	}
	add(u.tl("ui.report.float"), u.money(r.Float))
	add(u.tl("ui.report.cash_in_out"), u.money(r.CashIn)+" / "+u.money(r.CashOut))
	if !blind {
		add(u.tl("ui.report.expected"), u.money(r.ExpectedCash))
	}
	if r.Kind == "Z" {
		add(u.tl("ui.report.counted"), u.money(r.Counted))
		add(u.tl("ui.report.variance"), u.money(r.Variance))
	}
	u.foreignReportRows(r, blind, add)
	add(u.tl("ui.report.grand"), u.money(r.GrandTotal))
	return u.grid(2, rows...)
}

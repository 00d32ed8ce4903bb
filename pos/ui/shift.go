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
	float             *widget.Entry
	open              *widget.Button
	amount, reason    *widget.Entry
	cashIn, cashOut   *widget.Button
	counts            map[pos.Money]*widget.Entry
	expected          pos.Money
	counted, variance *widget.Label
	close             *widget.Button
	report            *fyne.Container
	zDate             *widget.Entry
	lastZ             *pos.Report
}

func (u *UI) showShift() {
	if u.user == nil {
		u.showLogin()
		return
	}
	s := &shiftScreen{counts: map[pos.Money]*widget.Entry{}}
	u.shift = s
	s.report = container.NewVBox()
	var body fyne.CanvasObject
	if u.st.OpenShift() == "" {
		body = u.openShiftView()
	} else {
		body = u.runningShiftView()
	}
	u.frame(screenShift, body)
}

func (u *UI) openShiftView() fyne.CanvasObject {
	s := u.shift
	s.float = u.entry("0,00")
	s.float.OnSubmitted = func(string) { u.openShift() }
	s.open = widget.NewButtonWithIcon(u.t("ui.shift.open"), theme.ConfirmIcon(), u.openShift)
	s.open.Importance = widget.HighImportance
	s.zDate = u.entry("2006-01-02")
	zBtn := widget.NewButton(u.t("ui.shift.z_show"), u.showZ)
	left := container.NewVBox(
		u.heading(u.t("ui.shift.closed")),
		u.formRow(u.t("ui.shift.float"), s.float),
		tall(s.open, 64),
	)
	right := container.NewVBox(
		u.heading(u.t("ui.shift.z_title")),
		u.formRow(u.t("ui.shift.z_date"), s.zDate), zBtn,
		s.report,
	)
	return container.New(&splitLayout{rtl: u.rtl(), side: 520, frac: 0.5, portrait: 0.5, gap: 16},
		container.NewVScroll(container.NewPadded(left)), container.NewVScroll(right))
}

func (u *UI) openShift() {
	s := u.shift
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

func (u *UI) runningShiftView() fyne.CanvasObject {
	s := u.shift
	x, err := u.st.XReport()
	if err != nil {
		u.showErr(err)
		x = &pos.Report{}
	}
	s.expected = x.ExpectedCash
	s.amount = u.entry("0,00")
	s.reason = u.entry(u.t("ui.shift.reason_hint"))
	s.cashIn = widget.NewButtonWithIcon(u.t("ui.shift.cash_in"), theme.ContentAddIcon(), func() { u.cashMove(1) })
	s.cashOut = widget.NewButtonWithIcon(u.t("ui.shift.cash_out"), theme.ContentRemoveIcon(), func() { u.cashMove(-1) })

	var rows []fyne.CanvasObject
	for _, d := range pos.Denominations {
		e := u.entry("0")
		e.OnChanged = func(string) { u.recount() }
		s.counts[d] = e
		rows = append(rows, u.formRow(u.money(d), e))
	}
	s.counted = u.boldLabel("")
	s.variance = u.boldLabel("")
	s.close = widget.NewButtonWithIcon(u.t("ui.shift.close"), theme.LogoutIcon(), u.closeShift)
	s.close.Importance = widget.DangerImportance

	moves := container.NewVBox(
		u.heading(u.t("ui.shift.moves")),
		u.formRow(u.t("ui.shift.amount"), s.amount),
		u.formRow(u.t("ui.shift.reason"), s.reason),
		u.grid(2, s.cashIn, s.cashOut),
		widget.NewSeparator(),
		u.heading(u.t("ui.shift.x_title")),
		s.report,
	)
	u.showReport(x)
	count := container.NewVBox(
		u.heading(u.t("ui.shift.count")),
		u.grid(2, rows...),
		u.label(u.t("ui.shift.expected", u.money(s.expected))),
		s.counted, s.variance,
		tall(s.close, 64),
	)
	u.recount()
	return container.New(&splitLayout{rtl: u.rtl(), side: 560, frac: 0.5, portrait: 0.5, gap: 16},
		container.NewVScroll(moves), container.NewVScroll(count))
}

// counting reads the denomination entries; blanks count as zero.
func (u *UI) counting() (map[int]int, error) {
	out := map[int]int{}
	for d, e := range u.shift.counts {
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

func (u *UI) recount() {
	s := u.shift
	c, err := u.counting()
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
	s.variance.SetText(u.t("ui.shift.variance", u.money(total-s.expected)))
	if total-s.expected < 0 {
		s.variance.Importance = widget.DangerImportance
	} else {
		s.variance.Importance = widget.SuccessImportance
	}
	s.variance.Refresh()
}

// cashMove puts cash in (sign 1) or takes it out (sign -1; a manager must
// approve).
func (u *UI) cashMove(sign int64) {
	s := u.shift
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
	u.askPIN(u.t("ui.pin.manager_title"), pos.RoleManager, func(mgr *pos.User) { commit(mgr.Name) })
}

// closeShift commits the count after a manager PIN and shows the Z report.
func (u *UI) closeShift() {
	c, err := u.counting()
	if err != nil {
		u.showErr(err)
		return
	}
	u.askPIN(u.t("ui.shift.close_pin"), pos.RoleManager, func(mgr *pos.User) {
		id := u.st.OpenShift()
		doc, err := pos.CloseShift(u.user.Name, id, c, mgr.Name, u.now())
		if err == nil {
			err = u.st.Commit(doc)
		}
		if err != nil {
			u.showErr(err)
			return
		}
		u.showShift()
		if z, err := u.st.ShiftReport(id); err == nil {
			u.shift.lastZ = z
			u.showReport(z)
		}
	})
}

func (u *UI) showZ() {
	s := u.shift
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
		s.report.Add(u.reportView(r))
	}
	s.report.Refresh()
}

func (u *UI) showReport(r *pos.Report) {
	u.shift.report.Objects = []fyne.CanvasObject{u.reportView(r)}
	u.shift.report.Refresh()
}

// reportView lays an X or Z report out as label/value rows.
func (u *UI) reportView(r *pos.Report) fyne.CanvasObject {
	var rows []fyne.CanvasObject
	add := func(k string, v string) {
		val := u.boldLabel(v)
		rows = append(rows, u.label(k), val)
	}
	title := u.t("ui.report.x")
	if r.Kind == "Z" {
		title = u.t("ui.report.z")
	}
	add(title, r.Opened.In(u.st.Location).Format("02/01/2006 15:04"))
	if r.Kind == "Z" {
		add(u.t("ui.report.closed"), r.Closed.In(u.st.Location).Format("02/01/2006 15:04"))
	}
	add(u.t("ui.report.sales"), u.t("ui.report.count_amount", r.Sales, u.money(r.SalesTotal)))
	add(u.t("ui.report.refunds"), u.t("ui.report.count_amount", r.Refunds, u.money(r.RefundTotal)))
	add(u.t("ui.report.net"), u.money(r.Net))
	add(u.t("ui.report.haggled"), u.money(r.Haggled))
	add(u.t("ui.report.discounts"), u.money(r.Discounts))
	for _, t := range r.ByTender {
		add(u.t("ui.tender."+string(t.Kind)), u.t("ui.report.count_amount", t.Count, u.money(t.Amount)))
	}
	for _, t := range r.ByTax {
		add(u.t("ui.report.tax", t.Rate.Percent()), u.money(t.Tax))
	}
	for _, c := range r.ByCategory {
		add(c.Name, u.money(c.Amount))
	}
	add(u.t("ui.report.float"), u.money(r.Float))
	add(u.t("ui.report.cash_in_out"), u.money(r.CashIn)+" / "+u.money(r.CashOut))
	add(u.t("ui.report.expected"), u.money(r.ExpectedCash))
	if r.Kind == "Z" {
		add(u.t("ui.report.counted"), u.money(r.Counted))
		add(u.t("ui.report.variance"), u.money(r.Variance))
	}
	add(u.t("ui.report.grand"), u.money(r.GrandTotal))
	return u.grid(2, rows...)
}

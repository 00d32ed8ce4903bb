package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hanout/pos"
)

// Tourists pay in euros and dollars: the pay screen's banknote keypad in
// that currency, the count of each currency's notes at the close, the
// rates in Settings and the report's rows per currency.

// isCash reports whether a tender is notes in the drawer (dirhams, euros,
// dollars): they go back across the counter if the sale is dropped.
func isCash(k pos.TenderKind) bool { return k == pos.TenderCash || pos.IsForeign(k) }

// foreignText details a foreign tender for the pay screen (logical):
// "50,00 EUR × 10,8523 = 542,62 DH", and the change in dirhams.
func (u *UI) foreignText(t pos.Tender) string {
	c, ok := pos.CurrencyOf(t.Kind)
	if !ok {
		return ""
	}
	s := u.tl("currency.pay.detail", c.Format(t.Foreign, u.lang), pos.FormatRate(t.Rate, u.lang), u.money(t.Given))
	if t.Change != 0 {
		s += " · " + u.tl("currency.pad.change", u.money(t.Change))
	}
	return s
}

// foreignTenders are the pay screen's euro and dollar buttons. A currency
// without a rate cannot be taken: its button is off and the line under it
// says a manager sets the rate in Settings.
type foreignTenders struct {
	u       *UI
	rates   pos.Rates
	buttons map[string]*widget.Button
	why     *paraLabel
	obj     fyne.CanvasObject
	pad     *foreignPad // open keypad, if any
}

// newForeignTenders builds the buttons; pick opens the keypad of a
// currency, due says what is left to pay then, add takes the tender.
func (u *UI) newForeignTenders(due func() pos.Money, add func(pos.Tender)) *foreignTenders {
	ft := &foreignTenders{u: u, buttons: map[string]*widget.Button{}}
	ft.rates, _ = u.st.Rates()
	ft.why = u.wrapLabel("")
	ft.why.SizeName = theme.SizeNameCaptionText
	var btns []fyne.CanvasObject
	var missing []string
	for _, c := range pos.Currencies {
		c := c
		rate := ft.rates.Of(c.Code)
		b := widget.NewButton(u.t("currency.pay."+strings.ToLower(c.Code), pos.FormatRate(rate, u.lang)), nil)
		if rate <= 0 {
			b.Disable()
			missing = append(missing, c.Code)
		} else {
			b.OnTapped = func() {
				if due() <= 0 {
					return
				}
				ft.pad = u.openForeignPad(c, rate, due(), func(t pos.Tender) { ft.pad = nil; add(t) }, func() { ft.pad = nil })
			}
		}
		ft.buttons[c.Code] = b
		btns = append(btns, tall(b, 64))
	}
	if len(missing) > 0 {
		ft.why.SetText(u.t("currency.pay.no_rate", strings.Join(missing, ", ")))
	} else {
		ft.why.Hide()
	}
	ft.obj = container.NewVBox(u.grid(len(btns), btns...), ft.why)
	return ft
}

// enable turns the buttons of currencies with a rate on or off (off while
// change waits to be confirmed).
func (ft *foreignTenders) enable(on bool) {
	if ft == nil {
		return
	}
	for code, b := range ft.buttons {
		if on && ft.rates.Of(code) > 0 {
			b.Enable()
		} else {
			b.Disable()
		}
	}
}

// foreignPad is the banknote keypad of one foreign currency: each tap adds
// a note; it shows what the notes are worth in dirhams at the rate, and
// the change in dirhams (or what is left to pay another way). OK takes the
// tender; the last note is taken back in one tap.
type foreignPad struct {
	u     *UI
	cur   pos.Currency
	rate  int64
	due   pos.Money
	notes []pos.Money // tapped, in order

	d             *dialog.CustomDialog
	total         *canvas.Text // the notes, in their currency
	value, change *widget.Label
	msg           *paraLabel
	keys          map[pos.Money]*widget.Button
	ok, undo      *widget.Button
	cancel        *widget.Button
}

func (u *UI) openForeignPad(c pos.Currency, rate int64, due pos.Money, done func(pos.Tender), closed func()) *foreignPad {
	fp := &foreignPad{u: u, cur: c, rate: rate, due: due, keys: map[pos.Money]*widget.Button{}}
	fp.total = bigText("", 36)
	u.readingSide(fp.total)
	fp.value = u.boldLabel("")
	fp.change = u.boldLabel("")
	fp.msg = u.wrapLabel("")
	fp.msg.Importance = widget.DangerImportance
	var keys []fyne.CanvasObject
	for i := len(c.Notes) - 1; i >= 0; i-- { // smallest first, as on a phone's keypad: 1-2-3
		n := c.Notes[i]
		b := widget.NewButton(u.v(strconv.FormatInt(int64(n/100), 10)+" "+c.Code), func() { fp.notes = append(fp.notes, n); fp.refresh() })
		fp.keys[n] = b
		keys = append(keys, tall(b, 64))
	}
	fp.undo = widget.NewButtonWithIcon(u.t("currency.pad.undo"), theme.ContentUndoIcon(), func() {
		if len(fp.notes) > 0 {
			fp.notes = fp.notes[:len(fp.notes)-1]
		}
		fp.refresh()
	})
	fp.ok = widget.NewButtonWithIcon(u.t("ui.ok"), theme.ConfirmIcon(), func() {
		t, err := pos.ForeignTender(c.Kind, fp.sum(), rate, fp.due)
		if err != nil {
			fp.msg.SetText(u.tErr(err))
			return
		}
		fp.d.Hide()
		done(t)
	})
	fp.ok.Importance = widget.HighImportance
	fp.cancel = widget.NewButton(u.t("ui.cancel"), func() { fp.d.Hide(); closed() })
	body := container.NewVBox(
		u.label(u.t("currency.pad.rate", c.Code, pos.FormatRate(rate, u.lang))),
		u.label(u.t("currency.pad.due", u.money(due))),
		fp.total, fp.value, fp.change, fp.msg,
		u.grid(4, keys...),
		u.grid(3, tall(fp.undo, 56), tall(fp.cancel, 56), tall(fp.ok, 56)),
	)
	fp.d = dialog.NewCustomWithoutButtons(u.t("currency.pad.title", c.Code), body, u.win)
	fp.d.Resize(fyne.NewSize(min(560, u.win.Canvas().Size().Width-20), 0))
	fp.refresh()
	fp.d.Show()
	return fp
}

func (fp *foreignPad) sum() pos.Money {
	var m pos.Money
	for _, n := range fp.notes {
		m += n
	}
	return m
}

func (fp *foreignPad) refresh() {
	u := fp.u
	sum := fp.sum()
	fp.total.Text = u.v(fp.cur.Format(sum, u.lang))
	fp.total.Refresh()
	fp.msg.SetText("")
	value, err := pos.ToDirhams(sum, fp.rate)
	if err != nil {
		fp.msg.SetText(u.tErr(err))
		fp.ok.Disable()
		return
	}
	fp.value.SetText(u.t("currency.pad.value", u.money(value)))
	switch {
	case value > fp.due:
		fp.change.SetText(u.t("currency.pad.change", u.money(value-fp.due)))
		fp.change.Importance = widget.WarningImportance
	case value > 0:
		fp.change.SetText(u.t("currency.pad.left", u.money(fp.due-value)))
		fp.change.Importance = widget.MediumImportance
	default:
		fp.change.SetText("")
	}
	fp.change.Refresh()
	if sum > 0 {
		fp.ok.Enable()
		fp.undo.Enable()
	} else {
		fp.ok.Disable()
		fp.undo.Disable()
	}
}

// foreignCount is the close's count of each foreign currency's notes,
// beside the dirhams: a currency is counted when the shift took some or
// the till takes it (a rate is set). Blind like the dirham count: what
// should be there shows once the seller taps check.
type foreignCount struct {
	u        *UI
	expected map[string]pos.Money // the currency's cents, from the X report
	counts   map[string]map[pos.Money]*numEntry
	sums     map[string]*widget.Label
	obj      *fyne.Container
}

func (u *UI) newForeignCount(pad *numPad, x *pos.Report, changed func()) *foreignCount {
	fc := &foreignCount{u: u, expected: map[string]pos.Money{}, counts: map[string]map[pos.Money]*numEntry{},
		sums: map[string]*widget.Label{}, obj: container.NewVBox()}
	for _, f := range x.Foreign {
		fc.expected[f.Currency] = f.Expected
	}
	rates, _ := u.st.Rates()
	for _, c := range pos.Currencies {
		if _, took := fc.expected[c.Code]; !took && rates.Of(c.Code) <= 0 {
			continue
		}
		fc.counts[c.Code] = map[pos.Money]*numEntry{}
		var rows []fyne.CanvasObject
		for _, n := range c.Notes {
			e := u.numEntry(pad)
			e.SetPlaceHolder("0")
			e.OnChanged = func(string) { changed() }
			fc.counts[c.Code][n] = e
			l := u.boldLabel(u.v(strconv.FormatInt(int64(n/100), 10) + " " + c.Code))
			if u.rtl() {
				rows = append(rows, container.NewBorder(nil, nil, nil, l, e))
			} else {
				rows = append(rows, container.NewBorder(nil, nil, l, nil, e))
			}
		}
		fc.sums[c.Code] = u.boldLabel("")
		fc.obj.Add(u.heading(u.t("currency.shift.count", c.Code)))
		fc.obj.Add(u.grid(2, rows...))
		fc.obj.Add(fc.sums[c.Code])
	}
	if len(fc.counts) == 0 {
		fc.obj.Hide()
	}
	return fc
}

// read is the count per currency (note in cents -> pieces); blanks count
// as zero.
func (fc *foreignCount) read() (map[string]map[int]int, error) {
	if fc == nil {
		return nil, nil
	}
	out := map[string]map[int]int{}
	for code, es := range fc.counts {
		for n, e := range es {
			t := strings.TrimSpace(e.Text)
			if t == "" {
				continue
			}
			k, err := strconv.Atoi(t)
			if err != nil || k < 0 || k > pos.MaxQty {
				return nil, pos.Errorf("shift.count_invalid")
			}
			if out[code] == nil {
				out[code] = map[int]int{}
			}
			out[code][int(n)] = k
		}
	}
	return out, nil
}

// show writes each currency's total, and once checked what was expected
// and the difference.
func (fc *foreignCount) show(checked bool) {
	if fc == nil {
		return
	}
	u := fc.u
	counted, err := fc.read()
	for code, l := range fc.sums {
		c, _ := pos.CurrencyByCode(code)
		if err != nil {
			l.SetText(u.t("ui.shift.count_invalid"))
			continue
		}
		m, _ := pos.CountForeign(code, counted[code])
		s := u.tl("currency.shift.counted", c.Format(m, u.lang))
		l.Importance = widget.MediumImportance
		if checked {
			exp := fc.expected[code]
			s += " · " + u.tl("currency.shift.expected", c.Format(exp, u.lang)) + " · " + u.tl("currency.shift.variance", c.Format(m-exp, u.lang))
			l.Importance = widget.SuccessImportance
			if m < exp {
				l.Importance = widget.DangerImportance
			}
		}
		l.SetText(u.v(s))
	}
}

// enable locks the counts once checked, and opens them to recount.
func (fc *foreignCount) enable(on bool) {
	if fc == nil {
		return
	}
	for _, es := range fc.counts {
		for _, e := range es {
			if on {
				e.Enable()
			} else {
				e.Disable()
			}
		}
	}
}

// foreignReportRows adds the report's rows per currency: the notes taken,
// their dirham value, what should be in the drawer and, at the close, what
// was counted. blind leaves out what should be there (the X report of a
// running shift).
func (u *UI) foreignReportRows(r *pos.Report, blind bool, add func(k, v string)) {
	if r.ForeignChange != 0 {
		add(u.tl("currency.report.change"), u.money(-r.ForeignChange))
	}
	for _, f := range r.Foreign {
		c, ok := pos.CurrencyByCode(f.Currency)
		if !ok {
			continue
		}
		add(u.tl("currency.report.notes", c.Code, f.Count), u.tl("currency.ui.value", u.money(f.Value)))
		if !blind {
			add(u.tl("currency.ui.expected", c.Code), c.Format(f.Expected, u.lang))
		}
		if r.Kind == "Z" {
			add(u.tl("currency.ui.counted", c.Code), c.Format(f.Counted, u.lang))
			add(u.tl("currency.ui.variance", c.Code), c.Format(f.Variance, u.lang))
		}
	}
}

// rateFields are Settings' exchange rates, one field per currency, in
// dirhams for one unit with up to four decimals (10,8523).
type rateFields struct {
	u      *UI
	fields map[string]*numEntry
}

func (u *UI) newRateFields() *rateFields {
	rf := &rateFields{u: u, fields: map[string]*numEntry{}}
	rates, _ := u.st.Rates()
	for _, c := range pos.Currencies {
		e := u.numEntry(nil)
		e.SetPlaceHolder(pos.FormatRate(108523, u.lang))
		if r := rates.Of(c.Code); r != 0 {
			e.SetText(pos.FormatRate(r, u.lang))
		}
		rf.fields[c.Code] = e
	}
	return rf
}

// obj is the form's rows, each field with its keypad, and what the rates
// are for.
func (rf *rateFields) obj() fyne.CanvasObject {
	u := rf.u
	out := container.NewVBox()
	for _, c := range pos.Currencies {
		label := u.t("ui.settings.rate_" + strings.ToLower(c.Code))
		out.Add(u.formRow(label, u.keypadField(rf.fields[c.Code], label)))
	}
	help := u.wrapLabel(u.t("currency.settings.help"))
	help.SizeName = theme.SizeNameCaptionText
	out.Add(help)
	return out
}

// read parses the fields; an empty field is no rate (the currency is not
// taken).
func (rf *rateFields) read() (pos.Rates, error) {
	var r pos.Rates
	for _, c := range pos.Currencies {
		t := strings.TrimSpace(rf.fields[c.Code].Text)
		if t == "" {
			continue
		}
		v, err := pos.ParseRate(t)
		if err != nil {
			return r, err
		}
		switch c.Code {
		case "EUR":
			r.EUR = v
		case "USD":
			r.USD = v
		}
	}
	return r, r.Validate()
}

// indicative is a rate as the shop's indicative rate under the receipt's
// total (centimes for one unit), rounded half away from zero.
func indicative(rate int64) pos.Money {
	return pos.Money((rate + pos.RateScale/200) / (pos.RateScale / 100))
}

// euroShot opens the euro keypad with notes worth about half of what is
// left, saves it ("pay-eur"), takes them and saves the pay screen with
// the euros among the tenders ("pay-eur-taken"); the rest is paid in
// dirhams by the screenshots that follow. Nothing when euros are not
// taken.
func (p *payScreen) euroShot(save func(name string) error) error {
	ft := p.foreign
	if ft == nil || ft.rates.EUR <= 0 || ft.buttons["EUR"].Disabled() {
		return nil
	}
	rate := ft.rates.EUR
	ft.buttons["EUR"].OnTapped()
	if ft.pad == nil {
		return nil
	}
	left := p.remaining()
	sum := pos.Money(0)
	for _, n := range []pos.Money{10000, 5000, 2000, 1000, 500} {
		for {
			v, err := pos.ToDirhams(sum+n, rate)
			if err != nil || v > left/2 {
				break
			}
			sum += n
			ft.pad.keys[n].OnTapped()
		}
	}
	if sum == 0 {
		ft.pad.keys[500].OnTapped()
	}
	if err := save("pay-eur"); err != nil {
		ft.pad.cancel.OnTapped()
		return err
	}
	ft.pad.ok.OnTapped()
	return save("pay-eur-taken")
}

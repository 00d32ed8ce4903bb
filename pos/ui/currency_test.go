package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"hanout/pos"
	"hanout/pos/bidi"
)

// The euro keypad: notes tapped in euros, their dirham value at the rate,
// the change in dirhams; a note tapped by mistake is taken back; OK gives
// the tender. A currency without a rate cannot be taken and says why.
func TestForeignPadEurosChangeInDirhams(t *testing.T) {
	tl := newTill(t)
	tl.loginAs(t, "m1", managerPIN)
	if err := tl.st.PutRates(pos.Rates{EUR: 108523}); err != nil {
		t.Fatal(err)
	}
	var got []pos.Tender
	ft := tl.newForeignTenders(func() pos.Money { return 50000 }, func(t pos.Tender) { got = append(got, t) })
	if !ft.buttons["USD"].Disabled() || ft.buttons["EUR"].Disabled() || !ft.why.Visible() || !strings.Contains(ft.why.Text, "USD") {
		t.Fatalf("USD without a rate: disabled %v, why %q", ft.buttons["USD"].Disabled(), ft.why.Text)
	}
	if !strings.Contains(ft.buttons["EUR"].Text, "10,8523") {
		t.Fatalf("EUR button %q", ft.buttons["EUR"].Text)
	}
	test.Tap(ft.buttons["EUR"])
	fp := ft.pad
	if fp == nil || !fp.ok.Disabled() {
		t.Fatal("no keypad, or OK before any note")
	}
	test.Tap(fp.keys[2000])
	if !strings.Contains(fp.change.Text, "Reste") || !strings.Contains(fp.change.Text, "282,95") { // 500 - 217.05
		t.Fatalf("left %q", fp.change.Text)
	}
	test.Tap(fp.keys[5000])
	test.Tap(fp.keys[50000]) // a 500 € note by mistake
	test.Tap(fp.undo)
	if fp.total.Text != "70,00 EUR" || !strings.Contains(fp.value.Text, "759,66") { // 70 × 10.8523 = 759.661
		t.Fatalf("total %q value %q", fp.total.Text, fp.value.Text)
	}
	if !strings.Contains(fp.change.Text, "Rendu en dirhams") || !strings.Contains(fp.change.Text, "259,66") {
		t.Fatalf("change %q", fp.change.Text)
	}
	test.Tap(fp.ok)
	if len(got) != 1 || got[0] != (pos.Tender{Kind: pos.TenderCashEUR, Amount: 50000, Given: 75966, Change: 25966,
		Status: pos.StatusApproved, Currency: "EUR", Foreign: 7000, Rate: 108523}) {
		t.Fatalf("tender %+v", got)
	}
	if ft.pad != nil {
		t.Fatal("keypad still held")
	}
	if s := tl.foreignText(got[0]); !strings.Contains(s, "70,00 EUR × 10,8523 = 759,66") || !strings.Contains(s, "259,66") {
		t.Fatalf("tender text %q", s)
	}
}

// In Arabic the keypad's lines read right to left through the till's
// bidi helpers: the logical text is the Arabic message with its amounts.
func TestForeignPadArabic(t *testing.T) {
	tl := newTill(t)
	test.Tap(tl.login.langs[pos.AR])
	tl.loginAs(t, "m1", managerPIN)
	if err := tl.st.PutRates(pos.Rates{EUR: 108523, USD: 99870}); err != nil {
		t.Fatal(err)
	}
	ft := tl.newForeignTenders(func() pos.Money { return 10000 }, func(pos.Tender) {})
	if ft.why.Visible() {
		t.Fatal("both rates set, yet a reason shows")
	}
	test.Tap(ft.buttons["USD"])
	test.Tap(ft.pad.keys[2000])
	logical := bidi.Logical(ft.pad.change.Text)
	if !strings.Contains(logical, "الباقي بالدرهم") || !strings.Contains(logical, "99,74") { // 20 $ = 199.74, due 100
		t.Fatalf("change %q (logical %q)", ft.pad.change.Text, logical)
	}
	if ft.pad.change.Text == logical {
		t.Fatalf("Arabic line left in logical order: %q", logical)
	}
}

// Settings' rates: four decimals, an empty field is no rate, a wrong one
// is refused with its message.
func TestRateFields(t *testing.T) {
	tl := newTill(t)
	tl.loginAs(t, "m1", managerPIN)
	rf := tl.newRateFields()
	if rf.fields["EUR"].Text != "10,8500" || rf.fields["USD"].Text != "10,0000" { // the shop's indicative rates until set
		t.Fatalf("fields %q %q", rf.fields["EUR"].Text, rf.fields["USD"].Text)
	}
	rf.fields["EUR"].SetText("10,8523")
	rf.fields["USD"].SetText("")
	if r, err := rf.read(); err != nil || r != (pos.Rates{EUR: 108523}) {
		t.Fatalf("read %+v %v", r, err)
	}
	rf.fields["USD"].SetText("9,98705")
	if _, err := rf.read(); pos.KeyOf(err) != "currency.rate_invalid" {
		t.Fatalf("five decimals: %v", err)
	}
	if indicative(108523) != 1085 || indicative(108550) != 1086 || indicative(99870) != 999 {
		t.Fatalf("indicative %d %d %d", indicative(108523), indicative(108550), indicative(99870))
	}
}

// At the counter: a tourist pays a 250 DH tajine with 20 € and a 50 DH
// note. The euros are cash (Back and "Undo cash" hand them back); the
// change is in dirhams, confirmed with one tap; the sale keeps the rate.
func TestPayPartInEurosRestInDirhams(t *testing.T) {
	tl := newTill(t)
	if err := tl.st.PutRates(pos.Rates{EUR: 108523, USD: 99870}); err != nil {
		t.Fatal(err)
	}
	tl.ringTajine(t)
	p := tl.pay
	test.Tap(p.foreign.buttons["EUR"])
	test.Tap(p.foreign.pad.keys[2000])
	test.Tap(p.foreign.pad.ok)
	if p.remaining() != 25000-21705 || p.back.Disabled() || p.undo.Disabled() {
		t.Fatalf("left %d, back off %v, undo off %v", p.remaining(), p.back.Disabled(), p.undo.Disabled())
	}
	if !strings.Contains(p.list.Text, "20,00 EUR × 10,8523 = 217,05") {
		t.Fatalf("tenders listed %q", p.list.Text)
	}
	test.Tap(p.undo) // the customer takes the note back
	if p.remaining() != 25000 || len(p.tenders) != 0 {
		t.Fatalf("undo left %d, tenders %+v", p.remaining(), p.tenders)
	}
	test.Tap(p.foreign.buttons["EUR"])
	test.Tap(p.foreign.pad.keys[2000])
	test.Tap(p.foreign.pad.ok)
	test.Tap(p.quick[5000])
	if p.done != nil || !p.confirm.Visible() || !strings.Contains(p.confirm.Text, "17,05") {
		t.Fatalf("confirm %q visible %v", p.confirm.Text, p.confirm.Visible())
	}
	if !p.foreign.buttons["EUR"].Disabled() {
		t.Fatal("euros still taken while change waits")
	}
	test.Tap(p.confirm)
	if p.done == nil {
		t.Fatal("not committed")
	}
	d := stored(t, tl, p.done.Receipt)
	if len(d.Tenders) != 2 || d.Tenders[0] != (pos.Tender{Kind: pos.TenderCashEUR, Amount: 21705, Given: 21705, Status: pos.StatusApproved,
		Currency: "EUR", Foreign: 2000, Rate: 108523}) || d.Tenders[1].Amount != 3295 || d.Tenders[1].Change != 1705 {
		t.Fatalf("tenders %+v", d.Tenders)
	}
}

// All in dollars with change: the change is in dirhams and shows on the
// confirm button and the sale-done screen; the shift's X report expects
// the dollars apart and the dirhams net of the change.
func TestPayAllInDollarsChangeInDirhams(t *testing.T) {
	tl := newTill(t)
	if err := tl.st.PutRates(pos.Rates{USD: 99870}); err != nil {
		t.Fatal(err)
	}
	tl.ringTajine(t)
	p := tl.pay
	if !p.foreign.buttons["EUR"].Disabled() || !p.foreign.why.Visible() {
		t.Fatal("euros taken without a rate")
	}
	test.Tap(p.foreign.buttons["USD"])
	for _, n := range []pos.Money{2000, 500, 200} { // 27 $ = 269.65 DH
		test.Tap(p.foreign.pad.keys[n])
	}
	test.Tap(p.foreign.pad.ok)
	if !p.confirm.Visible() || !strings.Contains(p.confirm.Text, "19,65") {
		t.Fatalf("confirm %q", p.confirm.Text)
	}
	test.Tap(p.confirm)
	if p.done == nil || pos.Change(p.done.Tenders) != 1965 {
		t.Fatalf("done %+v", p.done)
	}
	x, err := tl.st.XReport()
	if err != nil {
		t.Fatal(err)
	}
	if x.ExpectedCash != 20000-1965 || len(x.Foreign) != 1 || x.Foreign[0].Expected != 2700 {
		t.Fatalf("X: expected %d foreign %+v", x.ExpectedCash, x.Foreign)
	}
}

// The close counts each currency's notes: blind until check, then
// expected and the variance in that currency; the close document keeps
// the count per currency and the Z report on screen shows it.
func TestCloseCountsEurosApart(t *testing.T) {
	tl := newTill(t)
	if err := tl.st.PutRates(pos.Rates{EUR: 108523}); err != nil {
		t.Fatal(err)
	}
	tl.ringTajine(t) // float 200
	p := tl.pay
	test.Tap(p.foreign.buttons["EUR"])
	test.Tap(p.foreign.pad.keys[2000])
	test.Tap(p.foreign.pad.keys[500])
	test.Tap(p.foreign.pad.ok) // 25 € = 271.31, change 21.31
	test.Tap(p.confirm)
	if p.done == nil {
		t.Fatal("not committed")
	}
	test.Tap(navButton(t, tl.UI, "ui.nav.shift"))
	s := tl.shift
	if s.expected != 20000-2131 || s.foreign == nil || s.foreign.counts["EUR"] == nil || s.foreign.counts["USD"] != nil {
		t.Fatalf("expected %d, foreign %+v", s.expected, s.foreign)
	}
	s.counts[10000].SetText("1")
	s.counts[5000].SetText("1")
	s.counts[2000].SetText("1")
	s.counts[500].SetText("1")
	s.counts[200].SetText("1")
	s.counts[50].SetText("1")
	s.counts[20].SetText("1") // 177.70 DH counted against 178.69 expected
	test.Tap(s.foreign.counts["EUR"][2000])
	s.pad.tap("1")
	if txt := s.foreign.sums["EUR"].Text; !strings.Contains(txt, "20,00 EUR") || strings.Contains(txt, "25,00") {
		t.Fatalf("blind count shows %q", txt)
	}
	test.Tap(s.check)
	if txt := s.foreign.sums["EUR"].Text; !strings.Contains(txt, "25,00 EUR") || !strings.Contains(txt, "-5,00 EUR") {
		t.Fatalf("checked count shows %q", txt)
	}
	if !s.foreign.counts["EUR"][2000].Disabled() {
		t.Fatal("euro count still editable once checked")
	}
	test.Tap(s.close)
	tl.typePIN(t, managerPIN)
	z := tl.shift.lastZ
	if tl.st.OpenShift() != "" || z == nil || len(z.Foreign) != 1 || z.Foreign[0].Counted != 2000 || z.Foreign[0].Variance != -500 {
		t.Fatalf("Z %+v", z)
	}
	docs, _ := tl.st.Shift(z.Shift)
	if cl := docs[len(docs)-1]; cl.Kind != pos.KindShiftClose || cl.CountedForeign["EUR"][2000] != 1 {
		t.Fatalf("close %+v", cl)
	}
	var screen strings.Builder
	walk(tl.win.Content(), func(o fyne.CanvasObject) {
		if text, ok := labelText(o); ok {
			screen.WriteString(text + "\n")
		}
	})
	for _, want := range []string{"Billets EUR (1)", "EUR comptés", "-5,00 EUR", "Rendu en dirhams sur devises"} {
		if !strings.Contains(screen.String(), want) {
			t.Errorf("Z on screen lacks %q:\n%s", want, screen.String())
		}
	}
}

// A manager sets the rates in Settings: four decimals, journaled as a
// chained event under her name; the receipt's indicative line follows;
// the pay screen takes the notes at the new rate. A wrong rate is refused
// with its message and nothing is saved.
func TestSettingsSetRates(t *testing.T) {
	tl := newTill(t)
	tl.loginAs(t, "m1", managerPIN)
	test.Tap(navButton(t, tl.UI, "ui.nav.settings"))
	s := tl.settings
	s.rateEUR.SetText("10,8523")
	s.rateUSD.SetText("")
	test.Tap(s.save)
	tl.closeDialogs()
	if r, _ := tl.st.Rates(); r != (pos.Rates{EUR: 108523}) {
		t.Fatalf("rates %+v", r)
	}
	if tl.shop.RateEUR != 1085 || tl.shop.RateUSD != 0 {
		t.Fatalf("indicative %d %d", tl.shop.RateEUR, tl.shop.RateUSD)
	}
	evs, _ := tl.st.Events("", "")
	var ev *pos.Document
	for _, d := range evs {
		if d.Event.Key == "rates" {
			ev = d
		}
	}
	if ev == nil || ev.Cashier != "Fatima" || ev.Event.After != `{"eur":108523}` {
		t.Fatalf("rates event %+v", ev)
	}
	s.rateUSD.SetText("abc")
	test.Tap(s.save)
	if txt := tl.overlayText(); !strings.Contains(txt, "Taux de change invalide") || !strings.Contains(txt, "abc") {
		t.Fatalf("error shown %q", txt)
	}
	tl.closeDialogs()
	if r, _ := tl.st.Rates(); r != (pos.Rates{EUR: 108523}) {
		t.Fatalf("a wrong rate changed the rates: %+v", r)
	}
	// Back in Settings the field shows the rate as saved.
	test.Tap(navButton(t, tl.UI, "ui.nav.settings"))
	if tl.settings.rateEUR.Text != "10,8523" || tl.settings.rateUSD.Text != "" {
		t.Fatalf("fields %q %q", tl.settings.rateEUR.Text, tl.settings.rateUSD.Text)
	}
}

package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"hanout/pos"
)

// screenTexts is every visible label's text on the window, in order.
func screenTexts(u *UI) []string {
	var out []string
	walk(u.win.Content(), func(o fyne.CanvasObject) {
		if s, ok := labelText(o); ok {
			out = append(out, s)
		}
	})
	return out
}

// On the artisans screen a manager adds an artisan with a commission,
// sees the period's report from the sales, and records a cash payout
// with a manager's PIN: the payout is a document and the shift's
// expected cash falls by it. A payout the till would refuse is refused
// before any PIN is asked.
func TestArtisansScreenAddReportAndPayout(t *testing.T) {
	tl := newTill(t)
	tl.loginAs(t, "c1", cashierPIN)
	tl.openShift(t)
	s := tl.showArtisans()
	test.Type(s.name, "Fatima Zahra")
	test.Type(s.commission, "15")
	test.Tap(s.save)
	as, err := tl.st.Artisans()
	if err != nil || len(as) != 1 || as[0].Commission != 1500 || as[0].Name != "Fatima Zahra" {
		t.Fatalf("%+v %v", as, err)
	}
	// A piece of hers sells.
	p, _ := tl.st.Product("TAJ-1")
	p.Artisan = as[0].ID
	if err := tl.st.PutProduct(p); err != nil {
		t.Fatal(err)
	}
	var tk pos.Ticket
	tk.Add(p, 2)
	total, _ := tk.Compute()
	cash, _ := pos.CashTender(total, total)
	sale, err := tk.Sale([]pos.Tender{cash}, "Youssef", tl.st.OpenShift(), tl.now())
	if err != nil {
		t.Fatal(err)
	}
	if err := tl.st.Commit(sale); err != nil {
		t.Fatal(err)
	}
	s.from.SetText(sale.Time.In(tl.st.Location).Format("2006-01-02"))
	s.to.SetText(sale.Time.In(tl.st.Location).Format("2006-01-02"))
	test.Tap(s.show)
	texts := strings.Join(screenTexts(tl.UI), "|")
	for _, want := range []string{"Fatima Zahra · 15 %", "|2|", tl.figure(50000), tl.figure(7500), tl.figure(42500)} {
		if !strings.Contains(texts, want) {
			t.Errorf("report lacks %q: %s", want, texts)
		}
	}
	before, _ := tl.st.XReport()

	// Too much for the drawer's rules? No: a zero amount is refused
	// before the PIN.
	s.payTo.SetSelectedIndex(0)
	s.how.SetSelected(tl.t("artisans.payout_cash"))
	test.Type(s.amount, "0")
	test.Tap(s.pay)
	if tl.pin != nil {
		t.Fatal("a PIN was asked for a payout the till refuses")
	}
	s.amount.SetText("")
	test.Type(s.amount, "120")
	test.Tap(s.pay)
	tl.typePIN(t, cashierPIN) // a cashier's PIN does not approve it
	if tl.pin == nil {
		t.Fatal("a cashier's PIN approved a payout")
	}
	tl.typePIN(t, managerPIN)
	if tl.pin != nil {
		t.Fatal("the manager's PIN was not taken")
	}
	after, _ := tl.st.XReport()
	if after.ExpectedCash != before.ExpectedCash-12000 || after.Payouts != -12000 {
		t.Fatalf("expected cash %v -> %v", before.ExpectedCash, after.ExpectedCash)
	}
	r := s.last
	if len(r.Rows) != 1 || r.Rows[0].Paid != 12000 || r.Rows[0].Balance != 42500-12000 {
		t.Fatalf("report after the payout %+v", r.Rows)
	}
	var payout *pos.Document
	tl.st.Each(0, func(d *pos.Document) error {
		if d.Kind == pos.KindPayout {
			payout = d
		}
		return nil
	})
	if payout == nil || payout.ApprovedBy != "Fatima" || payout.Cashier != "Youssef" || payout.Artisan != as[0].ID {
		t.Fatalf("payout %+v", payout)
	}
	// Printing with no printer says so.
	test.Tap(s.print)
	if jobs, _ := tl.st.PendingPrints(); len(jobs) != 0 {
		t.Fatalf("queued with no printer: %+v", jobs)
	}
	tl.hooks.PrinterReady = func() bool { return true }
	test.Tap(s.print)
	if jobs, _ := tl.st.PendingPrints(); len(jobs) != 1 || jobs[0].Report != "artisans" {
		t.Fatalf("print jobs %+v", jobs)
	}
}

// In Arabic the report's columns run right to left: the artisan's name
// is the rightmost column, and labels are in visual order.
func TestArtisansScreenArabic(t *testing.T) {
	tl := newTill(t)
	tl.loginAs(t, "m1", managerPIN)
	tl.lang = pos.AR
	if err := tl.st.PutArtisan(&pos.Artisan{ID: "a-1", Name: "حسن", Commission: 1000}); err != nil {
		t.Fatal(err)
	}
	s := tl.showArtisans()
	grid := s.report.Objects[0].(*fyne.Container)
	last := grid.Objects[5].(*widget.Label)
	if last.Text != tl.t("artisans.short_pieces") || last.Alignment != fyne.TextAlignTrailing {
		t.Fatalf("rightmost header %q", last.Text)
	}
	if s.payTo.Options[0] != tl.v("حسن") || s.how.Selected != tl.t("artisans.payout_transfer") {
		t.Fatalf("payout choices %q %q", s.payTo.Options, s.how.Selected)
	}
}

// The shift screen opens the artisans screen; a cashier is asked a
// manager's PIN first.
func TestShiftScreenOpensArtisans(t *testing.T) {
	tl := newTill(t)
	tl.loginAs(t, "c1", cashierPIN)
	tl.openShift(t)
	test.Tap(navButton(t, tl.UI, "ui.nav.shift"))
	test.Tap(navButton(t, tl.UI, "artisans.open"))
	if tl.current == screenArtisans {
		t.Fatal("a cashier opened the artisans screen without a manager")
	}
	tl.typePIN(t, managerPIN)
	if tl.current != screenArtisans {
		t.Fatalf("screen %q", tl.current)
	}
}

// The product form's artisan is a choice of the cooperative's artisans:
// the product then points at the artisan's id, and its sales carry it. A
// product naming someone not an artisan keeps that value until changed.
func TestProductFormChoosesAnArtisan(t *testing.T) {
	tl := newTill(t)
	if err := tl.st.PutArtisan(&pos.Artisan{ID: "a-hassan", Name: "Hassan", Commission: 1250}); err != nil {
		t.Fatal(err)
	}
	old, _ := tl.st.Product("BAB-1")
	old.Artisan = "Tanneurs de Fès"
	tl.st.PutProduct(old)
	tl.loginAs(t, "m1", managerPIN)
	test.Tap(navButton(t, tl.UI, "ui.nav.catalogue"))
	p, _ := tl.st.Product("TAJ-1")
	tl.catalogue.editProduct(p)
	f := tl.catalogue.edit
	if got := f.artisan.sel.Options; len(got) != 2 || got[1] != "Hassan · 12,50 %" || f.artisan.sel.SelectedIndex() != 0 {
		t.Fatalf("choices %q, selected %d", got, f.artisan.sel.SelectedIndex())
	}
	f.artisan.sel.SetSelectedIndex(1)
	test.Tap(f.save)
	if p, _ := tl.st.Product("TAJ-1"); p.Artisan != "a-hassan" {
		t.Fatalf("saved artisan %q", p.Artisan)
	}
	b, _ := tl.st.Product("BAB-1")
	tl.catalogue.editProduct(b)
	f = tl.catalogue.edit
	if f.artisan.id() != "Tanneurs de Fès" {
		t.Fatalf("old value became %q", f.artisan.id())
	}
	test.Tap(f.save)
	if b, _ := tl.st.Product("BAB-1"); b.Artisan != "Tanneurs de Fès" {
		t.Fatalf("old value lost: %q", b.Artisan)
	}
}

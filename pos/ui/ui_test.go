package ui

import (
	"encoding/json"
	"hanout/pos/bidi"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/crypto/bcrypt"

	"hanout/pos"
	"hanout/pos/store"
)

const (
	managerPIN = "1234"
	cashierPIN = "5678"
)

var testProducts = []pos.Product{
	{SKU: "TAJ-1", Name: pos.Names{FR: "Tajine peint", AR: "طاجين مزخرف", EN: "Painted tajine"}, Category: "Poterie",
		Barcodes: []string{"6111000000011"}, Price: 25000, Floor: 20000, Tax: 2000, Stock: 10, Active: true},
	{SKU: "BAB-1", Name: pos.Names{FR: "Babouches cuir", AR: "بلغة جلد", EN: "Leather slippers"}, Category: "Cuir",
		Barcodes: []string{"6111000000028"}, Price: 18000, Floor: 15000, Tax: 2000, Stock: 10, Active: true},
	{SKU: "THE-1", Name: pos.Names{FR: "Thé à la menthe", AR: "شاي بالنعناع", EN: "Mint tea"}, Category: "Épicerie",
		Barcodes: []string{"6111000000035"}, Price: 4000, Floor: 3500, Tax: 1000, Stock: 100, Active: true},
}

type till struct {
	*UI
	st      *store.Store
	manager pos.User
	cashier pos.User
}

// newTill opens a real store in a temporary folder with a shop, a manager,
// a cashier and three products, and shows the login screen.
func newTill(t testing.TB) *till {
	t.Helper()
	pos.PINCost = bcrypt.MinCost
	a := test.NewTempApp(t)
	dir := t.TempDir()
	st, err := store.Open(dir, store.Options{Terminal: "T1", NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.PutShop(pos.Shop{Name: "Bazar Atlas", City: "Marrakech", Terminal: "STAND-1", Lang: pos.FR, RateEUR: 1085, RateUSD: 1000}); err != nil {
		t.Fatal(err)
	}
	tl := &till{st: st}
	tl.manager = pos.User{ID: "m1", Name: "Fatima", Role: pos.RoleManager, Active: true}
	tl.cashier = pos.User{ID: "c1", Name: "Youssef", Role: pos.RoleCashier, Active: true}
	for _, x := range []struct {
		u   *pos.User
		pin string
	}{{&tl.manager, managerPIN}, {&tl.cashier, cashierPIN}} {
		if err := x.u.SetPIN(x.pin); err != nil {
			t.Fatal(err)
		}
		if err := st.PutUser(x.u); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range testProducts {
		p := p
		if err := st.PutProduct(&p); err != nil {
			t.Fatal(err)
		}
	}
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1280, 800))
	u := New(a, w, Config{Store: st, DataDir: dir, Now: func() time.Time { return time.Date(2025, 3, 21, 10, 30, 0, 0, time.Local) }})
	u.bg = func(f func()) { f() }
	u.Start()
	t.Cleanup(u.Stop) // before the store closes: a payment may be in progress
	tl.UI = u
	return tl
}

func (tl *till) loginAs(t testing.TB, id, pin string) {
	t.Helper()
	test.Tap(tl.login.tiles[id])
	test.Type(tl.login.pin, pin)
	test.Tap(tl.login.ok)
}

func (tl *till) openShift(t testing.TB) {
	t.Helper()
	test.Tap(navButton(t, tl.UI, "ui.nav.shift"))
	test.Type(tl.shift.float, "200")
	test.Tap(tl.shift.open)
	if tl.st.OpenShift() == "" {
		t.Fatal("shift not open")
	}
}

// navButton finds a button on screen by its translation key.
func navButton(t testing.TB, u *UI, key string) fyne.Tappable {
	t.Helper()
	want := u.t(key)
	var found fyne.Tappable
	walk(u.win.Content(), func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == want {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no button %q", want)
	}
	return found
}

// walk visits o and everything drawn inside it.
func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	fn(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walk(c, fn)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			walk(c, fn)
		}
	}
}

// labelText is the text of a visible label, wrapping ones included.
func labelText(o fyne.CanvasObject) (string, bool) {
	switch l := o.(type) {
	case *widget.Label:
		return l.Text, l.Visible()
	case *paraLabel:
		return l.Text, l.Visible()
	}
	return "", false
}

func enter(e interface{ TypedKey(*fyne.KeyEvent) }) {
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
}

// tile returns the product tile showing sku after searching for it.
func (tl *till) tile(t testing.TB, search, sku string) *productTile {
	t.Helper()
	tl.sell.search.SetText("")
	test.Type(tl.sell.search, search)
	for _, tile := range tl.sell.tiles {
		if tile.p != nil && tile.p.SKU == sku && tile.Visible() {
			return tile
		}
	}
	t.Fatalf("no tile for %s after searching %q (%d shown)", sku, search, len(tl.sell.filtered))
	return nil
}

func (tl *till) typePIN(t testing.TB, pin string) {
	t.Helper()
	if tl.pin == nil {
		t.Fatal("no PIN dialog open")
	}
	p := tl.pin
	p.entry.SetText("")
	test.Type(p.entry, pin)
	test.Tap(p.ok)
}

func TestWrongPINIsRefused(t *testing.T) {
	tl := newTill(t)
	tl.loginAs(t, "c1", "0000")
	if tl.user != nil {
		t.Fatal("logged in with a wrong PIN")
	}
	if got, want := tl.login.msg.Text, tl.t("ui.login.wrong_pin"); got != want {
		t.Fatalf("message %q, want %q", got, want)
	}
	// Retry with the right one.
	tl.loginAs(t, "c1", cashierPIN)
	if tl.user == nil || tl.user.ID != "c1" || tl.current != screenSell {
		t.Fatalf("not logged in after the right PIN: %+v %s", tl.user, tl.current)
	}
}

func TestThreeItemSaleWithHaggleAndCash(t *testing.T) {
	tl := newTill(t)
	tl.loginAs(t, "c1", cashierPIN)
	tl.openShift(t)

	// A scanner types the barcode then Enter.
	test.Type(tl.sell.search, "6111000000011")
	enter(tl.sell.search)
	// Tap two tiles.
	test.Tap(tl.tile(t, "babouche", "BAB-1"))
	test.Tap(tl.tile(t, "menthe", "THE-1"))
	if n := len(tl.ticket.Lines); n != 3 {
		t.Fatalf("%d lines, want 3", n)
	}
	// Haggle the tajine from 250 down to 220 (above its 200 floor).
	tl.sell.cart.Select(0)
	if tl.sell.line == nil {
		t.Fatal("tapping a line opened no dialog")
	}
	tl.sell.line.price.SetText("")
	test.Type(tl.sell.line.price, "220")
	test.Tap(tl.sell.line.ok)
	if p := tl.ticket.Lines[0].Price; p != 22000 {
		t.Fatalf("price %v after haggling", p)
	}
	if got := tl.sell.total.Text; got != pos.Money(44000).Format(pos.FR) {
		t.Fatalf("total shows %q", got)
	}
	if !strings.Contains(tl.sell.indicative.Text, "€") {
		t.Fatalf("no EUR indicative: %q", tl.sell.indicative.Text)
	}

	test.Tap(tl.sell.pay)
	test.Tap(tl.pay.quick[20000])
	test.Tap(tl.pay.quick[20000])
	if tl.pay.done != nil {
		t.Fatal("sale done before it was paid")
	}
	test.Tap(tl.pay.quick[10000])
	if tl.pay.done != nil || tl.sales(t) != 0 {
		t.Fatal("sale saved before the seller confirmed the change")
	}
	test.Tap(tl.pay.confirm)
	if tl.pay.done == nil {
		t.Fatal("sale not done after 500 DH for 440 DH")
	}
	if got := tl.pay.change.Text; got != pos.Money(6000).Format(pos.FR) {
		t.Fatalf("change shows %q", got)
	}

	d, err := tl.st.ByReceipt(tl.pay.done.Receipt)
	if err != nil {
		t.Fatal(err)
	}
	if d.Total != 44000 || len(d.Lines) != 3 || d.Haggled() != 3000 {
		t.Fatalf("stored sale: total %v, %d lines, haggled %v", d.Total, len(d.Lines), d.Haggled())
	}
	if pos.Paid(d.Tenders) != 44000 || pos.Change(d.Tenders) != 6000 || d.Cashier != "Youssef" {
		t.Fatalf("stored tenders: paid %v change %v cashier %q", pos.Paid(d.Tenders), pos.Change(d.Tenders), d.Cashier)
	}
	var tax pos.Money
	for _, x := range d.Taxes {
		tax += x.Gross
	}
	if tax != 44000 {
		t.Fatalf("tax breakdown sums to %v", tax)
	}
	if p, _ := tl.st.Product("TAJ-1"); p.Stock != 9 {
		t.Fatalf("stock %d after sale", p.Stock)
	}
	// New sale in one tap.
	test.Tap(tl.pay.newSale)
	if tl.current != screenSell || len(tl.ticket.Lines) != 0 {
		t.Fatal("new sale did not start empty")
	}
	if c := tl.st.Counters(); !strings.Contains(tl.status.sync.Text, itoa(int64(c.Unsynced))) {
		t.Fatalf("status bar %q, unsynced %d", tl.status.sync.Text, c.Unsynced)
	}
}

func TestBelowFloorNeedsManager(t *testing.T) {
	tl := newTill(t)
	tl.loginAs(t, "c1", cashierPIN)
	tl.openShift(t)
	test.Tap(tl.tile(t, "tajine", "TAJ-1"))

	haggle := func(price string) {
		tl.sell.cart.Select(0)
		tl.sell.line.price.SetText("")
		test.Type(tl.sell.line.price, price)
		test.Tap(tl.sell.line.ok)
	}
	haggle("150")
	if tl.pin == nil {
		t.Fatal("no manager PIN asked below the floor")
	}
	// The cashier's own PIN is not a manager's.
	tl.typePIN(t, cashierPIN)
	if tl.pin == nil || tl.pin.msg.Text == "" {
		t.Fatal("a cashier PIN was accepted as a manager's")
	}
	if p := tl.ticket.Lines[0].Price; p != 25000 {
		t.Fatalf("price changed to %v without a manager", p)
	}
	test.Tap(tl.pin.cancel)
	if p := tl.ticket.Lines[0].Price; p != 25000 {
		t.Fatalf("price changed to %v after cancel", p)
	}
	// Again, with the manager.
	test.Tap(tl.sell.line.ok)
	tl.typePIN(t, managerPIN)
	if p := tl.ticket.Lines[0].Price; p != 15000 {
		t.Fatalf("price %v after manager approval", p)
	}
	if tl.ticket.ApprovedBy != "Fatima" {
		t.Fatalf("approved by %q", tl.ticket.ApprovedBy)
	}
	test.Tap(tl.sell.pay)
	test.Tap(tl.pay.exact)
	if tl.pay.done == nil || tl.pay.done.ApprovedBy != "Fatima" || tl.pay.done.Total != 15000 {
		t.Fatalf("sale %+v", tl.pay.done)
	}
}

func TestRefundNeedsManager(t *testing.T) {
	tl := newTill(t)
	tl.loginAs(t, "c1", cashierPIN)
	tl.openShift(t)
	test.Tap(tl.tile(t, "tajine", "TAJ-1"))
	test.Tap(tl.tile(t, "menthe", "THE-1"))
	test.Tap(tl.sell.pay)
	test.Tap(tl.pay.exact)
	sale := tl.pay.done
	if sale == nil {
		t.Fatal("no sale")
	}
	test.Tap(tl.pay.newSale)

	test.Tap(navButton(t, tl.UI, "ui.nav.history"))
	if len(tl.history.docs) != 1 {
		t.Fatalf("history shows %d documents", len(tl.history.docs))
	}
	test.Type(tl.history.receipt, "1")
	enter(tl.history.receipt)
	if tl.history.open == nil || tl.history.open.ID != sale.ID {
		t.Fatal("receipt 1 not opened")
	}
	tl.history.qty[1].SetText("1") // give back the tea
	test.Tap(tl.history.refund)
	if tl.pin == nil {
		t.Fatal("no manager PIN asked for a refund")
	}
	tl.typePIN(t, "9999")
	if rs, _ := tl.st.RefundsOf(sale); len(rs) != 0 {
		t.Fatal("refund committed with a wrong PIN")
	}
	tl.typePIN(t, managerPIN)
	rs, err := tl.st.RefundsOf(sale)
	if err != nil || len(rs) != 1 {
		t.Fatalf("refunds %d, %v", len(rs), err)
	}
	if rs[0].Total != -4000 || rs[0].ApprovedBy != "Fatima" {
		t.Fatalf("refund total %v approved by %q", rs[0].Total, rs[0].ApprovedBy)
	}
	// The tea cannot be refunded twice.
	if !tl.history.qty[1].Disabled() {
		t.Fatal("refunded line still editable")
	}
	// Reprint queues a print job (a printer is set up).
	tl.hooks.PrinterReady = func() bool { return true }
	test.Tap(tl.history.reprint)
	if jobs, _ := tl.st.PendingPrints(); len(jobs) != 1 {
		t.Fatalf("%d print jobs", len(jobs))
	}
}

func TestParkedTicketComesBackIntact(t *testing.T) {
	tl := newTill(t)
	tl.loginAs(t, "m1", managerPIN)
	tl.openShift(t)
	test.Tap(tl.tile(t, "tajine", "TAJ-1"))
	test.Tap(tl.tile(t, "babouche", "BAB-1"))
	test.Tap(tl.tile(t, "babouche", "BAB-1"))
	tl.sell.cart.Select(0)
	tl.sell.line.price.SetText("")
	test.Type(tl.sell.line.price, "230")
	test.Tap(tl.sell.line.ok)
	tl.ticket.SetDiscount(1000, "")
	tl.ticket.Compute()
	want, _ := json.Marshal(tl.ticket)

	test.Tap(tl.sell.park)
	test.Type(tl.sell.parkD.name, "couple allemand")
	test.Tap(tl.sell.parkD.ok)
	if len(tl.ticket.Lines) != 0 {
		t.Fatal("ticket not cleared after parking")
	}
	if !strings.Contains(tl.sell.notice.text.Text, "couple allemand") {
		t.Fatalf("no feedback after parking: %q", tl.sell.notice.text.Text)
	}
	// Serve someone else meanwhile.
	test.Tap(tl.tile(t, "menthe", "THE-1"))
	test.Tap(tl.sell.parked)
	if len(tl.sell.resumeBtns) != 1 {
		t.Fatalf("%d parked tickets listed", len(tl.sell.resumeBtns))
	}
	for _, b := range tl.sell.resumeBtns {
		if !strings.HasPrefix(b.Text, "couple allemand · ") {
			t.Fatalf("parked ticket listed as %q", b.Text)
		}
		test.Tap(b)
	}
	// The tea ticket is open: the till asks before setting it aside.
	if tl.sell.resumeAsk == nil || tl.ticket.Lines[0].SKU != "THE-1" {
		t.Fatal("resuming over an open ticket did not ask")
	}
	test.Tap(tl.overlayButton(tl.t("ui.park.resume_yes")))
	if !strings.Contains(tl.ticket.Label, "Tajine") || !strings.Contains(tl.ticket.Label, "couple allemand") {
		t.Fatalf("parked label %q", tl.ticket.Label)
	}
	tl.ticket.Label = ""
	tl.ticket.DiscountLimit = 0
	got, _ := json.Marshal(tl.ticket)
	if string(got) != string(want) {
		t.Fatalf("resumed ticket differs:\n got %s\nwant %s", got, want)
	}
	// The tea ticket in progress was parked, not lost.
	ps, _ := tl.st.Parked()
	if len(ps) != 1 || ps[0].Ticket.Lines[0].SKU != "THE-1" {
		t.Fatalf("parked now: %+v", ps)
	}
}

func TestShiftCloseShowsVarianceAndZ(t *testing.T) {
	tl := newTill(t)
	tl.loginAs(t, "c1", cashierPIN)
	tl.openShift(t)
	test.Tap(tl.tile(t, "menthe", "THE-1"))
	test.Tap(tl.sell.pay)
	test.Tap(tl.pay.exact)
	test.Tap(navButton(t, tl.UI, "ui.nav.shift"))
	if tl.shift.expected != 24000 {
		t.Fatalf("expected cash %v", tl.shift.expected)
	}
	tl.shift.counts[20000].SetText("1")
	tl.shift.counts[2000].SetText("1")
	test.Tap(tl.shift.check)
	if !strings.Contains(tl.shift.variance.Text, pos.Money(-2000).Format(pos.FR)) {
		t.Fatalf("variance %q", tl.shift.variance.Text)
	}
	test.Tap(tl.shift.close)
	tl.typePIN(t, managerPIN)
	if tl.st.OpenShift() != "" {
		t.Fatal("shift still open")
	}
	if tl.shift.lastZ == nil || tl.shift.lastZ.Kind != "Z" || tl.shift.lastZ.Variance != -2000 {
		t.Fatalf("Z report %+v", tl.shift.lastZ)
	}
}

func TestLanguageSwitchRebuilds(t *testing.T) {
	tl := newTill(t)
	test.Tap(tl.login.langs[pos.AR])
	if tl.lang != pos.AR || bidi.Strip(tl.login.ok.Text) != "دخول" {
		t.Fatalf("lang %s, button %q", tl.lang, tl.login.ok.Text)
	}
	tl.loginAs(t, "c1", cashierPIN)
	if tl.sell.pay.Text != tl.t("ui.sell.pay") || tl.sell.pay.Text == "Encaisser" {
		t.Fatalf("pay button %q", tl.sell.pay.Text)
	}
}

func TestFirstRunSetup(t *testing.T) {
	pos.PINCost = bcrypt.MinCost
	a := test.NewTempApp(t)
	dir := t.TempDir()
	st, err := store.Open(dir, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(800, 1280))
	u := New(a, w, Config{Store: st, DataDir: dir})
	u.bg = func(f func()) { f() }
	u.Start()
	if u.setup == nil || u.current != "setup" {
		t.Fatal("no setup on an empty store")
	}
	s := u.setup
	test.Type(s.name, "Coopérative Tiznit")
	test.Type(s.manager, "Aicha")
	test.Type(s.pin, "4321")
	test.Type(s.pin2, "4322")
	test.Tap(s.save)
	if _, ok, _ := st.Shop(); ok {
		t.Fatal("saved with mismatched PINs")
	}
	s.pin2.SetText("4321")
	test.Tap(s.save)
	shop, ok, _ := st.Shop()
	if !ok || shop.Name != "Coopérative Tiznit" {
		t.Fatalf("shop %+v", shop)
	}
	users, _ := st.Users()
	if len(users) != 1 || users[0].Role != pos.RoleManager || !users[0].CheckPIN("4321") {
		t.Fatalf("users %+v", users)
	}
	test.Type(u.login.pin, "4321")
	test.Tap(u.login.ok)
	if u.user == nil || u.user.Name != "Aicha" {
		t.Fatal("manager cannot log in after setup")
	}
}

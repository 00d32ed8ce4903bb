package devices

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/crypto/bcrypt"

	"hanout/pos"
	"hanout/pos/i18n"
	"hanout/pos/store"
	"hanout/pos/ui"
)

// The till's devices call fyne.Do from their own goroutines. Fyne's test
// driver runs such calls at once on the calling goroutine, which would race
// with the test reading the widgets; loopDriver instead queues them for
// the test goroutine, which acts as the UI's main loop (pump).
type loopDriver struct {
	fyne.Driver
	q chan func()
}

func (d *loopDriver) DoFromGoroutine(f func(), wait bool) {
	if !wait {
		d.q <- f
		return
	}
	done := make(chan struct{})
	d.q <- func() { f(); close(done) }
	<-done
}

type loopApp struct {
	fyne.App
	d *loopDriver
}

func (a *loopApp) Driver() fyne.Driver { return a.d }

const deadline = 30 * time.Second

// till is a real store and the real screens on the test driver.
type till struct {
	t   *testing.T
	dir string
	st  *store.Store
	app *loopApp
	win fyne.Window
	u   *ui.UI
}

var testProducts = []pos.Product{
	{SKU: "TAJ-1", Name: pos.Names{FR: "Tajine peint", AR: "طاجين مزخرف", EN: "Painted tajine"}, Category: "Poterie",
		Price: 25000, Floor: 20000, Tax: 2000, Stock: 100, Active: true},
	{SKU: "THE-1", Name: pos.Names{FR: "Thé à la menthe", AR: "شاي بالنعناع", EN: "Mint tea"}, Category: "Épicerie",
		Price: 4000, Floor: 3500, Tax: 1000, Stock: 100, Active: true},
}

const managerPIN = "1234"

// newStore opens a store with a shop, one manager, two products and an
// open shift.
func newStore(t *testing.T) (*store.Store, string) {
	t.Helper()
	pos.PINCost = bcrypt.MinCost
	dir := t.TempDir()
	st, err := store.Open(dir, store.Options{Terminal: "T1", NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.PutShop(pos.Shop{Name: "Bazar Atlas", NameAR: "بازار الأطلس", City: "Marrakech", Terminal: "STAND-1", Lang: pos.FR}); err != nil {
		t.Fatal(err)
	}
	m := pos.User{ID: "m1", Name: "Fatima", Role: pos.RoleManager, Active: true}
	if err := m.SetPIN(managerPIN); err != nil {
		t.Fatal(err)
	}
	if err := st.PutUser(&m); err != nil {
		t.Fatal(err)
	}
	for _, p := range testProducts {
		p := p
		if err := st.PutProduct(&p); err != nil {
			t.Fatal(err)
		}
	}
	d, err := pos.OpenShift("Fatima", 20000, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Commit(d); err != nil {
		t.Fatal(err)
	}
	return st, dir
}

// newTill shows the screens on st with the given settings sections and
// logs the manager in.
func newTill(t *testing.T, st *store.Store, dir string, sections ...ui.SettingsSection) *till {
	t.Helper()
	a := test.NewTempApp(t)
	la := &loopApp{App: a, d: &loopDriver{Driver: a.Driver(), q: make(chan func(), 10000)}}
	fyne.SetCurrentApp(la)
	t.Cleanup(func() {
		// The devices' cleanups, registered later, ran first and waited
		// for their goroutines: drop what those posted on their way out.
		for {
			select {
			case <-la.d.q:
			default:
				return
			}
		}
	})
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1280, 800))
	u := ui.New(la, w, ui.Config{Store: st, DataDir: dir, Hooks: ui.Hooks{Settings: sections}})
	u.Start()
	t.Cleanup(u.Stop)
	tl := &till{t: t, dir: dir, st: st, app: la, win: w, u: u}
	// One user: the login screen selects her; type the PIN and enter.
	var pin *widget.Entry
	walk(w.Content(), func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok && e.Password {
			pin = e
		}
	})
	if pin == nil {
		t.Fatal("no PIN entry on the login screen")
	}
	test.Type(pin, managerPIN)
	test.Tap(tl.button("ui.login.enter"))
	tl.pumpUntil("the sell screen", func() bool { return tl.statusText("ui.status.printer") != "" })
	return tl
}

// pump runs what the devices posted to the UI until cond holds.
func (tl *till) pumpUntil(what string, cond func() bool) {
	tl.t.Helper()
	end := time.After(deadline)
	for !cond() {
		select {
		case f := <-tl.app.d.q:
			f()
		case <-time.After(10 * time.Millisecond):
		case <-end:
			tl.t.Fatalf("%s: never happened (printer bar %q, network bar %q)", what,
				tl.statusText("ui.status.printer"), tl.statusText("ui.status.unsynced"))
		}
	}
}

// button finds a button on screen by its translation key.
func (tl *till) button(key string, args ...any) *widget.Button {
	tl.t.Helper()
	want := i18n.T(tl.u.Lang(), key, args...)
	var found *widget.Button
	walk(tl.win.Content(), func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == want {
			found = b
		}
	})
	if found == nil {
		tl.t.Fatalf("no button %q on screen", want)
	}
	return found
}

// statusText is the status bar label made from key ("" if not shown): the
// text before the first argument identifies it.
// walkText calls f with the text of every label on screen.
func (tl *till) walkText(f func(string)) {
	walk(tl.win.Content(), func(o fyne.CanvasObject) {
		switch l := o.(type) {
		case *widget.Label:
			f(l.Text)
		case interface{ VisibleText() string }:
			f(l.VisibleText())
		}
	})
}

// hasLabel says whether a label on screen reads exactly s.
func (tl *till) hasLabel(s string) bool {
	found := false
	tl.walkText(func(text string) { found = found || text == s })
	return found
}

func (tl *till) statusText(key string) string {
	prefix := head(i18n.T(tl.u.Lang(), key, "\x00", "\x00"))
	var found string
	walk(tl.win.Content(), func(o fyne.CanvasObject) {
		text := ""
		switch l := o.(type) {
		case *widget.Label:
			text = l.Text
		case interface{ VisibleText() string }: // the till's own labels
			text = l.VisibleText()
		}
		if strings.HasPrefix(text, prefix) {
			found = text
		}
	})
	return found
}

// openSettings goes to the Settings screen, which builds the sections.
func (tl *till) openSettings() {
	tl.t.Helper()
	test.Tap(tl.button("ui.nav.settings"))
}

// walk visits o and everything drawn inside it.
func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	fn(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walk(c, fn)
		}
	case *container.Scroll:
		walk(x.Content, fn)
	}
}

// sell commits a cash sale of one product, as the pay screen does.
func sell(t *testing.T, st *store.Store, sku string) *pos.Document {
	t.Helper()
	p, err := st.Product(sku)
	if err != nil {
		t.Fatal(err)
	}
	var tk pos.Ticket
	if err := tk.Add(p, 1); err != nil {
		t.Fatal(err)
	}
	total, _ := tk.Compute()
	cash, _ := pos.CashTender(total, total)
	d, err := tk.Sale([]pos.Tender{cash}, "Fatima", st.OpenShift(), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Commit(d); err != nil {
		t.Fatal(err)
	}
	return d
}

// head is s up to its first NUL: the fixed start of a message whose first
// argument was given as "\x00".
func head(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return s[:i]
	}
	return s
}

// Package ui is the till on screen: a Fyne app that sells, haggles, takes
// cash, refunds and closes the day on top of pos and pos/store.
//
// The UI never talks to a device or the network itself. Card terminals, QR
// payments, printers and sync plug in through Hooks (see hooks.go) and report
// back through methods that are safe to call from any goroutine.
//
// Every visible string comes from assets/i18n/ui.<lang>.json through u.t.
// Everything is built for one language at a time: switching language
// rebuilds the screens.
package ui

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hanout/pos"
	"hanout/pos/i18n"
	"hanout/pos/store"
)

// Config is what the till needs to start.
type Config struct {
	Store   *store.Store
	DataDir string   // the data folder; photos live in DataDir/photos
	Lang    pos.Lang // "" means the shop's language, or French
	Hooks   Hooks
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// CustomerDisplay opens a second window facing the customer: the QR
	// code and the amount while a payment is in progress.
	CustomerDisplay bool
}

// UI is one running till window.
type UI struct {
	fieldPad *amountDialog // the keypad of a form field, while open
	app      fyne.App
	win      fyne.Window
	st       *store.Store
	dataDir  string
	lang     pos.Lang
	hooks    Hooks
	now      func() time.Time
	// bg runs slow work (bcrypt, store scans) off the UI goroutine; results
	// come back through fyne.Do. Tests make it synchronous.
	bg func(func())
	// do runs UI work posted from other goroutines (tender providers):
	// fyne.Do; tests queue it and run it on the test goroutine.
	do func(func())
	// commit stores a sale or refund: the store's Commit; tests wrap it
	// to make it fail.
	commit func(*pos.Document) error
	// life ends with Stop; work counts the goroutines the screens started
	// (a card or QR payment in progress, Watch) so that Stop can wait.
	life context.Context
	end  context.CancelFunc
	work sync.WaitGroup

	shop     pos.Shop
	users    []pos.User
	user     *pos.User // logged-in cashier
	products []pos.Product

	ticket *pos.Ticket

	mu      sync.Mutex // guards net and printer, set from any goroutine
	net     State
	printer State

	status *statusBar
	// openedID and openedAt cache when the open shift began (status bar).
	openedID, openedAt string
	current            string // name of the screen shown

	login        *loginScreen
	setup        *setupScreen
	sell         *sellScreen
	pay          *payScreen
	history      *historyScreen
	shift        *shiftScreen
	catalogue    *catalogueScreen
	settings     *settingsScreen
	pin          *pinDialog
	tender       *tenderView // a card or QR payment in progress
	slip         *slipDialog // the card slip question
	customer     *customerScreen
	wantCustomer bool
}

// New prepares the till in win. Call Start to show the first screen.
func New(app fyne.App, win fyne.Window, cfg Config) *UI {
	u := &UI{app: app, win: win, st: cfg.Store, dataDir: cfg.DataDir, lang: cfg.Lang, hooks: cfg.Hooks, now: cfg.Now}
	if u.now == nil {
		u.now = time.Now
	}
	u.bg = func(f func()) { go f() }
	u.do = fyne.Do
	u.commit = cfg.Store.Commit
	u.wantCustomer = cfg.CustomerDisplay
	u.ticket = &pos.Ticket{}
	u.life, u.end = context.WithCancel(context.Background())
	app.Settings().SetTheme(Theme{})
	return u
}

// Stop cancels a payment in progress and ends Watch, and returns once
// their goroutines have: after it, nothing the screens started touches
// the store or the widgets.
func (u *UI) Stop() {
	u.end()
	u.work.Wait()
}

// Start shows the first-run setup on an empty store, the login screen
// otherwise.
func (u *UI) Start() {
	shop, ok, err := u.st.Shop()
	if err != nil {
		u.showErr(err)
	}
	u.shop = shop
	if u.lang == "" {
		u.lang = pos.ParseLang(string(shop.Lang))
	}
	if u.wantCustomer && u.customer == nil {
		u.openCustomerDisplay()
	}
	if !ok {
		u.showSetup()
		return
	}
	u.showLogin()
}

// Lang is the language the screens are built in.
func (u *UI) Lang() pos.Lang { return u.lang }

// Text reaches a widget in visual order, converted exactly once (see
// pos/bidi and v): u.t gives the visual text of a key for a widget; u.tl,
// u.name, u.money and u.tErrL give logical text to compose with, and u.v
// converts the composed text where it is handed to a widget. Window
// titles, logs, the store and entries typed by the seller stay logical.

// t is the text of key in the seller's language, in visual order for a
// widget.
func (u *UI) t(key string, args ...any) string { return u.v(u.tl(key, args...)) }

// tl is the text of key in logical order, to compose with.
func (u *UI) tl(key string, args ...any) string { return i18n.T(u.lang, key, args...) }

// v puts logical text in visual order for a widget (Fyne 2.7 draws runs
// in logical order): right to left on Arabic screens, left to right
// elsewhere, where only lines holding Arabic change.
func (u *UI) v(s string) string { return visual(u.lang, s) }

func (u *UI) rtl() bool { return u.lang == pos.AR }

// name is a product's name in the seller's language (logical).
func (u *UI) name(n pos.Names) string { return n.In(u.lang) }

// money is an amount in the seller's language (logical).
func (u *UI) money(m pos.Money) string { return m.Format(u.lang) }

// showErr shows what went wrong in the seller's language. Nothing is
// undone by it: the screen keeps the ticket, tenders and typed text.
func (u *UI) showErr(err error) {
	if err == nil {
		return
	}
	msg := u.tErr(err)
	d := dialog.NewCustom(u.t("ui.error.title"), u.t("ui.ok"), u.wrapLabel(msg), u.win)
	d.Resize(fyne.NewSize(min(520, u.win.Canvas().Size().Width-40), 0))
	d.Show()
}

// tErr is err in the seller's language, in visual order for a widget;
// internal errors are logged.
func (u *UI) tErr(err error) string { return u.v(u.tErrL(err)) }

// tErrL is tErr in logical order, to compose with.
func (u *UI) tErrL(err error) string {
	msg := i18n.Error(u.lang, err)
	if key := pos.KeyOf(err); key == "" {
		log.Printf("hanout: %v", err)
	} else if msg == key {
		// A core message not translated yet: say something useful anyway.
		msg = u.tl("ui.error.code", key)
	}
	return msg
}

// confirm asks a yes-or-no question. msg is in visual order, as for any
// widget; the till's own label wraps it (Fyne's confirm dialog would wrap
// the visual text and put an Arabic message's lines in the wrong order),
// and the buttons say OK and Cancel in the seller's language.
func (u *UI) confirm(title, msg string, cb func(bool)) *dialog.ConfirmDialog {
	d := dialog.NewCustomConfirm(title, u.t("ui.ok"), u.t("ui.cancel"), u.wrapLabel(msg), cb, u.win)
	d.Resize(fyne.NewSize(min(520, u.win.Canvas().Size().Width-40), 0))
	return d
}

func (u *UI) info(title, msg string) {
	d := dialog.NewCustom(title, u.t("ui.ok"), u.wrapLabel(msg), u.win)
	d.Resize(fyne.NewSize(min(520, u.win.Canvas().Size().Width-40), 0))
	d.Show()
}

// reloadData reads users and the catalogue from the store.
func (u *UI) reloadData() {
	users, err := u.st.Users()
	if err != nil {
		u.showErr(err)
	}
	u.users = users
	ps, err := u.st.Products()
	if err != nil {
		u.showErr(err)
	}
	u.products = ps
	if shop, _, err := u.st.Shop(); err == nil {
		u.shop = shop
	}
}

// reloadProducts re-reads the catalogue (stock moved with a sale or refund).
func (u *UI) reloadProducts() []pos.Product {
	ps, err := u.st.Products()
	if err != nil {
		return u.products
	}
	return ps
}

// categories lists the categories of the active products, sorted.
func (u *UI) categories() []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range u.products {
		if p.Active && !seen[p.Category] {
			seen[p.Category] = true
			out = append(out, p.Category)
		}
	}
	sort.Strings(out)
	return out
}

// categoryColour gives a stable colour per category name.
func categoryColour(cat string) int {
	h := 0
	for _, r := range cat {
		h = h*31 + int(r)
	}
	if h < 0 {
		h = -h
	}
	return h % len(palette)
}

// Screens --------------------------------------------------------------

const (
	screenSell      = "sell"
	screenPay       = "pay"
	screenHistory   = "history"
	screenShift     = "shift"
	screenCatalogue = "catalogue"
	screenSettings  = "settings"
)

// frame puts a screen between the navigation bar and the status bar.
func (u *UI) frame(name string, content fyne.CanvasObject) {
	u.current = name
	u.status = u.newStatusBar()
	nav := u.navBar(name)
	u.win.SetContent(container.NewBorder(nav, u.status.obj, nil, nil, content))
	u.refreshStatus()
}

func (u *UI) navBar(active string) fyne.CanvasObject {
	item := func(name, key string, icon fyne.Resource, open func()) fyne.CanvasObject {
		b := widget.NewButtonWithIcon(u.t(key), icon, func() {
			if u.leavePay() { // a card or QR payment taken keeps the seller on the sale
				open()
			}
		})
		if name == active {
			b.Importance = widget.HighImportance
		}
		return b
	}
	items := []fyne.CanvasObject{
		item(screenSell, "ui.nav.sell", theme.ContentAddIcon(), u.showSell),
		item(screenHistory, "ui.nav.history", theme.HistoryIcon(), u.showHistory),
		item(screenShift, "ui.nav.shift", theme.AccountIcon(), u.showShift),
		item(screenAccounts, "accounts.ui.nav", theme.DocumentIcon(), func() { u.showAccounts() }),
		item(screenCatalogue, "ui.nav.catalogue", theme.ListIcon(), func() { u.asManager(u.showCatalogue) }),
		item(screenSettings, "ui.nav.settings", theme.SettingsIcon(), func() { u.asManager(u.showSettings) }),
		item("", "ui.nav.logout", theme.LogoutIcon(), u.logout),
	}
	return container.New(fillRow{gap: theme.Padding()}, u.order(items)...)
}

// asManager runs open at once for a manager, after a manager PIN for a
// cashier.
func (u *UI) asManager(open func()) {
	if u.user != nil && u.user.Role == pos.RoleManager {
		open()
		return
	}
	u.askPIN(u.t("ui.pin.manager_title"), pos.RoleManager, func(*pos.User) { open() })
}

// logout ends the cashier's session; the next one starts with an empty
// ticket and no tenders. It is refused while a card or QR payment is held.
func (u *UI) logout() {
	if !u.leavePay() {
		return
	}
	u.user = nil
	u.st.SetActor("")
	u.ticket = &pos.Ticket{}
	u.pay = nil
	u.showLogin()
}

// printReceipt queues receipt n through enqueue (an original after a sale,
// a copy from the history), or says that no printer is set up.
func (u *UI) printReceipt(title string, n uint64, enqueue func(uint64) error) {
	if u.hooks.PrinterReady == nil || !u.hooks.PrinterReady() {
		u.info(title, u.t("ui.print.no_printer"))
		return
	}
	if err := enqueue(n); err != nil {
		u.showErr(err)
		return
	}
	u.info(title, u.t("ui.history.reprinted", n))
}

// Helpers for right-to-left ---------------------------------------------

// order reverses a row of objects in Arabic so the first item sits on the
// right, where an Arabic reader starts.
func (u *UI) order(objs []fyne.CanvasObject) []fyne.CanvasObject {
	if !u.rtl() {
		return objs
	}
	out := make([]fyne.CanvasObject, len(objs))
	for i, o := range objs {
		out[len(objs)-1-i] = o
	}
	return out
}

// readingSide aligns large amounts with the labels above them: on the
// right in Arabic.
func (u *UI) readingSide(ts ...*canvas.Text) {
	if u.rtl() {
		for _, t := range ts {
			t.Alignment = fyne.TextAlignTrailing
		}
	}
}

// row is an HBox in reading order.
func (u *UI) row(objs ...fyne.CanvasObject) *fyne.Container {
	return container.NewHBox(u.order(objs)...)
}

// grid is a grid of n columns in reading order.
func (u *UI) grid(n int, objs ...fyne.CanvasObject) *fyne.Container {
	if !u.rtl() || n <= 1 {
		return container.NewGridWithColumns(n, objs...)
	}
	out := make([]fyne.CanvasObject, 0, len(objs))
	for i := 0; i < len(objs); i += n {
		end := min(i+n, len(objs))
		rowObjs := objs[i:end]
		for len(rowObjs) < n { // pad a short last row so it aligns right
			rowObjs = append([]fyne.CanvasObject{}, rowObjs...)
			rowObjs = append(rowObjs, widget.NewLabel(""))
		}
		out = append(out, u.order(rowObjs)...)
	}
	return container.NewGridWithColumns(n, out...)
}

// label is a label aligned to the reading side.
func (u *UI) label(s string) *widget.Label {
	l := widget.NewLabel(s)
	if u.rtl() {
		l.Alignment = fyne.TextAlignTrailing
	}
	return l
}

func (u *UI) boldLabel(s string) *widget.Label {
	l := u.label(s)
	l.TextStyle.Bold = true
	return l
}

func (u *UI) heading(s string) *widget.Label {
	l := u.boldLabel(s)
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

// entry is a text entry; in Arabic its placeholder and text still start at
// the left (Fyne entries do not mirror), which keeps digits readable.
func (u *UI) entry(placeholder string) *widget.Entry {
	e := widget.NewEntry()
	e.SetPlaceHolder(placeholder)
	return e
}

// formRow is "label: field" in reading order, for forms the till builds
// itself (widget.Form does not mirror).
func (u *UI) formRow(label string, field fyne.CanvasObject) fyne.CanvasObject {
	l := u.label(label)
	if u.rtl() {
		return container.NewBorder(nil, nil, nil, container.NewGridWrap(fyne.NewSize(200, l.MinSize().Height), l), field)
	}
	return container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(200, l.MinSize().Height), l), nil, field)
}

// photoPath is where a product photo lives.
func (u *UI) photoPath(name string) string {
	if name == "" || strings.ContainsAny(name, `/\`) {
		return ""
	}
	return filepath.Join(u.dataDir, "photos", name)
}

func fileExists(p string) bool {
	if p == "" {
		return false
	}
	_, err := os.Stat(p)
	return err == nil
}

func itoa(n int64) string { return fmt.Sprint(n) }

func mkdirFor(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return pos.Wrap(err, "store.backup_failed", path)
	}
	return nil
}

package ui

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"hanout/pos"
	"hanout/pos/qr"
	"hanout/pos/store"
)

// ShotSize is a window size for screenshots.
type ShotSize struct{ W, H float32 }

// Screenshots renders the main screens in each language into PNG files
// under out, with the software painter of Fyne's test driver and the
// till's real theme and fonts. It rings up one sale per language and opens
// a shift if none is open, so st must be a throwaway copy. It must not run
// on the main goroutine (fyne.Do would turn asynchronous there).
//
// Files are <screen>-<lang>.png at 1280×800, plus <screen>-<W>x<H>-<lang>.png
// for each extra size of the sell, pay, sale-done, refund and shift-close
// screens.
//
// Of hooks, the Settings sections and the receipt preview are used, so the
// pictures show the till's own devices and sync sections and its paper;
// the pay screen's card and QR tenders are drawn by the screenshots
// themselves.
func Screenshots(st *store.Store, dataDir, out string, langs []pos.Lang, extra []ShotSize, hooks Hooks) ([]string, error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	a := test.NewApp()
	sh := &shooter{out: out, extra: extra}
	for _, l := range langs {
		w := test.NewWindow(nil)
		w.Resize(fyne.NewSize(1280, 800))
		h := Hooks{Settings: hooks.Settings, Receipt: hooks.Receipt, ReceiptImage: hooks.ReceiptImage}
		u := New(a, w, Config{Store: st, DataDir: dataDir, Lang: l, Hooks: h})
		u.bg = func(f func()) { f() }
		u.Start()
		if u.login == nil {
			return sh.files, fmt.Errorf("screenshots: the store has no shop or users")
		}
		for _, step := range []func(*UI, fyne.Window, pos.Lang) error{sh.login, sh.sell, sh.pay, sh.history, sh.shift, sh.customers, sh.others, sh.artisans} {
			if err := step(u, w, l); err != nil {
				return sh.files, err
			}
		}
		w.Close()
	}
	return sh.files, nil
}

// shooter saves the screenshots of one run, one step per screen: each
// step leaves the till where the next one starts (a cashier logged in, a
// ticket rung up, a sale committed).
type shooter struct {
	out   string
	extra []ShotSize
	files []string // saved so far
}

func (sh *shooter) save(w fyne.Window, name string) error {
	img := w.Canvas().Capture()
	path := filepath.Join(sh.out, name+".png")
	if err := writePNG(path, img); err != nil {
		return err
	}
	sh.files = append(sh.files, path)
	return nil
}

// sized saves the screen at 1280×800 as <screen>-<lang>, then at each
// extra size as <screen>-<W>x<H>-<lang> (the layouts follow the window;
// dialogs are not open on these screens).
func (sh *shooter) sized(w fyne.Window, screen string, l pos.Lang) error {
	if err := sh.save(w, screen+"-"+string(l)); err != nil {
		return err
	}
	for _, s := range sh.extra {
		w.Resize(fyne.NewSize(s.W, s.H))
		if u, ok := w.Content().(interface{ Refresh() }); ok {
			u.Refresh()
		}
		err := sh.save(w, fmt.Sprintf("%s-%.0fx%.0f-%s", screen, s.W, s.H, l))
		w.Resize(fyne.NewSize(1280, 800))
		if err != nil {
			return err
		}
	}
	return nil
}

// login shows a chosen user with a PIN being typed, then logs the first
// user in and opens a shift if none is open.
func (sh *shooter) login(u *UI, w fyne.Window, l pos.Lang) error {
	for _, b := range u.login.tiles { // show a chosen user
		if u.users[0].ID != "" && b.Text == u.users[0].Name {
			b.OnTapped()
		}
	}
	u.login.pin.SetText("12")
	if err := sh.save(w, "login-"+string(l)); err != nil {
		return err
	}
	u.user = &u.users[0]
	if u.st.OpenShift() == "" {
		d, err := pos.OpenShift(u.user.Name, 50000, u.now())
		if err == nil {
			err = u.st.Commit(d)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// sell rings up one product of each of three categories, haggles the
// first, and saves the screen and its dialogs.
func (sh *shooter) sell(u *UI, w fyne.Window, l pos.Lang) error {
	u.ticket = &pos.Ticket{}
	u.showSell()
	seen := map[string]bool{}
	for i := range u.products {
		p := &u.products[i]
		if len(u.ticket.Lines) == 3 {
			break
		}
		if !p.Active || p.Stock <= 0 || seen[p.Category] {
			continue
		}
		seen[p.Category] = true
		u.addProduct(p)
	}
	if len(u.ticket.Lines) > 0 { // a haggled price on the first line
		l0 := u.ticket.Lines[0]
		u.ticket.SetPrice(0, l0.Floor+(l0.List-l0.Floor)/2/100*100, "")
		u.sell.refreshCart()
	}
	if err := sh.sized(w, "sell", l); err != nil {
		return err
	}
	return u.sell.dialogShots(w, l, sh.extra, sh.save)
}

// pay takes part of the ticket in cash, shows the QR tender and the card
// slip question, then the change to confirm, and commits the sale.
func (sh *shooter) pay(u *UI, w fyne.Window, l pos.Lang) error {
	u.showPay()
	if u.pay == nil {
		return fmt.Errorf("screenshots: no pay screen")
	}
	u.pay.cashGiven(5000)
	if err := sh.sized(w, "pay", l); err != nil {
		return err
	}
	if err := u.pay.qrShot(u.dataDir, func(name string) error { return sh.save(w, name+"-"+string(l)) }); err != nil {
		return err
	}
	if err := u.pay.euroShot(func(name string) error { return sh.save(w, name+"-"+string(l)) }); err != nil {
		return err
	}
	left := u.pay.remaining()
	u.pay.cashGiven((left/10000 + 1) * 10000)
	if err := sh.save(w, "pay-change-"+string(l)); err != nil { // the confirming tap
		return err
	}
	u.pay.commitSale()
	if u.pay.done == nil {
		return fmt.Errorf("screenshots: the sale was not committed")
	}
	if err := sh.sized(w, "sale-done", l); err != nil {
		return err
	}
	return sh.customerReceipt(u, l)
}

// history lists the day, then opens the sale just made as a refund of
// its first line.
func (sh *shooter) history(u *UI, w fyne.Window, l pos.Lang) error {
	sale := u.pay.done
	u.showHistory()
	if err := sh.save(w, "history-"+string(l)); err != nil {
		return err
	}
	u.history.openDoc(sale)
	if p := u.history.plus[0]; p != nil {
		p.OnTapped()
	}
	return sh.sized(w, "refund", l)
}

// shift counts a drawer at the close, blind then checked.
func (sh *shooter) shift(u *UI, w fyne.Window, l pos.Lang) error {
	u.showShift()
	if u.shift.counts != nil {
		for d, n := range map[pos.Money]string{20000: "3", 10000: "4", 5000: "2", 2000: "5", 1000: "3"} {
			if e := u.shift.counts[d]; e != nil {
				e.SetText(n)
			}
		}
	}
	if f := u.shift.foreign; f != nil && f.counts["EUR"] != nil { // the tourists' euros
		f.counts["EUR"][2000].SetText("2")
		f.counts["EUR"][500].SetText("1")
	}
	if err := sh.sized(w, "shift-close", l); err != nil {
		return err
	}
	if u.shift.check != nil {
		u.shift.checkCount(true)
		if err := sh.save(w, "shift-counted-"+string(l)); err != nil {
			return err
		}
	}
	return nil
}

// others saves the catalogue and the settings.
func (sh *shooter) others(u *UI, w fyne.Window, l pos.Lang) error {
	u.showCatalogue()
	if err := sh.save(w, "catalogue-"+string(l)); err != nil {
		return err
	}
	u.showSettings()
	return sh.save(w, "settings-"+string(l))
}

// qrShot shows the QR tender screen for what is left to pay, with the
// merchant of dataDir (or the demo merchant), and saves it; then the card
// slip question. Nothing is polled: the screen is drawn as a waiting
// payment with 4:32 left.
func (p *payScreen) qrShot(dataDir string, save func(name string) error) error {
	u := p.u
	m, err := qr.LoadMerchant(filepath.Join(dataDir, MerchantFile))
	if err != nil {
		m = qr.DemoMerchant()
	}
	label := asciiLabel(u.shop.Terminal)
	ref := qr.Reference(label, 1)
	left := p.remaining()
	payload, err := qr.Dynamic(m, left, ref, u.st.Counters().Receipt+1, label)
	if err != nil {
		return err
	}
	img, err := qr.Image(payload, 1024)
	if err != nil {
		return err
	}
	req := TenderRequest{Amount: left, Lang: u.lang, Shop: u.shop, Terminal: label}
	v := u.newTenderView(u.tl("ui.pay.qr"), req, func() {}, func() {})
	v.pop.Show()
	v.update(u, Progress{Image: img, Message: u.tl("ui.qr.scan", ref), Countdown: 4*time.Minute + 32*time.Second, ShowCountdown: true, Demo: m.Demo()})
	err = save("qr")
	if err == nil {
		v.update(u, Progress{Image: img, Message: u.tl("ui.qr.offline"), Warn: true, CanRecord: true, Countdown: 3*time.Minute + 5*time.Second, ShowCountdown: true, Demo: m.Demo()})
		err = save("qr-offline")
	}
	v.pop.Hide()
	if err != nil {
		return err
	}
	u.askSlip(pos.Tender{Kind: pos.TenderCard, Amount: left, Status: pos.StatusUnverified, Recorded: pos.RecordedSlip}, func(pos.Tender) {})
	err = save("card-slip")
	u.slip.d.Hide()
	u.slip = nil
	return err
}

func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// dialogShots saves the line dialog with its keypad and the manager
// approval of a 100 % discount, at 1280×800 and each extra size: both must
// fit a small screen whole.
func (s *sellScreen) dialogShots(w fyne.Window, l pos.Lang, extra []ShotSize, save func(fyne.Window, string) error) error {
	u := s.u
	sizes := append([]ShotSize{{1280, 800}}, extra...)
	for _, sz := range sizes {
		w.Resize(fyne.NewSize(sz.W, sz.H))
		suffix := fmt.Sprintf("-%.0fx%.0f-%s", sz.W, sz.H, l)
		if sz.W == 1280 && sz.H == 800 {
			suffix = "-" + string(l)
		}
		s.editLine(0)
		if s.line == nil {
			return fmt.Errorf("screenshots: no line dialog")
		}
		err := save(w, "line-edit"+suffix)
		s.line.d.Hide()
		s.line = nil
		if err != nil {
			return err
		}
		probe := *cloneTicket(*u.ticket)
		total, _ := probe.Compute()
		a, ok := pos.AsApproval(probe.SetDiscount(total, ""))
		if !ok {
			continue
		}
		u.askPINFor(u.t("ui.pin.manager_title"), s.approvalText(u.t("ui.approve.discount", "100%", u.money(total)), a), pos.RoleManager, func(*pos.User) {})
		err = save(w, "approve"+suffix)
		u.pin.close(u)
		if err != nil {
			return err
		}
	}
	w.Resize(fyne.NewSize(1280, 800))
	return nil
}

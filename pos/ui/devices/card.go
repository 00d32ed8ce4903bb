package devices

import (
	"context"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hanout/drivers/concert"
	"hanout/drivers/serialport"
	"hanout/pos"
	"hanout/pos/i18n"
	"hanout/pos/store"
	"hanout/pos/ui"
)

// Card takes a card payment (or gives a refund back to the card) through
// the bank's terminal, configured in the store's concert.SettingKey
// setting. It is the till's ui.TenderProvider for cards.
//
// The terminal's verdict is taken as it is (concert.Settle). When the
// exchange broke after the terminal took the request (or it answered
// without a usable verdict), the tender comes back unverified with
// Recorded = pos.RecordedSlip: the till asks the seller to read the slip;
// the request is never resent. Only masked card data, as concert returns
// it, ever reaches the tender.
type Card struct {
	Store *store.Store
	// Open connects to the terminal; nil means concert.Open.
	Open func(concert.Config) (concert.Terminal, io.Closer, error)
	mu   sync.Mutex // one transaction at a time
	bg   sync.WaitGroup
}

// Wait returns once a test debit started from the settings section has
// ended.
func (c *Card) Wait() { c.bg.Wait() }

var _ ui.TenderProvider = (*Card)(nil)

func (c *Card) Kind() pos.TenderKind    { return pos.TenderCard }
func (c *Card) Label(l pos.Lang) string { return i18n.T(l, "ui.pay.card") }
func (c *Card) open(cfg concert.Config) (concert.Terminal, io.Closer, error) {
	if c.Open != nil {
		return c.Open(cfg)
	}
	return concert.Open(cfg)
}

// Ready says whether a terminal is set up.
func (c *Card) Ready(l pos.Lang) (bool, string) {
	if c.Store == nil {
		return false, i18n.T(l, "ui.pay.card_unavailable")
	}
	if _, ok, err := concert.LoadConfig(c.Store); err != nil || !ok {
		return false, i18n.T(l, "ui.card.not_configured")
	}
	return true, ""
}

// Pay runs one debit (or credit for a refund) on the terminal.
func (c *Card) Pay(ctx context.Context, req ui.TenderRequest, show func(ui.Progress)) (pos.Tender, error) {
	creq := concert.Request{Amount: req.Amount, Kind: concert.Debit}
	msg := "ui.card.present"
	if req.Refund {
		creq.Kind = concert.Refund
		msg = "ui.card.present_refund"
	}
	return c.run(ctx, req.Lang, creq, msg, show)
}

var _ ui.TenderVoider = (*Card)(nil)

// Void cancels card payment t through the terminal: Caisse-AP cancel,
// a credit of the same amount on Concert V2. The request is never resent:
// an uncertain answer comes back unverified, to be read off the slip.
func (c *Card) Void(ctx context.Context, req ui.TenderRequest, t pos.Tender, show func(ui.Progress)) (pos.Tender, error) {
	creq := concert.Request{Amount: t.Amount, Kind: concert.Cancel}
	return c.run(ctx, req.Lang, creq, "money.void.on_terminal", show)
}

// run sends creq to the configured terminal, one at a time, showing
// "connecting" and then the message msg, and settles its answer.
func (c *Card) run(ctx context.Context, l pos.Lang, creq concert.Request, msg string, show func(ui.Progress)) (pos.Tender, error) {
	cfg, ok, err := concert.LoadConfig(c.Store)
	if err != nil {
		return pos.Tender{}, err
	}
	if !ok {
		return pos.Tender{}, pos.Errorf("ui.card.not_configured")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	show(ui.Progress{Message: i18n.T(l, "ui.card.connecting")})
	term, closer, err := c.open(cfg)
	if err != nil {
		return pos.Tender{}, err
	}
	defer closer.Close()
	show(ui.Progress{Message: i18n.T(l, msg)})
	res, err := term.Pay(ctx, creq)
	return concert.Settle(creq, res, err)
}

// Section is the Settings section of the card terminal: protocol, port,
// line speed, till number, timeouts, and a test.
func (c *Card) Section() ui.SettingsSection {
	return ui.SettingsSection{
		Title: func(l pos.Lang) string { return i18n.T(l, "ui.card.settings") },
		Build: func(l pos.Lang, w fyne.Window) fyne.CanvasObject { return c.build(l, w).obj },
	}
}

type cardForm struct {
	obj         fyne.CanvasObject
	lang        pos.Lang
	win         fyne.Window
	c           *Card
	protocol    *widget.Select
	port        *widget.SelectEntry
	baud, till  *widget.Entry
	step, wait  *widget.Entry
	save, test  *widget.Button
	status      *ui.Paragraph
	testDone    func(concert.Result, error) // tests observe the test
	base        concert.Config
	confirmTest dialog.Dialog
}

func (c *Card) build(l pos.Lang, w fyne.Window) *cardForm {
	f := &cardForm{c: c, lang: l, win: w}
	cfg, ok, err := concert.LoadConfig(c.Store)
	if !ok || err != nil {
		cfg = concert.Defaults()
	}
	cfg = cfg.WithDefaults()
	f.base = cfg
	var protos []string
	for _, p := range concert.Protocols {
		protos = append(protos, string(p))
	}
	f.protocol = widget.NewSelect(protos, nil)
	f.protocol.SetSelected(string(cfg.Protocol))
	f.port = widget.NewSelectEntry(serialport.List())
	f.port.SetText(cfg.Port)
	mk := func(v string) *widget.Entry { e := widget.NewEntry(); e.SetText(v); return e }
	f.baud = mk(strconv.Itoa(cfg.Baud))
	f.till = mk(cfg.Till)
	secs := func(d concert.Duration) string { return strconv.FormatFloat(time.Duration(d).Seconds(), 'f', -1, 64) }
	f.step = mk(secs(cfg.Step))
	f.wait = mk(secs(cfg.CustomerWait))
	f.status = label(l, "")
	if !ok {
		setText(f.status, l, t(l, "ui.card.not_configured"))
	}
	f.save = widget.NewButtonWithIcon(ui.Visual(l, t(l, "ui.card.save")), theme.DocumentSaveIcon(), func() { f.doSave() })
	f.test = widget.NewButtonWithIcon(ui.Visual(l, t(l, "ui.card.test")), theme.MediaPlayIcon(), f.askTest)
	buttons := []fyne.CanvasObject{f.save, f.test}
	if l == pos.AR {
		buttons[0], buttons[1] = buttons[1], buttons[0]
	}
	f.obj = container.NewVBox(
		row(l, t(l, "ui.card.protocol"), f.protocol),
		row(l, t(l, "ui.card.port"), f.port),
		row(l, t(l, "ui.card.baud"), f.baud),
		row(l, t(l, "ui.card.till"), f.till),
		row(l, t(l, "ui.card.step"), f.step),
		row(l, t(l, "ui.card.wait"), f.wait),
		f.status,
		container.NewGridWithColumns(2, buttons...),
	)
	return f
}

// config reads the form into a terminal setting.
func (f *cardForm) config() (concert.Config, error) {
	cfg := f.base
	p, err := concert.ParseProtocol(f.protocol.Selected)
	if err != nil {
		return cfg, err
	}
	cfg.Protocol = p
	cfg.Port = strings.TrimSpace(f.port.Text)
	if cfg.Port == "" {
		return cfg, pos.Errorf("terminal.setting_invalid", t(f.lang, "ui.card.port"))
	}
	num := func(e *widget.Entry, name string, lo, hi int) (int, error) {
		n, err := strconv.Atoi(strings.TrimSpace(e.Text))
		if err != nil || n < lo || n > hi {
			return 0, pos.Errorf("terminal.setting_invalid", t(f.lang, name))
		}
		return n, nil
	}
	if cfg.Baud, err = num(f.baud, "ui.card.baud", 300, 921600); err != nil {
		return cfg, err
	}
	dur := func(e *widget.Entry, name string, lo, hi float64) (concert.Duration, error) {
		v, err := strconv.ParseFloat(strings.Replace(strings.TrimSpace(e.Text), ",", ".", 1), 64)
		if err != nil || v < lo || v > hi {
			return 0, pos.Errorf("terminal.setting_invalid", t(f.lang, name))
		}
		return concert.Duration(time.Duration(v * float64(time.Second))), nil
	}
	if cfg.Step, err = dur(f.step, "ui.card.step", 0.1, 60); err != nil {
		return cfg, err
	}
	if cfg.CustomerWait, err = dur(f.wait, "ui.card.wait", 1, 600); err != nil {
		return cfg, err
	}
	cfg.Till = strings.TrimSpace(f.till.Text)
	cfg = cfg.WithDefaults()
	return cfg, cfg.Validate()
}

func (f *cardForm) fail(err error) {
	setText(f.status, f.lang, i18n.Error(f.lang, err))
	f.status.Importance = widget.DangerImportance
	f.status.Refresh()
}

func (f *cardForm) doSave() bool {
	cfg, err := f.config()
	if err == nil {
		err = f.c.Store.PutSetting(concert.SettingKey, cfg)
	}
	if err != nil {
		f.fail(err)
		return false
	}
	setText(f.status, f.lang, t(f.lang, "ui.card.saved"))
	f.status.Importance = widget.SuccessImportance
	f.status.Refresh()
	return true
}

// askTest warns that the test is a real debit of 1.00 (Concert has no
// connection check), then saves and runs it.
func (f *cardForm) askTest() {
	d := dialog.NewConfirm(t(f.lang, "ui.card.test"), t(f.lang, "ui.card.test_warning"), func(ok bool) {
		if ok && f.doSave() {
			f.runTest()
		}
	}, f.win)
	f.confirmTest = d
	d.Show()
}

// runTest runs the test debit off the UI goroutine and shows the verdict
// through fyne.Do.
func (f *cardForm) runTest() {
	l := f.lang
	f.test.Disable()
	setText(f.status, l, t(l, "ui.card.present"))
	f.status.Importance = widget.MediumImportance
	f.status.Refresh()
	cfg, _ := f.config()
	f.c.bg.Add(1)
	go func() {
		defer f.c.bg.Done()
		var res concert.Result
		term, closer, err := f.c.open(cfg)
		if err == nil {
			ctx, cancel := context.WithTimeout(context.Background(), time.Duration(cfg.CustomerWait)+30*time.Second)
			res, err = term.Pay(ctx, concert.Request{Amount: 100, Kind: concert.Debit})
			cancel()
			closer.Close()
		}
		fyne.Do(func() {
			f.test.Enable()
			if err != nil {
				f.fail(err)
			} else {
				setText(f.status, l, t(l, res.Outcome.Key())+" "+res.CardMasked)
				f.status.Importance = widget.MediumImportance
				if res.Outcome == concert.Approved {
					f.status.Importance = widget.SuccessImportance
				}
				f.status.Refresh()
			}
			if f.testDone != nil {
				f.testDone(res, err)
			}
		})
	}()
}

package ui

import (
	"context"
	"errors"
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
)

// CardSetting is the store setting holding the terminal's concert.Config.
const CardSetting = "card"

// LoadCardConfig reads the terminal's setting; ok is false when none is
// saved.
func LoadCardConfig(st *store.Store) (cfg concert.Config, ok bool, err error) {
	ok, err = st.Setting(CardSetting, &cfg)
	return cfg, ok, err
}

// CardTender takes a card payment (or gives a refund back to the card)
// through the bank's terminal, configured in the store's "card" setting.
//
// The terminal's verdict is taken as it is. When the exchange broke after
// the terminal took the request (or it answered without a usable verdict),
// the tender comes back unverified with Recorded = pos.RecordedSlip: the
// till asks the seller to read the slip; the request is never resent.
// Only masked card data, as concert returns it, ever reaches the tender.
type CardTender struct {
	Store *store.Store
	// Open connects to the terminal; nil means concert.Open.
	Open func(concert.Config) (concert.Terminal, io.Closer, error)
	mu   sync.Mutex // one transaction at a time
}

func (c *CardTender) Kind() pos.TenderKind    { return pos.TenderCard }
func (c *CardTender) Label(l pos.Lang) string { return i18n.T(l, "ui.pay.card") }
func (c *CardTender) open(cfg concert.Config) (concert.Terminal, io.Closer, error) {
	if c.Open != nil {
		return c.Open(cfg)
	}
	return concert.Open(cfg)
}

// Ready says whether a terminal is set up.
func (c *CardTender) Ready(l pos.Lang) (bool, string) {
	if c.Store == nil {
		return false, i18n.T(l, "ui.pay.card_unavailable")
	}
	if _, ok, err := LoadCardConfig(c.Store); err != nil || !ok {
		return false, i18n.T(l, "ui.card.not_configured")
	}
	return true, ""
}

// Pay runs one debit (or credit for a refund) on the terminal.
func (c *CardTender) Pay(ctx context.Context, req TenderRequest, show func(Progress)) (pos.Tender, error) {
	cfg, ok, err := LoadCardConfig(c.Store)
	if err != nil {
		return pos.Tender{}, err
	}
	if !ok {
		return pos.Tender{}, pos.Errorf("ui.card.not_configured")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	show(Progress{Message: i18n.T(req.Lang, "ui.card.connecting")})
	term, closer, err := c.open(cfg)
	if err != nil {
		return pos.Tender{}, err
	}
	defer closer.Close()
	creq := concert.Request{Amount: req.Amount, Kind: concert.Debit}
	msg := "ui.card.present"
	if req.Refund {
		creq.Kind = concert.Refund
		msg = "ui.card.present_refund"
	}
	show(Progress{Message: i18n.T(req.Lang, msg)})
	res, err := term.Pay(ctx, creq)
	t := res.Tender(creq)
	switch {
	case res.Outcome.NeedsSlip() || errors.Is(err, concert.ErrAmbiguous):
		t.Status = pos.StatusUnverified
		t.Recorded = pos.RecordedSlip
		return t, nil
	case err != nil:
		return pos.Tender{}, err
	case res.Outcome == concert.Approved:
		return t, nil
	default:
		t.Status = pos.StatusRefused
		return t, nil
	}
}

// CardSettings is the Settings section of the card terminal: protocol,
// port, line speed, till number, timeouts, and a test.
func CardSettings(c *CardTender) SettingsSection {
	return SettingsSection{
		Title: func(l pos.Lang) string { return i18n.T(l, "ui.card.settings") },
		Build: func(l pos.Lang, w fyne.Window) fyne.CanvasObject {
			u := &UI{lang: l, win: w, do: fyne.Do}
			return u.cardSettings(c).obj
		},
	}
}

type cardForm struct {
	obj         fyne.CanvasObject
	u           *UI
	c           *CardTender
	protocol    *widget.Select
	port        *widget.SelectEntry
	baud, till  *widget.Entry
	step, wait  *widget.Entry
	save, test  *widget.Button
	status      *widget.Label
	testDone    func(concert.Result, error) // tests observe the test
	base        concert.Config
	confirmTest dialog.Dialog
}

func (u *UI) cardSettings(c *CardTender) *cardForm {
	f := &cardForm{u: u, c: c}
	cfg, ok, err := LoadCardConfig(c.Store)
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
	mk := func(v string) *widget.Entry { e := u.entry(""); e.SetText(v); return e }
	f.baud = mk(strconv.Itoa(cfg.Baud))
	f.till = mk(cfg.Till)
	secs := func(d concert.Duration) string { return strconv.FormatFloat(time.Duration(d).Seconds(), 'f', -1, 64) }
	f.step = mk(secs(cfg.Step))
	f.wait = mk(secs(cfg.CustomerWait))
	f.status = u.wrapLabel("")
	if !ok {
		f.status.SetText(u.t("ui.card.not_configured"))
	}
	f.save = widget.NewButtonWithIcon(u.t("ui.card.save"), theme.DocumentSaveIcon(), func() { f.doSave() })
	f.test = widget.NewButtonWithIcon(u.t("ui.card.test"), theme.MediaPlayIcon(), f.askTest)
	f.obj = container.NewVBox(
		u.formRow(u.t("ui.card.protocol"), f.protocol),
		u.formRow(u.t("ui.card.port"), f.port),
		u.formRow(u.t("ui.card.baud"), f.baud),
		u.formRow(u.t("ui.card.till"), f.till),
		u.formRow(u.t("ui.card.step"), f.step),
		u.formRow(u.t("ui.card.wait"), f.wait),
		f.status,
		u.grid(2, f.save, f.test),
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
		return cfg, pos.Errorf("terminal.setting_invalid", f.u.t("ui.card.port"))
	}
	num := func(e *widget.Entry, name string, lo, hi int) (int, error) {
		n, err := strconv.Atoi(strings.TrimSpace(e.Text))
		if err != nil || n < lo || n > hi {
			return 0, pos.Errorf("terminal.setting_invalid", f.u.t(name))
		}
		return n, nil
	}
	if cfg.Baud, err = num(f.baud, "ui.card.baud", 300, 921600); err != nil {
		return cfg, err
	}
	dur := func(e *widget.Entry, name string, lo, hi float64) (concert.Duration, error) {
		v, err := strconv.ParseFloat(strings.Replace(strings.TrimSpace(e.Text), ",", ".", 1), 64)
		if err != nil || v < lo || v > hi {
			return 0, pos.Errorf("terminal.setting_invalid", f.u.t(name))
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
	f.status.SetText(f.u.tErr(err))
	f.status.Importance = widget.DangerImportance
	f.status.Refresh()
}

func (f *cardForm) doSave() bool {
	cfg, err := f.config()
	if err == nil {
		err = f.c.Store.PutSetting(CardSetting, cfg)
	}
	if err != nil {
		f.fail(err)
		return false
	}
	f.status.SetText(f.u.t("ui.card.saved"))
	f.status.Importance = widget.SuccessImportance
	f.status.Refresh()
	return true
}

// askTest warns that the test is a real debit of 1.00 (Concert has no
// connection check), then saves and runs it.
func (f *cardForm) askTest() {
	u := f.u
	d := dialog.NewConfirm(u.t("ui.card.test"), u.t("ui.card.test_warning"), func(ok bool) {
		if ok && f.doSave() {
			f.runTest()
		}
	}, u.win)
	f.confirmTest = d
	d.Show()
}

func (f *cardForm) runTest() {
	u := f.u
	f.test.Disable()
	f.status.SetText(u.t("ui.card.present"))
	f.status.Importance = widget.MediumImportance
	f.status.Refresh()
	cfg, _ := f.config()
	go func() {
		var res concert.Result
		term, closer, err := f.c.open(cfg)
		if err == nil {
			ctx, cancel := context.WithTimeout(context.Background(), time.Duration(cfg.CustomerWait)+30*time.Second)
			res, err = term.Pay(ctx, concert.Request{Amount: 100, Kind: concert.Debit})
			cancel()
			closer.Close()
		}
		u.do(func() {
			f.test.Enable()
			if err != nil {
				f.fail(err)
			} else {
				f.status.SetText(u.t(res.Outcome.Key()) + " " + res.CardMasked)
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

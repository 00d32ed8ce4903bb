package ui

import (
	"context"
	"errors"
	"image"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hanout/pos"
	"hanout/pos/i18n"
	"hanout/pos/qr"
	"hanout/pos/store"
)

// MerchantFile is the QR merchant configuration in the data folder.
const MerchantFile = "merchant.json"

// QRSetting is the "qr" setting of the store: how long a code waits.
type QRSetting struct {
	ExpirySeconds int `json:"expiry_seconds,omitempty"`
}

// LoadQRSetting reads the "qr" setting; the zero value means the defaults.
func LoadQRSetting(st *store.Store) QRSetting {
	var s QRSetting
	if _, err := st.Setting("qr", &s); err != nil {
		return QRSetting{}
	}
	return s
}

// Expiry is how long a code waits for its payment.
func (s QRSetting) Expiry() time.Duration {
	if s.ExpirySeconds <= 0 {
		return qr.DefaultExpiry
	}
	return time.Duration(s.ExpirySeconds) * time.Second
}

// QRTender takes a payment by a dynamic EMVCo QR code that the buyer scans
// with a wallet or card-scheme app. The code carries the amount, a
// reference unique per terminal forever (store.NextSequence("qr")) and the
// number the receipt will get; the tender waits for Source to confirm the
// payment. A payer's phone screen is never proof: when Source cannot
// answer, the seller may only record "paid — to verify" with a manager's
// PIN, and the sale is committed with an unverified tender.
type QRTender struct {
	Store   *store.Store
	DataDir string           // holds merchant.json
	Source  qr.PaymentStatus // the platform (sync), or qr.Fake in tests
	// Now is the clock (nil: time.Now); the countdown and the expiry
	// follow it.
	Now func() time.Time
	// Tick is how often the countdown is redrawn (default 1 s); the
	// source is asked at most every PollEvery (default 2 s; negative: at
	// every tick).
	Tick, PollEvery time.Duration
	// ImageSize is the side of the rendered code in pixels (default 1024,
	// drawn scaled with sharp edges).
	ImageSize int
}

func (q *QRTender) path() string { return filepath.Join(q.DataDir, MerchantFile) }

func (q *QRTender) now() time.Time {
	if q.Now != nil {
		return q.Now()
	}
	return time.Now()
}

// Kind is the tender kind payments to the configured merchant get.
func (q *QRTender) Kind() pos.TenderKind {
	if m, err := qr.LoadMerchant(q.path()); err == nil {
		return m.TenderKind()
	}
	return pos.TenderQRWallet
}

func (q *QRTender) Label(l pos.Lang) string { return i18n.T(l, "ui.pay.qr") }

// Ready says whether a merchant is configured.
func (q *QRTender) Ready(l pos.Lang) (bool, string) {
	if q.Source == nil || q.Store == nil {
		return false, i18n.T(l, "ui.pay.qr_unavailable")
	}
	if _, err := qr.LoadMerchant(q.path()); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return false, i18n.T(l, "ui.qr.not_configured")
		}
		return false, i18n.Error(l, err)
	}
	return true, ""
}

// asciiLabel keeps what object 62/07 accepts of a terminal label.
func asciiLabel(s string) string {
	var b strings.Builder
	for i := 0; i < len(s) && b.Len() < 25; i++ {
		if s[i] >= 0x20 && s[i] <= 0x7E {
			b.WriteByte(s[i])
		}
	}
	return strings.TrimSpace(b.String())
}

// Pay shows the code and follows the payment (see QRTender).
func (q *QRTender) Pay(ctx context.Context, req TenderRequest, show func(Progress)) (pos.Tender, error) {
	if req.Refund {
		return pos.Tender{}, pos.Errorf("ui.qr.no_refund")
	}
	c, err := q.newCode(req)
	if err != nil {
		return pos.Tender{}, err
	}
	return q.follow(ctx, req, c, show)
}

// qrCode is one dynamic code shown for one payment.
type qrCode struct {
	m   qr.Merchant
	ref string
	img image.Image
	s   *qr.Session
}

// newCode makes the code of req: its reference, payload, image and the
// session that follows its payment.
func (q *QRTender) newCode(req TenderRequest) (*qrCode, error) {
	m, err := qr.LoadMerchant(q.path())
	if err != nil {
		return nil, err
	}
	label := asciiLabel(req.Shop.Terminal)
	if label == "" {
		label = asciiLabel(req.Terminal)
	}
	seq, err := q.Store.NextSequence("qr")
	if err != nil {
		return nil, err
	}
	// The reference rests on the store's random install id, not on the
	// terminal label: sellers leave "STAND-1" as it is, and two tills
	// sharing references could take each other's payments.
	prefix := q.Store.InstallID()
	if prefix == "" {
		prefix = label
	}
	c := &qrCode{m: m, ref: qr.Reference(prefix, seq)}
	receipt := q.Store.Counters().Receipt + 1
	payload, err := qr.Dynamic(m, req.Amount, c.ref, receipt, label)
	if err != nil {
		return nil, err
	}
	size := q.ImageSize
	if size <= 0 {
		size = 1024
	}
	if c.img, err = qr.Image(payload, size); err != nil {
		return nil, err
	}
	c.s, err = qr.NewSession(q.Source, qr.Request{Payload: payload, Ref: c.ref, Amount: req.Amount, Kind: m.TenderKind(),
		Created: q.now(), Expiry: LoadQRSetting(q.Store).Expiry()})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// pace is how often Pay redraws (tick) and asks the platform (every).
func (q *QRTender) pace() (tick, every time.Duration) {
	tick, every = q.Tick, q.PollEvery
	if tick <= 0 {
		tick = time.Second
	}
	if every == 0 {
		every = 2 * time.Second
	} else if every < 0 {
		every = 0
	}
	return tick, every
}

// progress shows the code with its countdown, or why it waits.
func (q *QRTender) progress(l pos.Lang, c *qrCode, show func(Progress)) {
	s := c.s
	p := Progress{Image: c.img, Demo: c.m.Demo(), Countdown: s.Remaining(q.now()), ShowCountdown: s.State() == qr.Waiting}
	switch {
	case s.State() == qr.Expired: // only while the source could not tell
		p.Message, p.Warn, p.CanRecord = i18n.T(l, "ui.qr.expired_unconfirmed"), true, true
	case s.Unconfirmed() != nil:
		p.Message, p.Warn, p.CanRecord = i18n.T(l, "ui.qr.offline"), true, true
	default:
		p.Message = i18n.T(l, "ui.qr.scan", c.ref)
	}
	show(p)
}

// follow waits for the payment of c: paid, recorded by the seller,
// cancelled, or expired.
func (q *QRTender) follow(ctx context.Context, req TenderRequest, c *qrCode, show func(Progress)) (pos.Tender, error) {
	tick, every := q.pace()
	q.progress(req.Lang, c, show)
	t := time.NewTicker(tick)
	defer t.Stop()
	var polled time.Time
	for {
		select {
		case <-ctx.Done():
			return q.cancelled(ctx, c)
		case name := <-req.Record:
			td, err := c.s.RecordUnverified(name)
			if err != nil {
				if td, ok := c.s.Tender(); ok { // the platform confirmed it first
					return td, nil
				}
				return pos.Tender{}, err
			}
			return td, nil
		case <-t.C:
		}
		now := q.now()
		if c.s.State() == qr.Waiting && (polled.IsZero() || now.Sub(polled) >= every || !now.Before(c.s.Deadline())) {
			polled = now
			if td, done, err := q.poll(ctx, c, now); done {
				return td, err
			}
		}
		q.progress(req.Lang, c, show)
	}
}

// poll asks the platform once; done says the payment has its outcome.
func (q *QRTender) poll(ctx context.Context, c *qrCode, now time.Time) (td pos.Tender, done bool, err error) {
	st, _ := c.s.Poll(ctx, now)
	switch {
	case st == qr.Paid:
		td, _ := c.s.Tender()
		return td, true, nil
	case st == qr.Cancelled && ctx.Err() == nil:
		return pos.Tender{}, true, pos.Errorf("ui.qr.cancelled_by_payer", c.ref)
	case st == qr.Expired && c.s.Unconfirmed() == nil:
		return pos.Tender{}, true, pos.Errorf("ui.qr.expired", c.ref)
	}
	return pos.Tender{}, false, nil
}

// cancelled lets the code go when the seller cancels, after one last
// question: a buyer who paid in the last seconds has paid this sale.
func (q *QRTender) cancelled(ctx context.Context, c *qrCode) (pos.Tender, error) {
	s := c.s
	if s.State() == qr.Waiting {
		last, stop := context.WithTimeout(context.Background(), lastPoll)
		st, _ := s.Poll(last, q.now())
		stop()
		if st == qr.Paid {
			td, _ := s.Tender()
			return td, nil
		}
	}
	if s.Cancel() != nil { // paid or recorded meanwhile: the money is taken
		if td, ok := s.Tender(); ok {
			return td, nil
		}
	}
	return pos.Tender{}, ctx.Err()
}

// lastPoll bounds the final status question asked when the seller
// cancels a code.
const lastPoll = 3 * time.Second

// QRSettings is the Settings section of the QR merchant: what the acquirer
// issued, saved to merchant.json after validation, and the code's expiry.
func QRSettings(q *QRTender) SettingsSection {
	return SettingsSection{
		Title: func(l pos.Lang) string { return i18n.T(l, "ui.qr.settings") },
		Build: func(l pos.Lang, w fyne.Window) fyne.CanvasObject {
			u := &UI{lang: l, win: w}
			return u.qrSettings(q).obj
		},
	}
}

// qrForm is the merchant editor.
type qrForm struct {
	obj                     fyne.CanvasObject
	u                       *UI
	path                    string
	store                   *store.Store
	name, city, postal, mcc *widget.Entry
	nameAR, cityAR          *widget.Entry
	mcID                    *widget.Select
	mcValue                 *widget.Entry
	schemes                 *widget.Entry
	expiry                  *widget.Entry
	save                    *widget.Button
	status                  *paraLabel
	none                    string
	loadErr                 error
	saved                   bool
}

func (u *UI) qrSettings(q *QRTender) *qrForm {
	f := &qrForm{path: q.path(), store: q.Store, u: u}
	m, err := qr.LoadMerchant(f.path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		f.loadErr = err
	}
	mk := func(v, hint string) *widget.Entry { e := u.entry(hint); e.SetText(v); return e }
	f.name, f.city = mk(m.Name, "HANOUT ATLAS"), mk(m.City, "MARRAKECH")
	f.postal, f.mcc = mk(m.PostalCode, "40000"), mk(m.MCC, "5970")
	f.nameAR, f.cityAR = mk(m.NameAR, ""), mk(m.CityAR, "")
	f.none = u.t("ui.qr.mc_none")
	f.mcID = widget.NewSelect([]string{f.none, "04", "05"}, nil)
	f.mcID.SetSelected(f.none)
	f.mcValue = mk("", "")
	if m.Mastercard != nil {
		f.mcID.SetSelected(m.Mastercard.ID)
		f.mcValue.SetText(m.Mastercard.Value)
	}
	f.schemes = widget.NewMultiLineEntry()
	f.schemes.SetPlaceHolder("26|ma.bank.wallet|01=MERCHANT-ID")
	f.schemes.SetText(formatSchemes(m.Schemes))
	f.schemes.SetMinRowsVisible(3)
	set := QRSetting{}
	if q.Store != nil {
		set = LoadQRSetting(q.Store)
	}
	f.expiry = mk(strconv.Itoa(int(set.Expiry()/time.Second)), "300")
	f.status = u.wrapLabel("")
	if f.loadErr != nil {
		f.status.SetText(u.tErr(f.loadErr))
		f.status.Importance = widget.DangerImportance
	} else if m.Demo() {
		f.status.SetText(u.t("ui.qr.demo"))
		f.status.Importance = widget.WarningImportance
	}
	f.save = widget.NewButtonWithIcon(u.t("ui.qr.save"), theme.DocumentSaveIcon(), f.doSave)
	help := u.wrapLabel(u.t("ui.qr.schemes_help"))
	help.SizeName = theme.SizeNameCaptionText
	f.obj = container.NewVBox(
		u.formRow(u.t("ui.qr.name"), f.name),
		u.formRow(u.t("ui.qr.city"), f.city),
		u.formRow(u.t("ui.qr.postal"), f.postal),
		u.formRow(u.t("ui.qr.mcc"), f.mcc),
		u.formRow(u.t("ui.qr.name_ar"), f.nameAR),
		u.formRow(u.t("ui.qr.city_ar"), f.cityAR),
		u.formRow(u.t("ui.qr.mastercard"), container.NewBorder(nil, nil, f.mcID, nil, f.mcValue)),
		u.formRow(u.t("ui.qr.schemes"), f.schemes),
		help,
		u.formRow(u.t("ui.qr.expiry"), f.expiry),
		f.status,
		f.save,
	)
	return f
}

// formatSchemes writes one scheme a line: ID|GUID|SUB=VALUE|…
func formatSchemes(ss []qr.Scheme) string {
	var lines []string
	for _, s := range ss {
		parts := []string{s.ID, s.GUID}
		for _, f := range s.Sub {
			parts = append(parts, f.ID+"="+f.Value)
		}
		lines = append(lines, strings.Join(parts, "|"))
	}
	return strings.Join(lines, "\n")
}

// parseSchemes reads formatSchemes' text back; the values themselves are
// checked by qr.Merchant.Validate.
func parseSchemes(text string) ([]qr.Scheme, error) {
	var out []qr.Scheme
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		parts := strings.Split(line, "|")
		if len(parts) < 2 {
			return nil, pos.Errorf("ui.qr.scheme_line", i+1)
		}
		s := qr.Scheme{ID: strings.TrimSpace(parts[0]), GUID: strings.TrimSpace(parts[1])}
		for _, p := range parts[2:] {
			id, v, ok := strings.Cut(p, "=")
			if !ok {
				return nil, pos.Errorf("ui.qr.scheme_line", i+1)
			}
			s.Sub = append(s.Sub, qr.Field{ID: strings.TrimSpace(id), Value: strings.TrimSpace(v)})
		}
		out = append(out, s)
	}
	return out, nil
}

func (f *qrForm) merchant() (qr.Merchant, error) {
	m := qr.Merchant{
		Name: strings.TrimSpace(f.name.Text), City: strings.TrimSpace(f.city.Text),
		PostalCode: strings.TrimSpace(f.postal.Text), MCC: strings.TrimSpace(f.mcc.Text),
		NameAR: strings.TrimSpace(f.nameAR.Text), CityAR: strings.TrimSpace(f.cityAR.Text),
	}
	if f.mcID.Selected == "04" || f.mcID.Selected == "05" {
		m.Mastercard = &qr.Field{ID: f.mcID.Selected, Value: strings.TrimSpace(f.mcValue.Text)}
	}
	ss, err := parseSchemes(f.schemes.Text)
	if err != nil {
		return m, err
	}
	m.Schemes = ss
	return m, nil
}

func (f *qrForm) doSave() {
	u := f.u
	fail := func(err error) {
		f.status.SetText(u.tErr(err))
		f.status.Importance = widget.DangerImportance
		f.status.Refresh()
	}
	secs, err := strconv.Atoi(strings.TrimSpace(f.expiry.Text))
	if err != nil || secs < 30 || secs > 3600 {
		fail(pos.Errorf("ui.qr.expiry_invalid", f.expiry.Text))
		return
	}
	m, err := f.merchant()
	if err != nil {
		fail(err)
		return
	}
	if err := qr.SaveMerchant(f.path, m); err != nil {
		fail(err)
		return
	}
	if f.store != nil {
		if err := f.store.PutSetting("qr", QRSetting{ExpirySeconds: secs}); err != nil {
			fail(err)
			return
		}
	}
	f.saved = true
	f.status.SetText(u.t("ui.qr.saved"))
	f.status.Importance = widget.SuccessImportance
	if m.Demo() {
		f.status.SetText(u.v(u.tl("ui.qr.saved") + " " + u.tl("ui.qr.demo")))
		f.status.Importance = widget.WarningImportance
	}
	f.status.Refresh()
}

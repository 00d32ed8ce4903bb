package ui

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"hanout/drivers/concert"
	"hanout/drivers/concert/termsim"
	"hanout/drivers/concert/termsim/termsimtest"
	"hanout/pos"
	"hanout/pos/i18n"
	"hanout/pos/qr"
	"hanout/pos/store"
)

// clock is a controllable time source for the QR countdown and expiry.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// uiQueue stands for Fyne's event loop: work posted by tender providers
// (u.do) waits here and runs on the test goroutine, in order, when the test
// asks, so the widgets are never touched from two goroutines.
type uiQueue struct {
	mu sync.Mutex
	fs []func()
	ch chan struct{}
}

func (q *uiQueue) post(f func()) {
	q.mu.Lock()
	q.fs = append(q.fs, f)
	q.mu.Unlock()
	select {
	case q.ch <- struct{}{}:
	default:
	}
}

func (q *uiQueue) pop() func() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.fs) == 0 {
		return nil
	}
	f := q.fs[0]
	q.fs = q.fs[1:]
	return f
}

// queued makes the till's asynchronous UI work run through a queue.
func (tl *till) queued() *uiQueue {
	q := &uiQueue{ch: make(chan struct{}, 1)}
	tl.UI.do = q.post
	return q
}

// until runs posted UI work until cond holds. The 20 s guard only stops a
// hung test; nothing asserts how long anything took.
func (tl *till) until(t *testing.T, q *uiQueue, what string, cond func() bool) {
	t.Helper()
	guard := time.After(20 * time.Second)
	for !cond() {
		if f := q.pop(); f != nil {
			f()
			continue
		}
		select {
		case <-q.ch:
		case <-guard:
			t.Fatalf("gave up waiting for %s", what)
		}
	}
}

// overlayText is every label shown in dialogs and pop-ups.
func (tl *till) overlayText() string {
	var b strings.Builder
	for _, o := range tl.win.Canvas().Overlays().List() {
		walk(o, func(o fyne.CanvasObject) {
			if text, ok := labelText(o); ok {
				b.WriteString(text + "\n")
			}
		})
	}
	return b.String()
}

// withQR plugs a QR tender on a fake payment source and the demo merchant.
func (tl *till) withQR(t *testing.T, src qr.PaymentStatus, clk *clock) *QRTender {
	t.Helper()
	if err := qr.SaveMerchant(filepath.Join(tl.dataDir, MerchantFile), qr.DemoMerchant()); err != nil {
		t.Fatal(err)
	}
	q := &QRTender{Store: tl.st, DataDir: tl.dataDir, Source: src, Now: clk.Now, Tick: time.Millisecond, PollEvery: -1, ImageSize: 512}
	tl.hooks.QR = q
	return q
}

// newQRTill is a till whose QR tender asks a fake status source and reads a
// clock the test moves.
func newQRTill(t *testing.T) (*till, *uiQueue, *qr.Fake, *clock, *QRTender) {
	tl := newTill(t)
	q := tl.queued()
	src, clk := qr.NewFake(), newClock()
	return tl, q, src, clk, tl.withQR(t, src, clk)
}

func newClock() *clock { return &clock{t: time.Date(2025, 3, 21, 10, 30, 0, 0, time.Local)} }

// ringTajine logs a cashier in, opens the shift, rings up the 250 DH
// tajine and opens the pay screen.
func (tl *till) ringTajine(t *testing.T) {
	t.Helper()
	tl.loginAs(t, "c1", cashierPIN)
	tl.openShift(t)
	test.Tap(tl.tile(t, "tajine", "TAJ-1"))
	test.Tap(tl.sell.pay)
}

func (tl *till) showsCode(t *testing.T, q *uiQueue) {
	t.Helper()
	tl.until(t, q, "the QR code on screen", func() bool { return tl.tender != nil && tl.tender.img.Visible() })
}

func stored(t *testing.T, tl *till, receipt uint64) *pos.Document {
	t.Helper()
	d, err := tl.st.ByReceipt(receipt)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestQRTenderPaid(t *testing.T) {
	tl, q, src, clk, _ := newQRTill(t)
	tl.ringTajine(t)
	next := tl.st.Counters().Receipt + 1
	test.Tap(tl.pay.qr)
	tl.showsCode(t, q)
	// Large enough to scan from a metre on the 1280×800 till.
	if s := tl.tender.img.Size(); s.Width < 500 || s.Height < 500 {
		t.Fatalf("QR code drawn %v", s)
	}
	if got := tl.tender.amount.Text; got != pos.Money(25000).Format(pos.FR) {
		t.Fatalf("amount shows %q", got)
	}
	scanScreen(t, tl, qr.Reference(tl.st.InstallID(), 1))
	if tl.tender.shop.Text != "Bazar Atlas" || tl.tender.count.Text != "5:00" {
		t.Fatalf("shop %q, countdown %q", tl.tender.shop.Text, tl.tender.count.Text)
	}
	if !tl.tender.demo.Visible() || tl.tender.record.Visible() {
		t.Fatal("demo warning hidden, or 'paid — to verify' offered while online")
	}
	clk.Advance(90 * time.Second)
	tl.until(t, q, "the countdown", func() bool { return tl.tender.count.Text == "3:30" })

	ref := qr.Reference(tl.st.InstallID(), 1)
	src.Pay(ref)
	tl.until(t, q, "the sale", func() bool { return tl.pay.done != nil })
	d := stored(t, tl, tl.pay.done.Receipt)
	if d.Receipt != next {
		t.Fatalf("receipt %d, the code announced %d", d.Receipt, next)
	}
	if len(d.Tenders) != 1 {
		t.Fatalf("tenders %+v", d.Tenders)
	}
	td := d.Tenders[0]
	if td.Kind != pos.TenderQRWallet || td.Status != pos.StatusApproved || td.Amount != 25000 || td.Reference != ref || td.ApprovedBy != "" {
		t.Fatalf("tender %+v", td)
	}
	if tl.tender != nil {
		t.Fatal("QR screen still shown")
	}
}

// scanScreen decodes the till's window with zbarimg, an independent
// decoder, when it is installed: the code on screen is the payment's.
func scanScreen(t *testing.T, tl *till, ref string) {
	t.Helper()
	bin, err := exec.LookPath("zbarimg")
	if err != nil {
		t.Log("zbarimg not installed: screen not decoded")
		return
	}
	path := filepath.Join(t.TempDir(), "screen.png")
	if err := writePNG(path, tl.win.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--raw", "-q", path).Output()
	if err != nil {
		t.Fatalf("zbarimg could not read the screen: %v", err)
	}
	got := strings.TrimSpace(string(out))
	if !strings.HasPrefix(got, "000201010212") || !strings.Contains(got, "05"+fmt.Sprintf("%02d", len(ref))+ref) || !strings.Contains(got, "5406250.00") {
		t.Fatalf("screen decodes to %q", got)
	}
}

func TestQRTenderExpired(t *testing.T) {
	tl, q, src, clk, _ := newQRTill(t)
	if err := tl.st.PutSetting("qr", QRSetting{ExpirySeconds: 30}); err != nil {
		t.Fatal(err)
	}
	tl.ringTajine(t)
	test.Tap(tl.pay.qr)
	tl.showsCode(t, q)
	if tl.tender.count.Text != "0:30" {
		t.Fatalf("countdown %q with a 30 s expiry", tl.tender.count.Text)
	}
	clk.Advance(31 * time.Second)
	tl.until(t, q, "the expiry", func() bool { return tl.tender == nil })
	if tl.pay.done != nil || len(tl.pay.tenders) != 0 {
		t.Fatalf("something recorded after expiry: %+v", tl.pay.tenders)
	}
	if want := tl.t("ui.qr.expired", qr.Reference(tl.st.InstallID(), 1)); !strings.Contains(tl.overlayText(), want) {
		t.Fatalf("no expiry message; shown:\n%s", tl.overlayText())
	}
	// A payment arriving late is not taken by the till (sync reconciles it).
	src.Pay(qr.Reference(tl.st.InstallID(), 1))
	if tl.pay.done != nil {
		t.Fatal("late payment committed")
	}
	// The next code has a new reference.
	test.Tap(tl.pay.qr)
	tl.showsCode(t, q)
	src.Pay(qr.Reference(tl.st.InstallID(), 2))
	tl.until(t, q, "the sale", func() bool { return tl.pay.done != nil })
	if r := tl.pay.done.Tenders[0].Reference; r != qr.Reference(tl.st.InstallID(), 2) {
		t.Fatalf("reference %s", r)
	}
}

func TestQRTenderCancelled(t *testing.T) {
	tl, q, _, _, _ := newQRTill(t)
	tl.ringTajine(t)
	test.Tap(tl.pay.qr)
	tl.showsCode(t, q)
	test.Tap(tl.tender.cancel)
	tl.until(t, q, "the cancel", func() bool { return tl.tender == nil })
	if tl.pay.done != nil || len(tl.pay.tenders) != 0 {
		t.Fatal("something recorded after cancel")
	}
	if c := tl.win.Canvas().Overlays().List(); len(c) != 0 {
		t.Fatalf("%d dialogs after a cancel, want none:\n%s", len(c), tl.overlayText())
	}
	// The sale can still be paid in cash.
	test.Tap(tl.pay.exact)
	if tl.pay.done == nil || tl.pay.done.Tenders[0].Kind != pos.TenderCash {
		t.Fatal("cash after a cancelled QR failed")
	}
}

// A buyer who pays in the seconds before the seller taps Cancel has paid:
// the till asks one last time before letting the code go.
func TestQRPaidJustBeforeCancelIsKept(t *testing.T) {
	tl, q, src, _, qt := newQRTill(t)
	qt.PollEvery = time.Hour // no regular poll between the payment and the cancel
	tl.ringTajine(t)
	test.Tap(tl.pay.qr)
	tl.showsCode(t, q)
	ref := qr.Reference(tl.st.InstallID(), 1)
	tl.until(t, q, "the first poll", func() bool { return src.Calls(ref) >= 1 })
	src.Pay(ref)
	test.Tap(tl.tender.cancel)
	tl.until(t, q, "the sale", func() bool { return tl.pay.done != nil })
	td := tl.pay.done.Tenders[0]
	if td.Reference != ref || td.Status != pos.StatusApproved || td.Amount != 25000 {
		t.Fatalf("tender %+v", td)
	}
}

func TestQRTenderOfflineNeedsManager(t *testing.T) {
	tl, q, src, _, _ := newQRTill(t)
	src.SetError(qr.ErrOffline)
	tl.ringTajine(t)
	test.Tap(tl.pay.qr)
	tl.showsCode(t, q)
	tl.until(t, q, "the 'paid — to verify' button", func() bool { return tl.tender.record.Visible() })
	if !strings.Contains(tl.tender.msg.Text, tl.t("ui.qr.offline")) {
		t.Fatalf("message %q", tl.tender.msg.Text)
	}
	test.Tap(tl.tender.record)
	if tl.pin == nil {
		t.Fatal("no manager PIN asked")
	}
	tl.typePIN(t, cashierPIN) // a cashier is not a manager
	tl.typePIN(t, "9999")     // nor is a wrong PIN
	if tl.pin == nil || tl.pin.msg.Text == "" {
		t.Fatal("a wrong PIN was accepted")
	}
	// Nothing is recorded meanwhile, and the till keeps asking.
	n := src.Calls(qr.Reference(tl.st.InstallID(), 1))
	tl.until(t, q, "more polls", func() bool { return src.Calls(qr.Reference(tl.st.InstallID(), 1)) > n })
	if tl.pay.done != nil || len(tl.pay.tenders) != 0 {
		t.Fatal("recorded without a manager")
	}
	tl.typePIN(t, managerPIN)
	tl.until(t, q, "the sale", func() bool { return tl.pay.done != nil })
	td := stored(t, tl, tl.pay.done.Receipt).Tenders[0]
	if td.Status != pos.StatusUnverified || td.ApprovedBy != "Fatima" || td.Kind != pos.TenderQRWallet || td.Amount != 25000 {
		t.Fatalf("tender %+v", td)
	}
	if tl.pin != nil {
		t.Fatal("a second PIN was asked")
	}
	// The shift report counts it as unverified.
	test.Tap(tl.pay.newSale)
	rep, err := tl.st.XReport()
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Unverified) != 1 {
		t.Fatalf("report lists %d unverified tenders", len(rep.Unverified))
	}
}

func TestQRExpiredOfflineCanStillBeRecorded(t *testing.T) {
	tl, q, src, clk, _ := newQRTill(t)
	src.SetError(qr.ErrOffline)
	tl.ringTajine(t)
	test.Tap(tl.pay.qr)
	tl.showsCode(t, q)
	clk.Advance(6 * time.Minute)
	tl.until(t, q, "the unconfirmed expiry", func() bool {
		return tl.tender != nil && tl.tender.msg.Text == tl.t("ui.qr.expired_unconfirmed")
	})
	if !tl.tender.record.Visible() {
		t.Fatal("no 'paid — to verify' after an unconfirmed expiry")
	}
	test.Tap(tl.tender.record)
	tl.typePIN(t, managerPIN)
	tl.until(t, q, "the sale", func() bool { return tl.pay.done != nil })
	if td := tl.pay.done.Tenders[0]; td.Status != pos.StatusUnverified {
		t.Fatalf("tender %+v", td)
	}
}

func TestSplitCashAndQR(t *testing.T) {
	tl, q, src, _, _ := newQRTill(t)
	tl.ringTajine(t)
	test.Tap(tl.pay.quick[10000]) // 100 in cash, 150 left
	test.Tap(tl.pay.qr)
	tl.showsCode(t, q)
	if got := tl.tender.amount.Text; got != pos.Money(15000).Format(pos.FR) {
		t.Fatalf("QR asks %q, want the 150 left", got)
	}
	src.Pay(qr.Reference(tl.st.InstallID(), 1))
	tl.until(t, q, "the sale", func() bool { return tl.pay.done != nil })
	d := stored(t, tl, tl.pay.done.Receipt)
	if len(d.Tenders) != 2 || d.Tenders[0].Kind != pos.TenderCash || d.Tenders[0].Amount != 10000 ||
		d.Tenders[1].Kind != pos.TenderQRWallet || d.Tenders[1].Amount != 15000 || d.Tenders[1].Status != pos.StatusApproved {
		t.Fatalf("tenders %+v", d.Tenders)
	}
}

func TestQRNotConfigured(t *testing.T) {
	tl := newTill(t)
	tl.hooks.QR = &QRTender{Store: tl.st, DataDir: tl.dataDir, Source: qr.NewFake()}
	tl.ringTajine(t)
	if !tl.pay.qr.Disabled() || tl.pay.qrWhy.Text != tl.t("ui.qr.not_configured") {
		t.Fatalf("QR button enabled=%v, why %q", !tl.pay.qr.Disabled(), tl.pay.qrWhy.Text)
	}
}

func TestQRSettingsSavesMerchant(t *testing.T) {
	tl := newTill(t)
	qt := &QRTender{Store: tl.st, DataDir: tl.dataDir, Source: qr.NewFake()}
	f := tl.qrSettings(qt)
	f.name.SetText("Coop Tiznit")
	f.city.SetText("TIZNIT")
	f.mcc.SetText("59X0")
	f.schemes.SetText("26|ma.bank.wallet|01=M-123")
	test.Tap(f.save)
	if f.saved || !strings.Contains(f.status.Text, "59X0") {
		t.Fatalf("bad MCC saved, or no translated error: %q", f.status.Text)
	}
	f.mcc.SetText("5970")
	f.schemes.SetText("26 ma.bank.wallet")
	test.Tap(f.save)
	if f.saved || f.status.Text != tl.t("ui.qr.scheme_line", 1) {
		t.Fatalf("bad scheme line: %q", f.status.Text)
	}
	f.schemes.SetText("26|ma.bank.wallet|01=M-123|02=X")
	f.mcID.SetSelected("04")
	f.mcValue.SetText("5555444433332222")
	f.expiry.SetText("120")
	test.Tap(f.save)
	if !f.saved {
		t.Fatalf("not saved: %q", f.status.Text)
	}
	m, err := qr.LoadMerchant(filepath.Join(tl.dataDir, MerchantFile))
	if err != nil {
		t.Fatal(err)
	}
	if m.Name != "Coop Tiznit" || m.Mastercard == nil || m.Mastercard.ID != "04" || len(m.Schemes) != 1 || len(m.Schemes[0].Sub) != 2 {
		t.Fatalf("merchant %+v", m)
	}
	if LoadQRSetting(tl.st).Expiry() != 2*time.Minute {
		t.Fatal("expiry not saved")
	}
	if ok, why := qt.Ready(pos.FR); !ok {
		t.Fatalf("not ready after saving: %s", why)
	}
}

// Card ------------------------------------------------------------------

// withTerminal plays a card terminal on a real pseudo-terminal and points
// the till's card setting at it; it returns the simulator's log.
func (tl *till) withTerminal(t *testing.T, proto concert.Protocol, o termsim.Options) *termsimtest.Log {
	t.Helper()
	log := termsimtest.Start(t, tl.st, proto, o)
	tl.hooks.Card = terminalCard{st: tl.st}
	return log
}

// terminalCard is the card tender as the till wires it (devices.Card, which
// imports this package and so cannot be used here): the saved terminal
// setting, concert.Open, one request, concert.Settle. devices tests the
// adapter itself; these tests, the screens around it.
type terminalCard struct{ st *store.Store }

func (terminalCard) Kind() pos.TenderKind          { return pos.TenderCard }
func (terminalCard) Label(l pos.Lang) string       { return i18n.T(l, "ui.pay.card") }
func (terminalCard) Ready(pos.Lang) (bool, string) { return true, "" }
func (c terminalCard) Pay(ctx context.Context, req TenderRequest, show func(Progress)) (pos.Tender, error) {
	cfg, _, err := concert.LoadConfig(c.st)
	if err != nil {
		return pos.Tender{}, err
	}
	term, closer, err := concert.Open(cfg)
	if err != nil {
		return pos.Tender{}, err
	}
	defer closer.Close()
	creq := concert.Request{Amount: req.Amount, Kind: concert.Debit}
	if req.Refund {
		creq.Kind = concert.Refund
	}
	show(Progress{Message: i18n.T(req.Lang, "ui.card.present")})
	res, err := term.Pay(ctx, creq)
	return concert.Settle(creq, res, err)
}

func TestCardApproved(t *testing.T) {
	tl := newTill(t)
	q := tl.queued()
	tl.withTerminal(t, concert.CaisseAP, termsim.Options{})
	tl.ringTajine(t)
	test.Tap(tl.pay.card)
	tl.until(t, q, "the sale", func() bool { return tl.pay.done != nil })
	td := stored(t, tl, tl.pay.done.Receipt).Tenders[0]
	want := pos.Tender{Kind: pos.TenderCard, Amount: 25000, Status: pos.StatusApproved,
		CardMasked: "513100******1234", CardBrand: "mastercard", AuthCode: "123456", EntryMode: "contactless"}
	if td != want {
		t.Fatalf("tender %+v\nwant       %+v", td, want)
	}
}

func TestCardRefused(t *testing.T) {
	tl := newTill(t)
	q := tl.queued()
	tl.withTerminal(t, concert.ConcertEPlus, termsim.Options{Refuse: true})
	tl.ringTajine(t)
	test.Tap(tl.pay.card)
	tl.until(t, q, "the refusal", func() bool { return tl.tender == nil })
	if tl.pay.done != nil || len(tl.pay.tenders) != 0 {
		t.Fatal("refused card recorded")
	}
	if !strings.Contains(tl.overlayText(), tl.t("terminal.refused")) {
		t.Fatalf("no refusal message:\n%s", tl.overlayText())
	}
	test.Tap(tl.pay.exact) // another tender
	if tl.pay.done == nil {
		t.Fatal("cash after a refused card failed")
	}
}

func TestCardAmbiguousReadFromSlip(t *testing.T) {
	for _, approved := range []bool{true, false} {
		name := "slip approved"
		if !approved {
			name = "slip refused"
		}
		t.Run(name, func(t *testing.T) {
			tl := newTill(t)
			q := tl.queued()
			log := tl.withTerminal(t, concert.ConcertEPlus, termsim.Options{CutAfterAck: true})
			tl.ringTajine(t)
			test.Tap(tl.pay.card)
			tl.until(t, q, "the slip question", func() bool { return tl.slip != nil })
			if n := strings.Count(log.String(), "request taken"); n != 1 {
				t.Fatalf("terminal took the request %d times", n)
			}
			if approved {
				test.Tap(tl.slip.approved)
			} else {
				test.Tap(tl.slip.refused)
			}
			tl.typePIN(t, cashierPIN)
			if tl.pin == nil || len(tl.pay.tenders) != 0 {
				t.Fatal("a cashier recorded the slip")
			}
			tl.typePIN(t, managerPIN)
			if !approved {
				if tl.pay.done != nil || len(tl.pay.tenders) != 0 || tl.slip != nil {
					t.Fatal("a refused slip recorded something")
				}
				return
			}
			if tl.pay.done == nil {
				t.Fatal("no sale after the slip said approved")
			}
			td := stored(t, tl, tl.pay.done.Receipt).Tenders[0]
			if td.Kind != pos.TenderCard || td.Status != pos.StatusApproved || td.Recorded != pos.RecordedSlip || td.ApprovedBy != "Fatima" || td.Amount != 25000 {
				t.Fatalf("tender %+v", td)
			}
			if strings.Count(log.String(), "request taken") != 1 {
				t.Fatal("the debit was resent")
			}
		})
	}
}

func TestRefundToCard(t *testing.T) {
	tl := newTill(t)
	q := tl.queued()
	log := tl.withTerminal(t, concert.ConcertEPlus, termsim.Options{})
	tl.ringTajine(t)
	test.Tap(tl.pay.card)
	tl.until(t, q, "the sale", func() bool { return tl.pay.done != nil })
	sale := tl.pay.done
	test.Tap(tl.pay.newSale)
	test.Tap(navButton(t, tl.UI, "ui.nav.history"))
	tl.history.openDoc(sale)
	tl.history.qty[0].SetText("1")
	test.Tap(tl.history.card)
	tl.typePIN(t, managerPIN)
	var rs []*pos.Document
	tl.until(t, q, "the refund", func() bool { rs, _ = tl.st.RefundsOf(sale); return len(rs) == 1 })
	td := rs[0].Tenders[0]
	if td.Kind != pos.TenderCard || td.Amount != -25000 || td.Status != pos.StatusApproved || rs[0].ApprovedBy != "Fatima" {
		t.Fatalf("refund tender %+v", td)
	}
	if !strings.Contains(log.String(), "refund 250.00") {
		t.Fatalf("terminal saw no credit:\n%s", log)
	}
}

// luhn reports whether digits pass the Luhn check.
func luhn(digits string) bool {
	sum := 0
	for i := 0; i < len(digits); i++ {
		d := int(digits[len(digits)-1-i] - '0')
		if i%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

// withLuhn completes a card number prefix with its check digit.
func withLuhn(prefix string) string {
	for c := '0'; c <= '9'; c++ {
		if luhn(prefix + string(c)) {
			return prefix + string(c)
		}
	}
	return ""
}

// A terminal that leaks full card numbers in its answers: after card sales,
// refunds and a slip-recorded sale, the store's file holds no run of 13 to
// 19 digits that passes the Luhn check (the catalogue's barcodes aside).
func TestNoCardNumberInStore(t *testing.T) {
	tl := newTill(t)
	q := tl.queued()
	pan := withLuhn("513100123456789")
	if !luhn(pan) || len(pan) != 16 {
		t.Fatal("bad test PAN")
	}
	tl.withTerminal(t, concert.ConcertEPlus, termsim.Options{Card: pan})
	tl.loginAs(t, "c1", cashierPIN)
	tl.openShift(t)
	for i := 0; i < 3; i++ {
		test.Tap(tl.tile(t, "menthe", "THE-1"))
		test.Tap(tl.sell.pay)
		test.Tap(tl.pay.card)
		tl.until(t, q, "the sale", func() bool { return tl.pay.done != nil })
		if c := tl.pay.done.Tenders[0].CardMasked; strings.Contains(c, pan[6:12]) || c == "" {
			t.Fatalf("card %q", c)
		}
		test.Tap(tl.pay.newSale)
	}
	raw, err := os.ReadFile(tl.st.Path())
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte(pan)) {
		t.Fatal("the full card number is in the store")
	}
	barcodes := map[string]bool{}
	for _, p := range testProducts {
		for _, b := range p.Barcodes {
			barcodes[b] = true
		}
	}
	for i := 0; i < len(raw); {
		j := i
		for j < len(raw) && raw[j] >= '0' && raw[j] <= '9' {
			j++
		}
		if j == i {
			i++
			continue
		}
		if run := string(raw[i:j]); len(run) >= 13 && len(run) <= 19 && luhn(run) && !barcodes[run] {
			t.Errorf("a Luhn-valid run of %d digits at byte %d: %s…", len(run), i, run[:6])
		}
		i = j
	}
}

// Cancel on the till while the customer is at the terminal: the terminal
// had taken the request, so the till asks for the slip rather than
// assuming the payment was stopped.
func TestCardCancelAfterTerminalTookIt(t *testing.T) {
	tl := newTill(t)
	q := tl.queued()
	taken := make(chan struct{})
	log := tl.withTerminal(t, concert.ConcertEPlus, termsim.Options{Customer: func(ctx context.Context) {
		close(taken)
		<-ctx.Done()
	}})
	tl.ringTajine(t)
	test.Tap(tl.pay.card)
	select {
	case <-taken:
	case <-time.After(20 * time.Second):
		t.Fatal("the terminal never took the request")
	}
	tl.until(t, q, "the tender screen", func() bool { return tl.tender != nil })
	test.Tap(tl.tender.cancel)
	tl.until(t, q, "the slip question", func() bool { return tl.slip != nil })
	if len(tl.pay.tenders) != 0 || strings.Count(log.String(), "request taken") != 1 {
		t.Fatal("recorded or resent after a cancel")
	}
}

func TestCustomerDisplayMirrorsQR(t *testing.T) {
	tl, q, src, _, _ := newQRTill(t)
	tl.openCustomerDisplay()
	c := tl.customer
	if c.msg.Text != tl.t("ui.customer.welcome") || c.img.Visible() {
		t.Fatal("customer display not idle")
	}
	tl.ringTajine(t)
	test.Tap(tl.pay.qr)
	tl.showsCode(t, q)
	tl.until(t, q, "the code on the customer display", func() bool { return c.img.Visible() })
	if c.amount.Text != pos.Money(25000).Format(pos.FR) || c.count.Text == "" {
		t.Fatalf("customer sees %q %q", c.amount.Text, c.count.Text)
	}
	src.Pay(qr.Reference(tl.st.InstallID(), 1))
	tl.until(t, q, "the sale", func() bool { return tl.pay.done != nil })
	if c.img.Visible() || c.amount.Text != "" {
		t.Fatal("customer display still shows the code")
	}
}

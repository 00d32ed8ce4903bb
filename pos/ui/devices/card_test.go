package devices

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"

	"hanout/drivers/concert"
	"hanout/drivers/concert/termsim"
	"hanout/drivers/concert/termsim/termsimtest"
	"hanout/pos"
	"hanout/pos/bidi"
	"hanout/pos/i18n"
	"hanout/pos/store"
	"hanout/pos/ui"
)

// withTerminal plays a card terminal on a real pseudo-terminal, saves the
// till's card setting pointing at it and returns the simulator's log. The
// simulator is stopped and waited for when the test ends.
func withTerminal(t *testing.T, st *store.Store, proto concert.Protocol, o termsim.Options) *termsimtest.Log {
	t.Helper()
	return termsimtest.Start(t, st, proto, o)
}

// The adapter turns each verdict of a real terminal into the tender the
// till records: approved with masked card data, refused, unverified from
// the slip when the link broke after the terminal took the request, and a
// credit for a refund.
func TestCardPay(t *testing.T) {
	for _, c := range []struct {
		name   string
		proto  concert.Protocol
		o      termsim.Options
		refund bool
		want   pos.Tender
		log    string
	}{
		{"approved", concert.CaisseAP, termsim.Options{}, false, pos.Tender{Kind: pos.TenderCard, Amount: 25000, Status: pos.StatusApproved,
			CardMasked: "513100******1234", AuthCode: "123456", EntryMode: "contactless"}, "request taken"},
		{"refused", concert.ConcertEPlus, termsim.Options{Refuse: true}, false, pos.Tender{Kind: pos.TenderCard, Amount: 25000, Status: pos.StatusRefused}, ""},
		{"cut after ack", concert.ConcertEPlus, termsim.Options{CutAfterAck: true}, false, pos.Tender{Kind: pos.TenderCard, Amount: 25000,
			Status: pos.StatusUnverified, Recorded: pos.RecordedSlip}, "request taken"},
		{"refund", concert.ConcertEPlus, termsim.Options{}, true, pos.Tender{Kind: pos.TenderCard, Amount: -25000, Status: pos.StatusApproved}, "refund 250.00"},
	} {
		t.Run(c.name, func(t *testing.T) {
			st, _ := newStore(t)
			log := withTerminal(t, st, c.proto, c.o)
			card := &Card{Store: st}
			if ok, why := card.Ready(pos.FR); !ok {
				t.Fatalf("not ready: %s", why)
			}
			var shown []string
			got, err := card.Pay(context.Background(), ui.TenderRequest{Amount: 25000, Lang: pos.FR, Refund: c.refund},
				func(p ui.Progress) { shown = append(shown, p.Message) })
			if err != nil {
				t.Fatal(err)
			}
			if got.Kind != c.want.Kind || got.Amount != c.want.Amount || got.Status != c.want.Status || got.Recorded != c.want.Recorded ||
				c.want.CardMasked != "" && (got.CardMasked != c.want.CardMasked || got.AuthCode != c.want.AuthCode || got.EntryMode != c.want.EntryMode) {
				t.Fatalf("tender %+v\nwant       %+v", got, c.want)
			}
			if len(shown) == 0 {
				t.Error("no progress shown")
			}
			if !strings.Contains(log.String(), c.log) || strings.Count(log.String(), "request taken") > 1 {
				t.Fatalf("terminal log:\n%s", log)
			}
		})
	}
}

func TestCardNotConfigured(t *testing.T) {
	st, _ := newStore(t)
	card := &Card{Store: st}
	if ok, _ := card.Ready(pos.FR); ok {
		t.Fatal("ready without a terminal setting")
	}
	_, err := card.Pay(context.Background(), ui.TenderRequest{Amount: 100, Lang: pos.FR}, func(ui.Progress) {})
	if pos.KeyOf(err) != "ui.card.not_configured" {
		t.Fatalf("err %v", err)
	}
}

func TestCardSettings(t *testing.T) {
	st, dir := newStore(t)
	log := withTerminal(t, st, concert.CaisseAP, termsim.Options{})
	card := &Card{Store: st}
	tl := newTill(t, st, dir, card.Section())
	t.Cleanup(card.Wait)
	var cfg concert.Config
	st.Setting(concert.SettingKey, &cfg)
	f := card.build(pos.FR, tl.win)
	if f.port.Text != cfg.Port || f.protocol.Selected != string(concert.CaisseAP) {
		t.Fatalf("form shows %q %q", f.port.Text, f.protocol.Selected)
	}
	f.till.SetText("7")
	test.Tap(f.save)
	if !strings.Contains(f.status.Text, "7") {
		t.Fatalf("bad till number not reported: %q", f.status.Text)
	}
	f.till.SetText("03")
	f.protocol.SetSelected(string(concert.ConcertE))
	test.Tap(f.save)
	got, ok, err := concert.LoadConfig(st)
	if !ok || err != nil || got.Till != "03" || got.Protocol != concert.ConcertE || got.Port != cfg.Port {
		t.Fatalf("saved %+v %v %v", got, ok, err)
	}
	// The test is a real 1.00 debit: it asks first.
	f.protocol.SetSelected(string(concert.CaisseAP))
	test.Tap(f.test)
	if f.confirmTest == nil || log.String() != "" {
		t.Fatal("test ran without a warning")
	}
	var res concert.Result
	f.testDone = func(r concert.Result, err error) { res = r }
	f.confirmTest.(*dialog.ConfirmDialog).Confirm()
	tl.pumpUntil("the test debit", func() bool { return res.Outcome != "" })
	if res.Outcome != concert.Approved || !strings.Contains(log.String(), "CB=100") {
		t.Fatalf("test %+v\n%s", res, log)
	}
}

// Void cancels a card payment through the terminal: Caisse-AP cancel
// (CD=2), here over TCP on 127.0.0.1. (The Concert V2 credit is tested in
// drivers/concert; no pseudo-terminal here, so no other test's pty number
// moves.)
func TestCardVoid(t *testing.T) {
	st, _ := newStore(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skipf("no loopback: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	log := &termsimtest.Log{}
	done := make(chan struct{})
	go func() { termsim.ServeTCP(ctx, ln, termsim.Options{Log: log}); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	cfg := concert.Defaults()
	cfg.Protocol, cfg.Port = concert.CaisseAP, "tcp://"+ln.Addr().String()
	cfg.Step, cfg.CustomerWait, cfg.IdleEnd = concert.Duration(time.Second), concert.Duration(5*time.Second), concert.Duration(100*time.Millisecond)
	if err := st.PutSetting(concert.SettingKey, cfg); err != nil {
		t.Fatal(err)
	}
	card := &Card{Store: st}
	paid := pos.Tender{Kind: pos.TenderCard, Amount: 25000, Status: pos.StatusApproved}
	got, err := card.Void(context.Background(), ui.TenderRequest{Amount: 25000, Refund: true, Lang: pos.FR}, paid, func(ui.Progress) {})
	if err != nil || got.Amount != -25000 || got.Status != pos.StatusApproved {
		t.Fatalf("void: %+v %v\n%s", got, err, log)
	}
	if !strings.Contains(log.String(), "CD=2") {
		t.Fatalf("terminal log:\n%s", log)
	}
}

// In Arabic, a message the settings form shows after a tap is in visual
// order like every other label: "7" (the refused till number, quoted in
// Latin marks) stays beside its words instead of where Fyne's logical
// order would put it.
func TestCardSettingsSpeakArabicInOrder(t *testing.T) {
	st, dir := newStore(t)
	withTerminal(t, st, concert.CaisseAP, termsim.Options{})
	card := &Card{Store: st}
	tl := newTill(t, st, dir, card.Section())
	t.Cleanup(card.Wait)
	f := card.build(pos.AR, tl.win)
	f.till.SetText("7")
	test.Tap(f.save)
	logical := i18n.Error(pos.AR, pos.Errorf("terminal.till_invalid", "7"))
	// Wrapped on its logical text by the till, not by Fyne on the visual
	// text: at 300 px the message takes lines of its own, and each line,
	// read back, is the next stretch of the message.
	f.status.Resize(fyne.NewSize(300, 120))
	if !strings.Contains(f.status.Text, "\n") {
		t.Fatalf("a long Arabic message is not cut into lines by the till: %q", f.status.Text)
	}
	var read []string
	for _, line := range strings.Split(f.status.Text, "\n") {
		read = append(read, bidi.Logical(line))
	}
	if logical == "" || f.status.Text == logical || strings.Join(read, " ") != logical {
		t.Fatalf("status %q reads %q, want the lines of %q in visual order", f.status.Text, read, logical)
	}
	if f.save.Text != ui.Visual(pos.AR, i18n.T(pos.AR, "ui.card.save")) {
		t.Fatalf("save button %q", f.save.Text)
	}
}

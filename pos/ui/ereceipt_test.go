package ui

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"hanout/pos"
	tillsync "hanout/sync"
)

// commitSale commits a cash sale of one tajine straight to the store.
func (tl *till) commitTajine(t *testing.T) *pos.Document {
	t.Helper()
	p, err := tl.st.Product("TAJ-1")
	if err != nil {
		t.Fatal(err)
	}
	tk := &pos.Ticket{}
	if err := tk.Add(p, 1); err != nil {
		t.Fatal(err)
	}
	total, _ := tk.Compute()
	cash, _ := pos.CashTender(total, total)
	d, err := tk.Sale([]pos.Tender{cash}, "Youssef", tl.st.OpenShift(), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := tl.st.Commit(d); err != nil {
		t.Fatal(err)
	}
	return d
}

// decodeQR reads the QR code in img with zbarimg, an independent decoder
// ("" when it is not installed).
func decodeQR(t *testing.T, w fyne.Window) string {
	t.Helper()
	bin, err := exec.LookPath("zbarimg")
	if err != nil {
		t.Log("zbarimg not installed: QR code not decoded")
		return ""
	}
	path := filepath.Join(t.TempDir(), "qr.png")
	if err := writePNG(path, w.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--raw", "-q", path).Output()
	if err != nil {
		t.Fatalf("zbarimg could not read the code: %v", err)
	}
	return strings.TrimSpace(string(out))
}

func TestDigitalReceiptSettingIsTheSyncSetting(t *testing.T) {
	if syncSettingKey != tillsync.SettingsKey {
		t.Fatalf("the UI reads the platform from %q, sync keeps it in %q", syncSettingKey, tillsync.SettingsKey)
	}
}

// The QR code carries the receipt's link; without a platform the screen
// says there is none; "No paper" takes the waiting print job off the
// queue and leaves the sale as it was.
func TestDigitalReceiptQRAndNoPaper(t *testing.T) {
	tl := newTill(t)
	tl.loginAs(t, "c1", cashierPIN)
	tl.openShift(t)
	tl.st.SetPrintOnCommit(true)
	d := tl.commitTajine(t)

	r := newDigitalReceipt(tl.UI, d)
	if r.link != "" || r.code.Visible() || !r.why.Visible() || r.why.text != tl.t("ereceipt.no_link") {
		t.Fatalf("without a platform: link %q, code shown %v, why %q", r.link, r.code.Visible(), r.why.text)
	}
	if err := tl.st.PutSetting(tillsync.SettingsKey, tillsync.Settings{Platform: "https://plateforme.example.ma/", Merchant: "m-1", Token: "t.x"}); err != nil {
		t.Fatal(err)
	}
	r = newDigitalReceipt(tl.UI, d)
	want := "https://plateforme.example.ma/r/" + d.ID + "?k=" + d.Key
	if r.link != want || !r.code.Visible() || r.why.Visible() || r.img == nil {
		t.Fatalf("with a platform: link %q, want %q; code shown %v", r.link, want, r.code.Visible())
	}
	w := test.NewTempWindow(t, r.object())
	w.Resize(fyne.NewSize(400, 500))
	if got := decodeQR(t, w); got != "" && got != want {
		t.Fatalf("the QR code reads %q, want %q", got, want)
	}

	// No paper.
	jobs, _ := tl.st.PendingPrints()
	if len(jobs) != 1 || jobs[0].Receipt != d.Receipt {
		t.Fatalf("print jobs before: %+v", jobs)
	}
	said := false
	r.onSkip = func() { said = true }
	test.Tap(r.noPaper)
	if jobs, _ := tl.st.PendingPrints(); len(jobs) != 0 {
		t.Fatalf("print jobs after no paper: %+v", jobs)
	}
	if !r.skipped || !r.cancelled || !said || !r.noPaper.Disabled() || r.status() != tl.tl("ereceipt.no_paper_done") {
		t.Fatalf("after no paper: skipped %v cancelled %v said %v", r.skipped, r.cancelled, said)
	}
	if got, err := tl.st.ByReceipt(d.Receipt); err != nil || got.ID != d.ID || got.Total != d.Total || got.Key != d.Key {
		t.Fatalf("the sale after no paper: %+v %v", got, err)
	}

	// A sale from before receipt keys: no link, said so.
	old := *d
	old.Key = ""
	if r := newDigitalReceipt(tl.UI, &old); r.link != "" || r.why.text != tl.t("ereceipt.no_link_old") {
		t.Fatalf("old sale: %q %q", r.link, r.why.text)
	}
}

// A sale through the screens on an enrolled till printing every sale:
// the sale-done screen and the customer display show the receipt's code
// (decoded by zbarimg), No paper takes its print job off the queue and
// says so, and the display forgets the code when the next sale begins.
func TestSaleDoneShowsReceiptCodeAndNoPaper(t *testing.T) {
	tl := newTill(t)
	if err := tl.st.PutSetting(tillsync.SettingsKey, tillsync.Settings{Platform: "http://127.0.0.1:8443", Merchant: "m-1", Token: "t.x"}); err != nil {
		t.Fatal(err)
	}
	tl.hooks.PrinterReady = func() bool { return true }
	tl.st.SetPrintOnCommit(true)
	tl.openCustomerDisplay()
	c := tl.customer
	tl.ringTajine(t)
	test.Tap(tl.pay.exact)
	if tl.pay.done == nil {
		t.Fatal("sale not done")
	}
	d, err := tl.st.ByReceipt(tl.pay.done.Receipt)
	if err != nil {
		t.Fatal(err)
	}
	want := "http://127.0.0.1:8443/r/" + d.ID + "?k=" + d.Key
	r := tl.pay.ereceipt
	if r == nil || r.link != want || !r.code.Visible() {
		t.Fatalf("sale-done screen: %+v, want link %s", r, want)
	}
	if got := decodeQR(t, tl.win); got != "" && got != want {
		t.Fatalf("the till's screen shows a code for %q, want %q", got, want)
	}
	if !c.img.Visible() || c.msg.text != tl.t("ereceipt.scan") || c.amount.Text != d.Total.Format(pos.FR) {
		t.Fatalf("customer display: code shown %v, %q %q", c.img.Visible(), c.msg.text, c.amount.Text)
	}
	if got := decodeQR(t, c.win); got != "" && got != want {
		t.Fatalf("the customer display shows a code for %q, want %q", got, want)
	}
	if jobs, _ := tl.st.PendingPrints(); len(jobs) != 1 || jobs[0].Receipt != d.Receipt {
		t.Fatalf("print jobs: %+v", jobs)
	}
	// The customer says: no paper.
	test.Tap(r.noPaper)
	if jobs, _ := tl.st.PendingPrints(); len(jobs) != 0 {
		t.Fatalf("print jobs after no paper: %+v", jobs)
	}
	if tl.pay.printMsg.text != tl.t("ereceipt.no_paper_done") || tl.pay.printMsg.Importance != widget.SuccessImportance {
		t.Fatalf("print status after no paper: %q", tl.pay.printMsg.text)
	}
	// The next sale: the display forgets the code.
	test.Tap(tl.pay.newSale)
	if c.img.Visible() || c.amount.Text != "" || c.msg.text != tl.t("ui.customer.welcome") {
		t.Fatalf("customer display after new sale: code shown %v, %q", c.img.Visible(), c.amount.Text)
	}
}

// Leaving the sale-done screen by the menu also clears the display.
func TestCustomerDisplayForgetsReceiptCodeOnLeaving(t *testing.T) {
	tl := newTill(t)
	if err := tl.st.PutSetting(tillsync.SettingsKey, tillsync.Settings{Platform: "http://127.0.0.1:8443"}); err != nil {
		t.Fatal(err)
	}
	tl.openCustomerDisplay()
	tl.ringTajine(t)
	test.Tap(tl.pay.exact)
	if !tl.customer.img.Visible() {
		t.Fatal("no code on the customer display")
	}
	test.Tap(navButton(t, tl.UI, "ui.nav.history"))
	if tl.customer.img.Visible() || tl.customer.amount.Text != "" {
		t.Fatal("the customer display still shows the last receipt's code")
	}
}

// A customer who comes back: the history shows the receipt's code again.
func TestHistoryShowsTheReceiptCode(t *testing.T) {
	tl := newTill(t)
	if err := tl.st.PutSetting(tillsync.SettingsKey, tillsync.Settings{Platform: "https://plateforme.example.ma"}); err != nil {
		t.Fatal(err)
	}
	tl.loginAs(t, "c1", cashierPIN)
	tl.openShift(t)
	d := tl.commitTajine(t)
	test.Tap(navButton(t, tl.UI, "ui.nav.history"))
	test.Type(tl.history.receipt, itoa(int64(d.Receipt)))
	enter(tl.history.receipt)
	want := "https://plateforme.example.ma/r/" + d.ID + "?k=" + d.Key
	if tl.history.open == nil || tl.history.ereceipt == nil || tl.history.ereceipt.link != want || !tl.history.ereceipt.code.Visible() {
		t.Fatalf("history of receipt %d: %+v", d.Receipt, tl.history.ereceipt)
	}
}

package ui

import (
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hanout/pos"
	"hanout/pos/qr"
)

// The digital receipt on the sale-done screen: the QR code of the
// receipt's link on the platform (PLATFORM/r/<id>?k=<key>), also shown on
// the customer display, or why there is none; and "No paper", which takes
// the receipt's waiting first copy off the print queue. The sale is
// committed before this screen shows: nothing here changes it.

// syncSettingKey is the till setting holding the enrollment (hanout/sync's
// SettingsKey; a test checks they agree): its platform URL is the base of
// the link.
const syncSettingKey = "sync"

// platformURL is the platform the till is configured with ("" for none).
func (u *UI) platformURL() string {
	var s struct {
		Platform string `json:"platform"`
	}
	if _, err := u.st.Setting(syncSettingKey, &s); err != nil {
		return ""
	}
	return s.Platform
}

// digitalReceipt is the screen's part for one committed sale or refund.
type digitalReceipt struct {
	u    *UI
	doc  *pos.Document
	link string      // "" when there is none
	img  image.Image // the link's QR code
	// why says there is no link (no platform, a document without key).
	why     *paraLabel
	code    *canvas.Image
	caption *paraLabel
	noPaper *widget.Button
	// skipped is set once "No paper" was tapped; cancelled when it took
	// a waiting print job off the queue.
	skipped, cancelled bool
	// onSkip lets the screen say it (the print status line).
	onSkip func()
	// box holds the code, the caption and why.
	box *fyne.Container
}

// qrSize is the QR code's side on screen, in pixels: a phone reads it
// from arm's length.
const qrSize = 220

func newDigitalReceipt(u *UI, doc *pos.Document) *digitalReceipt {
	r := &digitalReceipt{u: u, doc: doc}
	link, err := pos.ReceiptLink(u.platformURL(), doc)
	if err == nil {
		r.img, err = qr.Image(link, 512)
	}
	r.caption = u.wrapLabel("")
	r.caption.Alignment = fyne.TextAlignCenter
	r.why = u.wrapLabel("")
	r.code = &canvas.Image{FillMode: canvas.ImageFillContain, ScaleMode: canvas.ImageScalePixels}
	r.code.SetMinSize(fyne.NewSize(qrSize, qrSize))
	if err == nil {
		r.link = link
		r.code.Image = r.img
		r.caption.SetText(u.t("ereceipt.scan") + "\n" + u.t("ereceipt.scan_hint"))
		r.why.Hide()
	} else {
		r.code.Hide()
		r.caption.Hide()
		if pos.KeyOf(err) == "ereceipt.no_key" {
			r.why.SetText(u.t("ereceipt.no_link_old"))
		} else {
			r.why.SetText(u.t("ereceipt.no_link"))
		}
	}
	r.noPaper = widget.NewButtonWithIcon(u.t("ereceipt.no_paper"), theme.CancelIcon(), r.skipPaper)
	r.box = container.NewVBox(container.NewCenter(r.code), r.caption, r.why)
	return r
}

// object is the code and its caption (or why there is none): the screen
// puts it above the receipt's preview, and the No paper button beside
// Print.
func (r *digitalReceipt) object() fyne.CanvasObject { return r.box }

// skipPaper takes the receipt's waiting first copy off the print queue.
// A printer that already took it prints it anyway: the screen then says
// it printed.
func (r *digitalReceipt) skipPaper() {
	ok, err := r.u.st.CancelOriginal(r.doc.Receipt)
	if err != nil {
		r.u.showErr(err)
		return
	}
	r.skipped, r.cancelled = true, ok
	r.noPaper.Disable()
	if r.onSkip != nil {
		r.onSkip()
	}
}

// status is the print status line once "No paper" was tapped (logical):
// ok is false when it was tapped too late, the receipt printing already.
func (r *digitalReceipt) status() string {
	if r.link == "" {
		return r.u.tl("ereceipt.no_paper_plain")
	}
	return r.u.tl("ereceipt.no_paper_done")
}

// receipt shows the receipt's QR code on the customer display after the
// sale, with its total, until the seller moves on (New sale, or another
// screen). Without a link the display stays as it was (its welcome).
func (c *customerScreen) receipt(r *digitalReceipt) {
	if c == nil || r == nil || r.img == nil {
		return
	}
	u := c.u
	c.shop.SetText(u.v(u.shopName(u.shop)))
	c.amount.Text = u.v(u.money(r.doc.Total))
	c.amount.Refresh()
	c.count.Text = ""
	c.count.Refresh()
	c.msg.SetText(u.t("ereceipt.scan"))
	c.img.Image = r.img
	c.img.Show()
	c.img.Refresh()
	c.win.Content().Refresh()
}

// customerReceipt shows the sale just made on the customer display, with
// its digital receipt's code, and saves it as customer-receipt-<lang>.
func (sh *shooter) customerReceipt(u *UI, l pos.Lang) error {
	if u.pay == nil || u.pay.ereceipt == nil {
		return nil
	}
	had := u.customer
	u.openCustomerDisplay()
	c := u.customer
	c.receipt(u.pay.ereceipt)
	err := sh.save(c.win, "customer-receipt-"+string(l))
	c.win.Close()
	u.customer = had
	return err
}

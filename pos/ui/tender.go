package ui

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hanout/pos"
)

// tenderView is the full-window screen of a card or QR payment in
// progress: the code as large as the window allows (a buyer scans it from
// a metre), the amount in big digits, the shop name, the countdown, and the
// seller's buttons.
type tenderView struct {
	pop     *widget.PopUp
	title   *widget.Label
	shop    *widget.Label
	amount  *canvas.Text
	count   *canvas.Text
	msg     *paraLabel
	demo    *paraLabel
	img     *canvas.Image
	record  *widget.Button
	cancel  *widget.Button
	info    *fyne.Container
	shown   bool       // update has run once: everything is drawn
	message string     // the logical message shown in msg
	pin     *pinDialog // the manager PIN asked from this screen
}

// runTender collects the rest of the ticket through a card or QR provider
// and adds the tender to the sale.
func (p *payScreen) runTender(prov TenderProvider) {
	u := p.u
	amount := p.remaining()
	if amount <= 0 || u.tender != nil {
		return
	}
	req := TenderRequest{Amount: amount, Lang: u.lang, Shop: u.shop, Cashier: u.user.Name, Terminal: u.st.Terminal()}
	u.collect(prov, req, func(t pos.Tender) {
		if u.pay != p || p.done != nil {
			return
		}
		p.addTender(t)
	})
}

// collect runs prov.Pay on its own goroutine behind the tender screen and
// calls done on the UI goroutine with a tender that may be committed:
// approved, or unverified with a manager's name. Refusals and errors are
// shown and call nothing.
func (u *UI) collect(prov TenderProvider, req TenderRequest, done func(pos.Tender)) {
	ctx, cancel := context.WithCancel(u.life)
	record := make(chan string, 1)
	req.Record = record
	recordedBy := "" // the manager who approved "paid — to verify" here
	var v *tenderView
	v = u.newTenderView(prov.Label(u.lang), req, func() {
		v.cancel.Disable()
		v.msg.SetText(u.t("ui.tender.cancelling"))
		cancel()
	}, func() {
		u.askPIN(u.t("ui.qr.record_title"), pos.RoleManager, func(m *pos.User) {
			recordedBy = m.Name
			v.record.Disable()
			select {
			case record <- m.Name:
			default:
			}
		})
		v.pin = u.pin
	})
	u.tender = v
	v.pop.Show()
	u.customer.show(req, Progress{Message: u.tl("ui.pay.waiting")})
	show := func(pr Progress) {
		u.do(func() {
			if u.tender != v {
				return
			}
			v.update(u, pr)
			u.customer.show(req, pr)
		})
	}
	u.work.Add(1)
	go func() {
		defer u.work.Done()
		t, err := prov.Pay(ctx, req, show)
		cancel()
		u.do(func() {
			v.pop.Hide()
			if u.tender == v {
				u.tender = nil
			}
			if v.pin != nil && !v.pin.settled { // the payment ended first
				v.pin.close(u)
			}
			u.customer.idle()
			want := req.Amount
			if req.Refund {
				want = -want
			}
			switch {
			case err != nil:
				if pos.KeyOf(err) == "" && errors.Is(err, context.Canceled) {
					return // the seller cancelled: nothing to say
				}
				u.showErr(err)
			case t.Status == pos.StatusRefused:
				msg := u.t("ui.pay.refused")
				if t.Kind == pos.TenderCard {
					msg = u.t("terminal.refused")
				}
				u.info(u.t("ui.error.title"), msg)
			case t.Amount != want:
				u.showErr(pos.Errorf("tender.amount_invalid"))
			case t.Status == pos.StatusUnverified && t.Recorded == pos.RecordedSlip:
				u.askSlip(t, done)
			case t.Status == pos.StatusUnverified && recordedBy != "" && t.ApprovedBy == recordedBy:
				done(t)
			case t.Status == pos.StatusUnverified:
				u.askPIN(u.t("ui.pay.unverified_title"), pos.RoleManager, func(m *pos.User) {
					t.ApprovedBy = m.Name
					done(t)
				})
			default:
				done(t)
			}
		})
	}()
}

func (u *UI) shopName(sh pos.Shop) string {
	if u.rtl() && sh.NameAR != "" {
		return sh.NameAR
	}
	return sh.Name
}

func (u *UI) newTenderView(title string, req TenderRequest, cancel, record func()) *tenderView {
	v := &tenderView{}
	v.title = u.heading(u.v(title)) // a provider's label: logical
	v.shop = u.heading(u.v(u.shopName(req.Shop)))
	amount := req.Amount
	if req.Refund {
		amount = -amount
	}
	v.amount = bigText(u.v(u.money(amount)), 64)
	v.amount.Color = terracotta
	v.count = bigText("", 40)
	v.msg = u.wrapLabel(u.t("ui.pay.waiting"))
	v.msg.SizeName = theme.SizeNameSubHeadingText
	v.demo = u.wrapLabel(u.t("ui.qr.demo"))
	v.demo.Importance = widget.DangerImportance
	v.demo.Hide()
	v.img = &canvas.Image{FillMode: canvas.ImageFillContain, ScaleMode: canvas.ImageScalePixels}
	v.img.Hide()
	v.record = widget.NewButtonWithIcon(u.t("ui.qr.record"), theme.ConfirmIcon(), record)
	v.record.Importance = widget.WarningImportance
	v.record.Hide()
	v.cancel = widget.NewButtonWithIcon(u.t("ui.cancel"), theme.CancelIcon(), cancel)
	align := fyne.TextAlignLeading
	if u.rtl() {
		align = fyne.TextAlignTrailing
	}
	v.amount.Alignment, v.count.Alignment = align, align
	v.info = container.NewVBox(v.title, v.shop, v.amount, v.count, v.msg, v.demo,
		layout.NewSpacer(), tall(v.record, 72), tall(v.cancel, 72))
	body := container.New(&codeLayout{rtl: u.rtl(), gap: 24}, v.img, container.NewPadded(v.info))
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	v.pop = widget.NewModalPopUp(container.NewStack(bg, container.NewPadded(body)), u.win.Canvas())
	v.pop.Resize(u.win.Canvas().Size())
	return v
}

// update shows pr. Providers report at every tick (once a second on the
// till), mostly with nothing new but the countdown: only what changed is
// redrawn, since refreshing the whole screen each second re-lays out its
// wrapped text and re-colours its icons, which a tablet pays for in battery
// and a busy till in lag.
func (v *tenderView) update(u *UI, pr Progress) {
	first := !v.shown
	v.shown = true
	moved := first
	if pr.Message != "" && (first || pr.Message != v.message) {
		v.message = pr.Message
		v.msg.SetText(u.v(pr.Message)) // providers report logical text
		moved = true
	}
	importance := widget.MediumImportance
	if pr.Warn {
		importance = widget.DangerImportance
	}
	if first || v.msg.Importance != importance {
		v.msg.Importance = importance
		v.msg.Refresh()
	}
	if pr.Image != nil && v.img.Image != pr.Image {
		v.img.Image = pr.Image
		v.img.Show()
		v.img.Refresh()
		v.pop.Content.Refresh()
	}
	count := ""
	if pr.ShowCountdown {
		count = countdown(pr.Countdown)
	}
	if first || v.count.Text != count {
		v.count.Text = count
		v.count.Refresh()
	}
	if pr.Demo && !v.demo.Visible() {
		v.demo.Show()
		moved = true
	}
	if pr.CanRecord != v.record.Visible() {
		if pr.CanRecord {
			v.record.Show()
		} else {
			v.record.Hide()
		}
		moved = true
	}
	if moved {
		v.info.Refresh() // shown or hidden rows move the others
	}
}

// countdown is m:ss, digits the same in every language.
func countdown(d time.Duration) string {
	s := int(max(d, 0).Round(time.Second) / time.Second)
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// codeLayout puts objects[0] (the code, when visible) as a square as large
// as the height allows, beside objects[1] (the text and buttons), which
// keeps at least its minimum width. An invisible code leaves everything to
// the text.
type codeLayout struct {
	rtl bool
	gap float32
}

func (l *codeLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	code, info := objs[0], objs[1]
	if !code.Visible() {
		info.Move(fyne.NewPos(0, 0))
		info.Resize(size)
		return
	}
	iw := max(info.MinSize().Width, 320)
	side := min(size.Height, size.Width-iw-l.gap)
	if side < 200 { // a narrow portrait screen: code on top
		side = min(size.Width, size.Height-info.MinSize().Height-l.gap)
		code.Move(fyne.NewPos((size.Width-side)/2, 0))
		code.Resize(fyne.NewSize(side, side))
		info.Move(fyne.NewPos(0, side+l.gap))
		info.Resize(fyne.NewSize(size.Width, size.Height-side-l.gap))
		return
	}
	rest := size.Width - side - l.gap
	if l.rtl {
		info.Move(fyne.NewPos(0, 0))
		code.Move(fyne.NewPos(rest+l.gap, (size.Height-side)/2))
	} else {
		code.Move(fyne.NewPos(0, (size.Height-side)/2))
		info.Move(fyne.NewPos(side+l.gap, 0))
	}
	code.Resize(fyne.NewSize(side, side))
	info.Resize(fyne.NewSize(rest, size.Height))
}

func (l *codeLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	m := objs[1].MinSize()
	if objs[0].Visible() {
		m.Width += 200 + l.gap
		m.Height = max(m.Height, 200)
	}
	return m
}

// slipDialog asks the seller to read the card terminal's own slip.
type slipDialog struct {
	d                 *dialog.CustomDialog
	approved, refused *widget.Button
}

// askSlip is the ambiguous card case: the terminal took the request and
// its answer was lost or unclear. The till neither resends nor guesses:
// the seller reads the slip the terminal printed and records what it says,
// with a manager's PIN. There is no way out of the question but an answer.
func (u *UI) askSlip(t pos.Tender, done func(pos.Tender)) {
	s := &slipDialog{}
	amount := t.Amount
	if amount < 0 {
		amount = -amount
	}
	msg := u.wrapLabel(u.t("ui.card.slip_msg", u.money(amount)))
	s.approved = widget.NewButtonWithIcon(u.t("ui.card.slip_approved"), theme.ConfirmIcon(), func() {
		u.askPIN(u.t("ui.card.slip_pin_approved"), pos.RoleManager, func(m *pos.User) {
			s.d.Hide()
			if u.slip == s {
				u.slip = nil
			}
			t.Status = pos.StatusApproved
			t.ApprovedBy = m.Name
			t.Recorded = pos.RecordedSlip
			done(t)
		})
	})
	s.approved.Importance = widget.HighImportance
	s.refused = widget.NewButtonWithIcon(u.t("ui.card.slip_refused"), theme.CancelIcon(), func() {
		u.askPIN(u.t("ui.card.slip_pin_refused"), pos.RoleManager, func(*pos.User) {
			s.d.Hide()
			if u.slip == s {
				u.slip = nil
			}
			u.info(u.t("ui.card.slip_title"), u.t("ui.card.slip_refused_msg"))
		})
	})
	s.d = dialog.NewCustomWithoutButtons(u.t("ui.card.slip_title"),
		container.NewVBox(msg, u.grid(2, tall(s.refused, 64), tall(s.approved, 64))), u.win)
	s.d.Resize(fyne.NewSize(min(640, u.win.Canvas().Size().Width-40), 0))
	u.slip = s
	s.d.Show()
}

// customerScreen is the second window, facing the customer.
type customerScreen struct {
	u      *UI
	win    fyne.Window
	shop   *widget.Label
	amount *canvas.Text
	count  *canvas.Text
	msg    *paraLabel
	img    *canvas.Image
}

func (u *UI) openCustomerDisplay() {
	c := &customerScreen{u: u, win: u.app.NewWindow(u.tl("ui.customer.title"))}
	c.shop = u.heading("")
	c.shop.Alignment = fyne.TextAlignCenter
	c.amount = bigText("", 96)
	c.amount.Alignment = fyne.TextAlignCenter
	c.amount.Color = terracotta
	c.count = bigText("", 40)
	c.count.Alignment = fyne.TextAlignCenter
	c.msg = u.wrapLabel("")
	c.msg.Alignment = fyne.TextAlignCenter
	c.msg.SizeName = theme.SizeNameSubHeadingText
	c.img = &canvas.Image{FillMode: canvas.ImageFillContain, ScaleMode: canvas.ImageScalePixels}
	c.img.Hide()
	info := container.NewVBox(layout.NewSpacer(), c.shop, c.amount, c.count, c.msg, layout.NewSpacer())
	bg := canvas.NewRectangle(color.White)
	c.win.SetContent(container.NewStack(bg, container.NewPadded(container.New(&codeLayout{rtl: u.rtl(), gap: 24}, c.img, info))))
	c.win.Resize(fyne.NewSize(1024, 600))
	u.customer = c
	c.idle()
	c.win.Show()
}

// idle shows the shop's welcome on the customer display, if there is one.
func (c *customerScreen) idle() {
	if c == nil {
		return
	}
	u := c.u
	c.shop.SetText(u.v(u.shopName(u.shop)))
	c.amount.Text = ""
	c.amount.Refresh()
	c.count.Text = ""
	c.count.Refresh()
	c.msg.SetText(u.t("ui.customer.welcome"))
	c.img.Image = nil
	c.img.Hide()
	c.win.Content().Refresh()
}

// show mirrors a payment in progress on the customer display, if there
// is one.
func (c *customerScreen) show(req TenderRequest, pr Progress) {
	if c == nil {
		return
	}
	u := c.u
	c.shop.SetText(u.v(u.shopName(req.Shop)))
	c.amount.Text = u.v(u.money(req.Amount))
	c.amount.Refresh()
	c.count.Text = ""
	if pr.ShowCountdown {
		c.count.Text = countdown(pr.Countdown)
	}
	c.count.Refresh()
	if pr.Image != nil {
		c.msg.SetText(u.t("ui.customer.scan"))
		if c.img.Image != pr.Image {
			c.img.Image = pr.Image
			c.img.Show()
			c.img.Refresh()
			c.win.Content().Refresh()
		}
	} else {
		c.msg.SetText(u.t("ui.customer.wait"))
	}
}

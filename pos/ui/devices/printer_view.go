package devices

import (
	"context"
	"runtime"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hanout/drivers/escpos"
	"hanout/drivers/printq"
	"hanout/drivers/serialport"
	"hanout/pos"
	"hanout/pos/i18n"
	"hanout/pos/ui"
)

// printerView is the printer block of the Settings screen. Its widgets are
// exported to the package's tests through the fields.
type printerView struct {
	lang        pos.Lang
	port        *widget.SelectEntry
	baud        *widget.Select
	profile     *widget.Select
	width       *widget.Select
	drawer      *widget.Check
	printOnSale *widget.Check
	save, test  *widget.Button
	status      *ui.Paragraph // the worker's state, live
	result      *ui.Paragraph // outcome of save / test page
	obj         fyne.CanvasObject
}

// Section is the printer block for ui.Hooks.Settings.
func (p *Printer) Section() ui.SettingsSection {
	return ui.SettingsSection{
		Title: func(l pos.Lang) string { return t(l, "devices.printer.title") },
		Build: func(l pos.Lang, _ fyne.Window) fyne.CanvasObject { return p.build(l).obj },
	}
}

// Ports lists the ports offered: the serial ports found, then (on Linux)
// the usual USB printer device; the entry also takes any path, COM name or
// host:9100.
var Ports = func() []string {
	if runtime.GOOS == "windows" {
		return serialport.List()
	}
	return append(serialport.List(), "/dev/usb/lp0")
}

func (p *Printer) build(l pos.Lang) *printerView {
	cfg := p.Settings()
	v := &printerView{lang: l}
	v.port = widget.NewSelectEntry(Ports())
	v.port.SetPlaceHolder(ui.Visual(l, t(l, "devices.printer.port_hint")))
	v.port.SetText(cfg.Port)

	var bs []string
	for _, b := range bauds {
		bs = append(bs, itoa(b))
	}
	if cfg.Baud > 0 && !contains(bauds, cfg.Baud) {
		bs = append(bs, itoa(cfg.Baud))
	}
	v.baud = widget.NewSelect(bs, nil)
	v.baud.SetSelected(itoa(max(cfg.Baud, 0)))
	if v.baud.Selected == "0" {
		v.baud.SetSelected("9600")
	}

	var titles []string
	for _, n := range escpos.Profiles() {
		titles = append(titles, profileTitle(n))
	}
	v.profile = widget.NewSelect(titles, nil)
	v.profile.SetSelected(profileTitle(cfg.Profile))

	v.width = widget.NewSelect([]string{"58 mm", "80 mm"}, nil)
	switch cfg.Width {
	case 58:
		v.width.SetSelected("58 mm")
	case 80:
		v.width.SetSelected("80 mm")
	default:
		if prof, err := cfg.ProfileFor(); err == nil && prof.Columns == 32 {
			v.width.SetSelected("58 mm")
		} else {
			v.width.SetSelected("80 mm")
		}
	}
	v.drawer = widget.NewCheck(ui.Visual(l, t(l, "devices.printer.drawer")), nil)
	v.drawer.SetChecked(cfg.Drawer)
	v.printOnSale = widget.NewCheck(ui.Visual(l, t(l, "devices.printer.print_on_sale")), nil)
	v.printOnSale.SetChecked(cfg.PrintOnSale)

	v.status = label(l, PrinterMessage(p.State(), l))
	v.status.TextStyle.Bold = true
	v.result = label(l, "")

	v.save = widget.NewButtonWithIcon(ui.Visual(l, t(l, "devices.printer.save")), theme.DocumentSaveIcon(), func() { p.saveFrom(v) })
	v.save.Importance = widget.HighImportance
	v.test = widget.NewButtonWithIcon(ui.Visual(l, t(l, "devices.printer.test")), theme.DocumentPrintIcon(), func() { p.testFrom(v) })

	buttons := []fyne.CanvasObject{v.save, v.test}
	if l == pos.AR {
		buttons[0], buttons[1] = buttons[1], buttons[0]
	}
	v.obj = container.NewVBox(
		row(l, t(l, "devices.printer.state"), v.status),
		row(l, t(l, "devices.printer.port"), v.port),
		row(l, t(l, "devices.printer.baud"), v.baud),
		row(l, t(l, "devices.printer.profile"), v.profile),
		row(l, t(l, "devices.printer.width"), v.width),
		v.drawer, v.printOnSale,
		container.NewGridWithColumns(2, buttons...),
		v.result,
	)
	p.mu.Lock()
	p.view = v
	p.mu.Unlock()
	return v
}

func contains(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func profileTitle(name string) string {
	p, err := escpos.LookupProfile(name, 0)
	if err != nil {
		p = escpos.MustProfile(escpos.Default, 0)
	}
	return p.Title
}

func profileName(title string) string {
	for _, n := range escpos.Profiles() {
		if profileTitle(n) == title {
			return n
		}
	}
	return escpos.Default
}

// read takes the form's values; it never fails: a bad value falls back to
// the default and the check is ProfileFor's.
func (v *printerView) read() printq.Settings {
	s := printq.DefaultSettings()
	s.Port = strings.TrimSpace(v.port.Text)
	if b, err := strconv.Atoi(v.baud.Selected); err == nil && b > 0 {
		s.Baud = b
	}
	s.Profile = profileName(v.profile.Selected)
	s.Width = 80
	if v.width.Selected == "58 mm" {
		s.Width = 58
	}
	s.Drawer, s.PrintOnSale = v.drawer.Checked, v.printOnSale.Checked
	return s
}

func (p *Printer) saveFrom(v *printerView) {
	l := v.lang
	cfg := v.read()
	if _, err := cfg.ProfileFor(); err != nil {
		setText(v.result, l, i18n.Error(l, err))
		return
	}
	if err := p.Apply(cfg, nil); err != nil {
		setText(v.result, l, i18n.Error(l, err))
		return
	}
	if cfg.Configured() {
		setText(v.result, l, t(l, "devices.printer.saved"))
	} else {
		setText(v.result, l, t(l, "devices.printer.saved_none"))
	}
}

// testFrom prints the test page on the form's values off the UI goroutine
// and says how it went.
func (p *Printer) testFrom(v *printerView) {
	l := v.lang
	cfg := v.read()
	v.test.Disable()
	setText(v.result, l, t(l, "devices.printer.testing"))
	p.bg.Add(1)
	go func() {
		defer p.bg.Done()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		perr := p.TestPage(ctx, cfg)
		msg := t(l, "printer.test_ok")
		if perr != nil {
			msg = t(l, "devices.printer.test_failed", i18n.Error(l, perr))
		}
		fyne.Do(func() {
			v.test.Enable()
			setText(v.result, l, msg)
		})
	}()
}

package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hanout/pos"
)

// loginScreen: user tiles, a PIN keypad, and the language switch.
type loginScreen struct {
	u        *UI
	tiles    map[string]*widget.Button // by user ID
	langs    map[pos.Lang]*widget.Button
	pin      *widget.Entry
	ok       *widget.Button
	msg      *widget.Label
	selected *pos.User
}

var langNames = map[pos.Lang]string{pos.FR: "Français", pos.AR: "العربية", pos.EN: "English"}

// showLogin reads the users and catalogue again and asks who is selling.
func (u *UI) showLogin() {
	u.reloadData()
	u.current = "login"
	u.status = nil
	l := &loginScreen{u: u, tiles: map[string]*widget.Button{}, langs: map[pos.Lang]*widget.Button{}}
	u.login = l
	u.win.SetContent(l.build())
	if l.selected != nil {
		u.win.Canvas().Focus(l.pin)
	}
}

// build makes the screen's widgets: the shop's name and the languages on
// top, the user tiles on one side and the PIN keypad on the other.
func (l *loginScreen) build() fyne.CanvasObject {
	u := l.u
	l.pin = widget.NewPasswordEntry()
	l.pin.SetPlaceHolder(u.t("ui.login.pin"))
	l.msg = u.label("")
	l.msg.Importance = widget.DangerImportance
	who := u.heading(u.t("ui.login.choose"))

	var tiles []fyne.CanvasObject
	for i := range u.users {
		usr := &u.users[i]
		if !usr.Active {
			continue
		}
		b := widget.NewButtonWithIcon(u.v(usr.Name), theme.AccountIcon(), nil)
		b.OnTapped = func() {
			l.selected = usr
			for _, t := range l.tiles {
				t.Importance = widget.MediumImportance
				t.Refresh()
			}
			b.Importance = widget.HighImportance
			b.Refresh()
			who.SetText(u.t("ui.login.pin_for", usr.Name))
			l.msg.SetText("")
			u.win.Canvas().Focus(l.pin)
		}
		l.tiles[usr.ID] = b
		tiles = append(tiles, b)
	}
	if len(tiles) == 1 { // one user: nothing to choose
		for _, b := range l.tiles {
			b.OnTapped()
		}
	}
	submit := func() {
		if l.selected == nil {
			l.msg.SetText(u.t("ui.login.choose"))
			return
		}
		usr, pin := *l.selected, l.pin.Text
		l.ok.Disable()
		u.bg(func() {
			ok := usr.CheckPIN(pin)
			fyne.Do(func() {
				l.ok.Enable()
				if !ok {
					l.msg.SetText(u.t("ui.login.wrong_pin"))
					l.pin.SetText("")
					return
				}
				u.user = &usr
				// Journal events name who changed what.
				u.st.SetActor(usr.Name)
				if u.pay.holds() { // never reached through Logout, which refuses
					u.showPay()
					return
				}
				u.ticket = &pos.Ticket{}
				u.pay = nil
				u.showSell()
			})
		})
	}
	l.pin.OnSubmitted = func(string) { submit() }
	l.ok = widget.NewButtonWithIcon(u.t("ui.login.enter"), theme.LoginIcon(), submit)
	l.ok.Importance = widget.HighImportance

	var langBtns []fyne.CanvasObject
	for _, lg := range pos.Langs {
		lg := lg
		b := widget.NewButton(langNames[lg], func() { u.SwitchLang(lg) })
		if lg == u.lang {
			b.Importance = widget.HighImportance
		}
		l.langs[lg] = b
		langBtns = append(langBtns, b)
	}

	title := canvas.NewText(u.v(l.shopTitle()), theme.Color(theme.ColorNameForeground))
	title.TextSize = 30
	title.TextStyle.Bold = true
	title.Alignment = fyne.TextAlignCenter

	users := container.NewVBox(who, l.flow(tiles))
	pad := container.NewVBox(l.pin, l.msg, container.NewCenter(u.keypad(l.pin, submit)), l.ok)
	body := container.New(&splitLayout{rtl: u.rtl(), side: 340, gap: 24}, container.NewVScroll(users), pad)
	top := container.NewVBox(title, container.NewCenter(container.NewHBox(u.order(langBtns)...)), widget.NewSeparator())
	return container.NewPadded(container.NewBorder(top, nil, nil, nil, body))
}

// flow lays out tiles left to right (right to left in Arabic), wrapping.
func (l *loginScreen) flow(objs []fyne.CanvasObject) fyne.CanvasObject {
	u := l.u
	c := container.New(layout.NewGridWrapLayout(fyne.NewSize(200, 80)), objs...)
	if u.rtl() {
		return container.New(&mirrorLayout{inner: layout.NewGridWrapLayout(fyne.NewSize(200, 80))}, objs...)
	}
	return c
}

func (l *loginScreen) shopTitle() string {
	u := l.u
	if u.rtl() && u.shop.NameAR != "" {
		return u.shop.NameAR
	}
	if u.shop.Name == "" {
		return "Hanout"
	}
	return u.shop.Name
}

// SwitchLang rebuilds the screen in another language at once (Fyne has no
// runtime locale: every string is looked up again as the screen is built).
func (u *UI) SwitchLang(l pos.Lang) {
	u.lang = l
	switch u.current {
	case "setup":
		u.showSetup()
	case "login", "":
		u.showLogin()
	default:
		u.show(u.current)
	}
}

func (u *UI) show(name string) {
	switch name {
	case screenPay:
		if u.pay != nil && u.pay.done != nil {
			u.pay.showDone()
		} else {
			u.showPay()
		}
	case screenHistory:
		u.showHistory()
	case screenShift:
		u.showShift()
	case screenAccounts:
		u.showAccounts()
	case screenCatalogue:
		u.showCatalogue()
	case screenSettings:
		u.showSettings()
	default:
		u.showSell()
	}
}

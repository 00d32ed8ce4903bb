package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"hanout/pos"
)

// setupScreen is the first-run form of an empty data folder.
type setupScreen struct {
	u                                                 *UI
	name, nameAR, ice, city, phone, terminal, manager *widget.Entry
	header, footer                                    *widget.Entry
	pin, pin2                                         *widget.Entry
	lang                                              *widget.Select
	save                                              *widget.Button
}

// showSetup is the first-run form.
func (u *UI) showSetup() {
	u.current = "setup"
	s := &setupScreen{u: u}
	u.setup = s
	u.win.SetContent(s.build())
}

// build makes the form's widgets.
func (s *setupScreen) build() fyne.CanvasObject {
	u := s.u
	s.name = u.entry(u.t("ui.setup.name_hint"))
	s.nameAR = u.entry("")
	s.ice = u.entry("000000000000000")
	s.city = u.entry("Marrakech")
	s.phone = u.entry("+212 …")
	s.terminal = u.entry("STAND-1")
	s.terminal.SetText("STAND-1")
	s.manager = u.entry(u.t("ui.setup.manager_hint"))
	s.header = widget.NewMultiLineEntry()
	s.header.SetMinRowsVisible(2)
	s.footer = widget.NewMultiLineEntry()
	s.footer.SetMinRowsVisible(2)
	s.footer.SetText(u.t("ui.setup.footer_default"))
	s.pin = widget.NewPasswordEntry()
	s.pin2 = widget.NewPasswordEntry()
	var names []string
	for _, l := range pos.Langs {
		names = append(names, langNames[l])
	}
	s.lang = widget.NewSelect(names, func(v string) {
		for _, l := range pos.Langs {
			if langNames[l] == v && l != u.lang {
				keep := *s
				u.SwitchLang(l)
				u.setup.copyFrom(&keep)
			}
		}
	})
	s.lang.SetSelected(langNames[u.lang])
	s.save = widget.NewButton(u.t("ui.setup.save"), s.saveShop)
	s.save.Importance = widget.HighImportance

	form := container.NewVBox(
		u.heading(u.t("ui.setup.title")),
		u.wrapLabel(u.t("ui.setup.intro")),
		u.formRow(u.t("ui.setup.lang"), s.lang),
		u.formRow(u.t("ui.shop.name"), s.name),
		u.formRow(u.t("ui.shop.name_ar"), s.nameAR),
		u.formRow(u.t("ui.shop.ice"), s.ice),
		u.formRow(u.t("ui.shop.city"), s.city),
		u.formRow(u.t("ui.shop.phone"), s.phone),
		u.formRow(u.t("ui.shop.header"), s.header),
		u.formRow(u.t("ui.shop.footer"), s.footer),
		u.formRow(u.t("ui.shop.terminal"), s.terminal),
		widget.NewSeparator(),
		u.formRow(u.t("ui.setup.manager"), s.manager),
		u.formRow(u.t("ui.setup.pin"), s.pin),
		u.formRow(u.t("ui.setup.pin2"), s.pin2),
		s.save,
	)
	return container.NewVScroll(container.NewPadded(form))
}

// copyFrom keeps what was typed when the language changes mid-setup.
func (s *setupScreen) copyFrom(o *setupScreen) {
	for _, p := range [][2]*widget.Entry{{s.name, o.name}, {s.nameAR, o.nameAR}, {s.ice, o.ice}, {s.city, o.city},
		{s.phone, o.phone}, {s.terminal, o.terminal}, {s.manager, o.manager}, {s.header, o.header}, {s.footer, o.footer},
		{s.pin, o.pin}, {s.pin2, o.pin2}} {
		p[0].SetText(p[1].Text)
	}
}

// saveShop checks the form, then stores the manager and the shop, which
// ends the first run.
func (s *setupScreen) saveShop() {
	u := s.u
	name, manager := strings.TrimSpace(s.name.Text), strings.TrimSpace(s.manager.Text)
	switch {
	case name == "":
		u.info(u.t("ui.error.title"), u.t("ui.setup.need_name"))
		return
	case manager == "":
		u.info(u.t("ui.error.title"), u.t("ui.setup.need_manager"))
		return
	case s.pin.Text != s.pin2.Text:
		u.info(u.t("ui.error.title"), u.t("ui.setup.pin_mismatch"))
		return
	}
	ice := strings.TrimSpace(s.ice.Text)
	if ice != "" && (len(ice) != 15 || strings.Trim(ice, "0123456789") != "") {
		u.info(u.t("ui.error.title"), u.t("ui.setup.ice_invalid"))
		return
	}
	mgr := pos.User{ID: "u-" + pos.NewShortID(), Name: manager, Role: pos.RoleManager, Active: true}
	if err := mgr.SetPIN(s.pin.Text); err != nil {
		u.showErr(err)
		return
	}
	shop := pos.Shop{
		Name: name, NameAR: strings.TrimSpace(s.nameAR.Text), ICE: ice, City: strings.TrimSpace(s.city.Text),
		Phone: strings.TrimSpace(s.phone.Text), Header: s.header.Text, Footer: s.footer.Text,
		Terminal: strings.TrimSpace(s.terminal.Text), Lang: u.lang,
	}
	// The manager first: a shop without a manager could never log in, so
	// the shop record (which ends first-run setup) is written last.
	if err := u.st.PutUser(&mgr); err != nil {
		u.showErr(err)
		return
	}
	if err := u.st.PutShop(shop); err != nil {
		u.showErr(err)
		return
	}
	u.shop = shop
	u.showLogin()
	if b := u.login.tiles[mgr.ID]; b != nil {
		b.OnTapped()
	}
}

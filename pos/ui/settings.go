package ui

import (
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hanout/pos"
)

// settingsScreen edits the shop, receipt texts, language, exchange rates
// and users; makes backups; and hosts the device and sync sections.
type settingsScreen struct {
	u                                                 *UI
	name, nameAR, ice, city, phone, address, terminal *widget.Entry
	header, footer                                    *widget.Entry
	rateEUR, rateUSD                                  *numEntry // each with its keypad button
	discountLimit                                     *numEntry // percent off list a cashier may give
	lang                                              *widget.Select
	save, backup                                      *widget.Button
	userName, userPIN                                 *widget.Entry
	userRole                                          *widget.Select
	addUser                                           *widget.Button

	// rates are the exchange rates foreign notes are taken at (currency.go);
	// rateEUR and rateUSD are its fields.
	rates *rateFields
}

// showSettings opens the settings, for a logged-in seller.
func (u *UI) showSettings() {
	if u.user == nil {
		u.showLogin()
		return
	}
	s := &settingsScreen{u: u}
	u.settings = s
	u.frame(screenSettings, s.build())
}

// build makes the screen's widgets from the shop as stored: the shop and
// receipt on one side, users, backup and the device and sync sections on
// the other.
func (s *settingsScreen) build() fyne.CanvasObject {
	u := s.u
	sh := u.shop
	mk := func(v string) *widget.Entry { e := u.entry(""); e.SetText(v); return e }
	s.name, s.nameAR, s.ice, s.city = mk(sh.Name), mk(sh.NameAR), mk(sh.ICE), mk(sh.City)
	s.phone, s.address, s.terminal = mk(sh.Phone), mk(sh.Address), mk(sh.Terminal)
	s.header = widget.NewMultiLineEntry()
	s.header.SetText(sh.Header)
	s.footer = widget.NewMultiLineEntry()
	s.footer.SetText(sh.Footer)
	s.rates = u.newRateFields()
	s.rateEUR, s.rateUSD = s.rates.fields["EUR"], s.rates.fields["USD"]
	s.discountLimit = u.numEntry(nil)
	s.discountLimit.SetPlaceHolder(u.t("ui.settings.discount_limit_hint"))
	if sh.DiscountLimit != 0 {
		s.discountLimit.SetText(u.percentText(sh.DiscountLimit))
	}
	var names []string
	for _, l := range pos.Langs {
		names = append(names, langNames[l])
	}
	s.lang = widget.NewSelect(names, nil)
	s.lang.SetSelected(langNames[pos.ParseLang(string(sh.Lang))])
	s.save = widget.NewButtonWithIcon(u.t("ui.settings.save"), theme.DocumentSaveIcon(), s.saveSettings)
	s.save.Importance = widget.HighImportance
	s.backup = widget.NewButtonWithIcon(u.t("ui.settings.backup"), theme.DownloadIcon(), s.makeBackup)

	s.userName = u.entry(u.t("ui.settings.user_name"))
	s.userPIN = widget.NewPasswordEntry()
	s.userPIN.SetPlaceHolder(u.t("ui.settings.user_pin"))
	s.userRole = widget.NewSelect([]string{u.t("ui.role.cashier"), u.t("ui.role.manager")}, nil)
	s.userRole.SetSelected(u.t("ui.role.cashier"))
	s.addUser = widget.NewButtonWithIcon(u.t("ui.settings.add_user"), theme.ContentAddIcon(), s.createUser)
	var users []string
	for _, us := range u.users {
		users = append(users, us.Name+" ("+u.tl("ui.role."+string(us.Role))+")")
	}

	shop := container.NewVBox(
		u.heading(u.t("ui.settings.shop")),
		u.formRow(u.t("ui.shop.name"), s.name),
		u.formRow(u.t("ui.shop.name_ar"), s.nameAR),
		u.formRow(u.t("ui.shop.ice"), s.ice),
		u.formRow(u.t("ui.shop.address"), s.address),
		u.formRow(u.t("ui.shop.city"), s.city),
		u.formRow(u.t("ui.shop.phone"), s.phone),
		u.formRow(u.t("ui.shop.terminal"), s.terminal),
		u.heading(u.t("ui.settings.receipt")),
		u.formRow(u.t("ui.shop.header"), s.header),
		u.formRow(u.t("ui.shop.footer"), s.footer),
		u.heading(u.t("currency.settings.title")),
		u.formRow(u.t("ui.setup.lang"), s.lang),
		s.rates.obj(),
		u.formRow(u.t("ui.settings.discount_limit"), u.keypadField(s.discountLimit, u.t("ui.settings.discount_limit"))),
		tall(s.save, 56),
	)
	other := container.NewVBox(
		u.heading(u.t("ui.settings.users")),
		u.wrapLabel(u.v(strings.Join(users, "\n"))),
		u.formRow(u.t("ui.settings.user_name"), s.userName),
		u.formRow(u.t("ui.settings.user_pin"), s.userPIN),
		u.formRow(u.t("ui.settings.user_role"), s.userRole),
		s.addUser,
		widget.NewSeparator(),
		u.heading(u.t("ui.settings.backup_title")),
		u.wrapLabel(u.t("ui.settings.backup_help")),
		s.backup,
		widget.NewSeparator(),
	)
	if len(u.hooks.Settings) == 0 {
		other.Add(u.heading(u.t("ui.settings.devices")))
		other.Add(u.wrapLabel(u.t("ui.settings.devices_soon")))
		other.Add(u.heading(u.t("ui.settings.sync")))
		other.Add(u.wrapLabel(u.t("ui.settings.sync_soon")))
	}
	for _, sec := range u.hooks.Settings {
		other.Add(u.heading(u.v(sec.Title(u.lang))))
		other.Add(sec.Build(u.lang, u.win))
	}
	return container.New(&splitLayout{rtl: u.rtl(), side: 480, frac: 0.45, portrait: 0.45, gap: 16},
		container.NewVScroll(container.NewPadded(shop)), container.NewVScroll(container.NewPadded(other)))
}

// saveSettings checks and stores the shop as typed.
func (s *settingsScreen) saveSettings() {
	u := s.u
	sh := u.shop
	sh.Name, sh.NameAR = strings.TrimSpace(s.name.Text), strings.TrimSpace(s.nameAR.Text)
	sh.ICE, sh.Address = strings.TrimSpace(s.ice.Text), strings.TrimSpace(s.address.Text)
	sh.City, sh.Phone = strings.TrimSpace(s.city.Text), strings.TrimSpace(s.phone.Text)
	sh.Terminal = strings.TrimSpace(s.terminal.Text)
	sh.Header, sh.Footer = s.header.Text, s.footer.Text
	if sh.Name == "" {
		u.info(u.t("ui.error.title"), u.t("ui.setup.need_name"))
		return
	}
	if sh.ICE != "" && (len(sh.ICE) != 15 || strings.Trim(sh.ICE, "0123456789") != "") {
		u.info(u.t("ui.error.title"), u.t("ui.setup.ice_invalid"))
		return
	}
	rates, err := s.rates.read()
	if err != nil {
		u.showErr(err)
		return
	}
	// The receipt's indicative line follows the rates the notes are taken at.
	sh.RateEUR, sh.RateUSD = indicative(rates.EUR), indicative(rates.USD)
	sh.DiscountLimit = 0
	if txt := strings.TrimSuffix(strings.TrimSpace(s.discountLimit.Text), "%"); strings.TrimSpace(txt) != "" {
		m, err := pos.ParseMoney(txt) // a percentage, two decimals at most
		if err != nil || m < 0 || m > 10000 {
			u.showErr(pos.Errorf("money.invalid", s.discountLimit.Text))
			return
		}
		sh.DiscountLimit = int(m)
	}
	for _, l := range pos.Langs {
		if langNames[l] == s.lang.Selected {
			sh.Lang = l
		}
	}
	if err := u.st.PutRates(rates); err != nil {
		u.showErr(err)
		return
	}
	if err := u.st.PutShop(sh); err != nil {
		u.showErr(err)
		return
	}
	u.shop = sh
	u.info(u.t("ui.settings.saved_title"), u.t("ui.settings.saved"))
}

// makeBackup writes a consistent copy of the store under <data>/backups while
// the till keeps selling.
func (s *settingsScreen) makeBackup() {
	u := s.u
	name := "hanout-" + u.now().Format("20060102-150405") + ".db"
	path := filepath.Join(u.dataDir, "backups", name)
	s.backup.Disable()
	u.bg(func() {
		err := mkdirFor(path)
		if err == nil {
			err = u.st.BackupFile(path)
		}
		fyne.Do(func() {
			s.backup.Enable()
			if err != nil {
				u.showErr(err)
				return
			}
			u.info(u.t("ui.settings.backup_title"), u.t("ui.settings.backup_done", path))
		})
	})
}

// createUser adds the user typed in the form and shows the list again.
func (s *settingsScreen) createUser() {
	u := s.u
	name := strings.TrimSpace(s.userName.Text)
	if name == "" {
		u.info(u.t("ui.error.title"), u.t("ui.settings.need_user_name"))
		return
	}
	role := pos.RoleCashier
	if s.userRole.Selected == u.t("ui.role.manager") {
		role = pos.RoleManager
	}
	usr := pos.User{ID: "u-" + pos.NewShortID(), Name: name, Role: role, Active: true}
	if err := usr.SetPIN(s.userPIN.Text); err != nil {
		u.showErr(err)
		return
	}
	if err := u.st.PutUser(&usr); err != nil {
		u.showErr(err)
		return
	}
	u.reloadData()
	u.showSettings()
}

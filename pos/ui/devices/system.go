package devices

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hanout/pos"
	"hanout/pos/store"
	"hanout/pos/ui"
)

// KioskKey is the store setting that starts the till in kiosk mode (full
// screen, locked, restarted if it stops) even without --kiosk.
const KioskKey = "kiosk"

// KioskSettings is the value stored under KioskKey.
type KioskSettings struct {
	On bool `json:"on"`
}

// Kiosk reads the kiosk setting of st (off when never set).
func Kiosk(st *store.Store) (KioskSettings, error) {
	var k KioskSettings
	_, err := st.Setting(KioskKey, &k)
	return k, err
}

// About is what the "This computer" section of Settings shows.
type About struct {
	Version, Commit string
	DataDir         string
	// Kiosk says this till runs in kiosk mode now; Leave then offers a
	// button that quits the till once a manager gave a PIN.
	Kiosk bool
	Leave func()
}

// PINAsker asks a manager's PIN: *ui.UI.
type PINAsker interface {
	AskManagerPIN(title string, done func())
}

var _ PINAsker = (*ui.UI)(nil)

// System is the "This computer" section of Settings: the version and
// commit the till was built from, its data folder, and the kiosk mode.
type System struct {
	st    *store.Store
	about About
	ask   PINAsker
	view  *systemView
}

type systemView struct {
	version, dataDir *ui.Paragraph
	kiosk            *widget.Check
	leave            *widget.Button // nil outside kiosk mode
	result           *ui.Paragraph
}

// NewSystem makes the section; Attach gives it the screens before Settings
// is first shown.
func NewSystem(st *store.Store, a About) *System { return &System{st: st, about: a} }

// Attach sets who asks the manager's PIN (the running screens).
func (s *System) Attach(a PINAsker) { s.ask = a }

// Section is the block for ui.Hooks.Settings.
func (s *System) Section() ui.SettingsSection {
	return ui.SettingsSection{
		Title: func(l pos.Lang) string { return t(l, "dist.system.title") },
		Build: func(l pos.Lang, _ fyne.Window) fyne.CanvasObject { return s.build(l) },
	}
}

func (s *System) build(l pos.Lang) fyne.CanvasObject {
	v := &systemView{}
	s.view = v
	v.version = label(l, t(l, "dist.system.version_value", s.about.Version, s.about.Commit))
	v.dataDir = label(l, s.about.DataDir)
	v.dataDir.TextStyle.Monospace = true
	v.result = label(l, "")
	saved, err := Kiosk(s.st)
	if err != nil {
		setText(v.result, l, t(l, "dist.kiosk.read_failed"))
	}
	v.kiosk = widget.NewCheck(ui.Visual(l, t(l, "dist.kiosk.setting")), nil)
	v.kiosk.SetChecked(saved.On)
	v.kiosk.OnChanged = func(on bool) {
		if on == saved.On {
			return
		}
		// Changing it takes a manager: show the stored value until then.
		v.kiosk.SetChecked(saved.On)
		if s.ask == nil {
			return
		}
		s.ask.AskManagerPIN(t(l, "dist.kiosk.pin_title"), func() {
			k := KioskSettings{On: on}
			if err := s.st.PutSetting(KioskKey, k); err != nil {
				setText(v.result, l, t(l, "dist.kiosk.save_failed"))
				return
			}
			saved = k
			v.kiosk.SetChecked(on)
			if on {
				setText(v.result, l, t(l, "dist.kiosk.saved_on"))
			} else {
				setText(v.result, l, t(l, "dist.kiosk.saved_off"))
			}
		})
	}
	box := container.NewVBox(
		row(l, t(l, "dist.system.version"), v.version),
		row(l, t(l, "dist.system.data_dir"), v.dataDir),
		v.kiosk,
		label(l, t(l, "dist.kiosk.help")),
	)
	if s.about.Kiosk && s.about.Leave != nil {
		v.leave = widget.NewButtonWithIcon(ui.Visual(l, t(l, "dist.kiosk.leave")), theme.LogoutIcon(), func() {
			if s.ask != nil {
				s.ask.AskManagerPIN(t(l, "dist.kiosk.leave_title"), s.about.Leave)
			}
		})
		box.Add(v.leave)
	}
	box.Add(v.result)
	return box
}

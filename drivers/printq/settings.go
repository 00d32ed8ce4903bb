package printq

import (
	"strings"

	"hanout/drivers/escpos"
	"hanout/pos"
)

// SettingKey is the till's setting holding Settings.
const SettingKey = "printer"

// Settings is the receipt printer as the manager set it up.
type Settings struct {
	// Port is a serial port (/dev/ttyUSB0, /dev/serial/by-id/…), a USB
	// printer (/dev/usb/lp0) or host:9100. Empty: no printer.
	Port        string `json:"port"`
	Baud        int    `json:"baud"`
	Profile     string `json:"profile"`
	Width       int    `json:"width"` // 58 or 80 mm; 0: the model's
	Drawer      bool   `json:"drawer"`
	PrintOnSale bool   `json:"print_on_sale"`
}

// DefaultSettings is what a till without a saved setting starts from.
func DefaultSettings() Settings {
	return Settings{Baud: 9600, Profile: escpos.Default, Width: 80, Drawer: true, PrintOnSale: true}
}

// Configured reports whether a printer port is set.
func (s Settings) Configured() bool { return strings.TrimSpace(s.Port) != "" }

// ProfileFor returns the printer model at the chosen paper width.
func (s Settings) ProfileFor() (escpos.Profile, error) {
	if s.Width != 0 && s.Width != 58 && s.Width != 80 {
		return escpos.Profile{}, pos.Errorf("printer.bad_width", s.Width)
	}
	p, err := escpos.LookupProfile(s.Profile, s.Width)
	if err != nil {
		return p, pos.Wrap(err, "printer.unknown_profile", s.Profile)
	}
	return p, nil
}

// SettingStore is where a till keeps its settings (pos/store.Store).
type SettingStore interface {
	Setting(key string, v any) (found bool, err error)
}

// LoadSettings reads the printer setting; a till that never saved one gets
// DefaultSettings (not configured).
func LoadSettings(st SettingStore) (Settings, error) {
	s := DefaultSettings()
	found, err := st.Setting(SettingKey, &s)
	if err != nil || !found {
		return DefaultSettings(), err
	}
	if s.Baud <= 0 {
		s.Baud = 9600
	}
	return s, nil
}

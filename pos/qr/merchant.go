// Package qr builds the dynamic EMVCo QR code a buyer scans to pay the
// till, renders it, and follows the payment until it is confirmed, expired
// or cancelled.
//
// Nothing scheme-specific lives here: every account identifier (the
// Mastercard merchant account, each wallet scheme's GUID and sub-objects)
// comes from the merchant configuration exactly as the acquirer issued it.
package qr

import (
	"encoding/json"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"unicode"
	"unicode/utf8"

	"hanout/pos"
)

// Field is one data object as the acquirer issues it: a two-digit ID and
// its value.
type Field struct {
	ID    string `json:"id"`
	Value string `json:"value"`
}

// Scheme is a merchant account template (objects 26–51): the scheme's
// globally unique identifier (sub-object 00) and its other sub-objects, in
// the order given.
type Scheme struct {
	ID   string  `json:"id"`   // "26" … "51"
	GUID string  `json:"guid"` // e.g. an AID or a reverse domain name
	Sub  []Field `json:"sub,omitempty"`
}

// Merchant is the QR configuration of a shop: what the acquirer registered
// and issued. It is stored as JSON (see LoadMerchant).
type Merchant struct {
	Name       string `json:"name"`                  // 59, printable ASCII, ≤ 25
	City       string `json:"city"`                  // 60, printable ASCII, ≤ 15
	PostalCode string `json:"postal_code,omitempty"` // 61, ≤ 10
	MCC        string `json:"mcc"`                   // 52, four digits
	// NameAR and CityAR fill template 64 (language "ar") when NameAR is
	// set; they may hold any printable text.
	NameAR string `json:"name_ar,omitempty"` // ≤ 25 characters
	CityAR string `json:"city_ar,omitempty"` // ≤ 15 characters
	// Mastercard is the Mastercard merchant account, object 04 or 05.
	Mastercard *Field   `json:"mastercard,omitempty"`
	Schemes    []Scheme `json:"schemes,omitempty"`
}

// DemoGUID identifies the demo scheme. No acquirer issues it: a code built
// with it cannot be paid, and Demo reports it.
const DemoGUID = "ma.hanout.demo"

// DemoMerchant is the configuration the demo store ships: an obviously
// fake shop with a fake wallet scheme.
func DemoMerchant() Merchant {
	return Merchant{
		Name:       "HANOUT DEMO - NOT REAL",
		City:       "MARRAKECH",
		PostalCode: "40000",
		MCC:        "5970", // artist's supply and craft shops
		NameAR:     "حانوت تجريبي",
		CityAR:     "مراكش",
		Schemes: []Scheme{{
			ID:   "26",
			GUID: DemoGUID,
			Sub:  []Field{{ID: "01", Value: "DEMO-0000000001"}},
		}},
	}
}

// Demo reports whether m uses the demo scheme, so the till can say that
// its codes cannot be paid.
func (m Merchant) Demo() bool {
	for _, s := range m.Schemes {
		if s.GUID == DemoGUID {
			return true
		}
	}
	return false
}

// TenderKind is the tender a payment to m is recorded as: a mobile wallet
// when a wallet scheme is configured, otherwise a card-scheme app.
func (m Merchant) TenderKind() pos.TenderKind {
	if len(m.Schemes) > 0 {
		return pos.TenderQRWallet
	}
	return pos.TenderQRCard
}

// Validate checks the configuration field by field, with an error naming
// the field, then builds a sample code so that any rule of the payload
// format (a template longer than 99 characters…) is caught here rather
// than at the till.
func (m Merchant) Validate() error {
	switch {
	case !ascii(m.Name, 1, 25):
		return pos.Errorf("qr.merchant_name", m.Name)
	case !ascii(m.City, 1, 15):
		return pos.Errorf("qr.merchant_city", m.City)
	case !ascii(m.PostalCode, 0, 10):
		return pos.Errorf("qr.merchant_postal", m.PostalCode)
	case len(m.MCC) != 4 || !digits(m.MCC):
		return pos.Errorf("qr.merchant_mcc", m.MCC)
	case !printable(m.NameAR, 0, 25) || m.NameAR == "" && m.CityAR != "":
		return pos.Errorf("qr.merchant_name_ar", m.NameAR)
	case !printable(m.CityAR, 0, 15):
		return pos.Errorf("qr.merchant_city_ar", m.CityAR)
	}
	if mc := m.Mastercard; mc != nil && (mc.ID != "04" && mc.ID != "05" || !ascii(mc.Value, 1, 99)) {
		return pos.Errorf("qr.merchant_mastercard", mc.ID, mc.Value)
	}
	seen := map[string]bool{}
	for _, s := range m.Schemes {
		if n, ok := twoDigits(s.ID); !ok || n < 26 || n > 51 {
			return pos.Errorf("qr.scheme_id", s.ID)
		}
		if seen[s.ID] {
			return pos.Errorf("qr.scheme_duplicate", s.ID)
		}
		seen[s.ID] = true
		if !ascii(s.GUID, 1, 32) {
			return pos.Errorf("qr.scheme_guid", s.ID, s.GUID)
		}
		subs := map[string]bool{}
		for _, f := range s.Sub {
			if n, ok := twoDigits(f.ID); !ok || n < 1 || subs[f.ID] || !ascii(f.Value, 1, 99) {
				return pos.Errorf("qr.scheme_sub", s.ID, f.ID, f.Value)
			}
			subs[f.ID] = true
		}
	}
	if m.Mastercard == nil && len(m.Schemes) == 0 {
		return pos.Errorf("qr.merchant_no_account")
	}
	// The sample uses the longest values Dynamic can add.
	if _, err := build(m, 999999999999, "RRRRRRRRRRRRRRRRRRRRRRRRR", math.MaxUint64, "TTTTTTTTTTTTTTTTTTTTTTTTT"); err != nil {
		return pos.Wrap(err, "qr.merchant_invalid")
	}
	return nil
}

// LoadMerchant reads a JSON configuration file and validates it. A missing
// file gives an error with the key "qr.config_missing" (errors.Is
// fs.ErrNotExist holds too), so a caller may fall back to the demo.
func LoadMerchant(path string) (Merchant, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Merchant{}, pos.Wrap(err, "qr.config_missing", path)
	}
	if err != nil {
		return Merchant{}, pos.Wrap(err, "qr.config_read", path)
	}
	var m Merchant
	if err := json.Unmarshal(b, &m); err != nil {
		return Merchant{}, pos.Wrap(err, "qr.config_bad", path, err.Error())
	}
	if err := m.Validate(); err != nil {
		return Merchant{}, pos.Wrap(err, "qr.config_invalid", path)
	}
	return m, nil
}

// SaveMerchant validates m and writes it to path atomically (a temporary
// file renamed over the old one), creating the folder if needed.
func SaveMerchant(path string, m Merchant) error {
	if err := m.Validate(); err != nil {
		return err
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return pos.Wrap(err, "qr.config_write", path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".merchant-*.json")
	if err != nil {
		return pos.Wrap(err, "qr.config_write", path)
	}
	_, werr := tmp.Write(b)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(tmp.Name())
		return pos.Wrap(err, "qr.config_write", path)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return pos.Wrap(err, "qr.config_write", path)
	}
	return nil
}

// ascii reports whether s is printable ASCII of min to max characters.
func ascii(s string, min, max int) bool {
	if len(s) < min || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7E {
			return false
		}
	}
	return true
}

// printable reports whether s is valid UTF-8 of min to max characters,
// each printable (the rule of template 64).
func printable(s string, min, max int) bool {
	if !utf8.ValidString(s) {
		return false
	}
	if n := utf8.RuneCountInString(s); n < min || n > max {
		return false
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func twoDigits(s string) (int, bool) {
	if len(s) != 2 || !digits(s) {
		return 0, false
	}
	return int(s[0]-'0')*10 + int(s[1]-'0'), true
}

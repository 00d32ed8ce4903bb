package qr

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"hanout/pos"
)

func TestDemoMerchantIsValidAndMarked(t *testing.T) {
	m := DemoMerchant()
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	if !m.Demo() || !strings.Contains(m.Name, "DEMO") {
		t.Fatalf("demo merchant not marked: %+v", m)
	}
	if m.Schemes[0].GUID != "ma.hanout.demo" {
		t.Fatalf("GUID %q", m.Schemes[0].GUID)
	}
	real := m
	real.Schemes = []Scheme{{ID: "27", GUID: "A000000999", Sub: []Field{{ID: "01", Value: "X"}}}}
	if real.Demo() {
		t.Fatal("a configured scheme reported as demo")
	}
}

func TestTenderKind(t *testing.T) {
	m := DemoMerchant()
	if m.TenderKind() != pos.TenderQRWallet {
		t.Fatal(m.TenderKind())
	}
	m.Schemes = nil
	m.Mastercard = &Field{ID: "04", Value: "5413330089010434"}
	if m.TenderKind() != pos.TenderQRCard {
		t.Fatal(m.TenderKind())
	}
}

func TestMerchantValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(m *Merchant)
		key    string
	}{
		{"ok", func(m *Merchant) {}, ""},
		{"name empty", func(m *Merchant) { m.Name = "" }, "qr.merchant_name"},
		{"name 26", func(m *Merchant) { m.Name = strings.Repeat("N", 26) }, "qr.merchant_name"},
		{"name accent", func(m *Merchant) { m.Name = "COOPÉRATIVE" }, "qr.merchant_name"},
		{"city empty", func(m *Merchant) { m.City = "" }, "qr.merchant_city"},
		{"city 16", func(m *Merchant) { m.City = strings.Repeat("C", 16) }, "qr.merchant_city"},
		{"postal 11", func(m *Merchant) { m.PostalCode = "12345678901" }, "qr.merchant_postal"},
		{"mcc 3", func(m *Merchant) { m.MCC = "597" }, "qr.merchant_mcc"},
		{"mcc letters", func(m *Merchant) { m.MCC = "59A0" }, "qr.merchant_mcc"},
		{"arabic name 26", func(m *Merchant) { m.NameAR = strings.Repeat("ح", 26) }, "qr.merchant_name_ar"},
		{"arabic city without name", func(m *Merchant) { m.NameAR = "" }, "qr.merchant_name_ar"},
		{"arabic name control", func(m *Merchant) { m.NameAR = "حانوت\n" }, "qr.merchant_name_ar"},
		{"arabic city 16", func(m *Merchant) { m.CityAR = strings.Repeat("م", 16) }, "qr.merchant_city_ar"},
		{"mastercard id", func(m *Merchant) { m.Mastercard = &Field{ID: "02", Value: "1"} }, "qr.merchant_mastercard"},
		{"mastercard empty", func(m *Merchant) { m.Mastercard = &Field{ID: "04"} }, "qr.merchant_mastercard"},
		{"scheme id 25", func(m *Merchant) { m.Schemes[0].ID = "25" }, "qr.scheme_id"},
		{"scheme id 52", func(m *Merchant) { m.Schemes[0].ID = "52" }, "qr.scheme_id"},
		{"scheme duplicate", func(m *Merchant) { m.Schemes = append(m.Schemes, m.Schemes[0]) }, "qr.scheme_duplicate"},
		{"scheme guid empty", func(m *Merchant) { m.Schemes[0].GUID = "" }, "qr.scheme_guid"},
		{"scheme guid 33", func(m *Merchant) { m.Schemes[0].GUID = strings.Repeat("g", 33) }, "qr.scheme_guid"},
		{"sub id 00", func(m *Merchant) { m.Schemes[0].Sub[0].ID = "00" }, "qr.scheme_sub"},
		{"sub id text", func(m *Merchant) { m.Schemes[0].Sub[0].ID = "x1" }, "qr.scheme_sub"},
		{"sub empty", func(m *Merchant) { m.Schemes[0].Sub[0].Value = "" }, "qr.scheme_sub"},
		{"sub duplicate", func(m *Merchant) { m.Schemes[0].Sub = append(m.Schemes[0].Sub, m.Schemes[0].Sub[0]) }, "qr.scheme_sub"},
		{"no account", func(m *Merchant) { m.Schemes = nil }, "qr.merchant_no_account"},
		{"mastercard alone", func(m *Merchant) { m.Schemes = nil; m.Mastercard = &Field{ID: "05", Value: "5413330089010434"} }, ""},
		{"template over 99", func(m *Merchant) {
			m.Schemes[0].Sub = []Field{{ID: "01", Value: strings.Repeat("a", 60)}, {ID: "02", Value: strings.Repeat("b", 30)}}
		}, "qr.merchant_invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := DemoMerchant()
			tt.change(&m)
			if got := pos.KeyOf(m.Validate()); got != tt.key {
				t.Fatalf("Validate() key %q, want %q (%v)", got, tt.key, m.Validate())
			}
		})
	}
}

func TestSaveLoadMerchant(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "merchant.json")
	m := DemoMerchant()
	m.Mastercard = &Field{ID: "04", Value: "5413330089010434"}
	if err := SaveMerchant(path, m); err != nil {
		t.Fatal(err)
	}
	got, err := LoadMerchant(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, m) {
		t.Fatalf("loaded %+v\nwant %+v", got, m)
	}
	b, _ := os.ReadFile(path)
	if !strings.Contains(string(b), `"guid": "ma.hanout.demo"`) || !strings.Contains(string(b), "حانوت") {
		t.Fatalf("unexpected JSON:\n%s", b)
	}
	bad := DemoMerchant()
	bad.MCC = "x"
	if err := SaveMerchant(path, bad); pos.KeyOf(err) != "qr.merchant_mcc" {
		t.Fatalf("saved an invalid merchant: %v", err)
	}
}

func TestLoadMerchantErrorsNameTheFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name, path, key string
	}{
		{"missing", filepath.Join(dir, "nope.json"), "qr.config_missing"},
		{"not json", write("bad.json", "{name: x"), "qr.config_bad"},
		{"wrong type", write("type.json", `{"name": 12}`), "qr.config_bad"},
		{"invalid", write("invalid.json", `{"name":"A","city":"B","mcc":"12"}`), "qr.config_invalid"},
		{"a folder", dir, "qr.config_read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadMerchant(tt.path)
			var pe *pos.Error
			if !errors.As(err, &pe) || pe.Key != tt.key {
				t.Fatalf("error %v, want key %s", err, tt.key)
			}
			if len(pe.Args) == 0 || pe.Args[0] != tt.path {
				t.Fatalf("error does not name the file: %v", pe.Args)
			}
		})
	}
	_, err := LoadMerchant(filepath.Join(dir, "nope.json"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("missing file does not match fs.ErrNotExist")
	}
	// The rule broken is kept as the cause of qr.config_invalid.
	_, err = LoadMerchant(filepath.Join(dir, "invalid.json"))
	if !errors.Is(err, pos.Errorf("qr.merchant_mcc")) {
		t.Fatalf("cause lost: %v", err)
	}
}

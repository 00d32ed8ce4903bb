package qr

import (
	"strings"
	"testing"

	"hanout/pos"
	"hanout/pos/emvco"
)

func TestDynamicDemo(t *testing.T) {
	s, err := Dynamic(DemoMerchant(), 12000, "STAND-1-2S", 42, "STAND-1")
	if err != nil {
		t.Fatal(err)
	}
	// Written by hand from the specification, CRC from the check-valued
	// CRC function: a change in order or format shows here.
	body := "000201" + "010212" +
		"2637" + "0014ma.hanout.demo" + "0115DEMO-0000000001" +
		"52045970" + "5303504" + "5406120.00" + "5802MA" +
		"5922HANOUT DEMO - NOT REAL" + "6009MARRAKECH" + "610540000" +
		"6231" + "010242" + "0510STAND-1-2S" + "0707STAND-1" +
		"6431" + "0002ar" + "0112حانوت تجريبي" + "0205مراكش" +
		"6304"
	if want := body + emvco.CRC(body); s != want {
		t.Fatalf("got  %s\nwant %s", s, want)
	}
	if again, _ := Dynamic(DemoMerchant(), 12000, "STAND-1-2S", 42, "STAND-1"); again != s {
		t.Fatal("not reproducible")
	}
}

func TestDynamicFields(t *testing.T) {
	m := DemoMerchant()
	m.Mastercard = &Field{ID: "04", Value: "5413330089010434"}
	// Schemes are written in ID order whatever the configuration order.
	m.Schemes = []Scheme{
		{ID: "31", GUID: "A000000999", Sub: []Field{{ID: "02", Value: "B"}, {ID: "01", Value: "A"}}},
		{ID: "26", GUID: "ma.example.wallet", Sub: []Field{{ID: "01", Value: "M1"}}},
	}
	s, err := Dynamic(m, 1, "R1", 0, "")
	if err != nil {
		t.Fatal(err)
	}
	p, err := emvco.Decode(s)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, o := range p.Objects {
		ids = append(ids, o.ID)
	}
	if got, want := strings.Join(ids, " "), "00 01 04 26 31 52 53 54 58 59 60 61 62 64 63"; got != want {
		t.Fatalf("order %s, want %s", got, want)
	}
	checks := []struct{ got, want string }{
		{p.Value("01"), "12"},
		{p.Value("04"), "5413330089010434"},
		{p.Sub("26", "00"), "ma.example.wallet"},
		{p.Sub("31", "00"), "A000000999"},
		{p.Sub("31", "02"), "B"}, // sub-objects keep the configured order
		{p.Value("53"), "504"},
		{p.Value("54"), "0.01"},
		{p.Value("58"), "MA"},
		{p.Sub("62", "05"), "R1"},
		{p.Sub("62", "01"), ""}, // receipt 0: left out
		{p.Sub("62", "07"), ""}, // no terminal: left out
		{p.Sub("64", "00"), "ar"},
	}
	for i, c := range checks {
		if c.got != c.want {
			t.Errorf("check %d: %q, want %q", i, c.got, c.want)
		}
	}
	o, _ := p.Get("31")
	if o.Children[1].ID != "02" {
		t.Errorf("sub-objects reordered: %+v", o.Children)
	}
}

func TestDynamicWithoutArabic(t *testing.T) {
	m := DemoMerchant()
	m.NameAR, m.CityAR, m.PostalCode = "", "", ""
	s, err := Dynamic(m, 99, "R", 1, "T")
	if err != nil {
		t.Fatal(err)
	}
	p, _ := emvco.Decode(s)
	if _, ok := p.Get("64"); ok {
		t.Fatal("64 present without an Arabic name")
	}
	if _, ok := p.Get("61"); ok {
		t.Fatal("61 present without a postal code")
	}
	m.NameAR = "حانوت"
	s, _ = Dynamic(m, 99, "R", 1, "T")
	p, _ = emvco.Decode(s)
	if o, _ := p.Get("64"); len(o.Children) != 2 {
		t.Fatalf("64 = %+v, want language and name only", o)
	}
}

func TestDynamicRefusals(t *testing.T) {
	bad := DemoMerchant()
	bad.City = ""
	tests := []struct {
		name     string
		m        Merchant
		amount   pos.Money
		ref, ter string
		key      string
	}{
		{"zero", DemoMerchant(), 0, "R", "T", "qr.amount_invalid"},
		{"negative", DemoMerchant(), -500, "R", "T", "qr.amount_invalid"},
		{"too large", DemoMerchant(), MaxAmount + 1, "R", "T", "qr.amount_invalid"},
		{"no ref", DemoMerchant(), 100, "", "T", "qr.reference_invalid"},
		{"ref 26", DemoMerchant(), 100, strings.Repeat("R", 26), "T", "qr.reference_invalid"},
		{"ref accent", DemoMerchant(), 100, "RÉF", "T", "qr.reference_invalid"},
		{"terminal 26", DemoMerchant(), 100, "R", strings.Repeat("T", 26), "qr.terminal_invalid"},
		{"bad merchant", bad, 100, "R", "T", "qr.merchant_city"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Dynamic(tt.m, tt.amount, tt.ref, 1, tt.ter)
			if got := pos.KeyOf(err); got != tt.key {
				t.Fatalf("key %q, want %q (%v)", got, tt.key, err)
			}
		})
	}
	if s, err := Dynamic(DemoMerchant(), MaxAmount, strings.Repeat("R", 25), ^uint64(0), strings.Repeat("T", 25)); err != nil {
		t.Fatalf("largest values refused: %v", err)
	} else if p, _ := emvco.Decode(s); p.Value("54") != "9999999999.99" {
		t.Fatalf("54 = %q", p.Value("54"))
	}
}

func TestReference(t *testing.T) {
	tests := []struct {
		terminal string
		seq      uint64
		want     string
	}{
		{"STAND-1", 1, "STAND-1-1"},
		{"stand-1", 36, "STAND-1-10"},
		{"", 7, "T-7"},
		{"---", 7, "T-7"},
		{"كشك", 7, "T-7"},
		{"POS 2", ^uint64(0), "POS2-3W5E11264SGSF"},
		{"ABCDEFGHIJK", ^uint64(0), "ABCDEFGHIJK-3W5E11264SGSF"}, // 25: the longest
	}
	for _, tt := range tests {
		if got := Reference(tt.terminal, tt.seq); got != tt.want {
			t.Errorf("Reference(%q, %d) = %q, want %q", tt.terminal, tt.seq, got, tt.want)
		}
	}
	// A long label keeps 6 characters and adds 4 of its hash.
	a, b := Reference("Souk Semmarine 3", 5), Reference("Souk Semmarine 4", 5)
	if !strings.HasPrefix(a, "SOUKSE-") || len(a) != len("SOUKSE-XXXX-5") || a == b {
		t.Errorf("long labels: %q, %q", a, b)
	}
}

func TestReferenceShapeAndUniqueness(t *testing.T) {
	labels := []string{"STAND-1", "", "BOUTIQUE-MARRAKECH-1", "BOUTIQUE-MARRAKECH-2", strings.Repeat("X", 40), "a b c"}
	seqs := []uint64{0, 1, 35, 36, 1295, 1296, 1 << 32, 1<<63 + 12345, ^uint64(0) - 1, ^uint64(0)}
	seen := map[string]string{}
	for _, l := range labels {
		for _, s := range seqs {
			r := Reference(l, s)
			if len(r) > 25 || len(r) == 0 {
				t.Errorf("Reference(%q,%d) = %q: %d chars", l, s, r, len(r))
			}
			for _, c := range r {
				if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
					t.Errorf("Reference(%q,%d) = %q: character %q", l, s, r, c)
				}
			}
			if prev, dup := seen[r]; dup {
				t.Errorf("Reference(%q,%d) = %q, same as %s", l, s, r, prev)
			}
			seen[r] = l
			if _, err := Dynamic(DemoMerchant(), 100, r, 1, "T"); err != nil {
				t.Errorf("reference %q refused by Dynamic: %v", r, err)
			}
		}
	}
	// Every sequence number of a terminal gives its own reference.
	refs := map[string]bool{}
	for s := uint64(0); s < 50000; s++ {
		refs[Reference("STAND-1", s)] = true
	}
	if len(refs) != 50000 {
		t.Fatalf("%d distinct references for 50000 sequence numbers", len(refs))
	}
}

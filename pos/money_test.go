package pos

import "testing"

func TestParseMoney(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Money
		ok   bool
	}{
		{"12", 1200, true}, {"12,5", 1250, true}, {"12.50", 1250, true}, {"0,05", 5, true},
		{"1 234,50", 123450, true}, {"1\u202f234,50", 123450, true}, {" 7 ", 700, true},
		{"-3.2", -320, true}, {",5", 50, true}, {"12.", 1200, true},
		{"", 0, false}, {"abc", 0, false}, {"12.345", 0, false}, {"1.2.3", 0, false},
		{"12,5 DH", 0, false}, {"1e3", 0, false}, {"--1", 0, false}, {".", 0, false},
		{"99999999999999", 0, false}, {"١٢", 0, false},
	} {
		got, err := ParseMoney(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("ParseMoney(%q) = %d, %v; want %d ok=%v", c.in, got, err, c.want, c.ok)
		}
		if err != nil && KeyOf(err) != "money.invalid" {
			t.Errorf("ParseMoney(%q) error key %q", c.in, KeyOf(err))
		}
	}
}

func TestFormat(t *testing.T) {
	for _, c := range []struct {
		m    Money
		l    Lang
		want string
	}{
		{123450, FR, "1\u202f234,50 DH"},
		{123450, EN, "1,234.50 MAD"},
		{123450, AR, "1\u202f234,50 د.م."},
		{5, FR, "0,05 DH"},
		{-100000000, EN, "-1,000,000.00 MAD"},
		{99900, FR, "999,00 DH"},
	} {
		if got := c.m.Format(c.l); got != c.want {
			t.Errorf("%d.Format(%s) = %q, want %q", c.m, c.l, got, c.want)
		}
	}
	for m, want := range map[Money]string{12345: "123.45", -50: "-0.50", 0: "0.00", 7: "0.07"} {
		if got := m.Decimal(); got != want {
			t.Errorf("%d.Decimal() = %q, want %q", m, got, want)
		}
	}
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"12", "12,5", "12.50", "1 234,50", "-0.01", "", "1.2.3", "١٢"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMoney(s)
		if err != nil {
			return
		}
		// Whatever parses must survive a round trip through its own
		// machine format.
		back, err := ParseMoney(m.Decimal())
		if err != nil || back != m {
			t.Fatalf("%q -> %d -> %q -> %d, %v", s, m, m.Decimal(), back, err)
		}
	})
}

func TestIndicative(t *testing.T) {
	// 100.00 MAD at 10.85 MAD/EUR = 9.2165... EUR -> 9.22
	if got := Indicative(10000, 1085); got != 922 {
		t.Fatalf("got %d", got)
	}
	if got := Indicative(10000, 0); got != 0 {
		t.Fatalf("unset rate gave %d", got)
	}
}

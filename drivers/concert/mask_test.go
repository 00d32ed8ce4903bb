package concert

import (
	"regexp"
	"testing"
)

func TestMask(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"513100******1234", "513100******1234"},
		{"5131001234561234", "513100******1234"},
		{"4111111111111", "411111***1111"},             // 13 digits
		{"4111111111111111111", "411111*********1111"}, // 19 digits
		{"411111111111", "411111111111"},               // 12: not a card number
		{"5131 0012 3456 1234", "5131 00** **** 1234"},
		{"5131-0012-3456-1234", "5131-00**-****-1234"},
		{"3782 822463 10005", "3782 82**** *0005"},
		{"card 5131001234561234 auth 123456", "card 513100******1234 auth 123456"},
		{"513100******1234 250612 123456", "513100******1234 250612 123456"}, // date, auth: left alone
		{"1234 250612 123456", "1234 250612 123456"},
		{"00015000|504", "00015000|504"},
		{"AA016 5131001234561234", "AA016 513100******1234"},
		{"بطاقة 5131001234561234", "بطاقة 513100******1234"},
		{"12345678901234567890123", "123456*************0123"}, // longer runs are masked too
	} {
		if got := Mask(tc.in); got != tc.want {
			t.Errorf("Mask(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// fullPAN finds what Mask must never let through.
var fullPAN = regexp.MustCompile(`[0-9]{13,}`)

func FuzzMask(f *testing.F) {
	for _, s := range []string{"5131001234561234", "5131 0012 3456 1234", "x4111111111111111y", "1-2-3", "99999999999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := Mask(s)
		if len(m) != len(s) {
			t.Fatalf("length changed: %q -> %q", s, m)
		}
		if fullPAN.MatchString(m) {
			t.Fatalf("Mask(%q) = %q still holds a full number", s, m)
		}
		if Mask(m) != m {
			t.Fatalf("Mask is not idempotent on %q", s)
		}
	})
}

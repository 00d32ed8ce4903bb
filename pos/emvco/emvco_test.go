package emvco

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"hanout/pos"
)

// The two public vectors of the shared reference: the EMVCo specification's
// sample and the Banco Central do Brasil PIX manual's example.
const (
	vectorEMVCo = "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A"
	vectorPIX   = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D"
)

func TestCRCCheckValue(t *testing.T) {
	if got := CRC16([]byte("123456789")); got != 0x29B1 {
		t.Fatalf("CRC16(123456789) = %04X, want 29B1", got)
	}
	if got := CRC("123456789"); got != "29B1" {
		t.Fatalf("CRC = %q", got)
	}
	// Zero padding: find an input whose CRC is below 0x1000.
	for i := 0; i < 100000; i++ {
		s := strings.Repeat("x", i%7) + string(rune('0'+i%10)) + string(rune('a'+i/10%26)) + string(rune('A'+i/260%26))
		if CRC16([]byte(s)) < 0x1000 {
			if got := CRC(s); len(got) != 4 || got[0] != '0' {
				t.Fatalf("CRC(%q) = %q, not zero-padded", s, got)
			}
			return
		}
	}
	t.Fatal("no small CRC found")
}

func TestVectorsDecodeAndReencode(t *testing.T) {
	for name, v := range map[string]string{"emvco": vectorEMVCo, "pix": vectorPIX} {
		t.Run(name, func(t *testing.T) {
			p, err := Decode(v)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			got, err := p.Encode()
			if err != nil {
				t.Fatalf("Encode: %v", err)
			}
			if got != v {
				t.Fatalf("re-encoded differs:\n got %s\nwant %s", got, v)
			}
			sealed, err := p.Seal()
			if err != nil || sealed != v {
				t.Fatalf("Seal = %q, %v", sealed, err)
			}
		})
	}
}

func TestVectorContents(t *testing.T) {
	p, err := Decode(vectorEMVCo)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct{ got, want string }{
		{p.Value("54"), "23.72"},
		{p.Value("53"), "156"},
		{p.Value("59"), "BEST TRANSPORT"},
		{p.Sub("29", "00"), "D15600000000"},
		{p.Sub("29", "05"), "A93FO3230Q"},
		{p.Sub("64", "01"), "最佳运输"},
		{p.Sub("64", "02"), "北京"},
		{p.Sub("62", "06"), "***"},
		{p.Sub("91", "00"), "A011223344998877"},
		{p.Value("63"), "A13A"},
	}
	for i, c := range checks {
		if c.got != c.want {
			t.Errorf("check %d: got %q, want %q", i, c.got, c.want)
		}
	}
	// Order is kept as decoded: 54 comes after 64 in this sample.
	var ids []string
	for _, o := range p.Objects {
		ids = append(ids, o.ID)
	}
	if want := "00 01 29 31 52 58 59 60 64 54 53 55 62 91 63"; strings.Join(ids, " ") != want {
		t.Errorf("order %v, want %s", ids, want)
	}
	q, _ := Decode(vectorPIX)
	if q.Sub("26", "00") != "br.gov.bcb.pix" || q.Sub("62", "05") != "***" {
		t.Errorf("pix: %+v", q)
	}
}

// LEN counts characters: the Chinese name is 4 characters and 12 bytes.
func TestLengthCountsCharacters(t *testing.T) {
	s, err := Payload{Objects: []Object{{ID: "64", Children: []Object{{ID: "01", Value: "最佳运输"}}}}}.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if want := "64080104最佳运输"; s != want {
		t.Fatalf("got %q, want %q", s, want)
	}
	// A byte-counted length runs past the end.
	if _, err := Parse("00020101021259" + "12" + "最佳运输"); pos.KeyOf(err) != "qr.truncated" {
		t.Fatalf("byte-counted length: %v", err)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, in, key string
	}{
		{"empty", "", "qr.empty"},
		{"not utf8", "000201\xff", "qr.not_utf8"},
		{"id not digits", "0002010A02AB", "qr.bad_id"},
		{"length not digits", "00020101X112", "qr.bad_length"},
		{"length zero", "000201010012", "qr.bad_length"},
		{"value runs past end", "0002010105121", "qr.truncated"},
		{"header cut", "00020101", "qr.truncated"},
		{"dangling", "0002010", "qr.truncated"},
		{"template not objects", "000201" + "2605ABCDE", "qr.template_invalid"},
		{"template cut", "000201" + "620501021", "qr.template_invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.in)
			if got := pos.KeyOf(err); got != tt.key {
				t.Fatalf("Parse(%q) error %v, want key %s", tt.in, err, tt.key)
			}
		})
	}
}

func TestTemplateErrorKeepsCause(t *testing.T) {
	_, err := Parse("000201" + "620501021")
	if !errors.Is(err, pos.Errorf("qr.truncated")) {
		t.Fatalf("cause lost: %v", err)
	}
}

func TestEncodeErrors(t *testing.T) {
	tests := []struct {
		name string
		objs []Object
		key  string
	}{
		{"bad id", []Object{{ID: "A0", Value: "x"}}, "qr.bad_id"},
		{"short id", []Object{{ID: "1", Value: "x"}}, "qr.bad_id"},
		{"empty value", []Object{{ID: "59", Value: ""}}, "qr.value_length"},
		{"100 chars", []Object{{ID: "59", Value: strings.Repeat("a", 100)}}, "qr.value_length"},
		{"children outside template", []Object{{ID: "59", Children: []Object{{ID: "00", Value: "x"}}}}, "qr.not_template"},
		{"template without objects", []Object{{ID: "62", Value: "0501x"}}, "qr.template_needs_objects"},
		{"nested twice", []Object{{ID: "62", Children: []Object{{ID: "50", Children: []Object{{ID: "00", Value: "x"}}}}}}, "qr.not_template"},
		{"template too long", []Object{{ID: "62", Children: []Object{{ID: "05", Value: strings.Repeat("a", 96)}}}}, "qr.value_length"},
		{"invalid utf8", []Object{{ID: "59", Value: "\xff"}}, "qr.not_utf8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Payload{Objects: tt.objs}.Encode()
			if got := pos.KeyOf(err); got != tt.key {
				t.Fatalf("error %v, want key %s", err, tt.key)
			}
		})
	}
	// 99 characters is the longest value.
	if _, err := (Payload{Objects: []Object{{ID: "59", Value: strings.Repeat("a", 99)}}}).Encode(); err != nil {
		t.Fatal(err)
	}
}

// base returns a valid dynamic Moroccan payload without its CRC; each rule
// test changes one thing and seals it with a correct CRC so that only the
// rule under test can fail.
func base() []Object {
	return []Object{
		{ID: "00", Value: "01"},
		{ID: "01", Value: "12"},
		{ID: "26", Children: []Object{{ID: "00", Value: "ma.hanout.demo"}, {ID: "01", Value: "123456"}}},
		{ID: "52", Value: "5971"},
		{ID: "53", Value: "504"},
		{ID: "54", Value: "120.00"},
		{ID: "58", Value: "MA"},
		{ID: "59", Value: "COOPERATIVE TIWIZI"},
		{ID: "60", Value: "MARRAKECH"},
		{ID: "61", Value: "40000"},
		{ID: "62", Children: []Object{{ID: "01", Value: "42"}, {ID: "05", Value: "STAND1-00001"}, {ID: "07", Value: "STAND-1"}}},
		{ID: "64", Children: []Object{{ID: "00", Value: "ar"}, {ID: "01", Value: "تعاونية تويزي"}, {ID: "02", Value: "مراكش"}}},
	}
}

// seal appends a correct CRC without validating.
func seal(t *testing.T, objs []Object) string {
	t.Helper()
	s, err := Payload{Objects: objs}.Encode()
	if err != nil {
		t.Fatal(err)
	}
	return s + "6304" + CRC(s+"6304")
}

func set(objs []Object, id, value string) []Object {
	for i := range objs {
		if objs[i].ID == id {
			objs[i].Value = value
			return objs
		}
	}
	return append(objs, Object{ID: id, Value: value})
}

func without(objs []Object, id string) []Object {
	var out []Object
	for _, o := range objs {
		if o.ID != id {
			out = append(out, o)
		}
	}
	return out
}

func setSub(objs []Object, id, sub, value string) []Object {
	for i := range objs {
		if objs[i].ID != id {
			continue
		}
		ch := append([]Object(nil), objs[i].Children...)
		for j := range ch {
			if ch[j].ID == sub {
				if value == "" {
					ch = append(ch[:j], ch[j+1:]...)
				} else {
					ch[j].Value = value
				}
				objs[i].Children = ch
				return objs
			}
		}
		objs[i].Children = append(ch, Object{ID: sub, Value: value})
	}
	return objs
}

func TestBaseIsValid(t *testing.T) {
	if _, err := Decode(seal(t, base())); err != nil {
		t.Fatal(err)
	}
}

func TestValidationRules(t *testing.T) {
	// Objects before "54" in base, to insert fee objects in order.
	withTip := func(tip string, extra ...Object) []Object {
		b := base()
		out := append([]Object{}, b[:6]...)
		out = append(out, Object{ID: "55", Value: tip})
		out = append(out, extra...)
		return append(out, b[6:]...)
	}
	tests := []struct {
		name    string
		payload func(t *testing.T) string
		key     string
	}{
		{"crc mismatch", func(t *testing.T) string {
			s := seal(t, base())
			return s[:len(s)-4] + map[bool]string{true: "0000", false: "FFFF"}[s[len(s)-4:] != "0000"]
		}, "qr.crc_mismatch"},
		{"crc changed content", func(t *testing.T) string {
			return strings.Replace(seal(t, base()), "120.00", "920.00", 1)
		}, "qr.crc_mismatch"},
		{"crc lowercase", func(t *testing.T) string {
			s := seal(t, base())
			return s[:len(s)-4] + "abcd"
		}, "qr.crc_format"},
		{"crc missing", func(t *testing.T) string {
			s, _ := Payload{Objects: base()}.Encode()
			return s
		}, "qr.crc_not_last"},
		{"crc not last", func(t *testing.T) string {
			s := seal(t, base())
			return s + "0703ABC"
		}, "qr.crc_not_last"},
		{"00 not first", func(t *testing.T) string {
			b := base()
			b[0], b[1] = b[1], b[0]
			return seal(t, b)
		}, "qr.first_not_00"},
		{"00 not 01", func(t *testing.T) string { return seal(t, set(base(), "00", "02")) }, "qr.format_indicator"},
		{"duplicate top", func(t *testing.T) string { return seal(t, append(base(), Object{ID: "59", Value: "X"})) }, "qr.duplicate_id"},
		{"duplicate nested", func(t *testing.T) string {
			b := base()
			b[10].Children = append(b[10].Children, Object{ID: "05", Value: "X"})
			return seal(t, b)
		}, "qr.duplicate_id"},
		{"too long", func(t *testing.T) string {
			b := base()
			for _, id := range []string{"80", "81", "82", "83", "84"} {
				b = append(b, Object{ID: id, Children: []Object{{ID: "00", Value: "ma.test"}, {ID: "01", Value: strings.Repeat("x", 80)}}})
			}
			return seal(t, b)
		}, "qr.too_long"},
		{"missing 52", func(t *testing.T) string { return seal(t, without(base(), "52")) }, "qr.missing"},
		{"missing 53", func(t *testing.T) string { return seal(t, without(base(), "53")) }, "qr.missing"},
		{"missing 58", func(t *testing.T) string { return seal(t, without(base(), "58")) }, "qr.missing"},
		{"missing 59", func(t *testing.T) string { return seal(t, without(base(), "59")) }, "qr.missing"},
		{"missing 60", func(t *testing.T) string { return seal(t, without(base(), "60")) }, "qr.missing"},
		{"no account", func(t *testing.T) string { return seal(t, without(base(), "26")) }, "qr.no_account"},
		{"guid missing", func(t *testing.T) string { return seal(t, setSub(base(), "26", "00", "")) }, "qr.guid_missing"},
		{"guid too long", func(t *testing.T) string { return seal(t, setSub(base(), "26", "00", strings.Repeat("g", 33))) }, "qr.value_too_long"},
		{"initiation", func(t *testing.T) string { return seal(t, set(base(), "01", "13")) }, "qr.initiation"},
		{"mcc letters", func(t *testing.T) string { return seal(t, set(base(), "52", "59A1")) }, "qr.mcc"},
		{"mcc short", func(t *testing.T) string { return seal(t, set(base(), "52", "597")) }, "qr.mcc"},
		{"currency letters", func(t *testing.T) string { return seal(t, set(base(), "53", "MAD")) }, "qr.currency"},
		{"currency 4 digits", func(t *testing.T) string { return seal(t, set(base(), "53", "5040")) }, "qr.currency"},
		{"amount comma", func(t *testing.T) string { return seal(t, set(base(), "54", "98,73")) }, "qr.amount"},
		{"amount zero", func(t *testing.T) string { return seal(t, set(base(), "54", "0.00")) }, "qr.amount"},
		{"amount negative", func(t *testing.T) string { return seal(t, set(base(), "54", "-1.00")) }, "qr.amount"},
		{"amount two dots", func(t *testing.T) string { return seal(t, set(base(), "54", "1.2.3")) }, "qr.amount"},
		{"amount 14 chars", func(t *testing.T) string { return seal(t, set(base(), "54", "12345678901.00")) }, "qr.amount"},
		{"tip bad", func(t *testing.T) string { return seal(t, withTip("04")) }, "qr.tip"},
		{"fixed fee missing", func(t *testing.T) string { return seal(t, withTip("02")) }, "qr.missing"},
		{"percent fee missing", func(t *testing.T) string { return seal(t, withTip("03")) }, "qr.missing"},
		{"fee without 55=02", func(t *testing.T) string { return seal(t, withTip("01", Object{ID: "56", Value: "5.00"})) }, "qr.tip_unexpected"},
		{"fee format", func(t *testing.T) string { return seal(t, withTip("02", Object{ID: "56", Value: "5,00"})) }, "qr.fee"},
		{"percent too long", func(t *testing.T) string { return seal(t, withTip("03", Object{ID: "57", Value: "10.000"})) }, "qr.fee"},
		{"country lowercase", func(t *testing.T) string { return seal(t, set(base(), "58", "ma")) }, "qr.country"},
		{"country 3 letters", func(t *testing.T) string { return seal(t, set(base(), "58", "MAR")) }, "qr.country"},
		{"name 26", func(t *testing.T) string { return seal(t, set(base(), "59", strings.Repeat("N", 26))) }, "qr.value_too_long"},
		{"city 16", func(t *testing.T) string { return seal(t, set(base(), "60", strings.Repeat("C", 16))) }, "qr.value_too_long"},
		{"postal 11", func(t *testing.T) string { return seal(t, set(base(), "61", strings.Repeat("1", 11))) }, "qr.value_too_long"},
		{"reference 26", func(t *testing.T) string { return seal(t, setSub(base(), "62", "05", strings.Repeat("R", 26))) }, "qr.value_too_long"},
		{"consumer request", func(t *testing.T) string { return seal(t, setSub(base(), "62", "09", "X")) }, "qr.consumer_request"},
		{"accent in name", func(t *testing.T) string { return seal(t, set(base(), "59", "COOPÉRATIVE")) }, "qr.chars"},
		{"arabic in name", func(t *testing.T) string { return seal(t, set(base(), "59", "تعاونية")) }, "qr.chars"},
		{"control char", func(t *testing.T) string { return seal(t, set(base(), "60", "MARRA\nKECH")) }, "qr.chars"},
		{"non-ascii in account", func(t *testing.T) string { return seal(t, setSub(base(), "26", "01", "é")) }, "qr.chars"},
		{"control in 64", func(t *testing.T) string { return seal(t, setSub(base(), "64", "01", "a\tb")) }, "qr.chars"},
		{"64 language missing", func(t *testing.T) string { return seal(t, setSub(base(), "64", "00", "")) }, "qr.missing"},
		{"64 language bad", func(t *testing.T) string { return seal(t, setSub(base(), "64", "00", "a1")) }, "qr.lang"},
		{"64 name missing", func(t *testing.T) string { return seal(t, setSub(base(), "64", "01", "")) }, "qr.missing"},
		{"64 name 26", func(t *testing.T) string { return seal(t, setSub(base(), "64", "01", strings.Repeat("ت", 26))) }, "qr.value_too_long"},
		{"64 city 16", func(t *testing.T) string { return seal(t, setSub(base(), "64", "02", strings.Repeat("م", 16))) }, "qr.value_too_long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.payload(t)
			_, err := Decode(s)
			if got := pos.KeyOf(err); got != tt.key {
				t.Fatalf("Decode(%q)\nerror %v, want key %s", s, err, tt.key)
			}
			var pe *pos.Error
			if !errors.As(err, &pe) {
				t.Fatalf("not a *pos.Error: %T", err)
			}
		})
	}
}

func TestValidEdgeCases(t *testing.T) {
	tests := []struct {
		name string
		objs []Object
	}{
		{"name 25", set(base(), "59", strings.Repeat("N", 25))},
		{"city 15", set(base(), "60", strings.Repeat("C", 15))},
		{"arabic name 25", setSub(base(), "64", "01", strings.Repeat("ت", 25))},
		{"amount integer", set(base(), "54", "120")},
		{"amount 13 chars", set(base(), "54", "1234567890.00")},
		{"static without amount", set(without(base(), "54"), "01", "11")},
		{"no 01", without(base(), "01")},
		{"card account only", append(base()[:2:2], append([]Object{{ID: "04", Value: "5413330089010434"}}, base()[3:]...)...)},
		{"consumer request AME", setSub(base(), "62", "09", "AME")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Decode(seal(t, tt.objs)); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestDecodeReturnsPayloadOnRuleFailure(t *testing.T) {
	p, err := Decode(seal(t, set(base(), "53", "MAD")))
	if err == nil || p.Value("59") != "COOPERATIVE TIWIZI" {
		t.Fatalf("p=%+v err=%v", p, err)
	}
}

func TestSealReplacesCRCAndValidates(t *testing.T) {
	objs := append(base(), Object{ID: "63", Value: "0000"})
	s, err := Payload{Objects: objs}.Seal()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(s, "6304") < 1 || s[len(s)-8:len(s)-4] != "6304" {
		t.Fatalf("CRC not last: %s", s)
	}
	if _, err := (Payload{Objects: set(base(), "58", "Morocco")}).Seal(); pos.KeyOf(err) != "qr.country" {
		t.Fatalf("Seal accepted an invalid payload: %v", err)
	}
}

func TestNames(t *testing.T) {
	for _, c := range []struct{ parent, id, want string }{
		{"", "59", "Merchant name"},
		{"", "04", "Merchant account, Mastercard"},
		{"", "26", "Merchant account template"},
		{"", "91", "Unreserved template"},
		{"62", "05", "Reference label"},
		{"64", "01", "Merchant name, alternate language"},
		{"26", "00", "Globally unique identifier"},
		{"26", "01", "Scheme-specific"},
	} {
		if got := Name(c.parent, c.id); got != c.want {
			t.Errorf("Name(%q,%q) = %q, want %q", c.parent, c.id, got, c.want)
		}
	}
}

// FuzzDecode: Parse and Decode never panic; whatever parses re-encodes to
// the same string and parses back to the same payload; whatever Decode
// accepts also survives Seal unchanged.
func FuzzDecode(f *testing.F) {
	f.Add(vectorEMVCo)
	f.Add(vectorPIX)
	f.Add("000201")
	f.Add("00020101021226190014ma.hanout.demo")
	f.Add("6304")
	f.Add("64080104最佳运输")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Parse(s)
		d, derr := Decode(s)
		if err != nil {
			if derr == nil {
				t.Fatalf("Decode accepted what Parse refused: %q", s)
			}
			return
		}
		enc, err := p.Encode()
		if err != nil {
			t.Fatalf("Encode of parsed %q: %v", s, err)
		}
		if enc != s {
			t.Fatalf("Encode(Parse(%q)) = %q", s, enc)
		}
		p2, err := Parse(enc)
		if err != nil || !reflect.DeepEqual(p, p2) {
			t.Fatalf("Parse(Encode(x)) != x for %q: %v", s, err)
		}
		_ = p.Validate() // must not panic
		if derr == nil {
			if !reflect.DeepEqual(d, p) {
				t.Fatalf("Decode and Parse disagree on %q", s)
			}
			sealed, err := d.Seal()
			if err != nil || sealed != s {
				t.Fatalf("Seal(Decode(%q)) = %q, %v", s, sealed, err)
			}
		}
	})
}

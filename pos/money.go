package pos

import (
	"strconv"
	"strings"
)

// Money is an amount of Moroccan dirhams in centimes. It is never a float:
// every total, tax and change is exact integer arithmetic.
type Money int64

// CurrencyNumeric is ISO 4217 for MAD, used by card terminals and QR codes.
const CurrencyNumeric = "504"

// Lang is a language the till speaks.
type Lang string

const (
	FR Lang = "fr"
	AR Lang = "ar"
	EN Lang = "en"
)

// Langs lists the languages in the order the UI offers them.
var Langs = []Lang{FR, AR, EN}

// ParseLang returns the language for a code such as "fr" or "ar_MA.UTF-8",
// falling back to French, the default of the till.
func ParseLang(s string) Lang {
	s = strings.ToLower(s)
	for _, l := range Langs {
		if strings.HasPrefix(s, string(l)) {
			return l
		}
	}
	return FR
}

// Decimal renders m with a dot and two decimals: "123.45", "-0.50". It is the
// machine format of exports, QR amounts and the wire.
func (m Money) Decimal() string {
	neg := m < 0
	if neg {
		m = -m
	}
	s := strconv.FormatInt(int64(m/100), 10) + "." + twoDigits(int64(m%100))
	if neg {
		return "-" + s
	}
	return s
}

func twoDigits(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

// Format renders m for a person reading lang:
//
//	fr  1 234,50 DH
//	en  1,234.50 MAD
//	ar  1 234,50 د.م.
//
// French and Arabic group thousands with a narrow no-break space (U+202F) so
// an amount never wraps across lines.
func (m Money) Format(l Lang) string {
	neg := m < 0
	if neg {
		m = -m
	}
	units := strconv.FormatInt(int64(m/100), 10)
	cents := twoDigits(int64(m % 100))
	sep, dec, suffix := "\u202f", ",", " DH"
	switch l {
	case EN:
		sep, dec, suffix = ",", ".", " MAD"
	case AR:
		suffix = " د.م."
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range units {
		if i > 0 && (len(units)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	b.WriteString(dec)
	b.WriteString(cents)
	b.WriteString(suffix)
	return b.String()
}

// ParseMoney reads an amount typed by a person or found in a file: "12",
// "12,5", "12.50", "1 234,50", "-3.2". At most two decimals; anything else
// is an error with the key "money.invalid". A currency suffix is not
// accepted: the till only handles dirhams.
func ParseMoney(s string) (Money, error) {
	bad := func() (Money, error) { return 0, Errorf("money.invalid", s) }
	t := strings.TrimSpace(s)
	t = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "").Replace(t)
	if t == "" {
		return bad()
	}
	neg := false
	if t[0] == '-' || t[0] == '+' {
		neg = t[0] == '-'
		t = t[1:]
	}
	intPart, frac := t, ""
	if i := strings.IndexAny(t, ".,"); i >= 0 {
		intPart, frac = t[:i], t[i+1:]
		if strings.ContainsAny(frac, ".,") {
			return bad()
		}
	}
	if intPart == "" && frac == "" {
		return bad()
	}
	if len(frac) > 2 || len(intPart) > 13 {
		return bad()
	}
	for _, c := range intPart + frac {
		if c < '0' || c > '9' {
			return bad()
		}
	}
	var units, cents int64
	for _, c := range intPart {
		units = units*10 + int64(c-'0')
	}
	for i := 0; i < 2; i++ {
		cents *= 10
		if i < len(frac) {
			cents += int64(frac[i] - '0')
		}
	}
	m := Money(units*100 + cents)
	if neg {
		m = -m
	}
	return m, nil
}

// String renders the machine format, so an amount in an error message reads
// "12.50" rather than 1250.
func (m Money) String() string { return m.Decimal() }

package pos

import (
	"math"
	"math/bits"
	"strconv"
	"strings"
)

// Tourists pay in euros and dollars. The till takes their banknotes at the
// rate a manager set in Settings (Rates), records that rate on the tender,
// turns the foreign amount into dirhams once, rounded to the centime, and
// gives the change in dirhams. The notes go into the drawer beside the
// dirhams and are counted apart at the close.

// Currency is a foreign currency whose banknotes the till takes.
type Currency struct {
	Code string     // ISO 4217: "EUR", "USD"
	Kind TenderKind // TenderCashEUR, TenderCashUSD
	// Notes are the banknotes counted at the close, in the currency's
	// cents, largest first. Coins are not taken.
	Notes []Money
}

// Currencies are the foreign currencies the till takes, in the order the
// pay screen, the close and the reports show them.
var Currencies = []Currency{
	{Code: "EUR", Kind: TenderCashEUR, Notes: []Money{50000, 20000, 10000, 5000, 2000, 1000, 500}},
	{Code: "USD", Kind: TenderCashUSD, Notes: []Money{10000, 5000, 2000, 1000, 500, 200, 100}},
}

// CurrencyOf returns the currency of a foreign cash tender kind.
func CurrencyOf(kind TenderKind) (Currency, bool) {
	for _, c := range Currencies {
		if c.Kind == kind {
			return c, true
		}
	}
	return Currency{}, false
}

// CurrencyByCode returns the currency of an ISO 4217 code.
func CurrencyByCode(code string) (Currency, bool) {
	for _, c := range Currencies {
		if c.Code == code {
			return c, true
		}
	}
	return Currency{}, false
}

// IsForeign reports whether a tender kind is foreign banknotes.
func IsForeign(kind TenderKind) bool {
	_, ok := CurrencyOf(kind)
	return ok
}

// MaxRate bounds a rate a manager may set: 1000 dirhams for one unit.
const MaxRate = 1000 * RateScale

// Rates are the exchange rates the till takes foreign banknotes at, in
// RateScale (108523 = 10.8523 dirhams for one euro). Zero means the till
// does not take that currency. A manager sets them in Settings; the store
// keeps them as the journaled setting "rates".
type Rates struct {
	EUR int64 `json:"eur,omitempty"`
	USD int64 `json:"usd,omitempty"`
}

// Of returns the rate of a currency code (0 when not taken).
func (r Rates) Of(code string) int64 {
	switch code {
	case "EUR":
		return r.EUR
	case "USD":
		return r.USD
	}
	return 0
}

// Validate refuses a negative rate or one above MaxRate.
func (r Rates) Validate() error {
	for _, c := range Currencies {
		if v := r.Of(c.Code); v < 0 || v > MaxRate {
			return Errorf("currency.rate_invalid", c.Code+" "+FormatRate(v, FR))
		}
	}
	return nil
}

// ToDirhams converts an amount in a foreign currency's cents at rate
// (RateScale) into dirham centimes: foreign × rate / RateScale, rounded
// once, half away from zero. The product is taken on 128 bits, so no
// amount overflows silently: a result beyond int64 is currency.too_large.
func ToDirhams(foreign Money, rate int64) (Money, error) {
	if rate <= 0 {
		return 0, Errorf("currency.rate_invalid", FormatRate(rate, FR))
	}
	neg := foreign < 0
	// |foreign| as uint64, also for math.MinInt64.
	a := uint64(foreign)
	if neg {
		a = -a
	}
	hi, lo := bits.Mul64(a, uint64(rate))
	// Add half the divisor before dividing: half away from zero on the
	// magnitude.
	var carry uint64
	lo, carry = bits.Add64(lo, RateScale/2, 0)
	hi += carry
	if hi >= RateScale {
		return 0, Errorf("currency.too_large")
	}
	q, _ := bits.Div64(hi, lo, RateScale)
	if q > math.MaxInt64 {
		return 0, Errorf("currency.too_large")
	}
	if neg {
		return -Money(q), nil
	}
	return Money(q), nil
}

// NotesOnly reports whether foreign (cents) can be handed over in the
// currency's banknotes: a multiple of its smallest note.
func (c Currency) NotesOnly(foreign Money) bool {
	small := c.Notes[len(c.Notes)-1]
	return foreign > 0 && foreign%small == 0
}

// ForeignTender builds a payment in foreign banknotes: the customer handed
// over foreign (the currency's cents) towards due (dirhams) at rate. The
// banknotes are worth Given dirhams, rounded once; the tender takes at most
// due and the rest is Change, in dirhams: Given - Change = Amount. When the
// notes cover less than due, the rest is paid by another tender (dirhams,
// card, QR).
func ForeignTender(kind TenderKind, foreign Money, rate int64, due Money) (Tender, error) {
	c, ok := CurrencyOf(kind)
	switch {
	case !ok:
		return Tender{}, Errorf("currency.unknown", string(kind))
	case rate <= 0 || rate > MaxRate:
		return Tender{}, Errorf("currency.no_rate", c.Code)
	case foreign <= 0:
		return Tender{}, Errorf("tender.amount_invalid")
	case !c.NotesOnly(foreign):
		return Tender{}, Errorf("currency.notes_only", c.Code)
	case due <= 0:
		return Tender{}, Errorf("tender.nothing_due")
	}
	given, err := ToDirhams(foreign, rate)
	if err != nil {
		return Tender{}, err
	}
	amount := min(given, due)
	return Tender{Kind: kind, Amount: amount, Given: given, Change: given - amount, Status: StatusApproved,
		Currency: c.Code, Foreign: foreign, Rate: rate}, nil
}

// checkForeign verifies a foreign tender on its own: its currency, its
// rate, banknotes only, and dirham amounts that follow from them. Foreign
// banknotes are only taken, never given back: a refund is paid in dirhams.
func checkForeign(td Tender) error {
	c, ok := CurrencyOf(td.Kind)
	if !ok {
		return nil
	}
	if td.Currency != c.Code || td.Rate <= 0 || td.Rate > MaxRate || !c.NotesOnly(td.Foreign) {
		return Errorf("currency.mismatch", c.Code)
	}
	given, err := ToDirhams(td.Foreign, td.Rate)
	if err != nil {
		return err
	}
	if td.Given != given || td.Change < 0 || td.Given-td.Change != td.Amount || td.Amount <= 0 {
		return Errorf("tender.change_mismatch")
	}
	return nil
}

// ParseRate reads a rate a manager typed: "10.8523", "10,85", "11". At
// most four decimals; it returns RateScale units. Zero is allowed (the
// currency is not taken).
func ParseRate(s string) (int64, error) {
	bad := func() (int64, error) { return 0, Errorf("currency.rate_invalid", s) }
	t := strings.TrimSpace(s)
	if t == "" {
		return bad()
	}
	whole, frac := t, ""
	if i := strings.IndexAny(t, ".,"); i >= 0 {
		whole, frac = t[:i], t[i+1:]
	}
	if (whole == "" && frac == "") || len(frac) > 4 || len(whole) > 6 {
		return bad()
	}
	var v int64
	for _, c := range whole {
		if c < '0' || c > '9' {
			return bad()
		}
		v = v*10 + int64(c-'0')
	}
	for i := 0; i < 4; i++ {
		v *= 10
		if i < len(frac) {
			c := frac[i]
			if c < '0' || c > '9' {
				return bad()
			}
			v += int64(c - '0')
		}
	}
	if v > MaxRate {
		return bad()
	}
	return v, nil
}

// FormatRate renders a rate with four decimals, the decimal mark of l:
// "10,8523" (fr, ar), "10.8523" (en).
func FormatRate(rate int64, l Lang) string {
	dec := ","
	if l == EN {
		dec = "."
	}
	neg := ""
	if rate < 0 {
		neg, rate = "-", -rate
	}
	f := strconv.FormatInt(rate%RateScale, 10)
	return neg + strconv.FormatInt(rate/RateScale, 10) + dec + strings.Repeat("0", 4-len(f)) + f
}

// Format renders an amount of the currency's cents for a person reading
// l, grouped like dirhams, with the currency's code: "1 250,00 EUR",
// "1,250.00 USD".
func (c Currency) Format(m Money, l Lang) string {
	s := m.Format(l)
	for _, suffix := range []string{" DH", " MAD", " د.م."} {
		s = strings.TrimSuffix(s, suffix)
	}
	return s + " " + c.Code
}

// CountForeign totals a count of a currency's banknotes (note in cents ->
// pieces). Unknown notes or negative counts are refused.
func CountForeign(code string, pieces map[int]int) (Money, error) {
	c, ok := CurrencyByCode(code)
	if !ok {
		return 0, Errorf("currency.unknown", code)
	}
	var m Money
	for d, n := range pieces {
		known := false
		for _, v := range c.Notes {
			known = known || Money(d) == v
		}
		if !known || n < 0 || n > MaxQty {
			return 0, Errorf("shift.count_invalid")
		}
		m += Money(d) * Money(n)
	}
	return m, nil
}

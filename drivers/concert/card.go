package concert

import "strings"

// Card is all the till keeps of the card a terminal names: the first six
// digits (the issuer's range), the last four, and the brand they tell.
// Every other digit of the terminal's card field is dropped when the answer
// is decoded, before it can reach a result, a document, a receipt, a log
// line or a trace.
type Card struct {
	First6 string // empty when the terminal sent fewer than 10 digits
	Last4  string // empty when it sent fewer than 4
	Brand  string // "visa", "mastercard", "amex", … or empty
	// runs are the 7-digit windows of the field the card came from: a
	// kept text that contains one of them (a terminal echoing the card
	// number in its reference) loses those digits.
	runs map[string]bool
}

// CardFrom reads a terminal's card field structurally: its digits, in
// order, whatever separates or masks them. With 10 digits or more it keeps
// the first six and the last four; with 4 to 9 only the last four (a
// masked number whose start is hidden); with fewer, nothing.
func CardFrom(field string) Card {
	var d []byte
	c := Card{runs: map[string]bool{}}
	run := 0
	for i := 0; i < len(field); i++ {
		if isDigit(field[i]) {
			d = append(d, field[i])
			run++
			if run >= 7 {
				c.runs[field[i-6:i+1]] = true
			}
		} else {
			run = 0
		}
	}
	switch {
	case len(d) >= 10:
		c.First6, c.Last4 = string(d[:6]), string(d[len(d)-4:])
		c.Brand = brand(c.First6)
	case len(d) >= 4:
		c.Last4 = string(d[len(d)-4:])
	}
	return c
}

// Masked renders the card as printed on receipts: 513100******1234, or
// ******1234 when only the last four are known, or "" when nothing is.
func (c Card) Masked() string {
	if c.Last4 == "" {
		return ""
	}
	return c.First6 + "******" + c.Last4
}

// scrub returns s fit to keep next to the card: Mask'ed, and with every
// run of digits that shares seven digits in a row with the card field
// replaced by '*'.
func (c Card) scrub(s string) string {
	s = Mask(s)
	if len(c.runs) == 0 {
		return s
	}
	b := []byte(s)
	for i := 0; i < len(b); {
		if !isDigit(b[i]) {
			i++
			continue
		}
		j := i
		for j < len(b) && isDigit(b[j]) {
			j++
		}
		hit := false
		for k := i; k+7 <= j && !hit; k++ {
			hit = c.runs[string(b[k:k+7])]
		}
		if hit {
			for k := i; k < j; k++ {
				b[k] = '*'
			}
		}
		i = j
	}
	return string(b)
}

// brand names the card scheme of an issuer range (first six digits).
func brand(first6 string) string {
	n := 0
	for i := 0; i < 4; i++ {
		n = n*10 + int(first6[i]-'0')
	}
	switch {
	case first6[0] == '4':
		return "visa"
	case n/100 >= 51 && n/100 <= 55, n >= 2221 && n <= 2720:
		return "mastercard"
	case n/100 == 34, n/100 == 37:
		return "amex"
	case n == 6011, n/100 == 65, n/10 >= 644 && n/10 <= 649:
		return "discover"
	case n/100 == 35:
		return "jcb"
	case n/100 == 62:
		return "unionpay"
	}
	return ""
}

// keep returns a short free text of the terminal (an authorisation code, a
// reference, a reason) fit to keep: printable ASCII only, at most max
// bytes, scrubbed of the card's digits.
func (c Card) keep(s string, max int) string {
	s = strings.TrimSpace(s)
	if !printable(s) {
		return ""
	}
	if len(s) > max {
		s = s[:max]
	}
	return c.scrub(s)
}

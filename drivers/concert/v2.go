package concert

import (
	"fmt"
	"strconv"
	"strings"

	"hanout/pos"
)

// Concert V2 lengths.
const (
	V2RequestLen     = 26 // message E
	V2PlusRequestLen = 34 // message E+
	V2ShortAnswerLen = 25
	V2FullAnswerLen  = 80
	v2ReportLen      = 55
	v2MaxAmount      = pos.Money(99999999) // 8 digits of centimes
)

// V2Request is a Concert V2 request (message E, or E+ when Plus).
type V2Request struct {
	Till     string    // 2 digits
	Amount   pos.Money // centimes, 8 digits
	Full     bool      // ask for the 80-char answer
	Method   byte      // '1' card, 'C' cheque
	Kind     Kind
	Currency string // ISO 4217 numeric, 3 digits
	Private  string // 10 chars
	Plus     bool
	// E+ only.
	AtOnce      bool // A011: answer at once instead of at the end
	ForceOnline bool // B011: force online authorisation
}

// Encode returns the request data (without framing).
func (r V2Request) Encode() ([]byte, error) {
	if !isDigits(r.Till, 2) {
		return nil, fmt.Errorf("concert: till %q: want 2 digits", r.Till)
	}
	if r.Amount < 0 || r.Amount > v2MaxAmount {
		return nil, fmt.Errorf("concert: amount %s out of range", r.Amount.Decimal())
	}
	if !isDigits(r.Currency, 3) {
		return nil, fmt.Errorf("concert: currency %q: want 3 digits", r.Currency)
	}
	if len(r.Private) > 10 || !printable(r.Private) {
		return nil, fmt.Errorf("concert: private data: want up to 10 printable chars")
	}
	kind := byte('0')
	switch r.Kind {
	case Debit, "":
	case Refund, Cancel:
		// V2 has no agreed cancellation: a credit of the same amount.
		kind = '1'
	default:
		return nil, fmt.Errorf("concert: kind %q", r.Kind)
	}
	method := r.Method
	if method == 0 {
		method = '1'
	}
	var b strings.Builder
	b.WriteString(r.Till)
	fmt.Fprintf(&b, "%08d", int64(r.Amount))
	b.WriteByte(bit(r.Full))
	b.WriteByte(method)
	b.WriteByte(kind)
	b.WriteString(r.Currency)
	fmt.Fprintf(&b, "%-10s", r.Private)
	if r.Plus {
		b.WriteString("A01")
		b.WriteByte(bit(r.AtOnce))
		b.WriteString("B01")
		b.WriteByte(bit(r.ForceOnline))
	}
	return []byte(b.String()), nil
}

// DecodeV2Request parses request data of 26 (E) or 34 (E+) chars; the
// terminal simulator uses it.
func DecodeV2Request(d []byte) (V2Request, error) {
	var r V2Request
	if len(d) != V2RequestLen && len(d) != V2PlusRequestLen {
		return r, fmt.Errorf("%w: request of %d chars", ErrBadFrame, len(d))
	}
	if !printable(string(d)) {
		return r, fmt.Errorf("%w: request has control bytes", ErrBadFrame)
	}
	s := string(d)
	r.Till = s[0:2]
	amount, err := digits(s[2:10])
	if err != nil {
		return r, fmt.Errorf("%w: amount: %w", ErrBadFrame, err)
	}
	r.Amount = pos.Money(amount)
	r.Full = s[10] == '1'
	r.Method = s[11]
	switch s[12] {
	case '0':
		r.Kind = Debit
	case '1':
		r.Kind = Refund
	default:
		r.Kind = Kind("code " + s[12:13])
	}
	r.Currency = s[13:16]
	r.Private = s[16:26]
	if len(d) == V2PlusRequestLen {
		r.Plus = true
		r.AtOnce = s[26:30] == "A011"
		r.ForceOnline = s[30:34] == "B011"
	}
	return r, nil
}

// String describes the request for the simulator's log.
func (r V2Request) String() string {
	msg := "E"
	if r.Plus {
		msg = "E+"
	}
	answer := "short answer"
	if r.Full {
		answer = "full answer"
	}
	s := fmt.Sprintf("%s till %s %s %s (currency %s) method %q, %s", msg, r.Till, r.Kind, r.Amount.Decimal(), r.Currency, r.Method, answer)
	if r.Plus {
		if r.AtOnce {
			s += ", answer at once"
		} else {
			s += ", answer at end"
		}
		if r.ForceOnline {
			s += ", force online"
		}
	}
	return s
}

// V2Answer is a Concert V2 answer. Report is present in the full answer
// only and starts with the (masked) card number.
type V2Answer struct {
	Till     string
	Status   byte // '0' accepted, '7' refused, '9' handled not verified
	Amount   pos.Money
	Method   byte
	Report   string // 55 chars, full answer only
	Full     bool
	Currency string
	Private  string
}

// Encode returns the answer data; the simulator uses it.
func (a V2Answer) Encode() ([]byte, error) {
	if !isDigits(a.Till, 2) || !isDigits(a.Currency, 3) || a.Amount < 0 || a.Amount > v2MaxAmount {
		return nil, fmt.Errorf("concert: answer fields out of range")
	}
	if len(a.Report) > v2ReportLen || len(a.Private) > 10 || !printable(a.Report+a.Private) {
		return nil, fmt.Errorf("concert: answer report or private data too long")
	}
	var b strings.Builder
	b.WriteString(a.Till)
	b.WriteByte(a.Status)
	fmt.Fprintf(&b, "%08d", int64(a.Amount))
	b.WriteByte(a.Method)
	if a.Full {
		fmt.Fprintf(&b, "%-55s", a.Report)
	}
	b.WriteString(a.Currency)
	fmt.Fprintf(&b, "%-10s", a.Private)
	return []byte(b.String()), nil
}

// DecodeV2Answer parses answer data of 25 or 80 chars.
func DecodeV2Answer(d []byte) (V2Answer, error) {
	var a V2Answer
	if len(d) != V2ShortAnswerLen && len(d) != V2FullAnswerLen {
		return a, fmt.Errorf("%w: answer of %d chars", ErrBadFrame, len(d))
	}
	if !printable(string(d)) {
		return a, fmt.Errorf("%w: answer has control bytes", ErrBadFrame)
	}
	s := string(d)
	a.Till = s[0:2]
	a.Status = s[2]
	amount, err := digits(s[3:11])
	if err != nil {
		return a, fmt.Errorf("%w: amount", ErrBadFrame)
	}
	a.Amount = pos.Money(amount)
	a.Method = s[11]
	rest := s[12:]
	if len(d) == V2FullAnswerLen {
		a.Full = true
		a.Report = rest[:v2ReportLen]
		rest = rest[v2ReportLen:]
	}
	a.Currency = rest[0:3]
	a.Private = rest[3:13]
	if !isDigits(a.Till, 2) || !isDigits(a.Currency, 3) {
		return a, fmt.Errorf("%w: till or currency not digits", ErrBadFrame)
	}
	return a, nil
}

// result turns a decoded answer into a Result for req. An approval for
// another amount is Unverified: the till must not book what it did not ask.
func (a V2Answer) result(req Request) (Result, error) {
	// The report starts with the card number; the rest of it is never
	// kept: only the first six and last four digits of its first word.
	field := ""
	if f := strings.Fields(a.Report); len(f) > 0 {
		field = f[0]
	}
	card := CardFrom(field)
	// Every 7-digit run anywhere in the report counts as card digits for
	// the texts kept beside it.
	for w := range CardFrom(a.Report).runs {
		card.runs[w] = true
	}
	r := Result{
		Amount:     a.Amount,
		CardMasked: card.Masked(),
		Brand:      card.Brand,
		Reference:  card.keep(a.Private, 10),
	}
	r.Raw = strings.Join([]string{a.Till, card.keep(string(a.Status), 1), a.Amount.Decimal(), card.keep(string(a.Method), 1),
		r.CardMasked, a.Currency, r.Reference}, "|")
	switch a.Status {
	case '0':
		r.Outcome = Approved
		if a.Amount != req.Amount {
			r.Outcome = Unverified
			r.Reason = "amount_mismatch"
		}
	case '7':
		r.Outcome = Refused
		r.Reason = "refused"
	case '9':
		r.Outcome = Unverified
		r.Reason = "not_verified"
	default:
		return r, fmt.Errorf("%w: status %q", ErrBadFrame, a.Status)
	}
	return r, nil
}

func bit(b bool) byte {
	if b {
		return '1'
	}
	return '0'
}

func digits(s string) (int64, error) {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, fmt.Errorf("not digits")
		}
	}
	return strconv.ParseInt(s, 10, 64)
}

// printable reports whether s is printable ASCII (space to tilde).
func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// v2Codec drives Concert V2 inside the serial exchange.
type v2Codec struct{ plus bool }

func (c v2Codec) request(req Request, cfg Config) ([]byte, error) {
	return V2Request{
		Till: req.Till, Amount: req.Amount, Full: !cfg.ShortAnswer, Method: '1',
		Kind: req.Kind, Currency: pos.CurrencyNumeric, Plus: c.plus,
	}.Encode()
}

func (c v2Codec) readAnswer(next nextByte) ([]byte, error) {
	return readFixedBody(next, V2ShortAnswerLen, V2FullAnswerLen)
}

func (c v2Codec) decode(data []byte, req Request) (Result, error) {
	a, err := DecodeV2Answer(data)
	if err != nil {
		return Result{}, err
	}
	return a.result(req)
}

package concert

import (
	"fmt"
	"strings"

	"hanout/pos"
)

// Field is one Caisse-AP tag-length-value field.
type Field struct {
	Tag   string // two chars, A-Z 0-9
	Value string // up to 999 bytes
}

// Fields is a Caisse-AP message in wire order.
type Fields []Field

// Get returns the value of the first field with tag.
func (fs Fields) Get(tag string) (string, bool) {
	for _, f := range fs {
		if f.Tag == tag {
			return f.Value, true
		}
	}
	return "", false
}

// EncodeTLV writes fields as TT LLL value, in order.
func EncodeTLV(fs Fields) ([]byte, error) {
	var b strings.Builder
	for _, f := range fs {
		if len(f.Tag) != 2 || !isTagByte(f.Tag[0]) || !isTagByte(f.Tag[1]) {
			return nil, fmt.Errorf("concert: tag %q", f.Tag)
		}
		if len(f.Value) > 999 {
			return nil, fmt.Errorf("concert: field %s longer than 999", f.Tag)
		}
		fmt.Fprintf(&b, "%s%03d%s", f.Tag, len(f.Value), f.Value)
	}
	return []byte(b.String()), nil
}

// DecodeTLV parses a whole Caisse-AP message.
func DecodeTLV(d []byte) (Fields, error) {
	var fs Fields
	for i := 0; i < len(d); {
		if len(d)-i < 5 {
			return nil, fmt.Errorf("%w: truncated field at %d", ErrBadFrame, i)
		}
		h := d[i : i+5]
		if !isTagByte(h[0]) || !isTagByte(h[1]) || !isDigit(h[2]) || !isDigit(h[3]) || !isDigit(h[4]) {
			return nil, fmt.Errorf("%w: bad field header at %d", ErrBadFrame, i)
		}
		n := int(h[2]-'0')*100 + int(h[3]-'0')*10 + int(h[4]-'0')
		if len(d)-i-5 < n {
			return nil, fmt.Errorf("%w: field %s truncated", ErrBadFrame, h[:2])
		}
		fs = append(fs, Field{Tag: string(h[:2]), Value: string(d[i+5 : i+5+n])})
		i += 5 + n
	}
	if len(fs) == 0 {
		return nil, fmt.Errorf("%w: empty message", ErrBadFrame)
	}
	return fs, nil
}

// String renders fields as "CZ=0300|CA=01|…" for logs and traces. Only
// the fields the till reads are shown: the card (AA) as its first six and
// last four digits, the others scrubbed of its digits; any other field
// shows its tag and length, never its value.
func (fs Fields) String() string {
	card := fs.card()
	parts := make([]string, len(fs))
	for i, f := range fs {
		switch {
		case f.Tag == "AA":
			parts[i] = f.Tag + "=" + card.Masked()
		case v3Known[f.Tag]:
			parts[i] = f.Tag + "=" + card.keep(f.Value, 16)
		default:
			parts[i] = fmt.Sprintf("%s(%d bytes)", f.Tag, len(f.Value))
		}
	}
	return strings.Join(parts, "|")
}

// v3Known are the tags whose values a trace may show.
var v3Known = map[string]bool{"CZ": true, "CJ": true, "CA": true, "CB": true, "CD": true, "CE": true, "BA": true,
	"AE": true, "AF": true, "AC": true, "CI": true}

// card reads the card field (AA) structurally. Every 7-digit run of any
// field the till does not read counts as card digits too, so that nothing
// a terminal echoes elsewhere survives in the texts kept.
func (fs Fields) card() Card {
	aa, _ := fs.Get("AA")
	c := CardFrom(aa)
	for _, f := range fs {
		if f.Tag != "AA" && !v3Known[f.Tag] {
			for w := range CardFrom(f.Value).runs {
				c.runs[w] = true
			}
		}
	}
	return c
}

// V3Request builds the Caisse-AP request: CZ first, as the protocol wants.
func V3Request(req Request, cfg Config) (Fields, error) {
	if req.Amount <= 0 || req.Amount > pos.Money(999999999999) {
		return nil, fmt.Errorf("concert: amount %s out of range", req.Amount.Decimal())
	}
	cd := "0"
	switch req.Kind {
	case Refund:
		cd = "1"
	case Cancel:
		cd = "2"
	}
	return Fields{
		{"CZ", "0300"},
		{"CJ", cfg.ProtocolID},
		{"CA", req.Till},
		{"CB", fmt.Sprintf("%02d", int64(req.Amount))},
		{"CD", cd},
		{"CE", pos.CurrencyNumeric},
		{"BA", "0"},
	}, nil
}

var (
	v3Reasons = map[string]string{"04": "refused", "05": "forbidden", "08": "timeout", "11": "abandoned"}
	v3Entry   = map[string]string{"1": "chip", "2": "contactless", "3": "stripe", "4": "keyed"}
)

// v3Result turns a Caisse-AP answer into a Result for req.
func v3Result(fs Fields, req Request) (Result, error) {
	card := fs.card()
	r := Result{Raw: fs.String(), CardMasked: card.Masked(), Brand: card.Brand}
	amountOK := false
	if v, ok := fs.Get("CB"); ok {
		if n, err := digits(v); err == nil && len(v) > 0 && len(v) <= 12 {
			r.Amount = pos.Money(n)
			amountOK = true
		}
	}
	ac, _ := fs.Get("AC")
	r.AuthCode = card.keep(ac, 12)
	if ci, ok := fs.Get("CI"); ok {
		r.EntryMode = card.keep(ci, 16)
		if m, ok := v3Entry[ci]; ok {
			r.EntryMode = m
		}
	}
	ae, _ := fs.Get("AE")
	switch ae {
	case "10":
		// An approval counts only for the amount asked, read back from
		// the answer: without a readable CB the slip decides.
		r.Outcome = Approved
		switch {
		case !amountOK:
			r.Outcome = Unverified
			r.Reason = "amount_unreadable"
		case r.Amount != req.Amount:
			r.Outcome = Unverified
			r.Reason = "amount_mismatch"
		}
	case "01":
		r.Outcome = Refused
		af, _ := fs.Get("AF")
		r.Reason = card.keep(af, 16)
		if m, ok := v3Reasons[af]; ok {
			r.Reason = m
		}
	default:
		// The value goes into the error only when it is short and
		// printable: error texts reach logs, and quoting can turn bytes
		// into digits.
		if len(ae) <= 4 && printable(ae) {
			return r, fmt.Errorf("%w: action status %q", ErrBadFrame, ae)
		}
		return r, fmt.Errorf("%w: action status of %d bytes", ErrBadFrame, len(ae))
	}
	return r, nil
}

// v3Codec drives Caisse-AP inside the serial exchange.
type v3Codec struct{}

func (v3Codec) request(req Request, cfg Config) ([]byte, error) {
	fs, err := V3Request(req, cfg)
	if err != nil {
		return nil, err
	}
	return EncodeTLV(fs)
}

func (v3Codec) readAnswer(next nextByte) ([]byte, error) { return readTLVBody(next) }

func (v3Codec) decode(data []byte, req Request) (Result, error) {
	fs, err := DecodeTLV(data)
	if err != nil {
		return Result{}, err
	}
	return v3Result(fs, req)
}

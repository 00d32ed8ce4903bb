// Package emvco encodes, decodes and validates EMVCo merchant-presented
// (MPM) QR payloads: the text a payer's wallet or card-scheme app scans.
//
// A payload is a flat list of data objects ID(2 digits) LEN(2 digits)
// VALUE; templates (26–51, 62, 64, 80–99) hold nested objects in the same
// form. LEN counts characters (runes), not bytes; the CRC (object 63) is
// CRC-16/CCITT-FALSE over the UTF-8 bytes of everything before its value,
// "6304" included.
//
// The package is pure Go and has no dependencies beyond the domain package
// for its translated errors. Every error a person may see is a *pos.Error
// whose key starts with "qr.".
package emvco

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"hanout/pos"
)

// MaxChars is the longest payload, in characters, that Validate accepts.
const MaxChars = 512

// Object is one data object. A template (see IsTemplate) carries its
// nested objects in Children and leaves Value empty; any other object
// carries Value and no Children. Only one level of nesting exists.
type Object struct {
	ID       string
	Value    string
	Children []Object
}

// Payload is a decoded payload with its objects in the order they appear.
// Parse keeps that order and Encode writes it back unchanged, so a decoded
// payload re-encodes byte for byte.
type Payload struct {
	Objects []Object
}

// IsTemplate reports whether a top-level ID holds nested objects.
func IsTemplate(id string) bool {
	n, ok := idNumber(id)
	return ok && (n >= 26 && n <= 51 || n == 62 || n == 64 || n >= 80 && n <= 99)
}

// IsAccount reports whether a top-level ID is a merchant account
// information object (02–51): primitive for the card networks (02–25),
// templates for other schemes (26–51).
func IsAccount(id string) bool {
	n, ok := idNumber(id)
	return ok && n >= 2 && n <= 51
}

func idNumber(id string) (int, bool) {
	if len(id) != 2 || !isDigit(id[0]) || !isDigit(id[1]) {
		return 0, false
	}
	return int(id[0]-'0')*10 + int(id[1]-'0'), true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// Get returns the first top-level object with the given ID.
func (p Payload) Get(id string) (Object, bool) { return find(p.Objects, id) }

// Value returns the value of the top-level object id, or "" when absent.
func (p Payload) Value(id string) string {
	o, _ := p.Get(id)
	return o.Value
}

// Sub returns the value of the nested object sub inside template id
// ("62", "05" is the reference label), or "" when absent.
func (p Payload) Sub(id, sub string) string {
	o, _ := p.Get(id)
	c, _ := o.Child(sub)
	return c.Value
}

// Child returns the first nested object with the given ID.
func (o Object) Child(id string) (Object, bool) { return find(o.Children, id) }

func find(objs []Object, id string) (Object, bool) {
	for _, o := range objs {
		if o.ID == id {
			return o, true
		}
	}
	return Object{}, false
}

// Parse reads the structure of s: IDs, lengths, values and the objects of
// templates. It checks nothing else (no CRC, no mandatory objects); use
// Decode or Validate for that. It never panics, whatever s holds.
func Parse(s string) (Payload, error) {
	if s == "" {
		return Payload{}, pos.Errorf("qr.empty")
	}
	if !utf8.ValidString(s) {
		return Payload{}, pos.Errorf("qr.not_utf8")
	}
	objs, err := parseList(s, "", true)
	if err != nil {
		return Payload{}, err
	}
	return Payload{Objects: objs}, nil
}

// parseList reads consecutive objects from s (valid UTF-8). prefix names
// the enclosing template in errors ("62." for the objects of 62).
func parseList(s, prefix string, top bool) ([]Object, error) {
	var objs []Object
	offset := 0 // in characters, for error messages
	for len(s) > 0 {
		if len(s) < 4 {
			return nil, pos.Errorf("qr.truncated", prefix+s, offset)
		}
		id, l := s[:2], s[2:4]
		if _, ok := idNumber(id); !ok {
			return nil, pos.Errorf("qr.bad_id", prefix+id, offset)
		}
		n, ok := idNumber(l) // two digits, same shape as an ID
		if !ok || n == 0 {
			return nil, pos.Errorf("qr.bad_length", prefix+id, l)
		}
		rest := s[4:]
		// Advance n runes.
		cut := 0
		for i := 0; i < n; i++ {
			if cut >= len(rest) {
				return nil, pos.Errorf("qr.truncated", prefix+id, offset)
			}
			_, size := utf8.DecodeRuneInString(rest[cut:])
			cut += size
		}
		o := Object{ID: id}
		value := rest[:cut]
		if top && IsTemplate(id) {
			children, err := parseList(value, id+".", false)
			if err != nil {
				return nil, pos.Wrap(err, "qr.template_invalid", id)
			}
			o.Children = children
		} else {
			o.Value = value
		}
		objs = append(objs, o)
		s = rest[cut:]
		offset += 4 + n
	}
	return objs, nil
}

// Encode writes p as a payload string, objects in the order given. It
// checks only what the encoding itself needs (two-digit IDs, lengths 1–99,
// valid UTF-8, children only in templates), so that Parse(Encode(p)) gives
// p back; the rules of the specification are Validate's job.
func (p Payload) Encode() (string, error) {
	var b strings.Builder
	if err := encodeList(&b, p.Objects, "", true); err != nil {
		return "", err
	}
	return b.String(), nil
}

func encodeList(b *strings.Builder, objs []Object, prefix string, top bool) error {
	for _, o := range objs {
		if _, ok := idNumber(o.ID); !ok {
			return pos.Errorf("qr.bad_id", prefix+o.ID, b.Len())
		}
		value := o.Value
		if top && IsTemplate(o.ID) {
			if len(o.Children) == 0 || o.Value != "" {
				return pos.Errorf("qr.template_needs_objects", prefix+o.ID)
			}
			var inner strings.Builder
			if err := encodeList(&inner, o.Children, o.ID+".", false); err != nil {
				return err
			}
			value = inner.String()
		} else if len(o.Children) > 0 {
			return pos.Errorf("qr.not_template", prefix+o.ID)
		}
		if !utf8.ValidString(value) {
			return pos.Errorf("qr.not_utf8")
		}
		n := utf8.RuneCountInString(value)
		if n < 1 || n > 99 {
			return pos.Errorf("qr.value_length", prefix+o.ID, n)
		}
		b.WriteString(o.ID)
		if n < 10 {
			b.WriteByte('0')
		}
		b.WriteString(strconv.Itoa(n))
		b.WriteString(value)
	}
	return nil
}

// Decode parses s and validates it (Validate, CRC included). When only
// validation fails, the parsed payload comes back with the error so that a
// support tool can still show what the code holds.
func Decode(s string) (Payload, error) {
	p, err := Parse(s)
	if err != nil {
		return Payload{}, err
	}
	return p, p.Validate()
}

// Seal returns the payload string of p with a fresh CRC: any object 63 in p
// is dropped and "6304"+CRC is appended last. The result is validated, so
// a sealed payload always decodes.
func (p Payload) Seal() (string, error) {
	objs := make([]Object, 0, len(p.Objects))
	for _, o := range p.Objects {
		if o.ID != "63" {
			objs = append(objs, o)
		}
	}
	body, err := Payload{Objects: objs}.Encode()
	if err != nil {
		return "", err
	}
	body += "6304"
	s := body + CRC(body)
	if _, err := Decode(s); err != nil {
		return "", err
	}
	return s, nil
}

package emvco

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"hanout/pos"
)

// Validate checks p against the rules of merchant-presented mode and
// returns the first rule broken, as a *pos.Error:
//
//	qr.too_long            more than MaxChars characters
//	qr.duplicate_id        an ID twice at one level
//	qr.first_not_00        00 is not the first object
//	qr.format_indicator    00 is not "01"
//	qr.crc_not_last        63 is missing or not the last object
//	qr.crc_format          63 is not four uppercase hex digits
//	qr.crc_mismatch        63 does not match the content
//	qr.missing             a mandatory object (52 53 58 59 60, 64/00 64/01,
//	                       56 or 57 as 55 asks) is absent
//	qr.no_account          no merchant account (02–51)
//	qr.guid_missing        an account or unreserved template lacks its 00
//	qr.initiation          01 is not 11 or 12
//	qr.mcc, qr.currency, qr.country, qr.amount, qr.tip, qr.fee,
//	qr.tip_unexpected, qr.lang, qr.consumer_request   format of one object
//	qr.value_too_long      59 > 25, 60 > 15, 61 > 10, 62/xx > 25, …
//	qr.chars               a character outside printable ASCII (anywhere
//	                       but template 64, which takes any printable text)
//
// Structural problems (bad IDs or lengths) come from Encode's own errors.
// The CRC is checked before the other rules: a mismatch usually means the
// code was mistyped or damaged, and the other errors would then mislead.
func (p Payload) Validate() error {
	s, err := p.Encode()
	if err != nil {
		return err
	}
	if n := utf8.RuneCountInString(s); n > MaxChars {
		return pos.Errorf("qr.too_long", n, MaxChars)
	}
	if err := noDuplicates(p.Objects, ""); err != nil {
		return err
	}
	objs := p.Objects
	if len(objs) == 0 {
		return pos.Errorf("qr.empty")
	}
	if objs[0].ID != "00" {
		return pos.Errorf("qr.first_not_00", objs[0].ID)
	}
	if objs[0].Value != "01" {
		return pos.Errorf("qr.format_indicator", objs[0].Value)
	}
	last := objs[len(objs)-1]
	if last.ID != "63" {
		return pos.Errorf("qr.crc_not_last")
	}
	if len(last.Value) != 4 || !allIn(last.Value, "0123456789ABCDEF") {
		return pos.Errorf("qr.crc_format", last.Value)
	}
	if want := CRC(s[:len(s)-4]); last.Value != want {
		return pos.Errorf("qr.crc_mismatch", last.Value, want)
	}
	for _, id := range []string{"52", "53", "58", "59", "60"} {
		if _, ok := p.Get(id); !ok {
			return pos.Errorf("qr.missing", id, Names[id])
		}
	}
	hasAccount := false
	for _, o := range objs {
		hasAccount = hasAccount || IsAccount(o.ID)
	}
	if !hasAccount {
		return pos.Errorf("qr.no_account")
	}
	for _, o := range objs {
		if err := p.checkObject(o); err != nil {
			return err
		}
	}
	return nil
}

func noDuplicates(objs []Object, prefix string) error {
	seen := make(map[string]bool, len(objs))
	for _, o := range objs {
		if seen[o.ID] {
			return pos.Errorf("qr.duplicate_id", prefix+o.ID)
		}
		seen[o.ID] = true
		if err := noDuplicates(o.Children, o.ID+"."); err != nil {
			return err
		}
	}
	return nil
}

// checkObject applies the rules of one top-level object.
func (p Payload) checkObject(o Object) error {
	v := o.Value
	if o.ID != "64" {
		if err := asciiOnly(o, ""); err != nil {
			return err
		}
	}
	switch o.ID {
	case "01":
		if v != "11" && v != "12" {
			return pos.Errorf("qr.initiation", v)
		}
	case "52":
		if len(v) != 4 || !allIn(v, digits) {
			return pos.Errorf("qr.mcc", v)
		}
	case "53":
		if len(v) != 3 || !allIn(v, digits) {
			return pos.Errorf("qr.currency", v)
		}
	case "54":
		if !ValidAmount(v) {
			return pos.Errorf("qr.amount", v)
		}
	case "55", "56", "57":
		return p.checkTip(o)
	case "58":
		if len(v) != 2 || !allIn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
			return pos.Errorf("qr.country", v)
		}
	case "59":
		return maxLen(o, "", 25)
	case "60":
		return maxLen(o, "", 15)
	case "61":
		return maxLen(o, "", 10)
	case "62":
		return checkAdditional(o)
	case "64":
		return checkAltLanguage(o)
	}
	if IsTemplate(o.ID) {
		g, ok := o.Child("00")
		if !ok {
			return pos.Errorf("qr.guid_missing", o.ID)
		}
		return maxLen(g, o.ID, 32)
	}
	return nil
}

// checkTip applies the rules of the tip indicator (55) and of the fixed
// (56) or percentage (57) fee it calls for.
func (p Payload) checkTip(o Object) error {
	v := o.Value
	if o.ID == "55" {
		switch v {
		case "01":
		case "02", "03":
			need := map[string]string{"02": "56", "03": "57"}[v]
			if _, ok := p.Get(need); !ok {
				return pos.Errorf("qr.missing", need, Names[need])
			}
		default:
			return pos.Errorf("qr.tip", v)
		}
		return nil
	}
	want := map[string]string{"56": "02", "57": "03"}[o.ID]
	if p.Value("55") != want {
		return pos.Errorf("qr.tip_unexpected", o.ID, Names[o.ID])
	}
	if !ValidAmount(v) || o.ID == "57" && len(v) > 5 {
		return pos.Errorf("qr.fee", o.ID, v)
	}
	return nil
}

// checkAdditional applies the rules of the additional data template (62).
func checkAdditional(o Object) error {
	for _, c := range o.Children {
		if c.ID == "09" {
			if len(c.Value) > 3 || !allIn(c.Value, "AME") {
				return pos.Errorf("qr.consumer_request", c.Value)
			}
			continue
		}
		if err := maxLen(c, "62", 25); err != nil {
			return err
		}
	}
	return nil
}

func checkAltLanguage(o Object) error {
	for _, c := range o.Children {
		for _, r := range c.Value {
			if !unicode.IsPrint(r) {
				return pos.Errorf("qr.chars", "64."+c.ID, Name("64", c.ID))
			}
		}
	}
	lang, ok := o.Child("00")
	if !ok {
		return pos.Errorf("qr.missing", "64.00", Name("64", "00"))
	}
	if len(lang.Value) != 2 || !allIn(strings.ToLower(lang.Value), "abcdefghijklmnopqrstuvwxyz") {
		return pos.Errorf("qr.lang", lang.Value)
	}
	name, ok := o.Child("01")
	if !ok {
		return pos.Errorf("qr.missing", "64.01", Name("64", "01"))
	}
	if err := maxLen(name, "64", 25); err != nil {
		return err
	}
	if city, ok := o.Child("02"); ok {
		return maxLen(city, "64", 15)
	}
	return nil
}

const digits = "0123456789"

// ValidAmount reports whether s is an amount as objects 54 and 56 carry
// it: at most 13 characters, digits with at most one ".", not zero.
// "98.73" is valid; "98,73", "0.00" and "-1" are not.
func ValidAmount(s string) bool {
	if s == "" || len(s) > 13 || strings.Count(s, ".") > 1 || !allIn(s, digits+".") {
		return false
	}
	return strings.Trim(s, "0.") != ""
}

func allIn(s, set string) bool {
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(set, s[i]) < 0 {
			return false
		}
	}
	return true
}

// asciiOnly checks that o and its children use printable ASCII
// (0x20–0x7E), the character set of every object outside template 64.
func asciiOnly(o Object, parent string) error {
	for i := 0; i < len(o.Value); i++ {
		if c := o.Value[i]; c < 0x20 || c > 0x7E {
			id := o.ID
			if parent != "" {
				id = parent + "." + o.ID
			}
			return pos.Errorf("qr.chars", id, Name(parent, o.ID))
		}
	}
	for _, c := range o.Children {
		if err := asciiOnly(c, o.ID); err != nil {
			return err
		}
	}
	return nil
}

func maxLen(o Object, parent string, max int) error {
	if utf8.RuneCountInString(o.Value) > max {
		id := o.ID
		if parent != "" {
			id = parent + "." + o.ID
		}
		return pos.Errorf("qr.value_too_long", id, Name(parent, o.ID), max)
	}
	return nil
}

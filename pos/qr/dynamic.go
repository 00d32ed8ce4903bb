package qr

import (
	"cmp"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"

	"hanout/pos"
	"hanout/pos/emvco"
)

// MaxAmount is the largest amount object 54 can carry (13 characters).
const MaxAmount pos.Money = 999999999999 // 9999999999.99 MAD

// Dynamic builds the payload of a one-payment QR code for amount, with the
// payment reference ref (62/05), the receipt number (62/01, left out when
// 0) and the terminal label (62/07, left out when empty).
//
// Objects are always written in the same order, ascending IDs with the CRC
// last: 00 01 [04|05] 26…51 52 53 54 58 59 60 [61] 62 [64] 63. The same
// inputs therefore always give the same string.
func Dynamic(m Merchant, amount pos.Money, ref string, receipt uint64, terminal string) (string, error) {
	if err := m.Validate(); err != nil {
		return "", err
	}
	return build(m, amount, ref, receipt, terminal)
}

// build is Dynamic without the merchant check (Validate itself uses it).
func build(m Merchant, amount pos.Money, ref string, receipt uint64, terminal string) (string, error) {
	if amount <= 0 || amount > MaxAmount {
		return "", pos.Errorf("qr.amount_invalid", amount.Decimal())
	}
	if !ascii(ref, 1, 25) {
		return "", pos.Errorf("qr.reference_invalid", ref)
	}
	if !ascii(terminal, 0, 25) {
		return "", pos.Errorf("qr.terminal_invalid", terminal)
	}
	objs := []emvco.Object{
		{ID: "00", Value: "01"},
		{ID: "01", Value: "12"},
	}
	if m.Mastercard != nil {
		objs = append(objs, emvco.Object{ID: m.Mastercard.ID, Value: m.Mastercard.Value})
	}
	schemes := slices.Clone(m.Schemes)
	slices.SortStableFunc(schemes, func(a, b Scheme) int { return cmp.Compare(a.ID, b.ID) })
	for _, s := range schemes {
		o := emvco.Object{ID: s.ID, Children: []emvco.Object{{ID: "00", Value: s.GUID}}}
		for _, f := range s.Sub {
			o.Children = append(o.Children, emvco.Object{ID: f.ID, Value: f.Value})
		}
		objs = append(objs, o)
	}
	objs = append(objs,
		emvco.Object{ID: "52", Value: m.MCC},
		emvco.Object{ID: "53", Value: pos.CurrencyNumeric},
		emvco.Object{ID: "54", Value: amount.Decimal()},
		emvco.Object{ID: "58", Value: "MA"},
		emvco.Object{ID: "59", Value: m.Name},
		emvco.Object{ID: "60", Value: m.City},
	)
	if m.PostalCode != "" {
		objs = append(objs, emvco.Object{ID: "61", Value: m.PostalCode})
	}
	add := emvco.Object{ID: "62"}
	if receipt > 0 {
		add.Children = append(add.Children, emvco.Object{ID: "01", Value: strconv.FormatUint(receipt, 10)})
	}
	add.Children = append(add.Children, emvco.Object{ID: "05", Value: ref})
	if terminal != "" {
		add.Children = append(add.Children, emvco.Object{ID: "07", Value: terminal})
	}
	objs = append(objs, add)
	if m.NameAR != "" {
		alt := emvco.Object{ID: "64", Children: []emvco.Object{{ID: "00", Value: "ar"}, {ID: "01", Value: m.NameAR}}}
		if m.CityAR != "" {
			alt.Children = append(alt.Children, emvco.Object{ID: "02", Value: m.CityAR})
		}
		objs = append(objs, alt)
	}
	return emvco.Payload{Objects: objs}.Seal()
}

// Reference returns the payment reference (62/05) of the seq-th QR payment
// of a terminal: the terminal label reduced to A–Z, 0–9 and "-", a "-",
// then seq in base 36, upper case. It is at most 25 characters and uses
// only characters every EMV field accepts.
//
// Given a durable per-terminal sequence (the store's NextSequence("qr")),
// references never repeat for a terminal: seq is written in full, and the
// label part depends on the label alone. A label longer than 11 characters
// is cut to 6 and followed by 4 characters of its hash, so two long labels
// sharing a prefix still give different references.
func Reference(terminal string, seq uint64) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(terminal) {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			b.WriteRune(r)
		}
	}
	label := strings.Trim(b.String(), "-")
	if label == "" {
		label = "T"
	}
	// 11 + "-" + 13 (the longest uint64 in base 36) = 25.
	if len(label) > 11 {
		h := fnv.New32a()
		h.Write([]byte(terminal))
		sum := strings.ToUpper(strconv.FormatUint(uint64(h.Sum32()), 36))
		sum = strings.Repeat("0", 7-len(sum)) + sum // 7 digits hold 2^32
		label = label[:6] + "-" + sum[3:]
	}
	return label + "-" + strings.ToUpper(strconv.FormatUint(seq, 36))
}

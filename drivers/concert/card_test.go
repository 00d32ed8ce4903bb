package concert

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode"
)

// cardRuns returns every run of 7 digits found in the card field: none of
// them may survive anywhere the till keeps or shows.
func cardRuns(field string) []string {
	var out []string
	for _, run := range strings.FieldsFunc(field, func(r rune) bool { return !unicode.IsDigit(r) || r > '9' }) {
		for i := 0; i+7 <= len(run); i++ {
			out = append(out, run[i:i+7])
		}
	}
	return out
}

// leaks returns the first 7-digit run of field found in any of outs.
func leaks(field string, outs ...string) string {
	for _, w := range cardRuns(field) {
		for _, o := range outs {
			if strings.Contains(o, w) {
				return fmt.Sprintf("%q (from card field %q) in %q", w, field, o)
			}
		}
	}
	return ""
}

// everything renders every place a result goes: the result itself (as the
// till stores it), the tender, and what a trace line would carry.
func everything(r Result, req Request, extra ...string) []string {
	r = r.masked()
	js, _ := json.Marshal(r)
	tn, _ := json.Marshal(r.Tender(req))
	return append([]string{string(js), string(tn), r.Raw, r.CardMasked}, extra...)
}

// The attack of finding 1: a terminal that sends a 12-digit number, or one
// split in groups Mask did not recognise, had it committed and printed.
func TestCardNumbersMaskDidNotSeeAreCut(t *testing.T) {
	req := Request{Amount: 15000, Kind: Debit, Till: "01"}
	for _, card := range []string{"501234567890", "501234 567890123", "5012345678901", "6011-0009-9013-9424", "501234567890123456789"} {
		t.Run(card, func(t *testing.T) {
			d, err := V2Answer{Till: "01", Status: '0', Amount: 15000, Method: '1', Full: true, Report: card + " 2512", Currency: "504", Private: "0000000042"}.Encode()
			if err != nil {
				t.Fatal(err)
			}
			r, err := v2Codec{}.decode(d, req)
			if err != nil {
				t.Fatal(err)
			}
			if l := leaks(card, everything(r, req)...); l != "" {
				t.Fatalf("Concert: %s", l)
			}
			fs := Fields{{"CB", "15000"}, {"AE", "10"}, {"AC", "123456"}, {"AA", card}, {"CI", "1"}}
			tlv, _ := EncodeTLV(fs)
			r, err = v3Codec{}.decode(tlv, req)
			if err != nil {
				t.Fatal(err)
			}
			if l := leaks(card, everything(r, req, fs.String())...); l != "" {
				t.Fatalf("Caisse-AP: %s", l)
			}
		})
	}
}

func TestCardKeepsFirstSixLastFourAndBrand(t *testing.T) {
	for _, tc := range []struct{ in, masked, brand string }{
		{"513100******1234", "513100******1234", "mastercard"},
		{"4111111111111111", "411111******1111", "visa"},
		{"501234567890", "501234******7890", ""},
		{"3782 822463 10005", "378282******0005", "amex"},
		{"******1234", "******1234", ""},
		{"12345", "******2345", ""},
		{"123", "", ""},
		{"", "", ""},
	} {
		c := CardFrom(tc.in)
		if c.Masked() != tc.masked || c.Brand != tc.brand {
			t.Errorf("CardFrom(%q) = %q %q, want %q %q", tc.in, c.Masked(), c.Brand, tc.masked, tc.brand)
		}
	}
}

// Finding 3: an approval whose amount is missing or unreadable was taken
// as approved without the amount check.
func TestCaisseAPApprovalWithoutReadableAmountIsUnverified(t *testing.T) {
	req := Request{Amount: 15000, Kind: Debit, Till: "01"}
	for _, answer := range []string{"AE00210AC006123456", "CB003abcAE00210", "CB000AE00210", "CB00515001AE00210"} {
		r, err := v3Codec{}.decode([]byte(answer), req)
		if err != nil {
			t.Fatalf("%s: %v", answer, err)
		}
		if r.Outcome != Unverified || !r.Outcome.NeedsSlip() {
			t.Errorf("%s: outcome %q, want unverified (read the slip)", answer, r.Outcome)
		}
	}
	r, err := v3Codec{}.decode([]byte("CB00515000AE00210"), req)
	if err != nil || r.Outcome != Approved {
		t.Fatalf("the right amount: %+v %v", r, err)
	}
}

// The fuzz of the issue: whatever the terminal answers, no run of more than
// six digits of its card field survives in the result, the tender, the raw
// line or the trace.
func FuzzCardFieldNeverSurvives(f *testing.F) {
	f.Add("501234567890", "0000000042", "123456", byte('0'), false)
	f.Add("5131001234561234", "5131001234", "5131001", byte('0'), true)
	f.Add("501234 567890123", "", "", byte('9'), true)
	f.Add("4111-1111-1111-1111 12/25 4111111", "4111111111", "411111", byte('0'), false)
	f.Fuzz(func(t *testing.T, card, private, auth string, status byte, v3 bool) {
		req := Request{Amount: 15000, Kind: Debit, Till: "01"}
		var r Result
		var err error
		var trace []string
		if v3 {
			fs := Fields{{"CB", "15000"}, {"AE", map[bool]string{true: "10", false: "01"}[status == '0']},
				{"AC", auth}, {"AA", card}, {"CI", private}, {"AF", private}, {"ZZ", card}}
			tlv, e := EncodeTLV(fs)
			if e != nil {
				return
			}
			r, err = v3Codec{}.decode(tlv, req)
			trace = append(trace, fs.String())
			if got, e := DecodeTLV(tlv); e == nil {
				trace = append(trace, got.String())
			}
		} else {
			if len(card) > v2ReportLen || len(private) > 10 || !printable(card+private) {
				return
			}
			d, e := V2Answer{Till: "01", Status: status, Amount: 15000, Method: '1', Full: true, Report: card, Currency: "504", Private: private}.Encode()
			if e != nil {
				return
			}
			r, err = v2Codec{}.decode(d, req)
		}
		outs := everything(r, req, trace...)
		if err != nil {
			outs = append(outs, err.Error())
			if !errors.Is(err, ErrBadFrame) {
				t.Fatalf("unexpected error %v", err)
			}
		}
		if l := leaks(card, outs...); l != "" {
			t.Fatal(l)
		}
	})
}

package concert

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"hanout/pos"
)

func TestV2AnswerDecode(t *testing.T) {
	full := func(status byte, amount pos.Money, report string) []byte {
		d, err := V2Answer{Till: "01", Status: status, Amount: amount, Method: '1', Full: true,
			Report: report, Currency: "504", Private: "0000000042"}.Encode()
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	short := []byte("01000015000150400000000042")[:25]
	for _, tc := range []struct {
		name    string
		data    []byte
		want    Result
		wantErr error
	}{
		{"full accepted", full('0', 15000, "513100******1234 0612"),
			Result{Outcome: Approved, Amount: 15000, CardMasked: "513100******1234", Brand: "mastercard", Reference: "0000000042"}, nil},
		{"full refused", full('7', 15000, ""), Result{Outcome: Refused, Amount: 15000, Reason: "refused", Reference: "0000000042"}, nil},
		{"not verified", full('9', 15000, ""), Result{Outcome: Unverified, Amount: 15000, Reason: "not_verified", Reference: "0000000042"}, nil},
		{"accepted for another amount", full('0', 14999, ""), Result{Outcome: Unverified, Amount: 14999, Reason: "amount_mismatch", Reference: "0000000042"}, nil},
		{"full PAN in report is masked", full('0', 15000, "5131001234561234"),
			Result{Outcome: Approved, Amount: 15000, CardMasked: "513100******1234", Brand: "mastercard", Reference: "0000000042"}, nil},
		{"short accepted", short, Result{Outcome: Approved, Amount: 15000, Reference: "0000000004"}, nil},
		{"unknown status", full('5', 15000, ""), Result{}, ErrBadFrame},
		{"wrong length", []byte("0101"), Result{}, ErrBadFrame},
		{"letters in amount", []byte("010000A5000150400000000042")[:25], Result{}, ErrBadFrame},
		{"control byte", append([]byte("\x02"), short[1:]...), Result{}, ErrBadFrame},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := v2Codec{}.decode(tc.data, Request{Amount: 15000, Kind: Debit, Till: "01"})
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			got = got.masked()
			got.Raw = ""
			if got != tc.want {
				t.Fatalf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestV2RequestRoundTripAndRefund(t *testing.T) {
	for _, r := range []V2Request{
		{Till: "01", Amount: 100, Full: true, Method: '1', Kind: Debit, Currency: "504", Private: "          "},
		{Till: "07", Amount: 2550, Full: false, Method: '1', Kind: Refund, Currency: "504", Private: "          ", Plus: true},
		{Till: "99", Amount: 99999999, Full: true, Method: 'C', Kind: Debit, Currency: "978", Private: "abc       ", Plus: true, AtOnce: true, ForceOnline: true},
	} {
		d, err := r.Encode()
		if err != nil {
			t.Fatal(err)
		}
		if r.Kind == Refund && d[12] != '1' {
			t.Errorf("refund encodes transaction %q, want '1'", d[12])
		}
		got, err := DecodeV2Request(d)
		if err != nil || got != r {
			t.Errorf("round trip %+v -> %q -> %+v, %v", r, d, got, err)
		}
	}
	for _, bad := range []V2Request{
		{Till: "1", Amount: 1, Currency: "504"},
		{Till: "01", Amount: 100000000, Currency: "504"},
		{Till: "01", Amount: -1, Currency: "504"},
		{Till: "01", Amount: 1, Currency: "MAD"},
		{Till: "01", Amount: 1, Currency: "504", Private: "\x03"},
		{Till: "01", Amount: 1, Currency: "504", Kind: "swap"},
	} {
		if _, err := bad.Encode(); err == nil {
			t.Errorf("%+v encoded", bad)
		}
	}
}

func TestV3(t *testing.T) {
	cfg := Defaults()
	fs, err := V3Request(Request{Amount: 5, Kind: Refund, Till: "02"}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := EncodeTLV(fs)
	if want := "CZ0040300CJ012012345678901CA00202CB00205CD0011CE003504BA0010"; string(msg) != want {
		t.Fatalf("request %q, want %q", msg, want)
	}
	for _, tc := range []struct {
		name    string
		answer  string
		want    Result
		wantErr error
	}{
		{"approved", "CZ0040300CB00515000AE00210AC006123456AA016513100******1234CI0012",
			Result{Outcome: Approved, Amount: 15000, CardMasked: "513100******1234", Brand: "mastercard", AuthCode: "123456", EntryMode: "contactless"}, nil},
		{"refused", "AE00201AF00204", Result{Outcome: Refused, Reason: "refused"}, nil},
		{"abandoned", "AE00201AF00211", Result{Outcome: Refused, Reason: "abandoned"}, nil},
		{"other reason", "AE00201AF00277", Result{Outcome: Refused, Reason: "77"}, nil},
		{"another amount", "CB00299AE00210", Result{Outcome: Unverified, Amount: 99, Reason: "amount_mismatch"}, nil},
		{"full PAN", "AE00210AA0165131001234561234CI0011",
			Result{Outcome: Unverified, CardMasked: "513100******1234", Brand: "mastercard", EntryMode: "chip", Reason: "amount_unreadable"}, nil},
		{"no status", "CZ0040300", Result{}, ErrBadFrame},
		{"truncated", "AE0051", Result{}, ErrBadFrame},
		{"bad header", "AE0x210", Result{}, ErrBadFrame},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := v3Codec{}.decode([]byte(tc.answer), Request{Amount: 15000})
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			got = got.masked()
			if strings.Contains(got.Raw, "5131001234561234") {
				t.Fatalf("raw leaks the card: %q", got.Raw)
			}
			got.Raw = ""
			if got != tc.want {
				t.Fatalf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestTender(t *testing.T) {
	r := Result{Outcome: Approved, CardMasked: "5131001234561234", AuthCode: "123456", EntryMode: "contactless", Reference: "42"}
	tn := r.Tender(Request{Amount: 2550, Kind: Refund})
	if tn.Kind != pos.TenderCard || tn.Amount != -2550 || tn.Status != pos.StatusApproved || tn.CardMasked != "513100******1234" || tn.AuthCode != "123456" {
		t.Fatalf("%+v", tn)
	}
	for o, want := range map[Outcome]pos.TenderStatus{Refused: pos.StatusRefused, Ambiguous: pos.StatusUnverified, Unverified: pos.StatusUnverified} {
		if got := (Result{Outcome: o}).Tender(Request{Amount: 1}).Status; got != want {
			t.Errorf("%s -> %s, want %s", o, got, want)
		}
	}
}

func TestConfigDefaultsAndValidate(t *testing.T) {
	c := Config{Till: "07"}.WithDefaults()
	if c.Baud != 9600 || c.Protocol != ConcertEPlus || c.Till != "07" || c.EnqRetries != 3 ||
		c.Step != Duration(3e9) || c.CustomerWait != Duration(120e9) || c.EnqDelay != Duration(1e9) {
		t.Fatalf("%+v", c)
	}
	for _, bad := range []Config{{Till: "1"}, {Protocol: "zvt"}, {ProtocolID: "x"}} {
		if err := bad.WithDefaults().Validate(); pos.KeyOf(err) == "" {
			t.Errorf("%+v: err = %v, want a translated error", bad, err)
		}
	}
}

func FuzzReadFrame(f *testing.F) {
	for _, seed := range [][]byte{
		ePlus(14999), fullAnswer(3), v3Answer(5), Frame([]byte("CZ0040300")),
		{STX, ETX, ETX}, {STX}, {}, append([]byte{STX}, bytes.Repeat([]byte("Z"), 90)...),
	} {
		f.Add(seed, true)
		f.Add(seed, false)
	}
	f.Fuzz(func(t *testing.T, in []byte, fixed bool) {
		var lens []int
		if fixed {
			lens = []int{V2ShortAnswerLen, V2FullAnswerLen}
		}
		data, err := ReadFrame(bytes.NewReader(in), lens...)
		if err != nil {
			return
		}
		// What parses is exactly a frame at the head of the input.
		if f := Frame(data); !bytes.HasPrefix(in, f) {
			t.Fatalf("parsed %q from % x", data, in)
		}
		if fixed && len(data) != V2ShortAnswerLen && len(data) != V2FullAnswerLen {
			t.Fatalf("fixed frame of %d bytes", len(data))
		}
	})
}

func FuzzAnswers(f *testing.F) {
	for _, seed := range [][]byte{
		fullAnswer(2)[1:82], []byte("0100001500015040000000042"),
		[]byte("CZ0040300CB00515000AE00210AC006123456AA016513100******1234CI0012"),
		[]byte("AE00201AF00204"), []byte("AA0165131001234561234AE00210"), {},
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		req := Request{Amount: 15000, Kind: Debit, Till: "01"}
		for _, c := range []codec{v2Codec{}, v3Codec{}} {
			r, err := c.decode(in, req)
			r = r.masked()
			if err == nil && r.Outcome != Approved && r.Outcome != Refused && r.Outcome != Unverified {
				t.Fatalf("outcome %q without error", r.Outcome)
			}
			for _, s := range []string{r.CardMasked, r.AuthCode, r.EntryMode, r.Reference, r.Reason, r.Raw} {
				if fullPAN.MatchString(s) {
					t.Fatalf("full number in result: %q", s)
				}
			}
			if err != nil && fullPAN.MatchString(err.Error()) {
				t.Fatalf("full number in error: %v", err)
			}
		}
		if a, err := DecodeV2Answer(in); err == nil {
			if d, err := a.Encode(); err != nil || !bytes.Equal(d, in) {
				t.Fatalf("answer round trip: %q -> %q, %v", in, d, err)
			}
		}
		if fs, err := DecodeTLV(in); err == nil {
			if d, err := EncodeTLV(fs); err != nil || !bytes.Equal(d, in) {
				t.Fatalf("TLV round trip: %q -> %q, %v", in, d, err)
			}
		}
		if r, err := DecodeV2Request(in); err == nil {
			if d, err := r.Encode(); err == nil && !bytes.Equal(d, in) && r.Kind != Debit && r.Kind != Refund {
				t.Fatalf("request round trip: %q -> %q", in, d)
			}
		}
	})
}

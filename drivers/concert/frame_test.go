package concert

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hanout/pos"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// The vector of the shared reference: E+ request for 150.00 MAD, card,
// debit, full answer, answer at the end.
func TestReferenceVector(t *testing.T) {
	data, err := V2Request{Till: "01", Amount: 15000, Full: true, Method: '1', Kind: Debit,
		Currency: "504", Plus: true}.Encode()
	if err != nil {
		t.Fatal(err)
	}
	want := "0100015000110504" + strings.Repeat(" ", 10) + "A010B010"
	if string(data) != want {
		t.Fatalf("data = %q, want %q", data, want)
	}
	f := Frame(data)
	if f[0] != STX || f[len(f)-2] != ETX || f[len(f)-1] != 0x04 {
		t.Fatalf("frame = % x, want STX data ETX 04", f)
	}
	// And the codec the terminal uses builds the same bytes.
	got, err := v2Codec{plus: true}.request(Request{Amount: 15000, Kind: Debit, Till: "01"}, Defaults())
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("codec request = %q, %v", got, err)
	}
}

func TestLRC(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want byte
	}{
		{"", 0},
		{"\x03", 0x03},
		{"AA", 0},
		{"A\x03", 'A' ^ 0x03},
		{"0100015000110504          A010B010\x03", 0x04},
	} {
		if got := LRC([]byte(tc.in)); got != tc.want {
			t.Errorf("LRC(%q) = %#02x, want %#02x", tc.in, got, tc.want)
		}
	}
}

// lowLRC finds the first variant i whose frame, built by mk, has the
// wanted LRC.
func lowLRC(t *testing.T, want byte, mk func(i int) []byte) int {
	t.Helper()
	for i := 0; i < 1000000; i++ {
		if f := mk(i); f[len(f)-1] == want {
			return i
		}
	}
	t.Fatalf("no variant gives LRC %#02x", want)
	return 0
}

// The makers vary the amount, and a second field whose parity moves the
// high bits of the LRC.
func ePlus(i int) []byte {
	d, _ := V2Request{Till: "01", Amount: pos.Money(i + 1), Full: true, Method: '1', Currency: "504", Plus: true}.Encode()
	return Frame(d)
}

func fullAnswer(i int) []byte {
	d, _ := V2Answer{Till: "01", Status: '0', Amount: pos.Money(i/2 + 1), Method: '1', Full: true,
		Report: "513100******1234", Currency: "504", Private: []string{"0000000001", "000000001"}[i%2]}.Encode()
	return Frame(d)
}

func v3Answer(i int) []byte {
	d, _ := EncodeTLV(Fields{{"CZ", "0300"}, {"CA", "01"}, {"CB", fmt.Sprintf("%02d", i/8+1)}, {"AE", "10"},
		{"AC", []string{"123456", "A23456", "a23456", "#23456", "12345", "A2345", "a2345", "#2345"}[i%8]}, {"AA", "513100******1234"}})
	return Frame(d)
}

// Frames whose LRC is a control byte (STX, ETX, EOT, ENQ, ACK…) must be read
// by length, never by scanning.
func TestControlByteLRCsRoundTrip(t *testing.T) {
	for lrc := byte(0); lrc <= 6; lrc++ {
		for _, tc := range []struct {
			name string
			mk   func(int) []byte
			lens []int
		}{
			{"E+ request", ePlus, []int{V2RequestLen, V2PlusRequestLen}},
			{"full answer", fullAnswer, []int{V2ShortAnswerLen, V2FullAnswerLen}},
			{"caisse-ap answer", v3Answer, nil},
		} {
			m := lowLRC(t, lrc, tc.mk)
			f := tc.mk(m)
			// A trailing byte must stay unread: the parser stops at the LRC.
			r := bytes.NewReader(append(append([]byte(nil), f...), ENQ))
			data, err := ReadFrame(r, tc.lens...)
			if err != nil {
				t.Fatalf("%s LRC %#02x (amount %d): %v", tc.name, lrc, m, err)
			}
			if !bytes.Equal(data, f[1:len(f)-2]) || r.Len() != 1 {
				t.Fatalf("%s LRC %#02x: data %q, %d left", tc.name, lrc, data, r.Len())
			}
		}
	}
}

func TestReadFrameRejects(t *testing.T) {
	good := ePlus(15000)
	bad := append([]byte(nil), good...)
	bad[len(bad)-1] ^= 1
	noETX := append([]byte(nil), good...)
	noETX[len(noETX)-2] = 'X'
	for _, tc := range []struct {
		name string
		in   []byte
		lens []int
		want error
	}{
		{"bad LRC", bad, []int{V2RequestLen, V2PlusRequestLen}, ErrBadLRC},
		{"no ETX at a known length", noETX, []int{V2RequestLen, V2PlusRequestLen}, ErrBadFrame},
		{"no STX", good[1:], []int{V2PlusRequestLen}, ErrBadFrame},
		{"truncated", good[:10], []int{V2PlusRequestLen}, io.ErrUnexpectedEOF},
		{"ETX inside the data is data", append([]byte{STX, ETX}, good[2:]...), []int{V2PlusRequestLen}, ErrBadLRC},
		{"TLV bad header", []byte("\x02CZ0x40300\x03\x00"), nil, ErrBadFrame},
		{"TLV empty", []byte{STX, ETX, ETX, ETX, ETX, ETX}, nil, ErrBadFrame},
		{"TLV too long", append([]byte("\x02"), bytes.Repeat([]byte("AA999"+strings.Repeat("x", 999)), 5)...), nil, ErrBadFrame},
	} {
		_, err := ReadFrame(bytes.NewReader(tc.in), tc.lens...)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
	}
}

// TestFramesGolden pins the bytes of every message the till sends and the
// simulator answers. Run with -update after a deliberate change.
func TestFramesGolden(t *testing.T) {
	var b strings.Builder
	line := func(name string, data []byte, err error) {
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		f := Frame(data)
		fmt.Fprintf(&b, "%s\n  data %q\n  frame % x\n  lrc %#02x\n", name, data, f, f[len(f)-1])
	}
	cfg := Defaults()
	for _, tc := range []struct {
		name  string
		codec codec
		req   Request
		short bool
	}{
		{"E debit 1.00 full", v2Codec{}, Request{Amount: 100, Kind: Debit, Till: "01"}, false},
		{"E debit 1.00 short", v2Codec{}, Request{Amount: 100, Kind: Debit, Till: "01"}, true},
		{"E+ debit 150.00 full (reference vector)", v2Codec{plus: true}, Request{Amount: 15000, Kind: Debit, Till: "01"}, false},
		{"E+ refund 25.50 till 07", v2Codec{plus: true}, Request{Amount: 2550, Kind: Refund, Till: "07"}, false},
		{"caisse-ap debit 150.00", v3Codec{}, Request{Amount: 15000, Kind: Debit, Till: "01"}, false},
		{"caisse-ap refund 0.05", v3Codec{}, Request{Amount: 5, Kind: Refund, Till: "01"}, false},
	} {
		c := cfg
		c.ShortAnswer = tc.short
		d, err := tc.codec.request(tc.req, c)
		line("request "+tc.name, d, err)
	}
	for _, tc := range []struct {
		name string
		a    V2Answer
	}{
		{"short accepted", V2Answer{Till: "01", Status: '0', Amount: 100, Method: '1', Currency: "504", Private: "0000000001"}},
		{"full accepted", V2Answer{Till: "01", Status: '0', Amount: 15000, Method: '1', Full: true, Report: "513100******1234", Currency: "504", Private: "0000000002"}},
		{"full refused", V2Answer{Till: "01", Status: '7', Amount: 15000, Method: '1', Full: true, Currency: "504"}},
	} {
		d, err := tc.a.Encode()
		line("answer "+tc.name, d, err)
	}
	d, err := EncodeTLV(Fields{{"CZ", "0300"}, {"CA", "01"}, {"CB", "15000"}, {"AE", "10"}, {"AC", "123456"}, {"AA", "513100******1234"}, {"CI", "2"}})
	line("answer caisse-ap accepted", d, err)
	for lrc := byte(0); lrc <= 6; lrc++ {
		d := ePlus(lowLRC(t, lrc, ePlus))
		line(fmt.Sprintf("request E+ with LRC %#02x", lrc), d[1:len(d)-2], nil)
		d = fullAnswer(lowLRC(t, lrc, fullAnswer))
		line(fmt.Sprintf("answer full with LRC %#02x", lrc), d[1:len(d)-2], nil)
		d = v3Answer(lowLRC(t, lrc, v3Answer))
		line(fmt.Sprintf("answer caisse-ap with LRC %#02x", lrc), d[1:len(d)-2], nil)
	}
	golden(t, "frames.golden", b.String())
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs; got:\n%s", path, got)
	}
}

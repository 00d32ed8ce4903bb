package escpos

import (
	"bytes"
	"encoding/hex"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// golden compares got with testdata/name, written as hex lines so that a
// reviewer can read the diff.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	dump := hex.Dump(got)
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(path, []byte(dump), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != dump {
		t.Errorf("%s differs from the golden file:\n got:\n%s\nwant:\n%s", name, dump, want)
	}
}

func unhex(s string) []byte {
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		panic(err)
	}
	return b
}

// The two vectors of the shared reference (python-escpos and escpos-php
// agree on them byte for byte).
func TestReferenceVectors(t *testing.T) {
	tests := []struct {
		name string
		enc  func(*Encoder)
		want string
	}{
		{"qr 1234 defaults", func(e *Encoder) { e.QRNative("1234", 3, QRLevelL) },
			"1d286b0400314132 00" + "1d286b0300314303" + "1d286b0300314530" + "1d286b0700315030 31323334" + "1d286b0300315130"},
		{"1x1 raster", func(e *Encoder) { b := NewBitmap(1, 1); b.Set(0, 0); e.Raster(b) },
			"1d 76 30 00 01 00 01 00 80"},
		{"drawer", func(e *Encoder) { e.OpenDrawer() }, "1b 70 00 3c 78"},
		{"size 2x2", func(e *Encoder) { e.Size(2, 2) }, "1d 21 11"},
		{"size clamps", func(e *Encoder) { e.Size(0, 9) }, "1d 21 07"},
		{"bold align", func(e *Encoder) { e.Bold(true).Align(Center).Bold(false) }, "1b 45 01 1b 61 01 1b 45 00"},
		{"feed cut", func(e *Encoder) { e.Feed(3).Cut().CutNow(true) }, "1b 64 03 1d 56 41 03 1d 56 01"},
		{"underline font b", func(e *Encoder) { e.Underline(1).FontB(true) }, "1b 2d 01 1b 4d 01"},
		{"init epson", func(e *Encoder) { e.Init() }, "1b 40 1b 74 13"},
		{"french cp858", func(e *Encoder) { e.Line("àâçéèêëîïôûù €") }, "85 83 87 82 8a 88 89 8c 8b 93 96 97 20 d5 0a"},
		{"no control chars in text", func(e *Encoder) { e.Text("a\x1b@b\x10") }, "61 40 62"},
		{"grouping space", func(e *Encoder) { e.Text("1\u202f234,50 DH") }, "31 20 32 33 34 2c 35 30 20 44 48"},
		{"arabic never as text bytes of another table", func(e *Encoder) { e.Text("سلام") }, "3f 3f 3f 3f"},
		{"status query", func(e *Encoder) { e.Raw(StatusQuery(4)...) }, "10 04 04"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := NewEncoder(MustProfile("epson", 80))
			tt.enc(e)
			if want := unhex(tt.want); !bytes.Equal(e.Bytes(), want) {
				t.Fatalf("got  % x\nwant % x", e.Bytes(), want)
			}
		})
	}
}

func TestStarSelectsTablesWithEscGs(t *testing.T) {
	e := NewEncoder(MustProfile("star", 80)).Init()
	if want := unhex("1b40 1b1d7404"); !bytes.Equal(e.Bytes(), want) {
		t.Fatalf("got % x want % x", e.Bytes(), want)
	}
}

func TestQRFallsBackToRasterWithoutNativeQR(t *testing.T) {
	e := NewEncoder(MustProfile("pos58", 58)).QR("https://hanout.ma/r/42", 4, QRLevelM)
	b := e.Bytes()
	if bytes.Contains(b, []byte{GS, '(', 'k'}) {
		t.Fatal("pos58 got a native QR command")
	}
	if !bytes.HasPrefix(b, []byte{GS, 'v', '0', 0, 48, 0}) {
		t.Fatalf("want a 384-dot raster, got % x", b[:min(8, len(b))])
	}
}

func TestRasterBandsTallImages(t *testing.T) {
	b := NewBitmap(8, 300)
	e := NewEncoder(MustProfile("epson", 80)).Raster(b)
	want := append(append([]byte{GS, 'v', '0', 0, 1, 0, 0, 1}, make([]byte, 256)...), append([]byte{GS, 'v', '0', 0, 1, 0, 44, 0}, make([]byte, 44)...)...)
	if !bytes.Equal(e.Bytes(), want) {
		t.Fatalf("got %d bytes, want %d", e.Len(), len(want))
	}
}

func TestProfiles(t *testing.T) {
	tests := []struct {
		name      string
		width     int
		cols, dot int
		native    bool
		fail      bool
	}{
		{"", 0, 48, 576, true, false},
		{"epson", 58, 32, 384, true, false},
		{"POS58", 0, 32, 384, false, false},
		{"pos80", 80, 48, 576, true, false},
		{"star", 80, 48, 576, false, false},
		{"citizen", 80, 0, 0, false, true},
		{"epson", 76, 0, 0, false, true},
	}
	for _, tt := range tests {
		p, err := LookupProfile(tt.name, tt.width)
		if (err != nil) != tt.fail {
			t.Errorf("%s/%d: err = %v", tt.name, tt.width, err)
			continue
		}
		if !tt.fail && (p.Columns != tt.cols || p.Dots != tt.dot || p.NativeQR != tt.native) {
			t.Errorf("%s/%d: %+v", tt.name, tt.width, p)
		}
	}
}

func TestStatusDecode(t *testing.T) {
	tests := []struct {
		n, r byte
		want Status
	}{
		{1, 0x12, Status{}},
		{1, 0x1a, Status{Offline: true}},
		{2, 0x16, Status{CoverOpen: true}},
		{2, 0x32, Status{PaperStop: true}},
		{2, 0x52, Status{Error: true}},
		{4, 0x12, Status{}},
		{4, 0x1e, Status{PaperNearEnd: true}},
		{4, 0x72, Status{PaperOut: true}},
	}
	for _, tt := range tests {
		if !IsStatusByte(tt.r) {
			t.Errorf("%#x not recognised as a status byte", tt.r)
		}
		var s Status
		s.Decode(tt.n, tt.r)
		if s != tt.want {
			t.Errorf("DLE EOT %d -> %#x: %+v, want %+v", tt.n, tt.r, s, tt.want)
		}
	}
	if IsStatusByte(XON) || IsStatusByte(XOFF) {
		t.Fatal("XON/XOFF mistaken for status")
	}
	if (Status{PaperNearEnd: true}).Ready() != true || (Status{PaperOut: true}).Ready() {
		t.Fatal("Ready wrong")
	}
}

func TestArabicLineIsShapedRaster(t *testing.T) {
	r, err := Arabic()
	if err != nil {
		t.Fatal(err)
	}
	b := r.Render(TextLine{Center: "تعاونية الأطلس", RTL: true}, 384).Trim(1)
	if b.W != 384 || b.H < 10 || b.H > 48 {
		t.Fatalf("bitmap %dx%d", b.W, b.H)
	}
	golden(t, "arabic_line.golden", NewEncoder(MustProfile("pos58", 58)).Raster(b).Bytes())

	// Joined letters: the shaped word is narrower than its isolated forms
	// laid side by side, and right-aligned text ends at the right edge.
	joined := inkWidth(r.Render(TextLine{Start: "سلام", RTL: true}, 384))
	isolated := inkWidth(r.Render(TextLine{Start: "س ل ا م", RTL: true}, 384))
	if joined >= isolated {
		t.Fatalf("joined %d >= isolated %d: letters not joined", joined, isolated)
	}
	rt := r.Render(TextLine{Start: "سلام", RTL: true}, 384)
	if first, last := inkSpan(rt); last < 370 || first < 200 {
		t.Fatalf("RTL start text spans %d..%d, want flush right", first, last)
	}
}

func inkSpan(b *Bitmap) (first, last int) {
	first = b.W
	for y := 0; y < b.H; y++ {
		for x := 0; x < b.W; x++ {
			if b.At(x, y) {
				first, last = min(first, x), max(last, x)
			}
		}
	}
	return
}

func inkWidth(b *Bitmap) int { f, l := inkSpan(b); return l - f }

package qr

import (
	"bytes"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"hanout/pos"
)

func TestImageShape(t *testing.T) {
	payload, err := Dynamic(DemoMerchant(), 12000, "STAND-1-1", 1, "STAND-1")
	if err != nil {
		t.Fatal(err)
	}
	b, err := PNG(payload, 600)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if r := img.Bounds(); r.Dx() != 600 || r.Dy() != 600 {
		t.Fatalf("size %v", r)
	}
	dark := func(x, y int) bool {
		r, _, _, _ := img.At(x, y).RGBA()
		return r < 0x8000
	}
	// Find the first dark pixel on the diagonal: the finder pattern's
	// corner. Before it lies the quiet zone: at least 4 modules of white.
	first := -1
	for i := 0; i < 600; i++ {
		if dark(i, i) {
			first = i
			break
		}
	}
	if first < 0 {
		t.Fatal("no dark pixel")
	}
	// The finder pattern's outer ring is 7 modules; its dark run along the
	// top row gives the module size.
	run := 0
	for x := first; x < 600 && dark(x, first); x++ {
		run++
	}
	module := run / 7
	if module < 1 || run%7 != 0 {
		t.Fatalf("finder run %d pixels is not 7 whole modules", run)
	}
	if first < 4*module {
		t.Fatalf("quiet zone %d px, want at least %d", first, 4*module)
	}
	for y := 0; y < first; y++ {
		for x := 0; x < 600; x++ {
			if dark(x, y) {
				t.Fatalf("dark pixel in the quiet zone at %d,%d", x, y)
			}
		}
	}
}

func TestImageGrowsToOnePixelPerModule(t *testing.T) {
	img, err := Image("hello", 5)
	if err != nil {
		t.Fatal(err)
	}
	// Version 1 is 21 modules, plus 4 on each side.
	if w := img.Bounds().Dx(); w != 29 {
		t.Fatalf("width %d, want 29", w)
	}
	if img.At(0, 0) != color.White || img.At(4, 4) == color.White {
		t.Fatal("quiet zone or finder misplaced")
	}
}

func TestImageRefusals(t *testing.T) {
	for _, tt := range []struct {
		payload string
		size    int
		key     string
	}{
		{"", 100, "qr.empty"},
		{"x", 0, "qr.image_size"},
		{"x", -3, "qr.image_size"},
		{"x", MaxImageSize + 1, "qr.image_size"},
		{strings.Repeat("x", 3000), 100, "qr.render"}, // beyond a QR code's capacity at level M
	} {
		if _, err := PNG(tt.payload, tt.size); pos.KeyOf(err) != tt.key {
			t.Errorf("PNG(%d chars, %d): %v, want %s", len(tt.payload), tt.size, err, tt.key)
		}
	}
}

// The PNG must decode back to the same payload with an independent
// decoder: zbarimg, from Debian's zbar-tools.
func TestPNGDecodesWithZbar(t *testing.T) {
	zbar, err := exec.LookPath("zbarimg")
	if err != nil {
		t.Skip("zbarimg not on PATH (make test installs zbar-tools)")
	}
	arabic, err := Dynamic(DemoMerchant(), 12000, Reference("STAND-1", 42), 42, "STAND-1")
	if err != nil {
		t.Fatal(err)
	}
	latin := DemoMerchant()
	latin.NameAR, latin.CityAR = "", ""
	plain, err := Dynamic(latin, 1, Reference("STAND-1", 1), 1, "STAND-1")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, payload := range map[string]string{
		"latin":        plain,
		"arabic":       arabic,
		"emvco_sample": "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A",
	} {
		for _, size := range []int{300, 512} {
			b, err := PNG(payload, size)
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, name+".png")
			if err := os.WriteFile(file, b, 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(zbar, "--raw", "-q", file).Output()
			if err != nil {
				t.Fatalf("%s/%d: zbarimg: %v", name, size, err)
			}
			if got := strings.TrimSuffix(string(out), "\n"); got != payload {
				t.Fatalf("%s/%d: zbarimg read\n%q\nwant\n%q", name, size, got, payload)
			}
		}
	}
}

// BenchmarkDynamicPNG builds a payload and renders it as a 512-pixel PNG,
// what the till does once per QR tender.
func BenchmarkDynamicPNG(b *testing.B) {
	m := DemoMerchant()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		p, err := Dynamic(m, 12000, Reference("STAND-1", uint64(i)), uint64(i), "STAND-1")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := PNG(p, 512); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDynamic builds the payload alone.
func BenchmarkDynamic(b *testing.B) {
	m := DemoMerchant()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := Dynamic(m, 12000, Reference("STAND-1", uint64(i)), uint64(i), "STAND-1"); err != nil {
			b.Fatal(err)
		}
	}
}

package escpos_test

import (
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hanout/drivers/escpos"
	"hanout/drivers/printersim"
	"hanout/pos"
	"hanout/pos/receipt"
)

// goldenText compares got with testdata/name as text.
func goldenText(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *escpos.Update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// Whole receipts, as the printer would print them: the ESC/POS bytes are
// decoded back by the simulator's decoder into a reviewable transcript
// (text lines, images with their size, QR data), with the byte count; a
// PNG of each paper sits beside the golden file for review.
func TestReceiptGolden(t *testing.T) {
	testReceiptGolden(t, "receipt_sale", receipt.Sample)
	testReceiptGolden(t, "receipt_sale_eur", receipt.SampleForeign)
}

func testReceiptGolden(t *testing.T, prefix string, sample func() (*pos.Document, pos.Shop)) {
	doc, shop := sample()
	for _, lang := range []pos.Lang{pos.FR, pos.AR} {
		for _, width := range []int{58, 80} {
			name := fmt.Sprintf("%s_%s_%d", prefix, lang, width)
			t.Run(name, func(t *testing.T) {
				r, err := receipt.Build(doc, shop, receipt.Options{Lang: lang})
				if err != nil {
					t.Fatal(err)
				}
				prof := escpos.MustProfile("epson", width)
				b, err := escpos.EncodeReceipt(r, prof, true)
				if err != nil {
					t.Fatal(err)
				}
				var pages []*printersim.Page
				d := printersim.NewDecoder()
				d.OnPage = func(p *printersim.Page) { pages = append(pages, p) }
				d.Write(b)
				if len(pages) != 1 {
					t.Fatalf("%d pages", len(pages))
				}
				goldenText(t, name+".escpos.txt", fmt.Sprintf("bytes: %d\ndrawer pulses: %d\n%s", len(b), pages[0].Drawers, pages[0].Text()))
				if *escpos.Update {
					f, err := os.Create(filepath.Join("testdata", name+".png"))
					if err != nil {
						t.Fatal(err)
					}
					defer f.Close()
					if err := png.Encode(f, pages[0].Image(prof.Dots)); err != nil {
						t.Fatal(err)
					}
				}
			})
		}
	}
}

// The README target: a typical French receipt (text and native QR) under
// 1.5 KB and 2 s at 9600 baud. The shop's Arabic name is an image and is
// measured apart (TestWireTime).
func TestFrenchReceiptFitsTarget(t *testing.T) {
	doc, shop := receipt.Sample()
	shop.NameAR = ""
	r, err := receipt.Build(doc, shop, receipt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []int{58, 80} {
		b, err := escpos.EncodeReceipt(r, escpos.MustProfile("epson", w), true)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) >= 1536 {
			t.Errorf("%d mm: %d bytes, target < 1.5 KB", w, len(b))
		}
		if secs := float64(len(b)*10) / 9600; secs >= 2 {
			t.Errorf("%d mm: %.2f s at 9600 baud", w, secs)
		}
	}
}

// The README figures: go test ./drivers/escpos -run WireTime -v
// Bytes on the wire and time at 8N1 (10 bits a byte) for the typical
// French receipt (text + native QR, shop without an Arabic name), the same
// with the shop's Arabic name as an image, one Arabic line as a raster, and
// the whole receipt in Arabic.
func TestWireTime(t *testing.T) {
	doc, shop := receipt.Sample()
	plain := shop
	plain.NameAR = ""
	tr, err := escpos.Arabic()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-44s %6s %8s %8s %8s\n", "content", "bytes", "9600", "19200", "38400")
	row := func(name string, n int) {
		fmt.Fprintf(&b, "%-44s %6d", name, n)
		for _, baud := range []int{9600, 19200, 38400} {
			fmt.Fprintf(&b, " %7.2fs", float64(n*10)/float64(baud))
		}
		b.WriteByte('\n')
	}
	encode := func(s pos.Shop, lang pos.Lang, p escpos.Profile) int {
		r, err := receipt.Build(doc, s, receipt.Options{Lang: lang})
		if err != nil {
			t.Fatal(err)
		}
		out, err := escpos.EncodeReceipt(r, p, true)
		if err != nil {
			t.Fatal(err)
		}
		return len(out)
	}
	for _, w := range []int{58, 80} {
		p := escpos.MustProfile("epson", w)
		fr := encode(plain, pos.FR, p)
		row(fmt.Sprintf("French receipt, %d mm", w), fr)
		if w == 58 && fr >= 1536 {
			t.Errorf("French receipt %d bytes, target < 1.5 KB", fr)
		}
		row(fmt.Sprintf("French receipt + Arabic shop name, %d mm", w), encode(shop, pos.FR, p))
		line := escpos.NewEncoder(p).Raster(tr.Render(escpos.TextLine{Start: "زربية بني ورين", End: "1 300,00", RTL: true, Px: 22}, p.Dots).Trim(2)).Len()
		row(fmt.Sprintf("one Arabic line, full width, %d mm", w), line)
		row(fmt.Sprintf("Arabic receipt, %d mm", w), encode(shop, pos.AR, p))
	}
	t.Log(b.String())
}

func BenchmarkEncodeFrench(b *testing.B) {
	doc, shop := receipt.Sample()
	p := escpos.MustProfile("epson", 80)
	for b.Loop() {
		r, _ := receipt.Build(doc, shop, receipt.Options{Lang: "fr"})
		escpos.EncodeReceipt(r, p, true)
	}
}

func BenchmarkEncodeArabic(b *testing.B) {
	doc, shop := receipt.Sample()
	p := escpos.MustProfile("epson", 80)
	for b.Loop() {
		r, _ := receipt.Build(doc, shop, receipt.Options{Lang: "ar"})
		escpos.EncodeReceipt(r, p, true)
	}
}

package receipt

import (
	"fmt"
	"strings"
	"testing"

	"hanout/drivers/escpos"
)

// The README figures: go test ./pos/receipt -run WireTime -v
// Bytes on the wire and time at 8N1 (10 bits a byte) for the typical
// French receipt (text + native QR, shop without an Arabic name), the same
// with the shop's Arabic name as an image, one Arabic line as a raster, and
// the whole receipt in Arabic.
func TestWireTime(t *testing.T) {
	doc, shop := Sample()
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
	for _, w := range []int{58, 80} {
		p := escpos.MustProfile("epson", w)
		fr, _ := Build(doc, plain, Options{Lang: "fr"})
		frb, _ := fr.ESCPOS(p, true)
		row(fmt.Sprintf("French receipt, %d mm", w), len(frb))
		if w == 58 && len(frb) >= 1536 {
			t.Errorf("French receipt %d bytes, target < 1.5 KB", len(frb))
		}
		fa, _ := Build(doc, shop, Options{Lang: "fr"})
		fab, _ := fa.ESCPOS(p, true)
		row(fmt.Sprintf("French receipt + Arabic shop name, %d mm", w), len(fab))
		line := escpos.NewEncoder(p).Raster(tr.Render(escpos.TextLine{Start: "زربية بني ورين", End: "1 300,00", RTL: true, Px: 22}, p.Dots).Trim(2)).Len()
		row(fmt.Sprintf("one Arabic line, full width, %d mm", w), line)
		ar, _ := Build(doc, shop, Options{Lang: "ar"})
		arb, _ := ar.ESCPOS(p, true)
		row(fmt.Sprintf("Arabic receipt, %d mm", w), len(arb))
	}
	t.Log(b.String())
}

func BenchmarkEncodeFrench(b *testing.B) {
	doc, shop := Sample()
	p := escpos.MustProfile("epson", 80)
	for b.Loop() {
		r, _ := Build(doc, shop, Options{Lang: "fr"})
		r.ESCPOS(p, true)
	}
}

func BenchmarkEncodeArabic(b *testing.B) {
	doc, shop := Sample()
	p := escpos.MustProfile("epson", 80)
	for b.Loop() {
		r, _ := Build(doc, shop, Options{Lang: "ar"})
		r.ESCPOS(p, true)
	}
}

package devices

import (
	"image"
	"testing"

	"hanout/drivers/printq"
	"hanout/pos"
)

// The receipt preview is the paper the printer prints, pixel for pixel:
// a French receipt whose product name is Arabic included.
func TestPreviewIsWhatPrints(t *testing.T) {
	sp := newSimPrinter(t)
	st, dir := newStore(t)
	amlou := pos.Product{SKU: "AML-1", Name: pos.Names{FR: "أملو 250 غ (Amlou)"}, Price: 6000, Floor: 6000, Tax: 2000, Stock: 10, Active: true}
	if err := st.PutProduct(&amlou); err != nil {
		t.Fatal(err)
	}
	cfg := printq.Settings{Port: sp.link, Baud: 38400, Profile: "pos58", Width: 58, PrintOnSale: true}
	if err := st.PutSetting(printq.SettingKey, cfg); err != nil {
		t.Fatal(err)
	}
	p, tl := startedPrinter(t, st, dir)
	d := sell(t, st, "AML-1")
	pg := tl.page(sp)
	prof, err := cfg.ProfileFor()
	if err != nil {
		t.Fatal(err)
	}
	printed := pg.Image(prof.Dots)
	img, err := p.Preview(d)
	if err != nil {
		t.Fatal(err)
	}
	if !sameImage(img, printed) {
		t.Fatalf("preview %v differs from the printed paper %v", img.Bounds(), printed.Bounds())
	}
}

func sameImage(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 {
				return false
			}
		}
	}
	return true
}

package receipt

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hanout/drivers/escpos"
	"hanout/drivers/printersim"
	"hanout/pos"
)

var update = flag.Bool("update", false, "rewrite testdata golden files")

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		os.MkdirAll("testdata", 0o755)
		os.WriteFile(path, []byte(got), 0o644)
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
	doc, shop := Sample()
	for _, lang := range []pos.Lang{pos.FR, pos.AR} {
		for _, width := range []int{58, 80} {
			name := fmt.Sprintf("sale_%s_%d", lang, width)
			t.Run(name, func(t *testing.T) {
				r, err := Build(doc, shop, Options{Lang: lang})
				if err != nil {
					t.Fatal(err)
				}
				prof := escpos.MustProfile("epson", width)
				golden(t, name+".txt", strings.Join(r.TextLines(prof.Columns), "\n")+"\n")
				b, err := r.ESCPOS(prof, true)
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
				golden(t, name+".escpos.txt", fmt.Sprintf("bytes: %d\ndrawer pulses: %d\n%s", len(b), pages[0].Drawers, pages[0].Text()))
				if *update {
					f, _ := os.Create(filepath.Join("testdata", name+".png"))
					pngEncode(f, pages[0], prof.Dots)
					f.Close()
				}
			})
		}
	}
}

func TestReceiptContents(t *testing.T) {
	doc, shop := Sample()
	r, err := Build(doc, shop, Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(r.TextLines(48), "\n")
	for _, want := range []string{
		"Coopérative Tifawin", "تعاونية تيفاوين", "ICE :", "001234567000089", "Ticket n° 001042", "14/03/26 16:42",
		"Vendeur : Fatima", "1 × 1\u202f300,00", "prix affiché 1\u202f500,00", "TOTAL", "20 % sur", "10 % sur",
		"Espèces", "Reçu", "Rendu", "EUR", "USD", "Échange sous 7 jours",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("receipt lacks %q:\n%s", want, text)
		}
	}
	if last := r.Lines[len(r.Lines)-1]; last.Kind != QR || last.QR != "https://hanout.ma/r/5f0c2a9e-8d1b-4c3e-9a77-2b6f1d0e4a11" {
		t.Errorf("last line %+v, want the receipt URL as a QR code", last)
	}
	if !r.Cash {
		t.Error("cash sale not marked Cash")
	}
	for _, l := range r.TextLines(32) {
		if n := len([]rune(l)); n > 32 {
			t.Errorf("line wider than 32 columns (%d): %q", n, l)
		}
	}
	dup, _ := Build(doc, shop, Options{Reprint: true})
	if !strings.Contains(strings.Join(dup.TextLines(48), "\n"), "DUPLICATA") {
		t.Error("reprint not marked")
	}
}

func TestNotPrintable(t *testing.T) {
	for _, d := range []*pos.Document{nil, {Kind: pos.KindShiftOpen}, {Kind: pos.KindSale}} {
		if _, err := Build(d, pos.Shop{}, Options{}); pos.KeyOf(err) != "receipt.not_printable" {
			t.Errorf("%+v: err %v", d, err)
		}
	}
}

// The README target: a typical French receipt (text and native QR) under
// 1.5 KB and 2 s at 9600 baud. The shop's Arabic name is an image and is
// measured apart (BenchmarkWireTime).
func TestFrenchReceiptFitsTarget(t *testing.T) {
	doc, shop := Sample()
	shop.NameAR = ""
	r, _ := Build(doc, shop, Options{})
	for _, w := range []int{58, 80} {
		b, _ := r.ESCPOS(escpos.MustProfile("epson", w), true)
		if len(b) >= 1536 {
			t.Errorf("%d mm: %d bytes, target < 1.5 KB", w, len(b))
		}
		if secs := float64(len(b)*10) / 9600; secs >= 2 {
			t.Errorf("%d mm: %.2f s at 9600 baud", w, secs)
		}
	}
}

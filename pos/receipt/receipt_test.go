package receipt

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

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

// Whole receipts as text, at 32 and 48 columns (their ESC/POS encoding is
// tested in drivers/escpos).
func TestReceiptGolden(t *testing.T) {
	for _, sample := range []struct {
		name string
		make func() (*pos.Document, pos.Shop)
	}{{"sale", Sample}, {"sale_eur", SampleForeign}} {
		testReceiptGolden(t, sample.name, sample.make)
	}
}

func testReceiptGolden(t *testing.T, prefix string, sample func() (*pos.Document, pos.Shop)) {
	doc, shop := sample()
	for _, lang := range []pos.Lang{pos.FR, pos.AR} {
		for _, cols := range []struct{ mm, cols int }{{58, 32}, {80, 48}} {
			name := fmt.Sprintf("%s_%s_%d", prefix, lang, cols.mm)
			t.Run(name, func(t *testing.T) {
				r, err := Build(doc, shop, Options{Lang: lang})
				if err != nil {
					t.Fatal(err)
				}
				golden(t, name+".txt", strings.Join(r.TextLines(cols.cols), "\n")+"\n")
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

// A tourist's euros on the receipt: the notes in euros, the rate, their
// dirham value, the change in dirhams; the drawer opens.
func TestReceiptForeignTender(t *testing.T) {
	doc, shop := SampleForeign()
	if len(doc.Tenders) != 2 || doc.Tenders[0].Kind != pos.TenderCashEUR {
		t.Fatalf("sample tenders %+v", doc.Tenders)
	}
	want := map[pos.Lang][]string{
		pos.FR: {"Espèces en euros", "150,00 EUR × 10,8523", "1\u202f627,85", "Rendu", "47,85"},
		pos.AR: {"نقدا باليورو", "150,00 EUR × 10,8523", "1\u202f627,85"},
		pos.EN: {"Cash in euros", "150,00 EUR × 10,8523", "Change"},
	}
	for l, wants := range want {
		r, err := Build(doc, shop, Options{Lang: l})
		if err != nil {
			t.Fatal(err)
		}
		if !r.Cash {
			t.Errorf("%s: foreign notes do not open the drawer", l)
		}
		text := strings.Join(r.TextLines(32), "\n")
		for _, w := range wants {
			if !strings.Contains(text, w) {
				t.Errorf("%s: %q missing from\n%s", l, w, text)
			}
		}
		for _, line := range r.TextLines(32) {
			if n := len([]rune(line)); n > 32 {
				t.Errorf("%s: line wider than 32 columns (%d): %q", l, n, line)
			}
		}
	}
}

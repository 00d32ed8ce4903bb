package printersim

import (
	"strings"
	"testing"

	"hanout/drivers/escpos"
)

func decodeAll(b []byte, chunk int) ([]*Page, []byte, *Decoder) {
	var pages []*Page
	var status []byte
	d := NewDecoder()
	d.OnPage = func(p *Page) { pages = append(pages, p) }
	d.OnStatus = func(n byte) { status = append(status, n) }
	for len(b) > 0 {
		n := min(chunk, len(b))
		d.Write(b[:n])
		b = b[n:]
	}
	return pages, status, d
}

func TestDecodeReceiptInAnyChunking(t *testing.T) {
	e := escpos.NewEncoder(escpos.MustProfile("epson", 80)).Init().OpenDrawer().
		Align(escpos.Center).Bold(true).Size(1, 2).Line("Coopérative €").Size(1, 1).Bold(false).
		Align(escpos.Left).Line("àâçéèêëîïôûù").QRNative("1234", 3, escpos.QRLevelL)
	bm := escpos.NewBitmap(16, 2)
	bm.Set(0, 0)
	e.Raster(bm).Raw(escpos.StatusQuery(4)...).Feed(1).Cut().Line("next")
	want := "Coopérative €\nàâçéèêëîïôûù\n[QR 1234]\n[image 16x2]\n\n"
	for _, chunk := range []int{1, 2, 3, 7, 64, 1 << 20} {
		pages, status, d := decodeAll(e.Bytes(), chunk)
		if len(pages) != 1 {
			t.Fatalf("chunk %d: %d pages", chunk, len(pages))
		}
		p := pages[0]
		if got := p.Text(); got != want {
			t.Fatalf("chunk %d: text\n%q\nwant\n%q", chunk, got, want)
		}
		if p.Drawers != 1 || string(status) != "\x04" {
			t.Fatalf("chunk %d: drawers %d status %v", chunk, p.Drawers, status)
		}
		if b := p.Blocks[0]; !b.Bold || b.H != 2 || b.Align != escpos.Center {
			t.Fatalf("chunk %d: style %+v", chunk, b)
		}
		if p.Blocks[3].Image.At(0, 0) != true || p.Blocks[3].Image.At(1, 0) {
			t.Fatal("raster pixels wrong")
		}
		if p.Bytes != e.Len()-len("next\n") {
			t.Fatalf("page bytes %d, want %d", p.Bytes, e.Len()-5)
		}
		if got := d.Page().Text(); got != "" {
			// "next" has no LF yet flushed? it has: it is on the next page
			if got != "next\n" {
				t.Fatalf("next page %q", got)
			}
		}
	}
}

func TestStarCodeTable(t *testing.T) {
	e := escpos.NewEncoder(escpos.MustProfile("star", 80)).Init().Line("é €").Cut()
	pages, _, _ := decodeAll(e.Bytes(), 5)
	if len(pages) != 1 || !strings.HasPrefix(pages[0].Text(), "é €\n") {
		t.Fatalf("pages %v", pages)
	}
}

func TestPageImageDrawsInk(t *testing.T) {
	e := escpos.NewEncoder(escpos.MustProfile("pos58", 58)).Init().Line("TOTAL 12,00").QR("https://hanout.ma/r/1", 4, escpos.QRLevelM).Cut()
	pages, _, _ := decodeAll(e.Bytes(), 100)
	img := pages[0].Image(384)
	dark := 0
	for _, v := range img.Pix {
		if v < 0x80 {
			dark++
		}
	}
	if img.Bounds().Dx() != 384+2*margin || dark < 500 {
		t.Fatalf("image %v with %d dark dots", img.Bounds(), dark)
	}
}

func FuzzDecoder(f *testing.F) {
	e := escpos.NewEncoder(escpos.MustProfile("epson", 80)).Init().Line("abc").QRNative("1234", 3, escpos.QRLevelL).Cut()
	f.Add(e.Bytes())
	f.Add([]byte{0x1d, 0x76, 0x30, 0x00, 0xff, 0xff, 0xff, 0xff})
	f.Add([]byte{0x1d, 0x28, 0x6b, 0xff, 0xff})
	f.Add([]byte{0x1b, 0x1d, 0x74})
	f.Add([]byte{0x10, 0x04, 0x01, 0x1b, 0x21, 0xff, 0x1d, 0x21, 0xff, 'x', '\n', 0x1d, 0x56, 0x41})
	f.Fuzz(func(t *testing.T, b []byte) {
		d := NewDecoder()
		d.OnPage = func(p *Page) { p.Text(); p.Image(64) }
		d.OnStatus = func(byte) {}
		for i := 0; i < len(b); i += 3 {
			d.Write(b[i:min(i+3, len(b))])
		}
		d.Page().Text()
		d.Page().Image(64)
	})
}

package printersim

import (
	"image"
	"image/color"
	"image/draw"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"hanout/drivers/escpos"
	"hanout/pos/qr"
)

// Font A is 12×24 dots; Go Mono's advance is 0.6 em, so 20 px gives 12.
const (
	cellW, cellH = 12, 24
	margin       = 16
)

var (
	fontOnce           sync.Once
	monoFace, boldFace font.Face
)

func faces() (font.Face, font.Face) {
	fontOnce.Do(func() {
		load := func(ttf []byte) font.Face {
			f, err := opentype.Parse(ttf)
			if err != nil {
				return nil
			}
			face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 20, DPI: 72, Hinting: font.HintingFull})
			if err != nil {
				return nil
			}
			return face
		}
		monoFace, boldFace = load(gomono.TTF), load(gomonobold.TTF)
	})
	return monoFace, boldFace
}

// Image draws the page on paper dots wide (384 for 58 mm, 576 for 80 mm),
// with a grey margin so the paper's edge shows.
func (p *Page) Image(dots int) *image.Gray {
	if dots <= 0 {
		dots = 576
	}
	var rows []*image.Gray
	for _, b := range p.Blocks {
		switch b.Kind {
		case TextBlock:
			rows = append(rows, textRow(b, dots))
		case ImageBlock:
			rows = append(rows, placed(b.Image.Image(), dots, b.Align))
		case QRBlock:
			rows = append(rows, placed(qrImage(b.QR, b.Module), dots, b.Align))
		}
	}
	h := 2 * margin
	for _, r := range rows {
		h += r.Bounds().Dy()
	}
	out := image.NewGray(image.Rect(0, 0, dots+2*margin, h))
	draw.Draw(out, out.Bounds(), image.NewUniform(color.Gray{0xd0}), image.Point{}, draw.Src)
	draw.Draw(out, image.Rect(margin, 0, margin+dots, h), image.White, image.Point{}, draw.Src)
	y := margin
	for _, r := range rows {
		draw.Draw(out, image.Rect(margin, y, margin+dots, y+r.Bounds().Dy()), r, image.Point{}, draw.Src)
		y += r.Bounds().Dy()
	}
	return out
}

func white(w, h int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, max(w, 1), max(h, 1)))
	for i := range g.Pix {
		g.Pix[i] = 0xff
	}
	return g
}

func textRow(b Block, dots int) *image.Gray {
	w, h := max(1, min(b.W, 8)), max(1, min(b.H, 8))
	runes := []rune(b.Text)
	cols := dots / cellW
	if len(runes) > cols/w {
		runes = runes[:cols/w]
	}
	base := white(len(runes)*cellW+1, cellH)
	face, bold := faces()
	if b.Bold {
		face = bold
	}
	if face != nil {
		dr := font.Drawer{Dst: base, Src: image.Black, Face: face}
		for i, r := range runes {
			dr.Dot = fixed.P(i*cellW, 18)
			dr.DrawString(string(r))
		}
	}
	row := white(dots, cellH*h)
	lineW := len(runes) * cellW * w
	x0 := 0
	switch b.Align {
	case escpos.Center:
		x0 = (dots - lineW) / 2
	case escpos.Right:
		x0 = dots - lineW
	}
	for y := 0; y < cellH*h; y++ {
		for x := 0; x < lineW; x++ {
			row.SetGray(x0+x, y, base.GrayAt(x/w, y/h))
		}
	}
	return row
}

func placed(img *image.Gray, dots int, a escpos.Align) *image.Gray {
	row := white(dots, img.Bounds().Dy())
	x0 := 0
	switch a {
	case escpos.Center:
		x0 = (dots - img.Bounds().Dx()) / 2
	case escpos.Right:
		x0 = dots - img.Bounds().Dx()
	}
	draw.Draw(row, img.Bounds().Add(image.Pt(x0, 0)), img, img.Bounds().Min, draw.Src)
	return row
}

func qrImage(data string, module int) *image.Gray {
	bm, err := qr.Modules(data, qr.LevelM, true) // with its quiet zone
	if err != nil {
		return white(1, cellH)
	}
	module = max(1, min(module, 16))
	g := white(len(bm)*module, len(bm)*module)
	for y, row := range bm {
		for x, black := range row {
			if black {
				for j := 0; j < module; j++ {
					for i := 0; i < module; i++ {
						g.SetGray(x*module+i, y*module+j, color.Gray{})
					}
				}
			}
		}
	}
	return g
}

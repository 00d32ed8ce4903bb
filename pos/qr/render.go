package qr

import (
	"bytes"
	"image"
	"image/color"
	"image/png"

	qrcode "github.com/skip2/go-qrcode"

	"hanout/pos"
)

// MaxImageSize bounds the side of a rendered code, in pixels.
const MaxImageSize = 4096

// Image renders payload as a QR code with error correction level M and a
// quiet zone of 4 modules, in a square of size pixels. Each module is a
// whole number of pixels (the code is centred, the margin white), so edges
// stay sharp; when size is smaller than the code needs, the image grows to
// one pixel per module.
func Image(payload string, size int) (image.Image, error) {
	if payload == "" {
		return nil, pos.Errorf("qr.empty")
	}
	if size <= 0 || size > MaxImageSize {
		return nil, pos.Errorf("qr.image_size", size, MaxImageSize)
	}
	q, err := qrcode.New(payload, qrcode.Medium)
	if err != nil {
		return nil, pos.Wrap(err, "qr.render")
	}
	q.DisableBorder = false // the 4-module quiet zone is part of the bitmap
	bits := q.Bitmap()
	n := len(bits)
	scale := max(size/n, 1)
	side := max(size, n)
	off := (side - n*scale) / 2
	img := image.NewPaletted(image.Rect(0, 0, side, side), color.Palette{color.White, color.Black})
	for y, row := range bits {
		for x, dark := range row {
			if !dark {
				continue
			}
			for dy := 0; dy < scale; dy++ {
				line := img.Pix[(off+y*scale+dy)*img.Stride:]
				for dx := 0; dx < scale; dx++ {
					line[off+x*scale+dx] = 1
				}
			}
		}
	}
	return img, nil
}

// PNG renders payload like Image and encodes it as PNG.
func PNG(payload string, size int) ([]byte, error) {
	img, err := Image(payload, size)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, pos.Wrap(err, "qr.render")
	}
	return buf.Bytes(), nil
}

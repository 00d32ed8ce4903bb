package ui

import (
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// paperWidth is the on-screen width of the printed-receipt preview.
const paperWidth = 380

// paperImage shows a printed receipt's paper at paperWidth, its height
// kept in proportion.
func paperImage(img image.Image) fyne.CanvasObject {
	c := canvas.NewImageFromImage(img)
	c.FillMode = canvas.ImageFillContain
	c.ScaleMode = canvas.ImageScaleSmooth
	b := img.Bounds()
	if b.Dx() > 0 {
		c.SetMinSize(fyne.NewSize(paperWidth, float32(paperWidth*b.Dy()/b.Dx())))
	}
	return c
}

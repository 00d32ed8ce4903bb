package receipt

import (
	"image/png"
	"io"

	"hanout/drivers/printersim"
)

func pngEncode(w io.Writer, p *printersim.Page, dots int) error { return png.Encode(w, p.Image(dots)) }

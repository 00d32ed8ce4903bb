package devices

import (
	"image"

	"hanout/drivers/escpos"
	"hanout/drivers/printersim"
	"hanout/drivers/printq"
	"hanout/pos"
	"hanout/pos/receipt"
)

// Preview draws d exactly as this till's printer prints it: the receipt
// the print worker builds, encoded for the saved model and paper width (the
// default model when none is saved), decoded back onto paper by the
// printer simulator. The till's receipt preview shows it (ui.Hooks.
// ReceiptImage), so an Arabic name reads on screen as on paper.
func (p *Printer) Preview(d *pos.Document) (image.Image, error) {
	prof, err := p.Settings().ProfileFor()
	if err != nil {
		if prof, err = printq.DefaultSettings().ProfileFor(); err != nil {
			return nil, err
		}
	}
	shop, _, err := p.st.Shop()
	if err != nil {
		return nil, err
	}
	r, err := receipt.Build(d, shop, receipt.Options{Chain: p.st.Hash(d.Seq)})
	if err != nil {
		return nil, err
	}
	b, err := escpos.EncodeReceipt(r, prof, false)
	if err != nil {
		return nil, err
	}
	var page *printersim.Page
	dec := printersim.NewDecoder()
	dec.OnPage = func(pg *printersim.Page) {
		if page == nil {
			page = pg
		}
	}
	if _, err := dec.Write(b); err != nil {
		return nil, err
	}
	if page == nil {
		return nil, pos.Errorf("error.internal")
	}
	return page.Image(prof.Dots), nil
}

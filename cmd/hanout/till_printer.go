package main

import (
	"context"
	"io"

	"hanout/drivers/printq"

	"hanout/pos/store"
	"hanout/pos/ui"
	"hanout/pos/ui/devices"
)

// The receipt printer in the running till: its Settings section, and the
// print worker that empties the store's print queue in the background.
func init() {
	var p *devices.Printer
	registerTillPlugin(tillPlugin{
		hooks: func(h *ui.Hooks, st *store.Store, _ string) error {
			var err error
			p, err = devices.NewPrinter(st, devices.PrinterDeps{Connect: connectPrinter, TestPage: testPage})
			h.Settings = append(h.Settings, p.Section())
			// Print and Reprint queue a job only when a printer is saved
			// in Settings → Printer; otherwise they say so.
			pr := p
			h.PrinterReady = func() bool { return pr != nil && pr.Settings().Configured() }
			// The receipt preview is the paper this printer prints.
			if pr != nil {
				h.ReceiptImage = pr.Preview
			}
			return err
		},
		start: func(ctx context.Context, u *ui.UI, _ *store.Store, _ string) {
			if p != nil {
				p.Start(ctx, u)
				p.Wait()
			}
		},
	})
}

// connectPrinter opens the link the settings name, as "hanout printer
// test" does.
func connectPrinter(s printq.Settings) (io.ReadWriteCloser, error) {
	o := linkOptions{port: s.Port, baud: s.Baud, profileName: s.Profile, width: s.Width}
	return o.connect()
}

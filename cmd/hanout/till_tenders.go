package main

import (
	"hanout/pos/store"
	"hanout/pos/ui"
	"hanout/pos/ui/devices"
	tillsync "hanout/sync"
)

// The card and QR tenders at the till, and their Settings sections. The QR
// payment is confirmed by the platform (sync); while the till is offline or
// not enrolled, the seller can only record "paid — to verify" with a
// manager's PIN.
func init() {
	registerTillPlugin(tillPlugin{hooks: func(h *ui.Hooks, st *store.Store, dir string) error {
		q := &ui.QRTender{Store: st, DataDir: dir, Source: &tillsync.PaymentStatus{Store: st}}
		c := &devices.Card{Store: st}
		h.QR, h.Card = q, c
		h.Settings = append(h.Settings, ui.QRSettings(q), c.Section())
		return nil
	}})
}

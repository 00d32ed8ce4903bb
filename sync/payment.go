package sync

import (
	"context"

	"hanout/pos"
	"hanout/pos/qr"
	"hanout/pos/store"
	"hanout/sync/wire"
)

// PaymentStatus is the qr.PaymentStatus backed by the platform: the QR
// tender polls it by reference while the code is shown. It answers
// qr.Waiting until the acquirer's notice reaches the platform, then
// qr.Paid, or qr.Cancelled when the acquirer refused the payment. Any
// failure to ask (not enrolled, offline, platform error) is an error,
// which the session reads as "cannot tell now", never as "not paid".
type PaymentStatus struct {
	Store *store.Store
}

var _ qr.PaymentStatus = PaymentStatus{}

// Status asks the platform about ref.
func (p PaymentStatus) Status(ctx context.Context, ref string) (qr.State, error) {
	set, ok, err := LoadSettings(p.Store)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", pos.Errorf("sync.not_enrolled")
	}
	c, err := NewClient(set)
	if err != nil {
		return "", err
	}
	resp, err := c.Payment(ctx, ref)
	if err != nil {
		return "", err
	}
	switch resp.State {
	case wire.PaymentPending:
		return qr.Waiting, nil
	case wire.PaymentPaid:
		return qr.Paid, nil
	case wire.PaymentRefused:
		return qr.Cancelled, nil
	}
	return "", pos.Errorf("sync.platform_error", resp.State)
}

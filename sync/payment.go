package sync

import (
	"context"
	"sync"
	"time"

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
//
// Each question is bounded by PollTimeout, so a dead 3G link never freezes
// the QR screen's countdown; and one HTTP client is kept while the
// settings stay the same, so polling every two seconds reuses its
// connection instead of opening a new one each time.
type PaymentStatus struct {
	Store *store.Store

	mu     sync.Mutex
	client *Client
	key    Settings
}

// PollTimeout bounds one status question.
var PollTimeout = 5 * time.Second

var _ qr.PaymentStatus = (*PaymentStatus)(nil)

func (p *PaymentStatus) clientFor(set Settings) (*Client, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.client != nil && p.key == set {
		return p.client, nil
	}
	c, err := NewClient(set)
	if err != nil {
		return nil, err
	}
	p.client, p.key = c, set
	return c, nil
}

// Status asks the platform about ref.
func (p *PaymentStatus) Status(ctx context.Context, ref string, amount pos.Money) (qr.State, error) {
	set, ok, err := LoadSettings(p.Store)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", pos.Errorf("sync.not_enrolled")
	}
	c, err := p.clientFor(set)
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, PollTimeout)
	defer cancel()
	resp, err := c.Payment(ctx, ref)
	if err != nil {
		return "", err
	}
	switch resp.State {
	case wire.PaymentPending:
		return qr.Waiting, nil
	case wire.PaymentPaid:
		// Money for another amount is not this sale's payment: the
		// seller sees why and may record it "to verify" with a manager.
		if resp.Amount != amount {
			return "", pos.Errorf("qr.amount_mismatch", resp.Amount, amount)
		}
		return qr.Paid, nil
	case wire.PaymentRefused:
		return qr.Cancelled, nil
	}
	return "", pos.Errorf("sync.platform_error", resp.State)
}

package concert

import (
	"errors"

	"hanout/pos"
)

// SettingKey is the till's setting holding the terminal's Config.
const SettingKey = "card"

// SettingStore is where a till keeps its settings (pos/store.Store).
type SettingStore interface {
	Setting(key string, v any) (found bool, err error)
}

// LoadConfig reads the terminal's setting; ok is false when none is saved.
func LoadConfig(st SettingStore) (cfg Config, ok bool, err error) {
	ok, err = st.Setting(SettingKey, &cfg)
	return cfg, ok, err
}

// Settle turns the terminal's answer to req (res, err from Terminal.Pay)
// into the tender the till records. The terminal's verdict is taken as it
// is. When the exchange broke after the terminal took the request (or it
// answered without a usable verdict), the tender is unverified with
// Recorded = pos.RecordedSlip: the till asks the seller to read the slip;
// the request is never resent. An error before the terminal took the
// request is returned as it is.
func Settle(req Request, res Result, err error) (pos.Tender, error) {
	t := res.Tender(req)
	switch {
	case res.Outcome.NeedsSlip() || errors.Is(err, ErrAmbiguous):
		t.Status = pos.StatusUnverified
		t.Recorded = pos.RecordedSlip
		return t, nil
	case err != nil:
		return pos.Tender{}, err
	case res.Outcome == Approved:
		return t, nil
	default:
		t.Status = pos.StatusRefused
		return t, nil
	}
}

package sync

import (
	"hanout/pos"
	"hanout/pos/store"
)

// Platform returns the platform URL the till is configured with ("" when
// it was never enrolled). A till whose token was revoked keeps the URL:
// the receipts it already synced are still there.
func Platform(st *store.Store) (string, error) {
	var s Settings
	if _, err := st.Setting(SettingsKey, &s); err != nil {
		return "", err
	}
	return s.Platform, nil
}

// ReceiptLink is the address of d's digital receipt on the till's
// platform (see pos.ReceiptLink for its errors).
func ReceiptLink(st *store.Store, d *pos.Document) (string, error) {
	base, err := Platform(st)
	if err != nil {
		return "", err
	}
	return pos.ReceiptLink(base, d)
}

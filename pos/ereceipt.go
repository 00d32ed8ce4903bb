package pos

import (
	"encoding/base64"
	"net/url"
	"strings"
)

// The digital receipt: each sale and refund carries a random key (Key),
// set when the document is built, so it is committed, chained and synced
// with the rest of the document and never changes. The platform serves the
// receipt at PLATFORM/r/<document id>?k=<key> to whoever holds the link
// (the customer who scanned its QR code) and answers the same 404 to
// anyone else.

// ReceiptKeyBytes is the key's randomness: 128 bits.
const ReceiptKeyBytes = 16

// NewReceiptKey returns a new receipt key: 16 random bytes as unpadded
// base64url (22 characters, safe in a URL as is).
func NewReceiptKey() string {
	b := make([]byte, ReceiptKeyBytes)
	randomBytes(b) // a guessable key would be worse than stopping the sale
	return base64.RawURLEncoding.EncodeToString(b)
}

// ValidReceiptKey reports whether s has the form of a receipt key: 16 to
// 64 characters of the base64url alphabet. It says nothing of whether it is
// the right one.
func ValidReceiptKey(s string) bool {
	if len(s) < 16 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// ReceiptLink is the address of document d's digital receipt on the
// platform at base (the till's configured platform URL). It fails with
// ereceipt.no_platform when no platform is configured, ereceipt.not_receipt
// for a document that is no sale or refund, and ereceipt.no_key for one
// committed before receipts carried a key.
func ReceiptLink(base string, d *Document) (string, error) {
	if d == nil || (d.Kind != KindSale && d.Kind != KindRefund) {
		return "", Errorf("ereceipt.not_receipt")
	}
	base = strings.TrimRight(strings.TrimSpace(base), "/")
	if base == "" {
		return "", Errorf("ereceipt.no_platform")
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", Wrap(err, "ereceipt.no_platform")
	}
	if d.Key == "" {
		return "", Errorf("ereceipt.no_key", d.Receipt)
	}
	return base + "/r/" + url.PathEscape(d.ID) + "?k=" + url.QueryEscape(d.Key), nil
}

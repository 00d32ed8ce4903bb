package pos

import (
	"crypto/sha256"
	"encoding/hex"
)

// ChainHash is the journal hash of an entry: SHA-256 over the previous
// entry's hash and the entry's canonical bytes. The till's store and the
// platform compute it the same way.
func ChainHash(prev, doc []byte) []byte {
	h := sha256.New()
	h.Write(prev)
	h.Write(doc)
	return h.Sum(nil)
}

// Fingerprint is the short form of a chain hash printed on receipts and Z
// reports: its first 8 hex digits.
func Fingerprint(hash []byte) string {
	if len(hash) < 4 {
		return ""
	}
	return hex.EncodeToString(hash[:4])
}

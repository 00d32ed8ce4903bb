package platform

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"

	"hanout/pos"
)

// decodeHash reads a till's chain link as encoding/hex does, and says
// lower exactly when hex.EncodeToString would write it so.
func FuzzDecodeHash(f *testing.F) {
	h := hex.EncodeToString(pos.ChainHash(nil, []byte("x")))
	for _, s := range []string{h, strings.ToUpper(h), h[:63], h + "0", "zz" + h[2:], h[:31] + "G" + h[32:], "", strings.Repeat("\xff", 64)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var h [32]byte
		ok, lower := decodeHash(&h, s)
		want, err := hex.DecodeString(s)
		if ok != (err == nil && len(want) == 32) || ok && (!bytes.Equal(h[:], want) || lower != (hex.EncodeToString(want) == s)) {
			t.Fatalf("%q: %v %v %x, hex says %x %v", s, ok, lower, h, want, err)
		}
	})
}

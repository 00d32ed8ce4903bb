package platform_test

import (
	"encoding/json"
	"testing"

	"hanout/sync/platform"
)

// BenchmarkDecodePush is the CPU of reading a push of 200 sales: the
// envelope, each document parsed and checked (b.N counts sales).
func BenchmarkDecodePush(b *testing.B) {
	body, err := json.Marshal(batch("STAND-1", 1, 200))
	if err != nil {
		b.Fatal(err)
	}
	term := platform.Terminal{ID: "t-1", Merchant: "m-1", Till: "STAND-1"}
	b.SetBytes(int64(len(body)) / 200)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i += 200 {
		batch, err := platform.DecodePush(body, term)
		if err != nil || len(batch.Docs) != 200 || batch.Docs[0].Reject != nil {
			b.Fatal(err, batch.Docs[0].Reject)
		}
	}
}

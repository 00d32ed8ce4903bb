package wire

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"hanout/pos"
)

// benchPush is a push of 200 sales of 1–3 lines paid in cash, as a till
// sends it, gzipped by Gzip.
func benchPush(b *testing.B) (raw, body []byte) {
	req := PushRequest{V: 1, Unsynced: 200}
	for i := range 200 {
		seq := uint64(i + 1)
		d := pos.Document{ID: fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i), Kind: pos.KindSale, Terminal: "BENCH-1", Receipt: seq, Seq: seq,
			Time: time.Date(2026, 5, 1, 10, 0, i, 123456789, time.UTC), Cashier: "Ali"}
		for k := range 1 + i%3 {
			d.Lines = append(d.Lines, pos.Line{SKU: []string{"ARG", "AML", "SAV", "TAJ"}[(i+k)%4], Qty: 1, Price: 1000, Total: 1000})
			d.Total += 1000
		}
		d.Tenders = []pos.Tender{{Kind: pos.TenderCash, Amount: d.Total, Given: d.Total, Status: pos.StatusApproved}}
		raw, _ := json.Marshal(d)
		h := pos.ChainHash(make([]byte, 32), raw)
		req.Docs = append(req.Docs, raw)
		req.Chain = append(req.Chain, Link{Hash: hex.EncodeToString(h), Prev: hex.EncodeToString(h)})
	}
	raw, _ = json.Marshal(req)
	body, err := Gzip(req)
	if err != nil {
		b.Fatal(err)
	}
	return raw, body
}

// BenchmarkInflate is the inflation of a push of 200 sales (b.N counts
// sales).
func BenchmarkInflate(b *testing.B) {
	raw, body := benchPush(b)
	b.SetBytes(int64(len(raw)) / 200)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i += 200 {
		out, err := Inflate(body, "gzip", MaxInflated)
		if err != nil || len(out) != len(raw)+1 {
			b.Fatal(err, len(out), len(raw))
		}
	}
}

// BenchmarkPushAnswer is the answer to a push of 200 sales, all acked,
// written by json.Marshal (WriteJSON) and by AppendJSON (WriteEncoded),
// to a client that takes gzip and to one that does not (b.N counts
// sales).
func BenchmarkPushAnswer(b *testing.B) {
	var r PushResponse
	for i := range 200 {
		r.Acked = append(r.Acked, fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i))
	}
	r.Stored = 200
	for _, accept := range []string{"identity", "gzip"} {
		req := httptest.NewRequest("POST", "/", nil)
		req.Header.Set("Accept-Encoding", accept)
		b.Run("marshal/"+accept, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i += 200 {
				WriteJSON(httptest.NewRecorder(), req, 200, r)
			}
		})
		b.Run("append/"+accept, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i += 200 {
				body := r.AppendJSON(make([]byte, 0, 64+40*len(r.Acked)))
				WriteEncoded(httptest.NewRecorder(), req, 200, append(body, '\n'))
			}
		})
	}
}

// BenchmarkGzip is a till compressing a push of 200 sales (b.N counts
// sales).
func BenchmarkGzip(b *testing.B) {
	var req PushRequest
	raw, body := benchPush(b)
	if err := Decode(raw, &req); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)) / 200)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i += 200 {
		var err error
		if body, err = Gzip(req); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(body)), "gzip-bytes")
}

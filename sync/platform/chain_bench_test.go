package platform_test

import (
	"encoding/hex"
	"encoding/json"
	"testing"
	"time"

	"hanout/pos"
	"hanout/sync/platform"
	"hanout/sync/wire"
)

// benchSKUs are the catalogue of benchPush's sales.
var benchSKUs = []string{"ARG", "AML", "SAV", "TAJ"}

// benchPush is a push of n sales by till, read as the server reads it,
// shaped as pgstore's BenchmarkPush200 pushes them: journal positions
// from seq on, 1–3 catalogue lines of 10 DH, paid in cash, chained on
// from prev; with the anchor the platform recorded before them.
func benchPush(b *testing.B, till string, seq uint64, n int) (platform.PushBatch, platform.Anchor) {
	prev := make([]byte, 32)
	prev[0] = 7
	req := wire.PushRequest{V: 1}
	h := prev
	for i := range n {
		d := &pos.Document{ID: pos.NewID(), Kind: pos.KindSale, Terminal: till, Receipt: seq + uint64(i), Seq: seq + uint64(i), Time: time.Now().UTC(), Cashier: "Ali"}
		for k := range 1 + i%3 {
			d.Lines = append(d.Lines, pos.Line{SKU: benchSKUs[(i+k)%len(benchSKUs)], Name: pos.Names{FR: benchSKUs[(i+k)%len(benchSKUs)]}, Qty: 1, Price: 1000, Total: 1000})
			d.Total += 1000
		}
		d.Tenders = []pos.Tender{{Kind: pos.TenderCash, Amount: d.Total, Given: d.Total, Status: pos.StatusApproved}}
		raw, _ := json.Marshal(d)
		next := pos.ChainHash(h, raw)
		req.Docs = append(req.Docs, raw)
		req.Chain = append(req.Chain, wire.Link{Hash: hex.EncodeToString(next), Prev: hex.EncodeToString(h)})
		h = next
	}
	body, err := json.Marshal(req)
	if err != nil {
		b.Fatal(err)
	}
	batch, err := platform.DecodePush(body, platform.Terminal{ID: "t-1", Merchant: "m-1", Till: till})
	if err != nil || len(batch.Docs) != n || batch.Docs[0].Reject != nil {
		b.Fatal(err)
	}
	last := platform.Anchor{Terminal: "t-1", Seq: seq - 1, Hash: hex.EncodeToString(prev), Prev: hex.EncodeToString(make([]byte, 32)), State: platform.AnchorOK, Time: time.Now()}
	return batch, last
}

// BenchmarkCheckChain is the chain check of a push of 200 sales that
// continue the recorded chain, as pgstore's IngestChain runs it: the
// anchors read (the one before the push), the check (b.N counts sales).
func BenchmarkCheckChain(b *testing.B) {
	batch, last := benchPush(b, "STAND-1", 1001, 200)
	term := platform.Terminal{ID: "t-1", Merchant: "m-1", Till: "STAND-1"}
	now := time.Now()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i += 200 {
		known := map[uint64]platform.Anchor{last.Seq: last}
		put, good, rejected := platform.CheckChain(term, batch.Docs, known, now)
		if len(put) != 200 || len(good) != 200 || len(rejected) != 0 {
			b.Fatal(len(put), len(good), rejected)
		}
	}
}

// BenchmarkDayBooksOf is the day books of a push of 200 sales (b.N
// counts sales).
func BenchmarkDayBooksOf(b *testing.B) {
	batch, _ := benchPush(b, "STAND-1", 1001, 200)
	docs := make([]*pos.Document, len(batch.Docs))
	for i, in := range batch.Docs {
		docs[i] = in.Doc
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i += 200 {
		sales := 0
		for _, d := range platform.DayBooksOf(docs) {
			sales += d.Sales
		}
		if sales != 200 {
			b.Fatal(sales)
		}
	}
}

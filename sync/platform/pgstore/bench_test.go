package pgstore

import (
	"encoding/json"
	"testing"
	"time"

	"hanout/pos"
	"hanout/sync/platform"
	"hanout/sync/platform/pgstore/pgtest"
)

// BenchmarkIngest200: one push of 200 sales of 1–3 catalogue lines into
// PostgreSQL (one op = one batch).
func BenchmarkIngest200(b *testing.B) {
	st := openStore(&testing.T{}, pgtest.DB(b))
	defer st.Close()
	m, _ := st.AddMerchant("Bench")
	_, code, _ := st.AddTerminal(m.ID, "BENCH-1")
	tm, err := st.Enroll(platform.Enrollment{CodeHash: platform.Hash(code), TokenHash: "h"}, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	skus := []string{"ARG", "AML", "SAV", "TAJ"}
	for _, s := range skus {
		st.SetProduct(m.ID, pos.Product{SKU: s, Name: pos.Names{FR: s}, Price: 1000, Tax: 2000, Stock: 1e9, Active: true}, time.Now())
	}
	seq := uint64(0)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		docs := make([]platform.Doc, 200)
		for i := range docs {
			seq++
			d := &pos.Document{ID: pos.NewID(), Kind: pos.KindSale, Terminal: tm.Till, Receipt: seq, Seq: seq, Time: time.Now().UTC(), Cashier: "Ali"}
			for k := range 1 + i%3 {
				d.Lines = append(d.Lines, pos.Line{SKU: skus[(i+k)%4], Qty: 1, Price: 1000, Total: 1000})
				d.Total += 1000
			}
			d.Tenders = []pos.Tender{{Kind: pos.TenderCash, Amount: d.Total, Given: d.Total, Status: pos.StatusApproved}}
			raw, _ := json.Marshal(d)
			docs[i] = platform.Doc{Raw: raw, Doc: d}
		}
		b.StartTimer()
		if _, err := st.Ingest(tm, docs, time.Now()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(200*b.N)/b.Elapsed().Seconds(), "sales/s")
}

package platform_test

import (
	"encoding/json"
	"testing"
	"time"

	"hanout/pos"
	"hanout/sync/platform"
	"hanout/sync/wire"
)

// FuzzBooksOfPush: whatever a till pushes, the records and account entries
// read from it never panic, only registered kinds with sound ids and JSON
// objects within the size limit become records, and only documents that
// touch an account become entries.
func FuzzBooksOfPush(f *testing.F) {
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	seed := func(d *pos.Document) []byte { b, _ := json.Marshal(d); return b }
	f.Add(seed(&pos.Document{ID: pos.NewID(), Kind: pos.KindEvent, Seq: 1, Time: at, Event: &pos.Event{What: "customer", Key: "C-1", After: `{"id":"C-1","name":"Fatiha","limit":100}`}}))
	f.Add(seed(&pos.Document{ID: pos.NewID(), Kind: pos.KindEvent, Seq: 1, Time: at, Event: &pos.Event{What: "user", Key: "u1", After: `{"pin_hash":"***"}`}}))
	f.Add(seed(&pos.Document{ID: pos.NewID(), Kind: pos.KindEvent, Seq: 1, Time: at, Event: &pos.Event{What: "artisan", Key: "../x", After: `[1]`}}))
	f.Add(seed(&pos.Document{ID: pos.NewID(), Kind: pos.KindSale, Receipt: 1, Seq: 2, Time: at, Customer: "C-1", Total: 100,
		Tenders: []pos.Tender{{Kind: pos.TenderAccount, Amount: 100, Status: pos.StatusApproved}}}))
	f.Add(seed(&pos.Document{ID: pos.NewID(), Kind: pos.KindRepayment, Receipt: 3, Seq: 3, Time: at, Customer: "C 1", Total: -5}))
	f.Add([]byte(`{"kind":"event","event":{"what":"customer","key":"C-1","after":"{"}}`))
	f.Add([]byte(`{"kind":"event","event":{"what":"customer","key":"C-1","after":" \n{}"}}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		var d pos.Document
		if json.Unmarshal(raw, &d) != nil {
			return
		}
		docs := []platform.Doc{{Raw: raw, Doc: &d}}
		for _, r := range platform.RecordsOf(docs, "STAND-1") {
			if !wire.RecordKinds[r.Kind] || !pos.ValidRecordID(r.ID) || len(r.Data) > wire.MaxRecord || !json.Valid(r.Data) || r.Data[0] != '{' {
				t.Fatalf("record %+v from %s", r, raw)
			}
		}
		for _, e := range platform.AccountEntriesOf(docs) {
			if e.Amount == 0 || !pos.ValidRecordID(e.Customer) || e.Amount != pos.AccountEffect(&d) {
				t.Fatalf("entry %+v from %s", e, raw)
			}
		}
	})
}

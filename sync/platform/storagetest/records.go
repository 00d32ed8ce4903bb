package storagetest

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"hanout/pos"
	"hanout/sync/platform"
	"hanout/sync/wire"
)

// records: master records keep the later version per (merchant, kind,
// id), from either handle, each kept version in the feed once; account
// entries are stored once per document and summed per customer.
func records(t *testing.T, a, b platform.Storage) {
	s := setup(t, a, "Coop", "STAND-1")
	other := setup(t, a, "Autre", "STAND-9")
	rec := func(id string, limit int, at time.Duration, doc string) wire.Record {
		data, _ := json.Marshal(pos.Customer{ID: id, Name: "Client " + id, Limit: pos.Money(limit)})
		return wire.Record{Kind: pos.RecordCustomer, ID: id, Data: data, Time: day.Add(at).Add(123 * time.Nanosecond), Doc: doc, Origin: "STAND-1"}
	}
	first := rec("C-1", 100, 0, "d1")
	if err := a.PutRecords(s.M.ID, []wire.Record{first, rec("C-2", 5, 0, "d2")}, day); err != nil {
		t.Fatal(err)
	}
	// The same again, an older edit, a later one from the other handle,
	// and one at the same time with a larger event id.
	if err := b.PutRecords(s.M.ID, []wire.Record{first, rec("C-1", 1, -time.Hour, "d0")}, day); err != nil {
		t.Fatal(err)
	}
	if err := b.PutRecords(s.M.ID, []wire.Record{rec("C-1", 300, time.Hour, "d3")}, day); err != nil {
		t.Fatal(err)
	}
	if err := a.PutRecords(s.M.ID, []wire.Record{rec("C-2", 7, 0, "d9")}, day); err != nil {
		t.Fatal(err)
	}
	got, err := b.Records(s.M.ID, pos.RecordCustomer)
	if err != nil || len(got) != 2 {
		t.Fatalf("records %+v %v", got, err)
	}
	var c1, c2 pos.Customer
	json.Unmarshal(got[0].Data, &c1)
	json.Unmarshal(got[1].Data, &c2)
	if got[0].ID != "C-1" || c1.Limit != 300 || got[1].ID != "C-2" || c2.Limit != 7 {
		t.Fatalf("kept %+v %+v", c1, c2)
	}
	if !got[0].Time.Equal(day.Add(time.Hour).Add(123*time.Nanosecond)) || got[0].Doc != "d3" {
		t.Fatalf("kept version %v %s: time must keep its nanoseconds", got[0].Time, got[0].Doc)
	}
	recordsFeed(t, a, s, other, first)
	accountEntries(t, a, b, s, other)
}

// recordsFeed: each kept version is in the merchant's feed once, and only
// in its own merchant's.
func recordsFeed(t *testing.T, a platform.Storage, s, other Setup, first wire.Record) {
	var feed []wire.Record
	for _, c := range changes(t, a, s.M.ID) {
		if c.Kind == wire.ChangeRecord && c.Record != nil {
			feed = append(feed, *c.Record)
		}
	}
	if len(feed) != 4 || feed[2].Doc != "d3" || feed[3].Doc != "d9" || feed[0].Origin != "STAND-1" {
		t.Fatalf("feed %+v", feed)
	}
	if rs, err := a.Records(other.M.ID, pos.RecordCustomer); err != nil || len(rs) != 0 {
		t.Fatalf("another merchant sees %+v %v", rs, err)
	}
	if rs, err := a.Records(s.M.ID, pos.RecordArtisan); err != nil || len(rs) != 0 {
		t.Fatalf("another kind: %+v %v", rs, err)
	}
	if err := a.PutRecords("nobody", []wire.Record{first}, day); !errors.Is(err, platform.ErrNotFound) {
		t.Fatalf("no merchant: %v", err)
	}
}

// accountEntries: entries stored once per document, read by customer or
// all, summed per customer with the customers' records.
func accountEntries(t *testing.T, a, b platform.Storage, s, other Setup) {
	es := []platform.AccountEntry{
		{Customer: "C-1", Doc: "s1", Terminal: "STAND-1", Receipt: 1, Kind: pos.KindSale, Time: day, Amount: 12000},
		{Customer: "C-1", Doc: "r1", Terminal: "STAND-2", Receipt: 4, Kind: pos.KindRepayment, Time: day.Add(2 * time.Hour), Amount: -5000},
		{Customer: "C-2", Doc: "s2", Terminal: "STAND-1", Receipt: 2, Kind: pos.KindSale, Time: day.Add(time.Hour), Amount: 700},
	}
	if err := a.PutAccountEntries(s.M.ID, es); err != nil {
		t.Fatal(err)
	}
	if err := b.PutAccountEntries(s.M.ID, es[:1]); err != nil { // a retried push
		t.Fatal(err)
	}
	all, err := b.AccountEntries(s.M.ID, "")
	if err != nil || len(all) != 3 || all[0].Doc != "s1" || all[1].Doc != "s2" || all[2].Doc != "r1" {
		t.Fatalf("entries %+v %v", all, err)
	}
	one, err := a.AccountEntries(s.M.ID, "C-1")
	if err != nil || len(one) != 2 || one[1].Amount != -5000 {
		t.Fatalf("C-1 entries %+v %v", one, err)
	}
	accts, err := platform.Accounts(b, s.M.ID)
	if err != nil || len(accts) != 2 || accts[0].Balance != 7000 || accts[0].Customer.Limit != 300 || accts[1].Balance != 700 {
		t.Fatalf("accounts %+v %v", accts, err)
	}
	if es, err := a.AccountEntries(other.M.ID, ""); err != nil || len(es) != 0 {
		t.Fatalf("another merchant's entries %+v %v", es, err)
	}
	if _, err := a.AccountEntries("nobody", ""); !errors.Is(err, platform.ErrNotFound) {
		t.Fatalf("no merchant: %v", err)
	}
}

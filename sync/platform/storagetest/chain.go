package storagetest

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"hanout/pos"
	"hanout/sync/platform"
	"hanout/sync/wire"
)

// pushChain: pushes reach two servers (one over each handle), whichever
// way the Storage stores them (a ChainIngester's one transaction, or
// anchors then documents). Overlapping retries are stored once; a
// document refused for its content still continues the chain; a
// rewritten history is refused as a fork on either server, and nothing
// of it is stored.
func pushChain(t *testing.T, a, b platform.Storage) {
	s := setup(t, a, "Chain", "STAND-C")
	push := chainServers(t, a, b, s, platform.Token(s.T.ID, "secret-STAND-C"))
	// The till's journal: 8 entries; entry 7 has no receipt number (the
	// platform refuses its content, not its place in the chain).
	var journal []json.RawMessage
	for seq := uint64(1); seq <= 8; seq++ {
		receipt := seq
		if seq == 7 {
			receipt = 0
		}
		journal = append(journal, chainSale(seq, receipt, 9900))
	}
	req := chain(make([]byte, 32), journal...)
	part := func(from, to int) wire.PushRequest { // entries from..to, 1-based
		return wire.PushRequest{V: 1, Docs: req.Docs[from-1 : to], Chain: req.Chain[from-1 : to]}
	}
	if r := push(0, part(1, 4)); len(r.Acked) != 4 || r.Stored != 4 || len(r.Rejected) != 0 {
		t.Fatalf("first push: %+v", r)
	}
	if r := push(1, part(3, 6)); len(r.Acked) != 4 || r.Stored != 2 || r.Duplicates != 2 || len(r.Rejected) != 0 {
		t.Fatalf("overlapping push on the other server: %+v", r)
	}
	if r := push(0, part(7, 8)); len(r.Acked) != 1 || r.Stored != 1 || len(r.Rejected) != 1 || r.Rejected[0].Seq != 7 || r.Rejected[0].Code != wire.RejectInvalid {
		t.Fatalf("a refused entry, then one after it: %+v", r)
	}
	// The same again: answered the same, nothing stored twice.
	if r := push(1, part(7, 8)); len(r.Acked) != 1 || r.Duplicates != 1 || len(r.Rejected) != 1 || r.Rejected[0].Code != wire.RejectInvalid {
		t.Fatalf("the same push again: %+v", r)
	}
	pushForged(t, push, journal)
	checkChainKept(t, a, b, s, req, journal)
}

// chainServers starts a server over each handle and returns how a push
// reaches one of them.
func chainServers(t *testing.T, a, b platform.Storage, s Setup, token string) func(int, wire.PushRequest) wire.PushResponse {
	var servers [2]*httptest.Server
	for i, st := range []platform.Storage{a, b} {
		servers[i] = httptest.NewServer((&platform.Server{Store: st, AdminToken: "adm", Now: func() time.Time { return day }}).Handler())
		t.Cleanup(servers[i].Close)
	}
	return func(srv int, req wire.PushRequest) wire.PushResponse {
		t.Helper()
		body, _ := json.Marshal(req)
		r, _ := http.NewRequest("POST", servers[srv].URL+"/v1/merchants/"+s.M.ID+"/documents", bytes.NewReader(body))
		r.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out wire.PushResponse
		if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != 200 {
			t.Fatalf("push: %d %v", res.StatusCode, err)
		}
		return out
	}
}

// chainSale is STAND-C's sale at journal position seq.
func chainSale(seq uint64, receipt uint64, price pos.Money) json.RawMessage {
	d := pos.Document{ID: pos.NewID(), Kind: pos.KindSale, Terminal: "STAND-C", Receipt: receipt, Seq: seq, Time: day.Add(time.Duration(seq) * time.Minute),
		Cashier: "Ali", Total: price, Lines: []pos.Line{{SKU: "ARG", Qty: 1, Price: price, Total: price}},
		Tenders: []pos.Tender{{Kind: pos.TenderCash, Amount: price, Given: price, Status: pos.StatusApproved}}}
	raw, _ := json.Marshal(d)
	return raw
}

// pushForged pushes the journal rewritten from entry 2 on: each server
// refuses every rewritten entry and the new one as forks.
func pushForged(t *testing.T, push func(int, wire.PushRequest) wire.PushResponse, journal []json.RawMessage) {
	t.Helper()
	// History rewritten from entry 2 on and chained again, with a new
	// entry 9: each server refuses the rewritten entries and the new one.
	forged := append([]json.RawMessage(nil), journal...)
	forged[1] = json.RawMessage(strings.ReplaceAll(string(forged[1]), "9900", "100"))
	forged = append(forged, chainSale(9, 9, 9900))
	freq := chain(make([]byte, 32), forged...)
	for srv, p := range []wire.PushRequest{
		{V: 1, Docs: freq.Docs[8:], Chain: freq.Chain[8:]},
		{V: 1, Docs: freq.Docs[1:2], Chain: freq.Chain[1:2]},
		{V: 1, Docs: freq.Docs[3:9], Chain: freq.Chain[3:9]},
	} {
		r := push(srv%2, p)
		if len(r.Acked) != 0 || len(r.Rejected) != len(p.Docs) {
			t.Fatalf("rewritten history, push %d: %+v", srv, r)
		}
		for _, rj := range r.Rejected {
			if rj.Code != wire.RejectFork {
				t.Fatalf("rewritten history, push %d: %+v", srv, r)
			}
		}
	}
}

// checkChainKept checks what the pushes left: the genuine documents, every
// position's anchor, the fork listed, a receipt's fingerprint, the
// terminal's last receipt and contact.
func checkChainKept(t *testing.T, a, b platform.Storage, s Setup, req wire.PushRequest, journal []json.RawMessage) {
	t.Helper()
	docs, err := b.Documents(s.M.ID, day, day.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 7 {
		t.Fatalf("%d documents stored, want the 7 genuine ones", len(docs))
	}
	as, err := b.Anchors(s.T.Chain(), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 9 {
		t.Fatalf("%d anchors, want 9 (8 entries and the fork at 9): %+v", len(as), as)
	}
	for i, an := range as {
		want := platform.AnchorOK
		switch i + 1 {
		case 7:
			want = platform.AnchorRejected
		case 9:
			want = platform.AnchorFork
		}
		if an.Seq != uint64(i+1) || an.State != want || i < 8 && an.Hash != req.Chain[i].Hash {
			t.Fatalf("anchor %d: %+v", i+1, an)
		}
	}
	o, err := a.Overview()
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Forks) == 0 {
		t.Fatal("the rewritten history is not listed")
	}
	// A stored sale's receipt carries its chain hash (its fingerprint).
	var first pos.Document
	json.Unmarshal(journal[0], &first)
	if r, err := b.Receipt(first.ID); err != nil || r.Chain != req.Chain[0].Hash {
		t.Fatalf("receipt of entry 1: chain %q, want %q (%v)", r.Chain, req.Chain[0].Hash, err)
	}
	ts, err := a.Terminals(s.M.ID)
	if err != nil || len(ts) != 1 || ts[0].LastReceipt != 8 || !ts[0].LastContact.Equal(day) {
		t.Fatalf("terminal after the pushes: %+v %v", ts, err)
	}
}

// chain is a push of docs with their journal chain links, the first
// continuing prev.
func chain(prev []byte, docs ...json.RawMessage) wire.PushRequest {
	r := wire.PushRequest{V: 1, Docs: docs}
	for _, d := range docs {
		h := pos.ChainHash(prev, d)
		r.Chain = append(r.Chain, wire.Link{Hash: hex.EncodeToString(h), Prev: hex.EncodeToString(prev)})
		prev = h
	}
	return r
}

package platform_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"hanout/sync/wire"
)

// Finding 1 on the platform: one document it refuses used to refuse the
// whole batch (422), so the till sent the same batch forever.
func TestOneBadDocumentDoesNotRefuseTheBatch(t *testing.T) {
	f := newFixture(t)
	docs := "/v1/merchants/" + f.m1 + "/documents"
	var raw []json.RawMessage
	for i := range 5 {
		raw = append(raw, doc("STAND-1", uint64(i+1)))
	}
	raw[2] = json.RawMessage(strings.Replace(string(raw[2]), `"status":"approved"`, `"status":"approved","card":"4111111111111111"`, 1))
	raw = append(raw, json.RawMessage(`{"id":12}`))
	req := chained(make([]byte, 32), raw...)
	for try := range 2 { // the same answer when the till pushes again
		var resp wire.PushResponse
		if c := f.do("POST", docs, f.tok1, req, &resp); c != 200 {
			t.Fatalf("push: %d", c)
		}
		if len(resp.Acked) != 4 || len(resp.Rejected) != 2 {
			t.Fatalf("try %d: %+v, want 4 acknowledged and 2 rejected", try, resp)
		}
		r := resp.Rejected[0]
		if r.Index != 2 || r.Seq != 3 || r.Code != wire.RejectInvalid || !strings.Contains(r.Reason, "card number not masked") {
			t.Fatalf("rejection %+v", r)
		}
		if r := resp.Rejected[1]; r.Index != 5 || r.Code != wire.RejectInvalid {
			t.Fatalf("rejection %+v", r)
		}
		if n := f.count(f.m1); n != 4 {
			t.Fatalf("%d documents stored, want the 4 good ones", n)
		}
	}
	// The chain goes on past the refused document.
	var resp wire.PushResponse
	next := chained(mustHex(t, req.Chain[4].Hash), doc("STAND-1", 6))
	if c := f.do("POST", docs, f.tok1, next, &resp); c != 200 || len(resp.Acked) != 1 {
		t.Fatalf("next push: %d %+v", c, resp)
	}
}

// Finding 4 on the platform: a till rewrites an entry the platform already
// has and recomputes every later hash. The rewritten entry, and every one
// built on it, is refused as a fork and shown on the dashboard.
func TestRechainedHistoryIsAFork(t *testing.T) {
	f := newFixture(t)
	docs := "/v1/merchants/" + f.m1 + "/documents"
	var raw []json.RawMessage
	for i := range 4 {
		raw = append(raw, doc("STAND-1", uint64(i+1)))
	}
	var resp wire.PushResponse
	if c := f.do("POST", docs, f.tok1, chained(make([]byte, 32), raw...), &resp); c != 200 || len(resp.Acked) != 4 {
		t.Fatalf("push: %d %+v", c, resp)
	}
	genuine := chained(make([]byte, 32), raw...)
	forged := append([]json.RawMessage(nil), raw...)
	forged[1] = json.RawMessage(strings.ReplaceAll(string(forged[1]), "9900", "100"))
	forged = append(forged, doc("STAND-1", 5))
	req := chained(make([]byte, 32), forged...)
	// The forger sends only what the platform has not acknowledged: the
	// new sale, chained on the rewritten history.
	resp = wire.PushResponse{}
	last := wire.PushRequest{V: 1, Docs: req.Docs[4:], Chain: req.Chain[4:]}
	if c := f.do("POST", docs, f.tok1, last, &resp); c != 200 || len(resp.Acked) != 0 || len(resp.Rejected) != 1 || resp.Rejected[0].Code != wire.RejectFork {
		t.Fatalf("new sale on a rewritten chain: %d %+v", c, resp)
	}
	// And the rewritten receipt itself, sent again.
	resp = wire.PushResponse{}
	if c := f.do("POST", docs, f.tok1, wire.PushRequest{V: 1, Docs: req.Docs[1:2], Chain: req.Chain[1:2]}, &resp); c != 200 || len(resp.Rejected) != 1 || resp.Rejected[0].Code != wire.RejectFork {
		t.Fatalf("rewritten receipt: %d %+v", c, resp)
	}
	// A link whose hash is not that of its bytes is a fork too.
	bad := chained(mustHex(t, genuine.Chain[3].Hash), doc("STAND-1", 5))
	bad.Chain[0].Hash = genuine.Chain[3].Hash
	resp = wire.PushResponse{}
	if c := f.do("POST", docs, f.tok1, bad, &resp); c != 200 || len(resp.Rejected) != 1 || resp.Rejected[0].Code != wire.RejectFork {
		t.Fatalf("hash not over the bytes: %d %+v", c, resp)
	}
	if n := f.count(f.m1); n != 4 {
		t.Fatalf("%d stored, want the 4 genuine", n)
	}
	req2, _ := http.NewRequest("GET", f.srv.URL+"/ops", nil)
	req2.SetBasicAuth("admin", "adm")
	res, err := http.DefaultClient.Do(req2)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !bytes.Contains(page, []byte("Historique réécrit")) || !bytes.Contains(page, []byte("history was rewritten")) {
		t.Fatalf("the dashboard does not flag the fork:\n%s", page)
	}
	// What is built on the fork is a fork too, not a gap to fill.
	resp = wire.PushResponse{}
	if c := f.do("POST", docs, f.tok1, chained(mustHex(t, req.Chain[4].Hash), doc("STAND-1", 6)), &resp); c != 200 || len(resp.Rejected) != 1 || resp.Rejected[0].Code != wire.RejectFork {
		t.Fatalf("sale after the fork: %d %+v", c, resp)
	}
}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hexDecode(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var hexDecode = hex.DecodeString

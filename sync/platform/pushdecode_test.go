package platform

import (
	"reflect"
	"testing"

	"hanout/sync/wire"
)

// decodeGeneral is DecodePush without its one-pass path.
func decodeGeneral(raw []byte, t Terminal) (PushBatch, error) {
	var req wire.PushRequest
	if err := wire.Decode(raw, &req); err != nil {
		return PushBatch{}, err
	}
	return checkPush(req, t)
}

const pushDoc = `{"id":"00000000-0000-4000-8000-000000000001","kind":"sale","terminal":"STAND-1","receipt":1,"seq":1,"time":"2026-05-01T10:00:00Z","cashier":"A\"li]}","total":9900,"lines":[{"sku":"ARG","qty":1,"price":9900,"total":9900}]}`

// FuzzDecodeCanonical: whatever the body, the one-pass path gives the
// general path's batch (the same bytes for each document, the same
// parsed document, the same refusals) or the same error, or stands
// aside. A body that could make the two disagree (a second "docs" key,
// one spelled otherwise) must not be read by it.
func FuzzDecodeCanonical(f *testing.F) {
	link := `{"hash":"00","prev":"11"}`
	for _, s := range []string{
		`{"v":1,"unsynced":3,"docs":[` + pushDoc + `,` + pushDoc + `],"chain":[` + link + `]}`,
		" {\n\"v\" : 1 , \"docs\" : [ " + pushDoc + " ,\t" + pushDoc + " ] }\n",
		`{"v":1,"docs":[` + pushDoc + `],"DOCS":[{"id":"x"}]}`,
		`{"v":1,"docs":[` + pushDoc + `],"docs":[{"id":"x"}]}`,
		`{"v":1,"d\u006fcs":[{"id":"x"}],"docs":[` + pushDoc + `]}`,
		`{"v":1,"docs":[{"id":"x"}],"Docs":[` + pushDoc + `]}`,
		`{"v":1,"docs":[null,1,"s",[],{}]}`,
		`{"v":1,"docs":[{"lines":[{"qty":"x"}]},` + pushDoc + `]}`,
		`{"v":2,"docs":[` + pushDoc + `]}`,
		`{"v":1,"docs":null,"other":1}`,
		`{"v":1,"docs":[]}`,
		`{"v":1,"docs":[` + pushDoc + `]}]`,
		`null`, `[]`, `{"v":1,"docs":[{"id":"\u0022]"}]}`,
	} {
		f.Add([]byte(s))
	}
	term := Terminal{ID: "t-1", Merchant: "m-1", Till: "STAND-1"}
	f.Fuzz(func(t *testing.T, body []byte) {
		want, wantErr := decodeGeneral(body, term)
		got, gotErr, ok := decodeCanonical(body, term)
		if !ok {
			return
		}
		if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
			t.Fatalf("%q: one pass %v, general %v", body, gotErr, wantErr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: one pass\n%+v\ngeneral\n%+v", body, got, want)
		}
	})
}

// TestCanonicalPushTakesOnePass: a till's push is read by the one-pass
// path, with each document's bytes as sent.
func TestCanonicalPushTakesOnePass(t *testing.T) {
	body := []byte(`{"v":1,"unsynced":0,"docs":[` + pushDoc + `, ` + pushDoc + `],"chain":[]}`)
	b, err, ok := decodeCanonical(body, Terminal{Till: "STAND-1"})
	if !ok || err != nil || len(b.Docs) != 2 {
		t.Fatalf("ok=%v err=%v docs=%d", ok, err, len(b.Docs))
	}
	for _, in := range b.Docs {
		if string(in.Raw) != pushDoc || in.Reject != nil || in.Doc.Cashier != `A"li]}` {
			t.Fatalf("raw %q reject %v doc %+v", in.Raw, in.Reject, in.Doc)
		}
	}
	if _, _, ok := decodeCanonical([]byte(`{"v":1,"docs":[],"DOCS":[]}`), Terminal{}); ok {
		t.Fatal("a second spelling of docs taken by the one-pass path")
	}
}

// FuzzIsUUID: the check each pushed document's id takes is the regexp's.
func FuzzIsUUID(f *testing.F) {
	for _, s := range []string{"00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-00000000000", "00000000-0000-4000-8000-0000000000011",
		"00000000-0000-4000-8000-00000000000G", "00000000x0000-4000-8000-000000000001", "0000000-00000-4000-8000-000000000001", "", "ABCDEF00-0000-4000-8000-000000000001",
		"abcdef00-0000-4000-8000-000000000001\n", "é0000000-0000-4000-8000-00000000000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if isUUID(s) != uuidRE.MatchString(s) {
			t.Fatalf("%q: isUUID %v, regexp %v", s, isUUID(s), uuidRE.MatchString(s))
		}
	})
}

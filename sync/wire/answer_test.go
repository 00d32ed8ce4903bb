package wire

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// sameJSON fails unless AppendJSON writes r as json.Marshal does, after
// what b already holds.
func sameJSON(t *testing.T, r PushResponse) {
	t.Helper()
	want, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	got := r.AppendJSON([]byte("x"))
	if string(got) != "x"+string(want) {
		t.Fatalf("AppendJSON\n%s\njson.Marshal\n%s", got[1:], want)
	}
}

// TestPushResponseJSON: the push's answer written by hand is
// encoding/json's, byte for byte, for every field, empty or nil, and
// every string that encoding/json escapes.
func TestPushResponseJSON(t *testing.T) {
	var ids []string
	for i := range 200 {
		ids = append(ids, fmt.Sprintf("00000000-0000-4000-8000-%012d", i))
	}
	odd := []string{"", "a\"b", `back\slash`, "<script>&</script>", "tab\tnew\nline\r", "\x00\x01\x1f\x7f", "\b\f",
		"é ü 中 فاطمة", "\u2028\u2029", "bad \xff\xfe utf-8", "cut \xe2\x82", "emoji 😀"}
	oversell := Oversell{SKU: "TAPIS-1", Name: "Tapis <rouge>", Stock: -1, Sales: []string{"a", "b"}, Time: time.Date(2026, 5, 1, 10, 0, 0, 5, time.FixedZone("", 3600)), Origin: "STAND-1"}
	for name, r := range map[string]PushResponse{
		"zero":            {},
		"nothing acked":   {Acked: []string{}},
		"a push of 200":   {Acked: ids, Stored: 198, Duplicates: 2},
		"odd strings":     {Acked: odd, Stored: -1, Duplicates: -9223372036854775808},
		"rejections":      {Acked: ids[:3], Rejected: []Rejection{{Index: 3, ID: ids[3], Seq: 18446744073709551615, Code: RejectFork, Reason: "does not continue"}, {Index: -4, Code: RejectInvalid, Reason: `id "x" is not a UUID`}}, Stored: 3},
		"empty rejected":  {Acked: ids[:1], Rejected: []Rejection{}, Oversells: []Oversell{}},
		"oversells":       {Acked: ids[:2], Oversells: []Oversell{oversell, {}}, Stored: 2},
		"everything":      {Acked: ids[:2], Rejected: []Rejection{{Index: 2, ID: "<", Code: "&", Reason: "\u2028"}}, Oversells: []Oversell{oversell}, Stored: 1, Duplicates: 1},
		"odd rejections":  {Rejected: []Rejection{{ID: odd[3], Code: odd[5], Reason: odd[9]}, {Reason: odd[7]}}},
		"one odd id only": {Acked: []string{odd[10]}},
	} {
		t.Run(name, func(t *testing.T) { sameJSON(t, r) })
	}
}

// FuzzPushResponseJSON: whatever the strings and numbers, AppendJSON
// writes what json.Marshal writes.
func FuzzPushResponseJSON(f *testing.F) {
	f.Add("00000000-0000-4000-8000-000000000001", "fork", "<é\x00\"\\\u2028\xff>", uint64(7), 3, false, false)
	f.Add("", "", "", uint64(0), 0, true, true)
	f.Add("a", "invalid", "plain reason", uint64(1<<63), -5, false, true)
	f.Fuzz(func(t *testing.T, id, code, reason string, seq uint64, n int, nilAcked, oversell bool) {
		r := PushResponse{Stored: n, Duplicates: n / 2}
		if !nilAcked {
			r.Acked = []string{id, reason, code}[:1+n&1]
		}
		if n%3 != 0 {
			r.Rejected = []Rejection{{Index: n, ID: id, Seq: seq, Code: code, Reason: reason}, {Index: n / 3, Seq: seq / 2}}
		}
		if oversell {
			r.Oversells = []Oversell{{SKU: id, Name: reason, Sales: []string{code}, Stock: int64(n), Time: time.Unix(int64(n%1e9), 0).UTC()}}
		}
		sameJSON(t, r)
	})
}

// TestWriteEncoded: an answer written from its bytes is WriteJSON's, the
// same headers and body, compressed or not.
func TestWriteEncoded(t *testing.T) {
	var ids []string
	for i := range 100 {
		ids = append(ids, fmt.Sprintf("00000000-0000-4000-8000-%012d", i))
	}
	for _, accept := range []string{"", "gzip"} {
		for _, r := range []PushResponse{{Acked: ids, Stored: 100}, {Acked: ids[:1]}} {
			req := httptest.NewRequest("POST", "/", nil)
			req.Header.Set("Accept-Encoding", accept)
			want, got := httptest.NewRecorder(), httptest.NewRecorder()
			WriteJSON(want, req, http.StatusOK, r)
			WriteEncoded(got, req, http.StatusOK, append(r.AppendJSON(nil), '\n'))
			if got.Code != want.Code || fmt.Sprint(got.Header()) != fmt.Sprint(want.Header()) || got.Body.String() != want.Body.String() {
				t.Fatalf("accept %q: WriteEncoded %d %v %q, WriteJSON %d %v %q", accept, got.Code, got.Header(), got.Body, want.Code, want.Header(), want.Body)
			}
			if accept == "gzip" && len(ids) == len(r.Acked) && !strings.Contains(got.Header().Get("Content-Encoding"), "gzip") {
				t.Fatal("a long answer was not compressed")
			}
		}
	}
}

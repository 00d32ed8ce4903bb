package platform

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"hanout/pos"
	"hanout/sync/wire"
)

var leanTerm = Terminal{ID: "t-1", Merchant: "m-1", Till: "STAND-1"}

// fullDoc is a document with every field the lean path reads set (all
// but a close's counts): reflection fills what the literal forgets, so a
// field added to pos later is in it too.
func fullDoc() pos.Document {
	d := pos.Document{ID: "00000000-0000-4000-8000-000000000001", Kind: pos.KindSale, Terminal: "STAND-1", Receipt: 7, Seq: 9,
		Time: time.Date(2026, 5, 1, 10, 0, 0, 123000000, time.FixedZone("", 3600)), Cashier: "فاطمة"}
	fill(reflect.ValueOf(&d).Elem(), 1)
	d.Counted, d.CountedForeign = nil, nil
	return d
}

// fill sets every zero field of v, recursively, to a value of its own.
func fill(v reflect.Value, n int) int {
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			return n
		}
		for i := range v.NumField() {
			if v.Field(i).CanSet() {
				n = fill(v.Field(i), n)
			}
		}
	case reflect.Slice:
		if v.IsNil() {
			v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		}
		for i := range v.Len() {
			n = fill(v.Index(i), n)
		}
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		n = fill(v.Elem(), n)
	case reflect.String:
		if v.String() == "" {
			v.SetString("s" + strings.Repeat("é", n%3) + string(rune('a'+n%26)))
		}
	case reflect.Int, reflect.Int64, reflect.Int32:
		if v.Int() == 0 {
			v.SetInt(int64(n) * -37)
		}
	case reflect.Uint64:
		if v.Uint() == 0 {
			v.SetUint(uint64(n) * 1e15)
		}
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
	}
	return n + 1
}

func pushOf(docs ...string) string {
	var links []string
	for range docs {
		links = append(links, `{"hash":"00","prev":"11"}`)
	}
	return `{"v":1,"unsynced":3,"docs":[` + strings.Join(docs, ",") + `],"chain":[` + strings.Join(links, ",") + `]}`
}

func marshalled(t testing.TB, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// sameAsGeneral fails unless the lean path took body and gave the
// general path's batch.
func sameAsGeneral(t *testing.T, body string) PushBatch {
	t.Helper()
	want, wantErr := decodeGeneral([]byte(body), leanTerm)
	got, gotErr, ok := decodeLean([]byte(body), leanTerm)
	if !ok {
		t.Fatalf("the lean path stood aside for %s", body)
	}
	if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
		t.Fatalf("%s: lean %v, general %v", body, gotErr, wantErr)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: lean\n%+v\ngeneral\n%+v", body, got, want)
	}
	return got
}

// TestLeanEveryField: a document with every field set, and each kind of
// document a till sends but a close, is read by the lean path as the
// general path reads it; so are refusals of the platform's rules and
// of the envelope.
func TestLeanEveryField(t *testing.T) {
	full := fullDoc()
	b := sameAsGeneral(t, pushOf(marshalled(t, full)))
	if got := b.Docs[0].Doc; got.Check == nil || got.Event == nil || len(got.Lines) != 2 || got.Lines[1].Name.EN == "" || !got.Lines[0].Unique {
		t.Fatalf("fields lost: %+v", got)
	}
	if string(b.Docs[0].Raw) != marshalled(t, full) || b.Docs[0].Link.Hash != "00" || b.Unsynced != 3 {
		t.Fatalf("raw %s link %+v unsynced %d", b.Docs[0].Raw, b.Docs[0].Link, b.Unsynced)
	}
	sale := `{"id":"00000000-0000-4000-8000-000000000002","kind":"sale","terminal":"STAND-1","receipt":1,"seq":2,"time":"2026-05-01T10:00:00Z","cashier":"Ali","lines":[],"total":0,"taxes":[],"tenders":[{"kind":"cash","amount":0,"status":"approved"}]}`
	for name, body := range map[string]string{
		"zero values and empty arrays": pushOf(sale),
		"no documents":                 `{"v":1,"docs":[]}`,
		"nothing but the version":      `{"v":1}`,
		"empty object":                 `{}`,
		"white space everywhere":       " \n{ \"v\" :1 ,\t\"docs\" : [ " + sale + " , " + sale + " ] , \"chain\" : [ { } ] }\r\n",
		"more links than documents":    `{"v":1,"docs":[` + sale + `],"chain":[{"hash":"a"},{"prev":"b"}]}`,
		"refused: another version":     `{"v":2,"docs":[` + sale + `]}`,
		"refused: version -0":          `{"v":-0,"docs":[]}`,
		"refused: too many documents":  `{"v":1,"docs":[` + strings.Repeat(`{},`, wire.MaxBatch) + `{}]}`,
		"refused: empty document":      pushOf(`{}`),
		"refused: not a UUID":          pushOf(strings.Replace(sale, `"00000000-`, `"x0000000-`, 1)),
		"refused: unknown kind":        pushOf(strings.Replace(sale, `"sale"`, `"gift"`, 1)),
		"refused: another till":        pushOf(strings.Replace(sale, `"STAND-1"`, `"STAND-2"`, 1)),
		"refused: no seq":              pushOf(strings.Replace(sale, `"seq":2`, `"seq":0`, 1)),
		"refused: no receipt":          pushOf(strings.Replace(sale, `"receipt":1`, `"receipt":0`, 1)),
		"refused: check without check": pushOf(strings.Replace(sale, `"sale"`, `"tender_check"`, 1)),
		"refused: card not masked":     pushOf(strings.Replace(sale, `"kind":"cash"`, `"kind":"card","card":"4111111111111111"`, 1)),
		"largest numbers":              pushOf(strings.Replace(strings.Replace(sale, `"total":0`, `"total":-9223372036854775808`, 1), `"seq":2`, `"seq":18446744073709551615`, 1)),
	} {
		t.Run(name, func(t *testing.T) { sameAsGeneral(t, body) })
	}
}

// TestLeanStandsAside: whatever is outside the lean path's subset is left
// to the other paths, which still decide it as before.
func TestLeanStandsAside(t *testing.T) {
	sale := `{"id":"00000000-0000-4000-8000-000000000002","kind":"sale","terminal":"STAND-1","receipt":1,"seq":2,"time":"2026-05-01T10:00:00Z","cashier":"Ali","total":100}`
	for name, body := range map[string]string{
		"a close's counts":         pushOf(strings.Replace(sale, `"total":100`, `"total":100,"counted":{"20000":1}`, 1)),
		"a close's foreign counts": pushOf(strings.Replace(sale, `"total":100`, `"counted_foreign":{}`, 1)),
		"unknown document key":     pushOf(strings.Replace(sale, `"total":100`, `"total":100,"tip":5`, 1)),
		"unknown envelope key":     `{"v":1,"docs":[],"extra":1}`,
		"key of another case":      pushOf(strings.Replace(sale, `"id"`, `"ID"`, 1)),
		"envelope key of another":  `{"v":1,"Docs":[]}`,
		"key twice":                pushOf(strings.Replace(sale, `"total":100`, `"total":100,"total":5`, 1)),
		"docs twice":               `{"v":1,"docs":[],"docs":[]}`,
		"link key twice":           `{"v":1,"docs":[],"chain":[{"hash":"a","hash":"b"}]}`,
		"escape in a string":       pushOf(strings.Replace(sale, `"Ali"`, `"A\"li"`, 1)),
		"escaped key":              pushOf(strings.Replace(sale, `"cashier"`, `"c\u0061shier"`, 1)),
		"control character":        pushOf(strings.Replace(sale, `"Ali"`, "\"A\tli\"", 1)),
		"invalid UTF-8":            pushOf(strings.Replace(sale, `"Ali"`, "\"A\xffli\"", 1)),
		"null value":               pushOf(strings.Replace(sale, `"Ali"`, `null`, 1)),
		"null documents":           `{"v":1,"docs":null}`,
		"null document":            `{"v":1,"docs":[null]}`,
		"fraction":                 pushOf(strings.Replace(sale, `"total":100`, `"total":100.0`, 1)),
		"exponent":                 pushOf(strings.Replace(sale, `"total":100`, `"total":1e2`, 1)),
		"leading zero":             pushOf(strings.Replace(sale, `"total":100`, `"total":0100`, 1)),
		"plus sign":                pushOf(strings.Replace(sale, `"total":100`, `"total":+100`, 1)),
		"sign of an unsigned":      pushOf(strings.Replace(sale, `"seq":2`, `"seq":-2`, 1)),
		"unsigned too large":       pushOf(strings.Replace(sale, `"seq":2`, `"seq":18446744073709551616`, 1)),
		"signed too large":         pushOf(strings.Replace(sale, `"total":100`, `"total":9223372036854775808`, 1)),
		"signed too small":         pushOf(strings.Replace(sale, `"total":100`, `"total":-9223372036854775809`, 1)),
		"number as string":         pushOf(strings.Replace(sale, `"total":100`, `"total":"100"`, 1)),
		"string as number":         pushOf(strings.Replace(sale, `"Ali"`, `5`, 1)),
		"bad time":                 pushOf(strings.Replace(sale, `2026-05-01T10:00:00Z`, `yesterday`, 1)),
		"bool of a number":         pushOf(strings.Replace(sale, `"total":100`, `"total":true`, 1)),
		"trailing data":            `{"v":1,"docs":[]} {}`,
		"trailing comma":           `{"v":1,"docs":[],}`,
		"cut short":                `{"v":1,"docs":[` + sale,
		"not an object":            `[]`,
		"empty body":               ``,
		"too many keys":            pushOf(`{` + strings.Repeat(`"id":"x",`, 33) + `"id":"x"}`),
	} {
		t.Run(name, func(t *testing.T) {
			if _, _, ok := decodeLean([]byte(body), leanTerm); ok {
				t.Fatalf("the lean path took %s", body)
			}
			want, wantErr := decodeGeneral([]byte(body), leanTerm)
			got, gotErr := DecodePush([]byte(body), leanTerm)
			if (gotErr == nil) != (wantErr == nil) || !reflect.DeepEqual(got, want) {
				t.Fatalf("DecodePush %v %+v, general %v %+v", gotErr, got, wantErr, want)
			}
		})
	}
}

// FuzzDecodeLean: whatever the body, the lean path gives the general
// path's batch (the same bytes for each document, the same parsed
// document, the same refusals) or the same error, or stands aside.
func FuzzDecodeLean(f *testing.F) {
	full := marshalled(f, fullDoc())
	f.Add([]byte(pushOf(full, full)))
	f.Add([]byte(pushOf(pushDoc)))
	f.Add([]byte(`{"v":1,"docs":[{"seq":18446744073709551615,"total":-9223372036854775808,"lines":[{"unique":false,"qty":-0}]}]}`))
	f.Add([]byte(`{"v":1,"docs":[],"chain":[{"hash":"a","prev":""}]} `))
	f.Add([]byte(`{"v":2,"unsynced":0,"docs":[{}]}`))
	f.Add([]byte(`{"v":1,"docs":[{"time":"2026-05-01T10:00:00+01:00","check":{"tender":1},"event":{"what":"é"}}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		got, gotErr, ok := decodeLean(body, leanTerm)
		if !ok {
			return
		}
		want, wantErr := decodeGeneral(body, leanTerm)
		if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
			t.Fatalf("%q: lean %v, general %v", body, gotErr, wantErr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: lean\n%+v\ngeneral\n%+v", body, got, want)
		}
	})
}

// TestPlain8: the eight-byte test of a string's bytes agrees with the
// byte-by-byte one for every byte at every place, and for random words.
func TestPlain8(t *testing.T) {
	plain := func(b []byte) bool {
		for _, c := range b {
			if c == '"' || c == '\\' || c < 0x20 || c >= 0x80 {
				return false
			}
		}
		return true
	}
	check := func(b []byte) {
		if got := plain8(binary.LittleEndian.Uint64(b)); got != plain(b) {
			t.Fatalf("% x: plain8 %v", b, got)
		}
	}
	for p := range 8 {
		for c := range 256 {
			for _, fill := range []byte{'a', 0x21, 0x23, 0x5b, 0x5d, 0x7f, 0x20} {
				b := bytes.Repeat([]byte{fill}, 8)
				b[p] = byte(c)
				check(b)
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 1 << 20 {
		var b [8]byte
		binary.LittleEndian.PutUint64(b[:], r.Uint64()&0x7f7f7f7f7f7f7f7f|uint64(r.IntN(2))<<(8*r.IntN(8)+7))
		check(b[:])
	}
}

// TestLeanBlocks: documents whose lines, taxes, tenders and strings
// overflow the blocks the lean path cuts them from, with and without the
// count of documents it takes from their ids, and more words than its
// table of common ones holds, are read as the general path reads them;
// no document's slice reaches into another's.
func TestLeanBlocks(t *testing.T) {
	var docs []string
	for i := range 150 {
		d := fullDoc()
		d.ID = fmt.Sprintf("00000000-0000-4000-8000-%012d", i)
		d.Lines = make([]pos.Line, i%7)
		for k := range d.Lines {
			d.Lines[k] = pos.Line{SKU: fmt.Sprintf("SKU-%d-%d", i, k), Qty: int64(k + 1), Name: pos.Names{FR: strings.Repeat("é", i%50)}}
		}
		d.Taxes = make([]pos.TaxLine, i%2)
		d.Tenders = make([]pos.Tender, i%4)
		for k := range d.Tenders {
			d.Tenders[k] = pos.Tender{Kind: pos.TenderCash, Amount: pos.Money(i), Reference: strings.Repeat("r", 300+i)}
		}
		docs = append(docs, marshalled(t, d))
	}
	for name, body := range map[string]string{
		"counted":     pushOf(docs...),
		"not counted": strings.ReplaceAll(pushOf(docs...), `{"id":`, `{ "id":`),
	} {
		t.Run(name, func(t *testing.T) {
			b := sameAsGeneral(t, body)
			for i, d := range b.Docs {
				if d.Doc.ID == "" || cap(d.Doc.Lines) != len(d.Doc.Lines) || cap(d.Doc.Taxes) != len(d.Doc.Taxes) || cap(d.Doc.Tenders) != len(d.Doc.Tenders) {
					t.Fatalf("document %d: %d lines (room %d), %d taxes (room %d), %d tenders (room %d)", i,
						len(d.Doc.Lines), cap(d.Doc.Lines), len(d.Doc.Taxes), cap(d.Doc.Taxes), len(d.Doc.Tenders), cap(d.Doc.Tenders))
				}
			}
		})
	}
}

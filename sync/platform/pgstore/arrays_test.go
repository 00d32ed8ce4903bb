package pgstore

import (
	"bytes"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

// encodeBoth encodes general (a plain slice) with pgx's own plan and fast
// (the same slice as one of the fast types) with the fast one, as the
// parameter of type oid, and fails unless the bytes are the same.
func encodeBoth(t *testing.T, oid uint32, general, fast any) {
	t.Helper()
	want, err := pgtype.NewMap().Encode(oid, pgtype.BinaryFormatCode, general, []byte("prefix"))
	if err != nil {
		t.Fatal(err)
	}
	m := pgtype.NewMap()
	registerArrays(m)
	registerArrays(m) // twice changes nothing
	got, err := m.Encode(oid, pgtype.BinaryFormatCode, fast, []byte("prefix"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%T %v:\n got % x\nwant % x", fast, fast, got, want)
	}
	// Plain slices on the map with the fast types are pgx's as before.
	if plain, err := m.Encode(oid, pgtype.BinaryFormatCode, general, []byte("prefix")); err != nil || !bytes.Equal(plain, want) {
		t.Fatalf("%T on the fast map: % x (%v)", general, plain, err)
	}
}

func encodeAll(t *testing.T, strs []string, nums []int64, blobs [][]byte, ts []time.Time) {
	t.Helper()
	encodeBoth(t, pgtype.TextArrayOID, strs, texts(strs))
	encodeBoth(t, pgtype.Int8ArrayOID, nums, int8s(nums))
	encodeBoth(t, pgtype.ByteaArrayOID, blobs, byteas(blobs))
	encodeBoth(t, pgtype.TimestamptzArrayOID, ts, times(ts))
	// With room made for the parameters after it, an array is the same.
	encodeBoth(t, pgtype.TextArrayOID, strs, roomFor([]any{texts(strs), byteas(blobs), "merchant"}))
	encodeBoth(t, pgtype.ByteaArrayOID, blobs, roomFor([]any{byteas(blobs)}))
}

// TestRoomFor: an array with room for a statement's parameters grows
// the buffer once, to hold them all.
func TestRoomFor(t *testing.T) {
	ids, raws := texts{"a", "bc"}, byteas{[]byte("{}"), nil, bytes.Repeat([]byte("x"), 5000)}
	m := pgtype.NewMap()
	registerArrays(m)
	buf, err := m.Encode(pgtype.TextArrayOID, pgtype.BinaryFormatCode, roomFor([]any{ids, raws, "m-1"}), make([]byte, 0, 8))
	if err != nil {
		t.Fatal(err)
	}
	if len(buf) != ids.size() || cap(buf)-len(buf) < raws.size() {
		t.Fatalf("%d bytes (want %d), room for %d more (want %d)", len(buf), ids.size(), cap(buf)-len(buf), raws.size())
	}
	before := &buf[0]
	if buf, err = m.Encode(pgtype.ByteaArrayOID, pgtype.BinaryFormatCode, raws, buf); err != nil || &buf[0] != before {
		t.Fatalf("the next array grew the buffer again (%v)", err)
	}
}

// TestFastArraysAsPgx: the push's arrays are encoded byte for byte as pgx
// encodes the same slices: empty, nil (NULL), NULL elements, empty
// elements, times before 2000, out of UTC, with nanoseconds.
func TestFastArraysAsPgx(t *testing.T) {
	casa := time.FixedZone("Casablanca", 3600)
	encodeAll(t, nil, nil, nil, nil)
	encodeAll(t, []string{}, []int64{}, [][]byte{}, []time.Time{})
	encodeAll(t, []string{"d-1", "", "ⵜⴰⵎⴰⵣⵉⵖⵜ عربي"}, []int64{0, -1, 1 << 62, -1 << 63},
		[][]byte{{1, 2, 3}, nil, {}, bytes.Repeat([]byte{0xff}, 300)},
		[]time.Time{time.Date(2026, 11, 29, 23, 59, 59, 999999999, time.UTC), time.Date(1999, 12, 31, 23, 0, 0, 1500, casa), time.Unix(0, 0)})
}

// FuzzFastArrays: any elements encode as pgx encodes them.
func FuzzFastArrays(f *testing.F) {
	f.Add([]byte("ARG AML SAV"), int64(1733000000123456789), uint8(3))
	f.Add([]byte{}, int64(-1), uint8(0))
	f.Add([]byte{0, 0xff, ' ', 'x'}, int64(946684800000000000), uint8(7))
	f.Fuzz(func(t *testing.T, data []byte, n int64, nulls uint8) {
		var strs []string
		var nums []int64
		var blobs [][]byte
		var ts []time.Time
		for i, w := range bytes.Split(data, []byte(" ")) {
			strs = append(strs, string(w))
			nums = append(nums, n*int64(i+1))
			if nulls&(1<<(i%8)) != 0 {
				w = nil
			}
			blobs = append(blobs, w)
			ts = append(ts, time.Unix(0, n+int64(i)*int64(time.Hour)))
		}
		encodeAll(t, strs, nums, blobs, ts)
	})
}

package wire

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"strings"
	"testing"
)

func gz(t *testing.T, parts ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	for _, p := range parts {
		zw := gzip.NewWriter(&buf)
		zw.Write([]byte(p))
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

// TestInflate: a gzip body comes back whole whatever its trailer claims,
// one over the limit is refused, and the pooled readers carry nothing
// from one body to the next, even after a broken one.
func TestInflate(t *testing.T) {
	body := strings.Repeat(`{"id":"00000000-0000-4000-8000-000000000001","kind":"sale"}`, 3000)
	for round := range 3 {
		out, err := Inflate(gz(t, body), "gzip", len(body))
		if err != nil || string(out) != body {
			t.Fatalf("round %d: %d bytes, %v", round, len(out), err)
		}
		if _, err := Inflate(gz(t, body), "gzip", len(body)-1); !errors.Is(err, ErrTooLarge) {
			t.Fatalf("round %d: one byte over the limit: %v", round, err)
		}
		broken := gz(t, body)
		if _, err := Inflate(broken[:len(broken)/2], "gzip", len(body)); err == nil {
			t.Fatalf("round %d: a body cut in half inflated", round)
		}
	}
	lying := gz(t, "small")
	binary.LittleEndian.PutUint32(lying[len(lying)-4:], 1<<31)
	if _, err := Inflate(lying, "gzip", 1<<20); err == nil {
		t.Fatal("a trailer with the wrong size inflated")
	}
	small := gz(t, "a")
	binary.LittleEndian.PutUint32(small[len(small)-4:], 0)
	if _, err := Inflate(small, "gzip", 10); err == nil {
		t.Fatal("a trailer claiming nothing inflated")
	}
	if out, err := Inflate(gz(t, "two ", "members"), "GZIP", 100); err != nil || string(out) != "two members" {
		t.Fatalf("two gzip members: %q %v", out, err)
	}
	if out, err := Inflate([]byte("plain"), "", 5); err != nil || string(out) != "plain" {
		t.Fatalf("identity: %q %v", out, err)
	}
	if _, err := Inflate([]byte("x"), "br", 5); !errors.Is(err, ErrEncoding) {
		t.Fatalf("unknown encoding: %v", err)
	}
	if _, err := Inflate(nil, "gzip", 5); err == nil {
		t.Fatal("an empty gzip body inflated")
	}
}

// TestReadRawSized: whatever size a body announces, it is read whole up
// to the limit and refused beyond, as ReadRaw reads it; the size it
// announces truly is the buffer's start.
func TestReadRawSized(t *testing.T) {
	body := strings.Repeat("x", 5000)
	for _, size := range []int64{-1, 0, 1, 4999, 5000, 5001, 1 << 20, 1 << 40} {
		for _, max := range []int{4999, 5000, 1 << 16} {
			got, err := ReadRawSized(strings.NewReader(body), max, size)
			want, wantErr := ReadRaw(strings.NewReader(body), max)
			if string(got) != string(want) || !errors.Is(err, wantErr) && err != wantErr {
				t.Fatalf("size %d max %d: %d bytes %v, ReadRaw %d bytes %v", size, max, len(got), err, len(want), wantErr)
			}
			if max == 5000 && size == 5000 && cap(got) != 5000+bytes.MinRead {
				t.Fatalf("a body of the size it announced grew its buffer to %d", cap(got))
			}
		}
	}
}

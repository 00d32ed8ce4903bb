package wire

import (
	"bytes"
	"compress/gzip"
	"io"
	"testing"
)

// stdInflate is Inflate of a gzip body by compress/gzip, the reader it
// had before klauspost/compress's.
func stdInflate(raw []byte, max int) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(io.LimitReader(zr, int64(max)+1)); err != nil {
		return nil, err
	}
	if buf.Len() > max {
		return nil, ErrTooLarge
	}
	return buf.Bytes(), nil
}

// FuzzInflateAsStdlib: whatever the body, Inflate (a pooled klauspost
// reader) takes it or refuses it as compress/gzip did, with the same
// bytes: several members, bytes after the last, a broken trailer or
// stream, over the limit.
func FuzzInflateAsStdlib(f *testing.F) {
	gzipOf := func(parts ...string) []byte {
		var buf bytes.Buffer
		for _, p := range parts {
			zw := gzip.NewWriter(&buf)
			zw.Write([]byte(p))
			zw.Close()
		}
		return buf.Bytes()
	}
	f.Add(gzipOf(`{"v":1,"docs":[]}`))
	f.Add(gzipOf("two ", "members"))
	f.Add(append(gzipOf("x"), 0, 0, 0))
	f.Add(append(gzipOf("x"), 0x1f, 0x8b))
	f.Add(gzipOf(string(bytes.Repeat([]byte("abcdefgh"), 200))))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, raw []byte) {
		for _, max := range []int{1 << 16, 100} {
			want, wantErr := stdInflate(raw, max)
			got, err := Inflate(raw, "gzip", max)
			if (err == nil) != (wantErr == nil) || !bytes.Equal(got, want) {
				t.Fatalf("%q (limit %d): Inflate %q %v, compress/gzip %q %v", raw, max, got, err, want, wantErr)
			}
		}
	})
}

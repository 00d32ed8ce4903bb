package sync_test

import (
	"context"
	"path/filepath"
	"testing"

	"hanout/pos/store"
	tillsync "hanout/sync"
)

// BenchmarkSync10000 syncs 10,000 queued sales from a till to a platform
// over loopback (through a counting proxy, no faults), batches of 200.
// Setup is outside the timer; bytes are what crossed the TCP connections.
func BenchmarkSync10000(b *testing.B) {
	const n = 10000
	var up, down int64
	for range b.N {
		b.StopTimer()
		platformNoSync = false
		e := newEnv(b, "STAND-1")
		platformNoSync = true
		px := e.viaProxy(1)
		sellMany(b, e.till, n) // rung up without fsync, then reopened with it
		path := filepath.Dir(e.till.Path())
		e.till.Close()
		var err error
		if e.till, err = store.Open(path, store.Options{}); err != nil {
			b.Fatal(err)
		}
		e.sy = tillsync.New(e.till)
		b.StartTimer()
		rep, err := e.sy.SyncOnce(context.Background())
		b.StopTimer()
		if err != nil || rep.Sent != n+1 {
			b.Fatalf("%+v %v", rep, err)
		}
		up += px.Up.Load()
		down += px.Down.Load()
		px.Close()
	}
	b.ReportMetric(float64(up)/float64(b.N), "bytes-up/op")
	b.ReportMetric(float64(down)/float64(b.N), "bytes-down/op")
	b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "sales/s")
}

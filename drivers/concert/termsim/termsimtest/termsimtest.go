// Package termsimtest plays a card terminal for the till's tests: the
// simulator on a real pseudo-terminal, the till's card setting pointing at
// it, and both stopped and waited for when the test ends.
package termsimtest

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"

	"hanout/drivers/concert"
	"hanout/drivers/concert/termsim"
	"hanout/drivers/pty"
)

// Log is the simulator's log, safe to read while it writes.
type Log struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *Log) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *Log) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Settings keeps the till's settings (the store does).
type Settings interface {
	PutSetting(key string, v any) error
}

// Start plays a terminal speaking proto with o on a pseudo-terminal, saves
// the till's card setting pointing at it (short timings, for tests) and
// returns the simulator's log, printed when the test fails. It skips the
// test where there are no pseudo-terminals.
func Start(t testing.TB, st Settings, proto concert.Protocol, o termsim.Options) *Log {
	t.Helper()
	p, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	log := &Log{}
	o.Protocol, o.Log = proto, log
	done := make(chan error, 1)
	go func() { done <- termsim.Serve(ctx, p.Master, o) }()
	t.Cleanup(func() {
		cancel()
		p.Close()
		<-done
		if t.Failed() {
			t.Logf("terminal log:\n%s", log)
		}
	})
	cfg := concert.Defaults()
	cfg.Protocol = proto
	cfg.Port = p.SlavePath
	cfg.Step = concert.Duration(700 * time.Millisecond)
	cfg.EnqDelay = concert.Duration(10 * time.Millisecond)
	cfg.CustomerWait = concert.Duration(5 * time.Second)
	if err := st.PutSetting(concert.SettingKey, cfg); err != nil {
		t.Fatal(err)
	}
	return log
}

package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"
)

// fakeTill is a till whose runs end with the given exit codes, on a clock
// that advances by the given durations.
type fakeTill struct {
	codes []int
	runs  []time.Duration
	now   time.Time
	waits []time.Duration
	n     int
}

func (f *fakeTill) supervisor() supervisor {
	return supervisor{
		start: func(context.Context) (int, error) {
			c := f.codes[f.n]
			if f.n < len(f.runs) {
				f.now = f.now.Add(f.runs[f.n])
			}
			f.n++
			return c, nil
		},
		wait: func(_ context.Context, d time.Duration) bool { f.waits = append(f.waits, d); return true },
		now:  func() time.Time { return f.now },
		log:  io.Discard,
	}
}

func TestKioskRestartsUntilSuccessBackingOff(t *testing.T) {
	f := &fakeTill{codes: []int{2, -1, 1, 1, 1, 1, 1, 0}}
	if code := f.supervisor().run(context.Background()); code != 0 {
		t.Fatalf("supervisor ended with %d", code)
	}
	if f.n != 8 {
		t.Fatalf("till started %d times, want 8", f.n)
	}
	want := []time.Duration{1, 2, 4, 8, 16, 30, 30}
	for i := range want {
		want[i] *= time.Second
	}
	if !reflect.DeepEqual(f.waits, want) {
		t.Fatalf("waits %v, want %v", f.waits, want)
	}
}

// A till that ran a long while and then crashed comes back at once, not
// after the long delay of an earlier crash loop.
func TestKioskBackoffStartsOverAfterAStableRun(t *testing.T) {
	f := &fakeTill{codes: []int{1, 1, 1, 1, 0}, runs: []time.Duration{0, 0, 0, 2 * time.Hour}}
	f.supervisor().run(context.Background())
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, time.Second}
	if !reflect.DeepEqual(f.waits, want) {
		t.Fatalf("waits %v, want %v", f.waits, want)
	}
}

func TestKioskGivesUpWhenTheTillCannotStartAtAll(t *testing.T) {
	s := supervisor{
		start: func(context.Context) (int, error) { return 0, errors.New("no such file") },
		wait:  func(context.Context, time.Duration) bool { t.Fatal("waited"); return false },
		now:   time.Now,
		log:   io.Discard,
	}
	if code := s.run(context.Background()); code != exitFail {
		t.Fatalf("code %d", code)
	}
}

// The child side of the process tests below: this test binary, started
// again with HANOUT_TEST_KIOSK set, plays the till.
func TestKioskChildProcess(t *testing.T) {
	mode := os.Getenv("HANOUT_TEST_KIOSK")
	if mode == "" {
		t.Skip("only run as a child of the kiosk tests")
	}
	if os.Getenv(kioskChildEnv) != "1" {
		os.Exit(90) // the supervisor must mark its child
	}
	switch mode {
	case "hang":
		os.Stdout.WriteString("ready\n")
		select {}
	default: // mode is a counter file: crash twice, then leave with success
		b, _ := os.ReadFile(mode)
		n, _ := strconv.Atoi(string(b))
		n++
		os.WriteFile(mode, []byte(strconv.Itoa(n)), 0o600)
		if n < 3 {
			panic("the till crashed")
		}
		os.Exit(0)
	}
}

// kioskDeadline guards against hangs only; no test depends on timing.
const kioskDeadline = 30 * time.Second

func childArgs() []string { return []string{"-test.run=^TestKioskChildProcess$", "-test.count=1"} }

func TestKioskRestartsACrashedTillProcess(t *testing.T) {
	counter := filepath.Join(t.TempDir(), "starts")
	t.Setenv("HANOUT_TEST_KIOSK", counter)
	s := supervisor{
		start: func(ctx context.Context) (int, error) {
			return runChild(ctx, os.Args[0], childArgs(), io.Discard, io.Discard)
		},
		wait: func(context.Context, time.Duration) bool { return true },
		now:  time.Now,
		log:  io.Discard,
	}
	if code := s.run(context.Background()); code != exitOK {
		t.Fatalf("supervisor ended with %d", code)
	}
	b, err := os.ReadFile(counter)
	if err != nil || string(b) != "3" {
		t.Fatalf("till started %q times (%v), want 3", b, err)
	}
}

// Stopping the supervisor (systemd stopping the unit) stops the till and
// does not restart it.
func TestKioskSupervisorStopsItsTill(t *testing.T) {
	t.Setenv("HANOUT_TEST_KIOSK", "hang")
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	starts := 0
	s := supervisor{
		start: func(ctx context.Context) (int, error) {
			starts++
			return runChild(ctx, os.Args[0], childArgs(), pw, io.Discard)
		},
		wait: sleepCtx,
		now:  time.Now,
		log:  io.Discard,
	}
	done := make(chan int, 1)
	go func() { done <- s.run(ctx) }()
	ready, drained := make(chan string, 1), make(chan struct{})
	go func() {
		defer close(drained)
		r := bufio.NewReader(pr)
		line, _ := r.ReadString('\n')
		ready <- line
		io.Copy(io.Discard, r)
	}()
	select {
	case line := <-ready:
		if line != "ready\n" {
			t.Fatalf("child said %q", line)
		}
	case <-time.After(kioskDeadline):
		t.Fatal("child never started")
	}
	cancel()
	select {
	case code := <-done:
		if code == exitOK {
			t.Fatal("a stopped till counted as left by a manager")
		}
	case <-time.After(kioskDeadline):
		t.Fatal("supervisor did not stop")
	}
	pw.Close()
	<-drained
	if starts != 1 {
		t.Fatalf("till started %d times", starts)
	}
}

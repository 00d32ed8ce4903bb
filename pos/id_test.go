package pos

import (
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"
)

var v7RE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// idMillis reads the Unix milliseconds at the head of a version 7 id.
func idMillis(t *testing.T, id string) int64 {
	t.Helper()
	ms, err := strconv.ParseInt(id[0:8]+id[9:13], 16, 64)
	if err != nil {
		t.Fatalf("%s: %v", id, err)
	}
	return ms
}

func TestIDLayout(t *testing.T) {
	const ms = 0x0123456789ab
	var zeros, ones [10]byte
	for i := range ones {
		ones[i] = 0xff
	}
	cases := []struct {
		name  string
		clock idClock
		now   int64
		r     [10]byte
		want  string
	}{
		{"new millisecond, random all zero", idClock{}, ms, zeros, "01234567-89ab-7000-8000-000000000000"},
		{"new millisecond, random all ones: the counter starts below 0x800", idClock{}, ms, ones, "01234567-89ab-77ff-bfff-ffffffffffff"},
		{"same millisecond: the counter goes up, fresh random bits", idClock{ms: ms, seq: 0x123}, ms, zeros, "01234567-89ab-7124-8000-000000000000"},
		{"clock stepped back: the last millisecond goes on", idClock{ms: ms, seq: 0x5}, ms - 1000, ones, "01234567-89ab-7006-bfff-ffffffffffff"},
		{"counter runs out: the next millisecond", idClock{ms: ms, seq: 0xfff}, ms, zeros, "01234567-89ac-7000-8000-000000000000"},
		{"48 bits of milliseconds, the year 10889 wraps", idClock{}, 1<<48 + 1, zeros, "00000000-0001-7000-8000-000000000000"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := formatUUID(c.clock.next(c.now, c.r))
			if got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
			if !v7RE.MatchString(got) {
				t.Errorf("%s is not a lowercase version 7 UUID", got)
			}
		})
	}
}

// TestNewIDIsTimeOrdered: the ids follow the clock and each is bigger than
// the one before, so the store appends them.
func TestNewIDIsTimeOrdered(t *testing.T) {
	before := time.Now().UnixMilli()
	prev := NewID()
	for i := 0; i < 10000; i++ {
		id := NewID()
		if !v7RE.MatchString(id) {
			t.Fatalf("%s is not a lowercase version 7 UUID", id)
		}
		if id <= prev {
			t.Fatalf("%s after %s", id, prev)
		}
		prev = id
	}
	after := time.Now().UnixMilli()
	// 10,000 ids take well under the 10,000 ms the counters could have
	// pushed ahead of the clock, so the last one is near the clock.
	if ms := idMillis(t, prev); ms < before || ms > after+10 {
		t.Errorf("id time %d outside %d..%d", ms, before, after)
	}
}

// TestNewIDUniqueAcrossGoroutines: ids made at once on several goroutines
// are all different and each goroutine's keep increasing (run with -race).
func TestNewIDUniqueAcrossGoroutines(t *testing.T) {
	const workers, each = 8, 2000
	out := make([][]string, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				out[w] = append(out[w], NewID())
			}
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, l := range out {
		for i, id := range l {
			if seen[id] {
				t.Fatalf("%s made twice", id)
			}
			seen[id] = true
			if i > 0 && id <= l[i-1] {
				t.Fatalf("%s after %s on one goroutine", id, l[i-1])
			}
		}
	}
}

// TestIDRandomBits: two ids of the same millisecond and counter state
// differ in their 62 random bits, so an id cannot be guessed from its
// neighbour's time.
func TestIDRandomBits(t *testing.T) {
	a, b := NewID(), NewID()
	if a[19:] == b[19:] {
		t.Errorf("%s and %s share their random part", a, b)
	}
}

// TestShortIDsDoNotFollowTheClock: the short ids of customers, artisans
// and users made one after the other differ (the first characters of a
// version 7 id are its time, the same for a minute).
func TestShortIDsDoNotFollowTheClock(t *testing.T) {
	short := regexp.MustCompile(`^[0-9a-f]{8}$`)
	seen := map[string]bool{}
	for i := 0; i < 50; i++ {
		for _, id := range []string{NewCustomerID()[2:], NewArtisanID()[2:], NewShortID()} {
			if !short.MatchString(id) {
				t.Fatalf("short id %q", id)
			}
			if seen[id] {
				t.Fatalf("short id %s made twice", id)
			}
			seen[id] = true
		}
	}
}

package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"hanout/sync/platform"
	"hanout/sync/platform/pgstore"
	"hanout/sync/platform/pgstore/pgtest"
)

// TestLoadRoundsInterleave: the loadtest alternates its two phases. After
// each round the platform holds the round's pushes and the floor's table
// exactly those same sales, no more (a floor run after all the pushes)
// and no fewer (a floor that lags); the rates and latencies sum every
// round. By default a round is every till's next batch; in 2 rounds of 6
// of the 12 pushes, a round holds two batches of some tills, pushed in
// order (the other way the second is refused until the first is in).
//
// Whichever way the floor inserts (--floor-as), its table holds the
// pushed documents' columns, each equal to the platform's.
func TestLoadRoundsInterleave(t *testing.T) {
	for _, c := range []struct {
		rounds int
		as     string
	}{{0, floorValues}, {2, floorValues}, {0, floorArrays}, {2, floorCopy}} {
		t.Run(fmt.Sprint(c.rounds, c.as), func(t *testing.T) { testLoadRounds(t, c.rounds, c.as) })
	}
}

func testLoadRounds(t *testing.T, rounds int, as string) {
	const tills, sales, batch = 4, 30, 10
	const pushes = tills * sales / batch
	ctx := context.Background()
	st, err := pgstore.Open(ctx, pgtest.DB(t), pgstore.Options{MaxConns: 16})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv := httptest.NewServer((&platform.Server{Store: st}).Handler())
	defer srv.Close()
	lt, err := setupLoad(st, tills, 2, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	wantRounds := sales / batch
	if rounds > 0 {
		wantRounds = rounds
	}
	var stderr bytes.Buffer
	var seen []int
	run := &loadRun{st: st, lt: lt, pushes: buildPushes(lt, sales, batch), servers: []string{srv.URL},
		batch: batch, inflight: 3, rounds: rounds, floor: true, floorAs: as, stderr: &stderr}
	run.afterRound = func(k int) error {
		seen = append(seen, k)
		want := (k + 1) * pushes / wantRounds * batch
		var docs, floor, both int
		err := st.Pool().QueryRow(ctx, `SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM loadtest_floor),
			(SELECT count(*) FROM loadtest_floor f JOIN documents d ON d.merchant = f.merchant AND d.id = f.id AND d.raw = f.raw
				AND d.terminal = f.terminal AND d.kind = f.kind AND d.receipt = f.receipt AND d.seq = f.seq
				AND d.time = f.time AND d.total = f.total)`).Scan(&docs, &floor, &both)
		if err != nil {
			return err
		}
		if docs != want || floor != want || both != want {
			return fmt.Errorf("after round %d: %d documents pushed, %d in the floor's table, %d of them the same; want %d each", k+1, docs, floor, both, want)
		}
		return nil
	}
	res, err := run.run()
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != wantRounds || res.rounds != wantRounds {
		t.Fatalf("rounds %v, %d; want %d", seen, res.rounds, wantRounds)
	}
	if res.pushed != tills*sales || res.floorRows != tills*sales || res.errs != 0 || len(res.lat) != pushes {
		t.Fatalf("pushed %d, floor %d, errors %d, %d latencies", res.pushed, res.floorRows, res.errs, len(res.lat))
	}
	if res.pushTime <= 0 || res.floorTime <= 0 || !res.pushCPU.pgOK || !res.floorCPU.pgOK || res.floorCPU.serversOK {
		t.Fatalf("times %s %s, CPU %+v %+v", res.pushTime, res.floorTime, res.pushCPU, res.floorCPU)
	}
	for k := 1; k <= wantRounds; k++ {
		line := fmt.Sprintf("round %d/%d: %d sales pushed, ", k, wantRounds, pushes/wantRounds*batch)
		if !strings.Contains(stderr.String(), line) {
			t.Fatalf("no %q:\n%s", line, stderr.String())
		}
	}
	var n int
	if err := st.Pool().QueryRow(ctx, "SELECT count(*) FROM pg_tables WHERE tablename = 'loadtest_floor'").Scan(&n); err != nil || n != 0 {
		t.Fatalf("the floor's table is left behind: %d %v", n, err)
	}
}

// TestCPUSummedOverRounds: a phase's CPU over several rounds is the sum
// of each round's, and a source missing in one round is left out.
func TestCPUSummedOverRounds(t *testing.T) {
	a := cpuSnap{servers: time.Second, pg: time.Second, self: time.Second, machine: 10 * time.Second, serversOK: true, pgOK: true, machineOK: true}
	b := cpuSnap{servers: 2 * time.Second, pg: 3 * time.Second, self: 1100 * time.Millisecond, machine: 15 * time.Second, serversOK: true, pgOK: true, machineOK: true}
	c := cpuSnap{servers: 4 * time.Second, pg: 4 * time.Second, self: 1200 * time.Millisecond, machine: 20 * time.Second, serversOK: true, pgOK: true, machineOK: true}
	sum := cpuOK.plus(b.minus(a)).plus(c.minus(b))
	if got, want := perSaleOf(sum, 100_000), perSaleOf(c.minus(a), 100_000); got != want {
		t.Fatalf("summed %q, whole %q", got, want)
	}
	b.pgOK = false
	if got := perSaleOf(cpuOK.plus(b.minus(a)).plus(c.minus(b)), 100_000); strings.Contains(got, "PostgreSQL") {
		t.Fatalf("PostgreSQL's CPU, missing in a round, is given: %q", got)
	}
}

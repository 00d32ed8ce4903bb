package main

import (
	"os"
	"testing"
	"time"

	"hanout/sync/platform/pgstore/pgcluster"
)

// TestPerSale: a phase's CPU is given a sale for each process, and the
// rest of the machine is what the machine used beyond them.
func TestPerSale(t *testing.T) {
	a := cpuSnap{servers: time.Second, pg: 2 * time.Second, self: time.Second, machine: 10 * time.Second, serversOK: true, pgOK: true, machineOK: true}
	b := cpuSnap{servers: 3 * time.Second, pg: 5 * time.Second, self: 1500 * time.Millisecond, machine: 20 * time.Second, serversOK: true, pgOK: true, machineOK: true}
	want := "servers 20.0 µs, PostgreSQL 30.0 µs, loadtest 5.0 µs, the rest of the machine 45.0 µs"
	if got := perSaleOf(b.minus(a), 100_000); got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	a.serversOK, b.pgOK, b.machineOK = false, false, false
	if got := perSaleOf(b.minus(a), 100_000); got != "loadtest 5.0 µs" {
		t.Fatalf("without the servers' and PostgreSQL's: %q", got)
	}
}

// TestCPUOfRound: a round's line gives each process's CPU a sale in that
// phase, so a cost growing round over round shows where it is paid.
func TestCPUOfRound(t *testing.T) {
	d := cpuSnap{servers: 2 * time.Second, pg: 3 * time.Second, self: 500 * time.Millisecond, machine: 10 * time.Second, serversOK: true, pgOK: true, machineOK: true}
	want := " (servers 20.0 µs, PostgreSQL 30.0 µs, loadtest 5.0 µs, the rest of the machine 45.0 µs)"
	if got := cpuOfRound(d, 100_000); got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	if got := cpuOfRound(d, 0); got != "" {
		t.Fatalf("no sales: %q", got)
	}
}

// TestProcCPU: a process's CPU is read from /proc and grows as it works.
func TestProcCPU(t *testing.T) {
	c0, ok := pgcluster.ProcCPU(os.Getpid())
	if !ok {
		t.Skip("no /proc on this system")
	}
	if _, ok := pgcluster.MachineCPU(); !ok {
		t.Fatal("no /proc/stat beside /proc/<pid>/stat")
	}
	x := 0
	for deadline := time.Now().Add(time.Minute); ; {
		for i := range 1_000_000 {
			x += i
		}
		if c, _ := pgcluster.ProcCPU(os.Getpid()); c > c0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no CPU counted in a minute of work (%d)", x)
		}
	}
	if _, ok := pgcluster.ProcCPU(-1); ok {
		t.Fatal("a process that cannot exist has a CPU time")
	}
}

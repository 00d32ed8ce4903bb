package main

import (
	"context"
	"fmt"
	"time"

	"hanout/sync/platform/pgstore"
	"hanout/sync/platform/pgstore/pgcluster"
)

// cpuSnap is the CPU used so far by the run's processes on this machine
// (Linux's /proc): the servers it started, PostgreSQL's processes, this
// program, and the whole machine, to say where a phase's CPU went and
// how much of it was someone else's.
type cpuSnap struct {
	servers, pg, self, machine time.Duration
	serversOK, pgOK, machineOK bool
}

func snapCPU(st *pgstore.Store, serverPIDs []int) cpuSnap {
	var s cpuSnap
	s.serversOK = len(serverPIDs) > 0
	for _, pid := range serverPIDs {
		d, ok := pgcluster.ProcCPU(pid)
		s.servers += d
		s.serversOK = s.serversOK && ok
	}
	s.pg, s.pgOK = pgcluster.ServerCPU(context.Background(), st.BackendPID)
	s.self = pgcluster.SelfCPU()
	s.machine, s.machineOK = pgcluster.MachineCPU()
	return s
}

// cpuOK is a zero CPU delta to sum phases into: each source counts
// until a phase lacks it.
var cpuOK = cpuSnap{serversOK: true, pgOK: true, machineOK: true}

// minus is the CPU used between a and s.
func (s cpuSnap) minus(a cpuSnap) cpuSnap {
	return cpuSnap{servers: s.servers - a.servers, pg: s.pg - a.pg, self: s.self - a.self, machine: s.machine - a.machine,
		serversOK: s.serversOK && a.serversOK, pgOK: s.pgOK && a.pgOK, machineOK: s.machineOK && a.machineOK}
}

// plus sums two deltas, as a phase's over the rounds.
func (s cpuSnap) plus(d cpuSnap) cpuSnap {
	return cpuSnap{servers: s.servers + d.servers, pg: s.pg + d.pg, self: s.self + d.self, machine: s.machine + d.machine,
		serversOK: s.serversOK && d.serversOK, pgOK: s.pgOK && d.pgOK, machineOK: s.machineOK && d.machineOK}
}

// perSaleOf says where the CPU of d (a phase's delta) went, in µs a sale.
func perSaleOf(d cpuSnap, sales int64) string {
	if sales <= 0 {
		return "-"
	}
	us := func(d time.Duration) string { return fmt.Sprintf("%.1f µs", float64(d.Microseconds())/float64(sales)) }
	out := ""
	ours := d.self
	if d.serversOK {
		out += "servers " + us(d.servers) + ", "
		ours += d.servers
	}
	if d.pgOK {
		out += "PostgreSQL " + us(d.pg) + ", "
		ours += d.pg
	}
	out += "loadtest " + us(d.self)
	if d.machineOK {
		out += ", the rest of the machine " + us(max(0, d.machine-ours))
	}
	return out
}

// cpuOfRound is, for a round's line, where a phase's CPU (d) went, a
// sale: the servers', PostgreSQL's and the rest of the machine's, so a
// cost that grows round over round shows in the process that pays it.
func cpuOfRound(d cpuSnap, sales int64) string {
	if sales <= 0 {
		return ""
	}
	return " (" + perSaleOf(d, sales) + ")"
}

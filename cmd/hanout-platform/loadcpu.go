package main

import (
	"context"
	"fmt"
	"syscall"
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
	s.pg, s.pgOK = pgcluster.ServerCPU(context.Background(), func(ctx context.Context) (pid int, err error) {
		err = st.Pool().QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&pid)
		return pid, err
	})
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	s.self = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	s.machine, s.machineOK = pgcluster.MachineCPU()
	return s
}

// perSale says where the CPU between a and b went, in µs a sale.
func perSale(a, b cpuSnap, sales int64) string {
	if sales <= 0 {
		return "-"
	}
	us := func(d time.Duration) string { return fmt.Sprintf("%.1f µs", float64(d.Microseconds())/float64(sales)) }
	out := ""
	ours := b.self - a.self
	if a.serversOK && b.serversOK {
		out += "servers " + us(b.servers-a.servers) + ", "
		ours += b.servers - a.servers
	}
	if a.pgOK && b.pgOK {
		out += "PostgreSQL " + us(b.pg-a.pg) + ", "
		ours += b.pg - a.pg
	}
	out += "loadtest " + us(b.self-a.self)
	if a.machineOK && b.machineOK {
		out += ", the rest of the machine " + us(max(0, b.machine-a.machine-ours))
	}
	return out
}

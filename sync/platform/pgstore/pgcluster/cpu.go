package pgcluster

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// CPU time of processes on this machine, read from Linux's /proc, so
// that a run on a shared machine can say where its CPU went (the
// loadtest, BenchmarkPush200) whatever else the machine was doing.

// clockTick is Linux's USER_HZ, the unit of /proc/<pid>/stat's times.
const clockTick = 10 * time.Millisecond

// ProcCPU is the user and system CPU process pid has used, its threads
// included; ok is false without /proc (or the process).
func ProcCPU(pid int) (d time.Duration, ok bool) {
	_, d, ok = procStat(pid)
	return d, ok
}

// SelfCPU is the user and system CPU this process has used, from
// getrusage (finer than /proc's clock ticks).
func SelfCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// procStat reads a process's parent and CPU time.
func procStat(pid int) (ppid int, cpu time.Duration, ok bool) {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return 0, 0, false
	}
	// pid (comm) state ppid ... utime(14) stime(15): comm may hold
	// spaces and parentheses, so the fields start after the last ')'.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, 0, false
	}
	f := bytes.Fields(b[i+1:])
	if len(f) < 13 {
		return 0, 0, false
	}
	ppid, err1 := strconv.Atoi(string(f[1]))
	ut, err2 := strconv.ParseInt(string(f[11]), 10, 64)
	st, err3 := strconv.ParseInt(string(f[12]), 10, 64)
	if err1 != nil || err2 != nil || err3 != nil {
		return 0, 0, false
	}
	return ppid, time.Duration(ut+st) * clockTick, true
}

// ServerCPU is the CPU a PostgreSQL server on this machine has used so
// far: its postmaster and every process it started (backends, WAL writer,
// checkpointer...), found from the backend of a connection (backendPID
// asks for it, e.g. SELECT pg_backend_pid()). ok is false when the
// server is not on this machine or there is no /proc.
func ServerCPU(ctx context.Context, backendPID func(context.Context) (int, error)) (time.Duration, bool) {
	pid, err := backendPID(ctx)
	if err != nil {
		return 0, false
	}
	postmaster, _, ok := procStat(pid)
	if !ok {
		return 0, false
	}
	return TreeCPU(postmaster)
}

// TreeCPU is the CPU of process root and of its children (not deeper).
func TreeCPU(root int) (time.Duration, bool) {
	total, ok := ProcCPU(root)
	if !ok {
		return 0, false
	}
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return 0, false
	}
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if ppid, d, ok := procStat(pid); ok && ppid == root {
			total += d
		}
	}
	return total, true
}

// MachineCPU is the busy CPU time of the whole machine since boot (every
// core, from /proc/stat), to tell a run's own CPU from the rest.
func MachineCPU() (time.Duration, bool) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, false
	}
	line, _, _ := bytes.Cut(b, []byte("\n"))
	f := bytes.Fields(line)
	if len(f) < 8 || string(f[0]) != "cpu" {
		return 0, false
	}
	var busy int64
	for k, v := range f[1:8] { // user nice system idle iowait irq softirq
		if k == 3 || k == 4 {
			continue
		}
		n, err := strconv.ParseInt(string(v), 10, 64)
		if err != nil {
			return 0, false
		}
		busy += n
	}
	return time.Duration(busy) * clockTick, true
}

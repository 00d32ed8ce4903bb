package main_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"hanout/pos"
	"hanout/pos/store"
	"hanout/sync/faultproxy"
	"hanout/sync/platform/pgstore/pgtest"
)

// startServe starts `hanout-platform serve` with args and returns it once
// it listens.
func startServe(t *testing.T, bin string, args ...string) *server {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	out, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "serving on http://") {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("platform did not start: %q %v", line, err)
	}
	s := &server{cmd: cmd, addr: strings.TrimSpace(strings.TrimPrefix(line, "serving on http://"))}
	t.Cleanup(func() { s.cmd.Process.Kill(); s.cmd.Wait() })
	return s
}

// tillOf makes a till data folder for terminal with n sales rung up
// offline; every 250th is a QR sale "paid — to verify".
func tillOf(t *testing.T, dir, terminal string, n int) (qrRefs map[string]pos.Money) {
	t.Helper()
	s, err := store.Open(dir, store.Options{Terminal: terminal, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	at := time.Date(2026, 6, 11, 9, 0, 0, 0, time.UTC)
	if err := s.ReplaceCatalog([]pos.Product{
		{SKU: "TAJ", Name: pos.Names{FR: "Tajine"}, Category: "poterie", Price: 15000, Floor: 12000, Tax: 2000, Stock: 100000, Active: true, Updated: at},
		{SKU: "ARG", Name: pos.Names{FR: "Huile d'argan"}, Category: "cosmetique", Price: 9900, Floor: 8000, Tax: 1400, Stock: 100000, Active: true, Updated: at},
	}); err != nil {
		t.Fatal(err)
	}
	open, _ := pos.OpenShift("Ali", 50000, at)
	if err := s.Commit(open); err != nil {
		t.Fatal(err)
	}
	qrRefs = map[string]pos.Money{}
	for i := range n {
		p, _ := s.Product([]string{"TAJ", "ARG"}[i%2])
		var tk pos.Ticket
		tk.Add(p, int64(1+i%3))
		total, _ := tk.Compute()
		var tender pos.Tender
		if i%250 == 249 {
			ref := fmt.Sprintf("%s-%d", s.InstallID(), i) // as the till issues them
			qrRefs[ref] = total
			tender = pos.Tender{Kind: pos.TenderQRWallet, Amount: total, Status: pos.StatusUnverified, Reference: ref, ApprovedBy: "Fatima"}
		} else {
			tender, _ = pos.CashTender(total, total)
		}
		d, err := tk.Sale([]pos.Tender{tender}, "Ali", open.Shift, at.Add(time.Duration(i)*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(d); err != nil {
			t.Fatal(err)
		}
	}
	return qrRefs
}

// TestTwoServersOnPostgres: two `serve` processes on one PostgreSQL
// database, two tills of one merchant syncing through different servers
// while the servers are killed (SIGKILL) and restarted, and the tills'
// retries land on the other server. Afterwards each till's sales export
// equals the platform's for that terminal: no duplicate, no loss; QR
// notices sent to one server settle sales pushed through the other.
func TestTwoServersOnPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	hanoutBin, platBin := build(t)
	db := pgtest.DB(t)
	const sales = 1000
	tills := []string{"SOUK-1", "SOUK-2"}
	dirs := []string{t.TempDir(), t.TempDir()}
	refs := map[string]pos.Money{}
	for i, tl := range tills {
		for r, a := range tillOf(t, dirs[i], tl, sales) {
			refs[r] = a
		}
	}
	if _, errs, code := runCmd(t, platBin, "migrate", "--db", db); code != 0 {
		t.Fatalf("migrate: %s", errs)
	}
	m, errs, code := runCmd(t, platBin, "merchant", "add", "--db", db, "--acquirer-id", "ACQ-TIFAWT", "Coopérative Tifawt")
	merchant := strings.TrimSpace(m)
	if code != 0 || !strings.HasPrefix(merchant, "m-") {
		t.Fatalf("merchant add: %q %q", m, errs)
	}
	srv := []*server{startServe(t, platBin, "--db", db), startServe(t, platBin, "--db", db)}
	codes := make([]string, 2)
	for i, tl := range tills {
		// Admin commands work while the servers run.
		c, errs, code := runCmd(t, platBin, "terminal", "add", "--db", db, "--merchant", merchant, "--name", tl)
		if codes[i] = strings.TrimSpace(c); code != 0 || len(codes[i]) != 19 {
			t.Fatalf("terminal add with servers running: %q %q", c, errs)
		}
	}
	px := make([]*faultproxy.Proxy, 2)
	for i := range px {
		p, err := faultproxy.New(srv[i].addr, uint64(7+i))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { p.Close() })
		px[i] = p
		if out, errs, code := runCmd(t, hanoutBin, "sync", "enroll", "--platform", "http://"+p.Addr(), "--code", codes[i], "--data", dirs[i]); code != 0 {
			t.Fatalf("enroll %s: %q %q", tills[i], out, errs)
		}
	}
	// Both tills sync at once; each proxy kills its server after k chunks
	// went up. Then both servers restart and the proxies swap them, so
	// each till's retries reach the other server.
	var outs [2]string
	syncBoth := func(batch string) (exit [2]int) {
		var wg sync.WaitGroup
		for i := range dirs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cmd := exec.Command(hanoutBin, "sync", "now", "--batch", batch, "--data", dirs[i])
				cmd.Env = append(os.Environ(), "LANG=en_US.UTF-8")
				out, err := cmd.CombinedOutput()
				if outs[i] = string(out); err != nil {
					exit[i] = 1
				}
			}()
		}
		wg.Wait()
		return exit
	}
	target := [2]int{0, 1} // the server each proxy (till) reaches
	for round, kill := range [][2]int64{{8, 14}, {11, 5}} {
		var fired [2]atomic.Bool
		for i := range px {
			s, limit := srv[target[i]], px[i].Chunks.Load()+kill[i]
			px[i].OnChunk(func(n int64) {
				if n == limit {
					fired[i].Store(true)
					s.cmd.Process.Kill()
				}
			})
		}
		exit := syncBoth("20")
		for i := range px {
			px[i].OnChunk(nil)
			if !fired[i].Load() || exit[i] == 0 {
				t.Fatalf("round %d: server %d kill fired %v, till exit %d: %s", round, i, fired[i].Load(), exit[i], outs[i])
			}
			srv[i].cmd.Wait()
		}
		srv = []*server{startServe(t, platBin, "--db", db), startServe(t, platBin, "--db", db)}
		target = [2]int{target[1], target[0]}
		for i := range px {
			px[i].SetTarget(srv[target[i]].addr)
		}
	}
	for i := 0; ; i++ {
		if exit := syncBoth("50"); exit == [2]int{} {
			break
		}
		if i == 20 {
			t.Fatalf("the tills do not finish syncing:\n%s\n%s", outs[0], outs[1])
		}
	}
	// The acquirer's notices reach server 2, whichever server got the sale.
	for ref, amount := range refs {
		if out, errs, code := runCmd(t, platBin, "pay", ref, "--account", "ACQ-TIFAWT", "--amount", amount.Decimal(), "--platform", "http://"+srv[1].addr, "--db", db); code != 0 || !strings.Contains(out, "paid") {
			t.Fatalf("pay %s: %q %q", ref, out, errs)
		}
	}
	syncBoth("50")
	platform, errs, code := runCmd(t, platBin, "sales", "export", "--db", db, "--merchant", merchant, "--format", "csv")
	if code != 0 {
		t.Fatalf("platform export while the servers run: %s", errs)
	}
	pl := strings.Split(strings.TrimSpace(platform), "\n")
	seen := map[string]bool{}
	for _, l := range pl[1:] {
		id := strings.Split(l, ",")[2]
		if seen[id] {
			t.Fatalf("sale %s twice on the platform", id)
		}
		seen[id] = true
	}
	if len(seen) != 2*sales {
		t.Fatalf("the platform has %d sales, want %d", len(seen), 2*sales)
	}
	for i, tl := range tills {
		unsynced, want, checks := tillState(t, dirs[i])
		if unsynced != 0 || checks != len(refs)/2 {
			t.Fatalf("%s: %d unsynced, %d QR confirmations of %d", tl, unsynced, checks, len(refs)/2)
		}
		// The platform's rows for this terminal, in the till's format.
		got, errs, code := runCmd(t, platBin, "sales", "export", "--db", db, "--merchant", merchant, "--terminal", tl, "--format", "csv")
		if code != 0 || got != string(want) {
			t.Fatalf("%s: the platform's export for the terminal (%d lines) differs from the till's: %s", tl, strings.Count(got, "\n"), errs)
		}
		tillOut, _, _ := runCmd(t, hanoutBin, "sales", "export", "--data", dirs[i], "--format", "csv")
		if tillOut != string(want) {
			t.Fatalf("%s: hanout sales export differs from the till's store", tl)
		}
	}

	if _, errs, code := runCmd(t, platBin, "sales", "export", "--db", db, "--merchant", merchant, "--terminal", "NO-SUCH-TILL"); code == 0 || !strings.Contains(errs, "no terminal") {
		t.Fatalf("export of an unknown terminal: %d %s", code, errs)
	}

	// A small load test through both servers.
	out, errs, code := runCmd(t, platBin, "loadtest", "--db", db, "--url", "http://"+srv[0].addr+",http://"+srv[1].addr,
		"--tills", "6", "--sales", "30", "--batch", "10", "--inflight", "4")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	last := lines[len(lines)-1]
	if code != 0 || !regexp.MustCompile(`^\d+ sales/s, p50 \S+, p99 \S+ per push of 10, 0 errors, ingest [\d.]+× the floor$`).MatchString(last) ||
		!strings.Contains(errs, "180/180 sales pushed") {
		t.Fatalf("loadtest: %d\n%s\n%s", code, out, errs)
	}
	// The same with servers of its own, started and stopped by the loadtest.
	out, errs, code = runCmd(t, platBin, "loadtest", "--db", db, "--servers", "2",
		"--tills", "4", "--sales", "20", "--batch", "10", "--inflight", "4")
	lines = strings.Split(strings.TrimSpace(out), "\n")
	last = lines[len(lines)-1]
	if code != 0 || !regexp.MustCompile(`^\d+ sales/s, p50 \S+, p99 \S+ per push of 10, 0 errors, ingest [\d.]+× the floor$`).MatchString(last) ||
		!strings.Contains(errs, "80/80 sales pushed") || strings.Count(errs, "dashboard password in the database") != 2 {
		t.Fatalf("loadtest --servers: %d\n%s\n%s", code, out, errs)
	}
	for _, s := range srv {
		s.stop(t)
	}
}

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
	const sales = 1000
	r := newPGE2E(t)
	refs := map[string]pos.Money{}
	for i, tl := range r.tills {
		for ref, a := range tillOf(t, r.dirs[i], tl, sales) {
			refs[ref] = a
		}
	}
	r.enroll()
	for round, kill := range [][2]int64{{8, 14}, {11, 5}} {
		r.killRound(round, kill)
	}
	r.syncUntilDone()
	r.payThroughServer2(refs)
	r.exportsEqual(sales, len(refs)/2)
	if _, errs, code := runCmd(t, r.platform, "sales", "export", "--db", r.db, "--merchant", r.merchant, "--terminal", "NO-SUCH-TILL"); code == 0 || !strings.Contains(errs, "no terminal") {
		t.Fatalf("export of an unknown terminal: %d %s", code, errs)
	}
	r.loadtests()
	for _, s := range r.srv {
		s.stop(t)
	}
}

// pgE2E is TestTwoServersOnPostgres's world: one database, two servers,
// two tills of one merchant, each reaching a server through its proxy.
type pgE2E struct {
	t                *testing.T
	hanout, platform string
	db, merchant     string
	tills, dirs      []string
	srv              []*server
	px               []*faultproxy.Proxy
	target           [2]int    // the server each proxy (till) reaches
	outs             [2]string // each till's output of the last syncBoth
}

func newPGE2E(t *testing.T) *pgE2E {
	hanoutBin, platBin := build(t)
	return &pgE2E{t: t, hanout: hanoutBin, platform: platBin, db: pgtest.DB(t),
		tills: []string{"SOUK-1", "SOUK-2"}, dirs: []string{t.TempDir(), t.TempDir()}, target: [2]int{0, 1}}
}

// enroll migrates the database, adds the merchant, starts both servers,
// adds the terminals while they run (admin commands work then) and
// enrolls each till through its own proxy.
func (r *pgE2E) enroll() {
	t := r.t
	if _, errs, code := runCmd(t, r.platform, "migrate", "--db", r.db); code != 0 {
		t.Fatalf("migrate: %s", errs)
	}
	m, errs, code := runCmd(t, r.platform, "merchant", "add", "--db", r.db, "--acquirer-id", "ACQ-TIFAWT", "Coopérative Tifawt")
	r.merchant = strings.TrimSpace(m)
	if code != 0 || !strings.HasPrefix(r.merchant, "m-") {
		t.Fatalf("merchant add: %q %q", m, errs)
	}
	r.srv = []*server{startServe(t, r.platform, "--db", r.db), startServe(t, r.platform, "--db", r.db)}
	codes := make([]string, 2)
	for i, tl := range r.tills {
		c, errs, code := runCmd(t, r.platform, "terminal", "add", "--db", r.db, "--merchant", r.merchant, "--name", tl)
		if codes[i] = strings.TrimSpace(c); code != 0 || len(codes[i]) != 19 {
			t.Fatalf("terminal add with servers running: %q %q", c, errs)
		}
	}
	r.px = make([]*faultproxy.Proxy, 2)
	for i := range r.px {
		p, err := faultproxy.New(r.srv[i].addr, uint64(7+i))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { p.Close() })
		r.px[i] = p
		if out, errs, code := runCmd(t, r.hanout, "sync", "enroll", "--platform", "http://"+p.Addr(), "--code", codes[i], "--data", r.dirs[i]); code != 0 {
			t.Fatalf("enroll %s: %q %q", r.tills[i], out, errs)
		}
	}
}

// syncBoth runs `hanout sync now` on both tills at once.
func (r *pgE2E) syncBoth(batch string) (exit [2]int) {
	var wg sync.WaitGroup
	for i := range r.dirs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(r.hanout, "sync", "now", "--batch", batch, "--data", r.dirs[i])
			cmd.Env = append(os.Environ(), "LANG=en_US.UTF-8")
			out, err := cmd.CombinedOutput()
			if r.outs[i] = string(out); err != nil {
				exit[i] = 1
			}
		}()
	}
	wg.Wait()
	return exit
}

// killRound: both tills sync at once; each proxy kills its server after
// kill[i] chunks went up. Then both servers restart and the proxies swap
// them, so each till's retries reach the other server.
func (r *pgE2E) killRound(round int, kill [2]int64) {
	t := r.t
	var fired [2]atomic.Bool
	for i := range r.px {
		s, limit := r.srv[r.target[i]], r.px[i].Chunks.Load()+kill[i]
		r.px[i].OnChunk(func(n int64) {
			if n == limit {
				fired[i].Store(true)
				s.cmd.Process.Kill()
			}
		})
	}
	exit := r.syncBoth("20")
	for i := range r.px {
		r.px[i].OnChunk(nil)
		if !fired[i].Load() || exit[i] == 0 {
			t.Fatalf("round %d: server %d kill fired %v, till exit %d: %s", round, i, fired[i].Load(), exit[i], r.outs[i])
		}
		r.srv[i].cmd.Wait()
	}
	r.srv = []*server{startServe(t, r.platform, "--db", r.db), startServe(t, r.platform, "--db", r.db)}
	r.target = [2]int{r.target[1], r.target[0]}
	for i := range r.px {
		r.px[i].SetTarget(r.srv[r.target[i]].addr)
	}
}

// syncUntilDone syncs both tills until both succeed (21 tries at most).
func (r *pgE2E) syncUntilDone() {
	for i := 0; ; i++ {
		if exit := r.syncBoth("50"); exit == [2]int{} {
			return
		}
		if i == 20 {
			r.t.Fatalf("the tills do not finish syncing:\n%s\n%s", r.outs[0], r.outs[1])
		}
	}
}

// payThroughServer2: the acquirer's notices reach server 2, whichever
// server got the sale; the tills then sync their confirmations.
func (r *pgE2E) payThroughServer2(refs map[string]pos.Money) {
	for ref, amount := range refs {
		if out, errs, code := runCmd(r.t, r.platform, "pay", ref, "--account", "ACQ-TIFAWT", "--amount", amount.Decimal(), "--platform", "http://"+r.srv[1].addr, "--db", r.db); code != 0 || !strings.Contains(out, "paid") {
			r.t.Fatalf("pay %s: %q %q", ref, out, errs)
		}
	}
	r.syncBoth("50")
}

// exportsEqual: the platform holds every sale once, and each till's sales
// export equals the platform's for that terminal (and hanout's own
// export), with all of its QR confirmations in.
func (r *pgE2E) exportsEqual(sales, qrPerTill int) {
	t := r.t
	platform, errs, code := runCmd(t, r.platform, "sales", "export", "--db", r.db, "--merchant", r.merchant, "--format", "csv")
	if code != 0 {
		t.Fatalf("platform export while the servers run: %s", errs)
	}
	if seen := saleIDsOnce(t, platform); len(seen) != 2*sales {
		t.Fatalf("the platform has %d sales, want %d", len(seen), 2*sales)
	}
	for i, tl := range r.tills {
		unsynced, want, checks := tillState(t, r.dirs[i])
		if unsynced != 0 || checks != qrPerTill {
			t.Fatalf("%s: %d unsynced, %d QR confirmations of %d", tl, unsynced, checks, qrPerTill)
		}
		// The platform's rows for this terminal, in the till's format.
		got, errs, code := runCmd(t, r.platform, "sales", "export", "--db", r.db, "--merchant", r.merchant, "--terminal", tl, "--format", "csv")
		if code != 0 || got != string(want) {
			t.Fatalf("%s: the platform's export for the terminal (%d lines) differs from the till's: %s", tl, strings.Count(got, "\n"), errs)
		}
		tillOut, _, _ := runCmd(t, r.hanout, "sales", "export", "--data", r.dirs[i], "--format", "csv")
		if tillOut != string(want) {
			t.Fatalf("%s: hanout sales export differs from the till's store", tl)
		}
	}
}

// loadReport is the last line a loadtest prints.
var loadReport = regexp.MustCompile(`^\d+ sales/s, p50 \S+, p99 \S+ per push of 10, 0 errors, ingest [\d.]+× the floor$`)

// loadtests: a small load test through both servers, then the same with
// servers of its own, started and stopped by the loadtest.
func (r *pgE2E) loadtests() {
	t := r.t
	out, errs, code := runCmd(t, r.platform, "loadtest", "--db", r.db, "--url", "http://"+r.srv[0].addr+",http://"+r.srv[1].addr,
		"--tills", "6", "--sales", "30", "--batch", "10", "--inflight", "4")
	if code != 0 || !loadReport.MatchString(lastLine(out)) || !strings.Contains(errs, "180/180 sales pushed") {
		t.Fatalf("loadtest: %d\n%s\n%s", code, out, errs)
	}
	out, errs, code = runCmd(t, r.platform, "loadtest", "--db", r.db, "--servers", "2",
		"--tills", "4", "--sales", "20", "--batch", "10", "--inflight", "4")
	if code != 0 || !loadReport.MatchString(lastLine(out)) ||
		!strings.Contains(errs, "80/80 sales pushed") || strings.Count(errs, "dashboard password in the database") != 2 {
		t.Fatalf("loadtest --servers: %d\n%s\n%s", code, out, errs)
	}
}

func lastLine(out string) string {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	return lines[len(lines)-1]
}

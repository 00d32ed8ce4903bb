package main_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	gosync "sync"
	"sync/atomic"
	"testing"
	"time"

	"hanout/pos"
	"hanout/pos/export"
	"hanout/pos/store"
	tillsync "hanout/sync"
	"hanout/sync/faultproxy"
	"hanout/sync/platform/pgstore/pgtest"
)

// build compiles both programs once per test run (into a folder TestMain
// removes).
func build(t *testing.T) (hanout, platform string) {
	t.Helper()
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "hanout-e2e-")
		if buildErr != nil {
			return
		}
		for _, pkg := range []string{"hanout/cmd/hanout", "hanout/cmd/hanout-platform"} {
			out, err := exec.Command("go", "build", "-o", binDir+string(os.PathSeparator), pkg).CombinedOutput()
			if err != nil {
				buildErr = fmt.Errorf("go build %s: %v\n%s", pkg, err, out)
				return
			}
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return filepath.Join(binDir, "hanout"), filepath.Join(binDir, "hanout-platform")
}

var (
	buildOnce gosync.Once
	binDir    string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := pgtest.Main(m) // runs the tests, then stops the throwaway PostgreSQL
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

func runCmd(t *testing.T, bin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var o, e bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &o, &e
	cmd.Env = append(os.Environ(), "LANG=en_US.UTF-8")
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return o.String(), e.String(), ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return o.String(), e.String(), 0
}

// server is a running hanout-platform serve.
type server struct {
	cmd  *exec.Cmd
	addr string
}

func startPlatform(t *testing.T, bin, data string) *server {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--data", data, "--addr", "127.0.0.1:0")
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

func (s *server) stop(t *testing.T) {
	s.cmd.Process.Signal(os.Interrupt)
	s.cmd.Wait()
}

// tillWithSales makes a till data folder with n sales rung up offline in
// one open shift; every 500th is a QR sale recorded "paid — to verify".
func tillWithSales(t *testing.T, dir string, n int) (qrRefs map[string]pos.Money) {
	t.Helper()
	s, err := store.Open(dir, store.Options{Terminal: "SOUK-1", NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	at := time.Date(2026, 6, 11, 9, 0, 0, 0, time.UTC)
	err = s.ReplaceCatalog([]pos.Product{
		{SKU: "TAJ", Name: pos.Names{FR: "Tajine"}, Category: "poterie", Price: 15000, Floor: 12000, Tax: 2000, Stock: 100000, Active: true, Updated: at},
		{SKU: "ARG", Name: pos.Names{FR: "Huile d'argan"}, Category: "cosmetique", Price: 9900, Floor: 8000, Tax: 1400, Stock: 100000, Active: true, Updated: at},
		{SKU: "BAB", Name: pos.Names{FR: "Babouches"}, Category: "cuir", Price: 25000, Floor: 20000, Tax: 2000, Stock: 100000, Active: true, Updated: at},
	})
	if err != nil {
		t.Fatal(err)
	}
	open, _ := pos.OpenShift("Ali", 50000, at)
	if err := s.Commit(open); err != nil {
		t.Fatal(err)
	}
	qrRefs = map[string]pos.Money{}
	for i := range n {
		p, _ := s.Product([]string{"TAJ", "ARG", "BAB"}[i%3])
		var tk pos.Ticket
		tk.Add(p, int64(1+i%4))
		total, _ := tk.Compute()
		tenders := []pos.Tender{}
		if i%500 == 499 {
			ref := fmt.Sprintf("%s-%d", s.InstallID(), i) // as the till issues them
			qrRefs[ref] = total
			tenders = append(tenders, pos.Tender{Kind: pos.TenderQRWallet, Amount: total, Status: pos.StatusUnverified, Reference: ref, ApprovedBy: "Fatima"})
		} else {
			cash, _ := pos.CashTender(total+500, total)
			tenders = append(tenders, cash)
		}
		d, err := tk.Sale(tenders, "Ali", open.Shift, at.Add(time.Duration(i)*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(d); err != nil {
			t.Fatal(err)
		}
	}
	return qrRefs
}

func tillState(t *testing.T, dir string) (unsynced uint64, csv []byte, checks int) {
	t.Helper()
	s, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var rows []export.Row
	s.Each(0, func(d *pos.Document) error {
		if export.Included(d) {
			rows = append(rows, export.RowOf(d))
		}
		if d.Kind == pos.KindTenderCheck && d.Check.Status == pos.StatusApproved {
			checks++
		}
		return nil
	})
	export.Sort(rows)
	var b bytes.Buffer
	export.WriteCSV(&b, rows)
	return s.Counters().Unsynced, b.Bytes(), checks
}

// TestEndToEnd runs both real programs on 127.0.0.1 through a misbehaving
// proxy: 2,000 sales rung up offline, the platform killed mid-sync, the
// till killed mid-sync (twice), then a network that cuts, delays and
// answers 503. After it settles the platform's export equals the till's,
// sale for sale, with nothing lost and nothing twice.
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	const sales = 2000
	r := newE2E(t)
	refs := tillWithSales(t, r.tdata, sales)
	r.enroll()
	r.killTill(r.killPlatform(sales))
	r.badNetwork()
	r.payQR(refs)
	r.srv.stop(t)
	r.exportsEqual(sales, len(refs))
}

// e2e is TestEndToEnd's world: both programs, their data folders, the
// running platform and the misbehaving proxy in front of it.
type e2e struct {
	t                *testing.T
	hanout, platform string
	pdata, tdata     string
	merchant         string
	srv              *server
	px               *faultproxy.Proxy
	fired            atomic.Bool // the last killAt's kill ran
}

func newE2E(t *testing.T) *e2e {
	hanoutBin, platBin := build(t)
	return &e2e{t: t, hanout: hanoutBin, platform: platBin, pdata: t.TempDir(), tdata: t.TempDir()}
}

// enroll adds the merchant and its terminal, starts the platform (admin
// commands then refuse its folder) behind the proxy and enrolls the till
// through it.
func (r *e2e) enroll() {
	t := r.t
	m, errs, code := runCmd(t, r.platform, "merchant", "add", "--data", r.pdata, "--acquirer-id", "ACQ-TIFAWT", "Coopérative Tifawt")
	r.merchant = strings.TrimSpace(m)
	if code != 0 || !strings.HasPrefix(r.merchant, "m-") || strings.Contains(r.merchant, "\n") {
		t.Fatalf("merchant add: %q %q %d", m, errs, code)
	}
	c, errs, code := runCmd(t, r.platform, "terminal", "add", "--data", r.pdata, "--merchant", r.merchant, "--name", "Souk stand")
	enrollCode := strings.TrimSpace(c)
	if code != 0 || len(enrollCode) != 19 {
		t.Fatalf("terminal add: %q %q %d", c, errs, code)
	}

	r.srv = startPlatform(t, r.platform, r.pdata)
	// Admin commands refuse a folder a running server holds.
	if _, errs, code := runCmd(t, r.platform, "merchant", "add", "--data", r.pdata, "X"); code != 1 || !strings.Contains(errs, "the platform is running with this data folder") {
		t.Fatalf("admin against a running server: %d %q", code, errs)
	}
	px, err := faultproxy.New(r.srv.addr, 42)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { px.Close() })
	r.px = px
	if out, errs, code := runCmd(t, r.hanout, "sync", "enroll", "--platform", "http://"+px.Addr(), "--code", enrollCode, "--data", r.tdata); code != 0 {
		t.Fatalf("enroll: %q %q", out, errs)
	}
}

// killAt arms the proxy to call kill when k more chunks went up.
func (r *e2e) killAt(k int64, kill func()) {
	r.fired.Store(false)
	limit := r.px.Chunks.Load() + k
	r.px.OnChunk(func(n int64) {
		if n == limit {
			r.fired.Store(true)
			kill()
		}
	})
}

// killPlatform: the platform is killed (SIGKILL) in the middle of the
// sync, then started again behind the proxy. It returns how many
// documents the till has left to send.
func (r *e2e) killPlatform(sales uint64) (left uint64) {
	t := r.t
	r.killAt(25, func() { r.srv.cmd.Process.Kill() })
	_, _, code := runCmd(t, r.hanout, "sync", "now", "--batch", "50", "--data", r.tdata)
	r.srv.cmd.Wait()
	left, _, _ = tillState(t, r.tdata)
	if !r.fired.Load() || code == 0 || left == 0 || left >= sales+1 {
		t.Fatalf("platform kill: fired %v, exit %d, %d unsynced", r.fired.Load(), code, left)
	}
	t.Logf("platform killed with %d documents unsynced", left)
	r.px.OnChunk(nil)
	r.srv = startPlatform(t, r.platform, r.pdata)
	r.px.SetTarget(r.srv.addr)
	return left
}

// killTill: the till is killed (SIGKILL) in the middle of a sync, twice;
// each time it has fewer documents left to send, and some.
func (r *e2e) killTill(left uint64) {
	t := r.t
	for _, k := range []int64{5, 12} {
		cmd := exec.Command(r.hanout, "sync", "now", "--batch", "20", "--data", r.tdata)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		r.killAt(k, func() { cmd.Process.Kill() })
		cmd.Wait()
		r.px.OnChunk(nil)
		now, _, _ := tillState(t, r.tdata)
		if !r.fired.Load() || now == 0 || now >= left {
			t.Fatalf("till kill at chunk %d: fired %v, unsynced %d (was %d)", k, r.fired.Load(), now, left)
		}
		t.Logf("till killed with %d documents unsynced", now)
		left = now
	}
}

// badNetwork syncs through a network that cuts requests and answers,
// delays and says 503, until a sync goes through (300 tries at most).
func (r *e2e) badNetwork() {
	r.px.SetFaults(faultproxy.Faults{CutRequest: 0.05, CutResponse: 0.1, Error503: 0.2, Delay: 0.2, MaxDelay: 5 * time.Millisecond})
	failed := 0
	for i := 0; i < 300; i++ {
		_, _, code := runCmd(r.t, r.hanout, "sync", "now", "--batch", "25", "--data", r.tdata)
		if code == 0 {
			break
		}
		failed++
	}
	r.px.SetFaults(faultproxy.Faults{})
	r.t.Logf("%d failed syncs on the bad network", failed)
}

// payQR: the acquirer pays the unverified references; the till commits a
// tender check for each and has nothing left to send.
func (r *e2e) payQR(refs map[string]pos.Money) {
	t := r.t
	for ref, amount := range refs {
		if out, errs, code := runCmd(t, r.platform, "pay", ref, "--account", "ACQ-TIFAWT", "--amount", amount.Decimal(), "--platform", "http://"+r.srv.addr, "--data", r.pdata); code != 0 || !strings.Contains(out, "paid") {
			t.Fatalf("pay %s: %q %q", ref, out, errs)
		}
	}
	if out, errs, code := runCmd(t, r.hanout, "sync", "now", "--data", r.tdata); code != 0 || !strings.Contains(out, fmt.Sprintf("%d QR confirmations", len(refs))) {
		t.Fatalf("final sync: %q %q", out, errs)
	}
	out, _, _ := runCmd(t, r.hanout, "sync", "status", "--data", r.tdata)
	if !strings.Contains(out, "unsynced:     0") || !strings.Contains(out, "state:        online") {
		t.Fatalf("sync status:\n%s", out)
	}
}

// exportsEqual: the platform's export equals the till's, sale for sale,
// with nothing lost and nothing twice; the till's own command says the
// same, byte for byte.
func (r *e2e) exportsEqual(sales, qr int) {
	t := r.t
	unsynced, want, checks := tillState(t, r.tdata)
	if unsynced != 0 || checks != qr {
		t.Fatalf("till: %d unsynced, %d checks", unsynced, checks)
	}
	got, errs, code := runCmd(t, r.platform, "sales", "export", "--data", r.pdata, "--merchant", r.merchant, "--format", "csv")
	if code != 0 {
		t.Fatalf("platform export: %s", errs)
	}
	ids := saleIDsOnce(t, got)
	if len(ids) != sales || got != string(want) {
		t.Fatalf("platform has %d sales; exports equal: %v", len(ids), got == string(want))
	}
	if tillOut, errs, code := runCmd(t, r.hanout, "sales", "export", "--data", r.tdata, "--format", "csv"); code != 0 || tillOut != got {
		t.Fatalf("hanout sales export differs (exit %d, %s)", code, errs)
	}
}

// saleIDsOnce is the set of sale ids (third column) of a sales export in
// CSV, failing the test on an id seen twice.
func saleIDsOnce(t *testing.T, csv string) map[string]bool {
	t.Helper()
	ids := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(csv), "\n")[1:] {
		id := strings.Split(l, ",")[2]
		if ids[id] {
			t.Fatalf("sale %s twice on the platform", id)
		}
		ids[id] = true
	}
	return ids
}

// sellAfter rings up one tajine on the till in dir, in its open shift.
func sellAfter(t *testing.T, dir string) *pos.Document {
	t.Helper()
	s, err := store.Open(dir, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	p, err := s.Product("TAJ")
	if err != nil {
		t.Fatal(err)
	}
	var tk pos.Ticket
	tk.Add(p, 1)
	total, _ := tk.Compute()
	cash, _ := pos.CashTender(total, total)
	d, err := tk.Sale([]pos.Tender{cash}, "Ali", s.OpenShift(), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(d); err != nil {
		t.Fatal(err)
	}
	return d
}

// TestRevokeAndReenroll runs the README's steps for a lost till with both
// real programs: the revoked till is told so, in its language; the
// replacement enrolled with the re-enrollment code takes the terminal's
// name and numbers its receipts after the last one the platform holds, so
// no number of the terminal is used twice.
func TestRevokeAndReenroll(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	hanoutBin, platBin := build(t)
	pdata, old, repl := t.TempDir(), t.TempDir(), t.TempDir()
	tillWithSales(t, old, 3) // receipts 1-3 as SOUK-1, before enrolling
	m, errs, code := runCmd(t, platBin, "merchant", "add", "--data", pdata, "--acquirer-id", "ACQ-1", "Tifawt")
	merchant := strings.TrimSpace(m)
	if code != 0 {
		t.Fatalf("merchant add: %s", errs)
	}
	c, _, _ := runCmd(t, platBin, "terminal", "add", "--data", pdata, "--merchant", merchant, "--name", "Souk stand")
	if _, errs, code := runCmd(t, platBin, "terminal", "add", "--data", pdata, "--merchant", merchant, "--name", "SOUK STAND"); code != 1 || !strings.Contains(errs, "already has it") {
		t.Fatalf("a second terminal of the same name: %d %s", code, errs)
	}
	srv := startPlatform(t, platBin, pdata)
	url := "http://" + srv.addr
	if out, errs, code := runCmd(t, hanoutBin, "sync", "enroll", "--platform", url, "--code", strings.TrimSpace(c), "--data", old); code != 0 {
		t.Fatalf("enroll: %q %q", out, errs)
	}
	if d := sellAfter(t, old); d.Terminal != "Souk stand" || d.Receipt != 4 {
		t.Fatalf("sale after enrollment: %s #%d", d.Terminal, d.Receipt)
	}
	if out, errs, code := runCmd(t, hanoutBin, "sync", "now", "--data", old); code != 0 {
		t.Fatalf("sync: %q %q", out, errs)
	}
	srv.stop(t)
	list, _, _ := runCmd(t, platBin, "terminal", "list", "--data", pdata, "--merchant", merchant)
	lines := strings.Split(strings.TrimSpace(list), "\n")
	if len(lines) != 2 || !strings.Contains(lines[1], "Souk stand") || !strings.Contains(lines[1], " 4 ") || !strings.HasSuffix(lines[1], "enrolled") {
		t.Fatalf("terminal list:\n%s", list)
	}
	term := strings.Fields(lines[1])[0]

	// Lost: revoked, the till is refused at once and says why.
	if out, errs, code := runCmd(t, platBin, "terminal", "revoke", "--data", pdata, term); code != 0 || !strings.Contains(out, "revoked") {
		t.Fatalf("revoke: %q %q", out, errs)
	}
	srv = startPlatform(t, platBin, pdata)
	url = "http://" + srv.addr
	setPlatform(t, old, url)
	sellAfter(t, old)
	if _, errs, code := runCmd(t, hanoutBin, "sync", "now", "--data", old); code == 0 || !strings.Contains(errs, "revoked on the platform") {
		t.Fatalf("sync of a revoked till: %d %q", code, errs)
	}
	srv.stop(t)

	// Replaced: a new device set up afresh enrolls with the new code.
	c, errs, code = runCmd(t, platBin, "terminal", "reenroll", "--data", pdata, term)
	if code != 0 {
		t.Fatalf("reenroll: %s", errs)
	}
	freshTill(t, repl)
	srv = startPlatform(t, platBin, pdata)
	url = "http://" + srv.addr
	if out, errs, code := runCmd(t, hanoutBin, "sync", "enroll", "--platform", url, "--code", strings.TrimSpace(c), "--data", repl); code != 0 {
		t.Fatalf("enroll the replacement: %q %q", out, errs)
	}
	if d := sellAfter(t, repl); d.Terminal != "Souk stand" || d.Receipt != 5 {
		t.Fatalf("first sale of the replacement: %s #%d, want Souk stand #5", d.Terminal, d.Receipt)
	}
	if out, errs, code := runCmd(t, hanoutBin, "sync", "now", "--data", repl); code != 0 {
		t.Fatalf("sync of the replacement: %q %q", out, errs)
	}
	srv.stop(t)
	csv, _, _ := runCmd(t, platBin, "sales", "export", "--data", pdata, "--merchant", merchant)
	seen := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(csv), "\n")[1:] {
		f := strings.Split(l, ",")
		if seen[f[1]] {
			t.Fatalf("receipt %s twice on the platform:\n%s", f[1], csv)
		}
		seen[f[1]] = true
	}
	if len(seen) != 5 {
		t.Fatalf("platform export:\n%s", csv)
	}
}

// setPlatform points an enrolled till at another address (the platform
// restarted on another port).
func setPlatform(t *testing.T, dir, url string) {
	t.Helper()
	s, err := store.Open(dir, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	set, _, err := tillsync.LoadSettings(s)
	if err != nil {
		t.Fatal(err)
	}
	set.Platform = url
	if err := s.PutSetting(tillsync.SettingsKey, set); err != nil {
		t.Fatal(err)
	}
}

// freshTill is a till set up afresh: catalogue and an open shift, no sale.
func freshTill(t *testing.T, dir string) {
	t.Helper()
	tillWithSales(t, dir, 0)
}

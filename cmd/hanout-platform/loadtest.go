package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"hanout/pos"
	"hanout/sync/platform"
	"hanout/sync/platform/pgstore"
	"hanout/sync/platform/pgstore/pgcluster"
	"hanout/sync/wire"
)

// loadtest enrolls N simulated tills on a PostgreSQL platform, has each
// push M realistic sales in batches spread over the given servers, and
// prints sales per second, p50 and p99 push latency and errors. With
// --floor it then inserts the same sales by bare multi-row INSERTs into a
// scratch table of the same shape, in the same run, and prints the
// platform's ingest as a ratio of that floor.
func loadtest(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("loadtest", stderr)
	db := fs.String("db", "", "the servers' PostgreSQL URL, to create the merchants and tills (default $"+pgstore.EnvURL+")")
	urls := fs.String("url", "", "server URLs, comma-separated; till i pushes to URL i mod count")
	tills := fs.Int("tills", 100, "simulated tills")
	sales := fs.Int("sales", 200, "sales per till")
	batch := fs.Int("batch", 200, "sales per push")
	inflight := fs.Int("inflight", 8, "pushes in flight at once, over all tills")
	perMerchant := fs.Int("per-merchant", 2, "tills per merchant")
	floor := fs.Bool("floor", true, "also insert the same sales by bare multi-row INSERT, for the ratio")
	floorAs := fs.String("floor-as", floorValues, "how the floor inserts: values (INSERT ... VALUES, a row of parameters a sale), arrays (INSERT ... SELECT unnest of one array a column, as the platform does) or copy (COPY FROM STDIN)")
	rounds := fs.Int("rounds", 0, "alternate pushing and the floor in this many rounds (default: one batch of each till a round)")
	spawn := fs.Int("servers", 0, "start this many `serve` processes on 127.0.0.1 over the database instead of --url (and, without --db, a throwaway PostgreSQL cluster), stopped at the end")
	rest, err := parse(fs, args)
	if err != nil || len(rest) != 0 || (*urls == "") == (*spawn <= 0) || *spawn < 0 || *tills <= 0 || *sales <= 0 || *batch <= 0 || *batch > wire.MaxBatch || *inflight <= 0 || *perMerchant <= 0 || *rounds < 0 || *rounds > *tills*((*sales+*batch-1) / *batch) || floorForms[*floorAs] == "" {
		fmt.Fprintf(stderr, "Usage: hanout-platform loadtest [--db URL] (--url URL[,URL...] | --servers N) --tills N --sales M [--batch B (1-%d)] [--inflight C] [--per-merchant K] [--rounds R (1-tills×batches)] [--floor=false | --floor-as values|arrays|copy]\n", wire.MaxBatch)
		return usageExit(err)
	}
	dbURL := *db
	if dbURL == "" {
		dbURL = os.Getenv(pgstore.EnvURL)
	}
	if dbURL == "" && *spawn > 0 {
		c, err := pgcluster.Start(loadClusterSettings...)
		if err != nil {
			fmt.Fprintf(stderr, "hanout-platform: %v\n", err)
			return exitFail
		}
		defer c.Stop()
		dbURL = c.URL
		fmt.Fprintf(stderr, "a throwaway PostgreSQL cluster (fsync and synchronous commit on, %s) at %s\n", strings.Join(loadClusterSettings, " "), c.URL)
	}
	if dbURL == "" {
		fmt.Fprintln(stderr, "hanout-platform: loadtest needs --db URL (or "+pgstore.EnvURL+") to create its merchants and tills")
		return exitUsage
	}
	var servers []string
	var serverPIDs []int
	if *spawn > 0 {
		stop, addrs, pids, err := spawnServers(dbURL, *spawn, stderr)
		defer stop()
		if err != nil {
			fmt.Fprintf(stderr, "hanout-platform: %v\n", err)
			return exitFail
		}
		servers, serverPIDs = addrs, pids
	} else {
		servers = strings.Split(*urls, ",")
	}
	for i := range servers {
		servers[i] = strings.TrimRight(strings.TrimSpace(servers[i]), "/")
	}
	st, err := pgstore.Open(context.Background(), dbURL, pgstore.Options{MaxConns: int32(max(16, *inflight))})
	if err != nil {
		fmt.Fprintf(stderr, "hanout-platform: %v\n", err)
		return exitFail
	}
	defer st.Close()

	lt, err := setupLoad(st, *tills, *perMerchant, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "\nhanout-platform: loadtest setup: %v\n", err)
		return exitFail
	}
	fmt.Fprintf(stderr, "\r%d tills of %d merchants enrolled; pushing %d sales each in batches of %d to %s\n",
		*tills, len(lt.merchants), *sales, *batch, strings.Join(servers, ", "))

	pushes := buildPushes(lt, *sales, *batch)

	total := *tills * *sales
	run := &loadRun{st: st, lt: lt, pushes: pushes, servers: servers, serverPIDs: serverPIDs,
		batch: *batch, inflight: *inflight, rounds: *rounds, floor: *floor, floorAs: *floorAs, stderr: stderr}
	r, err := run.run()
	if err != nil {
		fmt.Fprintf(stderr, "\nhanout-platform: %v\n", err)
		return exitFail
	}
	lat := r.lat
	rate := float64(r.pushed) / r.pushTime.Seconds()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	fmt.Fprintf(stderr, "\r%d/%d sales pushed in %s, in %d rounds                    \n", r.pushed, total, r.pushTime.Round(time.Millisecond), r.rounds)
	ratio := ""
	if *floor {
		fr := float64(r.floorRows) / r.floorTime.Seconds()
		fmt.Fprintf(stdout, "floor: the same %d sales by %s (%d rows a statement, %d at once), interleaved with the pushes in %d rounds: %.0f sales/s\n", r.floorRows, floorForms[*floorAs], *batch, *inflight, r.rounds, fr)
		fmt.Fprintf(stdout, "CPU a sale, floor: %s\n", perSaleOf(r.floorCPU, r.floorRows))
		ratio = fmt.Sprintf(", ingest %.2f× the floor", rate/fr)
	}
	fmt.Fprintf(stdout, "CPU a sale, pushing: %s\n", perSaleOf(r.pushCPU, r.pushed))
	fmt.Fprintf(stdout, "%.0f sales/s, p50 %s, p99 %s per push of %d, %d errors%s\n",
		rate, pct(lat, 50), pct(lat, 99), *batch, r.errs, ratio)
	if r.errs > 0 {
		return exitFail
	}
	return exitOK
}

// loadClusterSettings are the throwaway cluster's settings beyond
// Debian's defaults: durability stays (fsync, synchronous_commit and
// full_page_writes on), the buffers hold the run.
var loadClusterSettings = []string{"-c shared_buffers=256MB"}

// spawnServers starts n `hanout-platform serve` processes (this very
// executable) over the database on free ports of 127.0.0.1 and returns
// their URLs and a function that stops them all.
func spawnServers(db string, n int, stderr io.Writer) (stop func(), urls []string, pids []int, err error) {
	self, err := os.Executable()
	if err != nil {
		return func() {}, nil, nil, err
	}
	var cmds []*exec.Cmd
	stop = func() {
		for _, c := range cmds {
			c.Process.Signal(os.Interrupt)
		}
		for _, c := range cmds {
			c.Wait()
		}
	}
	for range n {
		c := exec.Command(self, "serve", "--db", db, "--addr", "127.0.0.1:0")
		c.Stderr = stderr
		out, err := c.StdoutPipe()
		if err != nil {
			return stop, nil, nil, err
		}
		if err := c.Start(); err != nil {
			return stop, nil, nil, err
		}
		cmds = append(cmds, c)
		pids = append(pids, c.Process.Pid)
		line, err := bufio.NewReader(out).ReadString('\n')
		addr, ok := strings.CutPrefix(strings.TrimSpace(line), "serving on ")
		if err != nil || !ok {
			return stop, nil, nil, fmt.Errorf("serve did not start: %q %v", line, err)
		}
		urls = append(urls, addr)
	}
	return stop, urls, pids, nil
}

// buildPushes makes every till's pushes: sales sales in batches of batch,
// chained and gzipped. Every push is built before the clock starts, as the
// floor's statements are: the run measures the platform, not this program.
func buildPushes(lt *load, sales, batch int) [][]loadPush {
	pushes := make([][]loadPush, len(lt.tills))
	var gwg sync.WaitGroup
	for i := range lt.tills {
		gwg.Add(1)
		go func() {
			defer gwg.Done()
			tl := &lt.tills[i]
			rng := rand.New(rand.NewPCG(uint64(i), 7))
			for from := 0; from < sales; from += batch {
				n := min(batch, sales-from)
				req := wire.PushRequest{V: wire.Version, Unsynced: uint64(sales - from)}
				for k := range n {
					raw := tl.sale(uint64(from+k+1), rng)
					// The till's journal chain: each hash covers the
					// previous one and the document's bytes.
					hash := pos.ChainHash(tl.prev, raw)
					req.Docs = append(req.Docs, raw)
					req.Chain = append(req.Chain, wire.Link{Hash: hex.EncodeToString(hash), Prev: hex.EncodeToString(tl.prev)})
					tl.prev = hash
				}
				body, _ := wire.Gzip(req)
				pushes[i] = append(pushes[i], loadPush{body, n})
			}
		}()
	}
	gwg.Wait()

	return pushes
}

// loadRun is one measurement: the pushes, and the floor's inserts of
// the same sales, interleaved in rounds. By default in round k every till
// pushes its k-th batch (timed), then the floor inserts exactly those
// sales (timed); with more rounds, each is a slice of that order (the
// tills' first batches, then their second ones...), a till's batches
// still pushed in order:
// other work on a shared machine that comes and goes then falls on both
// phases alike, where one phase after the other gave it all to whichever
// ran at the time; and the platform's documents and the floor's table
// grow by the same sales, round by round.
type loadRun struct {
	st         *pgstore.Store
	lt         *load
	pushes     [][]loadPush // by till, then round
	servers    []string
	serverPIDs []int
	batch      int
	inflight   int
	rounds     int // 0: as many as batches a till
	floor      bool
	floorAs    string // floorValues (""), floorArrays or floorCopy
	stderr     io.Writer
	// afterRound, when set, is called after each round's floor (tests).
	afterRound func(round int) error

	pushed, errs atomic.Int64
	sem          chan struct{} // pushes in flight
}

// loadResult is what a run measured: the rates are the sales of all
// rounds over each phase's time summed over the rounds.
type loadResult struct {
	rounds              int
	pushed, errs        int64
	floorRows           int64
	lat                 []time.Duration // every push's
	pushTime, floorTime time.Duration
	pushCPU, floorCPU   cpuSnap // each phase's, summed over the rounds
}

func (lr *loadRun) run() (loadResult, error) {
	var res loadResult
	var order []loadItem // every push: the tills' first batches, then their second ones...
	for k := 0; ; k++ {
		n := len(order)
		for i := range lr.pushes {
			if k < len(lr.pushes[i]) {
				order = append(order, loadItem{i, k})
			}
		}
		if len(order) == n {
			break
		}
		res.rounds = k + 1
	}
	if lr.rounds > 0 {
		res.rounds = min(lr.rounds, len(order))
	}
	ctx := context.Background()
	pool := lr.st.Pool()
	if lr.floor {
		if _, err := pool.Exec(ctx, `DROP TABLE IF EXISTS loadtest_floor;
		CREATE TABLE loadtest_floor (LIKE documents INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`); err != nil {
			return res, fmt.Errorf("floor: %w", err)
		}
		defer pool.Exec(ctx, "DROP TABLE IF EXISTS loadtest_floor")
	}
	lr.sem = make(chan struct{}, lr.inflight)
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: lr.inflight, MaxConnsPerHost: lr.inflight}}
	defer client.CloseIdleConnections()
	total := 0
	for _, tl := range lr.lt.tills {
		total += len(tl.raws)
	}
	res.pushCPU, res.floorCPU = cpuOK, cpuOK
	for k := range res.rounds {
		items := order[k*len(order)/res.rounds : (k+1)*len(order)/res.rounds]
		pushed0 := lr.pushed.Load()
		c0 := snapCPU(lr.st, lr.serverPIDs)
		lat, d := lr.pushRound(client, items, total, res.pushTime)
		pcpu := snapCPU(lr.st, lr.serverPIDs).minus(c0)
		res.pushCPU = res.pushCPU.plus(pcpu)
		res.pushTime += d
		res.lat = append(res.lat, lat...)
		n := lr.pushed.Load() - pushed0
		line := fmt.Sprintf("round %d/%d: %d sales pushed, %.0f sales/s, p99 %s%s", k+1, res.rounds, n, float64(n)/d.Seconds(), pctOf(lat, 99), cpuOfRound(pcpu, n))
		if lr.floor {
			rows, fd, cpu, err := lr.floorRound(items)
			if err != nil {
				return res, fmt.Errorf("floor: %w", err)
			}
			res.floorRows += rows
			res.floorTime += fd
			res.floorCPU = res.floorCPU.plus(cpu)
			fr := float64(rows) / fd.Seconds()
			line += fmt.Sprintf("; floor %.0f sales/s%s; %.2f×", fr, cpuOfRound(cpu, rows), float64(n)/d.Seconds()/fr)
		}
		fmt.Fprintf(lr.stderr, "\r%s          \n", line)
		if lr.afterRound != nil {
			if err := lr.afterRound(k); err != nil {
				return res, err
			}
		}
	}
	res.pushed, res.errs = lr.pushed.Load(), lr.errs.Load()
	if lr.floor {
		var n int64
		if err := pool.QueryRow(ctx, "SELECT count(*) FROM loadtest_floor").Scan(&n); err != nil {
			return res, fmt.Errorf("floor: %w", err)
		}
		if n != res.floorRows {
			return res, fmt.Errorf("floor: %d rows in the table, %d inserted", n, res.floorRows)
		}
	}
	return res, nil
}

// loadItem is till i's push k.
type loadItem struct{ till, k int }

// pushRound sends a round's pushes, each to its till's server (till i to
// server i mod count), a till's in order, inflight at once, with a
// progress line over the whole run (before: the push time of the rounds
// before), and returns the pushes' latencies and the round's time.
func (lr *loadRun) pushRound(client *http.Client, items []loadItem, total int, before time.Duration) ([]time.Duration, time.Duration) {
	byTill := map[int][]int{}
	for _, it := range items {
		byTill[it.till] = append(byTill[it.till], it.k)
	}
	var mu sync.Mutex
	var lat []time.Duration
	stop := make(chan struct{})
	progressDone := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(progressDone)
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				n := lr.pushed.Load()
				fmt.Fprintf(lr.stderr, "\r%d/%d sales pushed, %.0f sales/s, %d errors   ", n, total, float64(n)/(before+time.Since(start)).Seconds(), lr.errs.Load())
			}
		}
	}()
	var wg sync.WaitGroup
	for i, ks := range byTill {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, k := range ks {
				lr.push(client, i, k, &mu, &lat)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(stop)
	<-progressDone
	return lat, elapsed
}

// push sends till i's push k, again on failure, and records its latency.
func (lr *loadRun) push(client *http.Client, i, k int, mu *sync.Mutex, lat *[]time.Duration) {
	tl := &lr.lt.tills[i]
	server := lr.servers[i%len(lr.servers)]
	p := lr.pushes[i][k]
	for attempt := 0; ; attempt++ {
		lr.sem <- struct{}{}
		t0 := time.Now()
		ok, retryAfter := pushOnce(client, server, tl, p.body, p.n)
		d := time.Since(t0)
		<-lr.sem
		if ok {
			mu.Lock()
			*lat = append(*lat, d)
			mu.Unlock()
			lr.pushed.Add(int64(p.n))
			return
		}
		lr.errs.Add(1)
		if attempt == 20 {
			return // counted as errors; the till would try again later
		}
		time.Sleep(retryAfter)
	}
}

// floorRound inserts the sales of a round's pushes into the scratch table
// shaped like the platform's documents, a batch a statement, inflight
// statements at once, and returns the rows inserted, the time and the
// CPU it took.
func (lr *loadRun) floorRound(items []loadItem) (int64, time.Duration, cpuSnap, error) {
	ctx := context.Background()
	pool := lr.st.Pool()
	// The statements are built before the clock starts: the floor is the
	// database's work, not this program's.
	var stmts []floorStmt
	for _, it := range items {
		tl := &lr.lt.tills[it.till]
		from := it.k * lr.batch
		st, err := buildFloorStmt(lr.floorAs, tl.merchant, tl.raws[from:min(len(tl.raws), from+lr.batch)])
		if err != nil {
			return 0, 0, cpuSnap{}, err
		}
		stmts = append(stmts, st)
	}
	var next, rows atomic.Int64
	var wg sync.WaitGroup
	errc := make(chan error, lr.inflight)
	cpu0 := snapCPU(lr.st, lr.serverPIDs)
	start := time.Now()
	for range lr.inflight {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(stmts) {
					return
				}
				n, err := stmts[i].exec(ctx, pool)
				if err != nil {
					errc <- err
					return
				}
				rows.Add(n)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu := snapCPU(lr.st, lr.serverPIDs).minus(cpu0)
	select {
	case err := <-errc:
		return 0, 0, cpuSnap{}, err
	default:
	}
	return rows.Load(), elapsed, cpu, nil
}

// pctOf is pct of latencies not yet sorted.
func pctOf(lat []time.Duration, p int) string {
	lat = append([]time.Duration(nil), lat...)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return pct(lat, p)
}

func pct(lat []time.Duration, p int) string {
	if len(lat) == 0 {
		return "-"
	}
	i := (len(lat)*p + 99) / 100
	return lat[max(0, min(len(lat)-1, i-1))].Round(time.Millisecond).String()
}

// pushOnce sends one batch; it reports success and, on failure, how long
// to wait (the server's Retry-After, else a short pause).
func pushOnce(c *http.Client, server string, tl *loadTill, body []byte, n int) (bool, time.Duration) {
	req, _ := http.NewRequest(http.MethodPost, server+"/v1/merchants/"+tl.merchant+"/documents", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Content-Encoding", "gzip")
	req.Header.Set("Authorization", "Bearer "+tl.token)
	resp, err := c.Do(req)
	if err != nil {
		return false, 200 * time.Millisecond
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		wait := 200 * time.Millisecond
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s > 0 {
			wait = time.Duration(s) * time.Second
		}
		return false, wait
	}
	var pr wire.PushResponse
	if json.Unmarshal(raw, &pr) != nil || len(pr.Acked) != n {
		return false, 200 * time.Millisecond
	}
	return true, 0
}

type loadPush struct {
	body []byte // gzip JSON
	n    int    // sales in it
}

type loadTill struct {
	merchant, name, token string
	products              []pos.Product
	prev                  []byte   // the last chain hash
	raws                  [][]byte // every sale pushed, for the floor
}

// sale makes the till's receipt number seq: one to three catalogue
// products, paid cash.
func (tl *loadTill) sale(seq uint64, rng *rand.Rand) json.RawMessage {
	var t pos.Ticket
	for range 1 + rng.IntN(3) {
		p := tl.products[rng.IntN(len(tl.products))]
		t.Add(&p, 1+rng.Int64N(2))
	}
	total, taxes := t.Compute()
	d := pos.Document{ID: pos.NewID(), Kind: pos.KindSale, Terminal: tl.name, Receipt: seq, Seq: seq, Time: time.Now().UTC(),
		Cashier: "Fatima", Lines: t.Lines, Total: total, Taxes: taxes,
		Tenders: []pos.Tender{{Kind: pos.TenderCash, Amount: total, Given: total, Status: pos.StatusApproved}}}
	raw, _ := json.Marshal(d)
	tl.raws = append(tl.raws, raw)
	return raw
}

type load struct {
	merchants []string
	tills     []loadTill
}

// setupLoad creates the merchants, their catalogue and the tills, and
// enrolls each till with a token of its own.
func setupLoad(st *pgstore.Store, tills, perMerchant int, stderr io.Writer) (*load, error) {
	nm := (tills + perMerchant - 1) / perMerchant
	lt := &load{merchants: make([]string, nm), tills: make([]loadTill, tills)}
	run := time.Now().UTC().Format("150405")
	catalogue := []pos.Product{
		{SKU: "ARGAN-100", Name: pos.Names{FR: "Huile d'argan 100 ml"}, Category: "cosmétique", Price: 12000, Floor: 10000, Tax: 2000},
		{SKU: "AMLOU-250", Name: pos.Names{FR: "Amlou 250 g"}, Category: "épicerie", Price: 6500, Floor: 6000, Tax: 700},
		{SKU: "SAVON-NOIR", Name: pos.Names{FR: "Savon noir"}, Category: "cosmétique", Price: 2500, Floor: 2000, Tax: 2000},
		{SKU: "TAJINE-S", Name: pos.Names{FR: "Tajine petit"}, Category: "poterie", Price: 9000, Floor: 7000, Tax: 2000},
	}
	for i := range catalogue {
		catalogue[i].Stock, catalogue[i].Active = 1_000_000, true
	}
	var done atomic.Int64
	jobs := make(chan int)
	errc := make(chan error, 8)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for mi := range jobs {
				m, err := st.AddMerchant(fmt.Sprintf("Charge %s-%d", run, mi))
				if err != nil {
					errc <- err
					continue
				}
				lt.merchants[mi] = m.ID
				for _, p := range catalogue {
					if _, err := st.SetProduct(m.ID, p, time.Now()); err != nil {
						errc <- err
					}
				}
				for ti := mi * perMerchant; ti < min(tills, (mi+1)*perMerchant); ti++ {
					name := fmt.Sprintf("LT%s-%05d", run, ti)
					_, code, err := st.AddTerminal(m.ID, name)
					if err != nil {
						errc <- err
						continue
					}
					secret := platform.NewSecret(32)
					t, err := st.Enroll(platform.Enrollment{CodeHash: platform.Hash(code), TokenHash: platform.Hash(secret)}, time.Now())
					if err != nil {
						errc <- err
						continue
					}
					lt.tills[ti] = loadTill{merchant: m.ID, name: t.Till, token: platform.Token(t.ID, secret), products: catalogue, prev: make([]byte, 32)}
					if n := done.Add(1); n%50 == 0 {
						fmt.Fprintf(stderr, "\rsetting up: %d/%d tills enrolled", n, tills)
					}
				}
			}
		}()
	}
	go func() {
		for i := range nm {
			jobs <- i
		}
		close(jobs)
	}()
	wg.Wait()
	select {
	case err := <-errc:
		return nil, err
	default:
	}
	return lt, nil
}

// The floor's forms (--floor-as), each a bare insert of the same rows.
// values is the "bare multi-row INSERT" and the default; arrays is
// the form the platform's own INSERT takes; copy is COPY FROM STDIN.
const (
	floorValues = "values"
	floorArrays = "arrays"
	floorCopy   = "copy"
)

// floorForms names each form on the result line.
var floorForms = map[string]string{
	floorValues: "bare multi-row INSERT",
	floorArrays: "bare INSERT of unnested arrays",
	floorCopy:   "bare COPY",
}

// floorColumns are the floor's columns, in the order of its values.
var floorColumns = []string{"merchant", "id", "terminal", "kind", "receipt", "seq", "time", "total", "raw"}

// floorStmt is one statement of the floor: sql with args, or with copy
// the rows of a COPY.
type floorStmt struct {
	sql  string
	args []any
	copy [][]any
}

func (f floorStmt) exec(ctx context.Context, pool *pgxpool.Pool) (int64, error) {
	if f.copy != nil {
		return pool.CopyFrom(ctx, pgx.Identifier{"loadtest_floor"}, floorColumns, pgx.CopyFromRows(f.copy))
	}
	tag, err := pool.Exec(ctx, f.sql, f.args...)
	return tag.RowsAffected(), err
}

// buildFloorStmt is the floor's statement (in form as) inserting the
// sales raws of a merchant's till, each with the columns the platform's
// INSERT gives it.
func buildFloorStmt(as, merchant string, raws [][]byte) (floorStmt, error) {
	docs := make([]pos.Document, len(raws))
	for i, raw := range raws {
		if err := json.Unmarshal(raw, &docs[i]); err != nil {
			return floorStmt{}, err
		}
	}
	if as == floorArrays {
		n := len(docs)
		ids, terms, kinds := make([]string, n), make([]string, n), make([]string, n)
		receipts, seqs, totals, times := make([]int64, n), make([]int64, n), make([]int64, n), make([]time.Time, n)
		for i, d := range docs {
			ids[i], terms[i], kinds[i] = d.ID, d.Terminal, string(d.Kind)
			receipts[i], seqs[i], totals[i], times[i] = int64(d.Receipt), int64(d.Seq), int64(d.Total), d.Time
		}
		return floorStmt{sql: `INSERT INTO loadtest_floor (merchant, id, terminal, kind, receipt, seq, time, total, raw)
			SELECT $1, unnest($2::text[]), unnest($3::text[]), unnest($4::text[]), unnest($5::bigint[]),
				unnest($6::bigint[]), unnest($7::timestamptz[]), unnest($8::bigint[]), unnest($9::bytea[])`,
			args: []any{merchant, ids, terms, kinds, receipts, seqs, times, totals, raws}}, nil
	}
	rows := make([][]any, len(docs))
	for i, d := range docs {
		rows[i] = []any{merchant, d.ID, d.Terminal, string(d.Kind), int64(d.Receipt), int64(d.Seq), d.Time, int64(d.Total), raws[i]}
	}
	if as == floorCopy {
		return floorStmt{copy: rows}, nil
	}
	var sb strings.Builder
	sb.WriteString("INSERT INTO loadtest_floor (merchant, id, terminal, kind, receipt, seq, time, total, raw) VALUES ")
	args := make([]any, 0, len(floorColumns)*len(rows))
	for j, r := range rows {
		if j > 0 {
			sb.WriteString(",")
		}
		n := len(args)
		fmt.Fprintf(&sb, "($%d,$%d,$%d,$%d,$%d,$%d,$%d,$%d,$%d)", n+1, n+2, n+3, n+4, n+5, n+6, n+7, n+8, n+9)
		args = append(args, r...)
	}
	return floorStmt{sql: sb.String(), args: args}, nil
}

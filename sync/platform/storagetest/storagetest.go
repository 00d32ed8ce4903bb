// Package storagetest is the behaviour of platform.Storage, written once
// and run against every implementation (boltstore, pgstore) on real
// databases: no mocks.
//
//	func TestConformance(t *testing.T) { storagetest.Run(t, open) }
package storagetest

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"hanout/pos"
	"hanout/sync/platform"
	"hanout/sync/wire"
)

// Open returns two handles on one new, empty store, as two servers would
// have (an embedded store returns the same handle twice). It closes them
// when the test ends.
type Open func(t *testing.T) (a, b platform.Storage)

// Run runs the whole suite.
func Run(t *testing.T, open Open) {
	for _, c := range []struct {
		name string
		fn   func(*testing.T, platform.Storage, platform.Storage)
	}{
		{"Merchants", merchants},
		{"Enrollment", enrollment},
		{"EnrollmentCodeUsedOnceUnderRace", enrollmentRace},
		{"IngestStoresOnceAndAcksAll", ingestOnce},
		{"IngestFromTwoServersAtOnceStoresOnce", ingestRace},
		{"StockMovesAndUniquePieceOversell", stock},
		{"ProductEditsAndConflicts", edits},
		{"OnlineSale", onlineSale},
		{"PaymentNoticeThenSale", func(t *testing.T, a, b platform.Storage) { payment(t, a, b, true) }},
		{"PaymentSaleThenNotice", func(t *testing.T, a, b platform.Storage) { payment(t, a, b, false) }},
		{"PaymentAmountMismatchIsRefused", paymentMismatch},
		{"PaymentNoticeAndSaleRace", paymentRace},
		{"ChangesPageInOrder", paging},
		{"FeedUnderConcurrentWritersNeverSkips", feedConcurrent},
		{"Overview", overview},
		{"AnchorsKeptNeverReplaced", anchors},
		{"PushChainOnTwoServers", pushChain},
		{"TerminalIdentityIsUnique", identity},
		{"RevokeAndReenroll", revokeReenroll},
		{"PaymentsBelongToAMerchantAndItsTill", paymentOwners},
		{"LaterContradictingNoticeIsKept", contradiction},
		{"UsersByEmailAndMerchant", users},
		{"SessionsExpireAndAreDeleted", sessions},
		{"FiguresKeptAtIngestAndDocumentsByPeriod", figures},
		{"WebPagesFigures", webPages},
		{"ReceiptByDocumentID", receipts},
		{"MasterRecordsAndAccounts", records},
		{"DayBooksKeptAtIngestEqualTheDocuments", booksKeptAtIngest},
		{"RefusedDocumentsCountedOnTheTerminal", refusedCounted},
		{"AdoptionCounts", adoption},
		{"ProgrammeSumsByDayCityAndCraft", programmeSums},
		{"ArtisansPayoutsAndReport", artisans},
		{"UsersListedAndRemovedWithTheirSessions", usersListedAndRemoved},
		{"MerchantPagesKeysetAndSearch", merchantPages},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, b := open(t)
			c.fn(t, a, b)
		})
	}
}

var day = time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)

// Setup is a merchant with one enrolled terminal.
type Setup struct {
	M platform.Merchant
	T platform.Terminal
}

// setup's merchant has the acquirer account "ACQ-" + its id.
func setup(t *testing.T, st platform.Storage, name, till string) Setup {
	t.Helper()
	m, err := st.AddMerchant(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetAcquirer(m.ID, "ACQ-"+m.ID); err != nil {
		t.Fatal(err)
	}
	m.Account = "ACQ-" + m.ID
	tm := enroll(t, st, m.ID, till)
	return Setup{M: m, T: tm}
}

// enroll adds a terminal named till and enrolls it; its install id is
// till without dashes (so STAND-1 issues references STAND1-…).
func enroll(t *testing.T, st platform.Storage, merchant, till string) platform.Terminal {
	t.Helper()
	_, code, err := st.AddTerminal(merchant, till)
	if err != nil {
		t.Fatal(err)
	}
	tm, err := st.Enroll(platform.Enrollment{CodeHash: platform.Hash(code), TokenHash: platform.Hash("secret-" + till), Install: strings.ReplaceAll(till, "-", "")}, day)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

// notice is a notice for the setup's merchant.
func (s Setup) notice(ref string, amount pos.Money, status string) wire.Notice {
	return wire.Notice{V: 1, Account: s.M.Account, Ref: ref, Amount: amount, Status: status}
}

// Sale is a sale document of till with one line per sku, 10.00 each.
func Sale(till string, seq uint64, skus ...string) platform.Doc {
	d := &pos.Document{ID: pos.NewID(), Kind: pos.KindSale, Terminal: till, Receipt: seq, Seq: seq, Time: day, Cashier: "Ali"}
	for _, s := range skus {
		d.Lines = append(d.Lines, pos.Line{SKU: s, Qty: 1, Price: 1000, Total: 1000})
		d.Total += 1000
	}
	d.Tenders = []pos.Tender{{Kind: pos.TenderCash, Amount: d.Total, Given: d.Total, Status: pos.StatusApproved}}
	return raw(d)
}

func raw(d *pos.Document) platform.Doc {
	b, err := json.Marshal(d)
	if err != nil {
		panic(err)
	}
	return platform.Doc{Raw: b, Doc: d}
}

func product(sku string, stock int64, unique bool) pos.Product {
	return pos.Product{SKU: sku, Name: pos.Names{FR: "Produit " + sku}, Price: 1000, Tax: 2000, Stock: stock, Unique: unique, Active: true, Updated: day}
}

func changes(t *testing.T, st platform.Storage, merchant string) []wire.Change {
	t.Helper()
	var all []wire.Change
	var cur uint64
	for {
		p, err := st.Changes(merchant, cur, 0)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, p.Changes...)
		cur = p.Cursor
		if !p.More {
			return all
		}
	}
}

func kinds(cs []wire.Change) (out []string) {
	for _, c := range cs {
		out = append(out, c.Kind)
	}
	return out
}

func merchants(t *testing.T, a, b platform.Storage) {
	if _, err := a.AddMerchant("  "); !errors.Is(err, platform.ErrInvalid) {
		t.Fatalf("blank name: %v", err)
	}
	m, err := a.AddMerchant("Coopérative Tifawt")
	if err != nil {
		t.Fatal(err)
	}
	got, err := b.Merchant(m.ID)
	if err != nil || got.Name != "Coopérative Tifawt" || !got.Created.Equal(m.Created) {
		t.Fatalf("merchant: %+v %v, want %+v", got, err, m)
	}
	if _, err := b.Merchant("m-nobody"); !errors.Is(err, platform.ErrNotFound) {
		t.Fatalf("unknown merchant: %v", err)
	}
	for _, fn := range []func() error{
		func() error { _, _, err := a.AddTerminal("m-nobody", "x"); return err },
		func() error { _, err := a.Changes("m-nobody", 0, 0); return err },
		func() error { _, err := a.Export("m-nobody"); return err },
		func() error { _, err := a.SetProduct("m-nobody", product("A", 1, false), day); return err },
		func() error {
			_, err := a.Ingest(platform.Terminal{Merchant: "m-nobody"}, []platform.Doc{Sale("X", 1)}, day)
			return err
		},
	} {
		if err := fn(); !errors.Is(err, platform.ErrNotFound) {
			t.Fatalf("unknown merchant: %v", err)
		}
	}
}

func enrollment(t *testing.T, a, b platform.Storage) {
	m, _ := a.AddMerchant("One")
	if _, _, err := a.AddTerminal(m.ID, " "); !errors.Is(err, platform.ErrInvalid) {
		t.Fatalf("blank terminal name: %v", err)
	}
	tm, code, err := a.AddTerminal(m.ID, "Stand")
	if err != nil || tm.Merchant != m.ID || tm.TokenHash != "" {
		t.Fatalf("add terminal: %+v %v", tm, err)
	}
	if _, err := b.Enroll(platform.Enrollment{CodeHash: platform.Hash("WRONG-CODE"), TokenHash: "h"}, day); !errors.Is(err, platform.ErrCodeUsed) {
		t.Fatalf("unknown code: %v", err)
	}
	if tm.State() != platform.StateWaiting {
		t.Fatalf("state before enrollment: %s", tm.State())
	}
	enrollmentOnce(t, a, b, tm, code)
	later := day.Add(time.Hour)
	if err := b.Touch(tm.ID, 42, later); err != nil {
		t.Fatal(err)
	}
	if got, _ := a.Terminal(tm.ID); got.Backlog != 42 || !got.LastContact.Equal(later) {
		t.Fatalf("touch: %+v", got)
	}
	if _, err := a.Terminal("t-nobody"); !errors.Is(err, platform.ErrNotFound) {
		t.Fatalf("unknown terminal: %v", err)
	}
}

// enrollmentOnce: the terminal's code enrolls it once, with the claimed
// name and install id as its identity, seen through both handles.
func enrollmentOnce(t *testing.T, a, b platform.Storage, tm platform.Terminal, code string) {
	got, err := b.Enroll(platform.Enrollment{CodeHash: platform.Hash(code), TokenHash: "tokhash", Claim: "STAND-1", Install: "ABCDEFGHJK"}, day)
	if err != nil || got.ID != tm.ID || got.Till != "Stand" || got.TokenHash != "tokhash" || got.CodeHash != "" || !got.Enrolled.Equal(day) ||
		fmt.Sprint(got.Aliases) != "[STAND-1]" || fmt.Sprint(got.Installs) != "[ABCDEFGHJK]" || got.State() != platform.StateEnrolled {
		t.Fatalf("enroll: %+v %v", got, err)
	}
	if !got.Owns("Stand") || !got.Owns("STAND-1") || got.Owns("STAND-2") || !got.Issued("ABCDEFGHJK-1") || got.Issued("ABCDEFGHJ-1") {
		t.Fatalf("identity: %+v", got)
	}
	if _, err := a.Enroll(platform.Enrollment{CodeHash: platform.Hash(code), TokenHash: "other"}, day); !errors.Is(err, platform.ErrCodeUsed) {
		t.Fatalf("second enrollment with the code: %v", err)
	}
	got, err = a.Terminal(tm.ID)
	if err != nil || got.TokenHash != "tokhash" || got.Till != "Stand" || fmt.Sprint(got.Aliases) != "[STAND-1]" {
		t.Fatalf("terminal: %+v %v", got, err)
	}
}

// enrollmentRace: many enrollments with one code at once, through both
// handles: exactly one wins.
func enrollmentRace(t *testing.T, a, b platform.Storage) {
	m, _ := a.AddMerchant("One")
	for round := range 5 {
		_, code, err := a.AddTerminal(m.ID, fmt.Sprintf("Stand %d", round))
		if err != nil {
			t.Fatal(err)
		}
		const n = 8
		errs := make([]error, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			st := a
			if i%2 == 1 {
				st = b
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = st.Enroll(platform.Enrollment{CodeHash: platform.Hash(code), TokenHash: fmt.Sprintf("tok-%d-%d", round, i), Install: fmt.Sprintf("R%dI%d", round, i)}, day)
			}()
		}
		close(start)
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, platform.ErrCodeUsed):
				t.Fatalf("enrollment: %v", err)
			}
		}
		if won != 1 {
			t.Fatalf("round %d: %d enrollments won with one code", round, won)
		}
	}
}

func ingestOnce(t *testing.T, a, b platform.Storage) {
	s := setup(t, a, "One", "STAND-1")
	other := setup(t, a, "Two", "STAND-9")
	docs := []platform.Doc{Sale("STAND-1", 1, "X"), Sale("STAND-1", 2, "X"), Sale("STAND-1", 3, "X")}
	res, err := a.Ingest(s.T, docs, day)
	if err != nil || res.Stored != 3 || res.Duplicates != 0 || len(res.Acked) != 3 {
		t.Fatalf("ingest: %+v %v", res, err)
	}
	// The same batch again, through the other server, plus one new and a
	// copy of it in the same batch.
	fresh := Sale("STAND-1", 4, "X")
	res, err = b.Ingest(s.T, append(docs, fresh, fresh), day)
	if err != nil || res.Stored != 1 || res.Duplicates != 4 || len(res.Acked) != 5 {
		t.Fatalf("replay: %+v %v", res, err)
	}
	for i, id := range res.Acked[:3] {
		if id != docs[i].Doc.ID {
			t.Fatalf("acked %v, not in the order sent", res.Acked)
		}
	}
	rows, err := b.Export(s.M.ID)
	if err != nil || len(rows) != 4 {
		t.Fatalf("export: %d rows, %v", len(rows), err)
	}
	for i, r := range rows {
		if r.Receipt != uint64(i+1) || r.Terminal != "STAND-1" {
			t.Fatalf("row %d: %+v", i, r)
		}
	}
	if rows, _ := a.Export(other.M.ID); len(rows) != 0 {
		t.Fatalf("the other merchant got %d rows", len(rows))
	}
	// Documents that are not sales are stored, acknowledged, not exported.
	shift := &pos.Document{ID: pos.NewID(), Kind: pos.KindShiftOpen, Terminal: "STAND-1", Seq: 5, Time: day, Cashier: "Ali", Cash: 20000}
	if res, err := a.Ingest(s.T, []platform.Doc{raw(shift)}, day); err != nil || res.Stored != 1 {
		t.Fatalf("shift: %+v %v", res, err)
	}
	if rows, _ := a.Export(s.M.ID); len(rows) != 4 {
		t.Fatalf("export after a shift document: %d rows", len(rows))
	}
	o, err := a.Overview()
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Days) != 1 || o.Days[0].Sales != 4 || o.Days[0].Net != 4*1000 || o.Days[0].Day != "2026-05-01" {
		t.Fatalf("day totals count a document twice or miss one: %+v", o.Days)
	}
}

// ingestRace: the same documents pushed at once through both handles
// (a till's retry reaching another server) are stored once.
func ingestRace(t *testing.T, a, b platform.Storage) {
	s := setup(t, a, "One", "STAND-1")
	if _, err := a.SetProduct(s.M.ID, product("ARG", 1000, false), day); err != nil {
		t.Fatal(err)
	}
	var docs []platform.Doc
	for i := range 20 {
		docs = append(docs, Sale("STAND-1", uint64(i+1), "ARG"))
	}
	const n = 6
	stored := make([]int, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		st := a
		if i%2 == 1 {
			st = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			res, err := st.Ingest(s.T, docs, day)
			stored[i], errs[i] = res.Stored, err
		}()
	}
	close(start)
	wg.Wait()
	total := 0
	for i := range n {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		total += stored[i]
	}
	if total != len(docs) {
		t.Fatalf("stored %d in all, want %d", total, len(docs))
	}
	if rows, _ := a.Export(s.M.ID); len(rows) != len(docs) {
		t.Fatalf("export: %d rows", len(rows))
	}
	cat, _ := b.Catalog(s.M.ID)
	if len(cat) != 1 || cat[0].Product.Stock != 1000-int64(len(docs)) {
		t.Fatalf("stock moved more or less than once per sale: %+v", cat)
	}
}

func stock(t *testing.T, a, b platform.Storage) {
	s := setup(t, a, "One", "STAND-1")
	t2 := enroll(t, a, s.M.ID, "STAND-2")
	stockProducts(t, a, b, s)
	second := stockRugSoldTwice(t, a, b, s, t2)
	stockFeed(t, a, b, s, second)
	stockPushSummed(t, a, b, s)
}

// stockProducts: an invalid product is refused; revisions grow across
// handles; a central edit keeps the platform's stock.
func stockProducts(t *testing.T, a, b platform.Storage, s Setup) {
	if _, err := a.SetProduct(s.M.ID, pos.Product{SKU: "BAD"}, day); !errors.Is(err, platform.ErrInvalid) {
		t.Fatalf("invalid product: %v", err)
	}
	rev1, err := a.SetProduct(s.M.ID, product("ARG", 10, false), day)
	if err != nil {
		t.Fatal(err)
	}
	rev2, err := b.SetProduct(s.M.ID, product("RUG", 1, true), day)
	if err != nil || rev2 <= rev1 {
		t.Fatalf("revisions %d then %d", rev1, rev2)
	}
	if _, err := a.SetProduct(s.M.ID, product("ARG", 999, false), day); err != nil {
		t.Fatal(err)
	}
}

// stockRugSoldTwice: two tills sell the one rug; ARG moves twice; an
// off-catalogue sku moves nothing. It returns the second till's sale.
func stockRugSoldTwice(t *testing.T, a, b platform.Storage, s Setup, t2 platform.Terminal) platform.Doc {
	r1, err := a.Ingest(s.T, []platform.Doc{Sale("STAND-1", 1, "ARG", "RUG", "OFF")}, day)
	if err != nil || len(r1.Oversells) != 0 {
		t.Fatalf("first rug sale: %+v %v", r1, err)
	}
	second := Sale("STAND-2", 1, "ARG", "RUG")
	r2, err := b.Ingest(t2, []platform.Doc{second}, day)
	if err != nil || len(r2.Oversells) != 1 || r2.Oversells[0].SKU != "RUG" || r2.Oversells[0].Stock != -1 || len(r2.Oversells[0].Sales) != 2 {
		t.Fatalf("second rug sale: %+v %v", r2, err)
	}
	cat, err := a.Catalog(s.M.ID)
	if err != nil || len(cat) != 2 || cat[0].Product.SKU != "ARG" || cat[0].Product.Stock != 8 || cat[1].Product.Stock != -1 {
		t.Fatalf("catalogue: %+v %v", cat, err)
	}
	return second
}

// stockFeed: a unique piece's moves come one per sale, as they happen; an
// ordinary product's moves of one push come summed, after them; the
// oversell shows on the overview.
func stockFeed(t *testing.T, a, b platform.Storage, s Setup, second platform.Doc) {
	cs := changes(t, b, s.M.ID)
	want := []string{"product", "product", "product", "stock", "stock", "stock", "oversell", "stock"}
	if fmt.Sprint(kinds(cs)) != fmt.Sprint(want) {
		t.Fatalf("feed %v, want %v", kinds(cs), want)
	}
	for i, c := range cs {
		if c.Seq != uint64(i+1) {
			t.Fatalf("feed numbers %d at %d", c.Seq, i)
		}
	}
	if c := cs[5]; c.SKU != "RUG" || c.Delta != -1 || c.Origin != "STAND-2" || c.Ref != second.Doc.ID {
		t.Fatalf("unique piece's stock change: %+v", c)
	}
	if c := cs[7]; c.SKU != "ARG" || c.Delta != -1 || c.Origin != "STAND-2" {
		t.Fatalf("stock change: %+v", c)
	}
	o, _ := a.Overview()
	if len(o.Oversells) != 1 || o.Oversells[0].SKU != "RUG" {
		t.Fatalf("overview oversells: %+v", o.Oversells)
	}
}

// stockPushSummed: a push of many sales of one product makes one change
// with their sum (a refund in it counts back), the stock moved by each.
func stockPushSummed(t *testing.T, a, b platform.Storage, s Setup) {
	refund := Sale("STAND-1", 6, "ARG")
	refund.Doc.Kind, refund.Doc.Lines[0].Qty = pos.KindRefund, -1
	refund = raw(refund.Doc)
	if _, err := a.Ingest(s.T, []platform.Doc{Sale("STAND-1", 2, "ARG"), Sale("STAND-1", 3, "ARG", "ARG"), Sale("STAND-1", 4, "ARG", "OFF"), refund}, day); err != nil {
		t.Fatal(err)
	}
	cs := changes(t, b, s.M.ID)[8:]
	if len(cs) != 1 || cs[0].SKU != "ARG" || cs[0].Delta != -3 || cs[0].Origin != "STAND-1" {
		t.Fatalf("a push's changes: %+v", cs)
	}
	if cat, _ := a.Catalog(s.M.ID); cat[0].Product.Stock != 5 {
		t.Fatalf("stock after the push: %d, want 5", cat[0].Product.Stock)
	}
}

func edits(t *testing.T, a, b platform.Storage) {
	s := setup(t, a, "One", "STAND-1")
	// A till creates a product: its stock counts from its journal entry 7,
	// so its own sale 7 is already in and sale 8 is not.
	p := product("TAJ", 5, false)
	res, err := a.EditProducts(s.T, []wire.ProductEdit{{Product: p, StockSeq: 7}}, day)
	if err != nil || len(res) != 1 || res[0].Winner != "till" || res[0].Conflict || res[0].Rev == 0 {
		t.Fatalf("create: %+v %v", res, err)
	}
	base := res[0].Rev
	if _, err := b.Ingest(s.T, []platform.Doc{Sale("STAND-1", 7, "TAJ"), Sale("STAND-1", 8, "TAJ")}, day); err != nil {
		t.Fatal(err)
	}
	if cat, _ := a.Catalog(s.M.ID); cat[0].Product.Stock != 4 {
		t.Fatalf("stock basis: %d, want 4", cat[0].Product.Stock)
	}
	// An edit on the current revision wins and keeps platform stock.
	p.Price, p.Stock, p.Updated = 1200, 99, day.Add(time.Minute)
	res, err = b.EditProducts(s.T, []wire.ProductEdit{{Product: p, Base: base}}, day)
	if err != nil || res[0].Conflict || res[0].Product.Price != 1200 || res[0].Product.Stock != 4 {
		t.Fatalf("edit: %+v %v", res, err)
	}
	editsConflict(t, a, b, s, p, res[0].Rev)
}

// editsConflict: a central edit, then a till edit on the old revision: a
// conflict, the later edit wins; each conflict shows on the overview and
// in the feed.
func editsConflict(t *testing.T, a, b platform.Storage, s Setup, p pos.Product, rev uint64) {
	central := p
	central.Price, central.Updated = 1500, day.Add(2*time.Minute)
	if _, err := a.SetProduct(s.M.ID, central, day); err != nil {
		t.Fatal(err)
	}
	stale := p
	stale.Price, stale.Updated = 1100, day.Add(90*time.Second)
	res, err := a.EditProducts(s.T, []wire.ProductEdit{{Product: stale, Base: rev}}, day)
	if err != nil || !res[0].Conflict || res[0].Winner != "platform" || res[0].Product.Price != 1500 {
		t.Fatalf("older till edit: %+v %v", res, err)
	}
	newer := p
	newer.Price, newer.Updated = 1300, day.Add(3*time.Minute)
	res, err = b.EditProducts(s.T, []wire.ProductEdit{{Product: newer, Base: 1}}, day)
	if err != nil || !res[0].Conflict || res[0].Winner != "till" || res[0].Product.Price != 1300 || res[0].Product.Stock != 4 {
		t.Fatalf("newer till edit: %+v %v", res, err)
	}
	if _, err := a.EditProducts(s.T, []wire.ProductEdit{{Product: pos.Product{SKU: "X"}}}, day); !errors.Is(err, platform.ErrInvalid) {
		t.Fatalf("invalid edit: %v", err)
	}
	o, _ := a.Overview()
	if len(o.Conflicts) != 2 || o.Conflicts[0].Winner != "platform" || o.Conflicts[1].Winner != "till" {
		t.Fatalf("conflicts: %+v", o.Conflicts)
	}
	var n int
	for _, c := range changes(t, a, s.M.ID) {
		if c.Kind == wire.ChangeConflict {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("%d conflict changes", n)
	}
}

func onlineSale(t *testing.T, a, b platform.Storage) {
	s := setup(t, a, "One", "STAND-1")
	a.SetProduct(s.M.ID, product("RUG", 1, true), day)
	if _, err := a.OnlineSale(s.M.ID, "RUG", 0, "W1", day); !errors.Is(err, platform.ErrInvalid) {
		t.Fatalf("zero quantity: %v", err)
	}
	if _, err := a.OnlineSale(s.M.ID, "NOPE", 1, "W1", day); !errors.Is(err, platform.ErrNotFound) {
		t.Fatalf("unknown sku: %v", err)
	}
	if o, err := b.OnlineSale(s.M.ID, "RUG", 1, "W1", day); err != nil || len(o) != 0 {
		t.Fatalf("online sale: %+v %v", o, err)
	}
	o, err := b.Ingest(s.T, []platform.Doc{Sale("STAND-1", 1, "RUG")}, day)
	if err != nil || len(o.Oversells) != 1 || fmt.Sprint(o.Oversells[0].Sales) != fmt.Sprintf("[online:W1 %s]", o.Acked[0]) {
		t.Fatalf("till sale after online sale: %+v %v", o, err)
	}
	cs := changes(t, a, s.M.ID)
	if c := cs[1]; c.Kind != wire.ChangeStock || c.Origin != "" || c.Ref != "online:W1" {
		t.Fatalf("online stock change: %+v", c)
	}
}

// qrSale is a sale paid by an unverified QR tender.
func qrSale(till string, seq uint64, ref string, amount pos.Money) platform.Doc {
	d := &pos.Document{ID: pos.NewID(), Kind: pos.KindSale, Terminal: till, Receipt: seq, Seq: seq, Time: day, Cashier: "Ali",
		Lines:   []pos.Line{{SKU: "ARG", Qty: 1, Price: amount, Total: amount}},
		Total:   amount,
		Tenders: []pos.Tender{{Kind: pos.TenderQRWallet, Amount: amount, Reference: ref, Status: pos.StatusUnverified}}}
	return raw(d)
}

func checks(t *testing.T, st platform.Storage, merchant string) (out []wire.Change) {
	for _, c := range changes(t, st, merchant) {
		if c.Kind == wire.ChangeCheck {
			out = append(out, c)
		}
	}
	return out
}

func payment(t *testing.T, a, b platform.Storage, noticeFirst bool) {
	s := setup(t, a, "One", "STAND-1")
	sale := qrSale("STAND-1", 1, "STAND1-1", 9900)
	notice := s.notice("STAND1-1", 9900, wire.PaymentPaid)
	if p, err := a.Payment(s.M.ID, "STAND1-1"); err != nil || p.State != wire.PaymentPending || p.Ref != "STAND1-1" {
		t.Fatalf("unknown reference: %+v %v", p, err)
	}
	if noticeFirst {
		paymentNoticeThenSale(t, a, b, s, sale, notice)
	} else {
		paymentSaleThenNotice(t, a, b, s, sale, notice)
	}
	paymentSettled(t, a, b, s, sale)
	paymentSettledOnce(t, a, b, s, sale, notice)
}

// paymentNoticeThenSale: the notice comes first; no check until the sale.
func paymentNoticeThenSale(t *testing.T, a, b platform.Storage, s Setup, sale platform.Doc, notice wire.Notice) {
	if p, err := b.Notify(notice, day); err != nil || p.State != wire.PaymentPaid {
		t.Fatalf("notify: %+v %v", p, err)
	}
	if len(checks(t, a, s.M.ID)) != 0 {
		t.Fatal("a check before the sale")
	}
	if _, err := a.Ingest(s.T, []platform.Doc{sale}, day); err != nil {
		t.Fatal(err)
	}
}

// paymentSaleThenNotice: the sale comes first and awaits its notice; no
// check until the notice.
func paymentSaleThenNotice(t *testing.T, a, b platform.Storage, s Setup, sale platform.Doc, notice wire.Notice) {
	if _, err := a.Ingest(s.T, []platform.Doc{sale}, day); err != nil {
		t.Fatal(err)
	}
	o, _ := a.Overview()
	if len(o.Awaiting) != 1 || o.Awaiting[0].Ref != "STAND1-1" || o.Awaiting[0].Sale != sale.Doc.ID {
		t.Fatalf("awaiting: %+v", o.Awaiting)
	}
	if len(checks(t, a, s.M.ID)) != 0 {
		t.Fatal("a check before the notice")
	}
	if _, err := b.Notify(notice, day); err != nil {
		t.Fatal(err)
	}
}

// paymentSettled: with both in, one approved check for the sale and the
// payment paid and settled.
func paymentSettled(t *testing.T, a, b platform.Storage, s Setup, sale platform.Doc) {
	cs := checks(t, b, s.M.ID)
	if len(cs) != 1 || cs[0].Check.Status != pos.StatusApproved || cs[0].Check.SaleID != sale.Doc.ID || cs[0].Origin != "STAND-1" || cs[0].Check.Receipt != 1 {
		t.Fatalf("checks: %+v", cs)
	}
	p, err := a.Payment(s.M.ID, "STAND1-1")
	if err != nil || p.State != wire.PaymentPaid || p.Amount != 9900 || p.Merchant != s.M.ID || p.Sale != sale.Doc.ID || !p.Settled {
		t.Fatalf("payment: %+v %v", p, err)
	}
}

// paymentSettledOnce: the same notice again changes nothing; a
// contradicting one changes nothing either (it is kept, see
// contradiction); a replayed sale emits nothing.
func paymentSettledOnce(t *testing.T, a, b platform.Storage, s Setup, sale platform.Doc, notice wire.Notice) {
	if p, err := a.Notify(notice, day); err != nil || p.State != wire.PaymentPaid {
		t.Fatalf("same notice again: %+v %v", p, err)
	}
	if p, err := a.Notify(s.notice("STAND1-1", 1, wire.PaymentRefused), day); !errors.Is(err, platform.ErrConflict) || p.State != wire.PaymentPaid || p.Amount != 9900 {
		t.Fatalf("second notice: %+v %v", p, err)
	}
	b.Ingest(s.T, []platform.Doc{sale}, day)
	if len(checks(t, a, s.M.ID)) != 1 {
		t.Fatal("a second check")
	}
	if o, _ := a.Overview(); len(o.Awaiting) != 0 {
		t.Fatalf("still awaiting: %+v", o.Awaiting)
	}
}

func paymentMismatch(t *testing.T, a, b platform.Storage) {
	s := setup(t, a, "One", "STAND-1")
	sale := qrSale("STAND-1", 1, "STAND1-1", 9900)
	a.Ingest(s.T, []platform.Doc{sale}, day)
	b.Notify(s.notice("STAND1-1", 99, wire.PaymentPaid), day)
	cs := checks(t, a, s.M.ID)
	if len(cs) != 1 || cs[0].Check.Status != pos.StatusRefused {
		t.Fatalf("a paid notice for another amount: %+v", cs)
	}
	// The terminal's own tender check settles what it covers.
	sale2 := qrSale("STAND-1", 2, "STAND1-2", 500)
	a.Ingest(s.T, []platform.Doc{sale2}, day)
	chk := &pos.Document{ID: pos.NewID(), Kind: pos.KindTenderCheck, Terminal: "STAND-1", Seq: 3, Time: day, Cashier: "Ali",
		Check: &pos.TenderCheck{SaleID: sale2.Doc.ID, Receipt: 2, Reference: "STAND1-2", Status: pos.StatusApproved, Source: "terminal_slip"}}
	if _, err := b.Ingest(s.T, []platform.Doc{raw(chk)}, day); err != nil {
		t.Fatal(err)
	}
	if p, _ := a.Payment(s.M.ID, "STAND1-2"); !p.Settled {
		t.Fatalf("tender check did not settle: %+v", p)
	}
}

// paymentRace: notices and the sales claiming them arrive at once
// through both handles; every payment is settled exactly once.
func paymentRace(t *testing.T, a, b platform.Storage) {
	s := setup(t, a, "One", "STAND-1")
	const n = 12
	var wg sync.WaitGroup
	errs := make(chan error, 2*n)
	start := make(chan struct{})
	for i := range n {
		ref := fmt.Sprintf("STAND1-%d", i+1)
		sale := qrSale("STAND-1", uint64(i+1), ref, 9900)
		ing, ntf := a, b
		if i%2 == 1 {
			ing, ntf = b, a
		}
		wg.Add(2)
		go func() {
			defer wg.Done()
			<-start
			_, err := ing.Ingest(s.T, []platform.Doc{sale}, day)
			errs <- err
		}()
		go func() {
			defer wg.Done()
			<-start
			_, err := ntf.Notify(s.notice(ref, 9900, wire.PaymentPaid), day)
			errs <- err
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]int{}
	for _, c := range checks(t, a, s.M.ID) {
		if c.Check.Status != pos.StatusApproved {
			t.Fatalf("check: %+v", c.Check)
		}
		seen[c.Ref]++
	}
	for i := range n {
		if ref := fmt.Sprintf("STAND1-%d", i+1); seen[ref] != 1 {
			t.Fatalf("%s settled %d times", ref, seen[ref])
		}
	}
}

func paging(t *testing.T, a, b platform.Storage) {
	s := setup(t, a, "One", "STAND-1")
	for i := range 7 {
		if _, err := a.SetProduct(s.M.ID, product(fmt.Sprintf("P%d", i), 1, false), day); err != nil {
			t.Fatal(err)
		}
	}
	p, err := b.Changes(s.M.ID, 0, 3)
	if err != nil || len(p.Changes) != 3 || !p.More || p.Cursor != 3 {
		t.Fatalf("first page: %+v %v", p, err)
	}
	p, _ = b.Changes(s.M.ID, p.Cursor, 3)
	if len(p.Changes) != 3 || !p.More || p.Changes[0].SKU != "P3" || p.Cursor != 6 {
		t.Fatalf("second page: %+v", p)
	}
	p, _ = b.Changes(s.M.ID, p.Cursor, 3)
	if len(p.Changes) != 1 || p.More || p.Cursor != 7 {
		t.Fatalf("last page: %+v", p)
	}
	p, _ = b.Changes(s.M.ID, p.Cursor, 3)
	if len(p.Changes) != 0 || p.More || p.Cursor != 7 || p.Changes == nil {
		t.Fatalf("past the end: %+v", p)
	}
}

// feedConcurrent: writers on both handles and a reader paging all along;
// the reader ends with every change exactly once, in feed order.
func feedConcurrent(t *testing.T, a, b platform.Storage) {
	s := setup(t, a, "One", "STAND-1")
	t2 := enroll(t, a, s.M.ID, "STAND-2")
	a.SetProduct(s.M.ID, product("ARG", 100000, false), day)
	const perWriter = 30
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	for w, st := range []platform.Storage{a, b} {
		tm := s.T
		if w == 1 {
			tm = t2
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWriter {
				if _, err := st.Ingest(tm, []platform.Doc{Sale(tm.Till, uint64(i+1), "ARG")}, day); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	writing := make(chan struct{})
	go func() { wg.Wait(); close(writing) }()
	var seen []wire.Change
	var cur uint64
	for finished := false; ; {
		select {
		case <-writing:
			finished = true
		default:
		}
		p, err := b.Changes(s.M.ID, cur, 7)
		if err != nil {
			<-writing
			t.Fatal(err)
		}
		seen = append(seen, p.Changes...)
		cur = p.Cursor
		// After the writers finished, one more full read ends it.
		if finished && !p.More {
			break
		}
	}
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if len(seen) != 1+2*perWriter {
		t.Fatalf("reader saw %d changes, want %d", len(seen), 1+2*perWriter)
	}
	byTill := map[string]int{}
	for i, c := range seen {
		if c.Seq != uint64(i+1) {
			t.Fatalf("change %d has number %d", i, c.Seq)
		}
		if c.Kind == wire.ChangeStock {
			byTill[c.Origin]++
		}
	}
	if byTill[s.T.Till] != perWriter || byTill[t2.Till] != perWriter {
		t.Fatalf("stock changes by till: %v, want %d each", byTill, perWriter)
	}
}

func overview(t *testing.T, a, b platform.Storage) {
	s := setup(t, a, "Beta", "STAND-1")
	s2 := setup(t, a, "Alpha", "STAND-9")
	_, _, err := a.AddTerminal(s.M.ID, "pending")
	if err != nil {
		t.Fatal(err)
	}
	a.Ingest(s.T, []platform.Doc{Sale("STAND-1", 1, "X"), Sale("STAND-1", 2, "X")}, day)
	refund := &pos.Document{ID: pos.NewID(), Kind: pos.KindRefund, Terminal: "STAND-1", Receipt: 3, Seq: 3, Time: day.Add(24 * time.Hour), Cashier: "Ali",
		Lines: []pos.Line{{SKU: "X", Qty: -1, Price: 1000, Total: -1000}}, Total: -1000}
	a.Ingest(s.T, []platform.Doc{raw(refund)}, day)
	b.Ingest(s2.T, []platform.Doc{Sale("STAND-9", 1, "X")}, day)
	o, err := b.Overview()
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Merchants) != 2 || o.Merchants[s.M.ID] != "Beta" {
		t.Fatalf("merchants: %+v", o.Merchants)
	}
	var got []string
	for _, d := range o.Days {
		got = append(got, fmt.Sprintf("%s %s %d/%d %s", d.Day, d.Name, d.Sales, d.Refunds, d.Net.Decimal()))
	}
	want := "[2026-05-02 Beta 0/1 -10.00 2026-05-01 Alpha 1/0 10.00 2026-05-01 Beta 2/0 20.00]"
	if fmt.Sprint(got) != want {
		t.Fatalf("days %v, want %s", got, want)
	}
	if len(o.Terminals) != 3 {
		t.Fatalf("terminals: %+v", o.Terminals)
	}
	states := map[string]int{}
	for _, tm := range o.Terminals {
		if tm.TokenHash != "" || tm.CodeHash != "" || tm.RevokedHash != "" {
			t.Fatalf("the dashboard gets secrets' hashes: %+v", tm)
		}
		states[tm.State()]++
	}
	if states[platform.StateEnrolled] != 2 || states[platform.StateWaiting] != 1 {
		t.Fatalf("terminal states on the dashboard: %v", states)
	}
}

// identity: a terminal's name is unique in its merchant, and so are the
// identities tills claim at enrollment and their install ids; a refused
// enrollment leaves its code usable.
func identity(t *testing.T, a, b platform.Storage) {
	s := setup(t, a, "One", "STAND-1")
	other := setup(t, a, "Two", "STAND-1") // another merchant may have the name
	if _, _, err := b.AddTerminal(s.M.ID, "stand-1"); !errors.Is(err, platform.ErrConflict) {
		t.Fatalf("a second STAND-1: %v", err)
	}
	if _, _, err := b.AddTerminal(s.M.ID, "bad\nname"); !errors.Is(err, platform.ErrInvalid) {
		t.Fatalf("a name with a newline: %v", err)
	}
	tm, code, err := a.AddTerminal(s.M.ID, "STAND-2")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []platform.Enrollment{
		{CodeHash: platform.Hash(code), TokenHash: "x", Claim: "Stand-1"},                  // another terminal's name
		{CodeHash: platform.Hash(code), TokenHash: "x", Install: s.T.Installs[0]},          // another terminal's device
		{CodeHash: platform.Hash(code), TokenHash: "x", Claim: "OLD-1", Install: "STAND1"}, // both
	} {
		if _, err := b.Enroll(e, day); !errors.Is(err, platform.ErrConflict) {
			t.Fatalf("enrollment %+v: %v", e, err)
		}
	}
	got, err := b.Enroll(platform.Enrollment{CodeHash: platform.Hash(code), TokenHash: "x", Claim: "OLD-1", Install: "NEWDEVICE"}, day)
	if err != nil || got.ID != tm.ID || got.Till != "STAND-2" || fmt.Sprint(got.Aliases) != "[OLD-1]" {
		t.Fatalf("enrollment after the refusals: %+v %v", got, err)
	}
	// The alias is taken now, as a name and as a claim.
	if _, _, err := a.AddTerminal(s.M.ID, "old-1"); !errors.Is(err, platform.ErrConflict) {
		t.Fatalf("a terminal named like an alias: %v", err)
	}
	if _, _, err := a.AddTerminal(other.M.ID, "STAND-2"); err != nil {
		t.Fatalf("another merchant's STAND-2: %v", err)
	}
	ts, err := b.Terminals(s.M.ID)
	if err != nil || len(ts) != 2 || ts[0].Name != "STAND-1" || ts[1].Name != "STAND-2" {
		t.Fatalf("terminals: %+v %v", ts, err)
	}
	if _, err := b.Terminals("m-nobody"); !errors.Is(err, platform.ErrNotFound) {
		t.Fatalf("terminals of no merchant: %v", err)
	}
}

// revokeReenroll: a revoked token is gone (its hash kept as revoked); a
// re-enrollment code revokes too and enrolls a new device; the platform
// keeps the last receipt number it holds for the terminal.
func revokeReenroll(t *testing.T, a, b platform.Storage) {
	s := setup(t, a, "One", "STAND-1")
	if _, err := a.Ingest(s.T, []platform.Doc{Sale("STAND-1", 7, "X"), Sale("STAND-1", 5, "X")}, day); err != nil {
		t.Fatal(err)
	}
	got, err := b.RevokeTerminal(s.T.ID, day)
	if err != nil || got.TokenHash != "" || got.RevokedHash != s.T.TokenHash || got.State() != platform.StateRevoked || !got.Revoked.Equal(day) || got.LastReceipt != 7 {
		t.Fatalf("revoke: %+v %v", got, err)
	}
	tm, code, err := a.Reenroll(s.T.ID, day)
	if err != nil || tm.State() != platform.StateWaiting || code == "" {
		t.Fatalf("reenroll: %+v %q %v", tm, code, err)
	}
	// A replacement that already numbered receipts as STAND-1 would
	// repeat the old device's numbers: refused, the code kept.
	if _, err := b.Enroll(platform.Enrollment{CodeHash: platform.Hash(code), TokenHash: "new", Install: "REPLACED", Claim: "STAND-1", Receipts: 3}, day); !errors.Is(err, platform.ErrConflict) {
		t.Fatalf("a replacement with receipts of its own as STAND-1: %v", err)
	}
	got, err = b.Enroll(platform.Enrollment{CodeHash: platform.Hash(code), TokenHash: "new", Install: "REPLACED", Claim: "STAND-1"}, day)
	if err != nil || got.ID != s.T.ID || got.TokenHash != "new" || got.LastReceipt != 7 || got.Till != "STAND-1" || fmt.Sprint(got.Installs) != "[STAND1 REPLACED]" {
		t.Fatalf("enrollment of the replacement: %+v %v", got, err)
	}
	// Re-enrolling an enrolled terminal revokes its token at once.
	_, code2, err := b.Reenroll(s.T.ID, day)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ = a.Terminal(s.T.ID); got.TokenHash != "" || got.RevokedHash != "new" {
		t.Fatalf("after a second reenroll: %+v", got)
	}
	// Revoking cancels the code that was out.
	a.RevokeTerminal(s.T.ID, day)
	if _, err := b.Enroll(platform.Enrollment{CodeHash: platform.Hash(code2), TokenHash: "x"}, day); !errors.Is(err, platform.ErrCodeUsed) {
		t.Fatalf("a code out when revoked: %v", err)
	}
	if _, err := a.RevokeTerminal("t-nobody", day); !errors.Is(err, platform.ErrNotFound) {
		t.Fatalf("revoke no terminal: %v", err)
	}
	if _, _, err := a.Reenroll("t-nobody", day); !errors.Is(err, platform.ErrNotFound) {
		t.Fatalf("reenroll no terminal: %v", err)
	}
}

// paymentOwners: payments are keyed by merchant and reference; a notice
// finds its merchant by account; a sale claims only a reference its
// terminal issued.
func paymentOwners(t *testing.T, a, b platform.Storage) {
	s := setup(t, a, "One", "STAND-1")
	o := setup(t, a, "Two", "STAND-9")
	if err := b.SetAcquirer(o.M.ID, s.M.Account); !errors.Is(err, platform.ErrConflict) {
		t.Fatalf("another merchant's account: %v", err)
	}
	if err := b.SetAcquirer(o.M.ID, "bad account"); !errors.Is(err, platform.ErrInvalid) {
		t.Fatalf("a bad account: %v", err)
	}
	if m, _ := b.Merchant(s.M.ID); m.Account != s.M.Account {
		t.Fatalf("merchant's account: %+v", m)
	}
	// The other merchant's till pushes a sale with the first one's reference.
	if _, err := b.Ingest(o.T, []platform.Doc{qrSale("STAND-9", 1, "STAND1-1", 9900)}, day); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Notify(wire.Notice{V: 1, Account: "ACQ-nobody", Ref: "STAND1-1", Amount: 9900, Status: wire.PaymentPaid}, day); !errors.Is(err, platform.ErrNotFound) {
		t.Fatalf("notice for no account: %v", err)
	}
	if _, err := a.Notify(s.notice("STAND1-1", 9900, wire.PaymentPaid), day); err != nil {
		t.Fatal(err)
	}
	if p, _ := b.Payment(s.M.ID, "STAND1-1"); p.State != wire.PaymentPaid || p.Sale != "" {
		t.Fatalf("the merchant's payment: %+v", p)
	}
	if p, _ := b.Payment(o.M.ID, "STAND1-1"); p.State != wire.PaymentPending {
		t.Fatalf("the other merchant's view: %+v", p)
	}
	if cs := checks(t, a, o.M.ID); len(cs) != 0 {
		t.Fatalf("the other merchant got %+v", cs)
	}
	// A sale of the first merchant by a till that did not issue it: not linked.
	t2 := enroll(t, a, s.M.ID, "STAND-2")
	b.Ingest(t2, []platform.Doc{qrSale("STAND-2", 1, "STAND1-1", 9900)}, day)
	if cs := checks(t, a, s.M.ID); len(cs) != 0 {
		t.Fatalf("a till's sale claimed another till's reference: %+v", cs)
	}
	sale := qrSale("STAND-1", 1, "STAND1-1", 9900)
	a.Ingest(s.T, []platform.Doc{sale}, day)
	if cs := checks(t, b, s.M.ID); len(cs) != 1 || cs[0].Check.SaleID != sale.Doc.ID {
		t.Fatalf("the issuing till's checks: %+v", cs)
	}
}

// contradiction: a later notice saying otherwise than the final state is
// kept once and shown, the final state stays.
func contradiction(t *testing.T, a, b platform.Storage) {
	s := setup(t, a, "One", "STAND-1")
	if _, err := a.Notify(s.notice("STAND1-5", 7700, wire.PaymentRefused), day); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if p, err := b.Notify(s.notice("STAND1-5", 7700, wire.PaymentPaid), day.Add(time.Minute)); !errors.Is(err, platform.ErrConflict) || p.State != wire.PaymentRefused {
			t.Fatalf("contradicting notice: %+v %v", p, err)
		}
	}
	o, err := a.Overview()
	if err != nil || len(o.Contradictions) != 1 {
		t.Fatalf("contradictions: %+v %v", o.Contradictions, err)
	}
	c := o.Contradictions[0]
	if c.Merchant != s.M.ID || c.Ref != "STAND1-5" || c.Was != wire.PaymentRefused || c.Now != wire.PaymentPaid || c.NowAmt != 7700 || !c.Time.Equal(day.Add(time.Minute)) {
		t.Fatalf("contradiction: %+v", c)
	}
}

// anchors: a terminal's chain links are kept in order, never replaced,
// and a fork is listed for the dashboard once.
func anchors(t *testing.T, a, b platform.Storage) {
	s := setup(t, a, "Anchors", "STAND-A")
	at := func(seq uint64, hash, state string) platform.Anchor {
		return platform.Anchor{Seq: seq, Hash: hash, Prev: "p", State: state, Time: day}
	}
	if err := a.PutAnchors(s.T.ID, []platform.Anchor{at(1, "h1", platform.AnchorOK), at(2, "h2", platform.AnchorRejected)}); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := b.PutAnchors(s.T.ID, []platform.Anchor{at(2, "forged", platform.AnchorFork), at(3, "h3", platform.AnchorFork)}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := b.Anchors(s.T.ID, 2, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Seq != 2 || got[0].Hash != "h2" || got[0].State != platform.AnchorRejected || got[1].Hash != "h3" || got[1].Terminal != s.T.ID {
		t.Fatalf("anchors %+v", got)
	}
	if got, _ := a.Anchors(s.T.ID, 0, 1); len(got) != 1 || got[0].Seq != 1 {
		t.Fatalf("first page %+v", got)
	}
	if got, _ := a.Anchors("other", 0, 10); len(got) != 0 {
		t.Fatalf("another terminal's chain: %+v", got)
	}
	o, err := a.Overview()
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Forks) != 2 {
		t.Fatalf("forks %+v, want 2 (each once)", o.Forks)
	}
}

package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"hanout/pos"
	"hanout/pos/store"
)

func manyProducts(n int) []pos.Product {
	words := []string{"tajine", "tapis", "babouche", "lanterne", "argan", "poterie", "bijou", "pouf", "thé", "zellige"}
	out := make([]pos.Product, n)
	for i := range out {
		w := words[i%len(words)]
		out[i] = pos.Product{SKU: fmt.Sprintf("P%05d", i), Name: pos.Names{FR: fmt.Sprintf("%s %d", w, i), EN: fmt.Sprintf("%s %d", w, i)},
			Category: words[(i/7)%len(words)], Price: pos.Money(1000 + i%500*100), Floor: 500, Tax: 2000, Stock: 1_000_000, Active: true,
			Barcodes: []string{fmt.Sprintf("7%012d", i)}}
	}
	return out
}

// BenchmarkAddToCart50 adds a product to a 50-line cart and refreshes the
// cart, totals and buttons, as a tap on a tile does.
func BenchmarkAddToCart50(b *testing.B) {
	tl := newTill(b)
	if err := tl.st.ReplaceCatalog(manyProducts(60)); err != nil {
		b.Fatal(err)
	}
	tl.showLogin() // reads the new catalogue
	tl.loginAs(b, "m1", managerPIN)
	for i := 0; i < 50; i++ {
		tl.addProduct(&tl.products[i])
	}
	extra := &tl.products[55]
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tl.addProduct(extra)
		tl.ticket.Lines = tl.ticket.Lines[:50]
	}
}

// BenchmarkFilter10k types one more letter in the search box over 10,000
// products: filter and refresh the grid.
func BenchmarkFilter10k(b *testing.B) {
	tl := newTill(b)
	if err := tl.st.ReplaceCatalog(manyProducts(10_000)); err != nil {
		b.Fatal(err)
	}
	tl.showLogin() // reads the new catalogue
	tl.loginAs(b, "m1", managerPIN)
	if len(tl.products) < 10_000 {
		b.Fatalf("%d products", len(tl.products))
	}
	queries := []string{"lan", "lant"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tl.sell.search.SetText(queries[i%2])
	}
}

var (
	bigStoreOnce sync.Once
	bigStoreDir  string
	bigStoreErr  error
)

// bigStore builds, once per test binary, a store with 100,000 sales in a
// temporary folder (NoSync: building it measures nothing).
func bigStore(b *testing.B) string {
	bigStoreOnce.Do(func() {
		dir, err := os.MkdirTemp("", "hanout-bench-")
		if err != nil {
			bigStoreErr = err
			return
		}
		bigStoreDir = dir
		st, err := store.Open(dir, store.Options{Terminal: "T1", NoSync: true})
		if err != nil {
			bigStoreErr = err
			return
		}
		defer st.Close()
		ps := manyProducts(200)
		if err := st.ReplaceCatalog(ps); err != nil {
			bigStoreErr = err
			return
		}
		day := time.Date(2025, 1, 1, 9, 0, 0, 0, time.Local)
		shift := ""
		for i := 0; i < 100_000; i++ {
			t := day.Add(time.Duration(i/200)*24*time.Hour + time.Duration(i%200)*time.Minute)
			if i%200 == 0 {
				if shift != "" {
					c, _ := pos.CloseShift("bench", shift, map[int]int{}, "boss", t)
					if err := st.Commit(c); err != nil {
						bigStoreErr = err
						return
					}
				}
				o, _ := pos.OpenShift("bench", 0, t)
				if err := st.Commit(o); err != nil {
					bigStoreErr = err
					return
				}
				shift = o.Shift
			}
			var tk pos.Ticket
			tk.Add(&ps[i%len(ps)], 1)
			tk.Add(&ps[(i*7)%len(ps)], 1)
			total, _ := tk.Compute()
			cash, _ := pos.CashTender(total, total)
			d, err := tk.Sale([]pos.Tender{cash}, "bench", shift, t)
			if err == nil {
				err = st.Commit(d)
			}
			if err != nil {
				bigStoreErr = err
				return
			}
		}
	})
	if bigStoreErr != nil {
		b.Fatal(bigStoreErr)
	}
	return bigStoreDir
}

// BenchmarkSellScreen100kSales builds the sell screen (catalogue, grid,
// cart, parked count, status bar counters) on a store of 100,000 sales.
func BenchmarkSellScreen100kSales(b *testing.B) {
	dir := bigStore(b)
	st, err := store.Open(dir, store.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if c := st.Counters(); c.Receipt != 100_000 {
		b.Fatalf("%d receipts", c.Receipt)
	}
	a := test.NewTempApp(b)
	w := test.NewTempWindow(b, nil)
	w.Resize(fyne.NewSize(1280, 800))
	u := New(a, w, Config{Store: st, DataDir: filepath.Join(dir, "x")})
	u.bg = func(f func()) { f() }
	u.reloadData()
	u.user = &pos.User{ID: "b", Name: "bench", Role: pos.RoleManager, Active: true}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		u.showSell()
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bigStoreDir != "" {
		os.RemoveAll(bigStoreDir)
	}
	os.Exit(code)
}

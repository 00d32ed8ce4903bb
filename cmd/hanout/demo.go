package main

import (
	"fmt"
	"os"
	"path/filepath"

	"hanout/pos/demo"
	"hanout/pos/qr"
	"hanout/pos/store"
)

func init() {
	register(command{name: "demo", summary: "seed a demo cooperative with days of sales", run: runDemo})
}

func runDemo(args []string) int {
	if len(args) == 0 || args[0] != "seed" {
		fmt.Fprintln(os.Stderr, usageLine("hanout demo seed [--data DIR] [--days N] [--seed S]"))
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return exitOK
		}
		return exitUsage
	}
	fs, data := newFlags("demo seed", "hanout demo seed [--data DIR] [--days N] [--seed S]")
	days := fs.Int("days", 14, "days of simulated selling before today")
	seed := fs.Int64("seed", 1, "random seed; the same seed gives the same sales")
	if code := parse(fs, args[1:], 0); code >= 0 {
		return code
	}
	if *days < 0 || *days > 3650 {
		fmt.Fprintln(os.Stderr, "demo seed: "+say("command.demo_days"))
		return exitUsage
	}
	s, err := store.Open(*data, store.Options{Terminal: demo.Shop().Terminal})
	if err != nil {
		return fail("demo seed", err)
	}
	defer s.Close()
	n, err := demo.Seed(s, demo.Options{Days: *days, Seed: *seed, OpenToday: true})
	if err != nil {
		return fail("demo seed", err)
	}
	if err := writeDemoExtras(*data); err != nil {
		return fail("demo seed", err)
	}
	c := s.Counters()
	fmt.Fprintln(stdout, say("command.demo_done", *data, len(demo.Products()), n, *days, c.Receipt))
	fmt.Fprintln(stdout, say("command.demo_login", demo.ManagerPIN, demo.CashierPIN))
	return exitOK
}

// demoExtras are files other features add to a demo data folder (the QR
// merchant configuration, device settings); each registers its own.
var demoExtras = []func(dir string) error{
	// The demo QR merchant, a clearly fake scheme, unless one is set up.
	func(dir string) error {
		path := filepath.Join(dir, "merchant.json")
		if _, err := os.Stat(path); err == nil {
			return nil
		}
		return qr.SaveMerchant(path, qr.DemoMerchant())
	},
}

func writeDemoExtras(dir string) error {
	for _, f := range demoExtras {
		if err := f(dir); err != nil {
			return err
		}
	}
	return nil
}

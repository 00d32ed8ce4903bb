package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"hanout/pos"
	"hanout/pos/demo"
	"hanout/pos/store"
	"hanout/pos/ui"
	tillsync "hanout/sync"
)

// screenshots is hidden from the command list: it is a tool for the README
// and for looking at every screen in every language at once.
func init() {
	commands["screenshots"] = command{name: "screenshots", run: runScreenshots}
}

func runScreenshots(args []string) int {
	fs := flag.NewFlagSet("screenshots", flag.ContinueOnError)
	out := fs.String("out", "assets/screenshots", "folder for the PNG files")
	data := fs.String("data", "", "data folder to show (copied first, never changed); default: a fresh demo store")
	if code := parse(fs, args, 0); code >= 0 {
		return code
	}
	tmp, err := os.MkdirTemp("", "hanout-shots-")
	if err != nil {
		return fail("screenshots", err)
	}
	defer os.RemoveAll(tmp)
	photos := tmp
	if *data != "" {
		// Work on a copy: the screenshots ring up a sale.
		src, err := store.Open(*data, store.Options{ReadOnly: true})
		if err != nil {
			return fail("screenshots", err)
		}
		err = src.BackupFile(filepath.Join(tmp, store.FileName))
		src.Close()
		if err != nil {
			return fail("screenshots", err)
		}
		photos = *data
	}
	st, err := store.Open(tmp, store.Options{NoSync: true, Terminal: demo.Shop().Terminal})
	if err != nil {
		return fail("screenshots", err)
	}
	defer st.Close()
	if *data == "" {
		if _, err := demo.Seed(st, demo.Options{Days: 3, Seed: 1, OpenToday: true}); err != nil {
			return fail("screenshots", err)
		}
		// A platform URL (not enrolled: nothing syncs), so the sale-done
		// screen shows its digital receipt's code.
		st.PutSetting(tillsync.SettingsKey, tillsync.Settings{Platform: "https://plateforme.hanout.ma"})
	}
	// The Settings sections and the receipt preview of the running till
	// (printer, card terminal, QR merchant, sync, this computer); nothing
	// is started, so no worker or loop runs.
	var hooks ui.Hooks
	for _, p := range tillPlugins {
		if p.hooks != nil {
			if err := p.hooks(&hooks, st, tmp); err != nil {
				return fail("screenshots", err)
			}
		}
	}
	// Off the main goroutine: fyne.Do runs synchronously there.
	type result struct {
		files []string
		err   error
	}
	done := make(chan result)
	go func() {
		files, err := ui.Screenshots(st, photos, *out, pos.Langs, []ui.ShotSize{{W: 800, H: 1280}, {W: 1024, H: 600}}, hooks)
		done <- result{files, err}
	}()
	r := <-done
	for _, f := range r.files {
		fmt.Fprintln(stdout, f)
	}
	if r.err != nil {
		return fail("screenshots", r.err)
	}
	return exitOK
}

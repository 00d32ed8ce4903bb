package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"hanout/pos"
)

// The PIN dialog settles once: a check still running when Cancel is tapped
// approves nothing, and Enter twice approves once.
func TestPINDialogSettlesOnce(t *testing.T) {
	tl := newTill(t)
	tl.ringTajine(t)
	test.Tap(tl.pay.exact)
	sale := tl.pay.done
	test.Tap(tl.pay.newSale)
	var pending []func()
	tl.bg = func(f func()) { pending = append(pending, f) } // bcrypt still running
	run := func() {
		for len(pending) > 0 {
			f := pending[0]
			pending = pending[1:]
			f()
		}
	}

	// PIN typed, OK, Cancel, then the check finishes: no refund.
	test.Tap(navButton(t, tl.UI, "ui.nav.history"))
	tl.history.openDoc(sale)
	tl.history.qty[0].SetText("1")
	test.Tap(tl.history.refund)
	p := tl.pin
	test.Type(p.entry, managerPIN)
	test.Tap(p.ok)
	test.Tap(p.cancel)
	run()
	if rs, _ := tl.st.RefundsOf(sale); len(rs) != 0 {
		t.Fatal("a refund was committed after Cancel")
	}

	// Enter twice while the check runs: done once.
	calls := 0
	tl.askPIN("test", pos.RoleManager, func(*pos.User) { calls++ })
	p = tl.pin
	test.Type(p.entry, managerPIN)
	enter(p.entry)
	enter(p.entry)
	run()
	if calls != 1 {
		t.Fatalf("done called %d times for two Enters", calls)
	}
	// And with the check done at once, Enter after the approval does nothing.
	tl.bg = func(f func()) { f() }
	calls = 0
	tl.askPIN("test", pos.RoleManager, func(*pos.User) { calls++ })
	p = tl.pin
	test.Type(p.entry, managerPIN)
	enter(p.entry)
	enter(p.entry)
	test.Tap(p.ok)
	if calls != 1 {
		t.Fatalf("done called %d times", calls)
	}
}

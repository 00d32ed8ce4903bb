package ui

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"hanout/pos"
	"hanout/pos/bidi"
	"hanout/pos/i18n"
)

// tileOf is the grid cell showing product i of the filtered list.
func (tl *till) tileOf(t *testing.T, i int) *productTile {
	t.Helper()
	want := &tl.products[tl.sell.filtered[i]]
	for _, tile := range tl.sell.tiles {
		if tile.p == want && tile.Visible() {
			return tile
		}
	}
	t.Fatalf("no cell shows product %d", i)
	return nil
}

// In Arabic the product grid reads from the right: the first product is
// in the right-hand cell of the first row, the second on its left; in
// French it starts on the left. The cells follow a change of width.
func TestProductGridMirroredInArabic(t *testing.T) {
	for _, c := range []struct {
		lang  pos.Lang
		right bool
	}{{pos.FR, false}, {pos.AR, true}} {
		tl := newTill(t)
		if c.lang == pos.AR {
			test.Tap(tl.login.langs[pos.AR])
		}
		tl.loginAs(t, "m1", managerPIN)
		tl.win.Canvas().Capture() // lay the screen out
		if len(tl.sell.filtered) < 2 || tl.sell.grid.ColumnCount() < 2 {
			t.Fatalf("%s: %d products in %d columns", c.lang, len(tl.sell.filtered), tl.sell.grid.ColumnCount())
		}
		for _, width := range []float32{1280, 1000} {
			tl.win.Resize(fyne.NewSize(width, 800))
			tl.win.Canvas().Capture()
			abs := fyne.CurrentApp().Driver().AbsolutePositionForObject
			first, second := abs(tl.tileOf(t, 0)), abs(tl.tileOf(t, 1))
			if first.Y != second.Y || (first.X > second.X) != c.right {
				t.Errorf("%s at %v px: first product at %v, second at %v", c.lang, width, first, second)
			}
		}
	}
}

// A question (empty the cart?) is asked in the seller's language, buttons
// included, and its message is the till's own wrapping label, so an Arabic
// message wraps on its logical text (Fyne's confirm dialog would wrap the
// visual one and put the lines out of order).
func TestConfirmDialogSpeaksTheSellersLanguage(t *testing.T) {
	tl := newTill(t)
	test.Tap(tl.login.langs[pos.AR])
	tl.loginAs(t, "m1", managerPIN)
	tl.openShift(t)
	test.Tap(tl.tile(t, "tajine", "TAJ-1"))
	test.Tap(tl.sell.clear)
	top := tl.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("emptying the cart asked nothing")
	}
	var buttons []string
	para := false
	walk(top, func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Button:
			buttons = append(buttons, x.Text)
		case *paraLabel:
			para = para || strings.Contains(bidi.Logical(x.Label.Text), i18n.T(pos.AR, "ui.sell.clear_confirm")[:8])
		}
	})
	want := []string{tl.t("ui.cancel"), tl.t("ui.ok")}
	if !slices.Contains(buttons, want[0]) || !slices.Contains(buttons, want[1]) {
		t.Fatalf("buttons %q, want %q", buttons, want)
	}
	if !para {
		t.Fatal("the question is not in the till's wrapping label")
	}
}

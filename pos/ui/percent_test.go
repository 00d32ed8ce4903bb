package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"hanout/pos"
)

// A commission is written as the language writes its numbers, like the
// money beside it: "12,50 %" in French, "12,50%" in Arabic (the sign
// stuck to the number), "12.50 %" in English. The form opens on the
// same text, and saving it unchanged keeps the rate.
func TestCommissionIsWrittenInTheLanguage(t *testing.T) {
	for _, c := range []struct {
		lang       pos.Lang
		name, list string
		field      string
	}{
		{pos.FR, "Hassan", "Hassan · 12,50 %", "12,50"},
		{pos.AR, "حسن", "حسن · 12,50%", "12,50"},
		{pos.EN, "Hassan", "Hassan · 12.50 %", "12.50"},
	} {
		t.Run(string(c.lang), func(t *testing.T) {
			tl := newTill(t)
			tl.loginAs(t, "m1", managerPIN)
			tl.lang = c.lang
			if err := tl.st.PutArtisan(&pos.Artisan{ID: "a-1", Name: c.name, Commission: 1250}); err != nil {
				t.Fatal(err)
			}
			s := tl.showArtisans()
			b := s.list.Objects[0].(*widget.Button)
			if b.Text != tl.v(c.list) {
				t.Fatalf("list shows %q, want %q", b.Text, tl.v(c.list))
			}
			b.OnTapped()
			if s.commission.Text != c.field {
				t.Fatalf("form opens on %q, want %q", s.commission.Text, c.field)
			}
			s.saveArtisan()
			if as, _ := tl.st.Artisans(); len(as) != 1 || as[0].Commission != 1250 {
				t.Fatalf("saved unchanged: %+v", as)
			}
		})
	}
}

// A discount limit with decimals (12.5 %) is shown with them in Settings
// and in the manager's approval, and saving Settings unchanged keeps it:
// it was cut to "12" and a save made the limit 12 %.
func TestDiscountLimitKeepsItsDecimals(t *testing.T) {
	for _, c := range []struct {
		lang  pos.Lang
		field string
	}{{pos.FR, "12,50"}, {pos.AR, "12,50"}, {pos.EN, "12.50"}} {
		t.Run(string(c.lang), func(t *testing.T) {
			tl := newTill(t)
			sh := tl.shop
			sh.DiscountLimit = 1250
			if err := tl.st.PutShop(sh); err != nil {
				t.Fatal(err)
			}
			tl.shop = sh
			tl.loginAs(t, "m1", managerPIN)
			tl.lang = c.lang
			tl.showSettings()
			if got := tl.settings.discountLimit.Text; got != c.field {
				t.Fatalf("settings show the limit as %q, want %q", got, c.field)
			}
			tl.settings.saveSettings()
			if got, _, _ := tl.st.Shop(); got.DiscountLimit != 1250 {
				t.Fatalf("saved unchanged: limit %d, want 1250", got.DiscountLimit)
			}
			why := tl.sell.approvalText("", &pos.Approval{Reason: pos.ReasonOverLimit})
			if !strings.Contains(why, c.field) {
				t.Fatalf("approval says %q, without %q", why, c.field)
			}
		})
	}
}

// The credit notebook's amounts in a message or a field are written as
// the language writes them, like every other amount: the manager asked
// over a limit read "540.00" in French, and a repayment opened on
// "250.00".
func TestAccountAmountsAreWrittenInTheLanguage(t *testing.T) {
	tl := newTill(t)
	tl.putCustomer(t, "C-fatiha", "Fatiha Benali", "فتيحة بنعلي", 50000)
	tl.loginAs(t, "c1", cashierPIN)
	tl.openShift(t)
	tl.payOnAccount(t, "fatiha", "TAJ-1")
	tl.payOnAccount(t, "fatiha", "TAJ-1") // 500 DH owed: the limit
	tl.payOnAccount(t, "fatiha", "THE-1") // 540: above it
	if tl.pin == nil {
		t.Fatal("no manager PIN asked above the limit")
	}
	if d := tl.pin.detail.Text; !strings.Contains(d, "540,00") || strings.Contains(d, "540.00") || !strings.Contains(d, "500,00") {
		t.Fatalf("the manager reads %q", d)
	}
	tl.typePIN(t, managerPIN)
	a := tl.showAccounts()
	a.list.Select(0)
	test.Tap(a.repay)
	if a.amount == nil || a.amount.entry.Text != "540,00" {
		t.Fatalf("the repayment opens on %q", a.amount.entry.Text)
	}
	a.amount.entry.SetText("600")
	test.Tap(a.amount.ok)
	if !strings.Contains(tl.overlayText(), "600,00") {
		t.Fatalf("more than owed says %q", tl.overlayText())
	}
}

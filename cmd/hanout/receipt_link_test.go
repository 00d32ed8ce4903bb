package main

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"hanout/pos"
	tillsync "hanout/sync"
)

// hanout receipt link N prints the address the receipt's QR code carries,
// and says clearly, in the person's language, why there is none.
func TestReceiptLink(t *testing.T) {
	data := t.TempDir()
	if _, errs, code := hanout(t, "demo", "seed", "--data", data, "--days", "1"); code != 0 {
		t.Fatalf("demo seed: %d %s", code, errs)
	}
	// Not enrolled: no platform, no link.
	if out, errs, code := hanout(t, "receipt", "link", "2", "--data", data); code != exitFail || out != "" || !strings.Contains(errs, "No platform is configured") {
		t.Fatalf("without a platform: %d %q %q", code, out, errs)
	}
	if _, errs, code := hanoutLang(t, "fr_FR.UTF-8", "receipt", "link", "2", "--data", data); code != exitFail || !strings.Contains(errs, "Aucune plateforme") {
		t.Fatalf("without a platform, in French: %d %q", code, errs)
	}
	if _, errs, code := hanoutLang(t, "ar_MA.UTF-8", "receipt", "link", "2", "--data", data); code != exitFail || !strings.Contains(errs, "لم تُضبط أي منصة") {
		t.Fatalf("without a platform, in Arabic: %d %q", code, errs)
	}

	s, err := openStore(data, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.PutSetting(tillsync.SettingsKey, tillsync.Settings{Platform: "https://plateforme.example.ma:8443", Merchant: "m1", Token: "t.x"}); err != nil {
		t.Fatal(err)
	}
	doc, err := s.ByReceipt(2)
	if err != nil {
		t.Fatal(err)
	}
	// A sale committed before receipts had keys.
	shift := s.OpenShift()
	if shift == "" {
		open := &pos.Document{Kind: pos.KindShiftOpen, Cashier: "Ali", Time: time.Now()}
		if err := s.Commit(open); err != nil {
			t.Fatal(err)
		}
		shift = open.Shift
	}
	p, _ := s.Products()
	tk := &pos.Ticket{}
	if err := tk.Add(&p[0], 1); err != nil {
		t.Fatal(err)
	}
	total, _ := tk.Compute()
	cash, _ := pos.CashTender(total, total)
	old, err := tk.Sale([]pos.Tender{cash}, "Ali", shift, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	old.Key = ""
	if err := s.Commit(old); err != nil {
		t.Fatal(err)
	}
	s.Close()

	out, errs, code := hanout(t, "receipt", "link", "2", "--data", data)
	want := "https://plateforme.example.ma:8443/r/" + doc.ID + "?k=" + doc.Key
	if code != exitOK || strings.TrimSpace(out) != want || doc.Key == "" {
		t.Fatalf("receipt link 2: %d %q %q, want %s", code, out, errs, want)
	}
	if u, err := url.Parse(strings.TrimSpace(out)); err != nil || u.Query().Get("k") != doc.Key {
		t.Fatalf("the link does not parse back to its key: %v", err)
	}
	// Flags after or before the number alike.
	if out2, _, code := hanout(t, "receipt", "link", "--data", data, "000002"); code != exitOK || out2 != out {
		t.Fatalf("--data first, zero-padded number: %d %q", code, out2)
	}
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"99999"}, exitFail, "Receipt no. 99999 does not exist"},
		{[]string{"abc"}, exitUsage, "“abc” is not a receipt number"},
		{[]string{"0"}, exitUsage, "is not a receipt number"},
		{[]string{"1", "2"}, exitUsage, ""},
		{[]string{}, exitUsage, ""},
		{[]string{strconv.FormatUint(old.Receipt, 10)}, exitFail, "was recorded before digital receipts"},
	} {
		out, errs, code := hanout(t, append([]string{"receipt", "link", "--data", data}, c.args...)...)
		if code != c.code || out != "" || !strings.Contains(errs, c.msg) {
			t.Errorf("receipt link %v: %d %q %q, want %d and %q", c.args, code, out, errs, c.code, c.msg)
		}
	}
}

package pos

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"
	"time"
)

// Every sale and refund is built with its own receipt key: at least 96
// random bits, URL-safe, never the same twice.
func TestSalesAndRefundsCarryTheirOwnReceiptKey(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 200; i++ {
		tk := &Ticket{}
		must(t, tk.Add(product("TAJ", 25000, 20000, 2000), 2))
		sale, err := tk.Sale(cashFor(tk), "Youssef", "s", time.Now())
		must(t, err)
		refund, err := Refund(sale, nil, map[int]int64{0: 1}, []Tender{{Kind: TenderCash, Amount: -25000, Given: -25000, Status: StatusApproved}}, "Youssef", "s", "Amina", "broken", time.Now())
		must(t, err)
		for _, d := range []*Document{sale, refund} {
			b, err := base64.RawURLEncoding.DecodeString(d.Key)
			if err != nil || len(b)*8 < 96 || !ValidReceiptKey(d.Key) || url.QueryEscape(d.Key) != d.Key {
				t.Fatalf("%s key %q: %d bits, %v", d.Kind, d.Key, len(b)*8, err)
			}
			if seen[d.Key] {
				t.Fatalf("key %q given twice", d.Key)
			}
			seen[d.Key] = true
		}
	}
}

func TestReceiptLink(t *testing.T) {
	d := &Document{ID: "0b8c1f3e-2f1a-4c55-9d1e-7a0f3b2c4d5e", Kind: KindSale, Receipt: 12, Key: "AbC-_0123456789xyzABCD"}
	got, err := ReceiptLink("https://plateforme.example.ma:8443/", d)
	must(t, err)
	if want := "https://plateforme.example.ma:8443/r/0b8c1f3e-2f1a-4c55-9d1e-7a0f3b2c4d5e?k=AbC-_0123456789xyzABCD"; got != want {
		t.Fatalf("link %q, want %q", got, want)
	}
	for _, c := range []struct {
		base string
		doc  *Document
		key  string
	}{
		{"", d, "ereceipt.no_platform"},
		{"  ", d, "ereceipt.no_platform"},
		{"plateforme.example.ma", d, "ereceipt.no_platform"},
		{"https://p.example", &Document{ID: d.ID, Kind: KindSale, Receipt: 3}, "ereceipt.no_key"},
		{"https://p.example", &Document{ID: d.ID, Kind: KindShiftOpen}, "ereceipt.not_receipt"},
		{"https://p.example", nil, "ereceipt.not_receipt"},
	} {
		if _, err := ReceiptLink(c.base, c.doc); KeyOf(err) != c.key {
			t.Errorf("ReceiptLink(%q, %+v): %v, want %s", c.base, c.doc, err, c.key)
		}
	}
}

func TestValidReceiptKey(t *testing.T) {
	for s, want := range map[string]bool{
		NewReceiptKey(): true, "": false, "short": false, strings.Repeat("a", 65): false,
		"AbC-_0123456789xyzABCD": true, "AbC+/0123456789xyzABCD": false, "AbC 0123456789xyzABCD=": false,
	} {
		if ValidReceiptKey(s) != want {
			t.Errorf("ValidReceiptKey(%q) = %v", s, !want)
		}
	}
}

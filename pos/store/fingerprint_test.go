package store

import (
	"strings"
	"testing"
	"time"

	"hanout/pos"
	"hanout/pos/receipt"
	"hanout/pos/report"
)

// Each receipt and each Z report prints the first 8 hex digits of its
// document's chain hash: a receipt in a customer's hand, or a Z report in
// the binder, shows a rewritten journal.
func TestReceiptAndZReportPrintTheChainFingerprint(t *testing.T) {
	s, _ := openTemp(t)
	seedProducts(t, s)
	sh := openShift(t, s)
	d := sell(t, s, sh, "ARG", 1)
	fp := pos.Fingerprint(s.Hash(d.Seq))
	if len(fp) != 8 {
		t.Fatalf("fingerprint %q", fp)
	}
	r, err := receipt.Build(d, pos.Shop{Name: "Dar"}, receipt.Options{Lang: pos.FR, Chain: s.Hash(d.Seq)})
	if err != nil {
		t.Fatal(err)
	}
	if text := strings.Join(r.TextLines(42), "\n"); !strings.Contains(text, fp) {
		t.Fatalf("receipt without its fingerprint %s:\n%s", fp, text)
	}
	closing, err := pos.CloseShift("Ali", sh, map[int]int{}, "Fatima", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(closing); err != nil {
		t.Fatal(err)
	}
	z, err := s.ShiftReport(sh)
	if err != nil {
		t.Fatal(err)
	}
	want := pos.Fingerprint(s.Hash(closing.Seq))
	if z.Kind != "Z" || z.Fingerprint != want || !strings.Contains(report.Text(z, pos.FR, 48), want) {
		t.Fatalf("Z report fingerprint %q, want %q", z.Fingerprint, want)
	}
}

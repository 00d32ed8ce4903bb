package printq

import (
	"strings"
	"testing"
	"time"

	"hanout/pos"
	"hanout/pos/receipt"
)

// memQueue lays out one report, the statement of customer C-1.
func (q *memQueue) PrintReport(report, key string) (*receipt.Receipt, error) {
	if report != "statement" || key != "C-1" {
		return nil, ErrUnknownReport(report)
	}
	_, shop := receipt.Sample()
	c := &pos.Customer{ID: "C-1", Name: "Fatiha Benali", Limit: 150000}
	at := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	lines := []pos.StatementLine{
		{Time: at, Receipt: 12, Kind: pos.KindSale, Amount: 32000, Balance: 32000},
		{Time: at.Add(48 * time.Hour), Receipt: 31, Kind: pos.KindRepayment, Amount: -12000, Balance: 20000},
	}
	return receipt.Statement(c, lines, shop, receipt.StatementOptions{Lang: pos.FR}), nil
}

// A customer's statement goes through the print queue like a receipt,
// never opening the drawer; a report the till does not know stays queued
// with its reason.
func TestPrintsQueuedStatement(t *testing.T) {
	r := newRig(t)
	r.q.add(Job{ID: 1, Report: "statement", Key: "C-1"})
	r.w.Kick()
	p := r.waitPage()
	txt := p.Text()
	for _, want := range []string{"RELEVÉ DE COMPTE", "Fatiha Benali", "#000031", "Remboursement", "200,00 DH"} {
		if !strings.Contains(txt, want) {
			t.Errorf("%q missing from the printed statement:\n%s", want, txt)
		}
	}
	if p.Drawers != 0 {
		t.Fatal("a statement opened the drawer")
	}
	r.waitEmpty("printed statement still queued")
	r.q.add(Job{ID: 2, Report: "horoscope"})
	r.w.Kick()
	s := r.waitState("receipt.not_printable")
	if s.Pending != 1 {
		t.Fatalf("state %+v", s)
	}
}

// Package report renders X and Z reports as text in the seller's language,
// for the command line, the screen and the printer alike.
package report

import (
	"fmt"
	"strings"
	"time"

	"hanout/pos"
	"hanout/pos/i18n"
)

// Text renders r in lang at the given width (columns).
func Text(r *pos.Report, l pos.Lang, width int) string {
	if width < 24 {
		width = 24
	}
	var b strings.Builder
	t := func(key string, args ...any) string { return i18n.T(l, key, args...) }
	line := func(label string, m pos.Money) {
		amount := m.Format(l)
		pad := width - len([]rune(label)) - len([]rune(amount))
		if pad < 1 {
			pad = 1
		}
		b.WriteString(label + strings.Repeat(" ", pad) + amount + "\n")
	}
	text := func(label, value string) {
		pad := width - len([]rune(label)) - len([]rune(value))
		if pad < 1 {
			pad = 1
		}
		b.WriteString(label + strings.Repeat(" ", pad) + value + "\n")
	}
	rule := func() { b.WriteString(strings.Repeat("-", width) + "\n") }
	title := t("report.x_title")
	if r.Kind == "Z" {
		title = t("report.z_title")
	}
	b.WriteString(title + "\n")
	rule()
	text(t("report.terminal"), r.Terminal)
	text(t("report.cashier"), r.Cashier)
	text(t("report.opened"), stamp(r.Opened))
	if r.Kind == "Z" {
		text(t("report.closed"), stamp(r.Closed))
	}
	if r.Sales+r.Refunds > 0 {
		text(t("report.receipts"), fmt.Sprintf("%d – %d", r.FirstReceipt, r.LastReceipt))
	}
	text(t("report.sales_count"), fmt.Sprint(r.Sales))
	text(t("report.refunds_count"), fmt.Sprint(r.Refunds))
	rule()
	line(t("report.sales"), r.SalesTotal)
	line(t("report.refunds"), r.RefundTotal)
	line(t("report.net"), r.Net)
	line(t("report.discounts"), r.Discounts)
	line(t("report.haggled"), r.Haggled)
	rule()
	b.WriteString(t("report.by_tender") + "\n")
	for _, tt := range r.ByTender {
		line(fmt.Sprintf("  %s (%d)", t("tender."+string(tt.Kind)), tt.Count), tt.Amount)
	}
	if len(r.Unverified) > 0 {
		b.WriteString(t("report.unverified") + "\n")
		for _, u := range r.Unverified {
			line(fmt.Sprintf("  #%d %s %s", u.Receipt, t("tender."+string(u.Kind)), u.Reference), u.Amount)
		}
	}
	if len(r.RefusedAfter) > 0 {
		b.WriteString(t("report.refused_after") + "\n")
		for _, u := range r.RefusedAfter {
			line(fmt.Sprintf("  #%d %s %s", u.Receipt, t("tender."+string(u.Kind)), u.Reference), u.Amount)
		}
	}
	if len(r.FromSlip) > 0 {
		b.WriteString(t("report.from_slip") + "\n")
		for _, u := range r.FromSlip {
			line(fmt.Sprintf("  #%d %s (%s)", u.Receipt, t("tender."+string(u.Kind)), u.Reference), u.Amount)
		}
	}
	accountsText(r, t, line) // the credit notebook: accounts.go
	b.WriteString(t("report.by_tax") + "\n")
	for _, tl := range r.ByTax {
		line(fmt.Sprintf("  %s %s%%", t("report.tva"), tl.Rate.Percent()), tl.Tax)
		line("    "+t("report.net_ht"), tl.Net)
	}
	b.WriteString(t("report.by_category") + "\n")
	for _, c := range r.ByCategory {
		line("  "+c.Name, c.Amount)
	}
	rule()
	line(t("report.float"), r.Float)
	line(t("report.cash_in"), r.CashIn)
	line(t("report.cash_out"), r.CashOut)
	if r.Payouts != 0 {
		line(t("artisans.report_payouts"), r.Payouts)
	}
	if r.RepaidCash != 0 {
		line(t("accounts.report.repaid_cash"), r.RepaidCash)
	}
	if r.ForeignChange != 0 {
		line(t("currency.report.change"), -r.ForeignChange)
	}
	line(t("report.expected_cash"), r.ExpectedCash)
	if r.Kind == "Z" {
		line(t("report.counted"), r.Counted)
		line(t("report.variance"), r.Variance)
	}
	for _, fc := range r.Foreign {
		c, ok := pos.CurrencyByCode(fc.Currency)
		if !ok {
			continue
		}
		b.WriteString(t("currency.report.notes", c.Code, fc.Count) + "\n")
		line("  "+t("currency.report.value"), fc.Value)
		text("  "+t("currency.report.expected"), c.Format(fc.Expected, l))
		if r.Kind == "Z" {
			text("  "+t("currency.report.counted"), c.Format(fc.Counted, l))
			text("  "+t("currency.report.variance"), c.Format(fc.Variance, l))
		}
	}
	rule()
	line(t("report.grand_total"), r.GrandTotal)
	line(t("report.grand_refund"), r.GrandRefund)
	if r.Fingerprint != "" {
		text(t("money.report.fingerprint"), r.Fingerprint)
	}
	return b.String()
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format("2006-01-02 15:04")
}

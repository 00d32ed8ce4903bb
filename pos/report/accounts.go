package report

import (
	"fmt"

	"hanout/pos"
)

// accountsText renders the credit notebook's part of a shift: sales put
// on account (no money taken) and repayments by how they were paid.
func accountsText(r *pos.Report, t func(string, ...any) string, line func(string, pos.Money)) {
	if r.OnAccount.Count > 0 {
		b := fmt.Sprintf("%s (%d)", t("accounts.report.on_account"), r.OnAccount.Count)
		line(b, r.OnAccount.Amount)
	}
	if len(r.Repayments) > 0 {
		line(t("accounts.report.repayments"), r.RepaidTotal())
		for _, rp := range r.Repayments {
			line(fmt.Sprintf("  %s (%d)", t("tender."+string(rp.Kind)), rp.Count), rp.Amount)
		}
	}
}

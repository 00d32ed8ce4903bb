package pos

// The credit notebook in the shift's X and Z reports: what was sold on
// account is not money in the drawer, and what customers repaid is money
// taken outside any sale.

// addRepayment counts a repayment by how it was paid; its cash goes into
// the drawer's expected cash.
func (r *Report) addRepayment(d *Document, _ *reportSums) {
	for _, t := range d.Tenders {
		if t.Status == StatusRefused {
			continue
		}
		if t.Kind == TenderCash {
			r.RepaidCash += t.Amount
		}
		found := false
		for i := range r.Repayments {
			if r.Repayments[i].Kind == t.Kind {
				r.Repayments[i].Count++
				r.Repayments[i].Amount += t.Amount
				found = true
			}
		}
		if !found {
			r.Repayments = append(r.Repayments, TenderTotal{Kind: t.Kind, Count: 1, Amount: t.Amount})
		}
	}
}

// finishAccounts takes the account tenders of sales and refunds out of
// the tender sums into OnAccount, and orders the repayments.
func (r *Report) finishAccounts(sums *reportSums) {
	if tt, ok := sums.tenders[TenderAccount]; ok {
		r.OnAccount = *tt
	}
	order := map[TenderKind]int{TenderCash: 0, TenderCard: 1, TenderQRCard: 2, TenderQRWallet: 3}
	for i := 1; i < len(r.Repayments); i++ {
		for j := i; j > 0 && order[r.Repayments[j].Kind] < order[r.Repayments[j-1].Kind]; j-- {
			r.Repayments[j], r.Repayments[j-1] = r.Repayments[j-1], r.Repayments[j]
		}
	}
}

// RepaidTotal is the sum of the shift's repayments.
func (r *Report) RepaidTotal() Money {
	var m Money
	for _, t := range r.Repayments {
		m += t.Amount
	}
	return m
}

package pos

import (
	"sort"
	"strconv"
	"time"
)

// Report is an X report (a shift so far) or a Z report (a closed shift).
// It is computed from the shift's documents alone, so printing it twice
// gives the same figures and no report is ever stored as truth.
type Report struct {
	Kind     string    `json:"kind"` // "X" or "Z"
	Terminal string    `json:"terminal"`
	Shift    string    `json:"shift"`
	Opened   time.Time `json:"opened"`
	Closed   time.Time `json:"closed,omitzero"`
	Cashier  string    `json:"cashier"`

	Sales        int    `json:"sales"`
	Refunds      int    `json:"refunds"`
	FirstReceipt uint64 `json:"first_receipt,omitempty"`
	LastReceipt  uint64 `json:"last_receipt,omitempty"`

	SalesTotal  Money `json:"sales_total"`  // sum of sale totals
	RefundTotal Money `json:"refund_total"` // sum of refund totals (negative)
	Net         Money `json:"net"`
	Discounts   Money `json:"discounts"` // line and ticket discounts on sales
	Haggled     Money `json:"haggled"`   // list minus negotiated, on sales

	ByTender   []TenderTotal `json:"by_tender"`
	ByTax      []TaxLine     `json:"by_tax"`
	ByCategory []Amount      `json:"by_category"`
	Unverified []Unverified  `json:"unverified,omitempty"`
	// RefusedAfter lists tenders recorded as unverified that the platform
	// or the terminal slip later showed were never paid. They are taken
	// out of ByTender: that money did not arrive.
	RefusedAfter []Unverified `json:"refused_after,omitempty"`
	// FromSlip lists card payments whose outcome the till never heard and
	// a manager recorded from the terminal's slip.
	FromSlip []Unverified `json:"from_slip,omitempty"`

	Float   Money `json:"float"`
	CashIn  Money `json:"cash_in"`
	CashOut Money `json:"cash_out"` // negative
	// Payouts is the cash paid to artisans from the drawer (negative);
	// transfers are not in it (artisans.go).
	Payouts Money `json:"payouts,omitempty"`
	// The credit notebook (accounts_report.go): sales put on customers'
	// accounts (net of refunds to account), apart from the money taken;
	// repayments by how they were paid. Cash repayments are in
	// ExpectedCash.
	OnAccount    TenderTotal   `json:"on_account,omitzero"`
	Repayments   []TenderTotal `json:"repayments,omitempty"`
	RepaidCash   Money         `json:"repaid_cash,omitempty"`
	ExpectedCash Money         `json:"expected_cash"`
	Counted      Money         `json:"counted"`
	Variance     Money         `json:"variance"` // counted - expected

	// ForeignChange is the dirhams the drawer gave back as change on
	// foreign banknotes: ExpectedCash is net of it. Foreign is each
	// foreign currency's banknotes, expected and counted (currency.go).
	ForeignChange Money         `json:"foreign_change,omitempty"`
	Foreign       []ForeignCash `json:"foreign,omitempty"`

	// GrandTotal is the terminal's perpetual total of sales since it was
	// set up; it never decreases. The store supplies it.
	GrandTotal  Money `json:"grand_total"`
	GrandRefund Money `json:"grand_refund"`

	// Fingerprint is the first 8 hex digits of the chain hash of the
	// shift's last document (its close, for a Z report): printed, it
	// anchors the journal on paper. The store supplies it.
	Fingerprint string `json:"fingerprint,omitempty"`
}

// TenderTotal sums one way of paying.
type TenderTotal struct {
	Kind       TenderKind `json:"kind"`
	Count      int        `json:"count"`
	Amount     Money      `json:"amount"`
	Unverified Money      `json:"unverified,omitempty"` // part of Amount not yet confirmed
}

// ForeignCash is one foreign currency in the drawer: the banknotes taken
// (in that currency's cents), what they were worth in dirhams, and at a
// close what was counted.
type ForeignCash struct {
	Currency string `json:"currency"`
	Count    int    `json:"count"`    // tenders
	Value    Money  `json:"value"`    // dirhams the notes were taken for (sum of Given)
	Expected Money  `json:"expected"` // the currency's cents that should be in the drawer
	Counted  Money  `json:"counted"`  // the currency's cents counted at the close
	Variance Money  `json:"variance"` // counted - expected, in the currency's cents
}

// Amount is a named sum.
type Amount struct {
	Name   string `json:"name"`
	Amount Money  `json:"amount"`
}

// Unverified is a tender recorded without confirmation and not yet settled
// by a tender_check document.
type Unverified struct {
	Receipt   uint64     `json:"receipt"`
	Kind      TenderKind `json:"kind"`
	Amount    Money      `json:"amount"`
	Reference string     `json:"ref,omitempty"`
}

// BuildReport computes the report of one shift from its documents in
// journal order. It is a Z report when the documents include the close.
func BuildReport(docs []*Document) *Report {
	r := &Report{Kind: "X"}
	sums := reportSums{tenders: map[TenderKind]*TenderTotal{}, taxes: map[TaxRate]*TaxLine{}, cats: map[string]Money{},
		checked: map[string]TenderStatus{}}
	for _, d := range docs {
		if d.Kind == KindTenderCheck && d.Check != nil {
			sums.checked[tenderKey(d.Check.SaleID, d.Check.Tender)] = d.Check.Status
		}
	}
	for _, d := range docs {
		if r.Terminal == "" {
			r.Terminal = d.Terminal
		}
		switch d.Kind {
		case KindShiftOpen:
			r.Shift, r.Opened, r.Cashier, r.Float = d.Shift, d.Time, d.Cashier, d.Cash
		case KindCashMove:
			if d.Cash > 0 {
				r.CashIn += d.Cash
			} else {
				r.CashOut += d.Cash
			}
		case KindShiftClose:
			r.Kind, r.Closed, r.Counted = "Z", d.Time, d.Cash
			for code, pieces := range d.CountedForeign {
				m, _ := CountForeign(code, pieces)
				sums.foreign(code).Counted += m
			}
			r.GrandTotal, r.GrandRefund = d.GrandTotal, d.GrandRefund
		case KindSale, KindRefund:
			r.addSale(d, &sums)
		case KindPayout:
			r.Payouts += PayoutCash(d)
		case KindRepayment:
			r.addRepayment(d, &sums)
		}
	}
	r.finish(&sums)
	return r
}

// reportSums are the totals BuildReport gathers by key before they become
// the report's sorted lists.
type reportSums struct {
	tenders     map[TenderKind]*TenderTotal
	taxes       map[TaxRate]*TaxLine
	cats        map[string]Money
	checked     map[string]TenderStatus // saleID/tender -> verdict
	foreignCash map[string]*ForeignCash
}

func (s *reportSums) foreign(code string) *ForeignCash {
	if s.foreignCash == nil {
		s.foreignCash = map[string]*ForeignCash{}
	}
	fc, ok := s.foreignCash[code]
	if !ok {
		fc = &ForeignCash{Currency: code}
		s.foreignCash[code] = fc
	}
	return fc
}

// addSale counts a sale or refund: totals, receipt range, categories,
// taxes and tenders.
func (r *Report) addSale(d *Document, sums *reportSums) {
	if d.Kind == KindSale {
		r.Sales++
		r.SalesTotal += d.Total
		r.Haggled += d.Haggled()
		r.Discounts += d.Discount
		for _, l := range d.Lines {
			r.Discounts += l.Discount
		}
	} else {
		r.Refunds++
		r.RefundTotal += d.Total
	}
	if r.FirstReceipt == 0 || d.Receipt < r.FirstReceipt {
		r.FirstReceipt = d.Receipt
	}
	r.LastReceipt = max(r.LastReceipt, d.Receipt)
	for _, l := range d.Lines {
		sums.cats[l.Category] += l.Total
	}
	for _, t := range d.Taxes {
		tl, ok := sums.taxes[t.Rate]
		if !ok {
			tl = &TaxLine{Rate: t.Rate}
			sums.taxes[t.Rate] = tl
		}
		tl.Gross += t.Gross
		tl.Net += t.Net
		tl.Tax += t.Tax
	}
	for i, t := range d.Tenders {
		if t.Status != StatusRefused {
			r.addTender(d, i, sums)
		}
	}
}

// addTender counts tender i of d, and lists it when it was read from a
// slip or is still unverified (or was refused after the sale).
func (r *Report) addTender(d *Document, i int, sums *reportSums) {
	t := d.Tenders[i]
	tt, ok := sums.tenders[t.Kind]
	if !ok {
		tt = &TenderTotal{Kind: t.Kind}
		sums.tenders[t.Kind] = tt
	}
	tt.Count++
	tt.Amount += t.Amount
	if IsForeign(t.Kind) {
		fc := sums.foreign(t.Currency)
		fc.Count++
		fc.Value += t.Given
		fc.Expected += t.Foreign
		r.ForeignChange += t.Change
	}
	if t.Recorded == RecordedSlip {
		r.FromSlip = append(r.FromSlip, Unverified{Receipt: d.Receipt, Kind: t.Kind, Amount: t.Amount, Reference: t.ApprovedBy})
	}
	if t.Status != StatusUnverified {
		return
	}
	u := Unverified{Receipt: d.Receipt, Kind: t.Kind, Amount: t.Amount, Reference: t.Reference}
	switch sums.checked[tenderKey(d.ID, i)] {
	case StatusApproved:
	case StatusRefused:
		tt.Amount -= t.Amount
		r.RefusedAfter = append(r.RefusedAfter, u)
	default:
		tt.Unverified += t.Amount
		r.Unverified = append(r.Unverified, u)
	}
}

// finish turns the sums into the report's lists and computes the cash
// expected in the drawer.
func (r *Report) finish(sums *reportSums) {
	r.Net = r.SalesTotal + r.RefundTotal
	for _, k := range []TenderKind{TenderCash, TenderCashEUR, TenderCashUSD, TenderCard, TenderQRCard, TenderQRWallet} {
		if tt, ok := sums.tenders[k]; ok {
			r.ByTender = append(r.ByTender, *tt)
		}
	}
	for _, rate := range TaxRates {
		if tl, ok := sums.taxes[rate]; ok {
			r.ByTax = append(r.ByTax, *tl)
		}
	}
	for name, m := range sums.cats {
		r.ByCategory = append(r.ByCategory, Amount{Name: name, Amount: m})
	}
	sort.Slice(r.ByCategory, func(i, j int) bool { return r.ByCategory[i].Name < r.ByCategory[j].Name })
	var cash Money
	if tt, ok := sums.tenders[TenderCash]; ok {
		cash = tt.Amount
	}
	r.finishAccounts(sums)
	r.ExpectedCash = r.Float + r.CashIn + r.CashOut + r.Payouts + cash - r.ForeignChange + r.RepaidCash
	if r.Kind == "Z" {
		r.Variance = r.Counted - r.ExpectedCash
	}
	for _, c := range Currencies {
		if fc, ok := sums.foreignCash[c.Code]; ok {
			if r.Kind == "Z" {
				fc.Variance = fc.Counted - fc.Expected
			}
			r.Foreign = append(r.Foreign, *fc)
		}
	}
}

func tenderKey(id string, i int) string { return id + "/" + strconv.Itoa(i) }

package pos

import (
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// A cooperative sells its members' pieces and pays each artisan what was
// sold, less its commission. Sale lines carry the artisan's id copied from
// the product when the line was rung up (Ticket.Add); refund lines carry
// the sold line's. Payouts are KindPayout documents. The artisans report is
// computed from those documents alone, like every other report.

// TenderTransfer is a payout made outside the drawer (a bank or mobile
// money transfer): it does not touch the shift's cash.
const TenderTransfer TenderKind = "transfer"

// MaxCommission is 100 % in basis points.
const MaxCommission = 10000

// Validate checks an artisan before it is stored.
func (a *Artisan) Validate() error {
	name := strings.TrimSpace(a.Name)
	switch {
	case !ValidRecordID(a.ID): // the platform takes master records with such ids only
		return Errorf("artisans.id_invalid", a.ID)
	case name == "" || utf8.RuneCountInString(name) > 80 || strings.ContainsAny(name, "\n\r\t"):
		return Errorf("artisans.name_missing")
	case a.Commission < 0 || a.Commission > MaxCommission:
		return Errorf("artisans.commission_invalid", a.Name)
	case utf8.RuneCountInString(a.Phone) > 32 || strings.ContainsAny(a.Phone, "\n\r\t"):
		return Errorf("artisans.phone_invalid", a.Name)
	}
	return nil
}

// NewArtisanID is a short random id ("a-" and 8 hex digits) that names an
// artisan on every till of the merchant and on the platform.
func NewArtisanID() string { return "a-" + NewShortID() }

// ParseCommission reads a commission typed in percent ("15", "12.5",
// "12,5") as basis points.
func ParseCommission(s string) (int, error) {
	m, err := ParseMoney(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	if err != nil || m < 0 || m > MaxCommission {
		return 0, Errorf("artisans.commission_invalid", s)
	}
	return int(m), nil
}

// CommissionPercent renders basis points as a percent: 1500 is "15",
// 1250 is "12.50".
func CommissionPercent(bp int) string {
	s := Money(bp).Decimal()
	return strings.TrimSuffix(s, ".00")
}

// PercentIn is CommissionPercent (basis points as a percent) written as
// language l writes decimals, with Money.Format's separator: "12,50" in
// French and Arabic, "12.50" in English.
func PercentIn(bp int, l Lang) string {
	s := CommissionPercent(bp)
	if l != EN {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// CommissionOf is the cooperative's share of sales at rate (basis points),
// rounded once to the centime, half away from zero: 0.5 centime goes to
// the cooperative on a sale and back to it on a refund, so a sale and its
// full refund cancel exactly.
func CommissionOf(sales Money, rate int) Money {
	return Money(roundDiv(int64(sales)*int64(rate), MaxCommission))
}

// Payout builds the document of amount paid to an artisan, in cash from
// the drawer (TenderCash: the shift must be open and its expected cash
// falls by the amount) or outside it (TenderTransfer). manager is the
// manager whose PIN allowed it. Cash holds the amount (positive) and the
// tender the money leaving (negative, as on a refund).
func Payout(a *Artisan, amount Money, how TenderKind, cashier, shift, manager, note string, now time.Time) (*Document, error) {
	d := &Document{ID: NewID(), Kind: KindPayout, Time: now, Cashier: cashier, Shift: shift,
		Artisan: a.ID, Cash: amount, ApprovedBy: manager, Reason: strings.TrimSpace(note),
		Tenders: []Tender{{Kind: how, Amount: -amount, Status: StatusApproved}}}
	if err := CheckPayout(d); err != nil {
		return nil, err
	}
	return d, nil
}

// CheckPayout checks a payout document's own rules (the store adds that a
// cash payout falls in the open shift).
func CheckPayout(d *Document) error {
	switch {
	case d.Kind != KindPayout:
		return Errorf("store.invalid_document")
	case strings.TrimSpace(d.Artisan) == "":
		return Errorf("artisans.payout_no_artisan")
	case d.Cash <= 0 || d.Cash > MaxPrice:
		return Errorf("artisans.payout_amount_invalid")
	case d.ApprovedBy == "":
		return Errorf("auth.manager_required")
	case len(d.Tenders) != 1 || d.Tenders[0].Amount != -d.Cash || d.Tenders[0].Status != StatusApproved:
		return Errorf("store.invalid_document")
	case d.Tenders[0].Kind != TenderCash && d.Tenders[0].Kind != TenderTransfer:
		return Errorf("artisans.payout_how_invalid")
	case d.Tenders[0].Kind == TenderCash && d.Shift == "":
		return Errorf("shift.not_open")
	case d.Total != 0 || len(d.Lines) != 0 || d.Receipt != 0:
		return Errorf("store.invalid_document")
	}
	return nil
}

// PayoutCash is what a payout took from the drawer (negative), zero for a
// transfer or any other document.
func PayoutCash(d *Document) Money {
	if d.Kind != KindPayout || len(d.Tenders) == 0 || d.Tenders[0].Kind != TenderCash {
		return 0
	}
	return -d.Cash
}

// ArtisanSums are what documents add up to for one artisan: pieces sold
// and sales (both net of refunds) and payouts.
type ArtisanSums struct {
	Pieces int64 `json:"pieces"`
	Sales  Money `json:"sales"`
	Paid   Money `json:"paid"`
}

// ArtisanTally sums documents per artisan id.
type ArtisanTally map[string]*ArtisanSums

// Add counts one document: the lines of a sale or refund that carry an
// artisan, or a payout. Other documents count for nothing.
func (t ArtisanTally) Add(d *Document) {
	switch d.Kind {
	case KindSale, KindRefund:
		for _, l := range d.Lines {
			if l.Artisan == "" {
				continue
			}
			s := t.of(l.Artisan)
			s.Pieces += l.Qty
			s.Sales += l.Total
		}
	case KindPayout:
		if d.Artisan != "" {
			t.of(d.Artisan).Paid += d.Cash
		}
	}
}

func (t ArtisanTally) of(id string) *ArtisanSums {
	s := t[id]
	if s == nil {
		s = &ArtisanSums{}
		t[id] = s
	}
	return s
}

// ArtisanRow is one artisan's line of the artisans report.
type ArtisanRow struct {
	Artisan string `json:"artisan"` // id
	Name    string `json:"name"`
	Rate    int    `json:"rate"` // commission in basis points
	// Known is false for an id the sales carry that is not (or no longer)
	// an artisan of the till: shown under its id, at 0 % commission.
	Known      bool  `json:"known"`
	Pieces     int64 `json:"pieces"`
	Sales      Money `json:"sales"`      // net of refunds, tax included
	Commission Money `json:"commission"` // CommissionOf(Sales, Rate)
	Owed       Money `json:"owed"`       // Sales - Commission
	Paid       Money `json:"paid"`
	// Balance is what the cooperative still owes the artisan at the end
	// of the period: everything owed up to then less everything paid up
	// to then (not only the period's).
	Balance Money `json:"balance"`
}

// ArtisansReport is the artisans report of a period [From, To); a zero
// bound is open.
type ArtisansReport struct {
	From  time.Time    `json:"from,omitzero"`
	To    time.Time    `json:"to,omitzero"`
	Rows  []ArtisanRow `json:"rows"`
	Total ArtisanRow   `json:"total"`
}

// BuildArtisansReport makes the report of the period from documents: docs
// may hold any documents, those outside [from, to) count only towards the
// balance (those before from) or not at all (from to on). Every artisan
// of artisans has a row, sold or not; so does every id a line carries.
// Rows are ordered by name.
func BuildArtisansReport(artisans []Artisan, docs []*Document, from, to time.Time) *ArtisansReport {
	period, upTo := ArtisanTally{}, ArtisanTally{}
	for _, d := range docs {
		if !to.IsZero() && !d.Time.Before(to) {
			continue
		}
		upTo.Add(d)
		if from.IsZero() || !d.Time.Before(from) {
			period.Add(d)
		}
	}
	return ArtisansReportOf(artisans, period, upTo, from, to)
}

// ArtisansReportOf makes the report from sums already made: period holds
// the period's, upTo everything before its end (for the balance). The
// platform sums its documents this way across all of a merchant's tills.
func ArtisansReportOf(artisans []Artisan, period, upTo ArtisanTally, from, to time.Time) *ArtisansReport {
	r := &ArtisansReport{From: from, To: to}
	byID := map[string]Artisan{}
	for _, a := range artisans {
		byID[a.ID] = a
	}
	ids := map[string]bool{}
	for _, a := range artisans {
		ids[a.ID] = true
	}
	for id := range period {
		ids[id] = true
	}
	for id := range upTo {
		ids[id] = true
	}
	for id := range ids {
		a, known := byID[id]
		row := ArtisanRow{Artisan: id, Name: a.Name, Rate: a.Commission, Known: known}
		if !known {
			row.Name = id
		}
		if s := period[id]; s != nil {
			row.Pieces, row.Sales, row.Paid = s.Pieces, s.Sales, s.Paid
		}
		row.Commission = CommissionOf(row.Sales, row.Rate)
		row.Owed = row.Sales - row.Commission
		if s := upTo[id]; s != nil {
			row.Balance = s.Sales - CommissionOf(s.Sales, row.Rate) - s.Paid
		}
		r.Rows = append(r.Rows, row)
		r.Total.Pieces += row.Pieces
		r.Total.Sales += row.Sales
		r.Total.Commission += row.Commission
		r.Total.Owed += row.Owed
		r.Total.Paid += row.Paid
		r.Total.Balance += row.Balance
	}
	sort.Slice(r.Rows, func(i, j int) bool {
		a, b := r.Rows[i], r.Rows[j]
		if a.Known != b.Known {
			return a.Known
		}
		if la, lb := strings.ToLower(a.Name), strings.ToLower(b.Name); la != lb {
			return la < lb
		}
		return a.Artisan < b.Artisan
	})
	return r
}

// ArtisanByName finds an artisan by name, ignoring case and surrounding
// space (the catalogue file names artisans by name).
func ArtisanByName(artisans []Artisan, name string) (*Artisan, bool) {
	n := strings.ToLower(strings.TrimSpace(name))
	for i := range artisans {
		if strings.ToLower(strings.TrimSpace(artisans[i].Name)) == n {
			return &artisans[i], true
		}
	}
	return nil, false
}

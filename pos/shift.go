package pos

import "time"

// Denominations are the Moroccan notes and coins a cashier counts at close,
// in centimes: 200, 100, 50, 20 DH notes; 10, 5, 2, 1 DH, 50 and 20 centime
// coins.
var Denominations = []Money{20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20}

// CountCash totals a count of pieces per denomination. Unknown
// denominations or negative counts are refused.
func CountCash(pieces map[int]int) (Money, error) {
	var m Money
	for d, n := range pieces {
		ok := false
		for _, v := range Denominations {
			ok = ok || Money(d) == v
		}
		if !ok || n < 0 {
			return 0, Errorf("shift.count_invalid")
		}
		m += Money(d) * Money(n)
	}
	return m, nil
}

// OpenShift is the document that opens a shift with a cash float.
func OpenShift(cashier string, float Money, now time.Time) (*Document, error) {
	if float < 0 {
		return nil, Errorf("shift.float_invalid")
	}
	id := NewID()
	return &Document{ID: id, Kind: KindShiftOpen, Time: now, Cashier: cashier, Shift: id, Cash: float}, nil
}

// CashMove records cash put in (amount > 0) or taken out (amount < 0) of
// the drawer with a reason. Taking cash out needs a manager.
func CashMove(cashier, shift string, amount Money, reason, manager string, now time.Time) (*Document, error) {
	switch {
	case shift == "":
		return nil, Errorf("shift.not_open")
	case amount == 0:
		return nil, Errorf("tender.amount_invalid")
	case reason == "":
		return nil, Errorf("shift.reason_missing")
	case amount < 0 && manager == "":
		return nil, Errorf("auth.manager_required")
	}
	return &Document{ID: NewID(), Kind: KindCashMove, Time: now, Cashier: cashier, Shift: shift, Cash: amount, Reason: reason, ApprovedBy: manager}, nil
}

// CloseShift records the cash counted at close; a manager closes the day.
func CloseShift(cashier, shift string, counted map[int]int, manager string, now time.Time) (*Document, error) {
	return CloseShiftForeign(cashier, shift, counted, nil, manager, now)
}

// CloseShiftForeign is CloseShift with the count of each foreign
// currency's banknotes (code -> note in cents -> pieces) beside the
// dirhams.
func CloseShiftForeign(cashier, shift string, counted map[int]int, foreign map[string]map[int]int, manager string, now time.Time) (*Document, error) {
	if shift == "" {
		return nil, Errorf("shift.not_open")
	}
	if manager == "" {
		return nil, Errorf("auth.manager_required")
	}
	total, err := CountCash(counted)
	if err != nil {
		return nil, err
	}
	c := make(map[int]int, len(counted))
	for d, n := range counted {
		if n > 0 {
			c[d] = n
		}
	}
	var cf map[string]map[int]int
	for code, pieces := range foreign {
		if _, err := CountForeign(code, pieces); err != nil {
			return nil, err
		}
		for d, n := range pieces {
			if n > 0 {
				if cf == nil {
					cf = map[string]map[int]int{}
				}
				if cf[code] == nil {
					cf[code] = map[int]int{}
				}
				cf[code][d] = n
			}
		}
	}
	return &Document{ID: NewID(), Kind: KindShiftClose, Time: now, Cashier: cashier, Shift: shift, Cash: total, Counted: c,
		CountedForeign: cf, ApprovedBy: manager}, nil
}

package store

import "hanout/pos"

// kRates is the setting holding the exchange rates foreign banknotes are
// taken at (pos.Rates). It is journaled: each change is a chained event.
const kRates = "rates"

// Rates returns the exchange rates a manager set. A till that never set
// them takes the shop's indicative rates (centimes per unit, so ×100 in
// RateScale), the rates its receipts already showed.
func (s *Store) Rates() (pos.Rates, error) {
	var r pos.Rates
	found, err := s.Setting(kRates, &r)
	if err != nil || found {
		return r, err
	}
	shop, _, err := s.Shop()
	if err != nil {
		return r, err
	}
	return pos.Rates{EUR: int64(shop.RateEUR) * (pos.RateScale / 100), USD: int64(shop.RateUSD) * (pos.RateScale / 100)}, nil
}

// PutRates stores the exchange rates; the change is a journal event under
// the actor's name (a manager's, the till asks for one).
func (s *Store) PutRates(r pos.Rates) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return s.PutSetting(kRates, r)
}

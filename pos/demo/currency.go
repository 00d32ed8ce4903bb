package demo

import (
	"time"

	"hanout/pos"
	"hanout/pos/store"
)

// Rates are the demo's exchange rates, as a bureau de change in the
// médina would post them.
var Rates = pos.Rates{EUR: 108523, USD: 99870}

// tourists are what visitors paying in euros and dollars buy.
var tourists = []string{"POF-CUI", "LAN-VER", "SAC-CUI", "THE-SIN", "FES-VAS", "BAB-FEM"}

// Tourists rings up the day's visitors who pay in foreign notes: one pays
// a piece in euros with the change in dirhams; every other day another
// pays part in dollars and the rest by card. The rates are set first if
// the till has none. It is deterministic in the day, so the seed's own
// random draws do not move.
func Tourists(s *store.Store, cashier, sh string, t time.Time) error {
	var r pos.Rates
	if found, err := s.Setting("rates", &r); err != nil {
		return err
	} else if !found {
		if err := s.PutRates(Rates); err != nil {
			return err
		}
	}
	rates, err := s.Rates()
	if err != nil {
		return err
	}
	day := t.YearDay()
	// Euros: the next 10 € above the price, change in dirhams.
	if err := touristSale(s, cashier, sh, t, tourists[day%len(tourists)], func(total pos.Money) ([]pos.Tender, error) {
		unit := pos.Money(1000) // 10 €
		foreign := unit
		for v, _ := pos.ToDirhams(foreign, rates.EUR); v < total; v, _ = pos.ToDirhams(foreign, rates.EUR) {
			foreign += unit
		}
		eur, err := pos.ForeignTender(pos.TenderCashEUR, foreign, rates.EUR, total)
		return []pos.Tender{eur}, err
	}); err != nil || day%2 == 1 {
		return err
	}
	// Dollars: 20 $ and the rest by card.
	return touristSale(s, cashier, sh, t.Add(7*time.Minute), tourists[(day+3)%len(tourists)], func(total pos.Money) ([]pos.Tender, error) {
		usd, err := pos.ForeignTender(pos.TenderCashUSD, 2000, rates.USD, total)
		if err != nil || usd.Amount == total {
			return []pos.Tender{usd}, err
		}
		card := pos.Tender{Kind: pos.TenderCard, Amount: total - usd.Amount, Status: pos.StatusApproved,
			CardMasked: "412345******" + "7781", AuthCode: "A40213", EntryMode: "contactless"}
		return []pos.Tender{usd, card}, nil
	})
}

func touristSale(s *store.Store, cashier, sh string, t time.Time, sku string, pay func(pos.Money) ([]pos.Tender, error)) error {
	p, err := s.Product(sku)
	if err != nil || p.Stock <= 0 {
		return nil // sold out (or not in this catalogue): no tourist today
	}
	var tk pos.Ticket
	if err := tk.Add(p, 1); err != nil {
		return nil
	}
	total, _ := tk.Compute()
	tenders, err := pay(total)
	if err != nil {
		return err
	}
	d, err := tk.Sale(tenders, cashier, sh, t)
	if err != nil {
		return err
	}
	return s.Commit(d)
}

// ForeignPieces is the count of each currency's notes a report expects,
// as a cashier would find them: largest notes first.
func ForeignPieces(r *pos.Report) map[string]map[int]int {
	var out map[string]map[int]int
	for _, fc := range r.Foreign {
		c, ok := pos.CurrencyByCode(fc.Currency)
		if !ok || fc.Expected <= 0 {
			continue
		}
		m, pieces := fc.Expected, map[int]int{}
		for _, n := range c.Notes {
			if k := int(m / n); k > 0 {
				pieces[int(n)] = k
				m -= pos.Money(k) * n
			}
		}
		if out == nil {
			out = map[string]map[int]int{}
		}
		out[fc.Currency] = pieces
	}
	return out
}

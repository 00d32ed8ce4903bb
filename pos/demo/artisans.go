package demo

import (
	"time"

	"hanout/pos"
	"hanout/pos/store"
)

// The demo cooperative's five artisans, with the workshops of the demo
// catalogue whose pieces they make. The catalogue's other products are
// the cooperative's own (no artisan).
var demoArtisans = []struct {
	pos.Artisan
	workshops []string
}{
	{pos.Artisan{ID: "a-idrissi", Name: "Maâlem Abdelkader Idrissi", Phone: "+212 661 00 11 22", Commission: 2000},
		[]string{"Maâlem Idrissi, Fès"}},
	{pos.Artisan{ID: "a-aitahmed", Name: "Khadija Aït Ahmed", Phone: "+212 662 33 44 55", Commission: 1500},
		[]string{"Coopérative Tifawt, Timahdite", "Coopérative Tamounte, Azilal", "Tisserands de Chefchaouen"}},
	{pos.Artisan{ID: "a-chaabi", Name: "Mohamed Chaabi", Commission: 1250},
		[]string{"Coopérative Chaabia, Safi", "Potiers de Tamegroute", "Atelier Benjelloun, Fès"}},
	{pos.Artisan{ID: "a-nhass", Name: "Hassan Nhass", Phone: "+212 663 66 77 88", Commission: 1500},
		[]string{"Dinandiers de Marrakech"}},
	{pos.Artisan{ID: "a-bennani", Name: "Zineb Bennani", Commission: 1000},
		[]string{"Brodeuses de Rabat", "Couturières de Salé", "Tanneurs de Chouara, Fès"}},
}

// seedArtisans stores the five artisans (once) and points the catalogue's
// products at them, before any sale, so the sale lines carry them.
func seedArtisans(s *store.Store) error {
	if as, err := s.Artisans(); err != nil || len(as) > 0 {
		return err
	}
	byWorkshop := map[string]string{}
	for _, d := range demoArtisans {
		a := d.Artisan
		if err := s.PutArtisan(&a); err != nil {
			return err
		}
		for _, w := range d.workshops {
			byWorkshop[w] = a.ID
		}
	}
	ps, err := s.Products()
	if err != nil {
		return err
	}
	for i := range ps {
		ps[i].Artisan = byWorkshop[ps[i].Artisan]
	}
	return s.ReplaceCatalog(ps)
}

// seedPayout pays the artisan owed the most about 60 % of it, by transfer,
// on the evening of the last simulated day: the demo's one payout.
func seedPayout(s *store.Store, at time.Time) error {
	r, err := s.ArtisansReport("", "")
	if err != nil {
		return err
	}
	var top *pos.ArtisanRow
	for i := range r.Rows {
		if row := &r.Rows[i]; row.Known && (top == nil || row.Balance > top.Balance) {
			top = row
		}
	}
	if top == nil || top.Balance < 10000 {
		return nil
	}
	a, err := s.Artisan(top.Artisan)
	if err != nil {
		return err
	}
	amount := top.Balance * 6 / 10 / 10000 * 10000 // whole hundreds of dirhams
	d, err := pos.Payout(a, amount, pos.TenderTransfer, "Fatima", "", "Fatima", "virement CIH", at)
	if err != nil {
		return err
	}
	return s.Commit(d)
}

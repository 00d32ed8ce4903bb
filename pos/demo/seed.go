// Package demo builds the demo cooperative: its catalogue, its people and
// days of simulated selling rung up through the same domain code and store
// as the till, so a newcomer sees a working till and reports with figures.
package demo

import (
	"fmt"
	"math/rand"
	"time"

	"hanout/pos"
	"hanout/pos/store"
)

// PINs of the demo people, printed by `hanout demo seed` and the README.
const (
	ManagerPIN = "1234"
	CashierPIN = "0000"
)

// Shop is the demo cooperative.
func Shop() pos.Shop {
	return pos.Shop{
		Name: "Coopérative Dar Hanout", NameAR: "تعاونية دار الحانوت", ICE: "001234567000089",
		Address: "Souk Semmarine, Médina", City: "Marrakech", Phone: "+212 524 00 00 00",
		Header: "Artisanat marocain – prix justes", Footer: "Merci et à bientôt ! شكرا",
		Terminal: "STAND-1", Lang: pos.FR, RateEUR: 1085, RateUSD: 1000,
	}
}

// Options shape the simulation.
type Options struct {
	Days int       // days of selling before today
	Seed int64     // the same seed gives the same sales
	Now  time.Time // "today"; zero means time.Now()
	// OpenToday leaves a shift open today so the till can sell at once.
	OpenToday bool
}

// Seed fills a store that has no documents yet. It refuses a store with a
// journal: invented sales would take real receipt numbers, move real stock
// and be synced, and a journal cannot be undone.
func Seed(s *store.Store, opt Options) (sales int, err error) {
	if c := s.Counters(); c.Seq > 0 {
		return 0, pos.Errorf("demo.not_empty", s.Path())
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	rng := rand.New(rand.NewSource(opt.Seed))
	if _, ok, _ := s.Shop(); !ok {
		if err := s.PutShop(Shop()); err != nil {
			return 0, err
		}
	}
	users, err := s.Users()
	if err != nil {
		return 0, err
	}
	if len(users) == 0 {
		fatima := pos.User{ID: "fatima", Name: "Fatima", Role: pos.RoleManager, Active: true}
		youssef := pos.User{ID: "youssef", Name: "Youssef", Role: pos.RoleCashier, Active: true}
		if err := fatima.SetPIN(ManagerPIN); err != nil {
			return 0, err
		}
		if err := youssef.SetPIN(CashierPIN); err != nil {
			return 0, err
		}
		for _, u := range []*pos.User{&fatima, &youssef} {
			if err := s.PutUser(u); err != nil {
				return 0, err
			}
		}
	}
	if ps, _ := s.Products(); len(ps) == 0 {
		if err := s.ReplaceCatalog(Products()); err != nil {
			return 0, err
		}
	}
	if err := seedArtisans(s); err != nil { // artisans.go
		return 0, err
	}
	loc := s.Location
	today := time.Date(opt.Now.Year(), opt.Now.Month(), opt.Now.Day(), 0, 0, 0, 0, loc)
	for d := opt.Days; d >= 1; d-- {
		n, err := simulateDay(s, rng, today.AddDate(0, 0, -d))
		if err != nil {
			return sales, err
		}
		sales += n
	}
	if opt.Days > 0 {
		if err := seedPayout(s, today.AddDate(0, 0, -1).Add(20*time.Hour)); err != nil { // artisans.go
			return sales, err
		}
	}
	if opt.OpenToday && s.OpenShift() == "" {
		open, _ := pos.OpenShift("Youssef", 50000, today.Add(9*time.Hour))
		if err := s.Commit(open); err != nil {
			return sales, err
		}
	}
	return sales, nil
}

func simulateDay(s *store.Store, rng *rand.Rand, day time.Time) (int, error) {
	cashier := []string{"Youssef", "Fatima"}[rng.Intn(2)]
	t := day.Add(9*time.Hour + 30*time.Minute)
	open, err := pos.OpenShift(cashier, 50000, t)
	if err != nil {
		return 0, err
	}
	if err := s.Commit(open); err != nil {
		return 0, err
	}
	sh := open.Shift
	n := 15 + rng.Intn(21)
	var sold []*pos.Document
	for i := 0; i < n; i++ {
		t = t.Add(time.Duration(10+rng.Intn(20)) * time.Minute)
		d, err := ringUp(s, rng, cashier, sh, t)
		if err != nil {
			return i, err
		}
		if d != nil {
			sold = append(sold, d)
		}
		if rng.Intn(12) == 0 {
			move, _ := pos.CashMove(cashier, sh, -pos.Money(50+rng.Intn(10)*10)*100, "achat de sacs et papier", "Fatima", t)
			if rng.Intn(2) == 0 {
				move, _ = pos.CashMove(cashier, sh, 20000, "monnaie de la banque", "", t)
			}
			if err := s.Commit(move); err != nil {
				return i, err
			}
		}
	}
	if err := Tourists(s, cashier, sh, t.Add(5*time.Minute)); err != nil { // euros and dollars: currency.go
		return len(sold), err
	}
	if err := Regulars(s, cashier, sh, t.Add(20*time.Minute)); err != nil { // the credit notebook: accounts.go
		return len(sold), err
	}
	if len(sold) > 0 && rng.Intn(3) == 0 {
		t = t.Add(15 * time.Minute)
		if err := refundOne(s, rng, sold[rng.Intn(len(sold))], cashier, sh, t); err != nil {
			return n, err
		}
	}
	return len(sold), closeShift(s, rng, sh, day.Add(19*time.Hour+30*time.Minute))
}

func ringUp(s *store.Store, rng *rand.Rand, cashier, sh string, t time.Time) (*pos.Document, error) {
	ps, err := s.Products()
	if err != nil {
		return nil, err
	}
	var tk pos.Ticket
	for k := 1 + rng.Intn(3); k > 0; k-- {
		p := ps[rng.Intn(len(ps))]
		if p.Stock <= 0 {
			continue
		}
		qty := int64(1)
		if !p.Unique && p.Price < 20000 && rng.Intn(3) == 0 {
			qty = int64(2 + rng.Intn(2))
		}
		if tk.Add(&p, qty) != nil {
			continue
		}
		if rng.Intn(10) < 4 { // haggled, in steps of 5 DH, never below the floor
			i := len(tk.Lines) - 1
			steps := int64(p.Price-p.Floor) / 500
			if steps > 0 {
				tk.SetPrice(i, p.Price-pos.Money(1+rng.Int63n(steps))*500, "")
			}
		}
	}
	if len(tk.Lines) == 0 {
		return nil, nil
	}
	total, _ := tk.Compute()
	var tenders []pos.Tender
	switch r := rng.Intn(20); {
	case r < 11:
		cash, _ := pos.CashTender(roundUpNote(total, rng), total)
		tenders = []pos.Tender{cash}
	case r < 16:
		tenders = []pos.Tender{cardTender(rng, total)}
	case r < 19:
		ref := fmt.Sprintf("DEMO-%s-%04d", t.Format("20060102"), rng.Intn(10000))
		tenders = []pos.Tender{{Kind: pos.TenderQRWallet, Amount: total, Status: pos.StatusApproved, Reference: ref}}
	default:
		part := total / 2
		cash, _ := pos.CashTender(roundUpNote(part, rng), part)
		tenders = []pos.Tender{cash, cardTender(rng, total-part)}
	}
	d, err := tk.Sale(tenders, cashier, sh, t)
	if err != nil {
		return nil, err
	}
	return d, s.Commit(d)
}

func cardTender(rng *rand.Rand, amount pos.Money) pos.Tender {
	return pos.Tender{Kind: pos.TenderCard, Amount: amount, Status: pos.StatusApproved,
		CardMasked: "513100******" + string([]byte{byte('0' + rng.Intn(10)), byte('0' + rng.Intn(10)), byte('0' + rng.Intn(10)), byte('0' + rng.Intn(10))}),
		AuthCode:   "A" + string([]byte{byte('0' + rng.Intn(10)), byte('0' + rng.Intn(10)), byte('0' + rng.Intn(10)), byte('0' + rng.Intn(10)), byte('0' + rng.Intn(10))}),
		EntryMode:  "contactless"}
}

// roundUpNote is what a customer hands over: the exact sum, or the next
// 50, 100 or 200 dirhams.
func roundUpNote(m pos.Money, rng *rand.Rand) pos.Money {
	step := []pos.Money{0, 5000, 10000, 20000}[rng.Intn(4)]
	if step == 0 {
		return m
	}
	return (m + step - 1) / step * step
}

func refundOne(s *store.Store, rng *rand.Rand, sale *pos.Document, cashier, sh string, t time.Time) error {
	refunds, err := s.RefundsOf(sale)
	if err != nil {
		return err
	}
	i := rng.Intn(len(sale.Lines))
	if pos.Refundable(sale, refunds)[i] == 0 {
		return nil
	}
	q := map[int]int64{i: 1}
	_, total, err := pos.RefundLines(sale, refunds, q)
	if err != nil {
		return err
	}
	r, err := pos.Refund(sale, refunds, q, []pos.Tender{{Kind: pos.TenderCash, Amount: total, Given: total, Status: pos.StatusApproved}},
		cashier, sh, "Fatima", "taille ou couleur échangée", t)
	if err != nil {
		return err
	}
	return s.Commit(r)
}

func closeShift(s *store.Store, rng *rand.Rand, sh string, t time.Time) error {
	r, err := s.ShiftReport(sh)
	if err != nil {
		return err
	}
	counted := r.ExpectedCash
	if rng.Intn(5) == 0 {
		counted -= pos.Money(rng.Intn(3)) * 1000 // a few dirhams short, as happens
	}
	if counted < 0 {
		counted = 0
	}
	cl, err := pos.CloseShiftForeign(r.Cashier, sh, Pieces(counted), ForeignPieces(r), "Fatima", t)
	if err != nil {
		return err
	}
	return s.Commit(cl)
}

// Pieces breaks an amount into notes and coins, largest first. Centimes
// below 20 cannot be paid in coins and are dropped.
func Pieces(m pos.Money) map[int]int {
	out := map[int]int{}
	for _, d := range pos.Denominations {
		if n := int(m / d); n > 0 {
			out[int(d)] = n
			m -= pos.Money(n) * d
		}
	}
	return out
}

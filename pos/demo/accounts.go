package demo

import (
	"time"

	"hanout/pos"
	"hanout/pos/store"
)

// The demo's credit notebook: four regulars of the souk, with limits set
// by the manager, who buy on account some days and come back to repay in
// cash or by card, so the customer screen, the statements and the shift
// reports have something to show.
var demoCustomers = []pos.Customer{
	{ID: "C-fatiha", Name: "Fatiha Benali", NameAR: "فتيحة بنعلي", Phone: "+212 661 12 34 56", Limit: 150000, Note: "Voisine, tient le hammam de la rue"},
	{ID: "C-hassan", Name: "Hassan El Idrissi", NameAR: "حسن الإدريسي", Limit: 80000},
	{ID: "C-rachida", Name: "Rachida Amrani", NameAR: "رشيدة العمراني", Phone: "+212 662 98 76 54", Limit: 200000},
	{ID: "C-omar", Name: "Omar Tazi", NameAR: "عمر التازي", Limit: 40000, Note: "Paie le vendredi"},
}

// regularsBuy are what the regulars take home on account.
var regularsBuy = []string{"THE-VER", "SAV-BEL", "TAM-BOL", "EPI-RAS", "ARG-COS-100", "TAJ-BER"}

// Regulars rings up the day's sale on account and, some days, a
// repayment. It creates the regulars the first time. It is deterministic
// in the day, so the seed's own random draws do not move.
func Regulars(s *store.Store, cashier, sh string, t time.Time) error {
	if cs, err := s.Customers(); err != nil {
		return err
	} else if len(cs) == 0 {
		for i := range demoCustomers {
			c := demoCustomers[i]
			if err := s.PutCustomer(&c); err != nil {
				return err
			}
		}
	}
	day := t.YearDay()
	for k, n := range []int{day, day + 2} { // two regulars a day
		c := demoCustomers[n%len(demoCustomers)]
		bal, err := s.Balance(c.ID)
		if err != nil {
			return err
		}
		if err := regularSale(s, &c, bal, cashier, sh, t.Add(time.Duration(k)*4*time.Minute), regularsBuy[(n+k)%len(regularsBuy)], n%2 == 0); err != nil {
			return err
		}
	}
	// Every other day the one who owes most brings back part of it.
	if day%2 != 0 {
		return nil
	}
	accts, err := s.Accounts()
	if err != nil {
		return err
	}
	var top *store.Account
	for i := range accts {
		if top == nil || accts[i].Balance > top.Balance {
			top = &accts[i]
		}
	}
	if top == nil || top.Balance < 2000 {
		return nil
	}
	amount := top.Balance / 2 / 1000 * 1000 // whole tens of dirhams
	var tn pos.Tender
	if day%2 == 0 {
		tn, _ = pos.CashTender((amount+4999)/5000*5000, amount) // notes of 50
	} else {
		tn = pos.Tender{Kind: pos.TenderCard, Amount: amount, Status: pos.StatusApproved, CardMasked: "535522******4410", AuthCode: "B71200", EntryMode: "contactless"}
	}
	rp, err := pos.Repayment(&top.Customer, top.Balance, amount, []pos.Tender{tn}, cashier, sh, t.Add(11*time.Minute))
	if err != nil {
		return err
	}
	return s.Commit(rp)
}

// regularSale sells one piece of sku to c, partly in cash on even days,
// the rest on account, staying within the limit.
func regularSale(s *store.Store, c *pos.Customer, bal pos.Money, cashier, sh string, t time.Time, sku string, someCash bool) error {
	p, err := s.Product(sku)
	if err != nil || p.Stock <= 0 {
		return nil // a catalogue without it: no sale on account today
	}
	var tk pos.Ticket
	if err := tk.Add(p, 1); err != nil {
		return nil
	}
	total, _ := tk.Compute()
	var tenders []pos.Tender
	onAccount := total
	if someCash && total > 2000 {
		cash, _ := pos.CashTender(2000, total)
		tenders, onAccount = append(tenders, cash), total-2000
	}
	if pos.OverLimit(c, bal, onAccount) {
		return nil // the manager would be asked; the demo stays within
	}
	acc, err := pos.AccountTender(onAccount, "")
	if err != nil {
		return err
	}
	d, err := tk.Sale(append(tenders, acc), cashier, sh, t)
	if err != nil {
		return err
	}
	d.Customer = c.ID
	return s.Commit(d)
}

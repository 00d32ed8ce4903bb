package main

import (
	"strings"
	"testing"
	"time"

	"hanout/pos"
)

// hanout accounts: add and edit a customer, sell on account and repay in
// the store, then list and print the statement as text and CSV.
func TestAccountsCommands(t *testing.T) {
	data := t.TempDir()
	if _, errs, code := hanout(t, "demo", "seed", "--data", data, "--days", "1"); code != 0 {
		t.Fatalf("demo seed: %d %s", code, errs)
	}
	id := addCustomerByCommand(t, data)
	total := sellOnAccountAndRepay(t, data, id)

	out, errs, code := hanout(t, "accounts", "list", "--format", "csv", "--data", data)
	want := id + ",Zineb Test,400.50," + (total - 1000).Decimal() + ","
	if code != 0 || !strings.HasPrefix(out, "customer,name,limit,balance,last\n") || !strings.Contains(out, want) {
		t.Fatalf("list csv: %d %s\n%s (want a line %q)", code, errs, out, want)
	}
	out, _, code = hanout(t, "accounts", "statement", id, "--format", "csv", "--data", data)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 3 || lines[0] != "time,receipt,kind,amount,balance" ||
		!strings.HasSuffix(lines[1], ",sale,"+total.Decimal()+","+total.Decimal()) ||
		!strings.HasSuffix(lines[2], ",repayment,-10.00,"+(total-1000).Decimal()) {
		t.Fatalf("statement csv: %d\n%s", code, out)
	}
	out, _, code = hanoutLang(t, "ar_MA.UTF-8", "accounts", "statement", "زينب", "--data", data)
	if code != 0 || !strings.Contains(out, "زينب") || !strings.Contains(out, "خلاص") {
		t.Fatalf("statement in Arabic: %d\n%s", code, out)
	}
	out, _, code = hanout(t, "accounts", "list", "--data", data)
	if code != 0 || !strings.Contains(out, "Zineb Test") || !strings.Contains(out, "Total owed") {
		t.Fatalf("list text: %d\n%s", code, out)
	}
}

// addCustomerByCommand adds Zineb with hanout accounts add, changes her
// limit with edit, and checks the refusals (a negative limit, an unknown
// customer in French). It returns her id.
func addCustomerByCommand(t *testing.T, data string) string {
	t.Helper()
	id, errs, code := hanout(t, "accounts", "add", "--name", "Zineb Test", "--name-ar", "زينب", "--limit", "300", "--data", data)
	id = strings.TrimSpace(id)
	if code != 0 || !strings.HasPrefix(id, "C-") {
		t.Fatalf("add: %d %q %s", code, id, errs)
	}
	if _, errs, code := hanout(t, "accounts", "edit", "zineb test", "--limit", "400,50", "--data", data); code != 0 {
		t.Fatalf("edit: %d %s", code, errs)
	}
	if _, errs, code := hanout(t, "accounts", "add", "--name", "X", "--limit", "-5", "--data", data); code != exitUsage || !strings.Contains(errs, "limit") {
		t.Fatalf("a negative limit: %d %s", code, errs)
	}
	if _, errs, code := hanoutLang(t, "fr_FR.UTF-8", "accounts", "statement", "personne", "--data", data); code != exitFail || !strings.Contains(errs, "Client inconnu") {
		t.Fatalf("unknown customer in French: %d %s", code, errs)
	}
	return id
}

// sellOnAccountAndRepay sells one product on the customer's account and
// records a repayment of 10.00, in the store; it returns the sale's total.
func sellOnAccountAndRepay(t *testing.T, data, id string) pos.Money {
	t.Helper()
	s, err := openStore(data, false)
	if err != nil {
		t.Fatal(err)
	}
	shift := s.OpenShift()
	if shift == "" {
		open, _ := pos.OpenShift("Ali", 0, time.Now())
		if err := s.Commit(open); err != nil {
			t.Fatal(err)
		}
		shift = open.Shift
	}
	ps, _ := s.Products()
	tk := &pos.Ticket{}
	var p *pos.Product
	for i := range ps {
		if ps[i].Price < 40000 && ps[i].Stock > 0 && !ps[i].Unique {
			p = &ps[i]
			break
		}
	}
	tk.Add(p, 1)
	total, _ := tk.Compute()
	acc, _ := pos.AccountTender(total, "")
	sale, err := tk.Sale([]pos.Tender{acc}, "Ali", shift, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	sale.Customer = id
	if err := s.Commit(sale); err != nil {
		t.Fatal(err)
	}
	c, _ := s.Customer(id)
	cash, _ := pos.CashTender(1000, 1000)
	rp, err := pos.Repayment(c, total, 1000, []pos.Tender{cash}, "Ali", shift, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(rp); err != nil {
		t.Fatal(err)
	}
	s.Close()
	return total
}

package platform_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"hanout/pos"
	"hanout/sync/platform"
	"hanout/sync/wire"
)

// The merchant's accounts across its tills as CSV: the balances are the
// sums of the account entries; a name typed at a till cannot become a
// spreadsheet formula.
func TestAccountsCSV(t *testing.T) {
	f := newWebFix(t, false)
	data := func(c pos.Customer) json.RawMessage { b, _ := json.Marshal(c); return b }
	at := webNow.Add(-time.Hour)
	if err := f.st.PutRecords(f.m1.ID, []wire.Record{
		{Kind: pos.RecordCustomer, ID: "C-1", Data: data(pos.Customer{ID: "C-1", Name: "Fatima", Limit: 50000}), Time: at, Doc: "e1"},
		{Kind: pos.RecordCustomer, ID: "C-2", Data: data(pos.Customer{ID: "C-2", Name: "=HYPERLINK(\"x\")", Limit: 0}), Time: at, Doc: "e2"},
	}, at); err != nil {
		t.Fatal(err)
	}
	if err := f.st.PutAccountEntries(f.m1.ID, []platform.AccountEntry{
		{Customer: "C-1", Doc: "s1", Terminal: "FES-1", Receipt: 1, Kind: pos.KindSale, Time: at, Amount: 12000},
		{Customer: "C-1", Doc: "s2", Terminal: "FES-2", Receipt: 7, Kind: pos.KindSale, Time: at.Add(time.Minute), Amount: 3000},
		{Customer: "C-1", Doc: "r1", Terminal: "FES-1", Receipt: 2, Kind: pos.KindRepayment, Time: at.Add(2 * time.Minute), Amount: -5000},
	}); err != nil {
		t.Fatal(err)
	}
	own := f.browser()
	own.login(f.u1.Email, webPassword)
	c, body, _ := own.get("/m/" + f.m1.ID + "/accounts.csv")
	want := "customer,name,limit,balance,last\nC-2,\"'=HYPERLINK(\"\"x\"\")\",0.00,0.00,\nC-1,Fatima,500.00,100.00," + at.Add(2*time.Minute).UTC().Format(time.RFC3339) + "\n"
	if c != http.StatusOK || body != want {
		t.Fatalf("accounts.csv %d:\n%s\nwant:\n%s", c, body, want)
	}
	// The merchant's page has the same balances in its own section.
	c, page, _ := own.get("/m/" + f.m1.ID)
	if c != http.StatusOK || !strings.Contains(page, "Crédit des clients") || !strings.Contains(page, "Fatima") || !strings.Contains(page, "100,00") {
		t.Fatalf("merchant page %d without the accounts section", c)
	}
	if c, page, _ := own.get("/m/" + f.m1.ID + "?lang=ar"); c != http.StatusOK || !strings.Contains(page, "كريدي الزبناء") {
		t.Fatalf("merchant page in Arabic %d without the accounts section", c)
	}
	other := f.browser()
	other.login(f.u2.Email, webPassword)
	if c, body, _ := other.get("/m/" + f.m1.ID + "/accounts.csv"); c != http.StatusNotFound || strings.Contains(body, "Fatima") {
		t.Fatalf("another merchant's manager: %d", c)
	}
}

package platform

// The merchant's books beside the sales, as the platform keeps them from
// what the tills push:
//
//   - Master records (customers, artisans: wire.RecordKinds). A till's
//     edit is a journal event (What = the kind, Key = the id, After = the
//     record's JSON) pushed like a sale. After Ingest the server hands the
//     events of registered kinds to Storage.PutRecords, which keeps the
//     latest version per (merchant, kind, id) and puts it in the feed for
//     the merchant's other tills. Later edit wins: by the edit's time,
//     then its event id, the same order the tills use.
//   - The credit notebook: every sale, refund and repayment touching a
//     customer's account becomes an AccountEntry (Storage.PutAccountEntries),
//     so a balance across all of the merchant's tills is a sum of entries,
//     never a stored number.
//
// Both steps are idempotent: a push retried after a failure between
// Ingest and them does them again with the same outcome.

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"time"

	"hanout/pos"
	"hanout/sync/wire"
)

// AccountEntry is what one document does to a customer's account.
type AccountEntry struct {
	Customer string      `json:"customer"`
	Doc      string      `json:"doc"` // document id
	Terminal string      `json:"terminal"`
	Receipt  uint64      `json:"receipt"`
	Kind     pos.DocKind `json:"kind"`
	Time     time.Time   `json:"time"`
	Amount   pos.Money   `json:"amount"` // + owed more, − paid back
}

// RecordsOf returns the master record versions in pushed documents:
// journal events of a registered kind whose id and JSON are sound. origin
// is the pushing terminal's identity.
func RecordsOf(docs []Doc, origin string) []wire.Record {
	var out []wire.Record
	for _, in := range docs {
		d := in.Doc
		if d == nil || d.Kind != pos.KindEvent || d.Event == nil || !wire.RecordKinds[d.Event.What] {
			continue
		}
		e := d.Event
		data := bytes.TrimSpace([]byte(e.After))
		if !pos.ValidRecordID(e.Key) || len(data) == 0 || len(data) > wire.MaxRecord || !json.Valid(data) || data[0] != '{' {
			continue
		}
		out = append(out, wire.Record{Kind: e.What, ID: e.Key, Data: json.RawMessage(data), Time: d.Time.UTC(), Doc: d.ID, Origin: origin})
	}
	return out
}

// AccountEntriesOf returns the account entries of pushed documents.
func AccountEntriesOf(docs []Doc) []AccountEntry {
	var out []AccountEntry
	for _, in := range docs {
		d := in.Doc
		if d == nil || d.Customer == "" || !pos.ValidRecordID(d.Customer) {
			continue
		}
		if m := pos.AccountEffect(d); m != 0 {
			out = append(out, AccountEntry{Customer: d.Customer, Doc: d.ID, Terminal: d.Terminal, Receipt: d.Receipt, Kind: d.Kind, Time: d.Time.UTC(), Amount: m})
		}
	}
	return out
}

// books records what the documents of a push do to the merchant's master
// records and accounts; see the top of this file.
func (s *Server) books(t Terminal, docs []Doc, now time.Time) error {
	if recs := RecordsOf(docs, t.Till); len(recs) > 0 {
		if err := s.Store.PutRecords(t.Merchant, recs, now); err != nil {
			return err
		}
	}
	if es := AccountEntriesOf(docs); len(es) > 0 {
		return s.Store.PutAccountEntries(t.Merchant, es)
	}
	return nil
}

// CustomerAccount is a customer of the merchant with their balance across
// all its tills.
type CustomerAccount struct {
	Customer pos.Customer
	Balance  pos.Money
	Last     time.Time
	Entries  int
}

// Accounts sums a merchant's account entries per customer, with the
// customers' records (a customer whose record has not arrived yet is
// listed by id).
func Accounts(st Storage, merchant string) ([]CustomerAccount, error) {
	recs, err := st.Records(merchant, pos.RecordCustomer)
	if err != nil {
		return nil, err
	}
	es, err := st.AccountEntries(merchant, "")
	if err != nil {
		return nil, err
	}
	by := map[string]*CustomerAccount{}
	for _, r := range recs {
		var c pos.Customer
		if json.Unmarshal(r.Data, &c) != nil {
			continue
		}
		c.ID, c.Updated = r.ID, r.Time
		by[r.ID] = &CustomerAccount{Customer: c}
	}
	for _, e := range es {
		a, ok := by[e.Customer]
		if !ok {
			a = &CustomerAccount{Customer: pos.Customer{ID: e.Customer}}
			by[e.Customer] = a
		}
		a.Balance += e.Amount
		a.Entries++
		if e.Time.After(a.Last) {
			a.Last = e.Time
		}
	}
	out := make([]CustomerAccount, 0, len(by))
	for _, a := range by {
		out = append(out, *a)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Customer.Name != out[j].Customer.Name {
			return out[i].Customer.Name < out[j].Customer.Name
		}
		return out[i].Customer.ID < out[j].Customer.ID
	})
	return out, nil
}

// accountsCSV answers /m/<id>/accounts.csv: customer,name,limit,balance,last
// across all the merchant's tills, as `hanout accounts list --format csv`
// prints them for one till.
func (s *Server) accountsCSV(w http.ResponseWriter, r *http.Request, l pos.Lang) {
	as, err := Accounts(s.Store, r.PathValue("id"))
	if s.merchantFailed(w, r, l, "csv", err) {
		return
	}
	csvHead(w, r.PathValue("id"), "accounts")
	cw := csv.NewWriter(w)
	cw.Write([]string{"customer", "name", "limit", "balance", "last"})
	for _, a := range as {
		last := ""
		if !a.Last.IsZero() {
			last = a.Last.UTC().Format(time.RFC3339)
		}
		cw.Write([]string{a.Customer.ID, csvSafe(a.Customer.DisplayName(pos.FR)), a.Customer.Limit.Decimal(), a.Balance.Decimal(), last})
	}
	cw.Flush()
}

// csvSafe keeps a name typed at a till from being read as a formula by a
// spreadsheet.
func csvSafe(s string) string {
	if s != "" && bytes.ContainsAny([]byte{s[0]}, "=+-@\t\r") {
		return "'" + s
	}
	return s
}

// Books is the part of Storage that keeps the merchant's master records
// and accounts.
type Books interface {
	// PutRecords keeps each version unless a later one (wire.Record.Later)
	// of the same (merchant, kind, id) is kept already; each version kept
	// goes into the merchant's feed as a ChangeRecord. ErrNotFound for no
	// merchant. Putting the same version again changes nothing.
	PutRecords(merchant string, recs []wire.Record, now time.Time) error
	// Records returns the kept version of each record of a kind, by id.
	Records(merchant, kind string) ([]wire.Record, error)
	// PutAccountEntries stores entries, once per (merchant, document).
	PutAccountEntries(merchant string, es []AccountEntry) error
	// AccountEntries returns a customer's entries ("" : every customer's)
	// in time order.
	AccountEntries(merchant, customer string) ([]AccountEntry, error)
}

// accountsView is the merchant page's credit notebook section.
type accountsView struct {
	Rows  []accountRow
	Total pos.Money
	CSV   string
}

type accountRow struct {
	Name           string
	Limit, Balance pos.Money
	Last           string
}

// merchantAccounts builds the section: customers who owe something or
// have a document on account, by name.
func (s *Server) merchantAccounts(r *http.Request, merchant string, l pos.Lang) (accountsView, error) {
	as, err := Accounts(s.Store, merchant)
	if err != nil {
		return accountsView{}, err
	}
	v := accountsView{CSV: strings.TrimSuffix(r.URL.Path, "/") + "/accounts.csv"}
	for _, a := range as {
		name := a.Customer.DisplayName(l)
		if name == "" {
			name = a.Customer.ID
		}
		last := ""
		if !a.Last.IsZero() {
			last = LocalDay(a.Last)
		}
		v.Rows = append(v.Rows, accountRow{Name: name, Limit: a.Customer.Limit, Balance: a.Balance, Last: last})
		v.Total += a.Balance
	}
	return v, nil
}

package store

// The credit notebook in the store: customers are master records (see
// records.go); sales and refunds on account and repayments are documents,
// indexed per customer so a balance or a statement reads that customer's
// documents only. A balance is never stored: it is summed from them.
//
// Inside the commit transaction the store checks again what the screens
// checked: the customer exists, a sale that takes the account above its
// limit carries a manager's approval, a refund to account or a repayment
// does not give back more than is owed.

import (
	"encoding/json"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"hanout/pos"
)

var bAccounts = []byte("accounts") // customer id NUL seq -> nil

func init() {
	allBuckets = append(allBuckets, bAccounts)
	RegisterRecordKind(pos.RecordCustomer, func(id string, data []byte) error {
		var c pos.Customer
		if err := json.Unmarshal(data, &c); err != nil {
			return pos.Wrap(err, "accounts.damaged", id)
		}
		if c.ID != id {
			return pos.Errorf("accounts.id_invalid", c.ID)
		}
		return c.Validate()
	})
}

// PutCustomer adds or changes a customer (validated), journaled as an
// event and synced to the merchant's other tills.
func (s *Store) PutCustomer(c *pos.Customer) error {
	if err := c.Validate(); err != nil {
		return err
	}
	cc := *c
	cc.Updated = time.Time{}
	b, err := json.Marshal(&cc)
	if err != nil {
		return err
	}
	return diskErr(s.db.Update(func(tx *bolt.Tx) error {
		r, err := s.putRecord(tx, pos.RecordCustomer, c.ID, b, "updated")
		if r != nil {
			c.Updated = r.Time
		}
		return err
	}))
}

func customerOf(r *Record) (*pos.Customer, error) {
	var c pos.Customer
	if err := json.Unmarshal(r.Data, &c); err != nil {
		return nil, pos.Wrap(err, "accounts.damaged", r.ID)
	}
	c.Updated = r.Time
	return &c, nil
}

func getCustomer(tx *bolt.Tx, id string) (*pos.Customer, error) {
	r, err := getRecord(tx, pos.RecordCustomer, id)
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, pos.Errorf("accounts.unknown", id)
	}
	return customerOf(r)
}

// Customer returns one customer by id.
func (s *Store) Customer(id string) (c *pos.Customer, err error) {
	err = s.db.View(func(tx *bolt.Tx) error { c, err = getCustomer(tx, id); return err })
	return c, err
}

// Customers returns every customer, by name.
func (s *Store) Customers() ([]pos.Customer, error) {
	rs, err := s.Records(pos.RecordCustomer)
	if err != nil {
		return nil, err
	}
	out := make([]pos.Customer, 0, len(rs))
	for i := range rs {
		c, err := customerOf(&rs[i])
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := strings.ToLower(out[i].DisplayName(pos.FR)), strings.ToLower(out[j].DisplayName(pos.FR))
		if a != b {
			return a < b
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// FindCustomer finds a customer by id, or else by a name (Latin or
// Arabic, ignoring case) that only one customer has.
func (s *Store) FindCustomer(q string) (*pos.Customer, error) {
	q = strings.TrimSpace(q)
	if c, err := s.Customer(q); err == nil {
		return c, nil
	}
	cs, err := s.Customers()
	if err != nil {
		return nil, err
	}
	var found []pos.Customer
	for _, c := range cs {
		if strings.EqualFold(c.Name, q) || c.NameAR == q {
			found = append(found, c)
		}
	}
	switch len(found) {
	case 0:
		return nil, pos.Errorf("accounts.unknown", q)
	case 1:
		return &found[0], nil
	}
	return nil, pos.Errorf("accounts.ambiguous", q)
}

func accountPrefix(id string) []byte { return []byte(id + "\x00") }

func accountDocs(tx *bolt.Tx, id string) ([]*pos.Document, error) {
	return indexed(tx, bAccounts, accountPrefix(id), nil)
}

func balanceOf(tx *bolt.Tx, id string) (pos.Money, error) {
	docs, err := accountDocs(tx, id)
	return pos.Balance(docs, id), err
}

// accountDocument checks, in the commit transaction, the account part of
// a sale or refund (and a repayment, whose own rules commitRepayment
// checks) and indexes it under its customer.
func accountDocument(tx *bolt.Tx, d *pos.Document) error {
	if d.Kind != pos.KindSale && d.Kind != pos.KindRefund && d.Kind != pos.KindRepayment {
		return nil
	}
	if d.Kind != pos.KindRepayment {
		has := false
		for _, t := range d.Tenders {
			has = has || t.Kind == pos.TenderAccount
		}
		if !has {
			return nil
		}
		if d.Customer == "" {
			return pos.Errorf("accounts.customer_missing")
		}
		c, err := getCustomer(tx, d.Customer)
		if err != nil {
			return err
		}
		bal, err := balanceOf(tx, d.Customer)
		if err != nil {
			return err
		}
		if err := pos.CheckAccount(d, c, bal); err != nil {
			return err
		}
	}
	return tx.Bucket(bAccounts).Put(append(accountPrefix(d.Customer), u64(d.Seq)...), nil)
}

// commitRepayment checks a repayment against what its customer owes and
// numbers it like a receipt (gapless, with the sales and refunds).
func (s *Store) commitRepayment(tx *bolt.Tx, d *pos.Document) error {
	meta := tx.Bucket(bMeta)
	if err := inOpenShift(meta, d); err != nil {
		return err
	}
	if len(d.Lines) != 0 || d.Total <= 0 || d.Customer == "" {
		return pos.Errorf("store.invalid_document")
	}
	if _, err := getCustomer(tx, d.Customer); err != nil {
		return err
	}
	bal, err := balanceOf(tx, d.Customer)
	if err != nil {
		return err
	}
	if d.Total > bal {
		return pos.Errorf("accounts.repay_too_much", d.Total.Decimal(), max(bal, 0).Decimal())
	}
	if err := pos.CheckRepaymentTenders(d.Tenders, d.Total); err != nil {
		return err
	}
	nextSeq(meta, d)
	return s.numberReceipt(tx, d)
}

// Balance is what a customer owes now: the sum of their documents.
func (s *Store) Balance(id string) (m pos.Money, err error) {
	err = s.db.View(func(tx *bolt.Tx) error { m, err = balanceOf(tx, id); return err })
	return m, err
}

// AccountDocuments returns a customer's documents on account in journal
// order, through the customer index (no journal scan).
func (s *Store) AccountDocuments(id string) (docs []*pos.Document, err error) {
	err = s.db.View(func(tx *bolt.Tx) error { docs, err = accountDocs(tx, id); return err })
	return docs, err
}

// Statement is a customer's statement with its running balance.
func (s *Store) Statement(id string) ([]pos.StatementLine, error) {
	docs, err := s.AccountDocuments(id)
	return pos.Statement(docs, id), err
}

// Account is a line of the list of accounts.
type Account struct {
	Customer pos.Customer
	Balance  pos.Money
	Last     time.Time // the last document on account (zero: none)
}

// Accounts lists every customer with their balance.
func (s *Store) Accounts() ([]Account, error) {
	cs, err := s.Customers()
	if err != nil {
		return nil, err
	}
	out := make([]Account, len(cs))
	err = s.db.View(func(tx *bolt.Tx) error {
		for i, c := range cs {
			docs, err := accountDocs(tx, c.ID)
			if err != nil {
				return err
			}
			out[i] = Account{Customer: c, Balance: pos.Balance(docs, c.ID)}
			for _, d := range docs {
				if d.Time.After(out[i].Last) {
					out[i].Last = d.Time
				}
			}
		}
		return nil
	})
	return out, err
}

// EnqueueStatement queues the printed statement of a customer.
func (s *Store) EnqueueStatement(id string) error {
	if _, err := s.Customer(id); err != nil {
		return err
	}
	return s.EnqueueReport("statement", id)
}

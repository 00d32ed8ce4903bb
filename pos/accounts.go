package pos

import (
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// The credit notebook (le carnet, الكريدي): regulars buy now and pay
// later. What a customer owes is never a stored number; it is always the
// sum of their documents:
//
//	sale with an "account" tender  +  the amount put on the account
//	refund given back to account   −  (the account tender is negative)
//	repayment                      −  its total
//
// so a balance cannot drift from the documents that make it.

// Record kinds: the merchant's master records synced across its tills
// (pos/store keeps them, the platform's feed carries them).
const (
	RecordCustomer = "customer"
	RecordArtisan  = "artisan"
)

// Limits of a customer's fields.
const (
	MaxCustomerName = 80
	MaxCustomerNote = 500
	// MaxCreditLimit is the largest limit a manager may set: 1,000,000 DH.
	MaxCreditLimit Money = 100_000_000
)

// Validate checks a customer before it is stored. Errors carry keys of the
// accounts area.
func (c *Customer) Validate() error {
	c.Name, c.NameAR = strings.TrimSpace(c.Name), strings.TrimSpace(c.NameAR)
	c.Phone, c.Note = strings.TrimSpace(c.Phone), strings.TrimSpace(c.Note)
	switch {
	case !ValidRecordID(c.ID):
		return Errorf("accounts.id_invalid", c.ID)
	case c.Name == "" && c.NameAR == "":
		return Errorf("accounts.name_missing")
	case utf8.RuneCountInString(c.Name) > MaxCustomerName || utf8.RuneCountInString(c.NameAR) > MaxCustomerName:
		return Errorf("accounts.name_too_long", MaxCustomerName)
	case !validPhone(c.Phone):
		return Errorf("accounts.phone_invalid", c.Phone)
	case c.Limit < 0 || c.Limit > MaxCreditLimit:
		return Errorf("accounts.limit_invalid") // the messages spell out the 1,000,000 DH as each language writes it
	case utf8.RuneCountInString(c.Note) > MaxCustomerNote:
		return Errorf("accounts.note_too_long", MaxCustomerNote)
	case !utf8.ValidString(c.Name + c.NameAR + c.Note):
		return Errorf("accounts.name_missing")
	}
	return nil
}

// ValidRecordID reports whether id can name a master record: 1 to 64
// letters, digits, '-' or '_'.
func ValidRecordID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// NewCustomerID is a short random id ("C-" and 8 hex digits): tills create
// customers offline, so ids cannot be a shared counter.
func NewCustomerID() string { return "C-" + NewShortID() }

func validPhone(p string) bool {
	if len(p) > 20 {
		return false
	}
	for _, r := range p {
		if !(r >= '0' && r <= '9' || r == '+' || r == ' ' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

// DisplayName is the customer's name as a seller reading lang knows it:
// the Arabic name in Arabic when there is one, else the Latin one.
func (c *Customer) DisplayName(l Lang) string {
	if l == AR && c.NameAR != "" || c.Name == "" {
		return c.NameAR
	}
	return c.Name
}

// Matches reports whether the customer matches a search typed at the till:
// every word in the Latin or Arabic name, the phone or the id, ignoring
// case.
func (c *Customer) Matches(query string) bool {
	q := strings.ToLower(strings.TrimSpace(query))
	if q == "" {
		return true
	}
	hay := strings.ToLower(c.ID + " " + c.Name + " " + c.NameAR + " " + c.Phone)
	for _, w := range strings.Fields(q) {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

// AccountAmount is what the account tenders of d come to (negative on a
// refund to account), refused tenders aside.
func AccountAmount(d *Document) Money {
	var m Money
	for _, t := range d.Tenders {
		if t.Kind == TenderAccount && t.Status != StatusRefused {
			m += t.Amount
		}
	}
	return m
}

// AccountEffect is what d adds to what its customer owes.
func AccountEffect(d *Document) Money {
	switch d.Kind {
	case KindSale, KindRefund:
		return AccountAmount(d)
	case KindRepayment:
		return -d.Total
	}
	return 0
}

// Balance is what customer owes after docs: the sum of their effects.
func Balance(docs []*Document, customer string) Money {
	var m Money
	for _, d := range docs {
		if d.Customer == customer {
			m += AccountEffect(d)
		}
	}
	return m
}

// StatementLine is one line of a customer's statement.
type StatementLine struct {
	Time     time.Time `json:"time"`
	Terminal string    `json:"terminal,omitempty"`
	Receipt  uint64    `json:"receipt"`
	Kind     DocKind   `json:"kind"`
	ID       string    `json:"id"`
	Amount   Money     `json:"amount"`  // + owed more, − paid back
	Balance  Money     `json:"balance"` // after this line
}

// Statement lists customer's documents in time order (then terminal and
// receipt, so documents of several tills are in one order everywhere) with
// the running balance. Documents that do not touch the account are left
// out.
func Statement(docs []*Document, customer string) []StatementLine {
	var mine []*Document
	for _, d := range docs {
		if d.Customer == customer && AccountEffect(d) != 0 {
			mine = append(mine, d)
		}
	}
	sort.SliceStable(mine, func(i, j int) bool {
		a, b := mine[i], mine[j]
		if !a.Time.Equal(b.Time) {
			return a.Time.Before(b.Time)
		}
		if a.Terminal != b.Terminal {
			return a.Terminal < b.Terminal
		}
		return a.Receipt < b.Receipt
	})
	out := make([]StatementLine, 0, len(mine))
	var bal Money
	for _, d := range mine {
		e := AccountEffect(d)
		bal += e
		out = append(out, StatementLine{Time: d.Time, Terminal: d.Terminal, Receipt: d.Receipt, Kind: d.Kind, ID: d.ID, Amount: e, Balance: bal})
	}
	return out
}

// OverLimit reports whether putting amount more on an account that owes
// balance goes above the customer's limit: a manager's PIN is then asked.
func OverLimit(c *Customer, balance, amount Money) bool { return balance+amount > c.Limit }

// AccountTender is the "on account" part of a payment. manager is the
// manager whose PIN allowed going above the limit ("" when within it).
func AccountTender(amount Money, manager string) (Tender, error) {
	if amount <= 0 {
		return Tender{}, Errorf("tender.amount_invalid")
	}
	return Tender{Kind: TenderAccount, Amount: amount, Status: StatusApproved, ApprovedBy: manager}, nil
}

// CheckAccount checks the account part of d (a sale or a refund) against
// its customer, who owed balance before it: a document with an account
// tender names its customer; a sale that takes the account above the limit
// carries the manager who allowed it on its account tender.
func CheckAccount(d *Document, c *Customer, balance Money) error {
	amount := AccountAmount(d)
	has := false
	for _, t := range d.Tenders {
		has = has || t.Kind == TenderAccount
	}
	if !has {
		return nil
	}
	if c == nil || d.Customer == "" || c.ID != d.Customer {
		return Errorf("accounts.customer_missing")
	}
	if d.Kind == KindSale && amount > 0 && OverLimit(c, balance, amount) {
		for _, t := range d.Tenders {
			if t.Kind == TenderAccount && t.ApprovedBy == "" {
				return Errorf("accounts.over_limit", c.DisplayName(FR), (balance + amount).Decimal(), c.Limit.Decimal())
			}
		}
	}
	if d.Kind == KindRefund && amount < 0 && -amount > max(balance, 0) {
		return Errorf("accounts.refund_too_much", (-amount).Decimal(), max(balance, 0).Decimal())
	}
	return nil
}

// Repayment builds the document of money a customer brings back against
// what they owe (balance): tenders say how (cash, card, QR) and must cover
// it exactly; one may not repay more than is owed.
func Repayment(c *Customer, balance, amount Money, tenders []Tender, cashier, shift string, now time.Time) (*Document, error) {
	switch {
	case c == nil || c.ID == "":
		return nil, Errorf("accounts.customer_missing")
	case shift == "":
		return nil, Errorf("shift.not_open")
	case amount <= 0:
		return nil, Errorf("accounts.repay_invalid")
	case amount > balance:
		return nil, Errorf("accounts.repay_too_much", amount.Decimal(), max(balance, 0).Decimal())
	}
	if err := CheckRepaymentTenders(tenders, amount); err != nil {
		return nil, err
	}
	return &Document{ID: NewID(), Kind: KindRepayment, Time: now, Cashier: cashier, Shift: shift,
		Customer: c.ID, Total: amount, Tenders: append([]Tender(nil), tenders...)}, nil
}

// CheckRepaymentTenders checks a repayment's tenders: no account tender (a
// debt is not paid with more debt), and together they cover amount.
func CheckRepaymentTenders(tenders []Tender, amount Money) error {
	for _, t := range tenders {
		if t.Kind == TenderAccount {
			return Errorf("accounts.repay_by_account")
		}
	}
	return checkTenders(tenders, amount)
}

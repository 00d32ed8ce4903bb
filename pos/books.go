package pos

import "time"

// The souk's books beside the sales: the credit notebook (customers who
// pay later), foreign banknotes, the cooperative's artisans and their
// payouts, and the receipt a customer scans. Each is kept as documents, so
// a balance is always a sum of documents and never a stored number.

const (
	// KindRepayment is money a customer brings back against their account:
	// Customer names them, Tenders say how (cash, card, QR), Total is the
	// amount repaid (positive). It carries a receipt number.
	KindRepayment DocKind = "repayment"
	// KindPayout is money the cooperative pays an artisan: Artisan names
	// them, Cash is the amount, Tenders[0] says from where (cash from the
	// drawer, or a transfer outside it). A manager approves it.
	KindPayout DocKind = "payout"
)

const (
	// TenderAccount is a sale put on a customer's account (the carnet):
	// Document.Customer names the customer. Negative on a refund given
	// back to the account.
	TenderAccount TenderKind = "account"
	// TenderCashEUR and TenderCashUSD are banknotes of a foreign currency.
	// Amount, Given and Change are in dirhams (change is always given in
	// dirhams); Currency, Foreign and Rate say what was handed over.
	TenderCashEUR TenderKind = "cash_eur"
	TenderCashUSD TenderKind = "cash_usd"
)

// RateScale is the fixed point of exchange rates: a Rate of 108523 is
// 10.8523 dirhams for one unit of the foreign currency.
const RateScale = 10000

// Customer is a regular of the credit notebook (le carnet, الكريدي).
type Customer struct {
	ID     string `json:"id"`
	Name   string `json:"name"`              // in Latin letters
	NameAR string `json:"name_ar,omitempty"` // in Arabic letters
	Phone  string `json:"phone,omitempty"`
	// Limit is the most the customer may owe without a manager's PIN.
	Limit   Money     `json:"limit"`
	Note    string    `json:"note,omitempty"`
	Updated time.Time `json:"updated"`
}

// Artisan is a member of a cooperative whose pieces the till sells.
type Artisan struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Phone string `json:"phone,omitempty"`
	// Commission is the cooperative's share in basis points: 1500 is 15 %.
	Commission int       `json:"commission"`
	Updated    time.Time `json:"updated"`
}

package pos

import "time"

// DocKind tells what a committed document records.
type DocKind string

const (
	KindSale   DocKind = "sale"
	KindRefund DocKind = "refund"
	// Shift documents are journaled and synced like sales but carry no
	// receipt number.
	KindShiftOpen  DocKind = "shift_open"
	KindCashMove   DocKind = "cash_move"
	KindShiftClose DocKind = "shift_close"
	// KindTenderCheck records the later verdict on an unverified tender
	// (a QR paid offline, an ambiguous card answer): it never edits the
	// sale, it stands beside it.
	KindTenderCheck DocKind = "tender_check"
	// KindTenderVoid records a card payment taken on a sale not finished
	// and cancelled through the terminal, with a manager's PIN: Tenders[0]
	// is the payment, Tenders[1] the terminal's cancellation (the same
	// amount, negative). The sale then goes on with other tenders.
	KindTenderVoid DocKind = "tender_void"
	// KindEvent records a change outside sales: the catalogue and its
	// prices, users and PINs, device, platform and QR settings (Event).
	// Events are chained and synced like sales.
	KindEvent DocKind = "event"
)

// Event is who changed what, from what to what. Cashier and Time of its
// document say who and when. Before and After are short JSON texts; a PIN
// or a secret is never in them, only that it changed.
type Event struct {
	What   string `json:"what"` // product, catalog, user, setting
	Key    string `json:"key"`  // the SKU, user id or setting name
	Before string `json:"before,omitempty"`
	After  string `json:"after,omitempty"`
}

// TenderKind is how a customer pays.
type TenderKind string

const (
	TenderCash     TenderKind = "cash"
	TenderCard     TenderKind = "card"      // through the card terminal
	TenderQRCard   TenderKind = "qr_card"   // card-scheme app scanning the till's QR
	TenderQRWallet TenderKind = "qr_wallet" // mobile wallet scanning the till's QR
)

// TenderStatus says whether money was confirmed.
type TenderStatus string

const (
	StatusApproved TenderStatus = "approved"
	// StatusUnverified: the seller recorded a payment the till could not
	// confirm (QR paid while offline, card link cut after the terminal
	// took the request). A manager approved it; sync or the terminal slip
	// settles it later with a tender_check document.
	StatusUnverified TenderStatus = "unverified"
	StatusRefused    TenderStatus = "refused"
)

// Tender is one payment towards a document. Amount is what it contributes
// to the total (negative on a refund). For cash, Given is what the customer
// handed over and Change what the till gave back: Given - Change = Amount.
type Tender struct {
	Kind   TenderKind   `json:"kind"`
	Amount Money        `json:"amount"`
	Given  Money        `json:"given,omitempty"`
	Change Money        `json:"change,omitempty"`
	Status TenderStatus `json:"status"`
	// Reference is the QR payment reference (62/05) or the terminal's
	// transaction reference.
	Reference string `json:"ref,omitempty"`
	// CardMasked holds at most the first 6 and last 4 digits, as the
	// terminal returned them. A full card number never enters a Tender.
	CardMasked string `json:"card,omitempty"`
	// CardBrand is the card scheme ("visa", "mastercard", …) when known.
	CardBrand string `json:"brand,omitempty"`
	AuthCode  string `json:"auth,omitempty"`
	EntryMode string `json:"entry,omitempty"`
	// Foreign banknotes (TenderCashEUR, TenderCashUSD): the ISO 4217 code,
	// the amount handed over in that currency's cents, and the rate used
	// (see RateScale). The dirham amounts are rounded once, to the centime.
	Currency string `json:"currency,omitempty"`
	Foreign  Money  `json:"foreign,omitempty"`
	Rate     int64  `json:"rate,omitempty"`
	// ApprovedBy is the manager who recorded an unverified tender or a
	// result read off the terminal's slip.
	ApprovedBy string `json:"approved_by,omitempty"`
	// Recorded says how the outcome was known when the till could not
	// hear it: RecordedSlip when the card terminal's link broke after it
	// took the request and the manager recorded what its slip said.
	Recorded string `json:"recorded,omitempty"`
}

// RecordedSlip marks a card tender whose outcome a manager read off the
// terminal's own slip (the ambiguous case: never resent, never guessed).
const RecordedSlip = "terminal_slip"

// Line is one article on a ticket. Prices are tax-inclusive per unit.
type Line struct {
	SKU      string  `json:"sku"`
	Name     Names   `json:"name"`
	Category string  `json:"category"`
	Qty      int64   `json:"qty"`
	List     Money   `json:"list"`  // list unit price from the catalogue
	Price    Money   `json:"price"` // negotiated unit price
	Floor    Money   `json:"floor"` // floor at the time of sale
	Discount Money   `json:"discount,omitempty"`
	Tax      TaxRate `json:"tax"`
	Unique   bool    `json:"unique,omitempty"`  // a one-off piece: quantity 1 at most
	Artisan  string  `json:"artisan,omitempty"` // the artisan's id, from the product at the time of sale
	// Filled by Ticket.Compute:
	Gross   Money `json:"gross"`    // Qty*Price - Discount
	Share   Money `json:"share"`    // this line's part of the ticket discount
	Total   Money `json:"total"`    // Gross - Share: what the customer pays for it
	TaxPart Money `json:"tax_part"` // TVA included in Total
	// Origin is the index of the sold line a refund line gives back.
	Origin int `json:"origin,omitempty"`
}

// TaxLine is the breakdown for one TVA rate: Gross = Net + Tax.
type TaxLine struct {
	Rate  TaxRate `json:"rate"`
	Gross Money   `json:"gross"`
	Net   Money   `json:"net"`
	Tax   Money   `json:"tax"`
}

// Document is what the store commits: a sale, a refund, or a shift event.
// Once committed it never changes; corrections are new documents.
type Document struct {
	ID       string    `json:"id"` // UUID, the idempotency key on the wire
	Kind     DocKind   `json:"kind"`
	Terminal string    `json:"terminal"`
	Receipt  uint64    `json:"receipt,omitempty"` // gapless per terminal, sales and refunds only
	Seq      uint64    `json:"seq"`               // journal position, every document
	Time     time.Time `json:"time"`
	Cashier  string    `json:"cashier"`
	Shift    string    `json:"shift,omitempty"`

	Lines    []Line    `json:"lines,omitempty"`
	Discount Money     `json:"discount,omitempty"` // ticket discount
	Total    Money     `json:"total"`              // negative for a refund
	Taxes    []TaxLine `json:"taxes,omitempty"`
	Tenders  []Tender  `json:"tenders,omitempty"`

	// RefundOf is the ID (and receipt) of the sale a refund gives back.
	RefundOf        string `json:"refund_of,omitempty"`
	RefundOfReceipt uint64 `json:"refund_of_receipt,omitempty"`
	// ApprovedBy names the manager whose PIN allowed a refund, a haggle
	// below the floor, a cash-out or a close.
	ApprovedBy string `json:"approved_by,omitempty"`
	Reason     string `json:"reason,omitempty"`

	// Shift events.
	Cash    Money        `json:"cash,omitempty"`    // float, cash in (+) / out (-), or counted
	Counted map[int]int  `json:"counted,omitempty"` // denomination in centimes -> pieces
	Check   *TenderCheck `json:"check,omitempty"`

	// CountedForeign is the close's count of foreign banknotes: currency
	// code -> note in that currency's cents -> pieces (currency.go). Older
	// closes have none; Counted and Cash stay the dirhams alone.
	CountedForeign map[string]map[int]int `json:"counted_foreign,omitempty"`

	// The souk's books (books.go): the customer of a sale on account, a
	// refund to account or a repayment; the artisan of a payout.
	Customer string `json:"customer,omitempty"`
	Artisan  string `json:"artisan,omitempty"`
	// Key is the random secret of the digital receipt a customer scans
	// (PLATFORM/r/<ID>?k=<Key>); only sales and refunds carry one.
	Key   string `json:"key,omitempty"`
	Event *Event `json:"event,omitempty"`
	// The terminal's perpetual totals as they stood at a shift close,
	// written by the store, so a Z report reprints the same figures.
	GrandTotal  Money `json:"grand_total,omitempty"`
	GrandRefund Money `json:"grand_refund,omitempty"`
}

// TenderCheck settles an unverified tender of an earlier sale.
type TenderCheck struct {
	SaleID    string       `json:"sale_id"`
	Receipt   uint64       `json:"receipt"`
	Tender    int          `json:"tender"`
	Reference string       `json:"ref,omitempty"`
	Status    TenderStatus `json:"status"` // approved or refused
	Source    string       `json:"source"` // "platform", "terminal_slip"
}

// Haggled is what the seller gave up against list prices on this document.
func (d *Document) Haggled() Money {
	var m Money
	for _, l := range d.Lines {
		m += Money(l.Qty) * (l.List - l.Price)
	}
	return m
}

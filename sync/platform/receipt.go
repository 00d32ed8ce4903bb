package platform

import "hanout/pos"

// PublicReceipt is what the page a customer scans shows (GET /r/<id>):
// one sale or refund, the name and city of the shop, and the hash of the
// document's journal entry as the platform anchored it.
type PublicReceipt struct {
	Merchant Merchant
	Doc      *pos.Document
	// Chain is the hex chain hash of the document's journal entry ("" when
	// the platform holds no anchor for it): its first 8 digits are the
	// fingerprint printed on the paper receipt (pos.Fingerprint).
	Chain string
}

// Receipts finds a document by its id alone: the receipt page's link
// names no merchant.
type Receipts interface {
	// Receipt returns the sale or refund with document id, whichever
	// merchant holds it: ErrNotFound when there is none (a document of
	// another kind included). It checks no key: the page does.
	Receipt(id string) (PublicReceipt, error)
}

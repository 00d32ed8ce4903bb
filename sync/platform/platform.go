// Package platform is the national platform's side of sync: merchants,
// terminals, the documents they push, the catalogue and stock they share,
// QR payments, and the HTTP server (/v1 and the dashboard) over a Storage.
//
// Storage is an interface so that the embedded bbolt implementation
// (package boltstore) can later be joined by a PostgreSQL one.
package platform

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"hanout/pos"
	"hanout/pos/export"
	"hanout/sync/wire"
)

// Merchant is an artisan or cooperative with one or more terminals.
type Merchant struct {
	ID      string    `json:"id"`
	Name    string    `json:"name"`
	Created time.Time `json:"created"`
}

// Terminal is a till enrolled (or waiting to be) for a merchant. Only the
// hash of its token and of its enrollment code are kept.
type Terminal struct {
	ID          string    `json:"id"`
	Merchant    string    `json:"merchant"`
	Name        string    `json:"name"`
	Till        string    `json:"till,omitempty"` // the till store's terminal id, set at enrollment
	TokenHash   string    `json:"token_hash,omitempty"`
	CodeHash    string    `json:"code_hash,omitempty"` // cleared once used
	Enrolled    time.Time `json:"enrolled,omitzero"`
	LastContact time.Time `json:"last_contact,omitzero"`
	Backlog     uint64    `json:"backlog"`
}

// Doc is one pushed document: its canonical bytes and the parsed form.
type Doc struct {
	Raw []byte
	Doc *pos.Document
	// Index is the document's position in its push; Link its chain link.
	Index int
	Link  wire.Link
	// Reject is set when the document breaks a rule of the platform: it
	// is anchored (when its link continues the chain) but never stored.
	Reject *wire.Rejection
}

// IngestResult says what a push stored.
type IngestResult struct {
	Acked      []string
	Stored     int
	Duplicates int
	Oversells  []wire.Oversell
}

// Payment is what the platform knows about a QR reference.
type Payment struct {
	Ref    string    `json:"ref"`
	State  string    `json:"state"`
	Amount pos.Money `json:"amount"`
	Time   time.Time `json:"time"`
	// Sale and Tender locate the unverified tender that used this
	// reference, once its sale was pushed.
	Merchant string `json:"merchant,omitempty"`
	Sale     string `json:"sale,omitempty"`
	Receipt  uint64 `json:"receipt,omitempty"`
	Tender   int    `json:"tender"`
	Terminal string `json:"terminal,omitempty"`
	Settled  bool   `json:"settled,omitempty"` // a check change was emitted
}

// Conflict is a product edited on both sides.
type Conflict struct {
	SKU    string    `json:"sku"`
	Winner string    `json:"winner"`
	Kept   string    `json:"kept"`
	Lost   string    `json:"lost"`
	Time   time.Time `json:"time"`
}

// DaySales is one line of the dashboard: a merchant's sales on a day.
type DaySales struct {
	Merchant string
	Name     string
	Day      string
	Sales    int
	Refunds  int
	Net      pos.Money
}

// Overview is everything the dashboard shows.
type Overview struct {
	Days      []DaySales
	Terminals []Terminal
	Merchants map[string]string // id -> name
	Awaiting  []Payment         // unverified QR tenders without an answer
	Oversells []wire.Oversell
	Conflicts []Conflict
	// Forks are pushed documents that did not continue their terminal's
	// chain: a journal rewritten after the platform had seen it.
	Forks []Anchor
}

// Anchor states.
const (
	AnchorOK       = "ok"       // the document continues the chain and is stored
	AnchorRejected = "rejected" // it continues the chain but was refused (Code, Reason)
	AnchorFork     = "fork"     // it does not continue the chain
)

// Anchor is one link of a terminal's journal chain as the platform saw it:
// the hash the till computed over the previous hash and the document's
// bytes, which the platform recomputes before recording it.
type Anchor struct {
	Terminal string    `json:"terminal"` // platform terminal id
	Seq      uint64    `json:"seq"`
	ID       string    `json:"id,omitempty"`
	Receipt  uint64    `json:"receipt,omitempty"`
	Hash     string    `json:"hash"` // hex SHA-256
	Prev     string    `json:"prev"`
	State    string    `json:"state"`
	Code     string    `json:"code,omitempty"`
	Reason   string    `json:"reason,omitempty"`
	Time     time.Time `json:"time"`
}

// Storage keeps the platform's data. Every method is atomic: it changes
// all it should or nothing. Implementations must make Ingest idempotent
// per (merchant, document id).
type Storage interface {
	AddMerchant(name string) (Merchant, error)
	Merchant(id string) (Merchant, error)
	// AddTerminal creates a terminal and returns its one-time code.
	AddTerminal(merchant, name string) (Terminal, string, error)
	// Enroll consumes a one-time code (by hash) and stores the hash of the
	// new token's secret, in one step.
	Enroll(codeHash, till, secretHash string, now time.Time) (Terminal, error)
	Terminal(id string) (Terminal, error)
	// Touch records a terminal's last contact and unsynced backlog.
	Touch(id string, backlog uint64, now time.Time) error

	// Ingest stores the documents not stored yet, applies their stock
	// deltas (detecting oversold unique pieces), links unverified QR
	// tenders to payments, and acknowledges all of them.
	Ingest(t Terminal, docs []Doc, now time.Time) (IngestResult, error)
	// Anchors returns up to limit anchors of terminal (platform id) with
	// Seq >= from, in Seq order.
	Anchors(terminal string, from uint64, limit int) ([]Anchor, error)
	// PutAnchors records anchors the server checked, in one step. An
	// anchor already recorded for (terminal, seq) is never replaced; a
	// fork is also kept in the list Overview shows.
	PutAnchors(terminal string, as []Anchor) error
	// Changes returns up to limit feed entries after since.
	Changes(merchant string, since uint64, limit int) (wire.PullResponse, error)
	Catalog(merchant string) ([]wire.CatalogItem, error)
	// EditProducts applies a till's product edits, the later edit winning
	// a conflict.
	EditProducts(t Terminal, edits []wire.ProductEdit, now time.Time) ([]wire.ProductResult, error)
	// SetProduct is a central edit (the online shop, the back office).
	SetProduct(merchant string, p pos.Product, now time.Time) (uint64, error)
	// OnlineSale moves stock for a sale made outside the tills.
	OnlineSale(merchant, sku string, qty int64, ref string, now time.Time) ([]wire.Oversell, error)

	Payment(ref string) (Payment, error)
	// Notify records the acquirer's word on a reference.
	Notify(n wire.Notice, now time.Time) (Payment, error)

	Export(merchant string) ([]export.Row, error)
	Overview() (Overview, error)
	Close() error
}

// Errors a Storage returns; the server maps them to HTTP statuses.
var (
	ErrNotFound  = errors.New("not found")
	ErrCodeUsed  = errors.New("enrollment code unknown or already used")
	ErrInvalid   = errors.New("invalid")
	ErrForbidden = errors.New("forbidden")
)

// NewSecret returns n random bytes as unpadded base32: tokens and codes.
func NewSecret(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}

// NewCode returns a one-time enrollment code: 16 characters in groups of
// four, easy to read out over the phone.
func NewCode() string {
	s := strings.ToUpper(NewSecret(10))[:16]
	return s[0:4] + "-" + s[4:8] + "-" + s[8:12] + "-" + s[12:16]
}

// Hash is how codes and tokens are stored. They carry 80 bits or more of
// randomness, so a plain SHA-256 is enough (no password stretching).
func Hash(secret string) string {
	s := sha256.Sum256([]byte(strings.ToUpper(strings.TrimSpace(secret))))
	return hex.EncodeToString(s[:])
}

// SameHash compares two hashes in constant time.
func SameHash(a, b string) bool {
	return len(a) == len(b) && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// A token is "<terminal id>.<secret>": the id finds the terminal, the
// secret proves it. Only Hash(secret) is stored.
func Token(terminal, secret string) string { return terminal + "." + secret }

// SplitToken returns a token's terminal id and secret.
func SplitToken(tok string) (id, secret string, ok bool) {
	id, secret, ok = strings.Cut(tok, ".")
	return id, secret, ok && id != "" && secret != ""
}

// Resolve decides a product edited on both sides: the later edit wins; on
// a tie the platform's copy stays.
func Resolve(platform, till pos.Product) (winner string) {
	if till.Updated.After(platform.Updated) {
		return "till"
	}
	return "platform"
}

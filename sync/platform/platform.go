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
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"hanout/pos"
	"hanout/pos/export"
	"hanout/sync/wire"
)

// Merchant is an artisan or cooperative with one or more terminals.
type Merchant struct {
	ID      string    `json:"id"`
	Name    string    `json:"name"`
	Created time.Time `json:"created"`
	// Account is the merchant account identifier the acquirer issued
	// (the value the merchant's QR template carries): the acquirer's
	// notices name the merchant by it. Unique across merchants.
	Account string `json:"account,omitempty"`
	// City and Category place the merchant in the programme's figures
	// (its region and its craft).
	City     string `json:"city,omitempty"`
	Category string `json:"category,omitempty"`
}

// Terminal is a till enrolled (or waiting to be) for a merchant. Only the
// hash of its token and of its enrollment code are kept.
//
// Its identity is its Name, unique in the merchant: enrollment binds it
// to the till, which prints and pushes it from then on. Aliases are the
// identities the till's documents carried before it enrolled (a till that
// sold offline first): its pushes may carry them too, and no other
// terminal of the merchant may have them.
type Terminal struct {
	ID       string `json:"id"`
	Merchant string `json:"merchant"`
	Name     string `json:"name"`
	// Till is the identity documents carry: the Name, set at enrollment.
	Till    string   `json:"till,omitempty"`
	Aliases []string `json:"aliases,omitempty"`
	// Installs are the install ids of the devices enrolled as this
	// terminal, the one enrolled last (holding the token) last: the QR
	// references it issues start with one of them and "-".
	Installs    []string  `json:"installs,omitempty"`
	TokenHash   string    `json:"token_hash,omitempty"`
	CodeHash    string    `json:"code_hash,omitempty"` // cleared once used
	Enrolled    time.Time `json:"enrolled,omitzero"`
	LastContact time.Time `json:"last_contact,omitzero"`
	Backlog     uint64    `json:"backlog"`
	// LastReceipt is the highest receipt number the platform holds from
	// this terminal: a re-enrolled device numbers on after it.
	LastReceipt uint64 `json:"last_receipt,omitempty"`
	// Refused counts the documents of this terminal the platform refused
	// (the till keeps them in quarantine), kept as their anchors are
	// recorded.
	Refused uint64 `json:"refused,omitempty"`
	// Revoked is when its token was revoked (zero: never); RevokedHash is
	// the revoked token's hash, so that token alone is told "revoked".
	Revoked     time.Time `json:"revoked,omitzero"`
	RevokedHash string    `json:"revoked_hash,omitempty"`
	// Status is State() as it was when a listing without the hashes
	// (Overview) was made; State returns it when the hashes are gone.
	Status string `json:"-"`
}

// Terminal states, as `terminal list` shows them.
const (
	StateWaiting  = "waiting"  // a one-time code is out, not used yet
	StateEnrolled = "enrolled" // a till holds a valid token
	StateRevoked  = "revoked"  // its token was revoked, no new code out
)

// State says where the terminal stands.
func (t Terminal) State() string {
	switch {
	case t.TokenHash == "" && t.CodeHash == "" && t.Status != "":
		return t.Status
	case t.TokenHash != "":
		return StateEnrolled
	case t.CodeHash != "":
		return StateWaiting
	case !t.Revoked.IsZero():
		return StateRevoked
	}
	return StateWaiting
}

// Owns reports whether a document carrying terminal id till is this
// terminal's.
func (t Terminal) Owns(till string) bool {
	if till == "" {
		return false
	}
	if till == t.Till {
		return true
	}
	for _, a := range t.Aliases {
		if a == till {
			return true
		}
	}
	return false
}

// Issued reports whether the QR reference ref was issued by one of this
// terminal's devices: it starts with a device's install id and "-".
func (t Terminal) Issued(ref string) bool {
	for _, in := range t.Installs {
		if in != "" && strings.HasPrefix(ref, in+"-") {
			return true
		}
	}
	return false
}

// Chain is the key of the journal chain the platform anchors for the
// terminal's current device (the install id enrolled last): a device
// that replaced another starts its own journal, so its own chain. The
// first device's chain is keyed by the terminal id alone.
func (t Terminal) Chain() string {
	if len(t.Installs) <= 1 {
		return t.ID
	}
	return t.ID + "/" + t.Installs[len(t.Installs)-1]
}

// SameIdentity compares two terminal identities the way uniqueness is
// enforced: ignoring case and surrounding space.
func SameIdentity(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// Enrollment is what Storage.Enroll needs from an enrolling till.
type Enrollment struct {
	CodeHash  string // the one-time code's hash
	TokenHash string // the new token secret's hash
	// Claim is the identity the till's committed documents already carry
	// ("" when it has none): it becomes an alias, refused with
	// ErrConflict when another terminal of the merchant has it.
	Claim string
	// Install is the till's install id (its QR reference prefix),
	// refused with ErrConflict when another terminal of the merchant
	// has it.
	Install string
	// Receipts is the till's last receipt number. A new device whose
	// receipts already carry the terminal's own name, when another
	// device was enrolled as that terminal, is refused with ErrConflict:
	// its numbers would repeat the other device's.
	Receipts uint64
}

func (t Terminal) receiptsClash(e Enrollment) bool {
	return e.Claim != "" && SameIdentity(e.Claim, t.Name) && e.Receipts > 0 && len(t.Installs) > 0 && !slices.Contains(t.Installs, e.Install)
}

// CheckEnrollment is what every Storage checks of an enrollment against
// the terminal the code is for, before anything of the merchant's other
// terminals: nil or an ErrConflict.
func (t Terminal) CheckEnrollment(e Enrollment) error {
	if t.receiptsClash(e) {
		return fmt.Errorf("this till already numbered receipts as %q, which another device of this terminal used: set the till up afresh, or enroll it as another terminal: %w", e.Claim, ErrConflict)
	}
	return nil
}

// Contradiction is an acquirer notice that came after the reference's
// final state and says something else: kept for a person to look at.
type Contradiction struct {
	Merchant string    `json:"merchant"`
	Ref      string    `json:"ref"`
	Was      string    `json:"was"`
	WasAmt   pos.Money `json:"was_amount"`
	Now      string    `json:"now"`
	NowAmt   pos.Money `json:"now_amount"`
	Time     time.Time `json:"time"`
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
	// Contradictions are later acquirer notices that disagree with a
	// reference's final state.
	Contradictions []Contradiction
	// Forks are pushed documents that did not continue their terminal's
	// chain: a journal rewritten after the platform had seen it.
	Forks []Anchor
}

// Watchlist is one merchant's part of the Overview.
type Watchlist struct {
	Awaiting  []Payment
	Oversells []wire.Oversell
	Conflicts []Conflict
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
	// SetAcquirer registers the acquirer's merchant account id for a
	// merchant (ErrConflict when another merchant has it).
	SetAcquirer(merchant, account string) error
	// AddTerminal creates a terminal and returns its one-time code. The
	// name is the terminal's identity: ErrInvalid unless ValidName,
	// ErrConflict when another terminal of the merchant has it (as a
	// name or an alias, see SameIdentity).
	AddTerminal(merchant, name string) (Terminal, string, error)
	// Enroll consumes a one-time code (by hash), binds the terminal to
	// the till (Till = Name, the claim as an alias, the install id) and
	// stores the hash of the new token's secret, in one step. A conflict
	// (ErrConflict) leaves the code unused.
	Enroll(e Enrollment, now time.Time) (Terminal, error)
	Terminal(id string) (Terminal, error)
	// Terminals lists a merchant's terminals (ErrNotFound for no merchant).
	Terminals(merchant string) ([]Terminal, error)
	// RevokeTerminal revokes a terminal's token (and any code out).
	RevokeTerminal(id string, now time.Time) (Terminal, error)
	// Reenroll revokes the terminal's token and returns a new one-time
	// code for a replacement device.
	Reenroll(id string, now time.Time) (Terminal, string, error)
	// Touch records a terminal's last contact and unsynced backlog.
	Touch(id string, backlog uint64, now time.Time) error

	// Ingest stores the documents not stored yet, applies their stock
	// deltas (detecting oversold unique pieces), links unverified QR
	// tenders to payments (only references t issued, see Issued; the
	// first sale to claim one keeps it), raises t's LastReceipt, and
	// acknowledges all of them.
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

	// Payment returns what is known of a merchant's reference; one never
	// heard of is pending.
	Payment(merchant, ref string) (Payment, error)
	// Notify records the acquirer's word on a reference of the merchant
	// whose Account is n.Account (ErrNotFound when none). A notice that
	// contradicts the reference's final state is recorded as a
	// Contradiction and answered with the payment and ErrConflict.
	Notify(n wire.Notice, now time.Time) (Payment, error)

	Export(merchant string) ([]export.Row, error)
	Overview() (Overview, error)

	// SetPlace sets a merchant's city and craft category.
	SetPlace(merchant, city, category string) error
	// Merchants lists every merchant, by id.
	Merchants() ([]Merchant, error)
	// MerchantPage lists at most q.Limit merchants by id, keyset-paged:
	// those after q.After, or when q.Before is set the last ones before
	// it (still in id order); with q.Search, only those whose name, city
	// or category contains it, ignoring case (see MerchantQuery).
	MerchantPage(q MerchantQuery) ([]Merchant, error)
	// Documents returns a merchant's sales and refunds whose time is in
	// [from, to), in time order (ErrNotFound for no merchant).
	Documents(merchant string, from, to time.Time) ([]*pos.Document, error)
	// Payouts returns a merchant's payouts to artisans whose time is in
	// [from, to), in time order (ErrNotFound for no merchant).
	Payouts(merchant string, from, to time.Time) ([]*pos.Document, error)
	// Watch returns what a merchant's manager should look at: QR
	// payments awaiting the acquirer, oversold pieces, edit conflicts.
	Watch(merchant string) (Watchlist, error)
	// Figures returns the daily figures Ingest keeps (see Tally) for days
	// from..to inclusive ("2006-01-02"), every merchant, by day then
	// merchant.
	Figures(from, to string) ([]DayFigure, error)
	// DayBooks returns a merchant's kept day books (see TallyBook) for
	// days from..to inclusive, by day (ErrNotFound for no merchant).
	DayBooks(merchant, from, to string) ([]DayBook, error)
	// ProgrammeSums sums the kept figures of days from..to over every
	// merchant, in the store: per day, and per city and per craft over
	// the period with the number of merchants that have figures in it.
	ProgrammeSums(from, to string) (Sums, error)
	// Adoption counts the merchants and tills, and those in contact
	// within 7 and 30 days of now, without listing them.
	Adoption(now time.Time) (Adoption, error)

	// AddUser creates a merchant's web user (ID and Created are set):
	// ErrNotFound for no merchant, ErrInvalid for a bad role or email,
	// ErrConflict when the email (ignoring case) is taken.
	AddUser(u User) (User, error)
	// Users lists a merchant's users by email (ErrNotFound for no
	// merchant); DeleteUser removes one of them and their sessions
	// (ErrNotFound when the merchant has no such user).
	Users(merchant string) ([]User, error)
	DeleteUser(merchant, id string) error
	// UserByEmail finds a user by email, ignoring case.
	UserByEmail(email string) (User, error)
	// AddSession stores a session; Session returns it by hash unless it
	// expired by now (ErrNotFound); DeleteSession forgets it.
	AddSession(s Session) error
	Session(hash string, now time.Time) (Session, error)
	DeleteSession(hash string) error
	// Receipts: a sale or refund by its id, for the digital receipt.
	Receipts
	Books // master records and accounts (records.go)
	Close() error
}

// Errors a Storage returns; the server maps them to HTTP statuses.
var (
	ErrNotFound  = errors.New("not found")
	ErrCodeUsed  = errors.New("enrollment code unknown or already used")
	ErrInvalid   = errors.New("invalid")
	ErrForbidden = errors.New("forbidden")
	ErrConflict  = errors.New("conflict")
)

// ValidName reports whether name can be a terminal's identity: 1 to 64
// printable characters, no surrounding space.
func ValidName(name string) bool {
	if name == "" || len(name) > 64 || strings.TrimSpace(name) != name {
		return false
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f || r == utf8.RuneError {
			return false
		}
	}
	return true
}

// ValidAccount reports whether s can be an acquirer merchant account id:
// 1 to 64 characters A-Z, a-z, 0-9, ".", "_", "-".
func ValidAccount(s string) bool { return accountRE.MatchString(s) }

var accountRE = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

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

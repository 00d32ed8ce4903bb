package concert

import (
	"context"
	"errors"
	"fmt"

	"hanout/pos"
)

// Terminal is a card terminal the till can ask for a payment.
//
// Pay runs one transaction to its end and is safe to call from one
// goroutine at a time per terminal (implementations serialise calls).
//
// It returns err == nil only when the terminal gave a definite, readable
// answer: Result.Outcome is then Approved, Refused or Unverified. Otherwise
// err is a *pos.Error with a "terminal." translation key and matches
// exactly one of ErrNotSent (safe to retry) or ErrAmbiguous (the terminal
// took the request; read its slip, never retry by itself), and
// Result.Outcome is NotSent or Ambiguous accordingly.
type Terminal interface {
	Pay(ctx context.Context, req Request) (Result, error)
}

// Kind is the transaction asked of the terminal.
type Kind string

const (
	Debit  Kind = "debit"
	Refund Kind = "refund" // credit back to the card
	// Cancel voids an earlier debit of the same amount: Caisse-AP CD=2.
	// Concert V2 has no agreed cancellation code (sources disagree on
	// 2 and 4), so there it is sent as a credit of the same amount.
	Cancel Kind = "cancel"
)

// Request is one transaction. Amount is positive for both kinds.
type Request struct {
	Amount pos.Money
	Kind   Kind
	// Till overrides Config.Till when set (two digits).
	Till string
}

// Outcome is what the till may conclude from the exchange.
type Outcome string

const (
	// NotSent: the terminal never took the request; nothing was charged.
	NotSent Outcome = "not_sent"
	// Approved: the terminal says the money moved.
	Approved Outcome = "approved"
	// Refused: the terminal says the operation was not done.
	Refused Outcome = "refused"
	// Unverified: the terminal answered but not with a usable verdict
	// (Concert status 9, or an approval for another amount). Treat it like
	// Ambiguous: read the slip.
	Unverified Outcome = "unverified"
	// Ambiguous: the terminal took the request and the exchange broke.
	Ambiguous Outcome = "ambiguous"
)

// NeedsSlip tells whether the seller must read the terminal's slip and
// record the result by hand (with a manager).
func (o Outcome) NeedsSlip() bool { return o == Unverified || o == Ambiguous }

// Key is the translation key of a message telling the seller the outcome.
func (o Outcome) Key() string { return "terminal." + string(o) }

// Result is the terminal's answer, card data masked.
type Result struct {
	Outcome Outcome `json:"outcome"`
	// Amount is the amount the terminal reports (0 when it did not say).
	Amount pos.Money `json:"amount,omitempty"`
	// CardMasked holds at most the first 6 and last 4 digits.
	CardMasked string `json:"card,omitempty"`
	// Brand is the card scheme its first six digits tell ("visa", …).
	Brand    string `json:"brand,omitempty"`
	AuthCode string `json:"auth,omitempty"`
	// EntryMode is "chip", "contactless", "stripe", "keyed" or a code the
	// protocol did not name.
	EntryMode string `json:"entry,omitempty"`
	// Reference is the terminal's transaction reference, when it sends one.
	Reference string `json:"ref,omitempty"`
	// Reason says why an operation was not done: "refused", "timeout",
	// "abandoned", "forbidden" or the terminal's code.
	Reason string `json:"reason,omitempty"`
	// Raw is the decoded answer, one field per "|"-separated part, masked:
	// for troubleshooting, never for logic.
	Raw string `json:"raw,omitempty"`
}

// Tender turns r into the tender of the ticket for a request of amount
// (positive; it is negated for a refund). Ambiguous and Unverified become
// StatusUnverified: the UI still needs a manager to record them. NotSent
// maps to StatusRefused, though a till normally records nothing for it.
func (r Result) Tender(req Request) pos.Tender {
	t := pos.Tender{
		Kind:       pos.TenderCard,
		Amount:     req.Amount,
		Reference:  r.Reference,
		CardMasked: Mask(r.CardMasked),
		CardBrand:  r.Brand,
		AuthCode:   Mask(r.AuthCode),
		EntryMode:  r.EntryMode,
	}
	if req.Kind == Refund || req.Kind == Cancel {
		t.Amount = -t.Amount
	}
	switch r.Outcome {
	case Approved:
		t.Status = pos.StatusApproved
	case Refused, NotSent:
		t.Status = pos.StatusRefused
	default:
		t.Status = pos.StatusUnverified
	}
	return t
}

// masked returns r with every string passed through Mask: the single gate
// all results cross before leaving the package.
func (r Result) masked() Result {
	r.CardMasked = Mask(r.CardMasked)
	r.Brand = Mask(r.Brand)
	r.AuthCode = Mask(r.AuthCode)
	r.EntryMode = Mask(r.EntryMode)
	r.Reference = Mask(r.Reference)
	r.Reason = Mask(r.Reason)
	r.Raw = Mask(r.Raw)
	return r
}

var (
	// ErrNotSent: the terminal did not take the request; retrying is safe.
	ErrNotSent = errors.New("concert: request not taken by the terminal")
	// ErrAmbiguous: the terminal took the request and the outcome is
	// unknown. Never resend the debit; the seller reads the slip.
	ErrAmbiguous = errors.New("concert: the terminal took the request, outcome unknown")

	errTimeout = errors.New("concert: timeout")
	// ErrBadFrame: a frame that is not STX data ETX LRC of the expected
	// shape. ErrBadLRC: the shape is right, the LRC is not.
	ErrBadFrame = errors.New("concert: malformed frame")
	ErrBadLRC   = errors.New("concert: bad LRC")
)

// notSent builds a NotSent failure with a translation key.
func notSent(key string, cause error, args ...any) (Result, error) {
	return Result{Outcome: NotSent}, pos.Wrap(fmt.Errorf("%w: %w", ErrNotSent, cause), key, args...)
}

// ambiguous builds an Ambiguous failure. A cancelled context gets its own
// key so the seller is told to cancel on the terminal too.
func ambiguous(cause error) (Result, error) {
	key := "terminal.ambiguous"
	if errors.Is(cause, context.Canceled) {
		key = "terminal.cancelled_ambiguous"
	}
	return Result{Outcome: Ambiguous}, pos.Wrap(fmt.Errorf("%w: %w", ErrAmbiguous, cause), key)
}

// failNotSent maps a failure before the terminal took the request.
func failNotSent(err error, port string) (Result, error) {
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return notSent("terminal.cancelled", err)
	case errors.Is(err, errTimeout):
		return notSent("terminal.no_answer", err)
	case unplugged(err):
		return notSent("terminal.unplugged", err, port)
	default:
		return notSent("terminal.link_lost", err)
	}
}

// checkRequest fills req's defaults and rejects what no terminal accepts,
// with errors that match ErrNotSent.
func checkRequest(req Request, cfg Config, max pos.Money) (Request, error) {
	if req.Till == "" {
		req.Till = cfg.Till
	}
	if req.Kind == "" {
		req.Kind = Debit
	}
	if req.Kind != Debit && req.Kind != Refund && req.Kind != Cancel {
		return req, pos.Wrap(ErrNotSent, "terminal.setting_invalid", "kind")
	}
	if !isDigits(req.Till, 2) {
		return req, pos.Wrap(ErrNotSent, "terminal.till_invalid", req.Till)
	}
	if req.Amount <= 0 || req.Amount > max {
		return req, pos.Wrap(ErrNotSent, "terminal.amount_invalid", req.Amount.Decimal())
	}
	return req, nil
}

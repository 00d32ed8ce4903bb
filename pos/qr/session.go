package qr

import (
	"context"
	"sync"
	"time"

	"hanout/pos"
)

// State is where a QR payment stands.
type State string

const (
	// Waiting: the code is shown; no answer yet.
	Waiting State = "waiting"
	// Paid: the acquirer confirmed the payment.
	Paid State = "paid"
	// Expired: the code's time ran out, or the acquirer says it expired.
	Expired State = "expired"
	// Cancelled: the seller gave up, or the acquirer says the payer did.
	Cancelled State = "cancelled"
	// Unverified is a session state only, never a source's answer: a
	// manager recorded the payment as "paid — to verify" (RecordUnverified).
	Unverified State = "unverified"
)

// Final reports whether no transition leaves s.
func (s State) Final() bool { return s != Waiting }

// PaymentStatus tells where the payment with a reference stands, as the
// acquirer or the platform knows it. It answers Waiting, Paid, Expired or
// Cancelled. An error means "cannot tell now" (offline, timeout, server
// trouble), never "not paid". amount is what the code asks: a source
// answers Paid only when that much was paid, and an error with the key
// "qr.amount_mismatch" when another amount was.
type PaymentStatus interface {
	Status(ctx context.Context, ref string, amount pos.Money) (State, error)
}

// DefaultExpiry is how long a code waits for its payment.
const DefaultExpiry = 5 * time.Minute

// Request describes one QR payment.
type Request struct {
	Payload string         // from Dynamic
	Ref     string         // the reference in 62/05, asked of the source
	Amount  pos.Money      // > 0
	Kind    pos.TenderKind // TenderQRWallet or TenderQRCard; empty means wallet
	Created time.Time      // when the code was first shown
	Expiry  time.Duration  // 0 means DefaultExpiry
}

// Session follows one QR payment. Its rules:
//
//   - It starts Waiting. Only Waiting has transitions out; every other
//     state is final and later answers of the source are ignored (a "paid"
//     arriving after the session expired or was cancelled leaves it as it
//     is: sync reconciles such payments on the platform side).
//   - Poll asks the source. Paid, Expired and Cancelled are taken as they
//     come. The acquirer's word wins over the clock: a Paid answer to a
//     poll made after the deadline still makes the session Paid, because
//     the payment happened before the acquirer answered. A Waiting answer
//     after the deadline makes it Expired.
//   - A source error leaves it Waiting before the deadline and makes it
//     Expired after it, remembering that the till could not tell
//     (Unconfirmed).
//   - Cancel moves Waiting to Cancelled; on Cancelled or Expired it does
//     nothing; on Paid or Unverified it is refused: the money is taken, a
//     refund must give it back.
//   - RecordUnverified (a manager's "paid — to verify") is allowed while
//     Waiting, or when the session Expired without the source being able
//     to answer. It is refused once the source has given a final answer or
//     the seller cancelled.
//
// A Session is safe for use by several goroutines: the UI polls from one
// and handles buttons in another. The source is called without holding
// the session's lock, so Cancel never waits for the network.
type Session struct {
	src      PaymentStatus
	req      Request
	deadline time.Time

	mu          sync.Mutex
	state       State
	unconfirmed error // the last source error; nil after an answer
	tender      pos.Tender
}

// NewSession starts following a payment.
func NewSession(src PaymentStatus, r Request) (*Session, error) {
	if r.Kind == "" {
		r.Kind = pos.TenderQRWallet
	}
	if r.Expiry == 0 {
		r.Expiry = DefaultExpiry
	}
	switch {
	case src == nil, r.Payload == "", r.Created.IsZero(), r.Expiry < 0,
		r.Kind != pos.TenderQRWallet && r.Kind != pos.TenderQRCard:
		return nil, pos.Errorf("qr.session_invalid")
	case r.Amount <= 0 || r.Amount > MaxAmount:
		return nil, pos.Errorf("qr.amount_invalid", r.Amount.Decimal())
	case !ascii(r.Ref, 1, 25):
		return nil, pos.Errorf("qr.reference_invalid", r.Ref)
	}
	return &Session{src: src, req: r, deadline: r.Created.Add(r.Expiry), state: Waiting}, nil
}

// Request returns what the session was started with (Kind and Expiry
// filled in).
func (s *Session) Request() Request { return s.req }

// Deadline is when a waiting session expires.
func (s *Session) Deadline() time.Time { return s.deadline }

// Remaining is the countdown to show: time left before the deadline, never
// negative, and zero once the session is final.
func (s *Session) Remaining(now time.Time) time.Duration {
	if s.State().Final() {
		return 0
	}
	return max(s.deadline.Sub(now), 0)
}

// State returns the current state.
func (s *Session) State() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state
}

// Unconfirmed returns the error of the last poll when the source could not
// answer it, nil otherwise. The UI shows it as "offline" and offers
// RecordUnverified.
func (s *Session) Unconfirmed() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.unconfirmed
}

// Poll asks the source once and applies the answer at time now (see the
// rules on Session). It returns the new state. When the source cannot
// answer, or answers something that is not a state, the error is a
// *pos.Error ("qr.status_offline", "qr.status_unknown") wrapping the
// cause. A final session is returned as is, without asking the source.
func (s *Session) Poll(ctx context.Context, now time.Time) (State, error) {
	s.mu.Lock()
	if s.state.Final() {
		defer s.mu.Unlock()
		return s.state, nil
	}
	s.mu.Unlock()

	st, err := s.src.Status(ctx, s.req.Ref, s.req.Amount)

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state.Final() { // cancelled or recorded while we asked
		return s.state, nil
	}
	if err == nil {
		switch st {
		case Waiting, Paid, Expired, Cancelled:
		default:
			err = pos.Errorf("qr.status_unknown", string(st))
		}
	} else {
		err = pos.Wrap(err, "qr.status_offline", s.req.Ref)
	}
	if err != nil {
		s.unconfirmed = err
		if !now.Before(s.deadline) {
			s.state = Expired
		}
		return s.state, err
	}
	s.unconfirmed = nil
	switch {
	case st == Paid:
		s.state = Paid
		s.tender = s.newTender(pos.StatusApproved, "")
	case st == Waiting && !now.Before(s.deadline):
		s.state = Expired
	default:
		s.state = st
	}
	return s.state, nil
}

// Cancel stops waiting (see the rules on Session).
func (s *Session) Cancel() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch s.state {
	case Waiting:
		s.state = Cancelled
	case Paid, Unverified:
		return pos.Errorf("qr.cancel_paid", s.req.Ref)
	}
	return nil
}

// RecordUnverified records the payment as "paid — to verify" on a
// manager's authority and returns the tender for the sale, with status
// unverified. The caller has checked the manager's PIN; manager is the
// name kept in the tender. See the rules on Session for when it is allowed.
func (s *Session) RecordUnverified(manager string) (pos.Tender, error) {
	if manager == "" {
		return pos.Tender{}, pos.Errorf("qr.manager_required")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	allowed := s.state == Waiting || s.state == Expired && s.unconfirmed != nil
	if !allowed {
		return pos.Tender{}, pos.Errorf("qr.unverified_refused", string(s.state))
	}
	s.state = Unverified
	s.tender = s.newTender(pos.StatusUnverified, manager)
	return s.tender, nil
}

// Tender returns the tender to commit with the sale: approved when Paid,
// unverified when recorded so. ok is false in any other state.
func (s *Session) Tender() (t pos.Tender, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state != Paid && s.state != Unverified {
		return pos.Tender{}, false
	}
	return s.tender, true
}

func (s *Session) newTender(status pos.TenderStatus, manager string) pos.Tender {
	return pos.Tender{
		Kind:       s.req.Kind,
		Amount:     s.req.Amount,
		Status:     status,
		Reference:  s.req.Ref,
		ApprovedBy: manager,
	}
}

package qr

import (
	"context"
	"errors"
	"sync"

	"hanout/pos"
)

// ErrOffline is what Fake answers while it is told to be offline.
var ErrOffline = errors.New("qr: payment platform unreachable")

// Fake is a PaymentStatus for tests and the demo store. Like the platform,
// it knows nothing of a reference until a payment happens, so an unknown
// reference is Waiting; it honours a cancelled context; and it can be made
// unreachable.
type Fake struct {
	mu     sync.Mutex
	states map[string]State
	paid   map[string]pos.Money // amounts paid with PayAmount
	err    error
	calls  map[string]int
}

// NewFake returns a Fake where every reference is waiting.
func NewFake() *Fake {
	return &Fake{states: map[string]State{}, paid: map[string]pos.Money{}, calls: map[string]int{}}
}

// Set makes the source answer st for ref from now on.
func (f *Fake) Set(ref string, st State) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.states[ref] = st
}

// Pay makes ref paid with the amount its code asks, as if the buyer's app
// had paid it.
func (f *Fake) Pay(ref string) { f.Set(ref, Paid) }

// PayAmount makes ref paid with a given amount, which may differ from the
// amount asked (a buyer who edited it in a careless wallet app).
func (f *Fake) PayAmount(ref string, m pos.Money) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.states[ref] = Paid
	f.paid[ref] = m
}

// SetError makes every query fail with err (ErrOffline when offline);
// nil brings the source back.
func (f *Fake) SetError(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.err = err
}

// Calls returns how many times ref was asked about.
func (f *Fake) Calls(ref string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[ref]
}

// Status implements PaymentStatus.
func (f *Fake) Status(ctx context.Context, ref string, amount pos.Money) (State, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls[ref]++
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if f.err != nil {
		return "", f.err
	}
	if st, ok := f.states[ref]; ok {
		if m, set := f.paid[ref]; st == Paid && set && m != amount {
			return "", pos.Errorf("qr.amount_mismatch", m, amount)
		}
		return st, nil
	}
	return Waiting, nil
}

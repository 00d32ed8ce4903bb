package qr_test

import (
	"context"
	"fmt"
	"time"

	"hanout/pos"
	"hanout/pos/qr"
)

// The QR tender at the till: build the code, show it, poll until the
// payment is confirmed, then commit the sale with the session's tender.
func Example() {
	m := qr.DemoMerchant() // the store loads the configured merchant
	const seq = 7          // store.NextSequence("qr"), durable per terminal
	ref := qr.Reference("STAND-1", seq)
	payload, err := qr.Dynamic(m, 12000, ref, 42, "STAND-1")
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := qr.PNG(payload, 512); err != nil { // or qr.Image for a widget
		fmt.Println(err)
		return
	}

	src := qr.NewFake() // the platform-backed source comes with sync
	start := time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)
	s, err := qr.NewSession(src, qr.Request{Payload: payload, Ref: ref, Amount: 12000, Kind: m.TenderKind(), Created: start})
	if err != nil {
		fmt.Println(err)
		return
	}
	st, _ := s.Poll(context.Background(), start.Add(2*time.Second))
	fmt.Println(st, s.Remaining(start.Add(2*time.Second)))

	src.Pay(ref) // the buyer's app pays
	st, _ = s.Poll(context.Background(), start.Add(4*time.Second))
	t, _ := s.Tender()
	fmt.Println(st, t.Kind, t.Amount.Decimal(), t.Status, t.Reference)

	// Offline instead: a manager records "paid — to verify".
	src.SetError(qr.ErrOffline)
	s2, _ := qr.NewSession(src, qr.Request{Payload: payload, Ref: "STAND-1-8", Amount: 5000, Created: start})
	_, err = s2.Poll(context.Background(), start.Add(time.Second))
	fmt.Println(pos.KeyOf(err))
	t2, _ := s2.RecordUnverified("Khadija")
	fmt.Println(t2.Status, t2.ApprovedBy)
	// Output:
	// waiting 4m58s
	// paid qr_wallet 120.00 approved STAND-1-7
	// qr.status_offline
	// unverified Khadija
}

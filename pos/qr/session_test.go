package qr

import (
	"context"
	"errors"
	"testing"
	"time"

	"hanout/pos"
)

var t0 = time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)

const ref = "STAND-1-1"

func newSession(t *testing.T, src PaymentStatus) *Session {
	t.Helper()
	s, err := NewSession(src, Request{Payload: "payload", Ref: ref, Amount: 12000, Created: t0})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// step is one thing that happens to a session in a transition test.
type step struct {
	do    string        // "poll", "cancel", "record", "set", "offline", "online"
	at    time.Duration // poll time after t0
	state State         // for "set": what the source answers
	want  State         // state after the step
	key   string        // error key expected from the step ("" = none)
}

func TestTransitions(t *testing.T) {
	const after = 5*time.Minute + time.Second
	tests := []struct {
		name  string
		steps []step
	}{
		{"waiting stays waiting", []step{{do: "poll", at: time.Minute, want: Waiting}}},
		{"paid", []step{{do: "set", state: Paid}, {do: "poll", at: time.Minute, want: Paid}}},
		{"waiting at the deadline expires", []step{{do: "poll", at: 5 * time.Minute, want: Expired}}},
		{"paid answer after the deadline wins", []step{{do: "set", state: Paid}, {do: "poll", at: after, want: Paid}}},
		{"source says expired", []step{{do: "set", state: Expired}, {do: "poll", at: time.Second, want: Expired}}},
		{"source says cancelled", []step{{do: "set", state: Cancelled}, {do: "poll", at: time.Second, want: Cancelled}}},
		{"paid after expiry is still expired", []step{
			{do: "poll", at: after, want: Expired},
			{do: "set", state: Paid},
			{do: "poll", at: after + time.Second, want: Expired},
		}},
		{"paid after cancel is still cancelled", []step{
			{do: "cancel", want: Cancelled},
			{do: "set", state: Paid},
			{do: "poll", at: time.Minute, want: Cancelled},
		}},
		{"cancel after paid is refused", []step{
			{do: "set", state: Paid},
			{do: "poll", at: time.Minute, want: Paid},
			{do: "cancel", want: Paid, key: "qr.cancel_paid"},
		}},
		{"cancel twice is harmless", []step{{do: "cancel", want: Cancelled}, {do: "cancel", want: Cancelled}}},
		{"cancel after expiry changes nothing", []step{{do: "poll", at: after, want: Expired}, {do: "cancel", want: Expired}}},
		{"offline before the deadline keeps waiting", []step{
			{do: "offline"},
			{do: "poll", at: time.Minute, want: Waiting, key: "qr.status_offline"},
		}},
		{"back online then paid", []step{
			{do: "offline"},
			{do: "poll", at: time.Minute, want: Waiting, key: "qr.status_offline"},
			{do: "online"}, {do: "set", state: Paid},
			{do: "poll", at: 2 * time.Minute, want: Paid},
		}},
		{"offline past the deadline expires", []step{
			{do: "offline"},
			{do: "poll", at: after, want: Expired, key: "qr.status_offline"},
		}},
		{"record while waiting", []step{{do: "record", want: Unverified}}},
		{"record while offline", []step{
			{do: "offline"},
			{do: "poll", at: time.Minute, want: Waiting, key: "qr.status_offline"},
			{do: "record", want: Unverified},
		}},
		{"record after expiry while offline", []step{
			{do: "offline"},
			{do: "poll", at: after, want: Expired, key: "qr.status_offline"},
			{do: "record", want: Unverified},
		}},
		{"record refused after the source said expired", []step{
			{do: "poll", at: after, want: Expired},
			{do: "record", want: Expired, key: "qr.unverified_refused"},
		}},
		{"record refused when offline then the source answered", []step{
			{do: "offline"},
			{do: "poll", at: time.Minute, want: Waiting, key: "qr.status_offline"},
			{do: "online"},
			{do: "poll", at: after, want: Expired},
			{do: "record", want: Expired, key: "qr.unverified_refused"},
		}},
		{"record refused after paid", []step{
			{do: "set", state: Paid},
			{do: "poll", at: time.Minute, want: Paid},
			{do: "record", want: Paid, key: "qr.unverified_refused"},
		}},
		{"record refused after cancel", []step{{do: "cancel", want: Cancelled}, {do: "record", want: Cancelled, key: "qr.unverified_refused"}}},
		{"record twice refused", []step{{do: "record", want: Unverified}, {do: "record", want: Unverified, key: "qr.unverified_refused"}}},
		{"cancel after record refused", []step{{do: "record", want: Unverified}, {do: "cancel", want: Unverified, key: "qr.cancel_paid"}}},
		{"paid after record is ignored", []step{
			{do: "record", want: Unverified},
			{do: "set", state: Paid},
			{do: "poll", at: time.Minute, want: Unverified},
		}},
		{"nonsense answer is treated as unknown", []step{
			{do: "set", state: Unverified},
			{do: "poll", at: time.Minute, want: Waiting, key: "qr.status_unknown"},
			{do: "record", want: Unverified},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := NewFake()
			s := newSession(t, src)
			for i, st := range tt.steps {
				var err error
				switch st.do {
				case "poll":
					var got State
					got, err = s.Poll(context.Background(), t0.Add(st.at))
					if got != s.State() {
						t.Fatalf("step %d: Poll returned %s, State() is %s", i, got, s.State())
					}
				case "cancel":
					err = s.Cancel()
				case "record":
					_, err = s.RecordUnverified("Khadija")
				case "set":
					src.Set(ref, st.state)
					continue
				case "offline":
					src.SetError(ErrOffline)
					continue
				case "online":
					src.SetError(nil)
					continue
				}
				if got := pos.KeyOf(err); got != st.key {
					t.Fatalf("step %d (%s): error %v, want key %q", i, st.do, err, st.key)
				}
				if err != nil && st.key == "" {
					t.Fatalf("step %d: internal error %v", i, err)
				}
				if s.State() != st.want {
					t.Fatalf("step %d (%s): state %s, want %s", i, st.do, s.State(), st.want)
				}
			}
		})
	}
}

func TestPaidTender(t *testing.T) {
	src := NewFake()
	s := newSession(t, src)
	if _, ok := s.Tender(); ok {
		t.Fatal("tender while waiting")
	}
	src.Pay(ref)
	s.Poll(context.Background(), t0.Add(time.Second))
	got, ok := s.Tender()
	want := pos.Tender{Kind: pos.TenderQRWallet, Amount: 12000, Status: pos.StatusApproved, Reference: ref}
	if !ok || got != want {
		t.Fatalf("Tender() = %+v, %v; want %+v", got, ok, want)
	}
}

func TestUnverifiedTender(t *testing.T) {
	s, err := NewSession(NewFake(), Request{Payload: "p", Ref: ref, Amount: 5050, Kind: pos.TenderQRCard, Created: t0})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordUnverified(""); pos.KeyOf(err) != "qr.manager_required" || s.State() != Waiting {
		t.Fatalf("no manager: %v, %s", err, s.State())
	}
	got, err := s.RecordUnverified("Khadija")
	want := pos.Tender{Kind: pos.TenderQRCard, Amount: 5050, Status: pos.StatusUnverified, Reference: ref, ApprovedBy: "Khadija"}
	if err != nil || got != want {
		t.Fatalf("RecordUnverified = %+v, %v; want %+v", got, err, want)
	}
	if t2, ok := s.Tender(); !ok || t2 != want {
		t.Fatalf("Tender() = %+v, %v", t2, ok)
	}
}

func TestFinalSessionDoesNotAskTheSource(t *testing.T) {
	src := NewFake()
	s := newSession(t, src)
	s.Cancel()
	s.Poll(context.Background(), t0)
	if n := src.Calls(ref); n != 0 {
		t.Fatalf("source asked %d times after cancel", n)
	}
}

func TestOfflineErrorKeepsCause(t *testing.T) {
	src := NewFake()
	src.SetError(ErrOffline)
	s := newSession(t, src)
	_, err := s.Poll(context.Background(), t0)
	if !errors.Is(err, ErrOffline) || pos.KeyOf(err) != "qr.status_offline" {
		t.Fatalf("err = %v", err)
	}
	if !errors.Is(s.Unconfirmed(), ErrOffline) {
		t.Fatalf("Unconfirmed() = %v", s.Unconfirmed())
	}
	src.SetError(nil)
	s.Poll(context.Background(), t0)
	if s.Unconfirmed() != nil {
		t.Fatal("Unconfirmed() not cleared by an answer")
	}
}

func TestCancelledContextIsCannotTell(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s := newSession(t, NewFake())
	st, err := s.Poll(ctx, t0)
	if st != Waiting || !errors.Is(err, context.Canceled) {
		t.Fatalf("%s, %v", st, err)
	}
}

// cancelling is a source that lets the seller press Cancel while the
// query is in flight, then answers paid.
type cancelling struct{ s *Session }

func (c *cancelling) Status(ctx context.Context, ref string, amount pos.Money) (State, error) {
	c.s.Cancel() // would deadlock if Poll held the lock during the query
	return Paid, nil
}

func TestCancelDuringQueryWins(t *testing.T) {
	src := &cancelling{}
	s := newSession(t, src)
	src.s = s
	st, err := s.Poll(context.Background(), t0)
	if st != Cancelled || err != nil {
		t.Fatalf("%s, %v", st, err)
	}
	if _, ok := s.Tender(); ok {
		t.Fatal("tender for a cancelled session")
	}
}

func TestExpiryAndCountdown(t *testing.T) {
	s := newSession(t, NewFake())
	if s.Deadline() != t0.Add(DefaultExpiry) || s.Remaining(t0.Add(time.Minute)) != 4*time.Minute {
		t.Fatalf("deadline %v remaining %v", s.Deadline(), s.Remaining(t0.Add(time.Minute)))
	}
	if s.Remaining(t0.Add(time.Hour)) != 0 {
		t.Fatal("negative countdown")
	}
	s.Cancel()
	if s.Remaining(t0) != 0 {
		t.Fatal("countdown after cancel")
	}
	short, _ := NewSession(NewFake(), Request{Payload: "p", Ref: ref, Amount: 1, Created: t0, Expiry: 90 * time.Second})
	if st, _ := short.Poll(context.Background(), t0.Add(89*time.Second)); st != Waiting {
		t.Fatal(st)
	}
	if st, _ := short.Poll(context.Background(), t0.Add(90*time.Second)); st != Expired {
		t.Fatal(st)
	}
}

func TestNewSessionRefusals(t *testing.T) {
	ok := Request{Payload: "p", Ref: ref, Amount: 100, Created: t0}
	tests := []struct {
		name   string
		src    PaymentStatus
		change func(r *Request)
		key    string
	}{
		{"no source", nil, func(r *Request) {}, "qr.session_invalid"},
		{"no payload", NewFake(), func(r *Request) { r.Payload = "" }, "qr.session_invalid"},
		{"no time", NewFake(), func(r *Request) { r.Created = time.Time{} }, "qr.session_invalid"},
		{"negative expiry", NewFake(), func(r *Request) { r.Expiry = -time.Second }, "qr.session_invalid"},
		{"cash kind", NewFake(), func(r *Request) { r.Kind = pos.TenderCash }, "qr.session_invalid"},
		{"zero amount", NewFake(), func(r *Request) { r.Amount = 0 }, "qr.amount_invalid"},
		{"no ref", NewFake(), func(r *Request) { r.Ref = "" }, "qr.reference_invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ok
			tt.change(&r)
			if _, err := NewSession(tt.src, r); pos.KeyOf(err) != tt.key {
				t.Fatalf("err %v, want %s", err, tt.key)
			}
		})
	}
	s, err := NewSession(NewFake(), ok)
	if err != nil || s.Request().Kind != pos.TenderQRWallet || s.Request().Expiry != DefaultExpiry {
		t.Fatalf("defaults: %+v %v", s.Request(), err)
	}
}

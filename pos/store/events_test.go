package store

import (
	"strings"
	"testing"

	"hanout/pos"
)

// Finding 4, the second half: a price, a PIN or the platform setting could
// be changed with no trace in the chain. Each change is now a journal
// event (who, when, before → after), chained and queued for the platform.
func TestChangesAreChainedEvents(t *testing.T) {
	s, _ := openTemp(t)
	seedProducts(t, s)
	base := s.Counters()
	s.SetActor("Fatima")
	p, err := s.Product("ARG")
	if err != nil {
		t.Fatal(err)
	}
	p.Price, p.Floor = 100, 100 // 99.00 → 1.00
	if err := s.PutProduct(p); err != nil {
		t.Fatal(err)
	}
	if err := s.PutProduct(p); err != nil { // the same again: no change, no event
		t.Fatal(err)
	}
	u := &pos.User{ID: "m9", Name: "Karim", Role: pos.RoleManager, Active: true}
	u.SetPIN("1234")
	s.PutUser(u)
	u.SetPIN("9999")
	s.PutUser(u)
	s.PutSetting("card", map[string]string{"port": "/dev/ttyACM0"})
	s.PutSetting("sync", map[string]string{"platform": "https://evil.example", "token": "t-secret"})
	s.PutSetting("sync.state", map[string]bool{"online": true}) // bookkeeping: no event

	evs, err := s.Events("", "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range evs {
		got = append(got, d.Event.What+" "+d.Event.Key)
		if d.Cashier != "Fatima" || d.Time.IsZero() {
			t.Errorf("event %+v without who or when", d)
		}
		for _, secret := range []string{"t-secret", `"pin_hash":"$`, string(u.PINHash)} {
			if strings.Contains(d.Event.Before+d.Event.After, secret) {
				t.Errorf("secret in event %+v", d.Event)
			}
		}
	}
	if want := "product ARG,user m9,user m9,setting card,setting sync"; strings.Join(got, ",") != want {
		t.Fatalf("events %q, want %q", strings.Join(got, ","), want)
	}
	price := evs[0].Event
	if !strings.Contains(price.Before, `"price":9900`) || !strings.Contains(price.After, `"price":100`) {
		t.Fatalf("price event %+v", price)
	}
	if !strings.Contains(evs[2].Event.After, `"pin_hash":"*** changed"`) {
		t.Fatalf("PIN change not visible: %+v", evs[2].Event)
	}
	c := s.Counters()
	if c.Seq != base.Seq+5 || c.Unsynced != base.Unsynced+5 || c.Receipt != base.Receipt {
		t.Fatalf("counters %+v after 5 events (before %+v)", c, base)
	}
	if n, err := s.Verify(); err != nil || n != int(c.Seq) {
		t.Fatalf("verify %d %v", n, err)
	}
}

package devices

import (
	"context"
	"strings"
	"testing"
	"time"

	"hanout/drivers/printq"
	"hanout/pos"
)

// The artisans report goes through the print queue to the printer like a
// receipt, laid out from the journal when it prints, and never opens the
// drawer; a period that is no date is refused before anything is queued.
func TestArtisansReportPrintsThroughTheQueue(t *testing.T) {
	sp := newSimPrinter(t)
	st, _ := newStore(t)
	a := &pos.Artisan{ID: "a-fatima", Name: "Fatima Zahra", Commission: 1500}
	if err := st.PutArtisan(a); err != nil {
		t.Fatal(err)
	}
	p0, _ := st.Product("TAJ-1")
	p0.Artisan = a.ID
	if err := st.PutProduct(p0); err != nil {
		t.Fatal(err)
	}
	p, err := NewPrinter(st, testDeps())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(func() { cancel(); p.Wait() })
	p.Start(ctx, nil)
	if err := p.Apply(printq.Settings{Port: sp.link, Baud: 38400, Profile: "epson", Width: 80}, nil); err != nil {
		t.Fatal(err)
	}
	d := sell(t, st, "TAJ-1")
	if err := st.EnqueueArtisansReport("2020-13-01", ""); pos.KeyOf(err) != "cli.bad_date" {
		t.Fatalf("bad period: %v", err)
	}
	if err := st.EnqueueArtisansReport("", ""); err != nil {
		t.Fatal(err)
	}
	p.Kick()
	select {
	case pg := <-sp.pages:
		txt := pg.Text()
		for _, want := range []string{"RAPPORT ARTISANS", "Fatima Zahra", "15 %", strings.TrimSuffix(d.Total.Format(pos.FR), " DH")} {
			if !strings.Contains(txt, want) {
				t.Errorf("%q missing from the printed report:\n%s", want, txt)
			}
		}
		if pg.Drawers != 0 {
			t.Fatal("the artisans report opened the drawer")
		}
	case <-time.After(deadline):
		t.Fatalf("nothing printed; state %+v", p.State())
	}
}

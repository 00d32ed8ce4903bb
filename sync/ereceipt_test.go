package sync_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"hanout/pos"
	tillsync "hanout/sync"
)

// End to end on 127.0.0.1: a sale on the till, its link, the sync; the
// link opens the receipt with its total and the fingerprint of the till's
// own journal entry; a wrong key is a 404.
func TestDigitalReceiptAfterSync(t *testing.T) {
	e := newEnv(t, "STAND-1")
	sale := sell(t, e.till, "TAJ", 2, nil)
	link, err := tillsync.ReceiptLink(e.till, sale)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(link, e.srv.URL+"/r/"+sale.ID+"?k=") || sale.Key == "" {
		t.Fatalf("link %q", link)
	}
	get := func(u string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", u, nil)
		req.Header.Set("Accept-Language", "fr")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	// Not synced yet: the platform does not know it.
	if code, _ := get(link); code != http.StatusNotFound {
		t.Fatalf("before sync: %d", code)
	}
	if _, err := e.sy.SyncOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	code, page := get(link)
	if code != http.StatusOK {
		t.Fatalf("after sync: %d\n%s", code, page)
	}
	fp := pos.Fingerprint(e.till.Hash(sale.Seq))
	for _, want := range []string{`id="total">` + sale.Total.Format(pos.FR) + "<", "Coopérative Tifawt", fmt.Sprintf("Ticket n° %06d", sale.Receipt),
		`id="fingerprint" dir="ltr">` + fp + "<"} {
		if !strings.Contains(page, want) {
			t.Errorf("the receipt page lacks %q", want)
		}
	}
	if len(fp) != 8 {
		t.Fatalf("till fingerprint %q", fp)
	}
	bad := []byte(sale.Key)
	bad[len(bad)-1] ^= 1
	if bad[len(bad)-1] == '-' || bad[len(bad)-1] == '_' {
		bad[len(bad)-1] = 'Q'
	}
	if code, page := get(e.srv.URL + "/r/" + sale.ID + "?k=" + string(bad)); code != http.StatusNotFound || strings.Contains(page, sale.Total.Format(pos.FR)) {
		t.Fatalf("wrong key: %d", code)
	}
}

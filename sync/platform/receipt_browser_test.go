package platform_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"hanout/pos"
)

// TestBrowserReceipt: the customer's phone opens the digital receipt in
// headless Chromium, in French and in Arabic (the phone's language), with
// screenshots; the page shows the receipt's number and total, prints to
// one page, and a wrong key is a 404.
func TestBrowserReceipt(t *testing.T) {
	f := newReceiptFix(t)
	browser, tab := startChromium(t)
	tab.call("Page.enable", nil, nil)
	tab.call("Network.enable", nil, nil)
	var ver struct{ UserAgent string }
	browser.call("Browser.getVersion", nil, &ver)
	phone := func(lang string) {
		tab.call("Network.setUserAgentOverride", map[string]any{"userAgent": ver.UserAgent, "acceptLanguage": lang}, nil)
		tab.call("Emulation.setDeviceMetricsOverride", map[string]any{"width": 390, "height": 800, "deviceScaleFactor": 1, "mobile": true}, nil)
	}
	link := f.srv.URL + receiptPath(f.sale, f.sale.Key)
	fp := pos.Fingerprint(f.chain)

	phone("fr-FR,fr;q=0.9,en;q=0.5")
	if code, _ := tab.navigate(link); code != 200 {
		t.Fatalf("french: %d", code)
	}
	if got := tab.eval(`document.getElementById('number').textContent`); got != "Ticket n° 001042" {
		t.Fatalf("number %q", got)
	}
	if got := tab.eval(`document.getElementById('total').textContent`); got != f.sale.Total.Format(pos.FR) {
		t.Fatalf("total %q, want %q", got, f.sale.Total.Format(pos.FR))
	}
	if got := tab.eval(`document.getElementById('fingerprint').textContent`); got != fp {
		t.Fatalf("fingerprint %q, want %q", got, fp)
	}
	// Readable on a phone: nothing wider than the screen.
	if w := tab.eval(`document.documentElement.scrollWidth`); w != "390" {
		t.Fatalf("the page is %s px wide on a 390 px phone", w)
	}
	tab.screenshot(t, "ereceipt-fr.png", 390, true)
	// Printable: the print stylesheet drops the buttons; one page.
	var pdf struct{ Data string }
	tab.call("Page.printToPDF", map[string]any{"paperWidth": 3.15, "paperHeight": 11.7, "marginTop": 0.2, "marginBottom": 0.2, "marginLeft": 0.1, "marginRight": 0.1}, &pdf)
	raw, err := base64.StdEncoding.DecodeString(pdf.Data)
	if err != nil || !strings.HasPrefix(string(raw), "%PDF") {
		t.Fatalf("print to PDF: %v", err)
	}
	tab.call("Emulation.setEmulatedMedia", map[string]any{"media": "print"}, nil)
	if got := tab.eval(`document.getElementById('print').getClientRects().length + ' ' + document.querySelector('nav.langs').getClientRects().length`); got != "0 0" {
		t.Fatalf("the print button or the language switch is printed: %q boxes", got)
	}
	tab.call("Emulation.setEmulatedMedia", map[string]any{"media": ""}, nil)

	// Arabic, from the phone's language: right to left.
	phone("ar-MA,ar;q=0.9,fr;q=0.5")
	if code, _ := tab.navigate(link); code != 200 {
		t.Fatalf("arabic: %d", code)
	}
	if got := tab.eval(`document.documentElement.dir + ' ' + getComputedStyle(document.querySelector('td')).direction`); got != "rtl rtl" {
		t.Fatalf("arabic direction %q", got)
	}
	if got := tab.eval(`document.getElementById('number').textContent`); got != "تذكرة رقم 001042" {
		t.Fatalf("arabic number %q", got)
	}
	if got := tab.eval(`document.getElementById('total').textContent`); got != f.sale.Total.Format(pos.AR) {
		t.Fatalf("arabic total %q, want %q", got, f.sale.Total.Format(pos.AR))
	}
	if w := tab.eval(`document.documentElement.scrollWidth`); w != "390" {
		t.Fatalf("the arabic page is %s px wide on a 390 px phone", w)
	}
	tab.screenshot(t, "ereceipt-ar.png", 390, true)

	// The switch on the page: English.
	if code, url := tab.load(func() { tab.eval(`document.querySelector('a[hreflang=en]').click(); true`) }); code != 200 || !strings.Contains(url, "lang=en") {
		t.Fatalf("switch to English: %d %s", code, url)
	}
	if got := tab.eval(`document.getElementById('number').textContent`); got != "Receipt no. 001042" {
		t.Fatalf("english number %q", got)
	}

	// A wrong key: 404, and nothing of the receipt.
	wrong := f.srv.URL + receiptPath(f.sale, strings.Repeat("A", len(f.sale.Key)))
	if code, _ := tab.navigate(wrong); code != 404 {
		t.Fatalf("wrong key: %d", code)
	}
	if body := tab.eval(`document.body.textContent`); strings.Contains(body, "001042") || strings.Contains(body, f.m1.Name) {
		t.Fatalf("the 404 shows the receipt: %q", body)
	}
	tab.screenshot(t, "ereceipt-404-ar.png", 390, true)
}

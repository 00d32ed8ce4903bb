package platform_test

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/websocket"

	"hanout/pos"
	"hanout/pos/export"
)

// The browser tests drive Debian's headless Chromium over the Chrome
// DevTools protocol (a websocket on 127.0.0.1): the pages are loaded,
// the forms filled and the buttons clicked by the browser itself.
//
// Screenshots go to /tmp/t17/ and, when HANOUT_SCREENSHOTS names a
// folder (make screenshots-platform), there too.

// cdp is one DevTools websocket: calls wait for their answer, events
// are queued for waitEvent.
type cdp struct {
	t       testing.TB
	ws      *websocket.Conn
	mu      sync.Mutex
	id      int
	pending map[int]chan cdpMsg
	events  chan cdpMsg
	done    chan struct{}
}

type cdpMsg struct {
	ID     int             `json:"id,omitempty"`
	Method string          `json:"method,omitempty"`
	Params json.RawMessage `json:"params,omitempty"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  *struct {
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

func dialCDP(t testing.TB, url string) *cdp {
	t.Helper()
	cfg, err := websocket.NewConfig(url, "http://127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	ws, err := websocket.DialConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ws.MaxPayloadBytes = 64 << 20
	c := &cdp{t: t, ws: ws, pending: map[int]chan cdpMsg{}, events: make(chan cdpMsg, 4096), done: make(chan struct{})}
	go func() {
		defer close(c.done)
		for {
			var m cdpMsg
			if err := websocket.JSON.Receive(ws, &m); err != nil {
				return
			}
			if m.ID != 0 {
				c.mu.Lock()
				ch := c.pending[m.ID]
				delete(c.pending, m.ID)
				c.mu.Unlock()
				if ch != nil {
					ch <- m
				}
				continue
			}
			select {
			case c.events <- m:
			default: // nobody waits for that many events
			}
		}
	}()
	t.Cleanup(func() { ws.Close(); <-c.done })
	return c
}

const cdpTimeout = 30 * time.Second

func (c *cdp) call(method string, params any, result any) {
	c.t.Helper()
	c.mu.Lock()
	c.id++
	id := c.id
	ch := make(chan cdpMsg, 1)
	c.pending[id] = ch
	c.mu.Unlock()
	if params == nil {
		params = struct{}{}
	}
	if err := websocket.JSON.Send(c.ws, map[string]any{"id": id, "method": method, "params": params}); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
	select {
	case m := <-ch:
		if m.Error != nil {
			c.t.Fatalf("%s: %s", method, m.Error.Message)
		}
		if result != nil {
			if err := json.Unmarshal(m.Result, result); err != nil {
				c.t.Fatalf("%s: %v", method, err)
			}
		}
	case <-time.After(cdpTimeout):
		c.t.Fatalf("%s: no answer in %v", method, cdpTimeout)
	}
}

// waitEvent returns the first queued event called method for which ok
// holds (nil: any); others are dropped.
func (c *cdp) waitEvent(method string, ok func(json.RawMessage) bool) json.RawMessage {
	c.t.Helper()
	deadline := time.After(cdpTimeout)
	for {
		select {
		case m := <-c.events:
			if m.Method == method && (ok == nil || ok(m.Params)) {
				return m.Params
			}
		case <-deadline:
			c.t.Fatalf("no %s in %v", method, cdpTimeout)
		}
	}
}

func (c *cdp) drain() {
	for {
		select {
		case <-c.events:
		default:
			return
		}
	}
}

// eval evaluates a JavaScript expression in the page and returns its
// value as a string.
func (c *cdp) eval(expr string) string {
	c.t.Helper()
	var r struct {
		Result struct {
			Value any `json:"value"`
		} `json:"result"`
		Exception *struct {
			Text string `json:"text"`
		} `json:"exceptionDetails"`
	}
	c.call("Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true}, &r)
	if r.Exception != nil {
		c.t.Fatalf("%s: %s", expr, r.Exception.Text)
	}
	return fmt.Sprint(r.Result.Value)
}

// load runs act (a navigation or a click) and waits for the document it
// leads to (after any redirect) to load: its HTTP status and URL.
func (c *cdp) load(act func()) (int, string) {
	c.t.Helper()
	c.drain()
	act()
	var resp struct {
		Type     string `json:"type"`
		Response struct {
			Status int    `json:"status"`
			URL    string `json:"url"`
		} `json:"response"`
	}
	c.waitEvent("Network.responseReceived", func(p json.RawMessage) bool {
		return json.Unmarshal(p, &resp) == nil && resp.Type == "Document"
	})
	c.waitEvent("Page.loadEventFired", nil)
	return resp.Response.Status, resp.Response.URL
}

func (c *cdp) navigate(url string) (int, string) {
	return c.load(func() { c.call("Page.navigate", map[string]any{"url": url}, nil) })
}

// screenshot saves the whole page as a PNG at width × the page's height.
func (c *cdp) screenshot(t *testing.T, name string, width int, mobile bool) {
	t.Helper()
	c.call("Emulation.setDeviceMetricsOverride", map[string]any{"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": mobile}, nil)
	var m struct {
		Content struct{ Width, Height float64 } `json:"cssContentSize"`
	}
	c.call("Page.getLayoutMetrics", nil, &m)
	var shot struct{ Data string }
	c.call("Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true,
		"clip": map[string]any{"x": 0, "y": 0, "width": width, "height": m.Content.Height, "scale": 1}}, &shot)
	png, err := base64.StdEncoding.DecodeString(shot.Data)
	if err != nil {
		t.Fatal(err)
	}
	dirs := []string{"/tmp/t17"}
	if d := os.Getenv("HANOUT_SCREENSHOTS"); d != "" {
		dirs = append(dirs, d)
	}
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

var devtoolsRE = regexp.MustCompile(`DevTools listening on (ws://\S+)`)

// startChromium starts a headless Chromium with a fresh profile and
// returns its browser and first page DevTools connections.
func startChromium(t *testing.T) (*cdp, *cdp) {
	t.Helper()
	bin, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed (make deps installs Debian's chromium)")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
		"--user-data-dir="+t.TempDir(), "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
		"--remote-allow-origins=http://127.0.0.1", "--lang=fr", "about:blank")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatal(err)
	}
	found := make(chan string, 1)
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := devtoolsRE.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case found <- m[1]:
				default:
				}
			}
		}
	}()
	t.Cleanup(func() { cancel(); <-drained; cmd.Wait() })
	var url string
	select {
	case url = <-found:
	case <-time.After(cdpTimeout):
		t.Fatal("chromium did not open its DevTools port")
	}
	host := strings.TrimPrefix(url, "ws://")
	host = host[:strings.Index(host, "/")]
	res, err := http.Get("http://" + host + "/json/list")
	if err != nil {
		t.Fatal(err)
	}
	var targets []struct{ Type, WebSocketDebuggerURL string }
	json.NewDecoder(res.Body).Decode(&targets)
	res.Body.Close()
	for _, tg := range targets {
		if tg.Type == "page" {
			return dialCDP(t, url), dialCDP(t, tg.WebSocketDebuggerURL)
		}
	}
	t.Fatalf("no page among %+v", targets)
	return nil, nil
}

// TestBrowser: a merchant's manager logs in through the form, sees the
// day's sales and a chart, downloads the CSV; another merchant's manager
// gets 404 on the first one's pages; screenshots in French and Arabic,
// and the programme's page as the admin.
func TestBrowser(t *testing.T) {
	f := newWebFix(t, false)
	browser, tab := startChromium(t)
	tab.call("Page.enable", nil, nil)
	tab.call("Network.enable", nil, nil)
	var ver struct{ UserAgent string }
	browser.call("Browser.getVersion", nil, &ver)
	tab.call("Network.setUserAgentOverride", map[string]any{"userAgent": ver.UserAgent, "acceptLanguage": "fr-MA,fr;q=0.9,ar;q=0.8"}, nil)
	base := f.srv.URL
	mine := "/m/" + f.m1.ID

	// Without a session: the login page.
	if code, url := tab.navigate(base + mine); code != 200 || url != base+"/login" {
		t.Fatalf("without a session: %d %s", code, url)
	}
	login := func(email, password string) (int, string) {
		return tab.load(func() {
			tab.eval(fmt.Sprintf(`document.querySelector('[name=email]').value = %q;
				document.querySelector('[name=password]').value = %q;
				document.querySelector('form.login button').click(); true`, email, password))
		})
	}
	if code, url := login(f.u1.Email, webPassword); code != 200 || url != base+mine {
		t.Fatalf("login: %d %s", code, url)
	}
	docs, _ := f.st.Documents(f.m1.ID, webNow.Truncate(24*time.Hour), webNow.Add(24*time.Hour))
	var net pos.Money
	for _, d := range docs {
		net += d.Total
	}
	if got := tab.eval(`document.getElementById('net').textContent`); got != net.Format(pos.FR) {
		t.Fatalf("the day's net sales read %q, want %q", got, net.Format(pos.FR))
	}
	if got := tab.eval(`document.getElementById('sales').textContent`); got != fmt.Sprint(len(docs)) {
		t.Fatalf("the day's sales read %q, want %d", got, len(docs))
	}
	// The per-day chart is drawn, with today's amount in its text.
	chart := tab.eval(`(function(){ var s = document.querySelectorAll('svg.chart'); return s.length + '|' + s[0].getBoundingClientRect().width + '|' + s[0].textContent })()`)
	parts := strings.SplitN(chart, "|", 3)
	if parts[0] < "3" || parts[1] == "0" || !strings.Contains(parts[2], net.Format(pos.FR)) {
		t.Fatalf("charts: %q", chart)
	}
	tab.screenshot(t, "platform-merchant-fr.png", 412, true)

	// Download the sales CSV by clicking its link.
	dl := t.TempDir()
	browser.call("Browser.setDownloadBehavior", map[string]any{"behavior": "allowAndName", "downloadPath": dl, "eventsEnabled": true}, nil)
	browser.drain()
	tab.eval(`document.querySelector('a[href*="sales.csv"]').click(); true`)
	var guid string
	browser.waitEvent("Browser.downloadProgress", func(p json.RawMessage) bool {
		var e struct{ GUID, State string }
		json.Unmarshal(p, &e)
		guid = e.GUID
		return e.State == "completed"
	})
	csvBytes, err := os.ReadFile(filepath.Join(dl, guid))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(csvBytes)), "\n")
	if lines[0] != strings.Join(export.Header, ",") || len(lines)-1 != len(docs) {
		t.Fatalf("downloaded CSV: %d lines, header %q; want %d sales", len(lines)-1, lines[0], len(docs))
	}

	// In Arabic: right to left.
	if code, _ := tab.navigate(base + mine + "?lang=ar"); code != 200 {
		t.Fatalf("arabic: %d", code)
	}
	if dir := tab.eval(`document.documentElement.dir + ' ' + getComputedStyle(document.querySelector('td')).direction`); dir != "rtl rtl" {
		t.Fatalf("arabic page direction: %q", dir)
	}
	if got := tab.eval(`document.getElementById('net').textContent`); got != net.Format(pos.AR) {
		t.Fatalf("arabic net %q, want %q", got, net.Format(pos.AR))
	}
	tab.screenshot(t, "platform-merchant-ar.png", 412, true)
	tab.navigate(base + mine + "?lang=fr")

	// Log out with the button, then in as the other merchant's manager.
	if code, url := tab.load(func() { tab.eval(`document.querySelector('header form button').click(); true`) }); code != 200 || url != base+"/login" {
		t.Fatalf("logout: %d %s", code, url)
	}
	if code, url := login(f.u2.Email, webPassword); code != 200 || url != base+"/m/"+f.m2.ID {
		t.Fatalf("the other manager's login: %d %s", code, url)
	}
	for _, p := range []string{mine, mine + "?from=2026-11-01&to=2026-11-28", mine + "/sales.csv", mine + "/days.csv"} {
		code, _ := tab.navigate(base + p)
		if code != 404 {
			t.Errorf("%s for the other merchant's manager: %d", p, code)
		}
		if body := tab.eval(`document.body.textContent`); strings.Contains(body, f.m1.Name) || strings.Contains(body, "TAJ-01") {
			t.Errorf("%s shows the first merchant's data", p)
		}
	}

	// The admin sees the programme.
	tab.navigate(base + "/m/" + f.m2.ID)
	tab.load(func() { tab.eval(`document.querySelector('header form button').click(); true`) })
	if code, url := login("admin", "adm-token-xyz"); code != 200 || url != base+"/" {
		t.Fatalf("admin login: %d %s", code, url)
	}
	if n := tab.eval(`document.querySelectorAll('svg.chart').length`); n < "4" {
		t.Fatalf("programme charts: %s", n)
	}
	tab.screenshot(t, "platform-programme.png", 1024, false)
	tab.navigate(base + "/?lang=ar")
	tab.screenshot(t, "platform-programme-ar.png", 1024, false)
}

// Package sync is the till's side of the sync with the national platform:
// enrollment, a background loop that pushes the outbox and pulls the
// platform's changes, the status the till's status bar shows, and the
// platform-backed QR payment status.
//
// Import it under another name (tillsync "hanout/sync"): it shares its name
// with the standard library package.
package sync

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"hanout/pos"
	"hanout/pos/store"
	"hanout/sync/wire"
)

// SettingsKey is the till setting holding the enrollment.
const SettingsKey = "sync"

// Settings is the till's enrollment, stored in the till's database (so a
// sign-out or an upgrade keeps it with the outbox).
type Settings struct {
	Platform     string `json:"platform"` // https://host:port
	Merchant     string `json:"merchant"`
	MerchantName string `json:"merchant_name"`
	Terminal     string `json:"terminal"` // the platform's terminal id
	Name         string `json:"name"`
	Token        string `json:"token"`
	// CA is the platform's CA certificate (PEM). When set, it is the only
	// root trusted for the platform: the CA is pinned.
	CA string `json:"ca,omitempty"`
}

// LoadSettings reads the enrollment; ok is false before enrollment.
func LoadSettings(st *store.Store) (s Settings, ok bool, err error) {
	ok, err = st.Setting(SettingsKey, &s)
	return s, ok && s.Token != "", err
}

// Client speaks /v1 to the platform.
type Client struct {
	base     *url.URL
	merchant string
	token    string
	http     *http.Client
}

// Transport, when set, is used for every client (tests put a proxy or a
// byte counter here).
var Transport http.RoundTripper

func httpClient(platform, caPEM string) (*http.Client, *url.URL, error) {
	u, err := url.Parse(strings.TrimRight(platform, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, nil, pos.Errorf("sync.bad_url", platform)
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DisableCompression = true // bodies are gzip-encoded by us, both ways
	tr.ResponseHeaderTimeout = 60 * time.Second
	if caPEM != "" {
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM([]byte(caPEM)) {
			return nil, nil, pos.Errorf("sync.bad_ca", "settings")
		}
		tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	var rt http.RoundTripper = tr
	if Transport != nil {
		rt = Transport
	}
	return &http.Client{Transport: rt, Timeout: 2 * time.Minute}, u, nil
}

// NewClient returns a client for an enrolled till.
func NewClient(s Settings) (*Client, error) {
	hc, u, err := httpClient(s.Platform, s.CA)
	if err != nil {
		return nil, err
	}
	return &Client{base: u, merchant: s.Merchant, token: s.Token, http: hc}, nil
}

// Enroll exchanges a one-time code for the till's credentials and stores
// them in the till's settings.
func Enroll(ctx context.Context, st *store.Store, platform, code, caPEM string) (Settings, error) {
	hc, u, err := httpClient(platform, caPEM)
	if err != nil {
		return Settings{}, err
	}
	c := &Client{base: u, http: hc}
	var resp wire.EnrollResponse
	req := wire.EnrollRequest{V: wire.Version, Code: strings.TrimSpace(code), Till: st.Terminal(),
		Committed: st.Counters().Seq, Receipts: st.Counters().Receipt, Install: st.InstallID()}
	if err := c.do(ctx, http.MethodPost, "/v1/enroll", req, &resp); err != nil {
		switch pos.KeyOf(err) {
		case "sync.forbidden":
			return Settings{}, pos.Wrap(err, "sync.code_used")
		case "sync.conflict":
			return Settings{}, pos.Wrap(err, "sync.identity_taken", req.Till)
		}
		return Settings{}, err
	}
	if resp.Till == "" {
		return Settings{}, pos.Wrap(errors.New("enrollment answer without till identity"), "sync.platform_error", "bad answer")
	}
	s := Settings{Platform: u.String(), Merchant: resp.Merchant, MerchantName: resp.MerchantName,
		Terminal: resp.Terminal, Name: resp.Name, Token: resp.Token, CA: caPEM}
	// From now on the till is the terminal the platform says, numbering
	// receipts after the last one the platform holds for it.
	if err := st.Adopt(resp.Till, resp.LastReceipt, SettingsKey, s); err != nil {
		return Settings{}, err
	}
	return s, nil
}

// Retryable reports whether err is worth retrying later as is: the network
// or the platform failed, not the request.
func Retryable(err error) bool {
	switch pos.KeyOf(err) {
	case "sync.offline", "sync.platform_error", "sync.no_progress":
		return true
	}
	return false
}

func (c *Client) path(p string) string { return "/v1/merchants/" + url.PathEscape(c.merchant) + p }

// do sends in (gzip JSON, or nothing for GET) and decodes the answer into
// out. Errors are *pos.Error: sync.offline (no answer), sync.platform_error
// (5xx), sync.unauthorized (401), sync.revoked (401 for a revoked token),
// sync.forbidden (403), sync.conflict (409), sync.too_many (429),
// sync.rejected (other 4xx, with the platform's message).
func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	var body []byte
	if in != nil {
		var err error
		if body, err = wire.Gzip(in); err != nil {
			return err
		}
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base.String()+path, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("sync: request: %w", err)
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Content-Encoding", "gzip")
	}
	req.Header.Set("Accept-Encoding", "gzip")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return pos.Wrap(err, "sync.offline", c.base.Host)
	}
	defer resp.Body.Close()
	raw, rerr := wire.ReadBody(resp.Body, resp.Header.Get("Content-Encoding"))
	if resp.StatusCode >= 500 {
		return pos.Wrap(fmt.Errorf("HTTP %d", resp.StatusCode), "sync.platform_error", resp.StatusCode)
	}
	if rerr != nil {
		return pos.Wrap(rerr, "sync.offline", c.base.Host) // cut mid-answer
	}
	if resp.StatusCode != http.StatusOK {
		var e wire.ErrorResponse
		json.Unmarshal(raw, &e)
		msg := e.Msg
		if msg == "" {
			msg = strings.TrimSpace(string(raw))
		}
		cause := fmt.Errorf("HTTP %d %s: %s", resp.StatusCode, e.Error, msg)
		switch resp.StatusCode {
		case http.StatusUnauthorized:
			if e.Error == "revoked" {
				return pos.Wrap(cause, "sync.revoked")
			}
			return pos.Wrap(cause, "sync.unauthorized")
		case http.StatusForbidden:
			return pos.Wrap(cause, "sync.forbidden", msg)
		case http.StatusConflict:
			return pos.Wrap(cause, "sync.conflict", msg)
		case http.StatusTooManyRequests:
			return pos.Wrap(cause, "sync.too_many")
		}
		return pos.Wrap(cause, "sync.rejected", msg)
	}
	if err := wire.Decode(raw, out); err != nil {
		return pos.Wrap(err, "sync.platform_error", "bad answer")
	}
	return nil
}

// Push sends a batch of documents.
func (c *Client) Push(ctx context.Context, req wire.PushRequest) (resp wire.PushResponse, err error) {
	req.V = wire.Version
	err = c.do(ctx, http.MethodPost, c.path("/documents"), req, &resp)
	return resp, err
}

// Products pushes till edits of the catalogue.
func (c *Client) Products(ctx context.Context, edits []wire.ProductEdit) (resp wire.ProductsResponse, err error) {
	err = c.do(ctx, http.MethodPost, c.path("/products"), wire.ProductsRequest{V: wire.Version, Edits: edits}, &resp)
	return resp, err
}

// Pull fetches a page of changes after since; backlog tells the platform
// the till's unsynced count.
func (c *Client) Pull(ctx context.Context, since, backlog uint64) (resp wire.PullResponse, err error) {
	q := url.Values{"since": {strconv.FormatUint(since, 10)}, "backlog": {strconv.FormatUint(backlog, 10)}}
	err = c.do(ctx, http.MethodGet, c.path("/changes?"+q.Encode()), nil, &resp)
	return resp, err
}

// Catalog fetches the merchant's catalogue with the platform's stock.
func (c *Client) Catalog(ctx context.Context) (resp wire.CatalogResponse, err error) {
	err = c.do(ctx, http.MethodGet, c.path("/catalog"), nil, &resp)
	return resp, err
}

// Payment asks the state of a QR payment reference.
func (c *Client) Payment(ctx context.Context, ref string) (resp wire.PaymentResponse, err error) {
	if ref == "" {
		return resp, errors.New("sync: empty reference")
	}
	err = c.do(ctx, http.MethodGet, c.path("/payments/"+url.PathEscape(ref)), nil, &resp)
	return resp, err
}

// Anchors fetches a page of this terminal's chain as the platform
// recorded it, from journal entry from on.
func (c *Client) Anchors(ctx context.Context, from uint64) (resp wire.AnchorsResponse, err error) {
	q := url.Values{"from": {strconv.FormatUint(from, 10)}}
	err = c.do(ctx, http.MethodGet, c.path("/anchors?"+q.Encode()), nil, &resp)
	return resp, err
}

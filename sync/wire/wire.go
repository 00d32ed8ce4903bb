// Package wire is the sync protocol between a till and the platform: the
// request and response bodies of /v1, and how they travel (JSON, gzip,
// size limits, the acquirer's HMAC signature). Both ends import it, so a
// field renamed on one side is renamed on the other.
package wire

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	gosync "sync"
	"time"

	kgzip "github.com/klauspost/compress/gzip"

	"hanout/pos"
)

// Version is the protocol version, in every path (/v1/…) and body ("v").
const Version = 1

// Limits. A request larger than MaxBody on the wire, or larger than
// MaxInflated once decompressed, is refused with 413 before anything is
// stored; a push carries at most MaxBatch documents.
const (
	MaxBody     = 4 << 20
	MaxInflated = 16 << 20
	// MaxSmall bounds the unauthenticated endpoints (enroll, notify): on
	// the wire and once inflated.
	MaxSmall = 64 << 10
	MaxBatch = 1000
	MaxPull  = 1000
)

// Headers.
const (
	// HeaderSignature carries the acquirer's "sha256=<hex HMAC-SHA256 of
	// the raw body>".
	HeaderSignature = "X-Hanout-Signature"
)

// EnrollRequest exchanges a one-time code for a terminal token.
type EnrollRequest struct {
	V    int    `json:"v"`
	Code string `json:"code"`
	// Till is the till store's terminal id so far. When Committed > 0
	// (the till already has documents carrying it) the platform keeps it
	// as an alias of the terminal, refusing with 409 an id another
	// terminal of the merchant has; otherwise it is ignored.
	Till      string `json:"till"`
	Committed uint64 `json:"committed,omitempty"`
	// Receipts is the till's last receipt number (0: none yet).
	Receipts uint64 `json:"receipts,omitempty"`
	// Install is the till's install id: its QR references start with it
	// and "-", and only those references are this terminal's.
	Install string `json:"install"`
}

// EnrollResponse is the terminal's credentials. Token is shown once; the
// platform keeps only its hash.
type EnrollResponse struct {
	Merchant     string `json:"merchant"`
	MerchantName string `json:"merchant_name"`
	Terminal     string `json:"terminal"`
	Name         string `json:"name"`
	Token        string `json:"token"`
	// Till is the identity the till takes for its documents from now on
	// (the terminal's name), and LastReceipt the highest receipt number
	// the platform holds for the terminal: the till numbers on after it.
	Till        string `json:"till"`
	LastReceipt uint64 `json:"last_receipt"`
}

// PushRequest carries documents in journal order, each in the till's
// canonical bytes. Unsynced is the till's outbox size before this batch.
// Chain[i] is the journal chain link of Docs[i]: the platform recomputes
// Hash from Prev and the document's bytes and checks that it continues the
// terminal's chain as the platform knows it.
type PushRequest struct {
	V        int               `json:"v"`
	Unsynced uint64            `json:"unsynced"`
	Docs     []json.RawMessage `json:"docs"`
	Chain    []Link            `json:"chain"`
}

// Link is a journal entry's chain hash and the previous entry's, in hex.
type Link struct {
	Hash string `json:"hash"`
	Prev string `json:"prev"`
}

// PushResponse answers each document: by id in Acked when it is stored on
// the platform (now or earlier: the till may forget it), or in Rejected
// with a code and a reason (the till keeps it in quarantine).
type PushResponse struct {
	Acked      []string    `json:"acked"`
	Rejected   []Rejection `json:"rejected,omitempty"`
	Stored     int         `json:"stored"`
	Duplicates int         `json:"duplicates"`
	Oversells  []Oversell  `json:"oversells,omitempty"`
}

// AppendJSON appends r's JSON to b: the bytes json.Marshal(r) gives,
// without its reflection (a push's answer carries an id a document).
func (r *PushResponse) AppendJSON(b []byte) []byte {
	b = append(b, `{"acked":`...)
	if r.Acked == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, id := range r.Acked {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, id)
		}
		b = append(b, ']')
	}
	if len(r.Rejected) > 0 {
		b = append(b, `,"rejected":[`...)
		for i, x := range r.Rejected {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"index":`...)
			b = strconv.AppendInt(b, int64(x.Index), 10)
			if x.ID != "" {
				b = append(b, `,"id":`...)
				b = appendString(b, x.ID)
			}
			if x.Seq != 0 {
				b = append(b, `,"seq":`...)
				b = strconv.AppendUint(b, x.Seq, 10)
			}
			b = append(b, `,"code":`...)
			b = appendString(b, x.Code)
			b = append(b, `,"reason":`...)
			b = appendString(b, x.Reason)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, `,"stored":`...)
	b = strconv.AppendInt(b, int64(r.Stored), 10)
	b = append(b, `,"duplicates":`...)
	b = strconv.AppendInt(b, int64(r.Duplicates), 10)
	if len(r.Oversells) > 0 { // rare: encoding/json writes them
		o, _ := json.Marshal(r.Oversells)
		b = append(b, `,"oversells":`...)
		b = append(b, o...)
	}
	return append(b, '}')
}

// appendString appends s as encoding/json writes a string: as it is
// between quotes when every byte is printable ASCII that it does not
// escape, otherwise by encoding/json itself.
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if !asIs[s[i]] {
			q, _ := json.Marshal(s)
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// asIs are the bytes encoding/json writes in a string as they are.
var asIs = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// Rejection codes.
const (
	RejectInvalid   = "invalid"   // the document breaks a rule of the platform
	RejectForbidden = "forbidden" // it belongs to another terminal
	RejectFork      = "fork"      // it does not continue the terminal's chain
)

// Rejection is a document the platform refused, for good: pushing the same
// bytes again gets the same answer.
type Rejection struct {
	Index  int    `json:"index"` // position in the pushed batch
	ID     string `json:"id,omitempty"`
	Seq    uint64 `json:"seq,omitempty"`
	Code   string `json:"code"`
	Reason string `json:"reason"`
}

// Anchor is one journal entry's chain hash as the platform recorded it.
type Anchor struct {
	Seq   uint64 `json:"seq"`
	Hash  string `json:"hash"`
	State string `json:"state"` // ok, rejected or fork
}

// AnchorsResponse is a page of the terminal's own chain, from the seq asked.
type AnchorsResponse struct {
	Anchors []Anchor `json:"anchors"`
	More    bool     `json:"more"`
}

// ProductEdit is a product the till changed since it last synced it. Base
// is the platform revision the till's copy started from (0: new on the
// till). StockSeq is the till's journal position when Stock was read: the
// platform counts the stock of sales up to it as already in Stock.
type ProductEdit struct {
	Product  pos.Product `json:"product"`
	Base     uint64      `json:"base"`
	StockSeq uint64      `json:"stock_seq"`
}

// ProductsRequest pushes till edits of the catalogue.
type ProductsRequest struct {
	V     int           `json:"v"`
	Edits []ProductEdit `json:"edits"`
}

// ProductResult tells the till which version won and at what revision.
type ProductResult struct {
	SKU     string      `json:"sku"`
	Rev     uint64      `json:"rev"`
	Winner  string      `json:"winner"` // "till" or "platform"
	Product pos.Product `json:"product"`
	// Conflict is true when both sides had edited the product: the later
	// edit won and the loser is kept in the conflict record.
	Conflict bool `json:"conflict,omitempty"`
}

// ProductsResponse answers a ProductsRequest, one result per edit.
type ProductsResponse struct {
	Results []ProductResult `json:"results"`
}

// Change kinds in the pull feed.
const (
	ChangeProduct  = "product"  // catalogue or price set centrally
	ChangeStock    = "stock"    // a stock delta from elsewhere
	ChangeCheck    = "check"    // the truth about an unverified QR tender
	ChangeOversell = "oversell" // a unique piece sold twice
	ChangeConflict = "conflict" // a product edited on both sides
)

// Change is one entry of a merchant's feed, in platform order.
type Change struct {
	Seq  uint64 `json:"seq"`
	Kind string `json:"kind"`
	SKU  string `json:"sku,omitempty"`
	// product: the product and its platform revision. Stock is the
	// platform's stock at this point of the feed; a till that did not have
	// the product takes it, a till that had it keeps counting by deltas.
	Product *pos.Product `json:"product,omitempty"`
	Rev     uint64       `json:"rev,omitempty"`
	// stock: Delta is added to the stock; Origin is the terminal whose
	// sale caused it ("" for the platform or the online shop), and tills
	// skip their own.
	Delta  int64  `json:"delta,omitempty"`
	Origin string `json:"origin,omitempty"`
	Ref    string `json:"ref,omitempty"`
	// check: settles tender Tender of sale Sale.
	Check *pos.TenderCheck `json:"check,omitempty"`
	// record: the latest version of a master record (records.go).
	Record *Record `json:"record,omitempty"`
	// oversell and conflict: what happened, for the manager.
	Detail string    `json:"detail,omitempty"`
	Time   time.Time `json:"time"`
}

// PullResponse is a page of the feed after the cursor the till sent.
type PullResponse struct {
	Cursor  uint64   `json:"cursor"`
	More    bool     `json:"more"`
	Changes []Change `json:"changes"`
}

// Oversell is a unique piece sold more than once.
type Oversell struct {
	SKU    string    `json:"sku"`
	Name   string    `json:"name"`
	Stock  int64     `json:"stock"`
	Sales  []string  `json:"sales"` // document ids or online references
	Time   time.Time `json:"time"`
	Origin string    `json:"origin"`
}

// CatalogItem is a product with the platform's stock and revision.
type CatalogItem struct {
	Product pos.Product `json:"product"`
	Rev     uint64      `json:"rev"`
}

// CatalogResponse is the merchant's catalogue and stock.
type CatalogResponse struct {
	Products []CatalogItem `json:"products"`
}

// Payment states.
const (
	PaymentPending = "pending" // the platform has not heard from the acquirer
	PaymentPaid    = "paid"
	PaymentRefused = "refused"
)

// PaymentResponse is the state of a QR payment reference.
type PaymentResponse struct {
	Ref    string    `json:"ref"`
	State  string    `json:"state"`
	Amount pos.Money `json:"amount,omitempty"`
	Time   time.Time `json:"time,omitzero"`
}

// Notice is what the acquirer posts when a QR reference is paid (or
// refused), signed with HMAC-SHA256 in HeaderSignature over the exact
// bytes of the body as sent (compressed, if Content-Encoding is gzip).
// Account is the merchant account id the acquirer issued the merchant.
type Notice struct {
	V       int       `json:"v"`
	Account string    `json:"account"`
	Ref     string    `json:"ref"`
	Amount  pos.Money `json:"amount"`
	Status  string    `json:"status"` // paid or refused
	Time    time.Time `json:"time"`
}

// ErrorResponse is the body of every 4xx/5xx answer.
type ErrorResponse struct {
	Error string `json:"error"` // machine code: bad_request, unauthorized, …
	Msg   string `json:"message"`
}

// Sign returns the HeaderSignature value for body under secret.
func Sign(secret, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify reports whether sig is body's signature under secret, in constant
// time.
func Verify(secret, body []byte, sig string) bool {
	got, ok := strings.CutPrefix(sig, "sha256=")
	if !ok || len(secret) == 0 {
		return false
	}
	raw, err := hex.DecodeString(got)
	if err != nil {
		return false
	}
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return hmac.Equal(raw, m.Sum(nil))
}

// Gzip compresses v's JSON.
func Gzip(v any) ([]byte, error) {
	var buf bytes.Buffer
	zw := gzipPool.Get().(*kgzip.Writer)
	defer gzipPool.Put(zw)
	zw.Reset(&buf)
	if err := json.NewEncoder(zw).Encode(v); err != nil {
		return nil, fmt.Errorf("wire: encode: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("wire: gzip: %w", err)
	}
	return buf.Bytes(), nil
}

// Errors of ReadBody.
var (
	ErrTooLarge = errors.New("body too large")
	ErrEncoding = errors.New("unsupported content encoding")
)

// ReadBody reads a request or response body, decompressing it when
// encoding is "gzip", refusing more than MaxBody on the wire or
// MaxInflated once inflated.
func ReadBody(r io.Reader, encoding string) ([]byte, error) {
	raw, err := ReadRaw(r, MaxBody)
	if err != nil {
		return nil, err
	}
	return Inflate(raw, encoding, MaxInflated)
}

// ReadRaw reads at most max bytes of a body as received (ErrTooLarge
// beyond), without decompressing it: what a signature covers.
func ReadRaw(r io.Reader, max int) ([]byte, error) {
	return ReadRawSized(r, max, -1)
}

// ReadRawSized is ReadRaw of a body that announces its size (an HTTP
// request's ContentLength; -1 when unknown): the buffer starts at that
// size when it is within max, instead of growing from 512 bytes as the
// body arrives. Only a caller that already knows who sends the body
// should pass a size: an unknown caller's claim would take memory before
// its bytes came.
func ReadRawSized(r io.Reader, max int, size int64) ([]byte, error) {
	var raw []byte
	var err error
	if size > 0 && size <= int64(max) {
		buf := bytes.NewBuffer(make([]byte, 0, int(size)+bytes.MinRead))
		_, err = buf.ReadFrom(io.LimitReader(r, int64(max)+1))
		raw = buf.Bytes()
	} else {
		raw, err = io.ReadAll(io.LimitReader(r, int64(max)+1))
	}
	if err != nil {
		return nil, fmt.Errorf("wire: read: %w", err)
	}
	if len(raw) > max {
		return nil, ErrTooLarge
	}
	return raw, nil
}

// gunzipPool keeps gzip readers (their window and tables) between bodies.
var gunzipPool gosync.Pool

// Inflate decodes raw per its Content-Encoding, refusing more than max
// bytes once inflated (ErrTooLarge) without ever holding more.
func Inflate(raw []byte, encoding string, max int) ([]byte, error) {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "", "identity":
		if len(raw) > max {
			return nil, ErrTooLarge
		}
		return raw, nil
	case "gzip":
		zr, _ := gunzipPool.Get().(*kgzip.Reader)
		var err error
		if zr == nil {
			zr, err = kgzip.NewReader(bytes.NewReader(raw))
		} else {
			err = zr.Reset(bytes.NewReader(raw))
		}
		if err != nil {
			return nil, fmt.Errorf("wire: gzip: %w", err)
		}
		defer gunzipPool.Put(zr)
		// The buffer starts at the size the gzip trailer announces, when
		// that is believable (at most 64 times the compressed size, and
		// the limit), so a large body is not copied as it grows.
		var buf bytes.Buffer
		if n := len(raw); n >= 4 {
			size := int(binary.LittleEndian.Uint32(raw[n-4:]))
			buf.Grow(min(size, 64*n, max) + bytes.MinRead)
		}
		if _, err := buf.ReadFrom(io.LimitReader(zr, int64(max)+1)); err != nil {
			return nil, fmt.Errorf("wire: gzip: %w", err)
		}
		if buf.Len() > max {
			return nil, ErrTooLarge
		}
		return buf.Bytes(), nil
	}
	return nil, ErrEncoding
}

// Decode parses body strictly into v: one JSON value, nothing after it.
func Decode(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("wire: json: %w", err)
	}
	if dec.More() {
		return errors.New("wire: json: trailing data after the body")
	}
	return nil
}

// WriteJSON answers with v as JSON, gzip-compressed when the client
// accepts it and the body is worth it (MinGzip bytes or more): a gzip
// writer costs hundreds of KiB, which no small answer, and no error to an
// unauthenticated caller, may cost. Writers are pooled.
func WriteJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	b, _ := json.Marshal(v)
	WriteEncoded(w, r, status, append(b, '\n'))
}

// WriteEncoded is WriteJSON of a body already encoded (with its newline),
// as PushResponse.AppendJSON writes one.
func WriteEncoded(w http.ResponseWriter, r *http.Request, status int, b []byte) {
	w.Header().Set("Content-Type", "application/json")
	if len(b) >= MinGzip && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		zw := gzipPool.Get().(*kgzip.Writer)
		defer gzipPool.Put(zw)
		var buf bytes.Buffer
		zw.Reset(&buf)
		zw.Write(b)
		if zw.Close() == nil {
			w.Header().Set("Content-Encoding", "gzip")
			w.Header().Set("Vary", "Accept-Encoding")
			w.WriteHeader(status)
			w.Write(buf.Bytes())
			return
		}
	}
	w.WriteHeader(status)
	w.Write(b)
}

// MinGzip is the smallest answer WriteJSON compresses.
const MinGzip = 1024

var gzipPool = gosync.Pool{New: func() any {
	zw, _ := kgzip.NewWriterLevel(io.Discard, kgzip.BestSpeed)
	return zw
}}

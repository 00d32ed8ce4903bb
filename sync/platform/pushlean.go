package platform

import (
	"bytes"
	"encoding/binary"
	"strings"
	"unicode/utf8"

	"hanout/pos"
	"hanout/sync/wire"
)

// The lean read of a push: a hand-written scanner for the JSON the tills
// write (encoding/json's output for a wire.PushRequest of pos.Documents),
// which fills the same documents encoding/json would, in one pass and
// with few allocations. It takes only a strict subset of JSON and stands
// aside (ok false) at anything else, leaving the body to the other paths:
//
//   - objects whose keys are the fields' exact names, each at most once,
//     among the fields it knows (a document's counts of a close, and any
//     key a newer till may send, are left to encoding/json);
//   - strings without escapes or control characters, in valid UTF-8;
//   - integers without fraction or exponent that fit their field
//     (no sign for an unsigned one), true and false;
//   - no null;
//   - nothing after the envelope but white space.
//
// Within that subset JSON means one thing, so the result is the general
// path's (FuzzDecodeLean holds them to it).

// decodeLean is the lean path; ok is false when the body is not for it
// (and nothing is decided).
func decodeLean(body []byte, t Terminal) (b PushBatch, err error, ok bool) {
	l := lean{b: body}
	var v int64
	var unsynced uint64
	var docs []leanDoc
	var chain []wire.Link
	l.object(func(key []byte) bool {
		switch string(key) {
		case "v":
			v = l.int()
		case "unsynced":
			unsynced = l.uint()
		case "docs":
			docs = l.docs()
		case "chain":
			chain = l.links(len(docs))
		default:
			return false
		}
		return true
	})
	if l.ws(); l.bad || l.i != len(body) {
		return PushBatch{}, nil, false
	}
	if err := checkEnvelope(int(v), len(docs)); err != nil {
		return PushBatch{}, err, true
	}
	b = PushBatch{Unsynced: unsynced, Docs: make([]Doc, len(docs))}
	for i, x := range docs {
		d, code, reason := checkRules(x.d, t)
		b.Docs[i] = pushedDoc(i, body[x.start:x.end:x.end], chain, d, code, reason)
	}
	return b, nil, true
}

// lean is the scanner: b[i:] is still to read; bad is set at the first
// thing outside the subset, after which every method does nothing.
type lean struct {
	b   []byte
	i   int
	bad bool
	// common are the strings many documents repeat (a kind, a till, a
	// product), kept once: a small table indexed by wordSlot.
	common [64]string
	// strs holds the other strings (ids, chain hashes, references), one
	// after the other: each is a substring of it, none an allocation of
	// its own. A builder never changes the bytes it has handed out in a
	// string; a full one is followed by a new one. A string kept after
	// the push keeps its block (strBlock bytes), as a document's Raw
	// keeps the body.
	strs strings.Builder
	// The documents' lines, taxes and tenders are cut from blocks shared
	// by the push (each document's a full slice expression of its own),
	// not grown one slice a document.
	lines   []pos.Line
	taxes   []pos.TaxLine
	tenders []pos.Tender
	// keys are the keys of the objects being read (object).
	keys [][]byte
	// hint is how many documents the push seems to carry.
	hint int
}

// leanDoc is a document read and where its bytes are in the body.
type leanDoc struct {
	d          *pos.Document
	start, end int
}

func (l *lean) fail() { l.bad = true }

func (l *lean) ws() {
	for l.i < len(l.b) {
		switch l.b[l.i] {
		case ' ', '\t', '\n', '\r':
			l.i++
		default:
			return
		}
	}
}

// next is the next byte after white space (0 at the end).
func (l *lean) next() byte {
	l.ws()
	if l.bad || l.i >= len(l.b) {
		return 0
	}
	return l.b[l.i]
}

// expect consumes c, after white space, or fails.
func (l *lean) expect(c byte) {
	if l.next() != c {
		l.fail()
		return
	}
	l.i++
}

// object reads an object, calling field with each key, the scanner then
// at the key's value; field reads the value and returns false for a key
// it does not know. A key seen twice fails.
//
// A key is read up to the next quote and not checked further: field
// knows only plain names, so a key with an escape, a control character
// or invalid UTF-8 is one it does not know. The keys of the objects
// being read are stacked in l.keys; a key is compared with its object's
// others only when one of them has its keyBit.
func (l *lean) object(field func(key []byte) bool) {
	l.expect('{')
	if l.next() == '}' {
		l.i++
		return
	}
	base := len(l.keys)
	var bits uint64
	for n := 0; !l.bad; n++ {
		key := l.key()
		// Every object of the subset has at most 27 keys, all different.
		if l.bad || n == 32 {
			l.fail()
			return
		}
		if bit := keyBit(key); bits&bit == 0 {
			bits |= bit
		} else {
			for _, k := range l.keys[base:] {
				if string(k) == string(key) {
					l.fail()
					return
				}
			}
		}
		l.keys = append(l.keys, key)
		l.expect(':')
		if l.bad {
			return
		}
		if !field(key) {
			l.fail()
			return
		}
		switch l.next() {
		case ',':
			l.i++
		case '}':
			l.i++
			l.keys = l.keys[:base]
			return
		default:
			l.fail()
		}
	}
}

// key reads an object's key: the bytes up to the next quote.
func (l *lean) key() []byte {
	if l.next() != '"' {
		l.fail()
		return nil
	}
	for j := l.i + 1; j < len(l.b); j++ {
		if l.b[j] == '"' {
			key := l.b[l.i+1 : j]
			l.i = j + 1
			return key
		}
	}
	l.fail()
	return nil
}

// keyBit is one of 64 bits for key, from its length and last byte.
func keyBit(key []byte) uint64 {
	n := uint(len(key))
	if n > 0 {
		n = n*5 + uint(key[n-1])
	}
	return 1 << (n % 64)
}

// array reads an array, calling elem at each element.
func (l *lean) array(elem func()) {
	l.expect('[')
	if l.next() == ']' {
		l.i++
		return
	}
	for !l.bad {
		elem()
		switch l.next() {
		case ',':
			l.i++
		case ']':
			l.i++
			return
		default:
			l.fail()
		}
	}
}

// raw reads a string and returns its bytes, quotes excluded.
func (l *lean) raw() []byte {
	if l.next() != '"' {
		l.fail()
		return nil
	}
	start := l.i + 1
	ascii := true
	j := start
	for j+8 <= len(l.b) && plain8(binary.LittleEndian.Uint64(l.b[j:])) {
		j += 8
	}
	for ; j < len(l.b); j++ {
		switch c := l.b[j]; {
		case c == '"':
			l.i = j + 1
			s := l.b[start:j]
			if !ascii && !utf8.Valid(s) {
				l.fail()
				return nil
			}
			return s
		case c == '\\' || c < 0x20:
			l.fail()
			return nil
		case c >= 0x80:
			ascii = false
		}
	}
	l.fail()
	return nil
}

// strBlock is the size of the blocks the strings of a push are kept in:
// 40 documents' ids and links.
const strBlock = 8 << 10

// plain8 reports whether the 8 bytes of x are all plain ASCII inside a
// string: none a quote, a backslash, a control character or above 0x7f.
// (x-ones*c)&^x has the high bit of a byte set where one is below c (for
// bytes below 0x80, the only ones it is asked about here), so with the
// quote and backslash bytes turned into zeros by xor, one test finds them
// all.
func plain8(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	q := x ^ ones*'"'
	s := x ^ ones*'\\'
	return ((x-ones*0x20)&^x|(q-ones)&^q|(s-ones)&^s|x)&highs == 0
}

// str reads a string.
func (l *lean) str() string {
	b := l.raw()
	if len(b) == 0 {
		return ""
	}
	if l.strs.Cap()-l.strs.Len() < len(b) {
		l.strs = strings.Builder{}
		l.strs.Grow(max(strBlock, len(b)))
	}
	n := l.strs.Len()
	l.strs.Write(b)
	return l.strs.String()[n:]
}

// word reads a string that many documents repeat (a kind, a till, a
// product), allocated once a push unless another takes its slot.
func (l *lean) word() string {
	b := l.raw()
	if len(b) == 0 {
		return ""
	}
	slot := &l.common[wordSlot(b)]
	if *slot != string(b) {
		*slot = string(b)
	}
	return *slot
}

// wordSlot is b's place in lean.common: its length and its first, middle
// and last bytes, mixed.
func wordSlot(b []byte) int {
	n := uint(len(b))
	h := n*0x9e37 ^ uint(b[0])*0x85eb ^ uint(b[n/2])*0xc2b2 ^ uint(b[n-1])*0x27d4
	return int((h ^ h>>7) % uint(len(lean{}.common)))
}

// digits reads an integer's magnitude, with its sign: JSON's -?(0|[1-9][0-9]*)
// with no fraction or exponent after it, at most 20 digits.
func (l *lean) digits() (neg bool, n uint64, overflow bool) {
	c := l.next()
	if c == '-' {
		neg = true
		l.i++
	}
	start := l.i
	for l.i < len(l.b) && l.b[l.i] >= '0' && l.b[l.i] <= '9' {
		d := uint64(l.b[l.i] - '0')
		if n > (1<<64-1-d)/10 {
			overflow = true
		}
		n = n*10 + d
		l.i++
	}
	switch {
	case l.i == start, l.b[start] == '0' && l.i-start > 1:
		l.fail()
	case l.i < len(l.b) && (l.b[l.i] == '.' || l.b[l.i] == 'e' || l.b[l.i] == 'E'):
		l.fail()
	}
	return neg, n, overflow
}

// int reads an integer that fits an int64 (and so an int).
func (l *lean) int() int64 {
	neg, n, over := l.digits()
	switch {
	case over || !neg && n > 1<<63-1 || neg && n > 1<<63:
		l.fail()
		return 0
	case neg:
		return int64(-n)
	}
	return int64(n)
}

// uint reads an unsigned integer, without sign.
func (l *lean) uint() uint64 {
	neg, n, over := l.digits()
	if neg || over {
		l.fail()
	}
	return n
}

func (l *lean) money() pos.Money { return pos.Money(l.int()) }

func (l *lean) bool() bool {
	l.ws()
	switch {
	case hasPrefix(l.b[l.i:], "true"):
		l.i += 4
		return true
	case hasPrefix(l.b[l.i:], "false"):
		l.i += 5
		return false
	}
	l.fail()
	return false
}

func hasPrefix(b []byte, s string) bool { return len(b) >= len(s) && string(b[:len(s)]) == s }

// docs reads the documents and where each one's bytes are in the body.
// Every document a till writes opens with its id, so the documents are
// counted first by that (a hint, at most one over the batch's limit: a
// wrong count costs only room) and allocated in one block of that size.
func (l *lean) docs() []leanDoc {
	l.hint = min(bytes.Count(l.b[l.i:], []byte(`{"id":`)), wire.MaxBatch+1)
	block := make([]pos.Document, l.hint)
	docs := make([]leanDoc, 0, l.hint)
	l.array(func() {
		l.ws()
		start := l.i
		if len(block) == 0 {
			block = make([]pos.Document, min(max(len(docs), 8), wire.MaxBatch+1))
		}
		d := &block[0]
		block = block[1:]
		l.doc(d)
		docs = append(docs, leanDoc{d, start, l.i})
	})
	return docs
}

// cut reads an array into the next elements of *block, a block shared by
// the push, and returns them as a full slice expression (an empty array
// as an empty slice, not nil). A block that fills up is followed by a
// new one of at least size elements, the array's elements read so far
// moved into it.
func cut[T any](l *lean, block *[]T, size int, elem func(*T)) []T {
	if *block == nil {
		*block = make([]T, 0, size)
	}
	start := len(*block)
	l.array(func() {
		b := *block
		if len(b) == cap(b) {
			n := len(b) - start
			nb := make([]T, n, max(size, 2*n))
			copy(nb, b[start:])
			b, start = nb, 0
		}
		b = b[:len(b)+1]
		*block = b
		elem(&b[len(b)-1])
	})
	b := *block
	return b[start:len(b):len(b)]
}

// links reads the chain, n links expected (the documents read before it).
func (l *lean) links(n int) []wire.Link {
	links := make([]wire.Link, 0, n)
	l.array(func() {
		var k wire.Link
		l.object(func(key []byte) bool {
			switch string(key) {
			case "hash":
				k.Hash = l.str()
			case "prev":
				k.Prev = l.str()
			default:
				return false
			}
			return true
		})
		links = append(links, k)
	})
	return links
}

func (l *lean) doc(d *pos.Document) {
	l.object(func(key []byte) bool {
		switch string(key) {
		case "id":
			d.ID = l.str()
		case "kind":
			d.Kind = pos.DocKind(l.word())
		case "terminal":
			d.Terminal = l.word()
		case "receipt":
			d.Receipt = l.uint()
		case "seq":
			d.Seq = l.uint()
		case "time":
			l.ws()
			start := l.i
			l.raw()
			if !l.bad && d.Time.UnmarshalJSON(l.b[start:l.i]) != nil {
				l.fail()
			}
		case "cashier":
			d.Cashier = l.word()
		case "shift":
			d.Shift = l.word()
		case "lines":
			d.Lines = cut(l, &l.lines, max(2*l.hint, 16), l.line)
		case "discount":
			d.Discount = l.money()
		case "total":
			d.Total = l.money()
		case "taxes":
			d.Taxes = cut(l, &l.taxes, max(l.hint, 16), l.taxLine)
		case "tenders":
			d.Tenders = cut(l, &l.tenders, max(l.hint, 16), l.tender)
		case "refund_of":
			d.RefundOf = l.str()
		case "refund_of_receipt":
			d.RefundOfReceipt = l.uint()
		case "approved_by":
			d.ApprovedBy = l.word()
		case "reason":
			d.Reason = l.str()
		case "cash":
			d.Cash = l.money()
		case "check":
			d.Check = new(pos.TenderCheck)
			l.check(d.Check)
		case "customer":
			d.Customer = l.word()
		case "artisan":
			d.Artisan = l.word()
		case "key":
			d.Key = l.str()
		case "event":
			d.Event = new(pos.Event)
			l.event(d.Event)
		case "grand_total":
			d.GrandTotal = l.money()
		case "grand_refund":
			d.GrandRefund = l.money()
		default: // counted, counted_foreign (a close's counts), unknown keys
			return false
		}
		return true
	})
}

func (l *lean) names(n *pos.Names) {
	l.object(func(key []byte) bool {
		switch string(key) {
		case "fr":
			n.FR = l.word()
		case "ar":
			n.AR = l.word()
		case "en":
			n.EN = l.word()
		default:
			return false
		}
		return true
	})
}

func (l *lean) line(ln *pos.Line) {
	l.object(func(key []byte) bool {
		switch string(key) {
		case "sku":
			ln.SKU = l.word()
		case "name":
			l.names(&ln.Name)
		case "category":
			ln.Category = l.word()
		case "qty":
			ln.Qty = l.int()
		case "list":
			ln.List = l.money()
		case "price":
			ln.Price = l.money()
		case "floor":
			ln.Floor = l.money()
		case "discount":
			ln.Discount = l.money()
		case "tax":
			ln.Tax = pos.TaxRate(l.int())
		case "unique":
			ln.Unique = l.bool()
		case "artisan":
			ln.Artisan = l.word()
		case "gross":
			ln.Gross = l.money()
		case "share":
			ln.Share = l.money()
		case "total":
			ln.Total = l.money()
		case "tax_part":
			ln.TaxPart = l.money()
		case "origin":
			ln.Origin = int(l.int())
		default:
			return false
		}
		return true
	})
}

func (l *lean) taxLine(x *pos.TaxLine) {
	l.object(func(key []byte) bool {
		switch string(key) {
		case "rate":
			x.Rate = pos.TaxRate(l.int())
		case "gross":
			x.Gross = l.money()
		case "net":
			x.Net = l.money()
		case "tax":
			x.Tax = l.money()
		default:
			return false
		}
		return true
	})
}

func (l *lean) tender(tn *pos.Tender) {
	l.object(func(key []byte) bool {
		switch string(key) {
		case "kind":
			tn.Kind = pos.TenderKind(l.word())
		case "amount":
			tn.Amount = l.money()
		case "given":
			tn.Given = l.money()
		case "change":
			tn.Change = l.money()
		case "status":
			tn.Status = pos.TenderStatus(l.word())
		case "ref":
			tn.Reference = l.str()
		case "card":
			tn.CardMasked = l.str()
		case "brand":
			tn.CardBrand = l.word()
		case "auth":
			tn.AuthCode = l.str()
		case "entry":
			tn.EntryMode = l.word()
		case "currency":
			tn.Currency = l.word()
		case "foreign":
			tn.Foreign = l.money()
		case "rate":
			tn.Rate = l.int()
		case "approved_by":
			tn.ApprovedBy = l.word()
		case "recorded":
			tn.Recorded = l.word()
		default:
			return false
		}
		return true
	})
}

func (l *lean) check(c *pos.TenderCheck) {
	l.object(func(key []byte) bool {
		switch string(key) {
		case "sale_id":
			c.SaleID = l.str()
		case "receipt":
			c.Receipt = l.uint()
		case "tender":
			c.Tender = int(l.int())
		case "ref":
			c.Reference = l.str()
		case "status":
			c.Status = pos.TenderStatus(l.word())
		case "source":
			c.Source = l.word()
		default:
			return false
		}
		return true
	})
}

func (l *lean) event(e *pos.Event) {
	l.object(func(key []byte) bool {
		switch string(key) {
		case "what":
			e.What = l.word()
		case "key":
			e.Key = l.str()
		case "before":
			e.Before = l.str()
		case "after":
			e.After = l.str()
		default:
			return false
		}
		return true
	})
}

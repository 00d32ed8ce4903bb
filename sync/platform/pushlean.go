package platform

import (
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
	var spans [][2]int
	var docs []pos.Document
	var chain []wire.Link
	l.object(func(key []byte) bool {
		switch string(key) {
		case "v":
			v = l.int()
		case "unsynced":
			unsynced = l.uint()
		case "docs":
			docs, spans = l.docs()
		case "chain":
			chain = l.links()
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
	for i := range docs {
		d, code, reason := checkRules(&docs[i], t)
		b.Docs[i] = pushedDoc(i, body[spans[i][0]:spans[i][1]:spans[i][1]], chain, d, code, reason)
	}
	return b, nil, true
}

// lean is the scanner: b[i:] is still to read; bad is set at the first
// thing outside the subset, after which every method does nothing.
type lean struct {
	b      []byte
	i      int
	bad    bool
	common map[string]string // the strings many documents repeat, kept once
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
func (l *lean) object(field func(key []byte) bool) {
	l.expect('{')
	if l.next() == '}' {
		l.i++
		return
	}
	// Every object of the subset has at most 27 keys, all different.
	var seen [32][]byte
	for n := 0; !l.bad; n++ {
		key := l.raw()
		if l.bad || n == len(seen) {
			l.fail()
			return
		}
		for _, k := range seen[:n] {
			if string(k) == string(key) {
				l.fail()
				return
			}
		}
		seen[n] = key
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
			return
		default:
			l.fail()
		}
	}
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
	for j := start; j < len(l.b); j++ {
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

// str reads a string.
func (l *lean) str() string { return string(l.raw()) }

// word reads a string that many documents repeat (a kind, a till, a
// product), allocated once a push.
func (l *lean) word() string {
	b := l.raw()
	if s, ok := l.common[string(b)]; ok {
		return s
	}
	s := string(b)
	if l.common == nil {
		l.common = map[string]string{}
	}
	if len(l.common) < 256 {
		l.common[s] = s
	}
	return s
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
func (l *lean) docs() (docs []pos.Document, spans [][2]int) {
	docs = []pos.Document{}
	l.array(func() {
		l.ws()
		start := l.i
		docs = append(docs, pos.Document{})
		l.doc(&docs[len(docs)-1])
		spans = append(spans, [2]int{start, l.i})
	})
	return docs, spans
}

func (l *lean) links() []wire.Link {
	links := []wire.Link{}
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
			d.Lines = []pos.Line{}
			l.array(func() {
				d.Lines = append(d.Lines, pos.Line{})
				l.line(&d.Lines[len(d.Lines)-1])
			})
		case "discount":
			d.Discount = l.money()
		case "total":
			d.Total = l.money()
		case "taxes":
			d.Taxes = []pos.TaxLine{}
			l.array(func() {
				d.Taxes = append(d.Taxes, pos.TaxLine{})
				l.taxLine(&d.Taxes[len(d.Taxes)-1])
			})
		case "tenders":
			d.Tenders = []pos.Tender{}
			l.array(func() {
				d.Tenders = append(d.Tenders, pos.Tender{})
				l.tender(&d.Tenders[len(d.Tenders)-1])
			})
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

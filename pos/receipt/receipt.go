// Package receipt turns a committed sale or refund into a receipt: a
// printer-independent list of lines that the till's screen shows as a
// preview and that drivers/escpos encodes for a thermal printer at 32 or
// 48 columns (escpos.EncodeReceipt). Labels are translated into the
// receipt's language; on paper, lines holding Arabic are shaped and sent
// as images there.
package receipt

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"hanout/pos"
	"hanout/pos/i18n"
)

// Kind is what a Line draws.
type Kind int

const (
	Text  Kind = iota // Center, or Start and End columns
	Rule              // a dashed separator
	Blank             // an empty line
	QR                // a QR code of Line.QR
)

// Line is one line of a receipt. In a right-to-left receipt (Arabic),
// Start is drawn at the right edge and End at the left.
type Line struct {
	Kind   Kind
	Start  string // label: left in French, right in Arabic
	End    string // amount: the other edge
	Center string // centred text (Start and End empty)
	Bold   bool
	Big    bool // double height
	RTL    bool
	QR     string
}

// Receipt is a built receipt.
type Receipt struct {
	Lang    pos.Lang
	RTL     bool
	Receipt uint64
	Lines   []Line
	// Cash reports whether the document took cash (the till may open the
	// drawer when it prints the first time).
	Cash bool
}

// Options adjust Build.
type Options struct {
	// Lang of the labels; "" means the shop's language.
	Lang pos.Lang
	// Reprint marks the receipt as a duplicate.
	Reprint bool
	// Chain is the document's journal chain hash: its first 8 hex digits
	// are printed, so the paper in the customer's hands anchors the
	// journal too.
	Chain []byte
}

// Build lays out the receipt of a committed sale or refund. It fails with
// receipt.not_printable for a document that carries no receipt (shift
// events).
func Build(doc *pos.Document, shop pos.Shop, opt Options) (*Receipt, error) {
	if doc == nil || (doc.Kind != pos.KindSale && doc.Kind != pos.KindRefund && doc.Kind != pos.KindRepayment) || doc.Receipt == 0 {
		kind := ""
		if doc != nil {
			kind = string(doc.Kind)
		}
		return nil, pos.Errorf("receipt.not_printable", kind)
	}
	lang := opt.Lang
	if lang == "" {
		lang = shop.Lang
	}
	if lang != pos.AR && lang != pos.EN {
		lang = pos.FR
	}
	b := &builder{r: &Receipt{Lang: lang, RTL: lang == pos.AR, Receipt: doc.Receipt}, lang: lang}
	b.header(shop)
	if doc.Kind == pos.KindRepayment { // a customer repaying their account: accounts.go
		b.repayment(doc, opt.Reprint)
	} else {
		b.document(doc, opt.Reprint)
		b.lines(doc)
	}
	b.tenders(doc, shop)
	b.footer(doc, shop, opt.Chain)
	return b.r, nil
}

// header is the shop: names, address, phone, ICE, the shop's own lines.
func (b *builder) header(shop pos.Shop) {
	b.center(shop.Name, true, true)
	if shop.NameAR != "" && shop.NameAR != shop.Name {
		b.center(shop.NameAR, true, false)
	}
	for _, s := range []string{shop.Address, shop.City} {
		if s != "" {
			b.center(s, false, false)
		}
	}
	if shop.Phone != "" {
		b.cols(b.t("receipt.phone"), shop.Phone, false)
	}
	if shop.ICE != "" {
		b.cols(b.t("receipt.ice"), shop.ICE, false)
	}
	if shop.Header != "" {
		for _, s := range strings.Split(shop.Header, "\n") {
			b.center(s, false, false)
		}
	}
	b.rule()
}

// document is the receipt's number, time, cashier and terminal.
func (b *builder) document(doc *pos.Document, reprint bool) {
	num := fmt.Sprintf("%06d", doc.Receipt)
	if doc.Kind == pos.KindRefund {
		b.cols(b.t("receipt.refund_number", num), doc.Time.Format("02/01/06 15:04"), true)
		if doc.RefundOfReceipt != 0 {
			b.cols(b.t("receipt.refund_of", fmt.Sprintf("%06d", doc.RefundOfReceipt)), "", false)
		}
	} else {
		b.cols(b.t("receipt.number", num), doc.Time.Format("02/01/06 15:04"), true)
	}
	b.cols(b.t("receipt.cashier", doc.Cashier), doc.Terminal, false)
	if reprint {
		b.center(b.t("receipt.duplicate"), true, false)
	}
	b.rule()
}

// lines are the articles, the discount, the total and the TVA breakdown.
func (b *builder) lines(doc *pos.Document) {
	for _, l := range doc.Lines {
		b.cols(l.Name.In(b.lang), "", false)
		b.cols(fmt.Sprintf("  %d × %s", l.Qty, amount(l.Price)), amount(pos.Money(l.Qty)*l.Price), false)
		if l.List != l.Price && l.List > 0 {
			b.cols("  "+b.t("receipt.list_price", amount(l.List)), "", false)
		}
		if l.Discount != 0 {
			b.cols("  "+b.t("receipt.line_discount"), amount(-l.Discount), false)
		}
	}
	b.rule()
	if doc.Discount != 0 {
		b.cols(b.t("receipt.discount"), amount(-doc.Discount), false)
	}
	b.add(Line{Kind: Text, Start: b.t("receipt.total"), End: doc.Total.Format(b.lang), Bold: true, Big: true})
	if len(doc.Taxes) > 0 {
		b.cols(b.t("receipt.tax_title"), "", false)
		for _, tx := range doc.Taxes {
			b.cols("  "+b.t("receipt.tax_line", tx.Rate.Percent(), amount(tx.Net)), amount(tx.Tax), false)
		}
	}
	b.rule()
}

// tenders is the payment: each tender kept, cash given and change, and
// the total in euros and dollars when the shop shows them.
func (b *builder) tenders(doc *pos.Document, shop pos.Shop) {
	for _, td := range doc.Tenders {
		if td.Status == pos.StatusRefused {
			continue
		}
		label := b.t("receipt.tender." + string(td.Kind))
		if td.CardMasked != "" {
			label += " " + td.CardMasked
		}
		if td.Status == pos.StatusUnverified {
			label += " " + b.t("receipt.unverified")
		}
		b.cols(label, amount(td.Amount), false)
		if td.Kind == pos.TenderCash {
			b.r.Cash = true
			if td.Given != 0 && td.Change != 0 {
				b.cols("  "+b.t("receipt.given"), amount(td.Given), false)
				b.cols("  "+b.t("receipt.change"), amount(td.Change), true)
			}
		}
		if c, ok := pos.CurrencyOf(td.Kind); ok {
			b.foreign(c, td)
		}
	}
	if eur, usd := pos.Indicative(doc.Total, shop.RateEUR), pos.Indicative(doc.Total, shop.RateUSD); eur != 0 || usd != 0 {
		var parts []string
		if eur != 0 {
			parts = append(parts, amount(pos.Money(eur))+" EUR")
		}
		if usd != 0 {
			parts = append(parts, amount(pos.Money(usd))+" USD")
		}
		b.cols(b.t("receipt.indicative"), strings.Join(parts, " / "), false)
	}
}

// foreign is what a tourist handed over in euros or dollars: the notes in
// their currency at the rate used, what they were worth in dirhams, and
// the change, always in dirhams.
func (b *builder) foreign(c pos.Currency, td pos.Tender) {
	b.r.Cash = true
	b.cols("  "+b.t("receipt.foreign_given", c.Format(td.Foreign, pos.FR), pos.FormatRate(td.Rate, pos.FR)), amount(td.Given), false)
	if td.Change != 0 {
		b.cols("  "+b.t("receipt.change_dirhams"), amount(td.Change), true)
	}
}

// footer is the shop's closing lines, the thanks, the journal chain's
// fingerprint and the receipt's QR code.
func (b *builder) footer(doc *pos.Document, shop pos.Shop, chain []byte) {
	b.add(Line{Kind: Blank})
	if shop.Footer != "" {
		for _, s := range strings.Split(shop.Footer, "\n") {
			b.center(s, false, false)
		}
	}
	b.center(b.t("receipt.thanks"), false, false)
	if fp := pos.Fingerprint(chain); fp != "" {
		b.center(b.t("money.receipt.fingerprint", fp), false, false)
	}
	if shop.ReceiptURL != "" {
		url := strings.NewReplacer("{id}", doc.ID, "{receipt}", fmt.Sprint(doc.Receipt), "{terminal}", doc.Terminal).Replace(shop.ReceiptURL)
		b.add(Line{Kind: QR, QR: url})
	}
}

type builder struct {
	r    *Receipt
	lang pos.Lang
}

func (b *builder) t(key string, args ...any) string { return i18n.T(b.lang, key, args...) }

func (b *builder) add(l Line) {
	if l.Kind == Text {
		l.RTL = b.r.RTL
	}
	b.r.Lines = append(b.r.Lines, l)
}
func (b *builder) rule() { b.add(Line{Kind: Rule}) }
func (b *builder) center(s string, bold, big bool) {
	if strings.TrimSpace(s) == "" {
		return
	}
	b.add(Line{Kind: Text, Center: s, Bold: bold, Big: big})
}
func (b *builder) cols(start, end string, bold bool) {
	b.add(Line{Kind: Text, Start: start, End: end, Bold: bold})
}

// amount renders m for a receipt column: digits grouped, comma, no
// currency (the total line carries it).
func amount(m pos.Money) string { return strings.TrimSuffix(m.Format(pos.FR), " DH") }

// TextLines renders the receipt as plain text lines cols wide, for logs,
// the simulator and a monospaced preview. A right-to-left line is padded
// so its start sits at the right edge; its characters stay in logical
// order for the screen's text engine to shape. A QR code becomes a
// "[QR …]" line.
func (r *Receipt) TextLines(cols int) []string {
	var out []string
	for _, l := range r.Lines {
		switch l.Kind {
		case Rule:
			out = append(out, strings.Repeat("-", cols))
		case Blank:
			out = append(out, "")
		case QR:
			for _, s := range wrap("[QR "+l.QR+"]", cols) {
				out = append(out, centre(s, cols))
			}
		case Text:
			out = append(out, layout(l, cols)...)
		}
	}
	return out
}

// Layout fits a text line into cols columns, wrapping a long start: the
// lines a printer's text mode prints.
func (l Line) Layout(cols int) []string { return layout(l, cols) }

// Wrap breaks s at spaces into pieces at most cols runes wide (a longer
// word is cut).
func Wrap(s string, cols int) []string { return wrap(s, cols) }

func layout(l Line, cols int) []string {
	if l.Center != "" {
		var out []string
		for _, s := range wrap(l.Center, cols) {
			out = append(out, centre(s, cols))
		}
		return out
	}
	start, end := l.Start, l.End
	var out []string
	if width(start)+width(end)+1 > cols {
		parts := wrap(start, cols)
		if end == "" {
			for _, p := range parts {
				out = append(out, edge(p, "", cols, l.RTL))
			}
			return out
		}
		for _, p := range parts[:len(parts)-1] {
			out = append(out, edge(p, "", cols, l.RTL))
		}
		start = parts[len(parts)-1]
		if width(start)+width(end)+1 > cols {
			out = append(out, edge(start, "", cols, l.RTL))
			start = ""
		}
	}
	return append(out, edge(start, end, cols, l.RTL))
}

func edge(start, end string, cols int, rtl bool) string {
	left, right := start, end
	if rtl {
		left, right = end, start
	}
	pad := cols - width(left) - width(right)
	if pad < 0 {
		pad = 0
	}
	return strings.TrimRight(left+strings.Repeat(" ", pad)+right, " ")
}

func centre(s string, cols int) string {
	pad := (cols - width(s)) / 2
	if pad < 0 {
		pad = 0
	}
	return strings.Repeat(" ", pad) + s
}

func width(s string) int { return utf8.RuneCountInString(s) }

// wrap breaks s at spaces into pieces at most cols runes wide (a longer
// word is cut).
func wrap(s string, cols int) []string {
	if cols <= 0 || width(s) <= cols {
		return []string{s}
	}
	var out []string
	line := ""
	for _, w := range strings.Fields(s) {
		for width(w) > cols {
			if line != "" {
				out = append(out, line)
				line = ""
			}
			r := []rune(w)
			out = append(out, string(r[:cols]))
			w = string(r[cols:])
		}
		switch {
		case line == "":
			line = w
		case width(line)+1+width(w) <= cols:
			line += " " + w
		default:
			out = append(out, line)
			line = w
		}
	}
	if line != "" {
		out = append(out, line)
	}
	if len(out) == 0 {
		return []string{""}
	}
	return out
}

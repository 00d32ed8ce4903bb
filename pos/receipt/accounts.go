package receipt

import (
	"fmt"
	"time"

	"hanout/pos"
)

// StatementOptions say how a printed statement is headed.
type StatementOptions struct {
	Lang    pos.Lang // "" means the shop's language
	Printed time.Time
}

// Statement lays out a customer's statement for the receipt printer: the
// shop, the customer and their limit, each document with its running
// balance, and what is owed. It goes through the same print queue and
// encoder as a receipt.
func Statement(c *pos.Customer, lines []pos.StatementLine, shop pos.Shop, opt StatementOptions) *Receipt {
	lang := opt.Lang
	if lang == "" {
		lang = shop.Lang
	}
	if lang != pos.AR && lang != pos.EN {
		lang = pos.FR
	}
	b := &builder{r: &Receipt{Lang: lang, RTL: lang == pos.AR}, lang: lang}
	b.header(shop)
	b.center(b.t("accounts.print.title"), true, true)
	b.cols(c.DisplayName(lang), c.ID, true)
	if c.Phone != "" {
		b.cols(b.t("receipt.phone"), c.Phone, false)
	}
	b.cols(b.t("accounts.limit"), amount(c.Limit), false)
	if !opt.Printed.IsZero() {
		b.cols(b.t("accounts.print.printed"), opt.Printed.Format("02/01/06 15:04"), false)
	}
	b.rule()
	var bal pos.Money
	for _, l := range lines {
		b.cols(fmt.Sprintf("%s #%06d", l.Time.Format("02/01/06"), l.Receipt), b.t("accounts.kind."+string(l.Kind)), false)
		b.cols("  "+amount(l.Amount), amount(l.Balance), false)
		bal = l.Balance
	}
	if len(lines) == 0 {
		b.center(b.t("accounts.print.nothing"), false, false)
	}
	b.rule()
	b.add(Line{Kind: Text, Start: b.t("accounts.balance"), End: bal.Format(lang), Bold: true, Big: true})
	b.add(Line{Kind: Blank})
	return b.r
}

// repayment lays out the body of a repayment's receipt: its number, the
// customer, the amount; the tenders follow as on a sale.
func (b *builder) repayment(doc *pos.Document, reprint bool) {
	b.cols(b.t("accounts.print.repayment_number", fmt.Sprintf("%06d", doc.Receipt)), doc.Time.Format("02/01/06 15:04"), true)
	b.cols(b.t("receipt.cashier", doc.Cashier), doc.Terminal, false)
	b.cols(b.t("accounts.print.customer"), doc.Customer, false)
	if reprint {
		b.center(b.t("receipt.duplicate"), true, false)
	}
	b.rule()
	b.add(Line{Kind: Text, Start: b.t("accounts.print.repaid"), End: doc.Total.Format(b.lang), Bold: true, Big: true})
	b.rule()
}

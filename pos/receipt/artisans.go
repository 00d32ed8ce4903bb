package receipt

import (
	"fmt"
	"strings"
	"time"

	"hanout/pos"
)

// ArtisansOptions say what the printed artisans report is headed with.
type ArtisansOptions struct {
	Lang     pos.Lang // "" means the shop's language
	Terminal string
	Printed  time.Time
}

// Artisans lays out the artisans report for the receipt printer: the shop,
// the period, then each artisan with their pieces, sales, the
// cooperative's commission, what is owed, what was paid and the balance,
// and the totals. It goes through the same print queue and encoder as a
// receipt.
func Artisans(r *pos.ArtisansReport, shop pos.Shop, opt ArtisansOptions) *Receipt {
	lang := opt.Lang
	if lang == "" {
		lang = shop.Lang
	}
	if lang != pos.AR && lang != pos.EN {
		lang = pos.FR
	}
	b := &builder{r: &Receipt{Lang: lang, RTL: lang == pos.AR}, lang: lang}
	b.header(shop)
	b.center(b.t("artisans.print_title"), true, true)
	day := func(t time.Time, end bool) string {
		if t.IsZero() {
			return "…"
		}
		if end {
			t = t.AddDate(0, 0, -1)
		}
		return t.Format("02/01/06")
	}
	b.cols(b.t("artisans.print_period"), day(r.From, false)+" – "+day(r.To, true), false)
	if !opt.Printed.IsZero() {
		b.cols(b.t("artisans.print_printed"), opt.Printed.Format("02/01/06 15:04"), false)
	}
	if opt.Terminal != "" {
		b.cols(b.t("artisans.print_terminal"), opt.Terminal, false)
	}
	b.rule()
	figures := func(row pos.ArtisanRow) {
		b.cols("  "+b.t("artisans.col_pieces"), fmt.Sprint(row.Pieces), false)
		b.cols("  "+b.t("artisans.col_sales"), amount(row.Sales), false)
		b.cols("  "+b.t("artisans.col_commission"), amount(-row.Commission), false)
		b.cols("  "+b.t("artisans.col_owed"), amount(row.Owed), false)
		b.cols("  "+b.t("artisans.col_paid"), amount(-row.Paid), false)
		b.cols("  "+b.t("artisans.col_balance"), amount(row.Balance), true)
	}
	for _, row := range r.Rows {
		// The rate has the amounts' decimal comma, as amount() writes them.
		b.cols(row.Name, strings.Replace(pos.CommissionPercent(row.Rate), ".", ",", 1)+" %", true)
		figures(row)
	}
	if len(r.Rows) == 0 {
		b.center(b.t("artisans.none"), false, false)
	}
	b.rule()
	b.cols(b.t("artisans.total"), "", true)
	figures(r.Total)
	b.rule()
	return b.r
}

package platform

// The cooperative's artisans on the platform: the artisans report across
// all of a merchant's tills, the same computation as on a till
// (pos.BuildArtisansReport) over every till's sales, refunds and payouts,
// with the artisans the tills sent as master records. It shows as a
// section of the merchant's page (/m/<id>) and as /m/<id>/artisans.csv,
// the columns of `hanout report artisans --format csv`.

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"hanout/pos"
	"hanout/pos/report"
)

// Payouts are documents the tills push like sales.
func init() { kinds[pos.KindPayout] = true }

// MerchantArtisans is the artisans report of [from, to) across all of a
// merchant's tills. The balance counts everything before to.
func MerchantArtisans(st Storage, merchant string, from, to time.Time) (*pos.ArtisansReport, error) {
	recs, err := st.Records(merchant, pos.RecordArtisan)
	if err != nil {
		return nil, err
	}
	var artisans []pos.Artisan
	for _, r := range recs {
		var a pos.Artisan
		if json.Unmarshal(r.Data, &a) == nil && a.ID == r.ID {
			artisans = append(artisans, a)
		}
	}
	docs, err := st.Documents(merchant, time.Time{}, to)
	if err != nil {
		return nil, err
	}
	pays, err := st.Payouts(merchant, time.Time{}, to)
	if err != nil {
		return nil, err
	}
	return pos.BuildArtisansReport(artisans, append(docs, pays...), from, to), nil
}

// artisansView is what the merchant page's artisans section shows.
type artisansView struct {
	Rows  []artisanRowView
	Total artisanRowView
	CSV   string
}

type artisanRowView struct {
	Name                                   string
	Rate                                   int64 // basis points
	Pieces                                 int64
	Sales, Commission, Owed, Paid, Balance pos.Money
	Unknown                                bool
}

func rowView(r pos.ArtisanRow) artisanRowView {
	return artisanRowView{Name: r.Name, Rate: int64(r.Rate), Pieces: r.Pieces, Sales: r.Sales, Commission: r.Commission,
		Owed: r.Owed, Paid: r.Paid, Balance: r.Balance, Unknown: !r.Known}
}

// merchantArtisans builds the section for the page's period (days from..to
// inclusive, UTC).
func (s *Server) merchantArtisans(r *http.Request, merchant string, from, to time.Time) (artisansView, error) {
	rep, err := MerchantArtisans(s.Store, merchant, from, to.AddDate(0, 0, 1))
	if err != nil {
		return artisansView{}, err
	}
	v := artisansView{Total: rowView(rep.Total),
		CSV: strings.TrimSuffix(r.URL.Path, "/") + "/artisans.csv?" + url.Values{"from": {from.Format(dayFmt)}, "to": {to.Format(dayFmt)}}.Encode()}
	for _, row := range rep.Rows {
		v.Rows = append(v.Rows, rowView(row))
	}
	return v, nil
}

// artisansCSV serves /m/<id>/artisans.csv for the period (without from
// and to: from the first sale to today).
func (s *Server) artisansCSV(w http.ResponseWriter, r *http.Request, l pos.Lang, from, to time.Time) {
	end := to.Add(24 * time.Hour)
	if q := r.URL.Query(); q.Get("from") == "" && q.Get("to") == "" {
		from = time.Time{}
	}
	rep, err := MerchantArtisans(s.Store, r.PathValue("id"), from, end)
	if s.merchantFailed(w, r, l, "csv", err) {
		return
	}
	csvHead(w, r.PathValue("id"), "artisans")
	report.ArtisansCSV(w, rep)
}

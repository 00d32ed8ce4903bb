package platform

import "hanout/pos"

// DayFigure is one merchant's day as Ingest keeps it: counts, the net
// total and what came in by each kind of tender. The programme's pages
// read these, never the documents.
type DayFigure struct {
	Merchant string    `json:"merchant"`
	Day      string    `json:"day"` // 2006-01-02, UTC
	Sales    int       `json:"sales"`
	Refunds  int       `json:"refunds"`
	Net      pos.Money `json:"net"`
	Cash     pos.Money `json:"cash"`
	Card     pos.Money `json:"card"`
	QR       pos.Money `json:"qr"`
	Other    pos.Money `json:"other"`
}

// Tally is what one stored document adds to its day (ok false for a
// document that is not a sale or a refund). Refused tenders count for
// nothing; unverified ones count (the seller took them in good faith).
func Tally(d *pos.Document) (f DayFigure, ok bool) {
	switch d.Kind {
	case pos.KindSale:
		f.Sales = 1
	case pos.KindRefund:
		f.Refunds = 1
	default:
		return f, false
	}
	f.Day = d.Time.UTC().Format("2006-01-02")
	f.Net = d.Total
	for _, t := range d.Tenders {
		if t.Status == pos.StatusRefused {
			continue
		}
		switch t.Kind {
		case pos.TenderCash, pos.TenderCashEUR, pos.TenderCashUSD: // foreign notes: their dirham value
			f.Cash += t.Amount
		case pos.TenderCard:
			f.Card += t.Amount
		case pos.TenderQRCard, pos.TenderQRWallet:
			f.QR += t.Amount
		default:
			f.Other += t.Amount
		}
	}
	return f, true
}

// Add adds g's counts and amounts to f.
func (f *DayFigure) Add(g DayFigure) {
	f.Sales += g.Sales
	f.Refunds += g.Refunds
	f.Net += g.Net
	f.Cash += g.Cash
	f.Card += g.Card
	f.QR += g.QR
	f.Other += g.Other
}

// Tendered is what came in by every tender.
func (f DayFigure) Tendered() pos.Money { return f.Cash + f.Card + f.QR + f.Other }

// Digital is what came in by card and QR.
func (f DayFigure) Digital() pos.Money { return f.Card + f.QR }

// DigitalShare is Digital over Tendered in basis points (0..10000), 0
// when nothing was tendered. Integer arithmetic: no float near money.
func (f DayFigure) DigitalShare() int64 {
	t := int64(f.Tendered())
	if t <= 0 {
		return 0
	}
	return int64(f.Digital()) * 10000 / t
}

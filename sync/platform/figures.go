package platform

import (
	"sort"
	"time"
	// The platform's days are Morocco's: its rules (UTC+1, UTC+0 during
	// Ramadan) come with the binary, whatever the machine has installed.
	_ "time/tzdata"

	"hanout/pos"
)

// ZoneName is the time zone of the platform's days and hours: a Moroccan
// cooperative's day, with Morocco's own summer and Ramadan rules.
const ZoneName = "Africa/Casablanca"

// Zone is ZoneName's location. The zone database is embedded (time/tzdata),
// so loading it cannot fail; the fallback is only there so it never panics.
var Zone = loadZone()

func loadZone() *time.Location {
	z, err := time.LoadLocation(ZoneName)
	if err != nil {
		return time.FixedZone("+01", 3600)
	}
	return z
}

// LocalDay is the day (2006-01-02, in Zone) a moment belongs to.
func LocalDay(t time.Time) string { return t.In(Zone).Format(dayFmt) }

// DayFigure is one merchant's day as Ingest keeps it: counts, the net
// total and what came in by each kind of tender. Day is a day in Zone.
// The programme's pages read these, never the documents.
type DayFigure struct {
	Merchant string    `json:"merchant"`
	Day      string    `json:"day"` // 2006-01-02, in Zone
	Sales    int       `json:"sales"`
	Refunds  int       `json:"refunds"`
	Net      pos.Money `json:"net"`
	Cash     pos.Money `json:"cash"`
	Card     pos.Money `json:"card"`
	QR       pos.Money `json:"qr"`
	// Account is what was put on customers' accounts (the carnet), EUR
	// and USD what came in as foreign banknotes (in dirhams).
	Account pos.Money `json:"account,omitempty"`
	EUR     pos.Money `json:"eur,omitempty"`
	USD     pos.Money `json:"usd,omitempty"`
	Other   pos.Money `json:"other"`
}

// HourFigure is one hour of a merchant's day.
type HourFigure struct {
	Sales   int       `json:"s,omitempty"`
	Refunds int       `json:"r,omitempty"`
	Net     pos.Money `json:"n,omitempty"`
}

// ProductDay is one product's part of a merchant's day; Name is its name
// on the last document of the day that carried it.
type ProductDay struct {
	Name   pos.Names `json:"name"`
	Qty    int64     `json:"qty"`
	Amount pos.Money `json:"amount"`
}

// DayBook is one merchant's day in the detail its page shows, kept at
// ingest beside the figures: by hour (in Zone), by kind of tender, by
// product. A merchant's page reads these, never the documents.
type DayBook struct {
	DayFigure
	Hours    [24]HourFigure        `json:"hours"`
	Tenders  map[string]pos.Money  `json:"tenders,omitempty"` // by pos.TenderKind
	Products map[string]ProductDay `json:"products,omitempty"`
}

// Tally is what one stored document adds to its day (ok false for a
// document that is not a sale or a refund). Refused tenders count for
// nothing; unverified ones count (the seller took them in good faith).
func Tally(d *pos.Document) (f DayFigure, ok bool) {
	b, ok := TallyBook(d)
	return b.DayFigure, ok
}

// TallyBook is Tally with the day's detail: the document's hour, its
// tenders by kind and its lines by product.
func TallyBook(d *pos.Document) (b DayBook, ok bool) {
	if d.Kind != pos.KindSale && d.Kind != pos.KindRefund {
		return b, false
	}
	local := d.Time.In(Zone)
	b.Day = local.Format(dayFmt)
	b.tally(d, local.Hour())
	return b, true
}

// tally adds d, a sale or a refund of b's day made at hour (in Zone), to
// b: what TallyBook's book of d adds to it.
func (b *DayBook) tally(d *pos.Document, hour int) {
	h := &b.Hours[hour]
	if d.Kind == pos.KindSale {
		b.Sales++
		h.Sales++
	} else {
		b.Refunds++
		h.Refunds++
	}
	b.Net += d.Total
	h.Net += d.Total
	for _, t := range d.Tenders {
		if t.Status == pos.StatusRefused {
			continue
		}
		switch t.Kind {
		case pos.TenderCash:
			b.Cash += t.Amount
		case pos.TenderCard:
			b.Card += t.Amount
		case pos.TenderQRCard, pos.TenderQRWallet:
			b.QR += t.Amount
		case pos.TenderAccount:
			b.Account += t.Amount
		case pos.TenderCashEUR:
			b.EUR += t.Amount
		case pos.TenderCashUSD:
			b.USD += t.Amount
		default:
			b.Other += t.Amount
		}
		if b.Tenders == nil {
			b.Tenders = map[string]pos.Money{}
		}
		b.Tenders[string(t.Kind)] += t.Amount
	}
	for _, l := range d.Lines {
		if b.Products == nil {
			b.Products = map[string]ProductDay{}
		}
		p := b.Products[l.SKU]
		p.Name = l.Name
		p.Qty += l.Qty
		p.Amount += l.Total
		b.Products[l.SKU] = p
	}
}

// Add adds g's counts and amounts to f.
func (f *DayFigure) Add(g DayFigure) {
	f.Sales += g.Sales
	f.Refunds += g.Refunds
	f.Net += g.Net
	f.Cash += g.Cash
	f.Card += g.Card
	f.QR += g.QR
	f.Account += g.Account
	f.EUR += g.EUR
	f.USD += g.USD
	f.Other += g.Other
}

// Add adds g's figures and detail to b (g's product names win: g is the
// later document).
func (b *DayBook) Add(g DayBook) {
	b.DayFigure.Add(g.DayFigure)
	for h := range b.Hours {
		b.Hours[h].Sales += g.Hours[h].Sales
		b.Hours[h].Refunds += g.Hours[h].Refunds
		b.Hours[h].Net += g.Hours[h].Net
	}
	for k, a := range g.Tenders {
		if b.Tenders == nil {
			b.Tenders = map[string]pos.Money{}
		}
		b.Tenders[k] += a
	}
	for sku, p := range g.Products {
		if b.Products == nil {
			b.Products = map[string]ProductDay{}
		}
		q := b.Products[sku]
		q.Name = p.Name
		q.Qty += p.Qty
		q.Amount += p.Amount
		b.Products[sku] = q
	}
}

// DayBooksOf adds up documents into their days' books, by day: what Ingest
// adds for a push, and the recomputation its kept books must equal. Each
// document is tallied straight into its day's book (the same sums as
// adding up their TallyBooks), the day named once for a run of documents
// of the same day.
func DayBooksOf(docs []*pos.Document) []DayBook {
	byDay := map[string]*DayBook{}
	var b *DayBook // the book of the day of the document before
	var year, day int
	var month time.Month
	for _, d := range docs {
		if d.Kind != pos.KindSale && d.Kind != pos.KindRefund {
			continue
		}
		local := d.Time.In(Zone)
		if y, m, dd := local.Date(); b == nil || y != year || m != month || dd != day {
			year, month, day = y, m, dd
			name := local.Format(dayFmt)
			if b = byDay[name]; b == nil {
				b = &DayBook{DayFigure: DayFigure{Day: name}}
				byDay[name] = b
			}
		}
		b.tally(d, local.Hour())
	}
	out := make([]DayBook, 0, len(byDay))
	for _, b := range byDay {
		out = append(out, *b)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Day < out[j].Day })
	return out
}

// Tendered is what came in by every tender.
func (f DayFigure) Tendered() pos.Money {
	return f.Cash + f.Card + f.QR + f.Account + f.EUR + f.USD + f.Other
}

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

// Adoption is how far the programme has come: merchants, tills enrolled,
// and the tills (and their merchants) in contact within 7 and 30 days.
type Adoption struct {
	Merchants                           int
	TillsEnrolled                       int
	Active7, Active30                   int
	MerchantsActive7, MerchantsActive30 int
}

// Count adds one terminal to a, at now; m7 and m30 collect the merchants
// of the active ones (a storage that counts in SQL does not need it).
func (a *Adoption) Count(t Terminal, now time.Time, m7, m30 map[string]bool) {
	if t.State() == StateEnrolled {
		a.TillsEnrolled++
	}
	if t.LastContact.IsZero() {
		return
	}
	if now.Sub(t.LastContact) <= 7*24*time.Hour {
		a.Active7++
		m7[t.Merchant] = true
	}
	if now.Sub(t.LastContact) <= 30*24*time.Hour {
		a.Active30++
		m30[t.Merchant] = true
	}
}

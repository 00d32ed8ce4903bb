package platform_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"testing"
	"time"

	"hanout/pos"
	"hanout/sync/platform"
)

// tallyBookBefore is TallyBook as it was, and dayBooksBefore DayBooksOf
// as it was (each document's TallyBook added to its day's book): the
// references the faster ones must sum exactly as.
func tallyBookBefore(d *pos.Document) (b platform.DayBook, ok bool) {
	switch d.Kind {
	case pos.KindSale:
		b.Sales = 1
	case pos.KindRefund:
		b.Refunds = 1
	default:
		return b, false
	}
	local := d.Time.In(platform.Zone)
	b.Day = local.Format("2006-01-02")
	b.Net = d.Total
	b.Hours[local.Hour()] = platform.HourFigure{Sales: b.Sales, Refunds: b.Refunds, Net: d.Total}
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
			b.Products = map[string]platform.ProductDay{}
		}
		p := b.Products[l.SKU]
		p.Name = l.Name
		p.Qty += l.Qty
		p.Amount += l.Total
		b.Products[l.SKU] = p
	}
	return b, true
}

func dayBooksBefore(docs []*pos.Document) []platform.DayBook {
	byDay := map[string]*platform.DayBook{}
	for _, d := range docs {
		g, ok := tallyBookBefore(d)
		if !ok {
			continue
		}
		b := byDay[g.Day]
		if b == nil {
			b = &platform.DayBook{DayFigure: platform.DayFigure{Day: g.Day}}
			byDay[g.Day] = b
		}
		b.Add(g)
	}
	out := make([]platform.DayBook, 0, len(byDay))
	for _, b := range byDay {
		out = append(out, *b)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Day < out[j].Day })
	return out
}

// booksCase is a random push: sales, refunds and other documents around
// midnights and Morocco's changes of hour (Ramadan), in order or not;
// every kind of tender, refused ones, nothing tendered; products on
// several lines under changing names, or no line.
func booksCase(r *rand.Rand) []*pos.Document {
	kinds := []pos.DocKind{pos.KindSale, pos.KindSale, pos.KindSale, pos.KindRefund, pos.KindEvent, pos.KindShiftClose}
	tenders := []pos.TenderKind{pos.TenderCash, pos.TenderCard, pos.TenderQRCard, pos.TenderQRWallet, pos.TenderAccount, pos.TenderCashEUR, pos.TenderCashUSD, pos.TenderTransfer, "gift"}
	statuses := []pos.TenderStatus{pos.StatusApproved, pos.StatusUnverified, pos.StatusRefused}
	// 2026: Ramadan from about 18 February to 20 March in Morocco.
	starts := []time.Time{time.Date(2026, 5, 1, 22, 0, 0, 0, time.UTC), time.Date(2026, 2, 14, 20, 0, 0, 0, time.UTC), time.Date(2026, 3, 20, 20, 0, 0, 0, time.UTC), time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC)}
	start := starts[r.IntN(len(starts))]
	var docs []*pos.Document
	for range r.IntN(30) {
		d := &pos.Document{Kind: kinds[r.IntN(len(kinds))], Total: pos.Money(r.IntN(5000) - 1000)}
		d.Time = start.Add(time.Duration(r.IntN(6*24*60)) * time.Minute / time.Duration(1+r.IntN(20)))
		for range r.IntN(4) {
			d.Tenders = append(d.Tenders, pos.Tender{Kind: tenders[r.IntN(len(tenders))], Status: statuses[r.IntN(len(statuses))], Amount: pos.Money(r.IntN(3000))})
		}
		for range r.IntN(4) {
			sku := fmt.Sprintf("P%d", r.IntN(5))
			d.Lines = append(d.Lines, pos.Line{SKU: sku, Name: pos.Names{FR: fmt.Sprintf("%s v%d", sku, r.IntN(3)), AR: "ع"}, Qty: int64(r.IntN(4)), Total: pos.Money(r.IntN(4000))})
		}
		docs = append(docs, d)
	}
	return docs
}

// DayBooksOf and TallyBook sum every push as they did before DayBooksOf
// tallied straight into the days' books.
func TestDayBooksAsBefore(t *testing.T) {
	days := 0
	for seed := range uint64(3000) {
		docs := booksCase(rand.New(rand.NewPCG(seed, 12)))
		got, want := platform.DayBooksOf(docs), dayBooksBefore(docs)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("seed %d: got\n%+v\nwant\n%+v", seed, got, want)
		}
		days += len(got)
		for _, d := range docs {
			g, ok := platform.TallyBook(d)
			w, wok := tallyBookBefore(d)
			if ok != wok || !reflect.DeepEqual(g, w) {
				t.Fatalf("seed %d: TallyBook %+v %v, want %+v %v", seed, g, ok, w, wok)
			}
		}
	}
	if days < 3000 {
		t.Fatalf("the cases are too tame: %d days", days)
	}
}

package receipt

import (
	"time"

	"hanout/pos"
)

// Sample returns a typical committed cash sale (ten printed lines: four
// articles, one haggled, TVA at two rates, change given) and its shop, for
// the test page, the settings preview, benchmarks and golden tests. It is
// built through the domain (Ticket → Sale), so it obeys its rules.
func Sample() (*pos.Document, pos.Shop) {
	shop := pos.Shop{
		Name: "Coopérative Tifawin", NameAR: "تعاونية تيفاوين",
		ICE: "001234567000089", Address: "12, Derb Sidi Ahmed", City: "Marrakech",
		Phone: "+212 524 00 00 00", Footer: "Échange sous 7 jours avec ce ticket.",
		Terminal: "STAND-1", Lang: pos.FR, RateEUR: 1085, RateUSD: 1002,
		ReceiptURL: "https://hanout.ma/r/{id}",
	}
	products := []pos.Product{
		{SKU: "TAP-001", Name: pos.Names{FR: "Tapis Beni Ouarain", AR: "زربية بني ورين"}, Price: 150000, Floor: 120000, Tax: 2000, Stock: 1, Active: true},
		{SKU: "ARG-250", Name: pos.Names{FR: "Huile d'argan 250 ml", AR: "زيت أركان 250 مل"}, Price: 12000, Floor: 10000, Tax: 1000, Stock: 10, Active: true},
		{SKU: "BOU-001", Name: pos.Names{FR: "Babouches cuir", AR: "بلغة جلدية"}, Price: 25000, Floor: 20000, Tax: 2000, Stock: 5, Active: true},
		{SKU: "SAV-001", Name: pos.Names{FR: "Savon noir", AR: "الصابون البلدي"}, Price: 3000, Floor: 3000, Tax: 2000, Stock: 20, Active: true},
	}
	var t pos.Ticket
	qty := []int64{1, 2, 1, 3}
	for i := range products {
		t.Add(&products[i], qty[i])
	}
	t.SetPrice(0, 130000, "")
	total, _ := t.Compute()
	cash, _ := pos.CashTender(total+(20000-total%20000), total)
	doc, err := t.Sale([]pos.Tender{cash}, "Fatima", "shift-1", time.Date(2026, 3, 14, 16, 42, 0, 0, time.FixedZone("WET", 3600)))
	if err != nil {
		return &pos.Document{Kind: pos.KindSale, Receipt: 1}, shop
	}
	doc.ID = "5f0c2a9e-8d1b-4c3e-9a77-2b6f1d0e4a11"
	doc.Receipt = 1042
	doc.Seq = 2087
	doc.Terminal = "STAND-1"
	return doc, shop
}

// SampleForeign is Sample paid by a tourist: 150 € at 10.8523 towards the
// total, the rest in dirhams with change, for the golden tests of the
// foreign tender's lines and the screenshots.
func SampleForeign() (*pos.Document, pos.Shop) {
	doc, shop := Sample()
	eur, err := pos.ForeignTender(pos.TenderCashEUR, 15000, 108523, doc.Total)
	if err != nil {
		return doc, shop
	}
	cash, err := pos.CashTender(doc.Total-eur.Amount+(5000-(doc.Total-eur.Amount)%5000), doc.Total-eur.Amount)
	if err != nil {
		return doc, shop
	}
	doc.Tenders = []pos.Tender{eur, cash}
	doc.ID = "9b1e7c42-3f5a-4d8e-b0c6-71a2e95d3f08"
	doc.Receipt = 1043
	doc.Seq = 2088
	return doc, shop
}

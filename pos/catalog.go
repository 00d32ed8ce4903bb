package pos

import (
	"strings"
	"time"
)

// TaxRate is a TVA rate in basis points: 2000 is 20 %.
type TaxRate int

// TaxRates are the Moroccan TVA rates a product may carry.
var TaxRates = []TaxRate{2000, 1400, 1000, 700, 0}

// Valid reports whether r is one of the Moroccan TVA rates.
func (r TaxRate) Valid() bool {
	for _, v := range TaxRates {
		if r == v {
			return true
		}
	}
	return false
}

// Percent renders the rate as "20", "14", "0".
func (r TaxRate) Percent() string { return Money(r).Decimal()[:len(Money(r).Decimal())-3] }

// Names holds a text in each language of the till.
type Names struct {
	FR string `json:"fr"`
	AR string `json:"ar,omitempty"`
	EN string `json:"en,omitempty"`
}

// In returns the text in l, falling back to French, which is mandatory.
func (n Names) In(l Lang) string {
	switch l {
	case AR:
		if n.AR != "" {
			return n.AR
		}
	case EN:
		if n.EN != "" {
			return n.EN
		}
	}
	return n.FR
}

// Product is an article of the catalogue. Prices are tax-inclusive.
type Product struct {
	SKU      string   `json:"sku"`
	Name     Names    `json:"name"`
	Category string   `json:"category"`
	Barcodes []string `json:"barcodes,omitempty"`
	Price    Money    `json:"price"` // list price per unit
	// Floor is the lowest unit price a cashier may haggle down to; below
	// it a manager must approve.
	Floor Money   `json:"floor"`
	Tax   TaxRate `json:"tax"`
	Stock int64   `json:"stock"`
	// Unique marks a one-off piece (a rug, a lantern): it sells once, then
	// it is out of stock.
	Unique  bool      `json:"unique,omitempty"`
	Artisan string    `json:"artisan,omitempty"`
	Active  bool      `json:"active"`
	Photo   string    `json:"photo,omitempty"` // file name under the data folder's photos/
	Updated time.Time `json:"updated"`
}

// Validate checks the rules a product must obey before it is stored.
func (p *Product) Validate() error {
	switch {
	case strings.TrimSpace(p.SKU) == "":
		return Errorf("product.sku_missing")
	case strings.ContainsAny(p.SKU, ",;\"\n\r\t"):
		return Errorf("product.sku_invalid", p.SKU)
	case strings.TrimSpace(p.Name.FR) == "":
		return Errorf("product.name_missing", p.SKU)
	case p.Price <= 0 || p.Price > MaxPrice:
		return Errorf("product.price_invalid", p.SKU)
	case p.Floor < 0 || p.Floor > p.Price:
		return Errorf("product.floor_invalid", p.SKU)
	case !p.Tax.Valid():
		return Errorf("product.tax_invalid", p.SKU)
	case p.Stock < 0 && p.Unique:
		// Ordinary stock may go below zero when the count was wrong and
		// the seller sold what was in hand; a unique piece cannot.
		return Errorf("product.stock_invalid", p.SKU)
	case p.Unique && p.Stock > 1:
		return Errorf("product.unique_stock", p.SKU)
	}
	return nil
}

// Matches reports whether the product matches a search typed at the till:
// every word must appear in one of its names, its SKU, category or
// artisan, ignoring case; an exact barcode also matches.
func (p *Product) Matches(query string) bool {
	q := strings.ToLower(strings.TrimSpace(query))
	if q == "" {
		return true
	}
	for _, b := range p.Barcodes {
		if b == q {
			return true
		}
	}
	hay := strings.ToLower(p.SKU + " " + p.Name.FR + " " + p.Name.AR + " " + p.Name.EN + " " + p.Category + " " + p.Artisan)
	for _, w := range strings.Fields(q) {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

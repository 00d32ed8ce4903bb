// Package catalog reads and writes the catalogue as CSV, the format
// cooperatives keep their price lists in.
//
// Columns (UTF-8, header row required, order free, unknown columns refused):
//
//	sku        required, no comma/semicolon/quote
//	name_fr    required
//	name_ar    optional
//	name_en    optional
//	category   optional
//	barcodes   optional, several separated by "|"
//	price      required, tax-inclusive, "120.00" or "120,00"
//	floor      optional, lowest haggled price without a manager (default: price)
//	tax        required, TVA percent: 20, 14, 10, 7 or 0
//	stock      optional, whole number (default 0)
//	unique     optional, "yes"/"no" (also 1/0, true/false, oui/non)
//	artisan    optional, artisan or cooperative of origin
//	active     optional, yes/no (default yes)
package catalog

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"hanout/pos"
)

// Columns is the header written by WriteCSV.
var Columns = []string{"sku", "name_fr", "name_ar", "name_en", "category", "barcodes", "price", "floor", "tax", "stock", "unique", "artisan", "active"}

// LineError is one bad row: Line counts from 1 at the header.
type LineError struct {
	Line int
	Err  error
}

func (e LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

// ImportError lists every bad row of a file; nothing of the file was taken.
type ImportError struct{ Lines []LineError }

func (e *ImportError) Error() string {
	var b strings.Builder
	for i, l := range e.Lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l.Error())
	}
	return b.String()
}

// ReadCSV parses a whole catalogue file. It returns either every product or
// an *ImportError naming each bad row (a duplicate SKU or barcode counts as
// bad), never a partial catalogue.
func ReadCSV(r io.Reader) ([]pos.Product, error) {
	ps, _, err := Read(r)
	return ps, err
}

// Read is ReadCSV that also tells which columns the file has, so an import
// can leave alone what a file does not speak of (stock counted at the
// stall, photos).
func Read(r io.Reader) ([]pos.Product, map[string]bool, error) {
	ps, col, err := read(r)
	present := map[string]bool{}
	for k := range col {
		present[k] = true
	}
	return ps, present, err
}

func read(r io.Reader) ([]pos.Product, map[string]int, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, nil, &ImportError{Lines: []LineError{{1, errors.New("no header row")}}}
	}
	col := map[string]int{}
	var bad []LineError
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		known := false
		for _, c := range Columns {
			known = known || c == h
		}
		if !known {
			bad = append(bad, LineError{1, fmt.Errorf("unknown column %q", h)})
		}
		if _, dup := col[h]; dup {
			bad = append(bad, LineError{1, fmt.Errorf("column %q twice", h)})
		}
		col[h] = i
	}
	for _, req := range []string{"sku", "name_fr", "price", "tax"} {
		if _, ok := col[req]; !ok {
			bad = append(bad, LineError{1, fmt.Errorf("missing column %q", req)})
		}
	}
	if len(bad) > 0 {
		return nil, col, &ImportError{Lines: bad}
	}
	var out []pos.Product
	skus, codes := map[string]int{}, map[string]int{}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			bad = append(bad, LineError{line, fmt.Errorf("unreadable CSV: %v", unwrapCSV(err))})
			if len(bad) > 1000 {
				break
			}
			continue
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if len(rec) == 1 && rec[0] == "" {
			continue // blank line
		}
		p, err := parseRow(get)
		if err == nil {
			if first, dup := skus[p.SKU]; dup {
				err = fmt.Errorf("SKU %q already on line %d", p.SKU, first)
			}
			for _, bc := range p.Barcodes {
				if first, dup := codes[bc]; dup && err == nil {
					err = fmt.Errorf("barcode %q already on line %d", bc, first)
				}
			}
		}
		if err != nil {
			bad = append(bad, LineError{line, err})
			continue
		}
		skus[p.SKU] = line
		for _, bc := range p.Barcodes {
			codes[bc] = line
		}
		out = append(out, p)
	}
	if len(bad) > 0 {
		return nil, col, &ImportError{Lines: bad}
	}
	return out, col, nil
}

func unwrapCSV(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func parseRow(get func(string) string) (pos.Product, error) {
	p := pos.Product{
		SKU: get("sku"), Name: pos.Names{FR: get("name_fr"), AR: get("name_ar"), EN: get("name_en")},
		Category: get("category"), Artisan: get("artisan"), Active: true,
	}
	if bc := get("barcodes"); bc != "" {
		for _, b := range strings.Split(bc, "|") {
			if b = strings.TrimSpace(b); b != "" {
				p.Barcodes = append(p.Barcodes, b)
			}
		}
	}
	var err error
	if p.Price, err = pos.ParseMoney(get("price")); err != nil {
		return p, fmt.Errorf("price %q is not an amount", get("price"))
	}
	p.Floor = p.Price
	if f := get("floor"); f != "" {
		if p.Floor, err = pos.ParseMoney(f); err != nil {
			return p, fmt.Errorf("floor %q is not an amount", f)
		}
	}
	tax, err := strconv.Atoi(strings.TrimSuffix(get("tax"), "%"))
	if err != nil || !pos.TaxRate(tax*100).Valid() {
		return p, fmt.Errorf("tax %q must be 20, 14, 10, 7 or 0", get("tax"))
	}
	p.Tax = pos.TaxRate(tax * 100)
	if p.Unique {
		p.Stock = 1 // a unique piece listed is a piece in hand
	}
	if s := get("stock"); s != "" {
		if p.Stock, err = strconv.ParseInt(s, 10, 64); err != nil {
			return p, fmt.Errorf("stock %q is not a whole number", s)
		}
	}
	if p.Unique, err = yesNo(get("unique"), false); err != nil {
		return p, fmt.Errorf("unique: %v", err)
	}
	if p.Active, err = yesNo(get("active"), true); err != nil {
		return p, fmt.Errorf("active: %v", err)
	}
	if err := p.Validate(); err != nil {
		return p, errors.New(describe(err))
	}
	return p, nil
}

// describe gives the English reason for a product rule; the import report
// is read by installers in a terminal, next to the line number.
func describe(err error) string {
	switch pos.KeyOf(err) {
	case "product.sku_missing":
		return "sku is empty"
	case "product.sku_invalid":
		return "sku contains a comma, semicolon, quote or line break"
	case "product.name_missing":
		return "name_fr is empty"
	case "product.price_invalid":
		return "price must be above zero"
	case "product.floor_invalid":
		return "floor must be between 0 and price"
	case "product.stock_invalid":
		return "stock cannot be negative"
	case "product.unique_stock":
		return "a unique piece has stock 0 or 1"
	}
	return err.Error()
}

func yesNo(s string, def bool) (bool, error) {
	switch strings.ToLower(s) {
	case "":
		return def, nil
	case "yes", "y", "1", "true", "oui", "o":
		return true, nil
	case "no", "n", "0", "false", "non":
		return false, nil
	}
	return false, fmt.Errorf("%q is not yes or no", s)
}

// WriteCSV writes products in the import format, so an export re-imports
// unchanged.
func WriteCSV(w io.Writer, ps []pos.Product) error {
	cw := csv.NewWriter(w)
	cw.Write(Columns)
	yn := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	for _, p := range ps {
		cw.Write([]string{p.SKU, p.Name.FR, p.Name.AR, p.Name.EN, p.Category, strings.Join(p.Barcodes, "|"),
			p.Price.Decimal(), p.Floor.Decimal(), strconv.Itoa(int(p.Tax) / 100), strconv.FormatInt(p.Stock, 10),
			yn(p.Unique), p.Artisan, yn(p.Active)})
	}
	cw.Flush()
	return cw.Error()
}

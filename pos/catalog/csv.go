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
	"io"
	"strconv"
	"strings"

	"hanout/pos"
	"hanout/pos/i18n"
)

// Columns is the header written by WriteCSV.
var Columns = []string{"sku", "name_fr", "name_ar", "name_en", "category", "barcodes", "price", "floor", "tax", "stock", "unique", "artisan", "active"}

// LineError is one bad row: Line counts from 1 at the header.
type LineError struct {
	Line int
	Err  error
}

func (e LineError) Error() string { return e.In(pos.EN) }

// In is the line and its reason in language l ("ligne 3 : …"); reasons are
// *pos.Error with keys import.* in assets/i18n/command.*.json.
func (e LineError) In(l pos.Lang) string {
	return i18n.T(l, "import.line", e.Line, i18n.Error(l, e.Err))
}

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
		return nil, nil, &ImportError{Lines: []LineError{{1, pos.Errorf("import.no_header")}}}
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
			bad = append(bad, LineError{1, pos.Errorf("import.unknown_column", h)})
		}
		if _, dup := col[h]; dup {
			bad = append(bad, LineError{1, pos.Errorf("import.column_twice", h)})
		}
		col[h] = i
	}
	for _, req := range []string{"sku", "name_fr", "price", "tax"} {
		if _, ok := col[req]; !ok {
			bad = append(bad, LineError{1, pos.Errorf("import.missing_column", req)})
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
			bad = append(bad, LineError{line, pos.Wrap(err, "import.unreadable", unwrapCSV(err).Error())})
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
				err = pos.Errorf("import.sku_twice", p.SKU, first)
			}
			for _, bc := range p.Barcodes {
				if first, dup := codes[bc]; dup && err == nil {
					err = pos.Errorf("import.barcode_twice", bc, first)
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
		return p, pos.Errorf("import.price", get("price"))
	}
	p.Floor = p.Price
	if f := get("floor"); f != "" {
		if p.Floor, err = pos.ParseMoney(f); err != nil {
			return p, pos.Errorf("import.floor", f)
		}
	}
	tax, err := strconv.Atoi(strings.TrimSuffix(get("tax"), "%"))
	if err != nil || !pos.TaxRate(tax*100).Valid() {
		return p, pos.Errorf("import.tax", get("tax"))
	}
	p.Tax = pos.TaxRate(tax * 100)
	if p.Unique {
		p.Stock = 1 // a unique piece listed is a piece in hand
	}
	if s := get("stock"); s != "" {
		if p.Stock, err = strconv.ParseInt(s, 10, 64); err != nil {
			return p, pos.Errorf("import.stock", s)
		}
	}
	if p.Unique, err = yesNo(get("unique"), false); err != nil {
		return p, pos.Errorf("import.yes_no", "unique", get("unique"))
	}
	if p.Active, err = yesNo(get("active"), true); err != nil {
		return p, pos.Errorf("import.yes_no", "active", get("active"))
	}
	if err := p.Validate(); err != nil {
		return p, describe(err)
	}
	return p, nil
}

// describe gives the short reason for a product rule; the import report
// is read by installers in a terminal, next to the line number.
func describe(err error) error {
	switch k := pos.KeyOf(err); k {
	case "product.sku_missing", "product.sku_invalid", "product.name_missing", "product.price_invalid",
		"product.floor_invalid", "product.stock_invalid", "product.unique_stock":
		return pos.Wrap(err, "import."+strings.TrimPrefix(k, "product."))
	}
	return err
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
	return false, pos.Errorf("import.yes_no", "", s)
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

package ui

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hanout/pos"
)

// catalogueScreen lists the products and edits one at a time.
type catalogueScreen struct {
	u      *UI
	search *widget.Entry
	shown  []int
	list   *widget.List
	form   *fyne.Container
	edit   *productForm
	addBtn *widget.Button
	notice *notice // "saved" without a dialog
}

type productForm struct {
	orig                string // SKU being edited, "" for a new one
	sku, fr, ar, en     *widget.Entry
	price, floor, stock *numEntry // each with its keypad button
	barcodes            *widget.Entry
	artisan             *artisanChoice // artisans.go
	category            *widget.SelectEntry
	tax                 *widget.Select
	unique, active      *widget.Check
	photo               string
	photoLbl            *widget.Label
	save                *widget.Button
}

// showCatalogue opens the catalogue, for a logged-in seller.
func (u *UI) showCatalogue() {
	if u.user == nil {
		u.showLogin()
		return
	}
	c := &catalogueScreen{u: u}
	u.catalogue = c
	u.frame(screenCatalogue, c.build())
	c.filterCatalogue()
	c.askPick()
}

// build makes the screen's widgets: the search and the product list on
// one side, the product form on the other.
func (c *catalogueScreen) build() fyne.CanvasObject {
	u := c.u
	c.search = u.entry(u.t("ui.sell.search"))
	c.search.OnChanged = func(string) { c.filterCatalogue() }
	c.list = widget.NewList(func() int { return len(c.shown) },
		func() fyne.CanvasObject { return u.label("") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(c.shown) {
				p := &u.products[c.shown[id]]
				s := u.name(p.Name) + " · " + u.money(p.Price) + " · " + p.Category
				if !p.Active {
					s += " · " + u.tl("ui.cat.inactive")
				}
				o.(*widget.Label).SetText(u.v(s))
			}
		})
	c.list.OnSelected = func(id widget.ListItemID) {
		if id < len(c.shown) {
			c.editProduct(&u.products[c.shown[id]])
		}
	}
	c.addBtn = widget.NewButtonWithIcon(u.t("ui.cat.new"), theme.ContentAddIcon(), func() {
		c.list.UnselectAll()
		c.editProduct(nil)
	})
	c.addBtn.Importance = widget.HighImportance
	c.form = container.NewVBox()
	left := container.NewBorder(container.NewVBox(c.search, c.addBtn), nil, nil, nil, c.list)
	return container.New(&splitLayout{rtl: u.rtl(), side: 560, frac: 0.5, portrait: 0.6, gap: 12},
		left, container.NewVScroll(c.form))
}

// askPick asks the seller to pick a product or tap Add: nothing opens in
// edit mode by itself.
func (c *catalogueScreen) askPick() {
	u := c.u
	c.notice = u.newNotice()
	c.form.Objects = []fyne.CanvasObject{c.notice.obj, u.wrapLabel(u.t("ui.cat.pick"))}
	c.form.Refresh()
}

// filterCatalogue lists the products matching the search.
func (c *catalogueScreen) filterCatalogue() {
	u := c.u
	c.shown = c.shown[:0]
	for i := range u.products {
		if u.products[i].Matches(c.search.Text) {
			c.shown = append(c.shown, i)
		}
	}
	c.list.Refresh()
}

// editProduct fills the form with p, or an empty product when p is nil.
func (c *catalogueScreen) editProduct(p *pos.Product) {
	u := c.u
	f := &productForm{}
	c.edit = f
	np := pos.Product{Tax: 2000, Active: true, Stock: 1}
	if p != nil {
		np = *p
		f.orig = p.SKU
	}
	f.sku = u.entry("SKU")
	f.sku.SetText(np.SKU)
	if f.orig != "" {
		f.sku.Disable()
	}
	f.fr, f.ar, f.en = u.entry(""), u.entry(""), u.entry("")
	f.fr.SetText(np.Name.FR)
	f.ar.SetText(np.Name.AR)
	f.en.SetText(np.Name.EN)
	f.price, f.floor, f.stock = u.numEntry(nil), u.numEntry(nil), u.numEntry(nil)
	f.price.SetPlaceHolder(u.amountText(0))
	f.floor.SetPlaceHolder(u.amountText(0))
	f.stock.SetPlaceHolder("0")
	if np.Price != 0 {
		f.price.SetText(u.amountText(np.Price))
	}
	if np.Floor != 0 {
		f.floor.SetText(u.amountText(np.Floor))
	}
	f.stock.SetText(strconv.FormatInt(np.Stock, 10))
	f.barcodes = u.entry(u.t("ui.cat.barcodes_hint"))
	f.barcodes.SetText(strings.Join(np.Barcodes, ", "))
	f.artisan = u.artisanChoice(np.Artisan)
	f.category = widget.NewSelectEntry(u.categories())
	f.category.SetText(np.Category)
	var rates []string
	for _, r := range pos.TaxRates {
		rates = append(rates, r.Percent()+" %")
	}
	f.tax = widget.NewSelect(rates, nil)
	f.tax.SetSelected(np.Tax.Percent() + " %")
	f.unique = widget.NewCheck(u.t("ui.cat.unique"), nil)
	f.unique.SetChecked(np.Unique)
	f.active = widget.NewCheck(u.t("ui.cat.active"), nil)
	f.active.SetChecked(np.Active)
	f.photo = np.Photo
	f.photoLbl = u.label(np.Photo)
	photoBtn := widget.NewButtonWithIcon(u.t("ui.cat.photo_choose"), theme.FileImageIcon(), func() { c.choosePhoto(f) })
	f.save = widget.NewButtonWithIcon(u.t("ui.cat.save"), theme.DocumentSaveIcon(), func() { c.saveProduct(f) })
	f.save.Importance = widget.HighImportance

	title := u.t("ui.cat.new")
	if f.orig != "" {
		title = u.t("ui.cat.edit", np.SKU)
	}
	c.form.Objects = []fyne.CanvasObject{
		u.heading(title),
		u.formRow(u.t("ui.cat.sku"), f.sku),
		u.formRow(u.t("ui.cat.name_fr"), f.fr),
		u.formRow(u.t("ui.cat.name_ar"), f.ar),
		u.formRow(u.t("ui.cat.name_en"), f.en),
		u.formRow(u.t("ui.cat.price"), u.keypadField(f.price, u.t("ui.cat.price"))),
		u.formRow(u.t("ui.cat.floor"), u.keypadField(f.floor, u.t("ui.cat.floor"))),
		u.formRow(u.t("ui.cat.tax"), f.tax),
		u.formRow(u.t("ui.cat.category"), f.category),
		u.formRow(u.t("ui.cat.barcodes"), f.barcodes),
		u.formRow(u.t("ui.cat.stock"), u.keypadField(f.stock, u.t("ui.cat.stock"))),
		u.formRow(u.t("ui.cat.artisan"), f.artisan.sel),
		u.row(f.unique, f.active),
		u.formRow(u.t("ui.cat.photo"), container.NewBorder(nil, nil, nil, photoBtn, f.photoLbl)),
		tall(f.save, 56),
	}
	c.form.Refresh()
}

// saveProduct validates the form into a product and stores it.
func (c *catalogueScreen) saveProduct(f *productForm) {
	u := c.u
	p := pos.Product{
		SKU:      strings.TrimSpace(f.sku.Text),
		Name:     pos.Names{FR: strings.TrimSpace(f.fr.Text), AR: strings.TrimSpace(f.ar.Text), EN: strings.TrimSpace(f.en.Text)},
		Category: strings.TrimSpace(f.category.Text),
		Artisan:  f.artisan.id(),
		Unique:   f.unique.Checked,
		Active:   f.active.Checked,
		Photo:    f.photo,
	}
	var err error
	if p.Price, err = pos.ParseMoney(f.price.Text); err != nil {
		u.showErr(err)
		return
	}
	if strings.TrimSpace(f.floor.Text) != "" {
		if p.Floor, err = pos.ParseMoney(f.floor.Text); err != nil {
			u.showErr(err)
			return
		}
	}
	if p.Stock, err = strconv.ParseInt(strings.TrimSpace(f.stock.Text), 10, 64); err != nil {
		u.showErr(pos.Errorf("product.stock_invalid", p.SKU))
		return
	}
	for _, r := range pos.TaxRates {
		if r.Percent()+" %" == f.tax.Selected {
			p.Tax = r
		}
	}
	if f.tax.Selected == "" {
		p.Tax = -1 // Validate refuses it with the right message
	}
	p.Barcodes = append(p.Barcodes, strings.FieldsFunc(f.barcodes.Text, func(r rune) bool { return r == ',' || r == ' ' || r == ';' })...)
	if f.orig == "" {
		if _, err := u.st.Product(p.SKU); err == nil {
			u.info(u.t("ui.error.title"), u.t("ui.cat.sku_taken", p.SKU))
			return
		}
	}
	if err := u.st.PutProduct(&p); err != nil {
		u.showErr(err)
		return
	}
	u.products = u.reloadProducts()
	c.filterCatalogue()
	for i, idx := range c.shown {
		if u.products[idx].SKU == p.SKU {
			c.list.Select(i)
		}
	}
	// Saved is said in a banner above the form: no OK to tap.
	if c.notice == nil {
		c.notice = u.newNotice()
	}
	c.notice.show(noticeOK, u.t("ui.cat.saved", u.name(p.Name)))
	if len(c.form.Objects) == 0 || c.form.Objects[0] != c.notice.obj {
		c.form.Objects = append([]fyne.CanvasObject{c.notice.obj}, c.form.Objects...)
	}
	c.form.Refresh()
}

// choosePhoto copies an image file into <data>/photos/<sku><ext>.
func (c *catalogueScreen) choosePhoto(f *productForm) {
	u := c.u
	sku := strings.TrimSpace(f.sku.Text)
	if sku == "" {
		u.showErr(pos.Errorf("product.sku_missing"))
		return
	}
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		defer r.Close()
		name, err := c.copyPhoto(sku, r.URI().Extension(), r)
		if err != nil {
			u.showErr(err)
			return
		}
		f.photo = name
		f.photoLbl.SetText(name)
	}, u.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".png", ".jpg", ".jpeg", ".PNG", ".JPG", ".JPEG"}))
	d.Resize(fyne.NewSize(u.win.Canvas().Size().Width*0.9, u.win.Canvas().Size().Height*0.9))
	d.Show()
}

// copyPhoto writes r as the photo of sku under <data>/photos, through a
// temporary file, and returns its name there.
func (c *catalogueScreen) copyPhoto(sku, ext string, r io.Reader) (string, error) {
	u := c.u
	ext = strings.ToLower(ext)
	if ext != ".png" && ext != ".jpg" && ext != ".jpeg" {
		return "", pos.Errorf("ui.cat.photo_type")
	}
	safe := strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == '.' || r < ' ' {
			return '_'
		}
		return r
	}, sku)
	dir := filepath.Join(u.dataDir, "photos")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", pos.Wrap(err, "ui.cat.photo_failed")
	}
	name := safe + ext
	tmp := filepath.Join(dir, name+".part")
	out, err := os.Create(tmp)
	if err != nil {
		return "", pos.Wrap(err, "ui.cat.photo_failed")
	}
	if _, err := io.Copy(out, io.LimitReader(r, 20<<20)); err != nil {
		out.Close()
		os.Remove(tmp)
		return "", pos.Wrap(err, "ui.cat.photo_failed")
	}
	out.Close()
	if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		return "", pos.Wrap(err, "ui.cat.photo_failed")
	}
	return name, nil
}

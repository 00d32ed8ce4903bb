package demo

import "hanout/pos"

// item is a compact catalogue row: sku, French, Arabic, English, category,
// price in dirhams, floor in dirhams, TVA %, stock (0 with unique = 1 piece),
// unique, artisan.
type item struct {
	sku, fr, ar, en, cat string
	price, floor         int64
	tax                  int
	stock                int64
	unique               bool
	artisan              string
}

var items = []item{
	{"TAJ-SAF-S", "Tajine de Safi petit", "طاجين آسفي صغير", "Small Safi tagine", "poterie", 120, 90, 20, 40, false, "Coopérative Chaabia, Safi"},
	{"TAJ-SAF-L", "Tajine de Safi grand", "طاجين آسفي كبير", "Large Safi tagine", "poterie", 250, 190, 20, 25, false, "Coopérative Chaabia, Safi"},
	{"TAJ-BER", "Tajine berbère en terre", "طاجين أمازيغي من الطين", "Berber clay tagine", "poterie", 90, 70, 20, 30, false, "Potiers de Tamegroute"},
	{"TAM-BOL", "Bol vert de Tamegroute", "زلافة تامكروت الخضراء", "Tamegroute green bowl", "poterie", 80, 60, 20, 35, false, "Potiers de Tamegroute"},
	{"FES-ASS", "Assiette bleue de Fès", "صحن فاسي أزرق", "Fez blue plate", "poterie", 180, 140, 20, 20, false, "Atelier Benjelloun, Fès"},
	{"FES-VAS", "Vase de Fès peint main", "مزهرية فاسية مرسومة باليد", "Hand-painted Fez vase", "poterie", 420, 330, 20, 8, false, "Atelier Benjelloun, Fès"},
	{"SAF-PLT", "Plat à couscous de Safi", "قصعة آسفي للكسكس", "Safi couscous dish", "poterie", 300, 230, 20, 10, false, "Coopérative Chaabia, Safi"},
	{"ZEL-TAB", "Table en zellige", "طاولة زليج", "Zellige table", "zellige", 2400, 1900, 20, 1, true, "Maâlem Idrissi, Fès"},
	{"ZEL-FON", "Fontaine murale en zellige", "نافورة حائطية من الزليج", "Zellige wall fountain", "zellige", 6800, 5500, 20, 1, true, "Maâlem Idrissi, Fès"},
	{"ZEL-DES", "Dessous de plat zellige", "حامل أواني من الزليج", "Zellige trivet", "zellige", 150, 110, 20, 30, false, "Maâlem Idrissi, Fès"},
	{"ZEL-MIR", "Miroir cadre zellige", "مرآة بإطار زليج", "Zellige-framed mirror", "zellige", 900, 720, 20, 4, false, "Maâlem Idrissi, Fès"},
	{"RUG-BEN", "Tapis Beni Ouarain 2×3 m", "زربية بني وراين 2×3 م", "Beni Ourain rug 2×3 m", "tapis", 9500, 7800, 20, 1, true, "Coopérative Tifawt, Timahdite"},
	{"RUG-AZI", "Tapis Azilal", "زربية أزيلال", "Azilal rug", "tapis", 5200, 4200, 20, 1, true, "Coopérative Tamounte, Azilal"},
	{"RUG-BOU", "Boucherouite coloré", "بوشرويط ملون", "Colourful boucherouite", "tapis", 1400, 1100, 20, 1, true, "Coopérative Tamounte, Azilal"},
	{"RUG-KIL", "Kilim du Haut Atlas", "حنبل الأطلس الكبير", "High Atlas kilim", "tapis", 3200, 2600, 20, 1, true, "Coopérative Tifawt, Timahdite"},
	{"RUG-TAP", "Petit tapis de prière", "سجادة صلاة صغيرة", "Small prayer rug", "tapis", 650, 520, 20, 6, false, "Coopérative Tifawt, Timahdite"},
	{"ARG-COS-50", "Huile d'argan cosmétique 50 ml", "زيت الأركان التجميلي 50 مل", "Cosmetic argan oil 50 ml", "argan", 120, 95, 20, 60, false, "Coopérative Tissaliwine, Essaouira"},
	{"ARG-COS-100", "Huile d'argan cosmétique 100 ml", "زيت الأركان التجميلي 100 مل", "Cosmetic argan oil 100 ml", "argan", 200, 160, 20, 50, false, "Coopérative Tissaliwine, Essaouira"},
	{"ARG-ALI-250", "Huile d'argan alimentaire 250 ml", "زيت الأركان الغذائي 250 مل", "Culinary argan oil 250 ml", "argan", 220, 180, 7, 40, false, "Coopérative Tissaliwine, Essaouira"},
	{"AML-250", "Amlou 250 g", "أملو 250 غ", "Amlou 250 g", "argan", 90, 75, 7, 45, false, "Coopérative Tissaliwine, Essaouira"},
	{"SAV-BEL", "Savon noir beldi", "الصابون البلدي", "Beldi black soap", "hammam", 35, 25, 20, 80, false, "Coopérative Nour, Marrakech"},
	{"GHA-ARG", "Ghassoul de l'Atlas", "غاسول الأطلس", "Atlas ghassoul clay", "hammam", 40, 30, 20, 70, false, "Coopérative Nour, Marrakech"},
	{"KES-GAN", "Gant kessa", "كيس الحمام", "Kessa glove", "hammam", 25, 20, 20, 100, false, "Coopérative Nour, Marrakech"},
	{"EAU-ROS", "Eau de rose de Kelâa", "ماء الورد من قلعة مكونة", "Kelaa rose water", "hammam", 60, 45, 20, 50, false, "Coopérative Rosa Damascena, Kelâa"},
	{"BAB-HOM", "Babouches homme en cuir", "بلغة رجالية من الجلد", "Men's leather babouches", "cuir", 180, 140, 20, 30, false, "Tanneurs de Chouara, Fès"},
	{"BAB-FEM", "Babouches brodées femme", "شربيل نسائي مطرز", "Women's embroidered babouches", "cuir", 220, 170, 20, 30, false, "Tanneurs de Chouara, Fès"},
	{"BAB-ENF", "Babouches enfant", "بلغة للأطفال", "Children's babouches", "cuir", 90, 70, 20, 25, false, "Tanneurs de Chouara, Fès"},
	{"POF-CUI", "Pouf en cuir brodé", "بوف جلدي مطرز", "Embroidered leather pouf", "cuir", 650, 500, 20, 12, false, "Tanneurs de Chouara, Fès"},
	{"SAC-CUI", "Sac en cuir de Fès", "حقيبة جلدية فاسية", "Fez leather bag", "cuir", 480, 380, 20, 15, false, "Tanneurs de Chouara, Fès"},
	{"CEI-CUI", "Ceinture en cuir", "حزام جلدي", "Leather belt", "cuir", 150, 110, 20, 20, false, "Tanneurs de Chouara, Fès"},
	{"POR-CUI", "Portefeuille en cuir", "محفظة جلدية", "Leather wallet", "cuir", 120, 90, 20, 25, false, "Tanneurs de Chouara, Fès"},
	{"LAN-CUI-S", "Lanterne en cuivre petite", "فانوس نحاسي صغير", "Small copper lantern", "luminaires", 280, 220, 20, 15, false, "Dinandiers de Marrakech"},
	{"LAN-CUI-L", "Grande lanterne ciselée", "فانوس كبير منقوش", "Large chiselled lantern", "luminaires", 1800, 1450, 20, 1, true, "Dinandiers de Marrakech"},
	{"LAN-VER", "Lanterne à verres colorés", "فانوس بزجاج ملون", "Coloured-glass lantern", "luminaires", 550, 430, 20, 8, false, "Dinandiers de Marrakech"},
	{"LUS-LAI", "Lustre en laiton", "ثريا نحاسية", "Brass chandelier", "luminaires", 3600, 2900, 20, 1, true, "Dinandiers de Marrakech"},
	{"APL-PEA", "Applique en peau de chèvre", "مصباح حائطي من جلد الماعز", "Goatskin wall lamp", "luminaires", 350, 270, 20, 10, false, "Dinandiers de Marrakech"},
	{"THE-SIN", "Théière en métal argenté", "براد شاي فضي", "Silver-plated teapot", "thé", 320, 250, 20, 15, false, "Dinandiers de Marrakech"},
	{"THE-VER", "Verres à thé peints (6)", "كؤوس شاي مزخرفة (6)", "Painted tea glasses (6)", "thé", 110, 85, 20, 30, false, "Verrerie de Salé"},
	{"THE-PLA", "Plateau à thé ciselé", "صينية شاي منقوشة", "Chiselled tea tray", "thé", 400, 320, 20, 10, false, "Dinandiers de Marrakech"},
	{"THE-GUN", "Thé vert gunpowder 500 g", "شاي أخضر 500 غ", "Gunpowder green tea 500 g", "épicerie", 45, 40, 0, 60, false, "Coopérative Attay"},
	{"EPI-RAS", "Ras el hanout 100 g", "رأس الحانوت 100 غ", "Ras el hanout 100 g", "épicerie", 40, 30, 0, 60, false, "Épices Mellah"},
	{"EPI-SAF", "Safran de Taliouine 1 g", "زعفران تالوين 1 غ", "Taliouine saffron 1 g", "épicerie", 60, 50, 0, 80, false, "Coopérative Souktana, Taliouine"},
	{"EPI-CUM", "Cumin de Alnif 100 g", "كمون ألنيف 100 غ", "Alnif cumin 100 g", "épicerie", 25, 20, 0, 50, false, "Épices Mellah"},
	{"DAT-MEJ", "Dattes Mejhoul 1 kg", "تمر المجهول 1 كغ", "Medjool dates 1 kg", "épicerie", 160, 130, 0, 40, false, "Coopérative Tafilalet"},
	{"MIE-THY", "Miel de thym 500 g", "عسل الزعتر 500 غ", "Thyme honey 500 g", "épicerie", 180, 150, 10, 25, false, "Coopérative Imouzzer"},
	{"DJE-BRO", "Djellaba brodée", "جلابة مطرزة", "Embroidered djellaba", "textile", 950, 750, 20, 6, false, "Couturières de Salé"},
	{"CAF-SOI", "Caftan de soie", "قفطان حريري", "Silk kaftan", "textile", 2800, 2250, 20, 1, true, "Couturières de Salé"},
	{"FOU-COT", "Fouta en coton", "فوطة قطنية", "Cotton fouta", "textile", 90, 70, 20, 40, false, "Tisserands de Chefchaouen"},
	{"CHE-LAI", "Plaid en laine de Chefchaouen", "غطاء صوفي من شفشاون", "Chefchaouen wool throw", "textile", 450, 350, 20, 10, false, "Tisserands de Chefchaouen"},
	{"COU-BRO", "Housse de coussin brodée", "غلاف وسادة مطرز", "Embroidered cushion cover", "textile", 160, 120, 20, 20, false, "Brodeuses de Rabat"},
	{"BIJ-ARG", "Bracelet berbère en argent", "سوار أمازيغي من الفضة", "Berber silver bracelet", "bijoux", 750, 600, 20, 8, false, "Bijoutiers de Tiznit"},
	{"BIJ-FIB", "Fibule de Tiznit", "خلالة تيزنيت", "Tiznit fibula", "bijoux", 1200, 950, 20, 1, true, "Bijoutiers de Tiznit"},
	{"BIJ-MAI", "Main de Fatma pendentif", "قلادة خميسة", "Hand of Fatima pendant", "bijoux", 180, 140, 20, 25, false, "Bijoutiers de Tiznit"},
	{"BIJ-AMB", "Collier d'ambre et corail", "عقد من العنبر والمرجان", "Amber and coral necklace", "bijoux", 1600, 1300, 20, 1, true, "Bijoutiers de Tiznit"},
	{"BOI-THU", "Coffret en thuya", "صندوق من العرعار", "Thuya wood box", "bois", 220, 170, 20, 20, false, "Ébénistes d'Essaouira"},
	{"BOI-ECH", "Échiquier marqueté", "رقعة شطرنج مطعمة", "Inlaid chessboard", "bois", 850, 680, 20, 3, false, "Ébénistes d'Essaouira"},
	{"BOI-CUI", "Cuillères en bois d'olivier (3)", "ملاعق من خشب الزيتون (3)", "Olive wood spoons (3)", "bois", 70, 55, 20, 40, false, "Ébénistes d'Essaouira"},
	{"BOI-MOU", "Moucharabieh décoratif", "مشربية زخرفية", "Decorative mashrabiya", "bois", 1900, 1500, 20, 1, true, "Ébénistes d'Essaouira"},
	{"VAN-OSI", "Panier en osier", "سلة من الخيزران", "Wicker basket", "vannerie", 120, 90, 20, 20, false, "Vanniers de Tétouan"},
	{"VAN-CHA", "Chapeau de paille du Rif", "قبعة الريف من القش", "Rif straw hat", "vannerie", 150, 120, 20, 15, false, "Vanniers de Tétouan"},
	{"LIV-CUI", "Livre de cuisine marocaine", "كتاب الطبخ المغربي", "Moroccan cookbook", "livres", 250, 250, 0, 10, false, "Éditions du Souk"},
	{"CAR-PST", "Cartes postales du souk (5)", "بطاقات بريدية من السوق (5)", "Souk postcards (5)", "livres", 30, 25, 20, 100, false, "Éditions du Souk"},
}

// Products returns the demo cooperative's catalogue: about sixty real
// Moroccan artisan products with barcodes 6110000000NN (611 is Morocco's
// GS1 prefix; the rest is invented).
func Products() []pos.Product {
	out := make([]pos.Product, 0, len(items))
	for i, it := range items {
		stock := it.stock
		out = append(out, pos.Product{
			SKU: it.sku, Name: pos.Names{FR: it.fr, AR: it.ar, EN: it.en}, Category: it.cat,
			Barcodes: []string{barcode(i + 1)},
			Price:    pos.Money(it.price * 100), Floor: pos.Money(it.floor * 100), Tax: pos.TaxRate(it.tax * 100),
			Stock: stock, Unique: it.unique, Artisan: it.artisan, Active: true,
		})
	}
	return out
}

// barcode returns a valid EAN-13 for demo item n.
func barcode(n int) string {
	digits := []byte("611000000000")
	for i := 11; i >= 0 && n > 0; i-- {
		digits[i] = byte('0' + n%10)
		n /= 10
	}
	sum := 0
	for i, d := range digits {
		w := 1
		if i%2 == 1 {
			w = 3
		}
		sum += int(d-'0') * w
	}
	return string(digits) + string(rune('0'+(10-sum%10)%10))
}

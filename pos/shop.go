package pos

// Shop is what the till knows about the business it serves: it heads every
// receipt and fills the QR merchant fields.
type Shop struct {
	Name     string `json:"name"`
	NameAR   string `json:"name_ar,omitempty"`
	ICE      string `json:"ice,omitempty"` // Identifiant Commun de l'Entreprise, 15 digits
	Address  string `json:"address,omitempty"`
	City     string `json:"city"`
	Phone    string `json:"phone,omitempty"`
	Header   string `json:"header,omitempty"` // free text above the lines
	Footer   string `json:"footer,omitempty"` // free text at the bottom
	Terminal string `json:"terminal"`         // terminal label, e.g. "STAND-1"
	Lang     Lang   `json:"lang"`             // default language of the till
	// Indicative rates: how many centimes of MAD one unit of the foreign
	// currency is worth (10.85 MAD per EUR = 1085). Zero hides the line.
	RateEUR Money `json:"rate_eur,omitempty"`
	RateUSD Money `json:"rate_usd,omitempty"`
	// ReceiptURL, when set, is printed as a QR code at the foot of the
	// receipt; "{id}" and "{receipt}" are replaced by the sale's values.
	ReceiptURL string `json:"receipt_url,omitempty"`
	// DiscountLimit is how much below list prices a cashier may sell a
	// ticket without a manager, in basis points (1000 = 10 %); 0 leaves
	// only the floor prices. A manager sets it.
	DiscountLimit int `json:"discount_limit,omitempty"`
}

// Indicative converts m into hundredths of a foreign currency at rate
// (centimes of MAD per unit), rounding half away from zero. It returns 0
// when the rate is unset.
func Indicative(m Money, rate Money) int64 {
	if rate <= 0 {
		return 0
	}
	return roundDiv(int64(m)*100, int64(rate))
}

// roundDiv divides a by b (b > 0) rounding half away from zero.
func roundDiv(a, b int64) int64 {
	if a >= 0 {
		return (a + b/2) / b
	}
	return -((-a + b/2) / b)
}

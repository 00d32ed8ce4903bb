package emvco

import "fmt"

// Names gives the English name of each top-level ID, for support tools such
// as "hanout qr decode". Ranges (accounts, templates) are filled in by init.
var Names = map[string]string{
	"00": "Payload format indicator",
	"01": "Point of initiation method",
	"52": "Merchant category code",
	"53": "Transaction currency",
	"54": "Transaction amount",
	"55": "Tip or convenience indicator",
	"56": "Convenience fee fixed",
	"57": "Convenience fee percentage",
	"58": "Country code",
	"59": "Merchant name",
	"60": "Merchant city",
	"61": "Postal code",
	"62": "Additional data field template",
	"63": "CRC",
	"64": "Merchant information, alternate language",
}

// SubNames gives the names of nested objects by template ID. The objects
// of merchant account templates (26–51, 80–99) are scheme-specific except
// 00, the scheme's globally unique identifier: see Name.
var SubNames = map[string]map[string]string{
	"62": {
		"01": "Bill number",
		"02": "Mobile number",
		"03": "Store label",
		"04": "Loyalty number",
		"05": "Reference label",
		"06": "Customer label",
		"07": "Terminal label",
		"08": "Purpose of transaction",
		"09": "Additional consumer data request",
	},
	"64": {
		"00": "Language preference",
		"01": "Merchant name, alternate language",
		"02": "Merchant city, alternate language",
	},
}

func init() {
	for n := 2; n <= 99; n++ {
		id := fmt.Sprintf("%02d", n)
		if _, ok := Names[id]; ok {
			continue
		}
		switch {
		case n <= 3:
			Names[id] = "Merchant account, Visa"
		case n <= 5:
			Names[id] = "Merchant account, Mastercard"
		case n <= 25:
			Names[id] = "Merchant account, card network"
		case n <= 51:
			Names[id] = "Merchant account template"
		case n >= 65 && n <= 79:
			Names[id] = "Reserved for EMVCo"
		case n >= 80:
			Names[id] = "Unreserved template"
		}
	}
}

// Name returns the name of object id inside template parent ("" for a
// top-level object), or "" when the ID has no standard name.
func Name(parent, id string) string {
	if parent == "" {
		return Names[id]
	}
	if m, ok := SubNames[parent]; ok {
		return m[id]
	}
	if id == "00" && IsTemplate(parent) {
		return "Globally unique identifier"
	}
	if IsTemplate(parent) {
		return "Scheme-specific"
	}
	return ""
}

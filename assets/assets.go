// Package assets embeds the files the till ships with: translations, the
// Arabic-capable font, the icon and the demo catalogue.
package assets

import "embed"

// Translations holds i18n/<area>.<lang>.json files. Each feature owns its
// own area file; package pos/i18n merges them.
//
//go:embed i18n/*.json
var Translations embed.FS

// Fonts holds Noto Sans Arabic (SIL Open Font License 1.1, see
// fonts/OFL.txt): it draws Arabic on machines without system Arabic fonts
// and shapes Arabic receipt lines for printers.
//
//go:embed fonts/NotoSansArabic-Regular.ttf
var ArabicRegular []byte

//go:embed fonts/NotoSansArabic-Bold.ttf
var ArabicBold []byte

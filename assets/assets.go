// Package assets embeds the files the till ships with: translations, the
// Arabic-capable font, the icon and the demo catalogue.
package assets

import "embed"

// Translations holds i18n/<area>.<lang>.json files. Each feature owns its
// own area file; package pos/i18n merges them.
//
//go:embed i18n/*.json
var Translations embed.FS

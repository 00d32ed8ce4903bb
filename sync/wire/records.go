package wire

import (
	"encoding/json"
	"time"

	"hanout/pos"
)

// ChangeRecord carries the latest version of one of the merchant's master
// records (a customer, an artisan) in the pull feed.
const ChangeRecord = "record"

// RecordKinds are the master records the platform takes from the tills'
// journal events (What = the kind) and hands to the merchant's other tills.
// Any other event (users, settings, the catalogue) stays on its till.
var RecordKinds = map[string]bool{pos.RecordCustomer: true, pos.RecordArtisan: true}

// MaxRecord bounds one record's JSON.
const MaxRecord = 16 << 10

// Record is one version of a master record: its JSON object, and the time
// and journal event id of the edit that made it. Of two versions the later
// (by Time, then Doc) wins, on the platform and on every till.
type Record struct {
	Kind   string          `json:"kind"`
	ID     string          `json:"id"`
	Data   json.RawMessage `json:"data"`
	Time   time.Time       `json:"time"`
	Doc    string          `json:"doc"`
	Origin string          `json:"origin,omitempty"` // the till that made the edit
}

// Later reports whether version a was made after version b.
func (a Record) Later(b Record) bool {
	if !a.Time.Equal(b.Time) {
		return a.Time.After(b.Time)
	}
	return a.Doc > b.Doc
}

package store

// The cooperative's artisans and their payouts. An artisan is a master
// record (records.go, kind "artisan"): every change to it is a journal
// event, chained and pushed like a sale, and the platform hands it to the
// merchant's other tills. A payout is a document
// (pos.KindPayout) committed through Commit: a cash payout belongs to the
// open shift and lowers its expected cash; a transfer does not touch the
// drawer.

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"hanout/pos"
)

func init() {
	RegisterRecordKind(pos.RecordArtisan, func(id string, data []byte) error {
		var a pos.Artisan
		if err := json.Unmarshal(data, &a); err != nil {
			return pos.Wrap(err, "store.damaged_artisan", id)
		}
		if a.ID != id {
			return pos.Errorf("artisans.id_invalid", a.ID)
		}
		return a.Validate()
	})
}

// PutArtisan adds or changes an artisan (validated), journaled as an event
// and synced to the platform and the merchant's other tills as a master
// record (records.go). Two artisans may not share a name: the catalogue
// file names artisans by name.
func (s *Store) PutArtisan(a *pos.Artisan) error {
	a.Name = strings.TrimSpace(a.Name)
	a.Phone = strings.TrimSpace(a.Phone)
	if err := a.Validate(); err != nil {
		return err
	}
	aa := *a
	aa.Updated = time.Time{}
	b, err := json.Marshal(&aa)
	if err != nil {
		return err
	}
	return diskErr(s.db.Update(func(tx *bolt.Tx) error {
		r, err := s.putArtisan(tx, a, b)
		if r != nil {
			a.Updated = r.Time
		}
		return err
	}))
}

func (s *Store) putArtisan(tx *bolt.Tx, a *pos.Artisan, b []byte) (*Record, error) {
	all, err := artisansIn(tx)
	if err != nil {
		return nil, err
	}
	if other, ok := pos.ArtisanByName(all, a.Name); ok && other.ID != a.ID {
		return nil, pos.Errorf("artisans.name_taken", a.Name)
	}
	return s.putRecord(tx, pos.RecordArtisan, a.ID, b, "updated")
}

func artisanOf(r *Record) (*pos.Artisan, error) {
	var a pos.Artisan
	if err := json.Unmarshal(r.Data, &a); err != nil {
		return nil, pos.Wrap(err, "store.damaged_artisan", r.ID)
	}
	a.Updated = r.Time
	return &a, nil
}

func artisansIn(tx *bolt.Tx) (out []pos.Artisan, err error) {
	prefix := recordKey(pos.RecordArtisan, "")
	c := tx.Bucket(bRecords).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		var r Record
		if err := json.Unmarshal(v, &r); err != nil {
			return nil, pos.Wrap(err, "store.damaged_artisan", string(k[len(prefix):]))
		}
		a, err := artisanOf(&r)
		if err != nil {
			return nil, err
		}
		out = append(out, *a)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if a, b := strings.ToLower(out[i].Name), strings.ToLower(out[j].Name); a != b {
			return a < b
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// Artisans returns every artisan, by name.
func (s *Store) Artisans() (out []pos.Artisan, err error) {
	err = s.db.View(func(tx *bolt.Tx) error { out, err = artisansIn(tx); return err })
	return out, err
}

// Artisan returns one artisan by id.
func (s *Store) Artisan(id string) (a *pos.Artisan, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		a, err = artisanIn(tx, id)
		return err
	})
	return a, err
}

func artisanIn(tx *bolt.Tx, id string) (*pos.Artisan, error) {
	r, err := getRecord(tx, pos.RecordArtisan, id)
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, pos.Errorf("artisans.not_found", id)
	}
	return artisanOf(r)
}

// commitPayout checks a payout inside the commit's transaction: its own
// rules, an artisan the till knows, and for cash the open shift (a
// transfer may be recorded with the drawer closed; when it names a shift,
// that must be the open one).
func commitPayout(tx *bolt.Tx, d *pos.Document) error {
	if err := pos.CheckPayout(d); err != nil {
		return err
	}
	if _, err := artisanIn(tx, d.Artisan); err != nil {
		return err
	}
	meta := tx.Bucket(bMeta)
	if d.Tenders[0].Kind == pos.TenderCash || d.Shift != "" {
		if err := inOpenShift(meta, d); err != nil {
			return err
		}
	}
	nextSeq(meta, d)
	return nil
}

// ArtisansReport is the artisans report for the days from..to inclusive
// ("2006-01-02" in the store's time zone; empty: unbounded). The balance
// counts everything up to the end of to.
func (s *Store) ArtisansReport(from, to string) (*pos.ArtisansReport, error) {
	var fromT, toT time.Time
	if from != "" {
		t, err := time.ParseInLocation("2006-01-02", from, s.Location)
		if err != nil {
			return nil, pos.Errorf("cli.bad_date", from)
		}
		fromT = t
	}
	if to != "" {
		t, err := time.ParseInLocation("2006-01-02", to, s.Location)
		if err != nil {
			return nil, pos.Errorf("cli.bad_date", to)
		}
		toT = t.AddDate(0, 0, 1)
	}
	artisans, err := s.Artisans()
	if err != nil {
		return nil, err
	}
	docs, err := s.Days("", to)
	if err != nil {
		return nil, err
	}
	return pos.BuildArtisansReport(artisans, docs, fromT, toT), nil
}

// EnqueueArtisansReport queues the printed artisans report of the days
// from..to (as ArtisansReport takes them); the print worker lays it out
// from the journal as it is when it prints.
func (s *Store) EnqueueArtisansReport(from, to string) error {
	if _, err := s.ArtisansReport(from, to); err != nil {
		return err
	}
	return s.EnqueueReport(ArtisansPrint, from+".."+to)
}

// ArtisansPrint names the artisans report in the print queue; its key is
// "FROM..TO".
const ArtisansPrint = "artisans"

// importArtisans points the products of a catalogue file at artisans, in
// the import's transaction: the file's artisan column may hold an
// artisan's id (an export of this till) or a name. A name that is an
// artisan's (ignoring case and surrounding space) becomes that artisan's
// id; any other name creates an artisan at 0 % commission, for the
// manager to set, so no piece's maker is lost. A refused file creates
// no artisan.
func (s *Store) importArtisans(tx *bolt.Tx, ps []pos.Product) error {
	all, err := artisansIn(tx)
	if err != nil {
		return err
	}
	for i := range ps {
		text := strings.TrimSpace(ps[i].Artisan)
		if text == "" {
			ps[i].Artisan = ""
			continue
		}
		if a, err := artisanIn(tx, text); err == nil {
			ps[i].Artisan = a.ID
			continue
		}
		if a, ok := pos.ArtisanByName(all, text); ok {
			ps[i].Artisan = a.ID
			continue
		}
		a := pos.Artisan{ID: pos.NewArtisanID(), Name: text}
		if err := a.Validate(); err != nil {
			return err
		}
		b, err := json.Marshal(&a)
		if err != nil {
			return err
		}
		if _, err := s.putRecord(tx, pos.RecordArtisan, a.ID, b, "updated"); err != nil {
			return err
		}
		all = append(all, a)
		ps[i].Artisan = a.ID
	}
	return nil
}

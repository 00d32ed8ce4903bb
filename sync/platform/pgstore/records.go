package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"

	"hanout/sync/platform"
	"hanout/sync/wire"
)

// PutRecords keeps the later versions (tables of 0010_records.sql); see
// platform.Books. The merchant's row lock orders it with every other
// writer of the feed.
func (s *Store) PutRecords(merchant string, recs []wire.Record, now time.Time) error {
	err := s.write(merchant, func(ctx context.Context, tx pgx.Tx) error {
		f, err := lockMerchant(ctx, tx, merchant)
		if err != nil {
			return err
		}
		for _, r := range recs {
			var raw []byte
			err := tx.QueryRow(ctx, "SELECT record FROM records WHERE merchant = $1 AND kind = $2 AND id = $3", merchant, r.Kind, r.ID).Scan(&raw)
			switch {
			case errors.Is(err, pgx.ErrNoRows):
			case err != nil:
				return err
			default:
				var old wire.Record
				if err := json.Unmarshal(raw, &old); err != nil {
					return fmt.Errorf("damaged record %s/%s: %w", r.Kind, r.ID, err)
				}
				if !r.Later(old) {
					continue
				}
			}
			b, err := json.Marshal(r)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO records (merchant, kind, id, time, doc, record) VALUES ($1, $2, $3, $4, $5, $6::jsonb)
				ON CONFLICT (merchant, kind, id) DO UPDATE SET time = EXCLUDED.time, doc = EXCLUDED.doc, record = EXCLUDED.record`,
				merchant, r.Kind, r.ID, r.Time, r.Doc, string(b)); err != nil {
				return err
			}
			f.emit(wire.Change{Kind: wire.ChangeRecord, Record: &r, Origin: r.Origin, Time: now})
		}
		return f.flush(ctx, tx)
	})
	return wrap(err)
}

// Records returns the kept versions of a kind, by id.
func (s *Store) Records(merchant, kind string) (out []wire.Record, err error) {
	out = []wire.Record{}
	err = s.read(func(ctx context.Context) error {
		if err := s.knownMerchant(ctx, merchant); err != nil {
			return err
		}
		return readJSON(ctx, s.pool, "damaged record", func(r wire.Record) { out = append(out, r) },
			"SELECT record FROM records WHERE merchant = $1 AND kind = $2 ORDER BY id", merchant, kind)
	})
	return out, wrap(err)
}

// PutAccountEntries stores entries once per (merchant, customer, document).
func (s *Store) PutAccountEntries(merchant string, es []platform.AccountEntry) error {
	err := s.write(merchant, func(ctx context.Context, tx pgx.Tx) error {
		if err := s.knownMerchant(ctx, merchant); err != nil {
			return err
		}
		for _, e := range es {
			b, err := json.Marshal(e)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO account_entries (merchant, customer, doc, time, entry) VALUES ($1, $2, $3, $4, $5::jsonb)
				ON CONFLICT DO NOTHING`, merchant, e.Customer, e.Doc, e.Time, string(b)); err != nil {
				return err
			}
		}
		return nil
	})
	return wrap(err)
}

// AccountEntries returns a customer's entries ("": everyone's) in time
// order.
func (s *Store) AccountEntries(merchant, customer string) (out []platform.AccountEntry, err error) {
	out = []platform.AccountEntry{}
	err = s.read(func(ctx context.Context) error {
		if err := s.knownMerchant(ctx, merchant); err != nil {
			return err
		}
		return readJSON(ctx, s.pool, "damaged account entry", func(e platform.AccountEntry) { out = append(out, e) },
			"SELECT entry FROM account_entries WHERE merchant = $1 AND ($2 = '' OR customer = $2)", merchant, customer)
	})
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if !a.Time.Equal(b.Time) {
			return a.Time.Before(b.Time)
		}
		if a.Terminal != b.Terminal {
			return a.Terminal < b.Terminal
		}
		return a.Receipt < b.Receipt
	})
	return out, wrap(err)
}

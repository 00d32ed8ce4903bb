package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"hanout/pos"
	"hanout/sync/platform"
	"hanout/sync/wire"
)

// SetPlace sets a merchant's city and craft category.
func (s *Store) SetPlace(merchant, city, category string) error {
	err := s.write(merchant, func(ctx context.Context, tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, "UPDATE merchants SET city = $2, category = $3 WHERE merchant = $1",
			merchant, strings.TrimSpace(city), strings.TrimSpace(category))
		if err == nil && tag.RowsAffected() == 0 {
			err = fmt.Errorf("merchant %q: %w", merchant, platform.ErrNotFound)
		}
		return err
	})
	return wrap(err)
}

// merchantRow is the columns readMerchants scans, in its order.
const merchantRow = "merchant, name, created, coalesce(account, ''), city, category"

// readMerchants runs q, which selects merchantRow, and returns its
// merchants.
func readMerchants(ctx context.Context, db querier, q string, args ...any) (out []platform.Merchant, err error) {
	err = scanEach(ctx, db, q, func(r pgx.Rows) error {
		var m platform.Merchant
		if err := r.Scan(&m.ID, &m.Name, &m.Created, &m.Account, &m.City, &m.Category); err != nil {
			return err
		}
		m.Created = m.Created.UTC()
		out = append(out, m)
		return nil
	}, args...)
	return out, err
}

// Merchants lists every merchant.
func (s *Store) Merchants() (out []platform.Merchant, err error) {
	err = s.read(func(ctx context.Context) error {
		out, err = readMerchants(ctx, s.pool, "SELECT "+merchantRow+" FROM merchants ORDER BY merchant")
		return err
	})
	return out, wrap(err)
}

// Documents returns a merchant's sales and refunds in [from, to).
func (s *Store) Documents(merchant string, from, to time.Time) (out []*pos.Document, err error) {
	if _, err := s.Merchant(merchant); err != nil {
		return nil, err
	}
	err = s.read(func(ctx context.Context) error {
		return readJSON(ctx, s.pool, "damaged document", func(d pos.Document) { out = append(out, &d) },
			`SELECT raw FROM documents WHERE merchant = $1 AND time >= $2 AND time < $3
			AND kind IN ('sale', 'refund') ORDER BY time, id`, merchant, from.UTC(), to.UTC())
	})
	return out, wrap(err)
}

// Figures returns the kept daily figures of days from..to.
func (s *Store) Figures(from, to string) (out []platform.DayFigure, err error) {
	err = s.read(func(ctx context.Context) error {
		rows, err := s.pool.Query(ctx, `SELECT merchant, day, sales, refunds, net, cash, card, qr, account, eur, usd, other
			FROM days WHERE day >= $1 AND day <= $2 ORDER BY day, merchant`, from, to)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var f platform.DayFigure
			var v [10]int64
			if err := rows.Scan(&f.Merchant, &f.Day, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]); err != nil {
				return err
			}
			f.Sales, f.Refunds, f.Net = int(v[0]), int(v[1]), pos.Money(v[2])
			f.Cash, f.Card, f.QR = pos.Money(v[3]), pos.Money(v[4]), pos.Money(v[5])
			f.Account, f.EUR, f.USD, f.Other = pos.Money(v[6]), pos.Money(v[7]), pos.Money(v[8]), pos.Money(v[9])
			out = append(out, f)
		}
		return rows.Err()
	})
	return out, wrap(err)
}

// AddUser creates a merchant's web user.
func (s *Store) AddUser(u platform.User) (platform.User, error) {
	u, err := platform.CheckUser(u)
	if err != nil {
		return u, err
	}
	u.Created = u.Created.UTC().Truncate(time.Microsecond)
	b, err := json.Marshal(u)
	if err != nil {
		return u, err
	}
	err = s.write(u.Merchant, func(ctx context.Context, tx pgx.Tx) error {
		if _, err := lockMerchant(ctx, tx, u.Merchant); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "INSERT INTO users (merchant, id, email, usr) VALUES ($1, $2, $3, $4)", u.Merchant, u.ID, u.Email, b)
		return err
	})
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" {
		return u, fmt.Errorf("email %q is another user's: %w", u.Email, platform.ErrConflict)
	}
	return u, wrap(err)
}

// UserByEmail finds a user by email.
func (s *Store) UserByEmail(email string) (u platform.User, err error) {
	err = s.read(func(ctx context.Context) error {
		return s.oneJSON(ctx, "user", &u, "SELECT usr FROM users WHERE email = $1", platform.NormalEmail(email))
	})
	return u, wrap(err)
}

// AddSession stores a session, forgetting those expired a day ago.
func (s *Store) AddSession(se platform.Session) error {
	b, err := json.Marshal(se)
	if err != nil {
		return err
	}
	err = s.write("", func(ctx context.Context, tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM sessions WHERE expires < $1", se.Expires.Add(-24*time.Hour)); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "INSERT INTO sessions (hash, expires, session) VALUES ($1, $2, $3)", se.Hash, se.Expires, b)
		return err
	})
	return wrap(err)
}

// Session returns a live session.
func (s *Store) Session(hash string, now time.Time) (se platform.Session, err error) {
	err = s.read(func(ctx context.Context) error {
		return s.oneJSON(ctx, "session", &se, "SELECT session FROM sessions WHERE hash = $1 AND expires > $2", hash, now)
	})
	return se, wrap(err)
}

// oneJSON decodes into dst the one JSON column of q's row; no row is
// "<what>: " ErrNotFound.
func (s *Store) oneJSON(ctx context.Context, what string, dst any, q string, args ...any) error {
	var b []byte
	err := s.pool.QueryRow(ctx, q, args...).Scan(&b)
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, platform.ErrNotFound)
	}
	if err != nil {
		return err
	}
	return json.Unmarshal(b, dst)
}

// DeleteSession forgets a session.
func (s *Store) DeleteSession(hash string) error {
	err := s.write("", func(ctx context.Context, tx pgx.Tx) error {
		_, err := tx.Exec(ctx, "DELETE FROM sessions WHERE hash = $1", hash)
		return err
	})
	return wrap(err)
}

// Watch returns a merchant's awaiting payments, oversells and conflicts.
func (s *Store) Watch(merchant string) (w platform.Watchlist, err error) {
	if _, err := s.Merchant(merchant); err != nil {
		return w, err
	}
	err = s.read(func(ctx context.Context) error {
		return pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
			if err := eachJSON(ctx, tx, func(x wire.Oversell) {
				w.Oversells = append(w.Oversells, x)
			}, "SELECT oversell FROM oversells WHERE merchant = $1 ORDER BY n", merchant); err != nil {
				return err
			}
			if err := eachJSON(ctx, tx, func(x platform.Conflict) {
				w.Conflicts = append(w.Conflicts, x)
			}, "SELECT conflict FROM conflicts WHERE merchant = $1 ORDER BY n", merchant); err != nil {
				return err
			}
			return eachJSON(ctx, tx, func(p paymentRec) {
				w.Awaiting = append(w.Awaiting, p.Payment)
			}, `SELECT payment FROM payments WHERE merchant = $1 AND payment->>'sale' <> ''
				AND NOT coalesce((payment->>'settled')::boolean, false) ORDER BY ref`, merchant)
		})
	})
	return w, wrap(err)
}

// MerchantPage lists a page of merchants by id (see platform.Storage),
// in byte order of the ids like bbolt (index merchants_by_key).
func (s *Store) MerchantPage(q platform.MerchantQuery) (out []platform.Merchant, err error) {
	q = q.Clean()
	cmp, key, order := `>`, q.After, `ASC`
	if q.Before != "" {
		cmp, key, order = `<`, q.Before, `DESC`
	}
	sql := `SELECT ` + merchantRow + ` FROM merchants
		WHERE merchant COLLATE "C" ` + cmp + ` $1
		AND ($2 = '' OR strpos(lower(name), $2) > 0 OR strpos(lower(city), $2) > 0 OR strpos(lower(category), $2) > 0)
		ORDER BY merchant COLLATE "C" ` + order + ` LIMIT $3`
	err = s.read(func(ctx context.Context) error {
		out, err = readMerchants(ctx, s.pool, sql, key, platform.Fold(q.Search), q.Limit)
		return err
	})
	if q.Before != "" {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	return out, wrap(err)
}

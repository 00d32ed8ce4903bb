package pgstore

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"hanout/sync/platform"
)

// Users lists a merchant's web users, by email.
func (s *Store) Users(merchant string) (out []platform.User, err error) {
	err = s.read(func(ctx context.Context) error {
		if err := s.knownMerchant(ctx, merchant); err != nil {
			return err
		}
		return readJSON(ctx, s.pool, "pgstore: damaged user", func(u platform.User) {
			u.Created = u.Created.UTC()
			out = append(out, u)
		}, "SELECT usr FROM users WHERE merchant = $1 ORDER BY email", merchant)
	})
	return out, wrap(err)
}

// DeleteUser removes a merchant's user and their sessions.
func (s *Store) DeleteUser(merchant, id string) error {
	err := s.write(merchant, func(ctx context.Context, tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, "DELETE FROM users WHERE merchant = $1 AND id = $2", merchant, id)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("user %q of %q: %w", id, merchant, platform.ErrNotFound)
		}
		_, err = tx.Exec(ctx, "DELETE FROM sessions WHERE session->>'user' = $1", id)
		return err
	})
	return wrap(err)
}

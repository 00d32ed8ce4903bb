package pgstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"hanout/sync/platform"
)

// Anchors returns a page of a terminal's chain.
func (s *Store) Anchors(terminal string, from uint64, limit int) (out []platform.Anchor, err error) {
	err = s.read(func(ctx context.Context) error {
		rows, err := s.pool.Query(ctx, `SELECT anchor FROM anchors WHERE terminal = $1 AND seq >= $2 ORDER BY seq LIMIT $3`,
			terminal, int64(from), limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var raw []byte
			var a platform.Anchor
			if err := rows.Scan(&raw); err != nil {
				return err
			}
			if err := json.Unmarshal(raw, &a); err != nil {
				return fmt.Errorf("pgstore: damaged anchor: %w", err)
			}
			out = append(out, a)
		}
		return rows.Err()
	})
	return out, err
}

// PutAnchors records checked anchors; existing ones stay.
func (s *Store) PutAnchors(terminal string, as []platform.Anchor) error {
	return s.write("", func(ctx context.Context, tx pgx.Tx) error {
		for _, a := range as {
			a.Terminal = terminal
			raw, err := json.Marshal(a)
			if err != nil {
				return err
			}
			if a.State == platform.AnchorFork {
				if _, err := tx.Exec(ctx, `INSERT INTO forks (terminal, seq, hash, anchor) VALUES ($1, $2, $3, $4)
					ON CONFLICT DO NOTHING`, terminal, int64(a.Seq), a.Hash, raw); err != nil {
					return err
				}
			}
			if _, err := tx.Exec(ctx, `INSERT INTO anchors (terminal, seq, anchor) VALUES ($1, $2, $3)
				ON CONFLICT DO NOTHING`, terminal, int64(a.Seq), raw); err != nil {
				return err
			}
		}
		return nil
	})
}

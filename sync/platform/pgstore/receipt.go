package pgstore

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"hanout/pos"
	"hanout/sync/platform"
)

// Receipt finds a sale or refund by id alone (index documents_id), with
// its merchant and its anchored journal hash (kept with the document,
// else found by index anchors_doc).
func (s *Store) Receipt(id string) (r platform.PublicReceipt, err error) {
	err = s.read(func(ctx context.Context) error {
		var raw, hash []byte
		var account *string
		var m platform.Merchant
		err := s.pool.QueryRow(ctx, `SELECT d.raw, d.chain_hash, m.merchant, m.name, m.created, m.account, m.city, m.category
			FROM documents d JOIN merchants m ON m.merchant = d.merchant
			WHERE d.id = $1 AND d.kind IN ('sale', 'refund') LIMIT 1`, id).Scan(&raw, &hash, &m.ID, &m.Name, &m.Created, &account, &m.City, &m.Category)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("document %q: %w", id, platform.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if account != nil {
			m.Account = *account
		}
		m.Created = m.Created.UTC()
		var d pos.Document
		if err := json.Unmarshal(raw, &d); err != nil {
			return fmt.Errorf("damaged document: %w", err)
		}
		r.Merchant, r.Doc = m, &d
		if len(hash) == 32 {
			// The hash it was pushed and anchored with (migration 0008).
			r.Chain = hex.EncodeToString(hash)
			return nil
		}
		err = s.pool.QueryRow(ctx, `SELECT anchor->>'hash' FROM anchors
			WHERE merchant = $1 AND anchor->>'id' = $2 AND seq = $3 AND anchor->>'state' = $4 LIMIT 1`,
			m.ID, d.ID, int64(d.Seq), platform.AnchorOK).Scan(&r.Chain)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		return err
	})
	return r, wrap(err)
}

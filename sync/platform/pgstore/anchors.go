package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"hanout/sync/platform"
)

// chainMerchant is the merchant of the chain $1 ("terminal id" or
// "terminal id/install id"), so anchors are keyed by merchant first.
const chainMerchant = `coalesce((SELECT merchant FROM terminal_directory WHERE terminal = split_part($1, '/', 1)), '')`

// Anchors returns a page of a terminal's chain.
func (s *Store) Anchors(terminal string, from uint64, limit int) (out []platform.Anchor, err error) {
	err = s.read(func(ctx context.Context) error {
		rows, err := s.pool.Query(ctx, `SELECT anchor FROM anchors WHERE merchant = `+chainMerchant+` AND terminal = $1 AND seq >= $2
			ORDER BY seq LIMIT $3`, terminal, int64(from), limit)
		if err != nil {
			return err
		}
		out, err = scanAnchors(rows)
		return err
	})
	return out, err
}

// scanAnchors reads rows of JSON anchors and closes them.
func scanAnchors(rows pgx.Rows) (out []platform.Anchor, err error) {
	defer rows.Close()
	for rows.Next() {
		var raw []byte
		var a platform.Anchor
		if err := rows.Scan(&raw); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(raw, &a); err != nil {
			return nil, fmt.Errorf("pgstore: damaged anchor: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// ErrStaleChain is returned by PutAnchors when another server anchored
// the chain differently after this server read it: the push is answered
// "retry later", and the retry is checked against what was recorded.
var ErrStaleChain = errors.New("pgstore: the journal chain was anchored by another server meanwhile; retry")

// PutAnchors records checked anchors; existing ones stay. Several servers
// check pushes against the anchors they read, so, under a lock on the
// chain, it checks again that each anchor that is not a fork still agrees
// with the anchors recorded before this call (the batch itself was checked
// whole by the server), and refuses all with ErrStaleChain when one does
// not.
func (s *Store) PutAnchors(terminal string, as []platform.Anchor) error {
	if len(as) == 0 {
		return nil
	}
	return s.write("", func(ctx context.Context, tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", "chain:"+terminal); err != nil {
			return err
		}
		lo, hi := as[0].Seq, as[0].Seq
		for _, a := range as {
			lo, hi = min(lo, a.Seq), max(hi, a.Seq)
		}
		type link struct{ hash, prev, state string }
		rec := map[uint64]link{}
		rows, err := tx.Query(ctx, `SELECT seq, anchor->>'hash', anchor->>'prev', anchor->>'state' FROM anchors
			WHERE merchant = `+chainMerchant+` AND terminal = $1 AND seq BETWEEN $2 AND $3`, terminal, int64(max(lo, 1)-1), int64(hi+1))
		if err != nil {
			return err
		}
		for rows.Next() {
			var seq int64
			var l link
			if err := rows.Scan(&seq, &l.hash, &l.prev, &l.state); err != nil {
				rows.Close()
				return err
			}
			rec[uint64(seq)] = l
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, a := range as {
			if a.State == platform.AnchorFork {
				continue
			}
			old, had := rec[a.Seq]
			p, hasPrev := rec[a.Seq-1]
			n, hasNext := rec[a.Seq+1]
			switch {
			case had && old.hash != a.Hash,
				hasPrev && (p.hash != a.Prev || p.state == platform.AnchorFork),
				hasNext && n.prev != a.Hash:
				return fmt.Errorf("terminal %s, journal entry %d: %w", terminal, a.Seq, ErrStaleChain)
			}
		}
		var merchant string
		if err := tx.QueryRow(ctx, "SELECT "+chainMerchant, terminal).Scan(&merchant); err != nil {
			return err
		}
		return insertAnchors(ctx, tx, merchant, terminal, as)
	})
}

// insertAnchors records anchors of the merchant's chain, keeping any
// already recorded at a position (the first of the batch wins), and lists
// the forks. The refused documents among those recorded now count on the
// terminal (its quarantine), in the same statement.
func insertAnchors(ctx context.Context, tx pgx.Tx, merchant, chain string, as []platform.Anchor) error {
	if len(as) == 0 {
		return nil
	}
	var seqs, forkSeqs []int64
	var raws, forkRaws, forkHashes []string
	for _, a := range as {
		a.Terminal = chain
		raw, err := json.Marshal(a)
		if err != nil {
			return err
		}
		if a.State == platform.AnchorFork {
			forkSeqs, forkHashes, forkRaws = append(forkSeqs, int64(a.Seq)), append(forkHashes, a.Hash), append(forkRaws, string(raw))
		}
		seqs, raws = append(seqs, int64(a.Seq)), append(raws, string(raw))
	}
	b := &pgx.Batch{}
	if len(forkSeqs) > 0 {
		b.Queue(`INSERT INTO forks (merchant, terminal, seq, hash, anchor)
			SELECT $1, $2, s, h, a::jsonb FROM unnest($3::bigint[], $4::text[], $5::text[]) AS u(s, h, a)
			ON CONFLICT DO NOTHING`, merchant, chain, forkSeqs, forkHashes, forkRaws)
	}
	b.Queue(`WITH ins AS (INSERT INTO anchors (merchant, terminal, seq, anchor)
			SELECT DISTINCT ON (s) $1, $2, s, a::jsonb FROM unnest($3::bigint[], $4::text[]) WITH ORDINALITY AS u(s, a, i)
			ORDER BY s, i
			ON CONFLICT DO NOTHING RETURNING anchor->>'state' AS state)
		UPDATE terminals SET refused = refused + (SELECT count(*) FROM ins WHERE state = 'rejected')
		WHERE merchant = $1 AND terminal = split_part($2, '/', 1)
			AND EXISTS (SELECT 1 FROM ins WHERE state = 'rejected')`, merchant, chain, seqs, raws)
	return tx.SendBatch(ctx, b).Close()
}

package pgstore

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"

	"hanout/sync/platform"
)

// chainMerchant is the merchant of the chain $1 ("terminal id" or
// "terminal id/install id"), so anchors are keyed by merchant first.
const chainMerchant = `coalesce((SELECT merchant FROM terminal_directory WHERE terminal = split_part($1, '/', 1)), '')`

// Anchors returns a page of a terminal's chain.
func (s *Store) Anchors(terminal string, from uint64, limit int) (out []platform.Anchor, err error) {
	err = s.read(func(ctx context.Context) error {
		var merchant string
		if err := s.pool.QueryRow(ctx, "SELECT "+chainMerchant, terminal).Scan(&merchant); err != nil {
			return err
		}
		b := &pgx.Batch{}
		queueChain(b, merchant, terminal, platform.Span{From: from, Count: limit})
		br := s.pool.SendBatch(ctx, b)
		out, err = readChain(br, terminal, from, limit)
		if cerr := br.Close(); err == nil {
			err = cerr
		}
		return err
	})
	return out, err
}

// queueChain queues the read of a page of a chain, in one statement: its
// anchor rows (JSON, anchor not NULL), and its runs (the one holding
// sp.From, if any, and those after it). Of each run only the part from
// sp.From on comes back, at most sp.Count hashes, with the hash before
// that part as its prev: a push's check needs one position of the
// previous push's run, and hashes is stored uncompressed out of line
// (migration 0007), so PostgreSQL reads only the TOAST chunks holding
// that part. A run that ends before sp.From gives nothing and is not
// read.
func queueChain(b *pgx.Batch, merchant, chain string, sp platform.Span) {
	b.Queue(`(SELECT seq, NULL::bytea, NULL::bytea, NULL::timestamptz, anchor FROM anchors
			WHERE merchant = $1 AND terminal = $2 AND seq >= $3 ORDER BY seq LIMIT $4)
		UNION ALL
		(SELECT greatest(first_seq, $3),
			CASE WHEN first_seq < $3 THEN substring(hashes FROM (($3 - first_seq - 1) * 32 + 1)::integer FOR 32) ELSE prev END,
			substring(hashes FROM (greatest($3 - first_seq, 0) * 32 + 1)::integer FOR $5), time, NULL::jsonb
		FROM anchor_runs WHERE merchant = $1 AND terminal = $2 AND last_seq >= $3
		AND first_seq >= coalesce((SELECT max(first_seq) FROM anchor_runs WHERE merchant = $1 AND terminal = $2 AND first_seq <= $3), 0)
		ORDER BY first_seq LIMIT $4)`, merchant, chain, int64(sp.From), int64(sp.Count), int32(min(max(sp.Count, 0), math.MaxInt32/32)*32))
}

// readChain reads the result of queueChain: up to limit anchors of
// chain from position from, in order.
func readChain(br pgx.BatchResults, chain string, from uint64, limit int) ([]platform.Anchor, error) {
	rows, err := br.Query()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []platform.Anchor
	for rows.Next() {
		var first int64
		var prev, hashes, raw []byte
		var at *time.Time
		if err := rows.Scan(&first, &prev, &hashes, &at, &raw); err != nil {
			return nil, err
		}
		if raw != nil {
			var a platform.Anchor
			if err := json.Unmarshal(raw, &a); err != nil {
				return nil, fmt.Errorf("pgstore: damaged anchor: %w", err)
			}
			out = append(out, a)
			continue
		}
		if len(prev) != 32 || len(hashes)%32 != 0 || at == nil {
			return nil, fmt.Errorf("pgstore: damaged anchor run at %d", first)
		}
		for i := 0; i*32 < len(hashes); i++ {
			h := hashes[i*32 : (i+1)*32]
			if seq := uint64(first) + uint64(i); seq >= from {
				out = append(out, platform.Anchor{Terminal: chain, Seq: seq, Hash: hex.EncodeToString(h), Prev: hex.EncodeToString(prev), State: platform.AnchorOK, Time: at.UTC()})
			}
			prev = h
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
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
		var merchant string
		if err := tx.QueryRow(ctx, "SELECT "+chainMerchant, terminal).Scan(&merchant); err != nil {
			return err
		}
		from := max(lo, 1) - 1
		sp := platform.Span{From: from, Count: int(hi+1-from) + 1}
		b := &pgx.Batch{}
		queueChain(b, merchant, terminal, sp)
		br := tx.SendBatch(ctx, b)
		known, err := readChain(br, terminal, sp.From, sp.Count)
		if cerr := br.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		rec := map[uint64]platform.Anchor{}
		for _, a := range known {
			rec[a.Seq] = a
		}
		for _, a := range as {
			if a.State == platform.AnchorFork {
				continue
			}
			old, had := rec[a.Seq]
			p, hasPrev := rec[a.Seq-1]
			n, hasNext := rec[a.Seq+1]
			switch {
			case had && old.Hash != a.Hash,
				hasPrev && (p.Hash != a.Prev || p.State == platform.AnchorFork),
				hasNext && n.Prev != a.Hash:
				return fmt.Errorf("terminal %s, journal entry %d: %w", terminal, a.Seq, ErrStaleChain)
			}
		}
		return insertAnchors(ctx, tx, merchant, terminal, as, rec)
	})
}

// insertAnchors records anchors of the merchant's chain at the positions
// not recorded yet (the first anchor of a position in as wins), and lists
// the forks. Anchors of stored documents go in runs (see migration 0007),
// one row for each stretch of consecutive positions; the others in a row
// each. The refused documents among those recorded now count on the
// terminal (its quarantine), in the same statement.
func insertAnchors(ctx context.Context, tx pgx.Tx, merchant, chain string, as []platform.Anchor, recorded map[uint64]platform.Anchor) error {
	b := &pgx.Batch{}
	if err := queueAnchors(b, b, merchant, chain, as, recorded); err != nil || b.Len() == 0 {
		return err
	}
	return tx.SendBatch(ctx, b).Close()
}

// queueAnchors queues insertAnchors's statements in b, the runs' INSERT
// (a plain INSERT of rows no other statement reads) in runs.
func queueAnchors(b *pgx.Batch, runs queuer, merchant, chain string, as []platform.Anchor, recorded map[uint64]platform.Anchor) error {
	if len(as) == 0 {
		return nil
	}
	var seqs, forkSeqs []int64
	var raws, forkRaws, forkHashes []string
	// The anchors of stored documents, their hashes decoded.
	type okAnchor struct {
		seq        uint64
		hash, prev [32]byte
		at         time.Time
	}
	ok := make([]okAnchor, 0, len(as))
	var lastHash string // of the last in ok, as it came
	seen := make(map[uint64]bool, len(as))
	for _, a := range as {
		a.Terminal = chain
		// Only forks and refusals keep their anchor as JSON: the anchors
		// of stored documents go in runs, never marshalled.
		var raw []byte
		marshal := func() (err error) {
			if raw == nil {
				raw, err = json.Marshal(a)
			}
			return err
		}
		if a.State == platform.AnchorFork {
			if err := marshal(); err != nil {
				return err
			}
			forkSeqs, forkHashes, forkRaws = append(forkSeqs, int64(a.Seq)), append(forkHashes, a.Hash), append(forkRaws, string(raw))
		}
		if _, had := recorded[a.Seq]; had || seen[a.Seq] {
			continue
		}
		seen[a.Seq] = true
		if a.State == platform.AnchorOK {
			o := okAnchor{seq: a.Seq, at: a.Time.UTC()}
			// Most often the previous is the hash of the anchor before,
			// decoded already.
			prevOK := len(ok) > 0 && a.Prev == lastHash
			if prevOK {
				o.prev = ok[len(ok)-1].hash
			} else {
				prevOK = lowerHex32(&o.prev, a.Prev)
			}
			if prevOK && lowerHex32(&o.hash, a.Hash) {
				ok, lastHash = append(ok, o), a.Hash
				continue
			}
		}
		if err := marshal(); err != nil {
			return err
		}
		seqs, raws = append(seqs, int64(a.Seq)), append(raws, string(raw))
	}
	if len(forkSeqs) > 0 {
		b.Queue(`INSERT INTO forks (merchant, terminal, seq, hash, anchor)
			SELECT $1, $2, s, h, a::jsonb FROM unnest($3::bigint[], $4::text[], $5::text[]) AS u(s, h, a)
			ON CONFLICT DO NOTHING`, merchant, chain, forkSeqs, forkHashes, forkRaws)
	}
	if len(seqs) > 0 {
		b.Queue(`WITH ins AS (INSERT INTO anchors (merchant, terminal, seq, anchor)
				SELECT $1, $2, s, a::jsonb FROM unnest($3::bigint[], $4::text[]) AS u(s, a)
				ON CONFLICT DO NOTHING RETURNING anchor->>'state' AS state)
			UPDATE terminals SET refused = refused + (SELECT count(*) FROM ins WHERE state = 'rejected')
			WHERE merchant = $1 AND terminal = split_part($2, '/', 1)
				AND EXISTS (SELECT 1 FROM ins WHERE state = 'rejected')`, merchant, chain, seqs, raws)
	}
	if len(ok) > 0 {
		sort.Slice(ok, func(i, j int) bool { return ok[i].seq < ok[j].seq })
		// One run a stretch of consecutive positions each continuing the
		// one before; the runs' hashes are consecutive pieces of one
		// buffer, as ok is in order.
		all := make([]byte, 0, 32*len(ok))
		var firsts, lasts int8s
		var prevs, hashes byteas
		var at times
		for i, a := range ok {
			start := len(all)
			all = append(all, a.hash[:]...)
			if i > 0 && a.seq == ok[i-1].seq+1 && a.prev == ok[i-1].hash {
				lasts[len(lasts)-1] = int64(a.seq)
				run := &hashes[len(hashes)-1]
				*run = (*run)[:len(*run)+32]
				continue
			}
			firsts, lasts, prevs, at = append(firsts, int64(a.seq)), append(lasts, int64(a.seq)), append(prevs, a.prev[:]), append(at, a.at)
			hashes = append(hashes, all[start:])
		}
		runs.Queue(`INSERT INTO anchor_runs (merchant, terminal, first_seq, last_seq, prev, hashes, time)
			SELECT $1, $2, unnest($3::bigint[]), unnest($4::bigint[]), unnest($5::bytea[]), unnest($6::bytea[]), unnest($7::timestamptz[])`,
			merchant, chain, firsts, lasts, prevs, hashes, at)
	}
	return nil
}

// lowerHex32 decodes s, 64 lower-case hex digits, into h; false for any
// other s.
func lowerHex32(h *[32]byte, s string) bool {
	return decode32(h[:], s, &lowerHex)
}

// hex32 decodes s, 64 hex digits of either case, into h (32 bytes), as
// encoding/hex would; false for any other s.
func hex32(h []byte, s string) bool {
	return len(h) == 32 && decode32(h, s, &anyHex)
}

// decode32 decodes 64 hex digits into h by digits, the value of each
// byte as a digit, 0xff for none.
func decode32(h []byte, s string, digits *[256]byte) bool {
	if len(s) != 64 {
		return false
	}
	var bad byte
	for i := range 32 {
		hi, lo := digits[s[2*i]], digits[s[2*i+1]]
		bad |= hi | lo
		h[i] = hi<<4 | lo
	}
	return bad&0xf0 == 0
}

// The values of hex digits: lower case only, and either case.
var lowerHex, anyHex = hexDigits(false), hexDigits(true)

func hexDigits(upper bool) (t [256]byte) {
	for c := range t {
		switch {
		case '0' <= c && c <= '9':
			t[c] = byte(c - '0')
		case 'a' <= c && c <= 'f':
			t[c] = byte(c - 'a' + 10)
		case upper && 'A' <= c && c <= 'F':
			t[c] = byte(c - 'A' + 10)
		default:
			t[c] = 0xff
		}
	}
	return t
}

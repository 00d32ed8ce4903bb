// Package pgstore implements platform.Storage on PostgreSQL (pgx), so that
// several stateless `hanout-platform serve` processes share one database
// and admin commands work while they run.
//
// Concurrency, in short (see migrations/0001_init.sql for the tables):
//   - every transaction that writes a merchant's data first locks that
//     merchant's row; the change feed's numbers come from it, so a pull
//     can never skip a change committed late;
//   - documents are stored once by their primary key (INSERT ... ON
//     CONFLICT DO NOTHING), whichever server a retry reaches;
//   - an enrollment code is used by one DELETE ... RETURNING;
//   - a QR notice and the sale claiming its reference meet on the
//     payment's row, under its lock, in whichever order they come.
package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"hanout/pos"
	"hanout/pos/export"
	"hanout/sync/platform"
	"hanout/sync/wire"
)

// EnvURL is the environment variable the commands read when --db is not
// given.
const EnvURL = "HANOUT_DATABASE_URL"

// Store is the PostgreSQL Storage.
type Store struct {
	pool *pgxpool.Pool
	// beforeCommit, when set (tests), runs in every writing transaction
	// just before it commits.
	beforeCommit func(merchant string)
}

var _ platform.Storage = (*Store)(nil)

// Options tune Open.
type Options struct {
	MaxConns  int32 // pool size; 0 = pgx's default
	NoMigrate bool  // refuse instead of migrating an outdated schema
}

// Open connects to url, applies the migrations the database lacks and
// returns the store.
func Open(ctx context.Context, url string, opt Options) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("pgstore: database URL: %w", err)
	}
	if opt.MaxConns > 0 {
		cfg.MaxConns = opt.MaxConns
	}
	cfg.AfterConnect = func(_ context.Context, c *pgx.Conn) error {
		afterConnect(c)
		return nil
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("pgstore: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("pgstore: %w", err)
	}
	if opt.NoMigrate {
		var v int
		err := pool.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&v)
		if err != nil || v != Latest() {
			pool.Close()
			return nil, fmt.Errorf("pgstore: the database schema is not at migration %d: run hanout-platform migrate", Latest())
		}
	} else if _, err := Migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, err
	}
	st := &Store{pool: pool}
	if !opt.NoMigrate {
		if err := refigure(ctx, st); err != nil {
			pool.Close()
			return nil, err
		}
	}
	return st, nil
}

// Close closes the pool.
func (s *Store) Close() error { s.pool.Close(); return nil }

// Pool is the store's connection pool (benchmarks).
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// BackendPID is the process id of the server backend of one of the pool's
// connections, for pgcluster.ServerCPU (benchmarks, the loadtest).
func (s *Store) BackendPID(ctx context.Context) (pid int, err error) {
	err = s.pool.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&pid)
	return pid, err
}

const opTimeout = 30 * time.Second

// write runs fn in a transaction, retrying it when PostgreSQL chose it as
// a deadlock or serialization victim.
func (s *Store) write(merchant string, fn func(ctx context.Context, tx pgx.Tx) error) error {
	return retried(func(ctx context.Context) error {
		return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
			if err := fn(ctx, tx); err != nil {
				return err
			}
			if s.beforeCommit != nil {
				s.beforeCommit(merchant)
			}
			return nil
		})
	})
}

// retried runs a transaction's attempt within one timeout, and again, up
// to five times more, while PostgreSQL chooses it as a serialization or
// deadlock victim (the attempt was rolled back: nothing of it stays).
func retried(attempt func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	for n := 0; ; n++ {
		err := attempt(ctx)
		var pe *pgconn.PgError
		if n < 5 && errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01") {
			continue
		}
		return err
	}
}

func (s *Store) read(fn func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	return fn(ctx)
}

// querier runs a query: the pool, or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// readJSON runs q with args and hands keep the one JSON column of each
// row, decoded as a T. A row that does not decode ends the read with an
// error that begins with damaged ("damaged document: …"); with damaged
// "", it is passed over.
func readJSON[T any](ctx context.Context, db querier, damaged string, keep func(T), q string, args ...any) error {
	return scanEach(ctx, db, q, func(r pgx.Rows) error {
		var raw []byte
		if err := r.Scan(&raw); err != nil {
			return err
		}
		var x T
		if err := json.Unmarshal(raw, &x); err != nil {
			if damaged == "" {
				return nil
			}
			return fmt.Errorf("%s: %w", damaged, err)
		}
		keep(x)
		return nil
	}, args...)
}

// knownMerchant fails with ErrNotFound if there is no merchant called
// merchant.
func (s *Store) knownMerchant(ctx context.Context, merchant string) error {
	var one int
	err := s.pool.QueryRow(ctx, "SELECT 1 FROM merchants WHERE merchant = $1", merchant).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("merchant %q: %w", merchant, platform.ErrNotFound)
	}
	return err
}

// feed is a merchant's locked row: the numbers taken in this transaction
// and the changes to write.
type feed struct {
	merchant string
	seq, rev uint64
	changes  []wire.Change
}

// lockMerchant locks the merchant's row for the rest of the transaction.
func lockMerchant(ctx context.Context, tx pgx.Tx, merchant string) (*feed, error) {
	f := &feed{merchant: merchant}
	var seq, rev int64
	err := tx.QueryRow(ctx, "SELECT feed_seq, rev_seq FROM merchants WHERE merchant = $1 FOR UPDATE", merchant).Scan(&seq, &rev)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("merchant %q: %w", merchant, platform.ErrNotFound)
	}
	f.seq, f.rev = uint64(seq), uint64(rev)
	return f, err
}

func (f *feed) emit(c wire.Change) {
	f.seq++
	c.Seq = f.seq
	f.changes = append(f.changes, c)
}

func (f *feed) nextRev() uint64 { f.rev++; return f.rev }

// flush writes the changes and the merchant's new counters.
func (f *feed) flush(ctx context.Context, tx pgx.Tx) error {
	b := &pgx.Batch{}
	if err := f.queue(b); err != nil {
		return err
	}
	return tx.SendBatch(ctx, b).Close()
}

// queue queues flush's statements in b.
func (f *feed) queue(b queuer) error {
	if len(f.changes) > 0 {
		seqs := make(int8s, len(f.changes))
		bodies := make(texts, len(f.changes))
		for i, c := range f.changes {
			b, err := json.Marshal(c)
			if err != nil {
				return err
			}
			seqs[i], bodies[i] = int64(c.Seq), string(b)
		}
		b.Queue(`INSERT INTO changes (merchant, seq, change)
			SELECT $1, s, c::jsonb FROM unnest($2::bigint[], $3::text[]) AS u(s, c)`, f.merchant, seqs, bodies)
	}
	b.Queue("UPDATE merchants SET feed_seq = $2, rev_seq = $3 WHERE merchant = $1", f.merchant, int64(f.seq), int64(f.rev))
	return nil
}

// AddMerchant creates a merchant with a new id.
func (s *Store) AddMerchant(name string) (m platform.Merchant, err error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return m, fmt.Errorf("merchant name: %w", platform.ErrInvalid)
	}
	m = platform.Merchant{ID: "m-" + platform.NewSecret(5), Name: name, Created: time.Now().UTC().Truncate(time.Microsecond)}
	err = s.write(m.ID, func(ctx context.Context, tx pgx.Tx) error {
		_, err := tx.Exec(ctx, "INSERT INTO merchants (merchant, name, created) VALUES ($1, $2, $3)", m.ID, m.Name, m.Created)
		return err
	})
	return m, wrap(err)
}

func wrap(err error) error {
	if err == nil || errors.Is(err, platform.ErrNotFound) || errors.Is(err, platform.ErrInvalid) ||
		errors.Is(err, platform.ErrCodeUsed) || errors.Is(err, platform.ErrForbidden) || errors.Is(err, platform.ErrConflict) {
		return err
	}
	return fmt.Errorf("pgstore: %w", err)
}

// Merchant returns one merchant.
func (s *Store) Merchant(id string) (m platform.Merchant, err error) {
	err = s.read(func(ctx context.Context) error {
		var account *string
		err := s.pool.QueryRow(ctx, "SELECT merchant, name, created, account, city, category FROM merchants WHERE merchant = $1", id).Scan(&m.ID, &m.Name, &m.Created, &account, &m.City, &m.Category)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("merchant %q: %w", id, platform.ErrNotFound)
		}
		if account != nil {
			m.Account = *account
		}
		return err
	})
	m.Created = m.Created.UTC()
	return m, wrap(err)
}

// SetAcquirer registers the acquirer's merchant account id of a merchant.
func (s *Store) SetAcquirer(merchant, account string) error {
	if !platform.ValidAccount(account) {
		return fmt.Errorf("merchant account %q (1 to 64 letters, digits, '.', '_', '-'): %w", account, platform.ErrInvalid)
	}
	err := s.write(merchant, func(ctx context.Context, tx pgx.Tx) error {
		if _, err := lockMerchant(ctx, tx, merchant); err != nil {
			return err
		}
		var owner string
		err := tx.QueryRow(ctx, "SELECT merchant FROM merchants WHERE account = $1", account).Scan(&owner)
		if err == nil && owner != merchant {
			return fmt.Errorf("merchant account %q is merchant %s's: %w", account, owner, platform.ErrConflict)
		} else if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		_, err = tx.Exec(ctx, "UPDATE merchants SET account = $2 WHERE merchant = $1", merchant, account)
		return err
	})
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" { // set by another merchant meanwhile
		return fmt.Errorf("merchant account %q is another merchant's: %w", account, platform.ErrConflict)
	}
	return wrap(err)
}

// identityTaken returns the terminal of merchant other than self whose
// name or alias is id (ignoring case), if any. The caller holds the
// merchant's lock, so two tills cannot take one identity at once.
func identityTaken(ctx context.Context, tx pgx.Tx, merchant, self, id string) (string, error) {
	var by string
	err := tx.QueryRow(ctx, `SELECT terminal FROM terminals WHERE merchant = $1 AND terminal <> $2
		AND (lower(name) = lower($3) OR lower($3) = ANY (SELECT lower(a) FROM unnest(aliases) AS a)) LIMIT 1`,
		merchant, self, strings.TrimSpace(id)).Scan(&by)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return by, err
}

// AddTerminal creates a terminal waiting for enrollment.
func (s *Store) AddTerminal(merchant, name string) (t platform.Terminal, code string, err error) {
	name = strings.TrimSpace(name)
	if !platform.ValidName(name) {
		return t, "", fmt.Errorf("terminal name %q (1 to 64 printable characters): %w", name, platform.ErrInvalid)
	}
	code = platform.NewCode()
	t = platform.Terminal{ID: "t-" + platform.NewSecret(5), Merchant: merchant, Name: name, CodeHash: platform.Hash(code)}
	err = s.write(merchant, func(ctx context.Context, tx pgx.Tx) error {
		if _, err := lockMerchant(ctx, tx, merchant); err != nil {
			return err
		}
		if by, err := identityTaken(ctx, tx, merchant, "", name); err != nil {
			return err
		} else if by != "" {
			return fmt.Errorf("terminal name %q: terminal %s of this merchant already has it: %w", name, by, platform.ErrConflict)
		}
		b := &pgx.Batch{}
		b.Queue("INSERT INTO terminals (merchant, terminal, name, code_hash) VALUES ($1, $2, $3, $4)", merchant, t.ID, t.Name, t.CodeHash)
		b.Queue("INSERT INTO terminal_directory (terminal, merchant) VALUES ($1, $2)", t.ID, merchant)
		b.Queue("INSERT INTO enrollment_codes (code_hash, merchant, terminal) VALUES ($1, $2, $3)", t.CodeHash, merchant, t.ID)
		return tx.SendBatch(ctx, b).Close()
	})
	return t, code, wrap(err)
}

const terminalCols = "merchant, terminal, name, till, token_hash, code_hash, enrolled, last_contact, backlog, aliases, installs, last_receipt, revoked, revoked_hash, refused"

func scanTerminal(row pgx.Row) (t platform.Terminal, err error) {
	var enrolled, contact, revoked *time.Time
	var backlog, last, refused int64
	err = row.Scan(&t.Merchant, &t.ID, &t.Name, &t.Till, &t.TokenHash, &t.CodeHash, &enrolled, &contact, &backlog,
		&t.Aliases, &t.Installs, &last, &revoked, &t.RevokedHash, &refused)
	if enrolled != nil {
		t.Enrolled = enrolled.UTC()
	}
	if contact != nil {
		t.LastContact = contact.UTC()
	}
	if revoked != nil {
		t.Revoked = revoked.UTC()
	}
	if len(t.Aliases) == 0 {
		t.Aliases = nil
	}
	if len(t.Installs) == 0 {
		t.Installs = nil
	}
	t.Backlog, t.LastReceipt, t.Refused = uint64(backlog), uint64(last), uint64(refused)
	return t, err
}

// saveTerminal writes every field of t Enroll, RevokeTerminal and Reenroll
// change.
func saveTerminal(ctx context.Context, tx pgx.Tx, t platform.Terminal) error {
	var revoked *time.Time
	if !t.Revoked.IsZero() {
		r := t.Revoked.UTC().Truncate(time.Microsecond)
		revoked = &r
	}
	var enrolled *time.Time
	if !t.Enrolled.IsZero() {
		e := t.Enrolled.UTC().Truncate(time.Microsecond)
		enrolled = &e
	}
	aliases, installs := t.Aliases, t.Installs
	if aliases == nil {
		aliases = []string{}
	}
	if installs == nil {
		installs = []string{}
	}
	_, err := tx.Exec(ctx, `UPDATE terminals SET till = $3, token_hash = $4, code_hash = $5, enrolled = $6, aliases = $7, installs = $8,
		revoked = $9, revoked_hash = $10 WHERE merchant = $1 AND terminal = $2`,
		t.Merchant, t.ID, t.Till, t.TokenHash, t.CodeHash, enrolled, aliases, installs, revoked, t.RevokedHash)
	return err
}

// lockTerminal locks the merchant of terminal id, then the terminal's row.
func lockTerminal(ctx context.Context, tx pgx.Tx, merchant, id string) (platform.Terminal, error) {
	if _, err := lockMerchant(ctx, tx, merchant); err != nil {
		return platform.Terminal{}, err
	}
	t, err := scanTerminal(tx.QueryRow(ctx, "SELECT "+terminalCols+" FROM terminals WHERE merchant = $1 AND terminal = $2 FOR UPDATE", merchant, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return t, fmt.Errorf("terminal %q: %w", id, platform.ErrNotFound)
	}
	return t, err
}

// Enroll consumes a one-time code: one DELETE, so of two enrollments with
// the same code, on whichever servers, exactly one gets it. A conflict
// rolls the DELETE back: the code stays usable.
func (s *Store) Enroll(e platform.Enrollment, now time.Time) (t platform.Terminal, err error) {
	now = now.UTC().Truncate(time.Microsecond)
	err = s.write("", func(ctx context.Context, tx pgx.Tx) error {
		var merchant, id string
		err := tx.QueryRow(ctx, "DELETE FROM enrollment_codes WHERE code_hash = $1 RETURNING merchant, terminal", e.CodeHash).Scan(&merchant, &id)
		if errors.Is(err, pgx.ErrNoRows) {
			return platform.ErrCodeUsed
		} else if err != nil {
			return err
		}
		t, err = lockTerminal(ctx, tx, merchant, id)
		if errors.Is(err, platform.ErrNotFound) {
			return platform.ErrCodeUsed
		} else if err != nil {
			return err
		}
		if err := t.CheckEnrollment(e); err != nil {
			return err
		}
		claim := e.Claim != "" && !platform.SameIdentity(e.Claim, t.Name)
		if claim {
			if by, err := identityTaken(ctx, tx, merchant, id, e.Claim); err != nil {
				return err
			} else if by != "" {
				return fmt.Errorf("this till's documents carry %q, the identity of terminal %s of this merchant: %w", e.Claim, by, platform.ErrConflict)
			}
		}
		if e.Install != "" {
			var by string
			err := tx.QueryRow(ctx, "SELECT terminal FROM terminals WHERE merchant = $1 AND terminal <> $2 AND $3 = ANY (installs) LIMIT 1",
				merchant, id, e.Install).Scan(&by)
			if err == nil {
				return fmt.Errorf("install id %q is terminal %s's: %w", e.Install, by, platform.ErrConflict)
			} else if !errors.Is(err, pgx.ErrNoRows) {
				return err
			}
		}
		if claim && !slices.Contains(t.Aliases, e.Claim) {
			t.Aliases = append(t.Aliases, e.Claim)
		}
		if e.Install != "" { // the enrolling device last: see Terminal.Chain
			t.Installs = append(slices.DeleteFunc(t.Installs, func(in string) bool { return in == e.Install }), e.Install)
		}
		t.CodeHash, t.TokenHash, t.Till, t.Enrolled, t.LastContact = "", e.TokenHash, t.Name, now, now
		if err := saveTerminal(ctx, tx, t); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "UPDATE terminals SET last_contact = $3 WHERE merchant = $1 AND terminal = $2", merchant, id, now)
		return err
	})
	return t, wrap(err)
}

// Terminals lists a merchant's terminals by name.
func (s *Store) Terminals(merchant string) (out []platform.Terminal, err error) {
	err = s.read(func(ctx context.Context) error {
		if err := s.knownMerchant(ctx, merchant); err != nil {
			return err
		}
		rows, err := s.pool.Query(ctx, "SELECT "+terminalCols+" FROM terminals WHERE merchant = $1 ORDER BY name", merchant)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			t, err := scanTerminal(rows)
			if err != nil {
				return err
			}
			out = append(out, t)
		}
		return rows.Err()
	})
	return out, wrap(err)
}

// changeTerminal runs fn on terminal id under its merchant's lock and
// saves it.
func (s *Store) changeTerminal(id string, fn func(ctx context.Context, tx pgx.Tx, t *platform.Terminal) error) (t platform.Terminal, err error) {
	cur, err := s.Terminal(id)
	if err != nil {
		return t, err
	}
	err = s.write(cur.Merchant, func(ctx context.Context, tx pgx.Tx) error {
		var err error
		if t, err = lockTerminal(ctx, tx, cur.Merchant, id); err != nil {
			return err
		}
		if err := fn(ctx, tx, &t); err != nil {
			return err
		}
		return saveTerminal(ctx, tx, t)
	})
	return t, wrap(err)
}

// revoke refuses t's token (keeping its hash as revoked) and cancels any
// code out.
func revoke(ctx context.Context, tx pgx.Tx, t *platform.Terminal, now time.Time) error {
	if t.CodeHash != "" {
		if _, err := tx.Exec(ctx, "DELETE FROM enrollment_codes WHERE code_hash = $1", t.CodeHash); err != nil {
			return err
		}
	}
	if t.TokenHash != "" {
		t.RevokedHash, t.Revoked = t.TokenHash, now.UTC()
	}
	t.TokenHash, t.CodeHash = "", ""
	return nil
}

// RevokeTerminal revokes a terminal's token and any code out.
func (s *Store) RevokeTerminal(id string, now time.Time) (platform.Terminal, error) {
	return s.changeTerminal(id, func(ctx context.Context, tx pgx.Tx, t *platform.Terminal) error {
		if t.TokenHash == "" && t.CodeHash == "" && t.Revoked.IsZero() {
			t.Revoked = now.UTC()
		}
		return revoke(ctx, tx, t, now)
	})
}

// Reenroll revokes the terminal's token and returns a new one-time code.
func (s *Store) Reenroll(id string, now time.Time) (platform.Terminal, string, error) {
	code := platform.NewCode()
	t, err := s.changeTerminal(id, func(ctx context.Context, tx pgx.Tx, t *platform.Terminal) error {
		if err := revoke(ctx, tx, t, now); err != nil {
			return err
		}
		t.CodeHash = platform.Hash(code)
		_, err := tx.Exec(ctx, "INSERT INTO enrollment_codes (code_hash, merchant, terminal) VALUES ($1, $2, $3)", t.CodeHash, t.Merchant, t.ID)
		return err
	})
	if err != nil {
		return t, "", err
	}
	return t, code, nil
}

// Terminal returns one terminal.
func (s *Store) Terminal(id string) (t platform.Terminal, err error) {
	err = s.read(func(ctx context.Context) error {
		var e error
		t, e = scanTerminal(s.pool.QueryRow(ctx, `SELECT `+terminalCols+` FROM terminals
			WHERE merchant = (SELECT merchant FROM terminal_directory WHERE terminal = $1) AND terminal = $1`, id))
		if errors.Is(e, pgx.ErrNoRows) {
			return fmt.Errorf("terminal %q: %w", id, platform.ErrNotFound)
		}
		return e
	})
	return t, wrap(err)
}

// Touch records a contact.
//
// A last contact is worth no disk flush of its own: it commits without
// waiting for the WAL (synchronous_commit off for this transaction), so
// a crash can lose the last second of contacts and nothing else.
func (s *Store) Touch(id string, backlog uint64, now time.Time) error {
	return wrap(s.read(func(ctx context.Context) error {
		return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
			b := &pgx.Batch{}
			b.Queue("SET LOCAL synchronous_commit = off")
			b.Queue(`UPDATE terminals SET last_contact = $2, backlog = $3
				WHERE merchant = (SELECT merchant FROM terminal_directory WHERE terminal = $1) AND terminal = $1`, id, now.UTC(), int64(backlog))
			return tx.SendBatch(ctx, b).Close()
		})
	}))
}

// productState is a product as the platform keeps it (as in boltstore).
type productState struct {
	Product   pos.Product `json:"product"`
	Rev       uint64      `json:"rev"`
	BasisTill string      `json:"basis_till,omitempty"`
	BasisSeq  uint64      `json:"basis_seq,omitempty"`
	SoldBy    []string    `json:"sold_by,omitempty"`
}

// products is the merchant's products read in a transaction that holds
// the merchant's lock, with the ones changed since.
type products struct {
	f     *feed
	agg   *platform.StockSum // a push's ordinary stock moves, summed (nil: emit each)
	m     map[string]*productState
	dirty map[string]bool
	overs []wire.Oversell
}

func loadProducts(ctx context.Context, tx pgx.Tx, f *feed, skus []string) (*products, error) {
	p := &products{f: f, m: map[string]*productState{}, dirty: map[string]bool{}}
	if len(skus) == 0 {
		return p, nil
	}
	rows, err := tx.Query(ctx, "SELECT sku, state FROM products WHERE merchant = $1 AND sku = ANY($2)", f.merchant, skus)
	if err != nil {
		return nil, err
	}
	return p, p.scan(rows)
}

// scan reads (sku, state) rows into p and closes them.
func (p *products) scan(rows pgx.Rows) error {
	defer rows.Close()
	for rows.Next() {
		var sku string
		var raw []byte
		if err := rows.Scan(&sku, &raw); err != nil {
			return err
		}
		st := new(productState)
		if err := json.Unmarshal(raw, st); err != nil {
			return fmt.Errorf("damaged product %s: %w", sku, err)
		}
		p.m[sku] = st
	}
	return rows.Err()
}

func (p *products) put(sku string, st *productState) { p.m[sku] = st; p.dirty[sku] = true }

// move applies delta to sku; an oversell is recorded when a unique piece
// falls below zero (the same rules as boltstore). With agg set, the change
// of an ordinary product is summed there instead of emitted.
func (p *products) move(sku string, delta int64, origin, soldBy string, seq uint64, now time.Time) *wire.Oversell {
	st := p.m[sku]
	if st == nil {
		return nil // off-catalogue: nothing to count
	}
	if origin != "" && origin == st.BasisTill && seq <= st.BasisSeq {
		return nil // already in the stock the till sent
	}
	st.Product.Stock += delta
	if delta < 0 && st.Product.Unique && soldBy != "" {
		st.SoldBy = append(st.SoldBy, soldBy)
	}
	p.dirty[sku] = true
	if p.agg != nil && !st.Product.Unique {
		p.agg.Add(sku, delta)
		return nil
	}
	p.f.emit(wire.Change{Kind: wire.ChangeStock, SKU: sku, Delta: delta, Origin: origin, Ref: soldBy, Time: now})
	if st.Product.Unique && st.Product.Stock < 0 {
		o := wire.Oversell{SKU: sku, Name: st.Product.Name.FR, Stock: st.Product.Stock, Sales: append([]string(nil), st.SoldBy...), Time: now, Origin: origin}
		p.overs = append(p.overs, o)
		detail := fmt.Sprintf("%s (%s) sold %d times: %s", st.Product.Name.FR, sku, 1-st.Product.Stock, strings.Join(st.SoldBy, ", "))
		p.f.emit(wire.Change{Kind: wire.ChangeOversell, SKU: sku, Detail: detail, Origin: origin, Time: now})
		return &o
	}
	return nil
}

// flush writes the changed products and the oversells.
func (p *products) flush(ctx context.Context, tx pgx.Tx) error {
	b := &pgx.Batch{}
	if err := p.queue(b); err != nil || b.Len() == 0 {
		return err
	}
	return tx.SendBatch(ctx, b).Close()
}

// queue queues flush's statements in b.
func (p *products) queue(b queuer) error {
	if len(p.dirty) > 0 {
		skus := make(texts, 0, len(p.dirty))
		states := make(texts, 0, len(p.dirty))
		for sku := range p.dirty {
			b, err := json.Marshal(p.m[sku])
			if err != nil {
				return err
			}
			skus, states = append(skus, sku), append(states, string(b))
		}
		b.Queue(`INSERT INTO products (merchant, sku, state)
			SELECT $1, k, s::jsonb FROM unnest($2::text[], $3::text[]) AS u(k, s)
			ON CONFLICT (merchant, sku) DO UPDATE SET state = excluded.state`, p.f.merchant, skus, states)
	}
	for _, o := range p.overs {
		raw, _ := json.Marshal(o)
		b.Queue("INSERT INTO oversells (merchant, oversell) VALUES ($1, $2::jsonb)", p.f.merchant, string(raw))
	}
	return nil
}

// paymentRec is a payment with the amount its unverified tender expects.
type paymentRec struct {
	platform.Payment
	Due pos.Money `json:"due"`
}

// lockPayment locks the merchant's payment row, creating it pending if
// new.
func lockPayment(ctx context.Context, tx dbtx, merchant, ref string) (*paymentRec, error) {
	fresh, _ := json.Marshal(paymentRec{Payment: platform.Payment{Ref: ref, State: wire.PaymentPending, Merchant: merchant}})
	if _, err := tx.Exec(ctx, "INSERT INTO payments (merchant, ref, payment) VALUES ($1, $2, $3::jsonb) ON CONFLICT (merchant, ref) DO NOTHING", merchant, ref, string(fresh)); err != nil {
		return nil, err
	}
	var raw []byte
	if err := tx.QueryRow(ctx, "SELECT payment FROM payments WHERE merchant = $1 AND ref = $2 FOR UPDATE", merchant, ref).Scan(&raw); err != nil {
		return nil, err
	}
	p := new(paymentRec)
	if err := json.Unmarshal(raw, p); err != nil {
		return nil, fmt.Errorf("damaged payment %s: %w", ref, err)
	}
	p.Time = p.Time.UTC()
	return p, nil
}

func savePayment(ctx context.Context, tx dbtx, p *paymentRec) error {
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, "UPDATE payments SET payment = $3::jsonb WHERE merchant = $1 AND ref = $2", p.Merchant, p.Ref, string(b))
	return err
}

// linkPayment links tender i of d to its payment; origin is the pushing
// terminal's identity, which its check change will carry.
func linkPayment(ctx context.Context, tx dbtx, f *feed, origin string, d *pos.Document, i int, now time.Time) error {
	tn := d.Tenders[i]
	p, err := lockPayment(ctx, tx, f.merchant, tn.Reference)
	if err != nil {
		return err
	}
	if p.Sale != "" && p.Sale != d.ID {
		return nil // a reference reused: keep the first sale's link
	}
	p.Merchant, p.Sale, p.Receipt, p.Tender, p.Terminal, p.Due = f.merchant, d.ID, d.Receipt, i, origin, tn.Amount
	settle(f, p, now)
	return savePayment(ctx, tx, p)
}

// settle emits the check change once both the sale and the acquirer's
// answer are known.
func settle(f *feed, p *paymentRec, now time.Time) {
	if p.Settled || p.Sale == "" || p.State == wire.PaymentPending {
		return
	}
	status := pos.StatusApproved
	if p.State != wire.PaymentPaid || p.Amount != p.Due {
		status = pos.StatusRefused
	}
	p.Settled = true
	f.emit(wire.Change{Kind: wire.ChangeCheck, Ref: p.Ref, Origin: p.Terminal, Time: now,
		Check: &pos.TenderCheck{SaleID: p.Sale, Receipt: p.Receipt, Tender: p.Tender, Reference: p.Ref, Status: status, Source: "platform"}})
}

// Changes returns a page of the feed.
func (s *Store) Changes(merchant string, since uint64, limit int) (out wire.PullResponse, err error) {
	if limit <= 0 || limit > wire.MaxPull {
		limit = wire.MaxPull
	}
	out.Cursor = since
	out.Changes = []wire.Change{}
	err = s.read(func(ctx context.Context) error {
		if err := s.knownMerchant(ctx, merchant); err != nil {
			return err
		}
		// One change more than the page holds tells there are more.
		return readJSON(ctx, s.pool, "damaged change", func(ch wire.Change) {
			if len(out.Changes) == limit {
				out.More = true
				return
			}
			out.Changes = append(out.Changes, ch)
			out.Cursor = ch.Seq
		}, "SELECT change FROM changes WHERE merchant = $1 AND seq > $2 ORDER BY seq LIMIT $3",
			merchant, int64(min(since, 1<<62)), limit+1)
	})
	return out, wrap(err)
}

// Catalog returns the merchant's products with platform stock.
func (s *Store) Catalog(merchant string) (out []wire.CatalogItem, err error) {
	out = []wire.CatalogItem{}
	err = s.read(func(ctx context.Context) error {
		if err := s.knownMerchant(ctx, merchant); err != nil {
			return err
		}
		return readJSON(ctx, s.pool, "damaged product", func(st productState) {
			out = append(out, wire.CatalogItem{Product: st.Product, Rev: st.Rev})
		}, "SELECT state FROM products WHERE merchant = $1 ORDER BY sku", merchant)
	})
	return out, wrap(err)
}

// EditProducts applies till edits; see platform.Storage.
func (s *Store) EditProducts(t platform.Terminal, edits []wire.ProductEdit, now time.Time) (out []wire.ProductResult, err error) {
	for i := range edits {
		p := edits[i].Product
		if err := p.Validate(); err != nil {
			return nil, fmt.Errorf("product %q: %w: %w", p.SKU, platform.ErrInvalid, err)
		}
	}
	now = now.UTC()
	err = s.write(t.Merchant, func(ctx context.Context, tx pgx.Tx) error {
		out = nil
		f, err := lockMerchant(ctx, tx, t.Merchant)
		if err != nil {
			return err
		}
		skus := make([]string, len(edits))
		for i, e := range edits {
			skus[i] = e.Product.SKU
		}
		ps, err := loadProducts(ctx, tx, f, skus)
		if err != nil {
			return err
		}
		var conflicts []platform.Conflict
		for _, e := range edits {
			st, exists := ps.m[e.Product.SKU]
			r := wire.ProductResult{SKU: e.Product.SKU, Winner: "till"}
			switch {
			case !exists:
				st = &productState{Product: e.Product, BasisTill: t.Till, BasisSeq: e.StockSeq}
			case st.Rev == e.Base:
				st.Product = withStock(e.Product, st.Product.Stock)
			default:
				r.Conflict = true
				r.Winner = platform.Resolve(st.Product, e.Product)
				kept, lost := e.Product, st.Product
				if r.Winner == "platform" {
					kept, lost = st.Product, e.Product
				}
				cf := platform.Conflict{SKU: e.Product.SKU, Winner: r.Winner, Kept: platform.DescribeProduct(kept), Lost: platform.DescribeProduct(lost), Time: now}
				conflicts = append(conflicts, cf)
				f.emit(wire.Change{Kind: wire.ChangeConflict, SKU: cf.SKU, Origin: t.Till, Time: now,
					Detail: fmt.Sprintf("edited on both sides; %s kept %s, lost %s", cf.Winner, cf.Kept, cf.Lost)})
				if r.Winner == "till" {
					st.Product = withStock(e.Product, st.Product.Stock)
				}
			}
			if r.Winner == "till" {
				st.Rev = f.nextRev()
				ps.put(e.Product.SKU, st)
				p := st.Product
				f.emit(wire.Change{Kind: wire.ChangeProduct, SKU: p.SKU, Product: &p, Rev: st.Rev, Origin: t.Till, Time: now})
			}
			r.Rev, r.Product = st.Rev, st.Product
			out = append(out, r)
		}
		for _, cf := range conflicts {
			b, _ := json.Marshal(cf)
			if _, err := tx.Exec(ctx, "INSERT INTO conflicts (merchant, conflict) VALUES ($1, $2::jsonb)", t.Merchant, string(b)); err != nil {
				return err
			}
		}
		if err := ps.flush(ctx, tx); err != nil {
			return err
		}
		return f.flush(ctx, tx)
	})
	return out, wrap(err)
}

func withStock(p pos.Product, stock int64) pos.Product { p.Stock = stock; return p }

// SetProduct is a central edit; a new product takes its Stock, an existing
// one keeps the platform's.
func (s *Store) SetProduct(merchant string, p pos.Product, now time.Time) (rev uint64, err error) {
	if p.Updated.IsZero() {
		p.Updated = now.UTC()
	}
	if err := p.Validate(); err != nil {
		return 0, fmt.Errorf("product %q: %w: %w", p.SKU, platform.ErrInvalid, err)
	}
	err = s.write(merchant, func(ctx context.Context, tx pgx.Tx) error {
		f, err := lockMerchant(ctx, tx, merchant)
		if err != nil {
			return err
		}
		ps, err := loadProducts(ctx, tx, f, []string{p.SKU})
		if err != nil {
			return err
		}
		st := ps.m[p.SKU]
		if st == nil {
			st = &productState{}
		} else {
			p.Stock = st.Product.Stock
		}
		st.Product = p
		st.Rev = f.nextRev()
		rev = st.Rev
		ps.put(p.SKU, st)
		f.emit(wire.Change{Kind: wire.ChangeProduct, SKU: p.SKU, Product: &p, Rev: rev, Time: now})
		if err := ps.flush(ctx, tx); err != nil {
			return err
		}
		return f.flush(ctx, tx)
	})
	return rev, wrap(err)
}

// OnlineSale moves stock for a sale made outside the tills.
func (s *Store) OnlineSale(merchant, sku string, qty int64, ref string, now time.Time) (out []wire.Oversell, err error) {
	if qty == 0 {
		return nil, fmt.Errorf("quantity: %w", platform.ErrInvalid)
	}
	err = s.write(merchant, func(ctx context.Context, tx pgx.Tx) error {
		out = nil
		f, err := lockMerchant(ctx, tx, merchant)
		if err != nil {
			return err
		}
		ps, err := loadProducts(ctx, tx, f, []string{sku})
		if err != nil {
			return err
		}
		if ps.m[sku] == nil {
			return fmt.Errorf("product %q: %w", sku, platform.ErrNotFound)
		}
		if o := ps.move(sku, -qty, "", "online:"+ref, 0, now); o != nil {
			out = append(out, *o)
		}
		if err := ps.flush(ctx, tx); err != nil {
			return err
		}
		return f.flush(ctx, tx)
	})
	return out, wrap(err)
}

// Payment returns what is known of a merchant's reference; an unknown one
// is pending.
func (s *Store) Payment(merchant, ref string) (p platform.Payment, err error) {
	err = s.read(func(ctx context.Context) error {
		var raw []byte
		err := s.pool.QueryRow(ctx, "SELECT payment FROM payments WHERE merchant = $1 AND ref = $2", merchant, ref).Scan(&raw)
		if errors.Is(err, pgx.ErrNoRows) {
			p = platform.Payment{Ref: ref, State: wire.PaymentPending}
			return nil
		} else if err != nil {
			return err
		}
		var rec paymentRec
		if err := json.Unmarshal(raw, &rec); err != nil {
			return err
		}
		p = rec.Payment
		p.Time = p.Time.UTC()
		return nil
	})
	return p, wrap(err)
}

// Notify records the acquirer's answer for the merchant whose account the
// notice names. The first final state stays; a later notice saying the
// same changes nothing, one saying otherwise is kept as a contradiction
// (once) and answered ErrConflict. Locks are taken in the same order as
// Ingest (merchant, then payment), so the two never deadlock.
func (s *Store) Notify(n wire.Notice, now time.Time) (p platform.Payment, err error) {
	now = now.UTC().Truncate(time.Microsecond)
	var merchant string
	err = s.read(func(ctx context.Context) error {
		err := s.pool.QueryRow(ctx, "SELECT merchant FROM merchants WHERE account = $1", n.Account).Scan(&merchant)
		if errors.Is(err, pgx.ErrNoRows) || n.Account == "" {
			return fmt.Errorf("merchant account %q: %w", n.Account, platform.ErrNotFound)
		}
		return err
	})
	if err != nil {
		return p, wrap(err)
	}
	var contradicts bool
	err = s.write(merchant, func(ctx context.Context, tx pgx.Tx) error {
		contradicts = false
		f, err := lockMerchant(ctx, tx, merchant)
		if err != nil {
			return err
		}
		rec, err := lockPayment(ctx, tx, merchant, n.Ref)
		if err != nil {
			return err
		}
		if rec.State == wire.PaymentPaid || rec.State == wire.PaymentRefused {
			p = rec.Payment
			if rec.State == n.Status && rec.Amount == n.Amount {
				return nil
			}
			contradicts = true
			var one int
			err := tx.QueryRow(ctx, `SELECT 1 FROM contradictions WHERE merchant = $1 AND contradiction->>'ref' = $2
				AND contradiction->>'now' = $3 AND (contradiction->>'now_amount')::bigint = $4 LIMIT 1`,
				merchant, n.Ref, n.Status, int64(n.Amount)).Scan(&one)
			if err == nil {
				return nil // kept already
			} else if !errors.Is(err, pgx.ErrNoRows) {
				return err
			}
			b, _ := json.Marshal(platform.Contradiction{Merchant: merchant, Ref: n.Ref, Was: rec.State, WasAmt: rec.Amount,
				Now: n.Status, NowAmt: n.Amount, Time: now})
			_, err = tx.Exec(ctx, "INSERT INTO contradictions (merchant, contradiction) VALUES ($1, $2::jsonb)", merchant, string(b))
			return err
		}
		rec.State, rec.Amount, rec.Time = n.Status, n.Amount, now
		if rec.Merchant == "" {
			rec.Merchant = merchant
		}
		if rec.Sale != "" {
			settle(f, rec, now)
			if err := f.flush(ctx, tx); err != nil {
				return err
			}
		}
		p = rec.Payment
		return savePayment(ctx, tx, rec)
	})
	if err == nil && contradicts {
		err = fmt.Errorf("reference %s already %s (%s); this notice says %s (%s) and is kept for review: %w",
			n.Ref, p.State, p.Amount.Decimal(), n.Status, n.Amount.Decimal(), platform.ErrConflict)
	}
	return p, wrap(err)
}

// Export returns the merchant's sales and refunds as export rows, sorted.
func (s *Store) Export(merchant string) (rows []export.Row, err error) {
	err = s.read(func(ctx context.Context) error {
		if err := s.knownMerchant(ctx, merchant); err != nil {
			return err
		}
		r, err := s.pool.Query(ctx, "SELECT id, raw FROM documents WHERE merchant = $1 AND kind IN ('sale', 'refund')", merchant)
		if err != nil {
			return err
		}
		defer r.Close()
		for r.Next() {
			var id string
			var raw []byte
			if err := r.Scan(&id, &raw); err != nil {
				return err
			}
			var d pos.Document
			if err := json.Unmarshal(raw, &d); err != nil {
				return fmt.Errorf("damaged document %s: %w", id, err)
			}
			if export.Included(&d) {
				rows = append(rows, export.RowOf(&d))
			}
		}
		return r.Err()
	})
	export.Sort(rows)
	return rows, wrap(err)
}

// Overview gathers the dashboard. It reads every merchant: on a large
// platform it belongs on a read replica.
func (s *Store) Overview() (o platform.Overview, err error) {
	o.Merchants = map[string]string{}
	err = s.read(func(ctx context.Context) error {
		return pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
			rows, err := tx.Query(ctx, `SELECT d.merchant, m.name, d.day, d.sales, d.refunds, d.net
				FROM days d JOIN merchants m ON m.merchant = d.merchant`)
			if err != nil {
				return err
			}
			for rows.Next() {
				var d platform.DaySales
				var sales, refunds, net int64
				if err := rows.Scan(&d.Merchant, &d.Name, &d.Day, &sales, &refunds, &net); err != nil {
					rows.Close()
					return err
				}
				d.Sales, d.Refunds, d.Net = int(sales), int(refunds), pos.Money(net)
				o.Days = append(o.Days, d)
			}
			rows.Close()
			if err := scanEach(ctx, tx, "SELECT merchant, name FROM merchants", func(r pgx.Rows) error {
				var id, name string
				err := r.Scan(&id, &name)
				o.Merchants[id] = name
				return err
			}); err != nil {
				return err
			}
			if err := eachJSON(ctx, tx, func(x wire.Oversell) {
				o.Oversells = append(o.Oversells, x)
			}, "SELECT oversell FROM oversells ORDER BY merchant, n"); err != nil {
				return err
			}
			if err := eachJSON(ctx, tx, func(x platform.Conflict) {
				o.Conflicts = append(o.Conflicts, x)
			}, "SELECT conflict FROM conflicts ORDER BY merchant, n"); err != nil {
				return err
			}
			if err := eachJSON(ctx, tx, func(x platform.Contradiction) {
				x.Time = x.Time.UTC()
				o.Contradictions = append(o.Contradictions, x)
			}, "SELECT contradiction FROM contradictions ORDER BY merchant, n"); err != nil {
				return err
			}
			if err := eachJSON(ctx, tx, func(a platform.Anchor) {
				o.Forks = append(o.Forks, a)
			}, "SELECT anchor FROM forks ORDER BY terminal, seq"); err != nil {
				return err
			}
			if err := scanEach(ctx, tx, "SELECT "+terminalCols+" FROM terminals ORDER BY terminal", func(r pgx.Rows) error {
				t, err := scanTerminal(r)
				t.Status = t.State()
				t.TokenHash, t.CodeHash, t.RevokedHash = "", "", ""
				o.Terminals = append(o.Terminals, t)
				return err
			}); err != nil {
				return err
			}
			return eachJSON(ctx, tx, func(p paymentRec) {
				o.Awaiting = append(o.Awaiting, p.Payment)
			}, `SELECT payment FROM payments WHERE payment->>'sale' <> ''
				AND NOT coalesce((payment->>'settled')::boolean, false) ORDER BY ref`)
		})
	})
	sort.Slice(o.Days, func(i, j int) bool {
		if o.Days[i].Day != o.Days[j].Day {
			return o.Days[i].Day > o.Days[j].Day
		}
		return o.Days[i].Name < o.Days[j].Name
	})
	return o, wrap(err)
}

func scanEach(ctx context.Context, db querier, q string, fn func(pgx.Rows) error, args ...any) error {
	rows, err := db.Query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// eachJSON runs q with args and hands keep the one JSON column of each
// row, decoded as a T; a row that does not decode is passed over.
func eachJSON[T any](ctx context.Context, tx pgx.Tx, keep func(T), q string, args ...any) error {
	return readJSON(ctx, tx, "", keep, q, args...)
}

// Secret returns the platform secret called name, creating it with value
// fresh if the database has none yet: the first server to start chooses
// it and every other one reads the same.
func (s *Store) Secret(name, fresh string) (value string, err error) {
	err = s.read(func(ctx context.Context) error {
		for {
			err := s.pool.QueryRow(ctx, `WITH ins AS (
					INSERT INTO platform_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING value)
				SELECT value FROM ins UNION ALL SELECT value FROM platform_secrets WHERE name = $1 LIMIT 1`, name, fresh).Scan(&value)
			// A row another server committed during this statement is
			// past its snapshot: the next statement sees it.
			if !errors.Is(err, pgx.ErrNoRows) || ctx.Err() != nil {
				return err
			}
		}
	})
	return value, wrap(err)
}

// ReadSecret returns the platform secret called name, or ErrNotFound.
func (s *Store) ReadSecret(name string) (value string, err error) {
	err = s.read(func(ctx context.Context) error {
		err := s.pool.QueryRow(ctx, "SELECT value FROM platform_secrets WHERE name = $1", name).Scan(&value)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("secret %s: %w", name, platform.ErrNotFound)
		}
		return err
	})
	return value, wrap(err)
}

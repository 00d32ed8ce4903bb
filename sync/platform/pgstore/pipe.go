package pgstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// dbtx is what a transaction's statements run on: a pgx.Tx, or a pipe.
type dbtx interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

var (
	_ dbtx = pgx.Tx(nil)
	_ dbtx = (*pipe)(nil)
)

// errNotCommitted: the COMMIT a pipe sent answered ROLLBACK.
var errNotCommitted = errors.New("pgstore: the transaction was rolled back instead of committed")

// writePipe is write for a transaction of batches: its BEGIN goes at the
// head of the first statements fn sends and its COMMIT at the tail of the
// last batch fn returns (nil for none), instead of a round trip each
// (pgx.BeginFunc). The same transaction, committed as synchronously, in
// two round trips fewer. On any error the transaction is rolled back, and
// it runs again on a serialization failure or a deadlock as write's does.
// With beforeCommit set (tests), the last batch is sent first, the hook
// runs, then the COMMIT alone: the hook sees the transaction with all its
// writes done and not committed, as in write.
func (s *Store) writePipe(merchant string, fn func(ctx context.Context, tx dbtx) (*pgx.Batch, error)) error {
	return retried(func(ctx context.Context) error { return s.runPipe(ctx, merchant, fn) })
}

func (s *Store) runPipe(ctx context.Context, merchant string, fn func(ctx context.Context, tx dbtx) (*pgx.Batch, error)) (err error) {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	p := &pipe{conn: conn}
	defer func() {
		// A transaction left open or failed is rolled back before the
		// connection goes back; the pool drops a connection still in a
		// transaction (a panic, a ROLLBACK that failed).
		if pg := conn.Conn().PgConn(); !pg.IsClosed() && pg.TxStatus() != 'I' {
			if _, rerr := conn.Exec(ctx, "ROLLBACK"); rerr != nil {
				conn.Conn().Close(ctx)
			}
		}
		conn.Release()
	}()
	last, err := fn(ctx, p)
	if err != nil {
		return err
	}
	if last == nil {
		last = &pgx.Batch{}
	}
	if s.beforeCommit != nil {
		if last.Len() > 0 {
			if err := p.SendBatch(ctx, last).Close(); err != nil {
				return err
			}
		}
		s.beforeCommit(merchant)
		last = &pgx.Batch{}
	}
	last.Queue("COMMIT").Exec(func(ct pgconn.CommandTag) error {
		if ct.String() != "COMMIT" {
			return errNotCommitted
		}
		return nil
	})
	return p.SendBatch(ctx, last).Close()
}

// pipe is a transaction on a connection whose BEGIN is sent with the
// first statements run on it (see writePipe).
type pipe struct {
	conn  *pgxpool.Conn
	begun bool
}

// begin sends BEGIN alone if nothing was sent yet.
func (p *pipe) begin(ctx context.Context) error {
	if p.begun {
		return nil
	}
	p.begun = true
	_, err := p.conn.Exec(ctx, "BEGIN")
	return err
}

func (p *pipe) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	if err := p.begin(ctx); err != nil {
		return pgconn.CommandTag{}, err
	}
	return p.conn.Exec(ctx, sql, args...)
}

func (p *pipe) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	if err := p.begin(ctx); err != nil {
		return nil, err
	}
	return p.conn.Query(ctx, sql, args...)
}

func (p *pipe) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	if err := p.begin(ctx); err != nil {
		return errRow{err}
	}
	return p.conn.QueryRow(ctx, sql, args...)
}

// SendBatch sends b, with BEGIN at its head if nothing was sent yet; the
// results read skip BEGIN's.
func (p *pipe) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	if p.begun {
		return p.conn.SendBatch(ctx, b)
	}
	p.begun = true
	withBegin := &pgx.Batch{}
	withBegin.Queue("BEGIN")
	withBegin.QueuedQueries = append(withBegin.QueuedQueries, b.QueuedQueries...)
	return &begunResults{BatchResults: p.conn.SendBatch(ctx, withBegin)}
}

// begunResults are the results of a batch led by BEGIN, without BEGIN's.
type begunResults struct {
	pgx.BatchResults
	read bool // BEGIN's result
	err  error
}

func (r *begunResults) begin() error {
	if !r.read {
		r.read = true
		if _, err := r.BatchResults.Exec(); err != nil {
			r.err = fmt.Errorf("BEGIN: %w", err)
		}
	}
	return r.err
}

func (r *begunResults) Exec() (pgconn.CommandTag, error) {
	if err := r.begin(); err != nil {
		return pgconn.CommandTag{}, err
	}
	return r.BatchResults.Exec()
}

func (r *begunResults) Query() (pgx.Rows, error) {
	if err := r.begin(); err != nil {
		return nil, err
	}
	return r.BatchResults.Query()
}

func (r *begunResults) QueryRow() pgx.Row {
	if err := r.begin(); err != nil {
		return errRow{err}
	}
	return r.BatchResults.QueryRow()
}

func (r *begunResults) Close() error {
	err := r.begin()
	if cerr := r.BatchResults.Close(); err == nil {
		err = cerr
	}
	return err
}

// errRow is a row that is only an error.
type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

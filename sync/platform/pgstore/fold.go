package pgstore

import (
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
)

// queuer takes statements: a pgx.Batch, or a fold.
type queuer interface {
	Queue(sql string, args ...any) *pgx.QueuedQuery
}

var (
	_ queuer = (*pgx.Batch)(nil)
	_ queuer = (*fold)(nil)
)

// fold gathers data-modifying statements (INSERT, UPDATE, DELETE,
// without a WITH of their own) that neither reads what another writes,
// to send them as one: each but the last a common table expression of
// the last. PostgreSQL runs them all, in the one statement's snapshot,
// and starts one executor instead of one a statement.
type fold struct {
	stmts []string
	args  []any
}

// Queue adds a statement numbering its parameters from $1.
func (f *fold) Queue(sql string, args ...any) *pgx.QueuedQuery {
	f.stmts = append(f.stmts, renumber(sql, len(f.args)))
	f.args = append(f.args, args...)
	return nil
}

// Len is the number of statements gathered.
func (f *fold) Len() int { return len(f.stmts) }

// queue queues the fold's statement in b (nothing when empty).
func (f *fold) queue(b *pgx.Batch) {
	if len(f.stmts) == 0 {
		return
	}
	var sb strings.Builder
	last := len(f.stmts) - 1
	for i, s := range f.stmts[:last] {
		if i == 0 {
			sb.WriteString("WITH ")
		} else {
			sb.WriteString(", ")
		}
		sb.WriteString("w")
		sb.WriteString(strconv.Itoa(i))
		sb.WriteString(" AS (")
		sb.WriteString(s)
		sb.WriteString(")\n")
	}
	sb.WriteString(f.stmts[last])
	b.Queue(sb.String(), f.args...)
}

// renumber adds by to the number of every parameter ($n) of sql, which
// has no $ but its parameters' (no quoted strings or dollar quotes with
// one).
func renumber(sql string, by int) string {
	if by == 0 {
		return sql
	}
	var sb strings.Builder
	sb.Grow(len(sql) + 16)
	for i := 0; i < len(sql); i++ {
		c := sql[i]
		sb.WriteByte(c)
		if c != '$' {
			continue
		}
		j := i + 1
		for j < len(sql) && '0' <= sql[j] && sql[j] <= '9' {
			j++
		}
		if n, err := strconv.Atoi(sql[i+1 : j]); err == nil {
			sb.WriteString(strconv.Itoa(n + by))
			i = j - 1
		}
	}
	return sb.String()
}

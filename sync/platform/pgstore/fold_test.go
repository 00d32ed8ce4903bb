package pgstore

import (
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestFold: statements gathered in a fold become one, each but the last
// a common table expression, their parameters numbered on.
func TestFold(t *testing.T) {
	f := &fold{}
	f.Queue("INSERT INTO a (m, x) SELECT $1, * FROM unnest($2::bigint[])", "m", []int64{1})
	f.Queue("UPDATE b SET y = $2 WHERE m = $1 AND z = $10", "m", 2)
	f.Queue("UPDATE c SET n = n + 1")
	f.Queue("UPDATE d SET y = $2 WHERE m = $1", "m", 3)
	b := &pgx.Batch{}
	f.queue(b)
	want := "WITH w0 AS (INSERT INTO a (m, x) SELECT $1, * FROM unnest($2::bigint[]))\n" +
		", w1 AS (UPDATE b SET y = $4 WHERE m = $3 AND z = $12)\n" +
		", w2 AS (UPDATE c SET n = n + 1)\n" +
		"UPDATE d SET y = $6 WHERE m = $5"
	if b.Len() != 1 || b.QueuedQueries[0].SQL != want {
		t.Fatalf("%d statements:\n%s\nwant\n%s", b.Len(), b.QueuedQueries[0].SQL, want)
	}
	if got := fmt.Sprint(b.QueuedQueries[0].Arguments); got != "[m [1] m 2 m 3]" {
		t.Fatalf("arguments %s", got)
	}
	one := &fold{}
	one.Queue("UPDATE d SET y = $2 WHERE m = $1", "m", 3)
	b = &pgx.Batch{}
	one.queue(b)
	(&fold{}).queue(b)
	if b.Len() != 1 || b.QueuedQueries[0].SQL != "UPDATE d SET y = $2 WHERE m = $1" {
		t.Fatalf("one statement: %+v", b.QueuedQueries)
	}
}

package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"hanout/sync/platform/pgstore"
)

// migrate applies the PostgreSQL schema's pending migrations. serve does
// the same at start; both are safe from several servers at once.
func migrate(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("migrate", stderr)
	db := fs.String("db", "", "PostgreSQL URL postgres://… (default $"+pgstore.EnvURL+")")
	rest, err := parse(fs, args)
	if err != nil || len(rest) != 0 {
		fmt.Fprintln(stderr, "Usage: hanout-platform migrate --db URL")
		return usageExit(err)
	}
	url := *db
	if url == "" {
		url = os.Getenv(pgstore.EnvURL)
	}
	if url == "" {
		fmt.Fprintln(stderr, "hanout-platform: --db URL is required (or set "+pgstore.EnvURL+")")
		return exitUsage
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	applied, err := pgstore.MigrateURL(ctx, url)
	if err != nil {
		fmt.Fprintf(stderr, "hanout-platform: %v\n", err)
		return exitFail
	}
	for _, m := range applied {
		fmt.Fprintf(stdout, "applied %s\n", m)
	}
	fmt.Fprintf(stdout, "the database is at migration %d\n", pgstore.Latest())
	return exitOK
}

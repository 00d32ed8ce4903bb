package pgstore_test

import (
	"context"
	"os"
	"testing"

	"hanout/sync/platform"
	"hanout/sync/platform/pgstore"
	"hanout/sync/platform/pgstore/pgtest"
	"hanout/sync/platform/storagetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// open opens a store on url, closed when the test ends.
func open(t testing.TB, url string) *pgstore.Store {
	t.Helper()
	st, err := pgstore.Open(context.Background(), url, pgstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestConformance runs the storage suite with two stores on one
// database, as two servers have.
func TestConformance(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) (platform.Storage, platform.Storage) {
		url := pgtest.DB(t)
		return open(t, url), open(t, url)
	})
}

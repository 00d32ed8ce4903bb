package boltstore_test

import (
	"testing"

	"hanout/sync/platform"
	"hanout/sync/platform/boltstore"
	"hanout/sync/platform/storagetest"
)

func TestConformance(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) (platform.Storage, platform.Storage) {
		st, err := boltstore.Open(t.TempDir(), boltstore.Options{NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st, st // one process holds the file: one handle
	})
}

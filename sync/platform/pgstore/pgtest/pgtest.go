// Package pgtest gives tests a real PostgreSQL server: the one named by
// HANOUT_TEST_DATABASE_URL, or else a throwaway cluster it starts itself
// (initdb and pg_ctl from Debian's postgresql package) under a temporary
// folder on a free port, and stops when the test binary ends.
//
// Use it from TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
//
// and DB(t) in each test for a database of its own. Tests never skip: a
// machine without PostgreSQL fails them, saying what to install.
package pgtest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"hanout/sync/platform"
	"hanout/sync/platform/pgstore/pgcluster"
)

// EnvURL names an existing server to test against instead.
const EnvURL = "HANOUT_TEST_DATABASE_URL"

// Cluster is a throwaway PostgreSQL server (see pgcluster).
type Cluster = pgcluster.Cluster

var (
	mu       sync.Mutex
	server   string // the URL tests create their databases on
	cluster  *Cluster
	startErr error
)

// Main runs the tests and stops the throwaway cluster, if one was started.
func Main(m *testing.M) int {
	code := m.Run()
	mu.Lock()
	defer mu.Unlock()
	if cluster != nil {
		if err := cluster.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest:", err)
			if code == 0 {
				code = 1
			}
		}
		cluster = nil
	}
	return code
}

// Server returns the URL of the test server, starting the throwaway
// cluster on first use. Tests must run under Main so it is stopped.
func Server(t testing.TB) string {
	t.Helper()
	mu.Lock()
	defer mu.Unlock()
	if server == "" && startErr == nil {
		if u := os.Getenv(EnvURL); u != "" {
			server = u
		} else {
			// Durability is not what these tests are about: spare the disk.
			cluster, startErr = pgcluster.Start("-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off")
			if cluster != nil {
				server = cluster.URL
			}
		}
	}
	if startErr != nil {
		t.Fatalf("pgtest: no PostgreSQL server: %v", startErr)
	}
	return server
}

// DB creates an empty database for this test, dropped at its end, and
// returns its URL.
func DB(t testing.TB) string {
	t.Helper()
	base := Server(t)
	name := "hanout_" + platform.NewSecret(8)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("pgtest: drop %s: %v", name, err)
			return
		}
		defer conn.Close(context.Background())
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("pgtest: drop %s: %v", name, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("pgtest: %s: %v", EnvURL, err)
	}
	u.Path = "/" + name
	return u.String()
}

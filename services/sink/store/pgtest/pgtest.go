// Package pgtest gives tests a PostgreSQL server: the one named by
// TIDINGS_TEST_POSTGRES_URL, or else a throwaway cluster it starts from
// Debian's PostgreSQL binaries (initdb and pg_ctl) for the test binary's
// lifetime. When neither is possible, tests that need PostgreSQL fail under
// CI=true and are skipped with the reason otherwise.
//
// A test binary using it calls Run from TestMain, so that the cluster it
// started is stopped when the tests end:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvURL names the variable holding the URL of a PostgreSQL server for tests.
const EnvURL = "TIDINGS_TEST_POSTGRES_URL"

// server is the PostgreSQL server of the test binary, found once.
type server struct {
	once    sync.Once
	url     string
	err     error
	cluster *cluster
}

var srv server // the test binary's server; tests share it by design

// Run runs the tests of m and stops the cluster Run's tests started, if any.
func Run(m *testing.M) int {
	code := m.Run()
	if srv.cluster != nil {
		if err := srv.cluster.stop(); err != nil {
			fmt.Fprintf(os.Stderr, "pgtest: stop cluster: %v\n", err)
		}
	}
	return code
}

// ServerURL returns the URL of the test PostgreSQL server (an administrative
// connection to its default database), skipping or failing t when there is
// none.
func ServerURL(t testing.TB) string {
	t.Helper()
	srv.once.Do(func() {
		if u := strings.TrimSpace(os.Getenv(EnvURL)); u != "" {
			srv.url = u
			return
		}
		srv.cluster, srv.err = startCluster()
		if srv.err == nil {
			srv.url = srv.cluster.url
		}
	})
	if srv.err != nil {
		msg := fmt.Sprintf("no PostgreSQL for this test: %s is unset and no local cluster could be started: %v", EnvURL, srv.err)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + " (under CI=true PostgreSQL tests must run)")
		}
		t.Skip(msg)
	}
	return srv.url
}

// URL returns the URL of a new, empty schema of the test server (the
// connection's search_path points at it), dropped when t ends.
func URL(t testing.TB) string {
	t.Helper()
	base := ServerURL(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	if err := execSQL(ctx, base, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("pgtest: create schema: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := execSQL(ctx, base, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("pgtest: drop schema: %v", err)
		}
	})
	u, err := WithSearchPath(base, schema)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	return u
}

// WithSearchPath returns base with its search_path parameter set to schema.
func WithSearchPath(base, schema string) (string, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", fmt.Errorf("parse %s: %w", EnvURL, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// execSQL runs one statement on a connection of its own.
func execSQL(ctx context.Context, url, sql string) error {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		return fmt.Errorf("%s: %w", sql, err)
	}
	return nil
}

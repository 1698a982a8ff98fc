// Package redistest starts a real redis-server for tests: not a fake, not
// miniredis, the binary the product runs on.
package redistest

import (
	"context"
	"os"
	"testing"

	"github.com/interviewcoach/coach/coach/redisstore"
	"github.com/redis/go-redis/v9"
)

// MustStart starts a redis-server in a fresh temporary directory, stopped
// when the test ends. A missing binary fails the test with the install hint:
// tests never skip because Redis is absent.
func MustStart(tb testing.TB) *redisstore.Server {
	tb.Helper()
	// os.MkdirTemp rather than tb.TempDir: the socket path must stay under
	// the Unix limit, and test names can be long.
	dir, err := os.MkdirTemp("", "coach-redis-")
	if err != nil {
		tb.Fatal(err)
	}
	srv, err := redisstore.StartServer(context.Background(), redisstore.ServerConfig{Dir: dir})
	if err != nil {
		os.RemoveAll(dir)
		tb.Fatalf("redistest: %v", err)
	}
	tb.Cleanup(func() {
		srv.Stop()
		os.RemoveAll(dir)
	})
	return srv
}

// MustClient starts a redis-server and returns a client for it, closed when
// the test ends.
func MustClient(tb testing.TB) redis.UniversalClient {
	tb.Helper()
	srv := MustStart(tb)
	rdb, err := redisstore.Open(srv.URL())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { rdb.Close() })
	return rdb
}

package redistest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// Sentinel is a master redis-server watched by one Redis Sentinel, both on
// loopback ports.
type Sentinel struct {
	// URL is the REDIS_URL of the deployment (redis+sentinel://...).
	URL string
}

// MustStartSentinel starts a master and a sentinel monitoring it as
// "mymaster", stopped when the test ends.
func MustStartSentinel(tb testing.TB) *Sentinel {
	tb.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		tb.Fatal("redistest: redis-server not found: apt-get install redis-server")
	}
	dir, err := os.MkdirTemp("", "coach-sentinel-")
	if err != nil {
		tb.Fatal(err)
	}
	var procs []*exec.Cmd
	tb.Cleanup(func() {
		for _, p := range procs {
			_ = p.Process.Kill()
			_ = p.Wait()
		}
		os.RemoveAll(dir)
	})
	master := freeClusterPort(tb)
	m := exec.Command("redis-server", "--port", strconv.Itoa(master), "--bind", "127.0.0.1", "--dir", dir,
		"--appendonly", "yes", "--save", "", "--daemonize", "no")
	if err := m.Start(); err != nil {
		tb.Fatal(err)
	}
	procs = append(procs, m)
	waitPing(tb, "127.0.0.1:"+strconv.Itoa(master))

	port := freeClusterPort(tb)
	conf := filepath.Join(dir, "sentinel.conf")
	// Sentinel rewrites its config file, so it must be a file of its own.
	cfg := fmt.Sprintf("port %d\nbind 127.0.0.1\ndir %s\nsentinel monitor mymaster 127.0.0.1 %d 1\nsentinel down-after-milliseconds mymaster 2000\n", port, dir, master)
	if err := os.WriteFile(conf, []byte(cfg), 0o600); err != nil {
		tb.Fatal(err)
	}
	s := exec.Command("redis-server", conf, "--sentinel")
	if err := s.Start(); err != nil {
		tb.Fatal(err)
	}
	procs = append(procs, s)
	waitPing(tb, "127.0.0.1:"+strconv.Itoa(port))
	return &Sentinel{URL: fmt.Sprintf("redis+sentinel://127.0.0.1:%d?master_name=mymaster", port)}
}

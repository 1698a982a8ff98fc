package redistest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/interviewcoach/coach/coach/redisstore"
)

// Cluster is a local Redis Cluster of real redis-server processes on
// loopback ports, one master per node and no replicas.
type Cluster struct {
	// URL is the REDIS_URL of the cluster (redis+cluster://...).
	URL   string
	Addrs []string
	procs []*exec.Cmd
}

// MustStartCluster starts a cluster of n masters (3 is the smallest Redis
// accepts), creates it with redis-cli --cluster create, waits until every
// node reports cluster_state:ok, and stops it when the test ends.
func MustStartCluster(tb testing.TB, n int) *Cluster {
	tb.Helper()
	for _, bin := range []string{"redis-server", "redis-cli"} {
		if _, err := exec.LookPath(bin); err != nil {
			tb.Fatalf("redistest: %s", redisstore.InstallHint)
		}
	}
	dir, err := os.MkdirTemp("", "coach-cluster-")
	if err != nil {
		tb.Fatal(err)
	}
	c := &Cluster{}
	tb.Cleanup(func() {
		for _, p := range c.procs {
			_ = p.Process.Kill()
			_ = p.Wait()
		}
		os.RemoveAll(dir)
	})
	for i := 0; i < n; i++ {
		port := freeClusterPort(tb)
		nodeDir := filepath.Join(dir, strconv.Itoa(port))
		if err := os.MkdirAll(nodeDir, 0o700); err != nil {
			tb.Fatal(err)
		}
		cmd := exec.Command("redis-server",
			"--port", strconv.Itoa(port), "--bind", "127.0.0.1",
			"--cluster-enabled", "yes", "--cluster-config-file", filepath.Join(nodeDir, "nodes.conf"),
			"--cluster-node-timeout", "2000",
			"--dir", nodeDir, "--appendonly", "yes", "--appendfsync", "everysec", "--save", "",
			"--daemonize", "no", "--protected-mode", "yes")
		cmd.Dir = nodeDir
		if err := cmd.Start(); err != nil {
			tb.Fatalf("redistest: start cluster node: %v", err)
		}
		c.procs = append(c.procs, cmd)
		c.Addrs = append(c.Addrs, "127.0.0.1:"+strconv.Itoa(port))
	}
	for _, a := range c.Addrs {
		waitPing(tb, a)
	}
	args := append([]string{"--cluster", "create"}, c.Addrs...)
	args = append(args, "--cluster-replicas", "0", "--cluster-yes")
	if out, err := exec.Command("redis-cli", args...).CombinedOutput(); err != nil {
		tb.Fatalf("redistest: redis-cli --cluster create: %v\n%s", err, out)
	}
	deadline := time.Now().Add(20 * time.Second)
	for _, a := range c.Addrs {
		for {
			host, port, _ := net.SplitHostPort(a)
			out, _ := exec.Command("redis-cli", "-h", host, "-p", port, "cluster", "info").Output()
			if bytes.Contains(out, []byte("cluster_state:ok")) {
				break
			}
			if time.Now().After(deadline) {
				tb.Fatalf("redistest: cluster node %s not ok: %s", a, out)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	c.URL = "redis+cluster://" + c.Addrs[0]
	for i, a := range c.Addrs[1:] {
		sep := "&"
		if i == 0 {
			sep = "?"
		}
		c.URL += sep + "addr=" + a
	}
	return c
}

// FlushAll empties every master, so tests sharing one cluster start clean.
func (c *Cluster) FlushAll(tb testing.TB) {
	tb.Helper()
	for _, a := range c.Addrs {
		host, port, _ := net.SplitHostPort(a)
		if out, err := exec.Command("redis-cli", "-h", host, "-p", port, "flushall").CombinedOutput(); err != nil {
			tb.Fatalf("redistest: flushall %s: %v %s", a, err, out)
		}
	}
}

// freeClusterPort finds a port p such that p and its cluster bus port
// p+10000 are both free on loopback.
func freeClusterPort(tb testing.TB) int {
	tb.Helper()
	for i := 0; i < 100; i++ {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			tb.Fatal(err)
		}
		p := ln.Addr().(*net.TCPAddr).Port
		if p+10000 > 65535 {
			ln.Close()
			continue
		}
		bus, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p+10000))
		ln.Close()
		if err != nil {
			continue
		}
		bus.Close()
		return p
	}
	tb.Fatal("redistest: no free port pair for a cluster node")
	return 0
}

func waitPing(tb testing.TB, addr string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			_ = c.SetDeadline(time.Now().Add(time.Second))
			_, _ = c.Write([]byte("PING\r\n"))
			buf := make([]byte, 16)
			n, _ := c.Read(buf)
			c.Close()
			if strings.HasPrefix(string(buf[:n]), "+PONG") {
				return
			}
		}
		select {
		case <-ctx.Done():
			tb.Fatalf("redistest: cluster node %s did not answer", addr)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

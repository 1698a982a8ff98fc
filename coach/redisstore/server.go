package redisstore

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// InstallHint tells a person how to get Redis when no redis-server is found.
const InstallHint = "redis-server not found: install it (apt-get install redis-server, or brew install redis) or set REDIS_URL to a Redis you run"

// ServerConfig configures a redis-server child process.
type ServerConfig struct {
	// Dir holds the append-only file, the socket and the pid file.
	Dir string
	// Binary is the redis-server to run; empty means look it up in PATH.
	Binary string
	// Stderr receives the child's log; nil discards it.
	Stderr *os.File
	// AppendFsync is Redis's appendfsync: "everysec" (the default) or
	// "always" (see the README on durability).
	AppendFsync string
}

// Server is a redis-server child process listening on a Unix socket in its
// directory (no TCP port at all: nothing else on the machine can reach it,
// and there is no port to collide with).
type Server struct {
	cmd    *exec.Cmd
	sock   string
	pid    string
	done   chan struct{}
	waitFn error
}

// pidFile is where a managed server's pid is kept so that a later start can
// stop a server left behind by a coach process that was killed.
const pidFile = "redis.pid"

// StartServer starts redis-server with append-only persistence in cfg.Dir,
// waits until it answers and returns it. A server left running by an earlier
// process for the same directory is stopped first.
func StartServer(ctx context.Context, cfg ServerConfig) (*Server, error) {
	bin := cfg.Binary
	if bin == "" {
		var err error
		if bin, err = exec.LookPath("redis-server"); err != nil {
			return nil, errors.New(InstallHint)
		}
	}
	dir, err := filepath.Abs(cfg.Dir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("redisstore: data dir: %w", err)
	}
	s := &Server{sock: filepath.Join(dir, "redis.sock"), pid: filepath.Join(dir, pidFile), done: make(chan struct{})}
	if len(s.sock) > 100 {
		return nil, fmt.Errorf("redisstore: data dir path too long for a Unix socket (%d bytes): choose a shorter COACH_DATA_DIR", len(s.sock))
	}
	stopStale(s.pid)
	_ = os.Remove(s.sock)

	args := []string{
		"--port", "0",
		"--unixsocket", s.sock, "--unixsocketperm", "700",
		"--dir", dir,
		"--appendonly", "yes", "--appendfsync", cmp.Or(cfg.AppendFsync, "everysec"),
		"--save", "",
		// The append-only file is rewritten in the background whenever it
		// doubles. Compressing the rewritten base with LZF cost that child
		// more than half its CPU (about 30 µs per stored answer under
		// load, on the same cores as the app) for a base file about a
		// third smaller; answers are short text, and disk is the cheaper
		// of the two on the machines this runs on.
		"--rdbcompression", "no",
		"--daemonize", "no",
		"--pidfile", "",
		"--protected-mode", "yes",
	}
	started := make(chan error, 1)
	// The child is started from a goroutine locked to its OS thread, which
	// stays alive for as long as the child: Pdeathsig fires when the thread
	// that forked the child exits, so this is what makes "the child dies
	// with us, even on SIGKILL" hold under Go's thread management.
	go func() {
		runtime.LockOSThread()
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		cmd.Stdout = cfg.Stderr
		cmd.Stderr = cfg.Stderr
		cmd.SysProcAttr = childAttr()
		if err := cmd.Start(); err != nil {
			started <- err
			close(s.done)
			return
		}
		s.cmd = cmd
		started <- nil
		s.waitFn = cmd.Wait()
		close(s.done)
	}()
	if err := <-started; err != nil {
		return nil, fmt.Errorf("redisstore: start redis-server: %w", err)
	}
	_ = os.WriteFile(s.pid, []byte(strconv.Itoa(s.cmd.Process.Pid)), 0o600)
	if err := s.waitReady(ctx, 10*time.Second); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// URL is the go-redis URL of the server.
func (s *Server) URL() string { return "unix://" + s.sock }

// Socket is the path of the server's Unix socket.
func (s *Server) Socket() string { return s.sock }

// Pid is the child's process id.
func (s *Server) Pid() int { return s.cmd.Process.Pid }

// Stop asks the server to shut down (it flushes the append-only file on
// SIGTERM), waits for it, and kills it if it does not stop within 5 s.
func (s *Server) Stop() error {
	if s == nil || s.cmd == nil {
		return nil
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(5 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
	_ = os.Remove(s.pid)
	return nil
}

// Done is closed when the child process has exited.
func (s *Server) Done() <-chan struct{} { return s.done }

func (s *Server) waitReady(ctx context.Context, max time.Duration) error {
	deadline := time.Now().Add(max)
	for {
		select {
		case <-s.done:
			return fmt.Errorf("redisstore: redis-server exited at start (%v)", s.waitFn)
		default:
		}
		if pingSocket(s.sock) {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("redisstore: redis-server did not answer within %s", max)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// pingSocket speaks just enough RESP to ask PING, so readiness does not need
// a client pool.
func pingSocket(sock string) bool {
	c, err := net.DialTimeout("unix", sock, 200*time.Millisecond)
	if err != nil {
		return false
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(500 * time.Millisecond))
	if _, err := c.Write([]byte("*1\r\n$4\r\nPING\r\n")); err != nil {
		return false
	}
	buf := make([]byte, 16)
	n, _ := c.Read(buf)
	return bytes.HasPrefix(buf[:n], []byte("+PONG"))
}

// stopStale kills a redis-server recorded in pidPath by an earlier run that
// did not clean up, after checking the pid still belongs to a redis-server
// (pids are reused).
func stopStale(pidPath string) {
	data, err := os.ReadFile(pidPath)
	if err != nil {
		return
	}
	defer os.Remove(pidPath)
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil || pid <= 1 {
		return
	}
	if !isRedisServer(pid) {
		return
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return
	}
	_ = p.Signal(syscall.SIGTERM)
	for i := 0; i < 250 && processAlive(pid); i++ {
		time.Sleep(20 * time.Millisecond)
	}
	if processAlive(pid) {
		_ = p.Kill()
	}
}

func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	if p.Signal(syscall.Signal(0)) != nil {
		return false
	}
	// A zombie still answers signal 0; on Linux check its state.
	if stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil {
		if i := bytes.LastIndexByte(stat, ')'); i > 0 && i+2 < len(stat) && stat[i+2] == 'Z' {
			return false
		}
	}
	return true
}

func isRedisServer(pid int) bool {
	cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil {
		// No /proc (macOS): ask ps.
		out, err := exec.Command("ps", "-p", strconv.Itoa(pid), "-o", "comm=").Output()
		return err == nil && strings.Contains(string(out), "redis-server")
	}
	return bytes.Contains(cmdline, []byte("redis-server"))
}

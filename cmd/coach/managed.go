package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/interviewcoach/coach/coach/redisstore"
)

// managedRedis keeps the managed redis-server running: if the child dies
// while coach serves (crash, OOM killer, someone's kill -9), it is started
// again on the same data directory and socket, so the app, which answers
// 503 meanwhile, recovers by itself as it does with an external Redis.
type managedRedis struct {
	dir string
	log *slog.Logger

	mu      sync.Mutex
	cur     *redisstore.Server
	stopped bool
	done    chan struct{}
}

func superviseManagedRedis(ctx context.Context, dir string, log *slog.Logger) (*managedRedis, error) {
	srv, err := startManagedRedis(ctx, dir)
	if err != nil {
		return nil, err
	}
	m := &managedRedis{dir: dir, log: log, cur: srv, done: make(chan struct{})}
	go m.watch(ctx)
	return m, nil
}

func (m *managedRedis) current() *redisstore.Server {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.cur
}

func (m *managedRedis) watch(ctx context.Context) {
	defer close(m.done)
	backoff := 100 * time.Millisecond
	for {
		srv := m.current()
		select {
		case <-ctx.Done():
			return
		case <-srv.Done():
		}
		m.mu.Lock()
		stopped := m.stopped
		m.mu.Unlock()
		if stopped {
			return
		}
		m.log.Error("managed redis-server exited; restarting it", "pid", srv.Pid())
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(backoff):
			}
			next, err := startManagedRedis(ctx, m.dir)
			if err == nil {
				m.mu.Lock()
				if m.stopped {
					m.mu.Unlock()
					next.Stop()
					return
				}
				m.cur = next
				m.mu.Unlock()
				m.log.Info("managed redis-server restarted", "pid", next.Pid())
				backoff = 100 * time.Millisecond
				break
			}
			m.log.Error("restarting managed redis-server failed", "err", err)
			backoff = min(2*backoff, 5*time.Second)
		}
	}
}

// Stop stops the current server and the supervision.
func (m *managedRedis) Stop() {
	m.mu.Lock()
	m.stopped = true
	srv := m.cur
	m.mu.Unlock()
	srv.Stop()
}

package redisstore

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/redis/go-redis/v9"
)

// unavailable reports whether err means Redis cannot serve right now (gone,
// restarting, loading its data, failing over, a cluster slot without a
// master, refusing writes it cannot persist) rather than a bug. Those
// become EUnavailable, a 503 the client may retry; nothing here may turn a
// Redis outage into a 500.
func unavailable(err error) bool {
	var ne net.Error
	switch {
	case errors.As(err, &ne),
		errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, redis.ErrClosed),
		errors.Is(err, redis.ErrPoolTimeout),
		errors.Is(err, net.ErrClosed),
		errors.Is(err, io.EOF),
		errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EPIPE),
		errors.Is(err, syscall.ENOENT): // the Unix socket is gone while Redis restarts
		return true
	}
	msg := err.Error()
	for _, p := range unavailablePrefixes {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return strings.Contains(msg, "connection refused") ||
		strings.Contains(msg, "sentinels specified in configuration are unreachable") ||
		strings.Contains(msg, "all sentinels") ||
		strings.Contains(msg, "cluster has no nodes")
}

// unavailablePrefixes are Redis error replies that mean "not now".
var unavailablePrefixes = []string{
	"LOADING", "BUSY", "CLUSTERDOWN", "TRYAGAIN", "MASTERDOWN", "READONLY",
	"MISCONF", "NOREPLICAS", "NOTREADY", "redis: connection pool timeout",
}

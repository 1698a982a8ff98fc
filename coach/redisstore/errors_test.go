package redisstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"

	"github.com/interviewcoach/coach/coach"
	"github.com/redis/go-redis/v9"
)

func TestWrapClassifiesOutages(t *testing.T) {
	for _, err := range []error{
		io.EOF, io.ErrUnexpectedEOF, context.DeadlineExceeded, redis.ErrClosed, net.ErrClosed,
		&net.OpError{Op: "dial", Net: "unix", Err: syscall.ENOENT},
		&net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET},
		fmt.Errorf("write: %w", syscall.EPIPE),
		errors.New("dial tcp 127.0.0.1:6379: connect: connection refused"),
		errors.New("LOADING Redis is loading the dataset in memory"),
		errors.New("CLUSTERDOWN The cluster is down"),
		errors.New("READONLY You can't write against a read only replica."),
		errors.New("MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk"),
		errors.New("redis: all sentinels specified in configuration are unreachable"),
	} {
		if code := coach.ErrorCode(wrap(err, "x")); code != coach.EUnavailable {
			t.Errorf("%v: %s, want %s", err, code, coach.EUnavailable)
		}
	}
	for _, err := range []error{
		errors.New("WRONGTYPE Operation against a key holding the wrong kind of value"),
		errors.New("ERR syntax error"),
		errors.New("CROSSSLOT Keys in request don't hash to the same slot"),
	} {
		if code := coach.ErrorCode(wrap(err, "x")); code != coach.EInternal {
			t.Errorf("%v: %s, want %s (a bug, not an outage)", err, code, coach.EInternal)
		}
	}
	if code := coach.ErrorCode(wrap(redis.Nil, "x")); code != coach.ENotFound {
		t.Errorf("redis.Nil: %s", code)
	}
}

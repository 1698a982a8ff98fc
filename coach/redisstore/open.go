package redisstore

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// Open parses REDIS_URL and connects. The forms are:
//
//	redis://[user:pass@]host:port[/db]           one Redis (rediss:// for TLS)
//	unix:///path/to/redis.sock[?db=N]            one Redis on a Unix socket
//	redis+sentinel://[user:pass@]s1:26379?master_name=mymaster&addr=s2:26379
//	                                             Redis Sentinel (rediss+sentinel:// for TLS);
//	                                             redis://s1:26379?master_name=mymaster works too
//	redis+cluster://h1:6379?addr=h2:6379&addr=h3:6379
//	                                             Redis Cluster (rediss+cluster:// for TLS);
//	                                             redis://h1:6379?addr=h2:6379&cluster=true works too
//
// Other query parameters are go-redis options in snake case (dial_timeout,
// pool_size, ...). Timeouts not given in the URL default to short values so
// that a Redis outage turns into a quick 503, not a hung request.
func Open(rawURL string) (redis.UniversalClient, error) {
	kind, clean, err := classifyURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("redisstore: REDIS_URL: %w", err)
	}
	switch kind {
	case urlCluster:
		opt, err := redis.ParseClusterURL(clean)
		if err != nil {
			return nil, fmt.Errorf("redisstore: REDIS_URL (cluster): %w", err)
		}
		shortTimeouts(&opt.DialTimeout, &opt.ReadTimeout, &opt.WriteTimeout, &opt.PoolTimeout, &opt.MaxRetries)
		opt.ContextTimeoutEnabled = true
		return withDeadline(redis.NewClusterClient(opt)), nil
	case urlSentinel:
		opt, err := redis.ParseFailoverURL(clean)
		if err != nil {
			return nil, fmt.Errorf("redisstore: REDIS_URL (sentinel): %w", err)
		}
		if opt.MasterName == "" {
			return nil, fmt.Errorf("redisstore: REDIS_URL (sentinel): master_name=<name> is required")
		}
		shortTimeouts(&opt.DialTimeout, &opt.ReadTimeout, &opt.WriteTimeout, &opt.PoolTimeout, &opt.MaxRetries)
		opt.ContextTimeoutEnabled = true
		return withDeadline(redis.NewFailoverClient(opt)), nil
	}
	opt, err := redis.ParseURL(clean)
	if err != nil {
		return nil, fmt.Errorf("redisstore: REDIS_URL: %w", err)
	}
	shortTimeouts(&opt.DialTimeout, &opt.ReadTimeout, &opt.WriteTimeout, &opt.PoolTimeout, &opt.MaxRetries)
	opt.ContextTimeoutEnabled = true
	return withDeadline(redis.NewClient(opt)), nil
}

type urlKind int

const (
	urlSingle urlKind = iota
	urlSentinel
	urlCluster
)

// classifyURL tells the three deployments apart and returns the URL in the
// form go-redis's parser for that deployment accepts (plain redis:// or
// rediss:// scheme, no cluster parameter).
func classifyURL(raw string) (urlKind, string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return 0, "", err
	}
	kind := urlSingle
	switch u.Scheme {
	case "redis", "rediss", "unix":
	case "redis+sentinel", "rediss+sentinel":
		kind = urlSentinel
		u.Scheme = strings.TrimSuffix(u.Scheme, "+sentinel")
	case "redis+cluster", "rediss+cluster":
		kind = urlCluster
		u.Scheme = strings.TrimSuffix(u.Scheme, "+cluster")
	default:
		return 0, "", fmt.Errorf("unsupported scheme %q: want redis, rediss, unix, redis+sentinel or redis+cluster", u.Scheme)
	}
	q := u.Query()
	if v := q.Get("cluster"); v != "" {
		if u.Scheme == "unix" || kind == urlSentinel {
			return 0, "", fmt.Errorf("cluster=%s does not go with %s", v, u.Scheme)
		}
		switch v {
		case "true", "1", "yes":
			kind = urlCluster
		case "false", "0", "no":
		default:
			return 0, "", fmt.Errorf("cluster=%q: want true or false", v)
		}
		q.Del("cluster")
		u.RawQuery = q.Encode()
	}
	if kind == urlSingle && q.Get("master_name") != "" {
		if u.Scheme == "unix" {
			return 0, "", fmt.Errorf("master_name does not go with unix://")
		}
		kind = urlSentinel
	}
	return kind, u.String(), nil
}

// shortTimeouts fills in the timeouts the URL left at zero (a negative value
// in the URL means "none" to go-redis and is kept). One retry covers a
// connection the server closed while it sat idle in the pool.
func shortTimeouts(dial, read, write, pool *time.Duration, retries *int) {
	for _, d := range []*time.Duration{dial, read, write, pool} {
		if *d == 0 {
			*d = time.Second
		}
	}
	if *retries == 0 {
		*retries = 1
	}
}

// CommandBudget bounds one Redis command or pipeline, retries included. A
// request makes its Redis calls one after another and stops at the first
// failure, so with Redis gone (refused at once) or frozen (this budget) a
// request answers 503 well within 2 s.
const CommandBudget = 1500 * time.Millisecond

type hooker interface {
	redis.UniversalClient
	AddHook(redis.Hook)
}

func withDeadline(c hooker) redis.UniversalClient {
	c.AddHook(deadlineHook{})
	return c
}

// deadlineHook puts CommandBudget on every command's context (the clients
// run with ContextTimeoutEnabled, so socket reads and writes, dials and
// retry back-offs all honour it).
type deadlineHook struct{}

func (deadlineHook) DialHook(next redis.DialHook) redis.DialHook { return next }

func (deadlineHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		ctx, cancel := context.WithTimeout(ctx, CommandBudget)
		defer cancel()
		return next(ctx, cmd)
	}
}

func (deadlineHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		ctx, cancel := context.WithTimeout(ctx, CommandBudget)
		defer cancel()
		return next(ctx, cmds)
	}
}

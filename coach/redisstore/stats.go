package redisstore

import (
	"context"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"
)

// Stats are server-wide Redis counters, for load tests and capacity notes.
type Stats struct {
	// Commands is the number of commands the server has run (INFO
	// commandstats, INFO itself left out).
	Commands int64
	// UsedMemory is the server's used_memory in bytes.
	UsedMemory int64
}

// ReadStats reads Stats from every master (one for a single Redis).
func ReadStats(ctx context.Context, rdb redis.UniversalClient) (Stats, error) {
	var total Stats
	read := func(ctx context.Context, c *redis.Client) error {
		info, err := c.Info(ctx, "commandstats", "memory").Result()
		if err != nil {
			return err
		}
		s := parseStats(info)
		total.Commands += s.Commands
		total.UsedMemory += s.UsedMemory
		return nil
	}
	if cc, ok := rdb.(*redis.ClusterClient); ok {
		var mu = make(chan struct{}, 1)
		err := cc.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error {
			mu <- struct{}{}
			defer func() { <-mu }()
			return read(ctx, c)
		})
		return total, wrap(err, "stats")
	}
	if c, ok := rdb.(*redis.Client); ok {
		return total, wrap(read(ctx, c), "stats")
	}
	return total, nil
}

func parseStats(info string) Stats {
	var s Stats
	for _, line := range strings.Split(info, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "cmdstat_") && !strings.HasPrefix(line, "cmdstat_info:") {
			// cmdstat_get:calls=12,usec=...
			if _, v, ok := strings.Cut(line, "calls="); ok {
				v, _, _ = strings.Cut(v, ",")
				n, _ := strconv.ParseInt(v, 10, 64)
				s.Commands += n
			}
		}
		if v, ok := strings.CutPrefix(line, "used_memory:"); ok {
			s.UsedMemory, _ = strconv.ParseInt(v, 10, 64)
		}
	}
	return s
}

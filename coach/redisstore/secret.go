package redisstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

// SharedSecret returns the secret called name, creating a random 32-byte
// one on first use. SETNX makes the first instance's secret everyone's, so
// several instances behind a load balancer and a restarted instance agree
// on it without any configuration.
func (s *Store) SharedSecret(ctx context.Context, name string) ([]byte, error) {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms.
	key := secretKey(name)
	if err := s.rdb.SetNX(ctx, key, hex.EncodeToString(b), 0).Err(); err != nil {
		return nil, wrap(err, "create secret")
	}
	v, err := s.rdb.Get(ctx, key).Result()
	if err != nil {
		return nil, wrap(err, "read secret")
	}
	secret, err := hex.DecodeString(v)
	if err != nil || len(secret) < 16 {
		return nil, fmt.Errorf("redisstore: secret %s in Redis is malformed; delete key %s to make a new one", name, key)
	}
	return secret, nil
}

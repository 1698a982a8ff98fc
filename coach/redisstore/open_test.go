package redisstore

import (
	"testing"

	"github.com/redis/go-redis/v9"
)

func TestOpenURLForms(t *testing.T) {
	cases := []struct {
		url  string
		want string // client type
	}{
		{"redis://127.0.0.1:6379/0", "*redis.Client"},
		{"rediss://user:pw@redis.example.com:6380", "*redis.Client"},
		{"unix:///run/redis.sock?db=2", "*redis.Client"},
		{"redis://s1:26379?master_name=mymaster&addr=s2:26379", "*redis.Client"},
		{"redis+sentinel://s1:26379?master_name=mymaster&addr=s2:26379", "*redis.Client"},
		{"redis+cluster://h1:7000?addr=h2:7001&addr=h3:7002", "*redis.ClusterClient"},
		{"redis://h1:7000?addr=h2:7001&cluster=true", "*redis.ClusterClient"},
		{"rediss://h1:7000?cluster=true&dial_timeout=3s", "*redis.ClusterClient"},
	}
	for _, tc := range cases {
		t.Run(tc.url, func(t *testing.T) {
			c, err := Open(tc.url)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			got := ""
			switch c.(type) {
			case *redis.Client:
				got = "*redis.Client"
			case *redis.ClusterClient:
				got = "*redis.ClusterClient"
			}
			if got != tc.want {
				t.Fatalf("got %T, want %s", c, tc.want)
			}
		})
	}
	for _, bad := range []string{
		"http://localhost:6379",
		"redis+sentinel://s1:26379",         // no master name
		"redis://h1:7000?cluster=maybe",     // not a boolean
		"unix:///tmp/r.sock?cluster=true",   // a socket is one node
		"redis://h1:7000?no_such_option=1",  // go-redis rejects unknown options
		"redis+cluster://h1:7000?db_typo=1", // ... in every form
	} {
		if c, err := Open(bad); err == nil {
			c.Close()
			t.Errorf("Open(%q) accepted", bad)
		}
	}
}

func TestOpenKeepsURLTimeouts(t *testing.T) {
	kind, clean, err := classifyURL("redis://h1:7000?cluster=true&read_timeout=5s")
	if err != nil || kind != urlCluster {
		t.Fatalf("kind %v err %v", kind, err)
	}
	opt, err := redis.ParseClusterURL(clean)
	if err != nil {
		t.Fatal(err)
	}
	shortTimeouts(&opt.DialTimeout, &opt.ReadTimeout, &opt.WriteTimeout, &opt.PoolTimeout, &opt.MaxRetries)
	if opt.ReadTimeout.String() != "5s" || opt.DialTimeout.String() != "1s" {
		t.Fatalf("read %v dial %v", opt.ReadTimeout, opt.DialTimeout)
	}
}

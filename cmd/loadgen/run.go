package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/interviewcoach/coach/coach/redisstore"
)

type options struct {
	app, bare, redisURL string
	conns               int
	duration, warmup    time.Duration
	appPid              int
	role, track         string
	only                string
	slice               time.Duration
	cpuProfile          string
}

// answerText is a realistic answer (about 130 words, STAR shaped).
const answerText = `In my last role at a logistics company our checkout API had a p99 latency of 900 ms during
peak hours and customers were abandoning orders. I owned the investigation. I profiled the service
with pprof, found that each request made twelve sequential database queries, and I rewrote the hot
path to batch them into two queries and added a Redis cache for the product catalogue with a
five-minute TTL. I also added a load test in CI so the regression could not come back. As a result
p99 latency dropped to 180 ms, abandoned checkouts fell by 14 percent over the next month, and the
team adopted the load test for two other services. What I learned is to measure before optimising.`

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var o options
	fs := flag.NewFlagSet("loadgen run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.app, "app", "http://127.0.0.1:8080", "coach base URL")
	fs.StringVar(&o.bare, "bare", "", "bare Gin base URL (loadgen bare)")
	fs.StringVar(&o.redisURL, "redis", "", "the app's REDIS_URL, to read command counts and memory (optional)")
	fs.IntVar(&o.conns, "c", 32, "concurrent connections")
	fs.DurationVar(&o.duration, "d", 10*time.Second, "measured time per path")
	fs.DurationVar(&o.warmup, "warmup", time.Second, "unmeasured warm-up per path")
	fs.IntVar(&o.appPid, "app-pid", 0, "pid of coach serve, to sample its RSS (optional)")
	fs.StringVar(&o.role, "role", "software-engineer", "role of the practice sessions")
	fs.StringVar(&o.track, "track", "user", "track of the practice sessions")
	fs.DurationVar(&o.slice, "slice", time.Second, "length of the alternating path and bare-server slices")
	fs.StringVar(&o.only, "only", "", "measure only the paths whose name contains this text")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write the load generator's own CPU profile to this file")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if o.slice <= 0 || o.duration <= 0 || o.conns <= 0 {
		fmt.Fprintln(stderr, "loadgen: -slice, -d and -c must be positive")
		return 2
	}
	if o.cpuProfile != "" {
		// To check that the load generator is not what a path spends on.
		f, err := os.Create(o.cpuProfile)
		if err != nil {
			fmt.Fprintln(stderr, "loadgen:", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(stderr, "loadgen:", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	if err := measure(ctx, o, stdout); err != nil {
		fmt.Fprintln(stderr, "loadgen:", err)
		return 1
	}
	return 0
}

// result is one path's measurement.
type result struct {
	name      string
	count     int
	errors    int
	errKinds  map[string]int
	rps       float64
	p50, p99  time.Duration
	commands  float64 // Redis commands per request, from INFO commandstats
	memDelta  int64   // Redis used_memory growth over the phase
	created   int     // sessions created as set-up inside the phase
	peakRSSkB int64
	bareRPS   float64 // the bare server's rate in the slices interleaved with this path
}

// worker is one connection's state: its user and the practice session it
// is answering.
type worker struct {
	token   string
	session string
	qids    []string
	next    int
}

func measure(ctx context.Context, o options, out io.Writer) error {
	client := &http.Client{
		Timeout:   10 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: o.conns * 2, MaxConnsPerHost: o.conns * 2, DisableCompression: true},
	}
	redisStats := func(context.Context) redisstore.Stats { return redisstore.Stats{} }
	if o.redisURL != "" {
		rdb, err := redisstore.Open(o.redisURL)
		if err != nil {
			return err
		}
		defer rdb.Close()
		redisStats = func(ctx context.Context) redisstore.Stats {
			s, _ := redisstore.ReadStats(ctx, rdb)
			return s
		}
	}
	if err := waitReady(ctx, client, o.app+"/readyz"); err != nil {
		return err
	}
	if o.bare != "" {
		if err := waitReady(ctx, client, o.bare+"/"); err != nil {
			return err
		}
	}
	rss := startRSSSampler(o.appPid)
	defer rss.stop()

	// One user per connection: per-user limits (and the per-user readiness
	// state) behave as in real use, and no two connections contend for one
	// user's keys.
	run := strconv.FormatInt(time.Now().UnixNano(), 36)
	workers := make([]*worker, o.conns)
	var wg sync.WaitGroup
	errc := make(chan error, o.conns)
	for i := range workers {
		wg.Go(func() {
			w := &worker{}
			body := fmt.Sprintf(`{"email":"bench-%s-%d@example.com","password":"correct horse battery","name":"Bench","kind":"seeker"}`, run, i)
			var resp struct{ Token string }
			if err := call(client, "POST", o.app+"/api/v1/signup", "", body, 201, &resp); err != nil {
				errc <- err
				return
			}
			w.token = resp.Token
			workers[i] = w
		})
	}
	wg.Wait()
	close(errc)
	if err := <-errc; err != nil {
		return fmt.Errorf("set-up: %w", err)
	}
	fmt.Fprintf(out, "%d users signed up; %d connections, %s per path after %s warm-up, in %s slices alternating with the bare server\n\n", o.conns, o.conns, o.duration, o.warmup, o.slice)

	// The answer is the same every time: it is encoded once, so that the
	// load generator spends its time on requests, not on JSON.
	answerJSON := mustJSON(answerText)
	sessionBody := fmt.Sprintf(`{"role":%q,"track":%q}`, o.role, o.track)
	newSession := func(w *worker) error {
		var s struct {
			ID        string
			Questions []struct{ ID string }
		}
		if err := call(client, "POST", o.app+"/api/v1/sessions", w.token, sessionBody, 201, &s); err != nil {
			return err
		}
		w.session, w.qids, w.next = s.ID, w.qids[:0], 0
		for _, q := range s.Questions {
			w.qids = append(w.qids, q.ID)
		}
		return nil
	}

	type path struct {
		name string
		// do makes one measured request; setup, when set, runs unmeasured
		// before it and reports whether it did anything.
		setup func(*worker) (bool, error)
		do    func(*worker) (int, error)
	}
	get := func(url string, auth bool) func(*worker) (int, error) {
		return func(w *worker) (int, error) {
			tok := ""
			if auth {
				tok = w.token
			}
			return status(client, "GET", url, tok, "")
		}
	}
	bare := path{name: "bare gin GET /", do: get(o.bare+"/", false)}
	var paths []path
	paths = append(paths,
		path{name: "GET /api/v1/questions", do: get(o.app+"/api/v1/questions?role="+o.role+"&track="+o.track, false)},
		path{name: "POST /api/v1/sessions", do: func(w *worker) (int, error) {
			return status(client, "POST", o.app+"/api/v1/sessions", w.token, sessionBody)
		}},
		path{name: "POST /api/v1/sessions/{id}/answers",
			// Each session's questions are answered once, as a person
			// would, then a new session is started (unmeasured).
			setup: func(w *worker) (bool, error) {
				if w.session != "" && w.next < len(w.qids) {
					return false, nil
				}
				return true, newSession(w)
			},
			do: func(w *worker) (int, error) {
				qid, _ := json.Marshal(w.qids[w.next])
				w.next++
				body := `{"question_id":` + string(qid) + `,"answer":` + answerJSON + `}`
				return status(client, "POST", o.app+"/api/v1/sessions/"+w.session+"/answers", w.token, body)
			}},
		path{name: "GET /api/v1/readiness", do: get(o.app+"/api/v1/readiness", true)},
		path{name: "GET /readyz", do: get(o.app+"/readyz", false)},
	)

	// Each path is measured in slices alternating with the bare server, so
	// that load from elsewhere on a shared machine hits both alike and the
	// ratio stays meaningful; each path's ratio is to the bare slices
	// interleaved with it.
	var results []result
	var bareAll sample
	for _, p := range paths {
		if o.only != "" && !strings.Contains(p.name, o.only) {
			continue
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if o.bare != "" {
			runPhase(ctx, workers, o.warmup, nil, bare.do) // warm-up, discarded
		}
		runPhase(ctx, workers, o.warmup, p.setup, p.do)
		before := redisStats(ctx)
		rss.reset()
		var ps, bs sample
		for spent := time.Duration(0); spent < o.duration; spent += o.slice {
			if o.bare != "" {
				bs.add(runPhase(ctx, workers, o.slice, nil, bare.do))
			}
			ps.add(runPhase(ctx, workers, o.slice, p.setup, p.do))
		}
		after := redisStats(ctx)
		r := ps.summarize(p.name, len(workers))
		r.peakRSSkB = rss.peak()
		if o.bare != "" {
			r.bareRPS = bs.summarize("", len(workers)).rps
			bareAll.add(bs)
		}
		if o.redisURL != "" && r.count > 0 {
			r.commands = float64(after.Commands-before.Commands) / float64(r.count+r.created)
			r.memDelta = after.UsedMemory - before.UsedMemory
		}
		results = append(results, r)
	}
	if o.bare != "" {
		b := bareAll.summarize(bare.name, len(workers))
		b.bareRPS = b.rps
		results = append([]result{b}, results...)
	}
	report(out, o, results)
	return nil
}

// sample is the raw outcome of one or more measured slices of a path.
type sample struct {
	lat      []time.Duration
	errs     map[string]int
	created  int
	excluded time.Duration // summed over workers
	wall     time.Duration
}

func (s *sample) add(o sample) {
	s.lat = append(s.lat, o.lat...)
	if s.errs == nil {
		s.errs = map[string]int{}
	}
	for k, n := range o.errs {
		s.errs[k] += n
	}
	s.created += o.created
	s.excluded += o.excluded
	s.wall += o.wall
}

func (s sample) summarize(name string, conns int) result {
	r := result{name: name, errKinds: map[string]int{}, count: len(s.lat), created: s.created}
	for k, n := range s.errs {
		r.errKinds[k] += n
		r.errors += n
	}
	if r.count == 0 {
		return r
	}
	all := slices.Clone(s.lat)
	slices.Sort(all)
	r.p50 = all[r.count*50/100]
	r.p99 = all[min(r.count-1, r.count*99/100)]
	// Time spent on unmeasured set-up is taken out of the wall time, so
	// req/s is what the path alone sustains.
	busy := s.wall - s.excluded/time.Duration(conns)
	r.rps = float64(r.count) / busy.Seconds()
	return r
}

// runPhase runs every worker against do for d and gathers latencies.
func runPhase(ctx context.Context, workers []*worker, d time.Duration, setup func(*worker) (bool, error), do func(*worker) (int, error)) sample {
	type local struct {
		lat      []time.Duration
		errs     map[string]int
		created  int
		excluded time.Duration
	}
	locals := make([]local, len(workers))
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for i, w := range workers {
		wg.Go(func() {
			l := &locals[i]
			l.errs = map[string]int{}
			l.lat = make([]time.Duration, 0, 1024)
			for time.Now().Before(deadline) && ctx.Err() == nil {
				if setup != nil {
					t0 := time.Now()
					did, err := setup(w)
					if err != nil {
						l.errs["setup: "+err.Error()]++
						time.Sleep(10 * time.Millisecond)
						continue
					}
					if did {
						l.created++
						l.excluded += time.Since(t0)
					}
				}
				t0 := time.Now()
				code, err := do(w)
				l.lat = append(l.lat, time.Since(t0))
				switch {
				case err != nil:
					l.errs[err.Error()]++
				case code >= 300:
					l.errs["HTTP "+strconv.Itoa(code)]++
				}
			}
		})
	}
	wg.Wait()
	s := sample{errs: map[string]int{}, wall: time.Since(start)}
	for _, l := range locals {
		s.lat = append(s.lat, l.lat...)
		for k, n := range l.errs {
			s.errs[k] += n
		}
		s.created += l.created
		s.excluded += l.excluded
	}
	return s
}

func report(out io.Writer, o options, rs []result) {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "path\treq/s\tp50\tp99\terrors\t× bare\tbare req/s\tRedis cmds/req\tapp peak RSS\t")
	for _, r := range rs {
		ratio, bare, cmds, rss := "-", "-", "-", "-"
		if r.bareRPS > 0 {
			ratio = fmt.Sprintf("%.2f", r.rps/r.bareRPS)
			bare = fmt.Sprintf("%.0f", r.bareRPS)
		}
		if r.commands > 0 {
			cmds = fmt.Sprintf("%.1f", r.commands)
		}
		if r.peakRSSkB > 0 {
			rss = fmt.Sprintf("%.0f MiB", float64(r.peakRSSkB)/1024)
		}
		fmt.Fprintf(tw, "%s\t%.0f\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t\n", r.name, r.rps, ms(r.p50), ms(r.p99), r.errors, ratio, bare, cmds, rss)
	}
	tw.Flush()
	for _, r := range rs {
		for k, n := range r.errKinds {
			fmt.Fprintf(out, "  %s: %d × %s\n", r.name, n, k)
		}
	}
	var sessMem, ansMem float64
	var sessN int
	for _, r := range rs {
		switch {
		case r.name == "POST /api/v1/sessions" && r.count > 0:
			sessN = r.count - r.errors
			if sessN > 0 {
				sessMem = float64(r.memDelta) / float64(sessN)
			}
		case strings.HasSuffix(r.name, "/answers") && r.count > 0:
			n := r.count - r.errors
			if n > 0 {
				ansMem = (float64(r.memDelta) - sessMem*float64(r.created)) / float64(n)
				fmt.Fprintf(out, "\nRedis memory: %.0f bytes per stored answer (%d answers; %d sessions started on the way, %.0f bytes each, subtracted)\n", ansMem, n, r.created, sessMem)
			}
		}
	}
	if o.appPid > 0 {
		fmt.Fprintf(out, "coach serve RSS after the run: %.0f MiB\n", float64(readRSS(o.appPid))/1024)
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }

func status(client *http.Client, method, url, token, body string) (int, error) {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		return 0, err
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode, nil
}

func call(client *http.Client, method, url, token, body string, want int, v any) error {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		return fmt.Errorf("%s %s: %d %s", method, url, res.StatusCode, bytes.TrimSpace(b))
	}
	return json.Unmarshal(b, v)
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func waitReady(ctx context.Context, client *http.Client, url string) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := client.Get(url)
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s not ready after 30 s (%v)", url, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// rssSampler records the peak resident set size of a process.
type rssSampler struct {
	pid  int
	max  atomic.Int64
	done chan struct{}
}

func startRSSSampler(pid int) *rssSampler {
	s := &rssSampler{pid: pid, done: make(chan struct{})}
	if pid <= 0 {
		return s
	}
	go func() {
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-s.done:
				return
			case <-t.C:
				if v := readRSS(pid); v > s.max.Load() {
					s.max.Store(v)
				}
			}
		}
	}()
	return s
}

func (s *rssSampler) reset()      { s.max.Store(readRSS(s.pid)) }
func (s *rssSampler) peak() int64 { return s.max.Load() }
func (s *rssSampler) stop()       { close(s.done) }

// readRSS returns VmRSS in kB from /proc (0 where there is no /proc).
func readRSS(pid int) int64 {
	if pid <= 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n
		}
	}
	return 0
}

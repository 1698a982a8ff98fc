package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/coach/llm"
	"github.com/interviewcoach/coach/coach/redisstore"
	"github.com/interviewcoach/coach/questions"
	"github.com/interviewcoach/coach/web"
	"github.com/prometheus/client_golang/prometheus"
)

func cmdServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	cfg, err := loadConfig(getenv)
	if err != nil {
		fmt.Fprintln(stderr, "coach:", err)
		return 2
	}
	fs := newFlagSet("serve", stderr)
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen address (COACH_ADDR)")
	fs.StringVar(&cfg.RedisURL, "redis-url", cfg.RedisURL, "Redis URL; empty starts a managed redis-server (REDIS_URL)")
	fs.StringVar(&cfg.DataDir, "data-dir", cfg.DataDir, "managed Redis data directory (COACH_DATA_DIR)")
	scorerFlag(fs, &cfg)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if err := checkScorer(cfg); err != nil {
		fmt.Fprintln(stderr, "coach:", err)
		return 2
	}
	log := newLogger(stderr, cfg.LogLevel)
	startPprof(getenv("COACH_PPROF_ADDR"), log, stderr)
	if err := serve(ctx, cfg, log, stdout); err != nil {
		log.Error("coach serve stopped", "err", err)
		fmt.Fprintln(stderr, "coach:", err)
		return 1
	}
	return 0
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l}))
}

func serve(ctx context.Context, cfg config, log *slog.Logger, stdout io.Writer) error {
	bank, err := questions.Embedded()
	if err != nil {
		return err
	}

	redisURL := cfg.RedisURL
	if redisURL == "" {
		managed, err := superviseManagedRedis(ctx, cfg.DataDir, log)
		if err != nil {
			return err
		}
		defer func() {
			managed.Stop()
			log.Info("managed redis-server stopped")
		}()
		srv := managed.current()
		redisURL = srv.URL()
		log.Info("managed redis-server started", "pid", srv.Pid(), "socket", srv.Socket(), "data_dir", cfg.DataDir)
	}
	rdb, err := redisstore.Open(redisURL)
	if err != nil {
		return err
	}
	defer rdb.Close()
	store := redisstore.New(rdb)
	if err := store.Ping(ctx); err != nil {
		// Not fatal: the app serves 503s and /readyz fails until Redis is back.
		log.Warn("redis is not reachable yet", "err", err)
	}

	reg := prometheus.NewRegistry()
	scorer, collectors, err := buildScorer(cfg, rdb, log)
	if err != nil {
		return err
	}
	reg.MustRegister(collectors...)

	svc := &coach.Service{
		Store:      store,
		Bank:       bank,
		Scorer:     scorer,
		Limiter:    redisstore.NewRateLimiter(rdb),
		Log:        log,
		LoginLimit: coach.DefaultLoginLimit,
		ScoreLimit: coach.Limit{Count: cfg.ScoreLimit, Period: time.Minute},
	}
	svc.InviteLimit = coach.Limit{Count: cfg.InviteLimit, Period: coach.DefaultInviteLimit.Period}
	if gin.Mode() == gin.DebugMode && cfg.GinMode == "" {
		gin.SetMode(gin.ReleaseMode)
	}
	csrfKey := []byte(cfg.CSRFKey)
	if len(csrfKey) == 0 {
		// Shared through Redis so that forms survive a restart and work
		// across instances. Redis down at start: a per-process key until
		// the next restart is the lesser evil than refusing to start.
		if csrfKey, err = store.SharedSecret(ctx, "csrf"); err != nil {
			log.Warn("no shared CSRF key; using a per-process key", "err", err)
		}
	}
	handler, err := web.New(web.Config{Service: svc, Bank: bank, Log: log, Registry: reg, Ready: store.Ping,
		CSRFKey: csrfKey, SecureCookies: cfg.SecureCookies, TrustedProxies: cfg.TrustedProxies})
	if err != nil {
		return err
	}

	srv := &http.Server{
		Addr:              cfg.Addr,
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		// Scoring by an LLM may take the whole LLM timeout; leave room.
		WriteTimeout:   max(cfg.LLM.Timeout, llm.DefaultTimeout) + 30*time.Second,
		IdleTimeout:    120 * time.Second,
		MaxHeaderBytes: 64 << 10,
		ErrorLog:       slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	// Start-up parsed every bank; hand that garbage back to the OS now
	// rather than carrying it as idle footprint.
	debug.FreeOSMemory()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	log.Info("serving", "url", "http://"+ln.Addr().String(), "questions", bank.Len(), "llm_scoring", cfg.useLLM())
	fmt.Fprintf(stdout, "Interview Coach is running on http://%s (Ctrl-C to stop)\n", ln.Addr())

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// startManagedRedis runs redis-server as a child with its data in dir.
func startManagedRedis(ctx context.Context, dir string) (*redisstore.Server, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("COACH_DATA_DIR %s: %w", dir, err)
	}
	logFile, err := os.OpenFile(filepath.Join(dir, "redis.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	srv, err := redisstore.StartServer(ctx, redisstore.ServerConfig{Dir: dir, Stderr: logFile})
	if err != nil {
		logFile.Close()
		return nil, err
	}
	go func() {
		<-srv.Done()
		logFile.Close()
	}()
	return srv, nil
}

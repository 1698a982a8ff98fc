// Package web serves Interview Coach over HTTP with Gin: the JSON API under
// /api/v1, the server-rendered pages, health and metrics endpoints.
package web

import (
	"context"
	"crypto/rand"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/interviewcoach/coach/coach"
	"github.com/prometheus/client_golang/prometheus"
)

// Config is what the server needs from the outside.
type Config struct {
	Service *coach.Service
	Bank    coach.QuestionBank
	Log     *slog.Logger
	// Registry receives the HTTP metrics; /metrics serves its Gatherer.
	Registry *prometheus.Registry
	// Ready reports whether dependencies (Redis) answer, for /readyz.
	Ready func(ctx context.Context) error
	// CSRFKey signs the pages' CSRF tokens. Empty means a random key per
	// process: forms open in a browser stop working after a restart, and
	// several instances behind one load balancer need a shared key.
	CSRFKey []byte
	// SecureCookies marks cookies Secure even on plain HTTP requests, for
	// a server behind a TLS-terminating proxy. Requests that arrive over
	// TLS get Secure cookies regardless.
	SecureCookies bool
	// TrustedProxies lists the proxies (addresses or CIDRs) whose
	// X-Forwarded-For names the client. Empty trusts no proxy: the client
	// is the TCP peer, so nobody can spoof an address to dodge the per-IP
	// login limit.
	TrustedProxies []string
}

// Server is the HTTP application.
type Server struct {
	svc     *coach.Service
	bank    coach.QuestionBank
	log     *slog.Logger
	ready   func(ctx context.Context) error
	metrics *metrics
	reg     *prometheus.Registry
	engine  *gin.Engine

	pages         map[string]*template.Template
	assets        map[string]*asset
	csrfKey       []byte
	secureCookies bool
	questionsJSON questionCache
}

// New builds the server and its routes. It parses every page template and
// loads the static assets first, so a broken template stops the process at
// start-up instead of failing the first user who opens that page.
func New(cfg Config) (*Server, error) {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Registry == nil {
		cfg.Registry = prometheus.NewRegistry()
	}
	s := &Server{svc: cfg.Service, bank: cfg.Bank, log: cfg.Log, ready: cfg.Ready, reg: cfg.Registry,
		csrfKey: cfg.CSRFKey, secureCookies: cfg.SecureCookies}
	if len(s.csrfKey) == 0 {
		s.csrfKey = make([]byte, 32)
		_, _ = rand.Read(s.csrfKey) // crypto/rand.Read never fails on supported platforms.
	}
	var err error
	if s.assets, err = loadAssets(staticFS); err != nil {
		return nil, fmt.Errorf("web: static assets: %w", err)
	}
	if s.pages, err = parsePages(templateFS, s.templateFuncs()); err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	s.metrics = newMetrics(cfg.Registry)
	s.engine = gin.New()
	s.engine.HandleMethodNotAllowed = true
	s.engine.ContextWithFallback = true
	if err := s.engine.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		return nil, fmt.Errorf("web: trusted proxies: %w", err)
	}
	s.routes()
	return s, nil
}

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.engine.ServeHTTP(w, r) }

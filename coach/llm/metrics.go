package llm

import "github.com/prometheus/client_golang/prometheus"

// Failure kinds: the label of the failure and retry metrics, and the key of
// the fallback reason a person reads.
const (
	kindTimeout     = "timeout"
	kindRateLimited = "rate_limited"
	kindQuota       = "quota_exhausted"
	kindServer      = "server_error"
	kindNetwork     = "network"
	kindRejected    = "rejected"
	kindBadReply    = "bad_reply"
	kindRefusal     = "refusal"
	kindPrompt      = "prompt"
	// Reasons to fall back without calling the model.
	kindCircuitOpen = "circuit_open"
	kindBudget      = "budget_exhausted"
	kindBudgetError = "budget_unavailable"
)

var callFailureKinds = []string{kindTimeout, kindRateLimited, kindQuota, kindServer, kindNetwork, kindRejected, kindBadReply, kindRefusal, kindPrompt}

// metrics are the scorer's Prometheus collectors. They are not registered
// anywhere: cmd registers Collectors() on the registry /metrics serves, and
// tests can build many scorers without duplicate-registration panics.
type metrics struct {
	latency      *prometheus.HistogramVec
	tokens       *prometheus.CounterVec
	promptTokens prometheus.Histogram
	failures     *prometheus.CounterVec
	retries      *prometheus.CounterVec
	cache        *prometheus.CounterVec
	fallbacks    *prometheus.CounterVec
	circuitOpen  prometheus.Gauge
}

func newMetrics() *metrics {
	m := &metrics{
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "coach_llm_request_duration_seconds",
			Help:    "Time of one HTTP call to the model, by result (ok or error).",
			Buckets: []float64{0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60},
		}, []string{"result"}),
		tokens: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "coach_llm_tokens_total",
			Help: "Tokens billed by the model, by direction (in = prompt, out = completion).",
		}, []string{"direction"}),
		promptTokens: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "coach_llm_prompt_tokens",
			Help:    "Prompt tokens per scored answer, as the model counted them.",
			Buckets: []float64{250, 500, 750, 1000, 1250, 1500, 2000, 3000, 5000},
		}),
		failures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "coach_llm_failures_total",
			Help: "Scoring calls to the model that failed after any retries, by kind.",
		}, []string{"kind"}),
		retries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "coach_llm_retries_total",
			Help: "Retried HTTP calls to the model, by the kind of error retried.",
		}, []string{"kind"}),
		cache: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "coach_llm_cache_requests_total",
			Help: "Evaluation cache lookups, by result (hit, miss, error).",
		}, []string{"result"}),
		fallbacks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "coach_llm_fallbacks_total",
			Help: "Answers the built-in rubric scored because the model could not, by reason.",
		}, []string{"reason"}),
		circuitOpen: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "coach_llm_circuit_open",
			Help: "1 while the circuit breaker keeps calls away from the model.",
		}),
	}
	// Every series exists from the start, so a dashboard shows 0 rather
	// than no data and rate() works from the first failure.
	for _, r := range []string{"ok", "error"} {
		m.latency.WithLabelValues(r)
	}
	for _, d := range []string{"in", "out"} {
		m.tokens.WithLabelValues(d)
	}
	for _, k := range callFailureKinds {
		m.failures.WithLabelValues(k)
		m.fallbacks.WithLabelValues(k)
	}
	for _, k := range []string{kindTimeout, kindRateLimited, kindServer, kindNetwork} {
		m.retries.WithLabelValues(k)
	}
	for _, r := range []string{"hit", "miss", "error"} {
		m.cache.WithLabelValues(r)
	}
	for _, k := range []string{kindCircuitOpen, kindBudget, kindBudgetError} {
		m.fallbacks.WithLabelValues(k)
	}
	return m
}

// Collectors returns the scorer's Prometheus collectors for the caller to
// register: LLM call latency, tokens in and out, prompt tokens per answer,
// failures and retries by kind, cache lookups, fallbacks by reason and the
// circuit breaker's state. Nothing is registered globally.
func (s *Scorer) Collectors() []prometheus.Collector {
	m := s.metrics
	return []prometheus.Collector{m.latency, m.tokens, m.promptTokens, m.failures, m.retries, m.cache, m.fallbacks, m.circuitOpen}
}

package main

import (
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"strings"
)

// startPprof serves net/http/pprof on addr (COACH_PPROF_ADDR, empty: off),
// on its own listener so profiles never share a port with the app. Only
// loopback addresses are accepted: profiles expose internals.
func startPprof(addr string, log *slog.Logger, stderr io.Writer) {
	if addr == "" {
		return
	}
	host, _, err := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); err != nil || (host != "localhost" && (ip == nil || !ip.IsLoopback())) {
		log.Warn("COACH_PPROF_ADDR must be a loopback host:port; profiling stays off", "addr", addr)
		return
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		log.Warn("pprof listener", "err", err)
		return
	}
	// Printed, not logged, so that it shows at every log level.
	fmt.Fprintf(stderr, "pprof on http://%s/debug/pprof/\n", ln.Addr())
	go func() {
		if err := http.Serve(ln, mux); err != nil && !strings.Contains(err.Error(), "closed") {
			log.Warn("pprof stopped", "err", err)
		}
	}()
}

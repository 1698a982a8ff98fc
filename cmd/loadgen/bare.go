package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"

	"github.com/gin-gonic/gin"
)

// bareBody is what the bare server answers: a small fixed JSON object, the
// floor of what any Gin JSON handler costs.
var bareBody = gin.H{"status": "ok", "service": "bare-gin", "version": 1}

// cmdBare serves the baseline: gin.New() with one JSON route and no
// middleware, in its own process like the app.
func cmdBare(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("loadgen bare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.GET("/", func(c *gin.Context) { c.JSON(http.StatusOK, bareBody) })
	return serve(ctx, *addr, "bare gin", e, stdout, stderr)
}

// serve serves h on addr until ctx ends, after printing its URL: the
// bench script reads the first http:// URL a server prints.
func serve(ctx context.Context, addr, name string, h http.Handler, stdout, stderr io.Writer) int {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintln(stderr, "loadgen:", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s on http://%s\n", name, ln.Addr())
	srv := &http.Server{Handler: h}
	go func() { <-ctx.Done(); srv.Close() }()
	if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
		fmt.Fprintln(stderr, "loadgen:", err)
		return 1
	}
	return 0
}

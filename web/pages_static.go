package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/interviewcoach/coach/coach"
)

var errNoAsset = coach.Errorf(coach.ENotFound, "No such file.")

// staticFS holds the CSS, the scripts and the icon. htmx is vendored, not
// loaded from a CDN: htmx-2.0.11.min.js is dist/htmx.min.js of the npm
// package htmx.org@2.0.11 (0BSD licence), see static/README.md. Version
// 2.x is pinned on purpose: 4.x changed defaults the pages rely on.
//
//go:embed static/*.css static/*.js static/*.svg
var staticFS embed.FS

// htmxFile is the vendored htmx build the layout loads.
const htmxFile = "htmx-2.0.11.min.js"

// asset is one static file held in memory with its gzip form and a content
// hash, so it can be served with a year-long immutable cache: its URL
// changes whenever its bytes do.
type asset struct {
	body, gz []byte
	ctype    string
	hash     string
}

func loadAssets(fsys fs.FS) (map[string]*asset, error) {
	files, err := fs.Glob(fsys, "static/*")
	if err != nil {
		return nil, err
	}
	assets := make(map[string]*asset, len(files))
	for _, file := range files {
		body, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(body)
		a := &asset{body: body, hash: hex.EncodeToString(sum[:6]), ctype: mime.TypeByExtension(path.Ext(file))}
		if a.ctype == "" {
			return nil, fmt.Errorf("%s: unknown content type", file)
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(body)
		zw.Close()
		if buf.Len() < len(body) {
			a.gz = buf.Bytes()
		}
		assets[path.Base(file)] = a
	}
	if assets[htmxFile] == nil {
		return nil, fmt.Errorf("static/%s is missing", htmxFile)
	}
	return assets, nil
}

// assetURL is the versioned URL of a static file, for templates. An
// unknown name is a template execution error, which the page tests catch
// rather than shipping a broken link.
func (s *Server) assetURL(name string) (string, error) {
	a, ok := s.assets[name]
	if !ok {
		return "", fmt.Errorf("no static asset %q", name)
	}
	return "/static/" + name + "?v=" + a.hash, nil
}

// static serves the embedded assets. A request carrying the current hash
// may be cached for a year; any other (a stale or hand-typed URL) must be
// revalidated, so an old cached copy never outlives a deploy.
func (s *Server) static(c *gin.Context) {
	a, ok := s.assets[strings.TrimPrefix(c.Param("file"), "/")]
	if !ok {
		s.fail(c, errNoAsset)
		return
	}
	if c.Query("v") == a.hash {
		c.Header("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		c.Header("Cache-Control", "no-cache")
	}
	c.Header("ETag", `"`+a.hash+`"`)
	c.Header("Vary", "Accept-Encoding")
	if c.GetHeader("If-None-Match") == `"`+a.hash+`"` {
		c.Status(http.StatusNotModified)
		return
	}
	if a.gz != nil && strings.Contains(c.GetHeader("Accept-Encoding"), "gzip") {
		c.Header("Content-Encoding", "gzip")
		c.Data(http.StatusOK, a.ctype, a.gz)
		return
	}
	c.Data(http.StatusOK, a.ctype, a.body)
}

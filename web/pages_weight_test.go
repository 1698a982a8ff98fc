package web_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var assetRef = regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`)

// TestPracticePageWeight reports what a browser downloads for the practice
// screen — the HTML and every stylesheet and script it references — raw
// and gzipped (run with -v to see the figures). The budget is generous; it
// is there to catch a framework or an image slipping in, not to haggle.
func TestPracticePageWeight(t *testing.T) {
	a := mustApp(t)
	v := signUp(t, a, "weight@example.com")
	practice := v.startPractice(t, url.Values{"role": {"software-engineer"}, "track": {"user"}})
	html := v.get(practice)
	if html.status != http.StatusOK {
		t.Fatalf("practice page: %d", html.status)
	}
	sizes := map[string][2]int{"html": {len(html.body), gzipSize(t, []byte(html.body))}}
	for _, m := range assetRef.FindAllStringSubmatch(html.body, -1) {
		path := strings.ReplaceAll(m[1], "&amp;", "&")
		kind := "other"
		switch name := strings.SplitN(path, "?", 2)[0]; {
		case strings.HasSuffix(name, ".css"):
			kind = "css"
		case strings.HasSuffix(name, ".js"):
			kind = "js"
		}
		res, err := http.Get(a.url + path) // Go's client asks for gzip and inflates it.
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		s := sizes[kind]
		sizes[kind] = [2]int{s[0] + len(body), s[1] + gzipSize(t, body)}
		t.Logf("%-40s %7d bytes, %6d gzipped", path, len(body), gzipSize(t, body))
	}
	var raw, gz int
	for _, kind := range []string{"html", "css", "js", "other"} {
		s := sizes[kind]
		raw, gz = raw+s[0], gz+s[1]
		t.Logf("%-5s %7d bytes, %6d gzipped", kind, s[0], s[1])
	}
	t.Logf("total %7d bytes, %6d gzipped", raw, gz)
	if gz > 60<<10 {
		t.Errorf("the practice screen weighs %d bytes gzipped; the budget is 60 KB", gz)
	}
}

func gzipSize(t *testing.T, b []byte) int {
	t.Helper()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Len()
}

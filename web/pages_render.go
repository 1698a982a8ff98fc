package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/interviewcoach/coach/coach"
)

// templateFS holds the pages: templates/layout.html is the frame every page
// shares, templates/partials/*.html are pieces several pages and the htmx
// responses use, templates/pages/<name>.html is one page.
//
//go:embed templates
var templateFS embed.FS

// parsePages builds one template set per page (layout + partials + the
// page), the golink way: pages cannot see or clobber each other's blocks,
// and each set is parsed once here so a broken template fails New.
func parsePages(fsys fs.FS, funcs template.FuncMap) (map[string]*template.Template, error) {
	files, err := fs.Glob(fsys, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no templates in templates/pages")
	}
	partials, err := fs.Glob(fsys, "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	pages := make(map[string]*template.Template, len(files))
	for _, file := range files {
		name := strings.TrimSuffix(path.Base(file), ".html")
		t := template.New(name).Funcs(funcs)
		// ParseFS with an explicit list: a glob matching nothing is an error.
		t, err := t.ParseFS(fsys, append([]string{"templates/layout.html", file}, partials...)...)
		if err != nil {
			return nil, fmt.Errorf("page %s: %w", name, err)
		}
		for _, block := range []string{"layout", "title", "main"} {
			if t.Lookup(block) == nil {
				return nil, fmt.Errorf("page %s: no %q template", name, block)
			}
		}
		pages[name] = t
	}
	return pages, nil
}

// basePage is what the layout needs on every page.
type basePage struct {
	Title    string
	LoggedIn bool
	// CSRF is the token every state-changing form posts back.
	CSRF string
	// Nav names the active navigation item, for aria-current.
	Nav string
	// Coach is set for coach accounts, whose navigation leads to /coach.
	Coach bool
}

// base fills the layout's data from the request alone (no Redis call), so
// error pages can render it while Redis is down.
func (s *Server) base(c *gin.Context, title string) basePage {
	id, loggedIn := identityOf(c)
	return basePage{Title: title, LoggedIn: loggedIn, CSRF: s.csrfFor(c), Coach: id.Kind == coach.KindCoach}
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// renderPage executes a whole page into a buffer first, so a template
// error becomes a clean 500 instead of half a page.
func (s *Server) renderPage(c *gin.Context, status int, page string, data any) {
	s.execute(c, status, page, "layout", data)
}

// renderFragment executes one named block of a page's set: the piece an
// htmx request swaps in.
func (s *Server) renderFragment(c *gin.Context, status int, page, block string, data any) {
	s.execute(c, status, page, block, data)
}

func (s *Server) execute(c *gin.Context, status int, page, block string, data any) {
	t, ok := s.pages[page]
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	var err error
	if !ok {
		err = fmt.Errorf("no page %q", page)
	} else {
		err = t.ExecuteTemplate(buf, block, data)
	}
	if err != nil {
		s.log.ErrorContext(c.Request.Context(), "render failed", "request_id", requestIDOf(c), "page", page, "block", block, "err", err)
		if page != "error" {
			s.renderError(c, http.StatusInternalServerError, "An internal error occurred.")
			return
		}
		c.Data(http.StatusInternalServerError, "text/plain; charset=utf-8",
			[]byte("Something went wrong on our side. Reference: "+requestIDOf(c)+"\n"))
		return
	}
	// Pages hold personal data and per-user CSRF tokens: no shared or
	// back-forward caches may keep them. htmx requests get fragments, so
	// the response varies on HX-Request.
	c.Header("Cache-Control", "no-store")
	c.Header("Vary", "HX-Request")
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// isHTMX reports whether htmx made the request and will swap a fragment.
func isHTMX(c *gin.Context) bool { return c.GetHeader("HX-Request") == "true" }

// templateFuncs are the helpers the templates use. They format; they
// decide nothing the domain should.
func (s *Server) templateFuncs() template.FuncMap {
	funcs := template.FuncMap{
		"asset":       s.assetURL,
		"roleName":    s.roleName,
		"category":    categoryLabel,
		"date":        func(t time.Time) string { return t.Format("2 Jan 2006") },
		"isoTime":     func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"band":        scoreBand,
		"verdictBand": verdictBand,
		"bandWord":    scoreWord,
		"flagLabel":   flagLabel,
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return fmt.Sprintf("%d %s", n, one)
			}
			return fmt.Sprintf("%d %s", n, many)
		},
		"add":       func(a, b int) int { return a + b },
		"div":       func(a, b int) int { return a / b },
		"thousands": thousands,
	}
	for name, f := range s.historyFuncs() {
		funcs[name] = f
	}
	return funcs
}

func (s *Server) roleName(id string) string {
	if r, ok := s.bank.Role(id); ok {
		return r.Name
	}
	return categoryLabel(id)
}

// categoryLabel turns an id such as "strengths-weaknesses" into
// "Strengths weaknesses"; a few read better spelled out.
func categoryLabel(id string) string {
	switch id {
	case coach.CatStrengths:
		return "Strengths & weaknesses"
	case coach.CatProblemSolving:
		return "Problem solving"
	case coach.CatReverse:
		return "Your questions for them"
	case coach.CatFollowUp:
		return "Follow-up note"
	case coach.CatUserResearch:
		return "User research"
	case coach.CatTeamFit:
		return "Team fit"
	case coach.CatWhyLeaving:
		return "Why you're leaving"
	}
	s := strings.ReplaceAll(id, "-", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// verdictBand colours a readiness verdict by the verdict itself, not by
// the score: a high score with little evidence is still "getting there".
func verdictBand(v string) string {
	switch v {
	case coach.VerdictReady:
		return "good"
	case coach.VerdictGetting:
		return "fair"
	}
	return "low"
}

// scoreBand names the colour band of a 0–100 score; scoreWord says the
// same in words, because colour alone must not carry meaning.
func scoreBand(n int) string {
	switch {
	case n >= 75:
		return "good"
	case n >= 50:
		return "fair"
	}
	return "low"
}

func scoreWord(n int) string {
	switch {
	case n >= 75:
		return "Strong"
	case n >= 50:
		return "Getting there"
	}
	return "Needs work"
}

// flagLabels explains the machine-readable flags to people.
var flagLabels = map[string]string{
	coach.FlagTooShort:        "Shorter than a good answer usually is",
	coach.FlagTooLong:         "Longer than a good answer usually is",
	coach.FlagOffTopic:        "Does not seem to answer the question",
	coach.FlagRepetitive:      "Repeats itself",
	coach.FlagPromptInjection: "Contains instructions aimed at the scorer",
	coach.FlagKeywordStuffing: "Lists keywords without showing how they were used",
}

func flagLabel(f string) string {
	if l, ok := flagLabels[f]; ok {
		return l
	}
	return categoryLabel(strings.ReplaceAll(f, "_", "-"))
}

// thousands writes n with thousands separators: 20000 → "20,000".
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

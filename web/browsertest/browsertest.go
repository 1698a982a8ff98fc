// Package browsertest drives Debian's Chromium with chromedp for the
// end-to-end tests of the web pages: one headless browser per test binary,
// one isolated tab (own cookies and storage) per test, a screenshot when a
// test fails, and the page's console errors collected so a CSP violation
// or a script exception fails the test that caused it.
//
// Tests fail, never skip, when Chromium is missing: the page tests are the
// only proof the pages work.
package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// InstallHint says how to get the browser the tests need.
const InstallHint = "install Chromium with `sudo apt-get install chromium` (make test does it for you), or set CHROMIUM to a Chrome or Chromium binary"

// ExecPath finds the browser: $CHROMIUM, then chromium, chromium-browser,
// google-chrome on PATH, then /usr/bin/chromium.
func ExecPath() (string, error) {
	if p := os.Getenv("CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("CHROMIUM=%s: %w", p, err)
		}
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", nil
	}
	return "", errors.New("no Chromium found (looked for $CHROMIUM, chromium, chromium-browser, google-chrome, /usr/bin/chromium)")
}

// Browser is a headless Chromium started on first use and shared by every
// test of the binary: a start costs about two seconds, a new tab a few
// milliseconds. Tabs are isolated from each other, so tests stay
// independent and may run in parallel.
type Browser struct {
	once        sync.Once
	ctx         context.Context
	cancel      context.CancelFunc
	allocCancel context.CancelFunc
	dir         string
	err         error
}

// New returns a Browser that starts on the first NewTab. Call Close from
// TestMain after m.Run.
func New() *Browser { return &Browser{} }

func (b *Browser) start() {
	path, err := ExecPath()
	if err != nil {
		b.err = fmt.Errorf("browsertest: %v: %s", err, InstallHint)
		return
	}
	b.dir, err = os.MkdirTemp("", "coach-chromium-")
	if err != nil {
		b.err = err
		return
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(b.dir),
		chromedp.DisableGPU,
		// The test machines have no outside network: nothing may try it.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-features", "Translate,OptimizationHints,MediaRouter"),
	)
	if os.Geteuid() == 0 {
		// Chromium refuses to run its sandbox as root (CI containers).
		opts = append(opts, chromedp.NoSandbox)
	}
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		allocCancel()
		b.err = fmt.Errorf("browsertest: start %s: %w (%s)", path, err, InstallHint)
		return
	}
	b.ctx, b.cancel, b.allocCancel = ctx, cancel, allocCancel
}

// Close stops the browser and removes its profile.
func (b *Browser) Close() {
	if b.cancel != nil {
		b.cancel()
		b.allocCancel()
	}
	if b.dir != "" {
		os.RemoveAll(b.dir)
	}
}

// Tab is one browser tab for one test. Its methods fail the test on error,
// so a test reads as the steps a person would take.
type Tab struct {
	tb  testing.TB
	ctx context.Context
	// base stays alive after ctx times out, for the failure screenshot.
	base context.Context

	mu      sync.Mutex
	console []string
}

// Timeout bounds a whole test's browser work.
const Timeout = 90 * time.Second

// NewTab opens an isolated tab (a fresh browser context: no cookies shared
// with other tests) at 1280×900. When the test fails, a full-page
// screenshot is saved and its path logged.
func (b *Browser) NewTab(tb testing.TB) *Tab {
	tb.Helper()
	b.once.Do(b.start)
	if b.err != nil {
		tb.Fatal(b.err)
	}
	base, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	if err := chromedp.Do(base); err != nil {
		cancel()
		tb.Fatalf("browsertest: open tab: %v", err)
	}
	ctx, timeoutCancel := context.WithTimeout(base, Timeout)
	t := &Tab{tb: tb, ctx: ctx, base: base}
	messages := chromedp.Console(base)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			// Network entries log every 4xx response, and a form shown
			// again with its error is a 400 on purpose.
			if (m.Type == chromedp.ConsoleError || m.IsException()) && m.Source != "network" {
				t.mu.Lock()
				t.console = append(t.console, m.String())
				t.mu.Unlock()
			}
		}
	}()
	tb.Cleanup(func() {
		if tb.Failed() {
			t.saveFailure()
		}
		timeoutCancel()
		cancel()
	})
	t.Do(chromedp.EmulateViewport(1280, 900))
	return t
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

// saveFailure writes a screenshot of the failed page into a directory that
// outlives the test (t.TempDir is removed when the test ends, which would
// take the evidence with it) and logs where it is, with the page's URL.
func (t *Tab) saveFailure() {
	ctx, cancel := context.WithTimeout(t.base, 10*time.Second)
	defer cancel()
	dir, err := os.MkdirTemp("", "coach-browser-"+unsafeName.ReplaceAllString(t.tb.Name(), "_")+"-")
	if err != nil {
		t.tb.Logf("browsertest: no screenshot: %v", err)
		return
	}
	url, _ := chromedp.Run(ctx, chromedp.Location())
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.tb.Logf("browsertest: no screenshot of %s: %v", url, err)
		return
	}
	path := filepath.Join(dir, "failure.png")
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		t.tb.Logf("browsertest: write screenshot: %v", err)
		return
	}
	t.tb.Logf("browsertest: screenshot of %s at failure: %s", url, path)
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, m := range t.console {
		t.tb.Logf("browsertest: console: %s", m)
	}
}

// Do runs actions in order and fails the test at the first error.
func (t *Tab) Do(steps ...chromedp.Action[chromedp.Void]) {
	t.tb.Helper()
	if err := chromedp.Do(t.ctx, steps...); err != nil {
		t.tb.Fatalf("browser: %v", err)
	}
}

// Navigate loads url and waits for it.
func (t *Tab) Navigate(url string) {
	t.tb.Helper()
	t.Do(chromedp.Navigate(url))
}

// WaitVisible waits until the CSS selector matches a visible element.
func (t *Tab) WaitVisible(sel string) {
	t.tb.Helper()
	t.Do(chromedp.WaitVisible(chromedp.CSS(sel)))
}

// Text returns the visible text of the first element matching sel.
func (t *Tab) Text(sel string) string {
	t.tb.Helper()
	s, err := chromedp.Run(t.ctx, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		t.tb.Fatalf("browser: text of %s: %v", sel, err)
	}
	return s
}

// WantText fails the test unless the visible text of the first element
// matching sel contains want.
func (t *Tab) WantText(sel, want string) {
	t.tb.Helper()
	if got := t.Text(sel); !strings.Contains(got, want) {
		t.tb.Fatalf("browser: text of %s is %q, want it to contain %q", sel, got, want)
	}
}

// WaitText waits until the first element matching sel has some text: for
// a status line a script fills in later (a clipboard promise, say).
func (t *Tab) WaitText(sel string) {
	t.tb.Helper()
	js := fmt.Sprintf("(document.querySelector(%q)?.textContent ?? '').trim() !== ''", sel)
	if _, err := chromedp.Run(t.ctx, chromedp.Poll[bool](js, chromedp.WithPollingMutation())); err != nil {
		t.tb.Fatalf("browser: waiting for text in %s: %v", sel, err)
	}
}

// Value returns the value of the form control matching sel.
func (t *Tab) Value(sel string) string {
	t.tb.Helper()
	s, err := chromedp.Run(t.ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		t.tb.Fatalf("browser: value of %s: %v", sel, err)
	}
	return s
}

// Location returns the current URL.
func (t *Tab) Location() string {
	t.tb.Helper()
	s, err := chromedp.Run(t.ctx, chromedp.Location())
	if err != nil {
		t.tb.Fatalf("browser: location: %v", err)
	}
	return s
}

// Eval evaluates a JavaScript expression and returns its value.
func Eval[T any](t *Tab, expr string) T {
	t.tb.Helper()
	v, err := chromedp.Run(t.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.tb.Fatalf("browser: eval %s: %v", expr, err)
	}
	return v
}

// Fill empties the field matching sel and types v into it, key by key, so
// the page sees the same input events as from a person.
func (t *Tab) Fill(sel, v string) {
	t.tb.Helper()
	// SetValue cannot set "" (chromedp v0.23 sends no argument for it).
	empty := chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).value = ""`, sel))
	t.Do(chromedp.WaitReady(chromedp.CSS(sel)), empty, chromedp.SendKeys(chromedp.CSS(sel), v))
}

// Click clicks the element matching sel.
func (t *Tab) Click(sel string) {
	t.tb.Helper()
	t.Do(chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// ClickNav clicks the element matching sel and waits until the page it
// leads to has loaded (through any redirects). A plain Click followed by a
// wait for some selector can match the old page before it goes away.
func (t *Tab) ClickNav(sel string) {
	t.tb.Helper()
	t.navigate(chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// PressNav presses a key (Enter on a link or in a form) and waits for the
// page it leads to.
func (t *Tab) PressNav(key string) {
	t.tb.Helper()
	t.navigate(chromedp.KeyEvent(key))
}

func (t *Tab) navigate(trigger chromedp.Action[chromedp.Void]) {
	t.tb.Helper()
	if _, err := chromedp.Run(t.ctx, chromedp.WaitEvent(page.LoadEventFired, nil, trigger)); err != nil {
		t.tb.Fatalf("browser: navigation: %v", err)
	}
}

// Screenshot returns a full-page PNG.
func (t *Tab) Screenshot() []byte {
	t.tb.Helper()
	buf, err := chromedp.Run(t.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.tb.Fatalf("browser: screenshot: %v", err)
	}
	return buf
}

// Press sends one key (a kb constant such as kb.Tab or kb.Enter, or a
// character) to the focused element, the way a keyboard does.
func (t *Tab) Press(key string, mods ...chromedp.Modifier) {
	t.tb.Helper()
	var opts []chromedp.KeyOption
	if len(mods) > 0 {
		opts = append(opts, chromedp.KeyModifiers(mods...))
	}
	t.Do(chromedp.KeyEvent(key, opts...))
}

// Type types text into the focused element, key by key.
func (t *Tab) Type(text string) {
	t.tb.Helper()
	t.Do(chromedp.KeyEvent(text))
}

// TabTo presses Tab until the focused element matches the CSS selector,
// failing after max presses. It is how a keyboard user reaches a control,
// so it also proves the control is in the tab order.
func (t *Tab) TabTo(sel string, max int) {
	t.tb.Helper()
	for i := 0; i < max; i++ {
		t.Press(kb.Tab)
		if Eval[bool](t, fmt.Sprintf("document.activeElement !== null && document.activeElement.matches(%q)", sel)) {
			return
		}
	}
	active := Eval[string](t, "document.activeElement ? document.activeElement.outerHTML.slice(0, 200) : 'none'")
	t.tb.Fatalf("browser: %s not reached after %d Tab presses; focus is on %s", sel, max, active)
}

// Focused reports whether the focused element matches the CSS selector.
func (t *Tab) Focused(sel string) bool {
	t.tb.Helper()
	return Eval[bool](t, fmt.Sprintf("document.activeElement !== null && document.activeElement.matches(%q)", sel))
}

// ConsoleErrors returns the console errors and uncaught exceptions seen so
// far, network errors aside.
func (t *Tab) ConsoleErrors() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]string(nil), t.console...)
}

// CheckConsole fails the test if the page logged errors: a script
// exception or a Content-Security-Policy violation.
func (t *Tab) CheckConsole() {
	t.tb.Helper()
	// Console events arrive asynchronously; give the last ones a moment.
	time.Sleep(100 * time.Millisecond)
	if errs := t.ConsoleErrors(); len(errs) > 0 {
		t.tb.Errorf("browser console errors:\n%s", strings.Join(errs, "\n"))
	}
}

// Package llmtest is an in-process OpenAI-compatible chat-completions
// server for tests: it speaks the wire protocol go-openai speaks, checks
// every request the way the real API would (plus our own rules: strict
// schema, fenced answer, no key outside the Authorization header) and
// answers from a script. Tests of coach/llm, web and cmd/coach share it,
// so every layer is tested against the same protocol.
package llmtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
)

// Key is the API key the tests configure. The fake server fails the
// test if it shows up anywhere but the Authorization header.
const Key = "sk-test-3f9c1e7a5b2d4c6e8f0a1b2c3d4e5f60"

// Server is an OpenAI-compatible chat-completions server: it speaks the
// wire protocol go-openai speaks (POST /v1/chat/completions, JSON in and
// out, OpenAI's error bodies and headers), checks every request the way
// the real API would plus our own rules, and answers from a script.
type Server struct {
	t     testing.TB
	srv   *httptest.Server
	model string
	// Reasoning expects the request shape of a Reasoning model.
	Reasoning bool

	mu       sync.Mutex
	requests int
	script   []Respond
	dflt     Respond
	last     Seen
}

// Seen is what the fake understood of one request.
type Seen struct {
	Body      map[string]any
	System    string
	User      string
	Delimiter string
	Answer    string
	Criteria  []string // the criterion enum of the reply schema
}

// Respond writes one response.
type Respond func(w http.ResponseWriter, r *http.Request, s Seen)

func New(tb testing.TB, model string) *Server {
	tb.Helper()
	f := &Server{t: tb, model: model}
	f.dflt = f.Reply(80, 75)
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	tb.Cleanup(f.srv.Close)
	return f
}

// URL is the base URL a client is configured with.
func (f *Server) URL() string { return f.srv.URL + "/v1" }

// Model is the model name the server expects and answers with.
func (f *Server) Model() string { return f.model }

// then queues responses for the next calls, in order; after them the
// default response answers.
func (f *Server) Then(rs ...Respond) *Server {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.script = append(f.script, rs...)
	return f
}

// always sets the response for every call once the script is used up.
func (f *Server) Always(r Respond) *Server {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.dflt = r
	return f
}

// Requests is how many requests reached the server.
func (f *Server) Requests() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests
}

// Last is the last request Seen.
func (f *Server) Last() Seen {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.last
}

func (f *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		f.t.Errorf("fake: reading body: %v", err)
		return
	}
	s, ok := f.check(r, body)
	f.mu.Lock()
	f.requests++
	f.last = s
	next := f.dflt
	if len(f.script) > 0 {
		next, f.script = f.script[0], f.script[1:]
	}
	f.mu.Unlock()
	if !ok {
		WriteError(w, http.StatusBadRequest, "invalid_request_error", "request failed the fake's checks", nil)
		return
	}
	next(w, r, s)
}

var announced = regexp.MustCompile(`"BEGIN ANSWER ([0-9a-f]{16})" and "END ANSWER ([0-9a-f]{16})"`)

// check verifies one request and reports every problem as a test error.
func (f *Server) check(r *http.Request, body []byte) (Seen, bool) {
	t := f.t
	bad := func(format string, args ...any) {
		t.Errorf("fake server: "+format, args...)
	}
	var s Seen
	if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
		bad("%s %s, want POST /v1/chat/completions", r.Method, r.URL.Path)
	}
	if got := r.Header.Get("Authorization"); got != "Bearer "+Key {
		bad("Authorization = %q, want the bearer key", got)
	}
	for name, vals := range r.Header {
		if name == "Authorization" {
			continue
		}
		for _, v := range vals {
			if strings.Contains(v, Key) {
				bad("the API key is in header %s", name)
			}
		}
	}
	if strings.Contains(string(body), Key) || strings.Contains(r.URL.String(), Key) {
		bad("the API key is in the request body or URL")
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		bad("Content-Type = %q", ct)
	}
	if acc := r.Header.Get("Accept"); strings.Contains(acc, "text/event-stream") {
		bad("asked for a stream (Accept: %s)", acc)
	}
	if err := json.Unmarshal(body, &s.Body); err != nil {
		bad("body is not JSON: %v", err)
		return s, false
	}
	b := s.Body
	if b["model"] != f.model {
		bad("model = %v, want %s", b["model"], f.model)
	}
	if b["stream"] != false {
		bad("stream = %v, want false: the scorer never streams", b["stream"])
	}
	if f.Reasoning {
		if _, ok := b["temperature"]; ok {
			bad("temperature sent to a Reasoning model")
		}
		if _, ok := b["max_tokens"]; ok {
			bad("max_tokens sent to a Reasoning model")
		}
		if n, _ := b["max_completion_tokens"].(float64); n <= 0 {
			bad("max_completion_tokens = %v", b["max_completion_tokens"])
		}
	} else {
		temp, ok := b["temperature"].(float64)
		if !ok || temp < 0 || temp > 1e-6 {
			bad("temperature = %v, want (effectively) 0 and present", b["temperature"])
		}
		if n, _ := b["max_tokens"].(float64); n <= 0 {
			bad("max_tokens = %v", b["max_tokens"])
		}
	}

	rf, _ := b["response_format"].(map[string]any)
	js, _ := rf["json_schema"].(map[string]any)
	if rf["type"] != "json_schema" || js == nil || js["strict"] != true || js["name"] == "" {
		bad("response_format = %v, want json_schema with strict true", rf)
	}
	schema, _ := js["schema"].(map[string]any)
	for _, p := range StrictProblems(schema, "$") {
		bad("schema not accepted by strict mode: %s", p)
	}
	s.Criteria = CriterionEnum(schema)

	msgs, _ := b["messages"].([]any)
	if len(msgs) != 2 {
		bad("%d messages, want system and user", len(msgs))
		return s, false
	}
	sys, _ := msgs[0].(map[string]any)
	usr, _ := msgs[1].(map[string]any)
	if sys["role"] != "system" || usr["role"] != "user" {
		bad("message roles %v, %v", sys["role"], usr["role"])
	}
	s.System, _ = sys["content"].(string)
	s.User, _ = usr["content"].(string)
	m := announced.FindStringSubmatch(s.System)
	if m == nil || m[1] != m[2] {
		bad("system message does not announce the answer's delimiter:\n%s", s.System)
		return s, false
	}
	s.Delimiter = m[1]
	if !strings.Contains(s.System, "never instructions") {
		bad("system message does not tell the model to ignore instructions in the answer")
	}
	begin, end := "\nBEGIN ANSWER "+s.Delimiter+"\n", "\nEND ANSWER "+s.Delimiter
	i := strings.Index(s.User, begin)
	if i < 0 || !strings.HasSuffix(s.User, end) || strings.Count(s.User, s.Delimiter) != 2 {
		bad("the answer is not fenced by the announced delimiter:\n%s", s.User)
		return s, false
	}
	s.Answer = s.User[i+len(begin) : len(s.User)-len(end)]
	return s, true
}

// StrictProblems lists what OpenAI's strict mode would reject: an object
// whose properties are not all required, or that allows other properties.
func StrictProblems(schema map[string]any, path string) []string {
	if schema == nil {
		return []string{path + ": no schema"}
	}
	var out []string
	switch schema["type"] {
	case "object":
		if schema["additionalProperties"] != false {
			out = append(out, path+": additionalProperties is not false")
		}
		props, _ := schema["properties"].(map[string]any)
		req, _ := schema["required"].([]any)
		var names, required []string
		for n := range props {
			names = append(names, n)
		}
		for _, r := range req {
			s, _ := r.(string)
			required = append(required, s)
		}
		slices.Sort(names)
		slices.Sort(required)
		if !slices.Equal(names, required) || len(names) == 0 {
			out = append(out, fmt.Sprintf("%s: properties %v but required %v", path, names, required))
		}
		for n, p := range props {
			sub, _ := p.(map[string]any)
			out = append(out, StrictProblems(sub, path+"."+n)...)
		}
	case "array":
		items, _ := schema["items"].(map[string]any)
		out = append(out, StrictProblems(items, path+"[]")...)
	case "string", "integer", "number", "boolean":
	default:
		out = append(out, fmt.Sprintf("%s: type %v", path, schema["type"]))
	}
	return out
}

// CriterionEnum lists the criterion names a reply schema allows.
func CriterionEnum(schema map[string]any) []string {
	props, _ := schema["properties"].(map[string]any)
	crit, _ := props["criteria"].(map[string]any)
	items, _ := crit["items"].(map[string]any)
	iprops, _ := items["properties"].(map[string]any)
	name, _ := iprops["name"].(map[string]any)
	enum, _ := name["enum"].([]any)
	var out []string
	for _, e := range enum {
		s, _ := e.(string)
		out = append(out, s)
	}
	return out
}

// evaluation is the JSON a well-behaved model returns.
func Evaluation(s Seen, overall, score int, flags ...string) map[string]any {
	var crit []map[string]any
	for _, n := range s.Criteria {
		crit = append(crit, map[string]any{"name": n, "comment": "Cites \"" + n + "\" in the answer.", "score": score})
	}
	if flags == nil {
		flags = []string{}
	}
	return map[string]any{
		"criteria":     crit,
		"strengths":    []string{"Gives a concrete number."},
		"improvements": []string{"Say what you would do differently."},
		"red_flags":    []string{},
		"flags":        flags,
		"overall":      overall,
		"follow_up":    "What would you do differently next time?",
	}
}

// reply answers with a valid evaluation.
func (f *Server) Reply(overall, score int, flags ...string) Respond {
	return func(w http.ResponseWriter, r *http.Request, s Seen) {
		content, _ := json.Marshal(Evaluation(s, overall, score, flags...))
		WriteCompletion(w, f.model, string(content), "", "stop")
	}
}

// ReplyWith answers with the evaluation after edit changed it.
func (f *Server) ReplyWith(edit func(map[string]any)) Respond {
	return func(w http.ResponseWriter, r *http.Request, s Seen) {
		ev := Evaluation(s, 70, 70)
		edit(ev)
		content, _ := json.Marshal(ev)
		WriteCompletion(w, f.model, string(content), "", "stop")
	}
}

// content answers with raw message content.
func (f *Server) Content(c string) Respond {
	return func(w http.ResponseWriter, r *http.Request, s Seen) { WriteCompletion(w, f.model, c, "", "stop") }
}

func WriteCompletion(w http.ResponseWriter, model, content, refusal, finish string) {
	msg := map[string]any{"role": "assistant", "content": content}
	if refusal != "" {
		msg["content"] = nil
		msg["refusal"] = refusal
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"id": "chatcmpl-test", "object": "chat.completion", "created": 1767225600, "model": model,
		"choices": []any{map[string]any{"index": 0, "message": msg, "finish_reason": finish}},
		"usage":   map[string]any{"prompt_tokens": 812, "completion_tokens": 240, "total_tokens": 1052},
	})
}

// status answers with an OpenAI error body and extra headers.
func Status(code int, headers ...string) Respond {
	return func(w http.ResponseWriter, r *http.Request, s Seen) {
		WriteError(w, code, "server_error", http.StatusText(code), headers)
	}
}

func WriteError(w http.ResponseWriter, code int, typ, msg string, headers []string) {
	for i := 0; i+1 < len(headers); i += 2 {
		w.Header().Set(headers[i], headers[i+1])
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"message": msg, "type": typ, "param": nil, "code": nil}})
}

// hang never answers; it returns when the client gives up.
func Hang(w http.ResponseWriter, r *http.Request, s Seen) { <-r.Context().Done() }

// dropConnection closes the TCP connection without a response.
func DropConnection(w http.ResponseWriter, r *http.Request, s Seen) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		conn.Close()
	}
}

// cutBody starts a valid-looking 200 and drops the connection mid-body.
func CutBody(w http.ResponseWriter, r *http.Request, s Seen) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", "4096")
	w.WriteHeader(http.StatusOK)
	io.WriteString(w, `{"id":"chatcmpl-test","object":"chat.completion","choices":[`)
	w.(http.Flusher).Flush()
	panic(http.ErrAbortHandler)
}

// raw answers 200 with any body.
func Raw(contentType, body string) Respond {
	return func(w http.ResponseWriter, r *http.Request, s Seen) {
		w.Header().Set("Content-Type", contentType)
		io.WriteString(w, body)
	}
}

// refuse answers with a structured-output refusal.
func (f *Server) Refuse(w http.ResponseWriter, r *http.Request, s Seen) {
	WriteCompletion(w, f.model, "", "I'm sorry, I can't help with grading this.", "stop")
}

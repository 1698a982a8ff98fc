package llm_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/coach/llm"
	"github.com/interviewcoach/coach/coach/llm/llmtest"
	"github.com/interviewcoach/coach/prompts"
)

func validReply(kind prompts.Kind) string {
	data, _ := json.Marshal(evaluation(seen{Criteria: prompts.Criteria(kind)}, 74, 68))
	return string(data)
}

func TestSchemaIsAcceptedByStrictMode(t *testing.T) {
	for _, k := range prompts.Kinds {
		var wire map[string]any
		if err := json.Unmarshal(llm.SchemaJSON(k), &wire); err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		for _, p := range llmtest.StrictProblems(wire, "$") {
			t.Errorf("%s: %s", k, p)
		}
		if got := llmtest.CriterionEnum(wire); !slices.Equal(got, prompts.Criteria(k)) {
			t.Errorf("%s: criterion enum %v", k, got)
		}
		// The ordered encoding sent on the wire is the definition replies
		// are validated against, property for property.
		def := llm.SchemaDefinition(k)
		std, err := json.Marshal(&def)
		if err != nil {
			t.Fatal(err)
		}
		var fromDef map[string]any
		json.Unmarshal(std, &fromDef)
		if !reflect.DeepEqual(normalise(wire), normalise(fromDef)) {
			t.Errorf("%s: wire schema %s\n differs from the definition %s", k, llm.SchemaJSON(k), std)
		}
	}
	// Models write in schema order: the comment before the score, the
	// overall after the details.
	s := string(llm.SchemaJSON(prompts.UserInterview))
	if !(strings.Index(s, `"comment"`) < strings.Index(s, `"score"`) && strings.Index(s, `"red_flags"`) < strings.Index(s, `"overall"`)) {
		t.Errorf("property order: %s", s)
	}
}

// normalise drops what Definition's own encoding adds or orders
// differently (empty property maps on leaves, required order).
func normalise(v any) any {
	switch m := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, val := range m {
			if k == "properties" {
				if p, ok := val.(map[string]any); ok && len(p) == 0 {
					continue
				}
			}
			if k == "required" {
				var names []string
				for _, n := range val.([]any) {
					names = append(names, n.(string))
				}
				slices.Sort(names)
				out[k] = names
				continue
			}
			out[k] = normalise(val)
		}
		return out
	case []any:
		out := make([]any, len(m))
		for i := range m {
			out[i] = normalise(m[i])
		}
		return out
	}
	return v
}

func TestParseReply(t *testing.T) {
	kind := prompts.HRScreening
	r, err := llm.ParseReply(kind, validReply(kind))
	if err != nil {
		t.Fatal(err)
	}
	if r.Overall != 74 || len(r.Criteria) != len(prompts.Criteria(kind)) || r.Criteria[0].Score != 68 {
		t.Errorf("%+v", r)
	}

	edit := func(f func(m map[string]any)) string {
		m := evaluation(seen{Criteria: prompts.Criteria(kind)}, 74, 68)
		f(m)
		data, _ := json.Marshal(m)
		return string(data)
	}
	long := strings.Repeat("very ", 400)
	r, err = llm.ParseReply(kind, edit(func(m map[string]any) {
		m["strengths"] = []string{" padded ", "", "a\x00b\nc", "4", "5", "6", "7"}
		m["follow_up"] = long
		m["criteria"].([]map[string]any)[0]["comment"] = long
		m["flags"] = []string{"repetitive", "repetitive"}
		// Criteria in another order come back in rubric order.
		c := m["criteria"].([]map[string]any)
		c[0], c[1] = c[1], c[0]
	}))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"padded", "ab c", "4", "5", "6"}; !slices.Equal(r.Strengths, want) {
		t.Errorf("strengths %q, want %q", r.Strengths, want)
	}
	if n := utf8.RuneCountInString(r.FollowUp); n > llm.MaxItemRunes || !strings.HasSuffix(r.FollowUp, "…") {
		t.Errorf("follow-up of %d runes: %q", n, r.FollowUp)
	}
	if !slices.Equal(r.Flags, []string{"repetitive"}) {
		t.Errorf("flags %v", r.Flags)
	}
	var names []string
	for _, c := range r.Criteria {
		names = append(names, c.Name)
	}
	if !slices.Equal(names, prompts.Criteria(kind)) {
		t.Errorf("criteria order %v", names)
	}
	if _, err := llm.ParseReply(kind, validReply(prompts.UserInterview)); err == nil {
		t.Error("a reply scoring another rubric's criteria was accepted")
	}
	if _, err := llm.ParseReply(kind, validReply(kind)+" trailing"); err == nil {
		t.Error("trailing data accepted")
	}
}

// FuzzParseReply feeds the parser arbitrary model output. Whatever comes
// in, it must not panic, and what it accepts must be a clean evaluation:
// every rubric criterion once, in order, every number in 0-100, known
// flags, bounded text.
func FuzzParseReply(f *testing.F) {
	for _, k := range prompts.Kinds {
		f.Add(validReply(k))
	}
	f.Add(`{"criteria":[],"strengths":[],"improvements":[],"red_flags":[],"flags":[],"overall":1e400,"follow_up":""}`)
	f.Fuzz(func(t *testing.T, content string) {
		for _, k := range prompts.Kinds {
			r, err := llm.ParseReply(k, content)
			if err != nil {
				continue
			}
			want := prompts.Criteria(k)
			if len(r.Criteria) != len(want) {
				t.Fatalf("%s: %d criteria", k, len(r.Criteria))
			}
			for i, c := range r.Criteria {
				if c.Name != want[i] || c.Score < 0 || c.Score > 100 || utf8.RuneCountInString(c.Comment) > llm.MaxTextRunes {
					t.Fatalf("%s: criterion %+v", k, c)
				}
			}
			if r.Overall < 0 || r.Overall > 100 {
				t.Fatalf("overall %d", r.Overall)
			}
			for _, list := range [][]string{r.Strengths, r.Improvements, r.RedFlags} {
				if list == nil || len(list) > llm.MaxListItems {
					t.Fatalf("list %q", list)
				}
				for _, s := range list {
					if s == "" || utf8.RuneCountInString(s) > llm.MaxItemRunes || !utf8.ValidString(s) || strings.ContainsAny(s, "\n\x00") {
						t.Fatalf("item %q", s)
					}
				}
			}
			for _, fl := range r.Flags {
				if !slices.Contains(llm.ModelFlags, fl) {
					t.Fatalf("flag %q", fl)
				}
			}
			if utf8.RuneCountInString(r.FollowUp) > llm.MaxItemRunes || !utf8.ValidString(r.FollowUp) {
				t.Fatalf("follow-up %q", r.FollowUp)
			}
		}
	})
}

func TestRetryAfterHeader(t *testing.T) {
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	cases := []struct {
		headers map[string]string
		want    time.Duration
	}{
		{nil, 0},
		{map[string]string{"Retry-After": "3"}, 3 * time.Second},
		{map[string]string{"Retry-After": "0.5"}, 500 * time.Millisecond},
		{map[string]string{"Retry-After": now.Add(9 * time.Second).Format(http.TimeFormat)}, 9 * time.Second},
		{map[string]string{"Retry-After": now.Add(-time.Hour).Format(http.TimeFormat)}, 0},
		{map[string]string{"Retry-After-Ms": "250", "Retry-After": "3"}, 250 * time.Millisecond},
		{map[string]string{"Retry-After": "soon"}, 0},
		{map[string]string{"Retry-After": "-4"}, 0},
		{map[string]string{"Retry-After": "NaN"}, 0},
		{map[string]string{"Retry-After": "1e300"}, time.Minute},
		{map[string]string{"Retry-After": "86400"}, time.Minute},
	}
	for _, c := range cases {
		h := http.Header{}
		for k, v := range c.headers {
			h.Set(k, v)
		}
		if got := llm.RetryAfter(h, now); got != c.want {
			t.Errorf("%v: %v, want %v", c.headers, got, c.want)
		}
	}
}

func TestLengthFlagsComeFromTheWordCount(t *testing.T) {
	h := newHarness(t, llm.Config{})
	req := request(qBehavioural, "I learned it fast.") // target 40-300 words
	ev := h.score(t, req)
	if ev.Scorer != coach.ScorerLLM || !ev.HasFlag(coach.FlagTooShort) {
		t.Errorf("scorer %q flags %v", ev.Scorer, ev.Flags)
	}
	long := request(qBehavioural, strings.Repeat(storyAnswer+" ", 8)) // ~600 words
	if ev := h.score(t, long); !ev.HasFlag(coach.FlagTooLong) || ev.HasFlag(coach.FlagTooShort) {
		t.Errorf("flags %v", ev.Flags)
	}
	if ev := h.score(t, request(qBehavioural, storyAnswer)); ev.HasFlag(coach.FlagTooLong) || ev.HasFlag(coach.FlagTooShort) {
		t.Errorf("flags %v", ev.Flags)
	}
}

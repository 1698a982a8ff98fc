package web

import (
	"regexp"
	"strings"
	"testing"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/coach/rubric"
)

var markTag = regexp.MustCompile(`<mark class="mk mk-(filler|term)">([^<]*)<span class="visually-hidden"> \(([a-z ]+)\)</span></mark>`)

// marks returns the highlighted words of kind ("filler" or "term"), in order.
func marks(html, kind string) []string {
	var out []string
	for _, m := range markTag.FindAllStringSubmatch(html, -1) {
		if m[1] == kind {
			out = append(out, m[2])
		}
	}
	return out
}

var starTag = regexp.MustCompile(`data-star="([a-z]+)"`)

func starsOf(html string) []string {
	var out []string
	for _, m := range starTag.FindAllStringSubmatch(html, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestMarkAnswer(t *testing.T) {
	terms := []coach.Term{{Term: "SQL", Synonyms: []string{"postgres"}}, {Term: "dashboard", Synonyms: []string{"looker"}}}
	story := "In my previous role at a retailer, conversion dropped. My task was to find the cause within a week. " +
		"Um, I split the funnel in SQL and I built dashboards in Looker. As a result, conversion recovered to 3.3% and we saved €85,000."

	t.Run("scored answer follows its insights", func(t *testing.T) {
		ins := &coach.Insights{FillerWords: map[string]int{"um": 1}, JobTerms: []string{"SQL", "dashboard"},
			Star: coach.Star{Situation: true, Task: true, Action: true, Result: true}}
		m := markAnswer(story, ins, terms, nil)
		if got := marks(string(m.HTML), "filler"); strings.Join(got, ",") != "Um" {
			t.Errorf("fillers %v", got)
		}
		// Synonyms and plurals count as their term.
		if got := marks(string(m.HTML), "term"); strings.Join(got, ",") != "SQL,dashboards,Looker" {
			t.Errorf("terms %v", got)
		}
		if got := strings.Join(starsOf(string(m.HTML)), ","); got != "situation,task,action,result" {
			t.Errorf("STAR sentences %s", got)
		}
		if m.Fillers != 1 || m.Terms != 3 || m.Star[starAction] != 1 || !m.Scored || m.Empty() {
			t.Errorf("counts %+v", m)
		}
		// The non-colour cue: each STAR sentence opens with its letter and a
		// label for screen readers.
		if !strings.Contains(string(m.HTML), `<span aria-hidden="true">R</span><span class="visually-hidden">Result:</span>`) {
			t.Errorf("no result tag in %s", m.HTML)
		}
	})

	t.Run("insights win over the cues", func(t *testing.T) {
		// The scorer found no result and counted "um" once: the result
		// sentence stays unmarked and only the first "um" is highlighted.
		ins := &coach.Insights{FillerWords: map[string]int{"um": 1}, Star: coach.Star{Situation: true, Action: true}}
		m := markAnswer("Um, I built it. Um, as a result we saved money.", ins, nil, nil)
		if got := marks(string(m.HTML), "filler"); len(got) != 1 {
			t.Errorf("fillers %v, want the first only", got)
		}
		parts := starsOf(string(m.HTML))
		if len(parts) == 0 {
			t.Errorf("nothing tagged in %s", m.HTML)
		}
		for _, part := range parts {
			if part == starResult || part == starTask {
				t.Errorf("marked %s although the insights say it is missing", part)
			}
		}
	})

	t.Run("escapes everything", func(t *testing.T) {
		text := `I wrote <script>alert("x")</script> & "quotes" in SQL <b>bold</b>.`
		m := markAnswer(text, nil, terms, nil)
		html := string(m.HTML)
		for _, bad := range []string{"<script>", "<b>", `"x"`} {
			if strings.Contains(html, bad) {
				t.Errorf("unescaped %q in %s", bad, html)
			}
		}
		if !strings.Contains(html, "&lt;script&gt;") || !strings.Contains(html, "&amp;") {
			t.Errorf("escaped text missing: %s", html)
		}
		if got := marks(html, "term"); len(got) != 1 || got[0] != "SQL" {
			t.Errorf("terms %v", got)
		}
		// Stripping the markup gives back the text exactly.
		plain := regexp.MustCompile(`<span class="visually-hidden">[^<]*</span>|<span class="star-tag"[^>]*><span aria-hidden="true">.</span><span class="visually-hidden">[^<]*</span></span> |<[^>]+>`).ReplaceAllString(html, "")
		plain = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&", "&#34;", `"`, "&#39;", "'").Replace(plain)
		if strings.TrimSpace(plain) != text {
			t.Errorf("text changed:\n got %q\nwant %q", plain, text)
		}
	})

	t.Run("unscored answer uses the built-in lists", func(t *testing.T) {
		m := markAnswer("Basically, you know, I mean it went fine.\n\nI kind of liked it.", nil, nil, []string{"Kubernetes"})
		if got := marks(string(m.HTML), "filler"); strings.Join(got, ",") != "Basically,you know,I mean,kind of" {
			t.Errorf("fillers %v", got)
		}
		if strings.Count(string(m.HTML), `<p class="marked-para">`) != 2 || m.Scored {
			t.Errorf("paragraphs or scored flag wrong: %+v", m)
		}
	})

	t.Run("line breaks stay, sentences run across them", func(t *testing.T) {
		m := markAnswer("In my previous role I led the\nmigration to Go.\nAs a result\nlatency fell.\n\nNew paragraph.", nil, nil, nil)
		html := string(m.HTML)
		if strings.Count(html, "<br>") != 3 || strings.Count(html, `<p class="marked-para">`) != 2 {
			t.Fatalf("line breaks or paragraphs lost: %s", html)
		}
		if got := strings.Join(starsOf(html), ","); got != "situation,result" {
			t.Errorf("STAR sentences %s, want the wrapped sentences whole", got)
		}
	})

	t.Run("agrees with the rubric scorer", func(t *testing.T) {
		// The local scorer's insights drive the highlights end to end.
		q := coach.Question{ID: "q", Track: coach.TrackUser, Category: coach.CatBehavioural, TargetWords: coach.WordRange{Min: 50, Max: 200}}
		ins := rubric.Analyze(q, story, terms, nil)
		m := markAnswer(story, &ins, terms, nil)
		for f, n := range ins.FillerWords {
			if got := strings.Count(strings.ToLower(strings.Join(marks(string(m.HTML), "filler"), "|")), f); got != n {
				t.Errorf("filler %q marked %d times, counted %d", f, got, n)
			}
		}
		if m.Terms < len(ins.JobTerms) {
			t.Errorf("%d term marks for job terms %v", m.Terms, ins.JobTerms)
		}
	})
}

func TestSplitSentences(t *testing.T) {
	got := splitSentences(`Conversion fell from 3.4% to 2.9%. We used e.g. the SQL shell? Yes! "Done." Then it ended`)
	var texts []string
	for _, s := range got {
		texts = append(texts, s.text)
	}
	want := []string{"Conversion fell from 3.4% to 2.9%.", "We used e.g. the SQL shell?", "Yes!", `"Done."`, "Then it ended"}
	if strings.Join(texts, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q", texts)
	}
}

func BenchmarkMarkAnswer(b *testing.B) {
	text := strings.Repeat("In my previous role I led the migration to Go. My task was to cut latency. Um, I measured p99 in SQL dashboards. As a result latency fell by 80%.\n", 10)
	ins := &coach.Insights{FillerWords: map[string]int{"um": 10}, JobTerms: []string{"Go", "SQL", "dashboard"}, Star: coach.Star{Situation: true, Task: true, Action: true, Result: true}}
	b.ReportAllocs()
	for b.Loop() {
		markAnswer(text, ins, nil, nil)
	}
}

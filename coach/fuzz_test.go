package coach_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/interviewcoach/coach/coach"
)

// FuzzTermMatcher matches arbitrary job descriptions against an arbitrary
// term with synonyms ("term|synonym|synonym"). The matcher must never panic,
// report only the canonical term, report it once, always find the term in
// a text that starts with it, and give the same answer twice.
func FuzzTermMatcher(f *testing.F) {
	f.Add("Kubernetes|k8s|kube", "We run k8s clusters and Kubernetes operators.")
	f.Add("A/B testing|split testing", "Design A/B tests; split-testing experience a plus.")
	f.Add("machine learning|ML", "Machine-learning engineer, ML ops, MACHINE LEARNING.")
	f.Add("C++|cpp", "C++17, C#, C, cpp")
	f.Add("Go|golang", "go go go GOLANG 🚀 \u00a0Go\u200b")
	f.Fuzz(func(t *testing.T, spec, text string) {
		parts := strings.Split(spec, "|")
		term := coach.Term{Term: parts[0], Synonyms: parts[1:]}
		m := coach.NewTermMatcher([]coach.Term{term})
		got := m.Match(text)
		if len(got) > 1 || (len(got) == 1 && got[0] != term.Term) {
			t.Fatalf("Match(%q) = %q, want at most [%q]", text, got, term.Term)
		}
		if again := m.Match(text); !slices.Equal(got, again) {
			t.Fatalf("not deterministic: %q then %q", got, again)
		}
		if len(coach.TermWords(term.Term)) > 0 {
			if got := m.Match(term.Term + " " + text); len(got) != 1 {
				t.Fatalf("Match(%q) = %q: the term itself is not found", term.Term+" "+text, got)
			}
		}
		if got := coach.MatchTerms(text, []coach.Term{term}); len(got) > 1 {
			t.Fatalf("MatchTerms = %q", got)
		}
	})
}

// FuzzCountWords: the word count of an answer is what strings.Fields
// makes of it, for any text, valid UTF-8 or not.
func FuzzCountWords(f *testing.F) {
	for _, s := range []string{"", "  ", "one", " two  words ", "tab\tand\nnewline", "no\u00a0break\u2003em space", "\xff\xfe bad bytes", "日本語 の 回答", "\u200bzero-width"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := coach.CountWords(s), len(strings.Fields(s)); got != want {
			t.Fatalf("CountWords(%q) = %d, want %d", s, got, want)
		}
	})
}

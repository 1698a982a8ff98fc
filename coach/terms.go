package coach

import (
	"sort"
	"strings"
	"unicode"
)

// TermMatcher finds a role's job terms in free text: case-insensitive,
// whole words, synonyms reported as their canonical term ("k8s" →
// "Kubernetes"). It is compiled once per role and is safe for concurrent
// use; matching is one pass over the text's words.
type TermMatcher struct {
	// byFirst maps a variant's first word to the variants starting with it,
	// longest first so "machine learning engineer" wins over "machine learning".
	byFirst map[string][]variant
}

type variant struct {
	words     []string
	canonical string
}

// NewTermMatcher compiles terms.
func NewTermMatcher(terms []Term) *TermMatcher {
	m := &TermMatcher{byFirst: map[string][]variant{}}
	for _, t := range terms {
		for _, v := range append([]string{t.Term}, t.Synonyms...) {
			words := TermWords(v)
			if len(words) == 0 {
				continue
			}
			m.byFirst[words[0]] = append(m.byFirst[words[0]], variant{words: words, canonical: t.Term})
		}
	}
	for k, vs := range m.byFirst {
		sort.SliceStable(vs, func(i, j int) bool { return len(vs[i].words) > len(vs[j].words) })
		m.byFirst[k] = vs
	}
	return m
}

// Match returns the canonical terms found in text, in order of first
// appearance, each once.
func (m *TermMatcher) Match(text string) []string {
	if m == nil || len(m.byFirst) == 0 {
		return []string{}
	}
	return m.MatchWords(TermWords(text))
}

// MatchWords is Match on text already split by TermWords.
func (m *TermMatcher) MatchWords(words []string) []string {
	found := []string{}
	seen := map[string]bool{}
	for i := 0; i < len(words); i++ {
		for _, v := range m.byFirst[words[i]] {
			if i+len(v.words) > len(words) || !equalWords(words[i:i+len(v.words)], v.words) {
				continue
			}
			if !seen[v.canonical] {
				seen[v.canonical] = true
				found = append(found, v.canonical)
			}
			i += len(v.words) - 1
			break
		}
	}
	return found
}

func equalWords(a, b []string) bool {
	for i := range b {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TermWords lower-cases s and splits it into words for term matching:
// letters and digits, keeping '+' and '#' so "C++" and "C#" survive;
// everything else separates ("A/B test" → a, b, test; "CI/CD" → ci, cd).
func TermWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '+' || r == '#')
	})
}

// MatchTerms is NewTermMatcher(terms).Match(text), for one-off use.
func MatchTerms(text string, terms []Term) []string {
	if strings.TrimSpace(text) == "" || len(terms) == 0 {
		return []string{}
	}
	return NewTermMatcher(terms).Match(text)
}

// AdHocQuestion builds a question that is not in the banks (the CLI scores
// any question text) with a generic rubric for its track, so it is judged
// on structure, evidence and clarity rather than on talking points it
// cannot know.
func AdHocQuestion(text string, track Track) Question {
	q := Question{ID: "adhoc", Role: RoleAny, Track: track, Seniority: SeniorityAny, Text: text}
	lower := strings.ToLower(text)
	behavioural := false
	for _, cue := range []string{"tell me about a time", "describe a time", "give an example", "give me an example", "a situation where", "walk me through a time", "share an example"} {
		if strings.Contains(lower, cue) {
			behavioural = true
			break
		}
	}
	switch {
	case track == TrackUser && behavioural:
		q.Category = CatBehavioural
		q.Assesses = "A real example told with situation, task, your own actions and a measurable result."
		q.TalkingPoints = []string{"the situation and what was at stake", "your task or goal", "the actions you took yourself", "the result, with numbers", "what you learned"}
		q.TargetWords = WordRange{Min: 150, Max: 300}
	case track == TrackUser:
		q.Category = CatTechnical
		q.Assesses = "Correct, specific knowledge with reasoning and trade-offs, backed by experience."
		q.TalkingPoints = []string{"a direct answer first", "the reasoning and trade-offs", "a concrete example from your work", "tools, numbers or results"}
		q.TargetWords = WordRange{Min: 100, Max: 250}
	case behavioural:
		q.Category = CatCulture
		q.Assesses = "A concise, positive, honest example that shows fit and self-awareness."
		q.TalkingPoints = []string{"a specific example", "what you did and why", "the outcome", "what it says about how you work"}
		q.TargetWords = WordRange{Min: 80, Max: 200}
	default:
		q.Category = CatMotivation
		q.Assesses = "A concise, positive, researched answer consistent with the rest of the candidate's story."
		q.TalkingPoints = []string{"a direct answer", "a specific reason or example", "a link to the role or company", "a positive close"}
		q.TargetWords = WordRange{Min: 50, Max: 160}
	}
	q.RedFlags = []string{"vague or generic answer", "negativity about past employers"}
	return q
}

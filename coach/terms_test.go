package coach_test

import (
	"strings"
	"testing"

	"github.com/interviewcoach/coach/coach"
)

func TestTermMatcher(t *testing.T) {
	terms := []coach.Term{
		{Term: "A/B testing", Synonyms: []string{"ab test", "experiment", "experiments", "split test"}},
		{Term: "SQL", Synonyms: []string{"postgres", "postgresql"}},
		{Term: "Kubernetes", Synonyms: []string{"k8s"}},
		{Term: "C++"},
		{Term: "machine learning", Synonyms: []string{"ML"}},
	}
	m := coach.NewTermMatcher(terms)
	cases := []struct {
		text string
		want []string
	}{
		{"We run A/B tests", nil},
		{"I ran an A/B testing programme on Postgres.", []string{"A/B testing", "SQL"}},
		{"Deployed on K8s; wrote c++ and more C++", []string{"Kubernetes", "C++"}},
		{"split test then SQL then postgres", []string{"A/B testing", "SQL"}},
		{"html is not ml-free", []string{"machine learning"}},
		{"sequel and kubernetesque", nil},
		{"", nil},
	}
	for _, tc := range cases {
		t.Run(tc.text, func(t *testing.T) {
			got := m.Match(tc.text)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Fatalf("Match(%q) = %v, want %v", tc.text, got, tc.want)
			}
		})
	}
}

func TestAdHocQuestionIsValid(t *testing.T) {
	for _, tc := range []struct {
		text  string
		track coach.Track
		cat   string
	}{
		{"Tell me about a time you failed.", coach.TrackUser, coach.CatBehavioural},
		{"What is a mutex?", coach.TrackUser, coach.CatTechnical},
		{"Why do you want to work here?", coach.TrackHR, coach.CatMotivation},
		{"Describe a time you disagreed with a manager.", coach.TrackHR, coach.CatCulture},
	} {
		q := coach.AdHocQuestion(tc.text, tc.track)
		if err := q.Validate(); err != nil {
			t.Errorf("%q: %v", tc.text, err)
		}
		if q.Category != tc.cat {
			t.Errorf("%q: category %s, want %s", tc.text, q.Category, tc.cat)
		}
	}
}

func TestDummyHashIsValid(t *testing.T) {
	// The constant must stay a well-formed hash or unknown-email logins
	// would return faster than known ones.
	if !coach.CheckPassword(coach.DummyHashForTest, "not a real password, only for timing") {
		t.Fatal("dummy hash does not verify")
	}
}

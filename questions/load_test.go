package questions_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/questions"
)

func TestEmbeddedBanksAreValid(t *testing.T) {
	b, err := questions.Embedded()
	if err != nil {
		t.Fatalf("embedded banks: %v", err)
	}
	if b.Len() == 0 {
		t.Fatal("embedded banks are empty")
	}
}

const goodQuestion = `
  - id: x-001
    track: user
    category: technical
    seniority: mid
    text: What is an index?
    assesses: Database basics.
    talking_points: [b-tree, trade-off on writes]
    red_flags: [no trade-offs]
    target_words: {min: 50, max: 150}
    follow_ups: ["When would you not add one?"]
`

func TestLoadRejectsBrokenBanks(t *testing.T) {
	header := "role: tester\nname: Tester\nterms: []\nquestions:\n"
	cases := []struct {
		name, file, want string
	}{
		{"unknown field", header + goodQuestion + "    colour: blue\n", "broken.yaml"},
		{"unknown track", header + strings.Replace(goodQuestion, "track: user", "track: ceo", 1), "unknown track"},
		{"unknown category", header + strings.Replace(goodQuestion, "category: technical", "category: vibes", 1), "unknown category"},
		{"unknown seniority", header + strings.Replace(goodQuestion, "seniority: mid", "seniority: intern", 1), "unknown seniority"},
		{"empty text", header + strings.Replace(goodQuestion, "text: What is an index?", "text: ''", 1), "text is empty"},
		{"no talking points", header + strings.Replace(goodQuestion, "talking_points: [b-tree, trade-off on writes]", "talking_points: []", 1), "talking_points"},
		{"no follow-ups", header + strings.Replace(goodQuestion, `follow_ups: ["When would you not add one?"]`, "follow_ups: []", 1), "follow_ups"},
		{"bad length", header + strings.Replace(goodQuestion, "{min: 50, max: 150}", "{min: 150, max: 50}", 1), "target_words"},
		{"duplicate id", header + goodQuestion + goodQuestion, "already used"},
		{"bad role id", strings.Replace(header, "role: tester", "role: Tester!", 1) + goodQuestion, "role"},
		{"not yaml", "role: [", "broken.yaml"},
		{"ambiguous synonym", strings.Replace(header, "terms: []", "terms:\n  - {term: SQL, synonyms: [postgres]}\n  - {term: Postgres}", 1) + goodQuestion, "listed for both"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"broken.yaml": {Data: []byte(tc.file)}}
			_, err := questions.Load(fsys)
			if err == nil {
				t.Fatal("Load accepted a broken bank")
			}
			if !strings.Contains(err.Error(), "broken.yaml") || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q should name the file and say %q", err, tc.want)
			}
		})
	}
}

func TestLoadReportsLine(t *testing.T) {
	file := "role: tester\nname: Tester\nquestions:\n" + goodQuestion + strings.Replace(goodQuestion, "x-001", "x-002", 1) + "    extra: 1\n"
	_, err := questions.Load(fstest.MapFS{"b.yaml": {Data: []byte(file)}})
	// The stray key is on line 26, in the second question.
	if err == nil || !strings.Contains(err.Error(), "b.yaml:26") || !strings.Contains(err.Error(), `"extra"`) {
		t.Fatalf("want the error at b.yaml:26 naming the field, got %v", err)
	}
}

func TestFilters(t *testing.T) {
	file := "role: tester\nname: Tester\nquestions:\n" + goodQuestion
	hr := "role: any\nname: All roles\nquestions:\n" + strings.NewReplacer("x-001", "hr-001", "track: user", "track: hr", "category: technical", "category: salary", "seniority: mid", "seniority: any").Replace(goodQuestion)
	b, err := questions.Load(fstest.MapFS{"t.yaml": {Data: []byte(file)}, "hr.yaml": {Data: []byte(hr)}})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		f    coach.QuestionFilter
		want []string
	}{
		{"role includes shared", coach.QuestionFilter{Role: "tester"}, []string{"hr-001", "x-001"}},
		{"track", coach.QuestionFilter{Role: "tester", Track: coach.TrackUser}, []string{"x-001"}},
		{"category", coach.QuestionFilter{Category: coach.CatSalary}, []string{"hr-001"}},
		{"seniority any matches", coach.QuestionFilter{Seniority: coach.SenioritySenior}, []string{"hr-001"}},
		{"query", coach.QuestionFilter{Query: "B-TREE"}, []string{"hr-001", "x-001"}},
		{"no match", coach.QuestionFilter{Role: "nobody", Track: coach.TrackUser}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, q := range b.Questions(tc.f) {
				got = append(got, q.ID)
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
	roles := b.Roles()
	if len(roles) != 1 || roles[0].ID != "tester" || roles[0].Counts[coach.TrackHR] != 1 || roles[0].Counts[coach.TrackUser] != 1 {
		t.Fatalf("roles = %+v", roles)
	}
}

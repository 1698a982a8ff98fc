package questions_test

import (
	"testing"
	"testing/fstest"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/questions"
)

// FuzzLoad feeds arbitrary bank files to the loader. It must never panic,
// and whatever it accepts must be a bank whose every question validates and
// can be found again by id and by its filter.
func FuzzLoad(f *testing.F) {
	// Small seeds keep the fuzzer fast; the committed corpus in
	// testdata/fuzz/FuzzLoad adds edge cases (anchors, unknown fields,
	// duplicate ids, bad tracks).
	f.Add([]byte(seedBank))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := questions.Load(fstest.MapFS{"fuzz.yaml": {Data: data}})
		if err != nil {
			return
		}
		for _, r := range b.Roles() {
			for _, tr := range []coach.Track{coach.TrackHR, coach.TrackUser} {
				for _, q := range b.Questions(coach.QuestionFilter{Role: r.ID, Track: tr}) {
					if err := q.Validate(); err != nil {
						t.Fatalf("accepted an invalid question %+v: %v", q, err)
					}
					if got, err := b.Question(q.ID); err != nil || got.ID != q.ID {
						t.Fatalf("question %s listed but not found: %v", q.ID, err)
					}
				}
			}
		}
	})
}

const seedBank = `role: tester
name: Tester
terms:
  - term: Selenium
    synonyms: [webdriver]
questions:
  - id: tester-tech-001
    track: user
    category: technical
    seniority: mid
    text: How do you keep UI tests from being flaky?
    assesses: Practical test design.
    talking_points: [explicit waits, stable selectors]
    red_flags: [sleeps everywhere]
    target_words: {min: 80, max: 200}
    follow_ups: [What would you automate first?]
`

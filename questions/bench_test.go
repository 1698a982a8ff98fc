package questions_test

import (
	"testing"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/questions"
)

// BenchmarkLoadEmbedded is start-up cost: parse and validate every bank.
func BenchmarkLoadEmbedded(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := questions.Embedded(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkQuestionsFilter is the work behind GET /api/v1/questions: memory only.
func BenchmarkQuestionsFilter(b *testing.B) {
	bank, err := questions.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	f := coach.QuestionFilter{Role: "data-analyst", Track: coach.TrackUser, Seniority: coach.SeniorityMid, Query: "sql"}
	b.ReportAllocs()
	for b.Loop() {
		if len(bank.Questions(f)) == 0 {
			b.Fatal("no questions")
		}
	}
}

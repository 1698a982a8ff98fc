package coach_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/interviewcoach/coach/coach"
)

var roundCats = []string{coach.CatTechnical, coach.CatBehavioural, coach.CatSituational, coach.CatProblemSolving}

// feed adds answers with the given scores, cycling through cats.
func feed(s *coach.ReadinessState, cats []string, scores ...int) {
	t0 := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	for i, sc := range scores {
		q := coach.Question{ID: fmt.Sprintf("q%d", len(s.Questions)+i), Category: cats[i%len(cats)]}
		s.Add(q, sc, []coach.Criterion{{Name: "Evidence", Score: sc - 10}, {Name: "Structure", Score: sc + 5}}, t0.Add(time.Duration(s.Overall.N)*time.Hour), roundCats)
	}
}

func readiness(s *coach.ReadinessState) coach.Readiness {
	return s.Readiness(roundCats, time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC), nil)
}

func TestReadiness(t *testing.T) {
	t.Run("no answers", func(t *testing.T) {
		var s coach.ReadinessState
		r := readiness(&s)
		if r.Score != 0 || r.Verdict != coach.VerdictNotYet || len(r.Next) == 0 {
			t.Fatalf("%+v", r)
		}
	})
	t.Run("rises with strong answers", func(t *testing.T) {
		var s coach.ReadinessState
		feed(&s, roundCats, 50, 50, 50, 50)
		before := readiness(&s).Score
		feed(&s, roundCats, 85, 85, 85, 85)
		after := readiness(&s)
		if after.Score <= before {
			t.Fatalf("readiness %d -> %d after strong answers", before, after.Score)
		}
		if after.Trend[len(after.Trend)-1].Score != after.Score && after.Trend[len(after.Trend)-1].Score <= before {
			t.Fatalf("trend did not move: %+v", after.Trend)
		}
	})
	t.Run("untried categories hold it back", func(t *testing.T) {
		var narrow, broad coach.ReadinessState
		feed(&narrow, roundCats[:1], 85, 85, 85, 85, 85, 85, 85, 85, 85, 85)
		feed(&broad, roundCats, 85, 85, 85, 85, 85, 85, 85, 85, 85, 85)
		n, b := readiness(&narrow), readiness(&broad)
		if n.Score >= b.Score || len(n.Untried) != 3 || n.Verdict == coach.VerdictReady {
			t.Fatalf("narrow %+v vs broad %d", n, b.Score)
		}
		if b.Verdict != coach.VerdictReady {
			t.Fatalf("ten strong answers across every type should be ready: %+v", b)
		}
	})
	t.Run("recency beats old results", func(t *testing.T) {
		var improving, declining coach.ReadinessState
		feed(&improving, roundCats, 40, 40, 40, 40, 80, 80, 80, 80)
		feed(&declining, roundCats, 80, 80, 80, 80, 40, 40, 40, 40)
		if readiness(&improving).Score <= readiness(&declining).Score {
			t.Fatalf("improving %d should beat declining %d", readiness(&improving).Score, readiness(&declining).Score)
		}
	})
	t.Run("few answers mean low confidence", func(t *testing.T) {
		var one, many coach.ReadinessState
		feed(&one, roundCats, 90)
		feed(&many, roundCats, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90)
		r1, rm := readiness(&one), readiness(&many)
		if r1.Confidence >= 0.5 || rm.Confidence < 0.8 || r1.Score >= rm.Score || r1.Verdict == coach.VerdictReady {
			t.Fatalf("one %+v many %+v", r1, rm)
		}
	})
	t.Run("inconsistent scores", func(t *testing.T) {
		var steady, erratic coach.ReadinessState
		feed(&steady, roundCats, 70, 70, 70, 70, 70, 70, 70, 70)
		feed(&erratic, roundCats, 30, 100, 40, 100, 30, 100, 40, 100)
		if readiness(&erratic).Consistency >= readiness(&steady).Consistency {
			t.Fatal("erratic scores should be less consistent")
		}
	})
	t.Run("practise next names weak spots", func(t *testing.T) {
		var s coach.ReadinessState
		feed(&s, roundCats[:2], 40, 45)
		r := readiness(&s)
		if len(r.Next) != 3 || len(r.Retry) != 2 || r.Weakest[0] != "Evidence" {
			t.Fatalf("%+v", r)
		}
	})
}

func TestStreak(t *testing.T) {
	var s coach.ReadinessState
	q := coach.Question{ID: "q", Category: coach.CatTechnical}
	for _, d := range []string{"2026-11-01", "2026-11-03", "2026-11-04", "2026-11-05"} {
		at, _ := time.Parse("2006-01-02", d)
		s.Add(q, 60, nil, at.Add(10*time.Hour), roundCats)
	}
	if got := s.Readiness(roundCats, time.Date(2026, 11, 5, 20, 0, 0, 0, time.UTC), nil).Streak; got != 3 {
		t.Fatalf("streak = %d, want 3", got)
	}
	if got := s.Readiness(roundCats, time.Date(2026, 11, 8, 0, 0, 0, 0, time.UTC), nil).Streak; got != 0 {
		t.Fatalf("broken streak = %d, want 0", got)
	}
}

// TestAdviceNamesQuestions: "practise next" names a question to retry by
// its text, shortened, not by its bank id; a question the caller's title
// function does not know keeps its id.
func TestAdviceNamesQuestions(t *testing.T) {
	svc, id, sess := practising(t, "software-engineer", coach.TrackUser, 1)
	ctx := context.Background()
	q := sess.Questions[0]
	if _, err := svc.SubmitAnswer(ctx, id, sess.ID, coach.Submission{QuestionID: q.ID, Text: "I do not know."}); err != nil {
		t.Fatal(err)
	}
	r, err := svc.Readiness(ctx, id)
	if err != nil || len(r) != 1 || len(r[0].Retry) != 1 {
		t.Fatalf("readiness %+v %v, want the weak answer's question to retry", r, err)
	}
	words := strings.Fields(q.Text)
	var line string
	for _, n := range r[0].Next {
		if strings.HasPrefix(n, "Retry") {
			line = n
		}
	}
	if !strings.HasPrefix(line, "Retry “"+words[0]+" "+words[1]) || strings.Contains(line, q.ID) || utf8.RuneCountInString(line) > 72 {
		t.Fatalf("advice %q, want the start of %q", line, q.Text)
	}

	var st coach.ReadinessState
	feed(&st, roundCats, 30)
	if next := st.Readiness(roundCats, time.Now(), func(string) string { return "" }).Next; !slices.Contains(next, "Retry question q0.") {
		t.Fatalf("advice %q, want the id of an unknown question", next)
	}
}

package coach_test

import (
	"context"
	"strings"
	"testing"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/coach/redisstore"
	"github.com/interviewcoach/coach/coach/redisstore/redistest"
	"github.com/interviewcoach/coach/questions"
)

// mustService is the domain on real Redis and the embedded banks. The
// scorer is not needed for session creation.
func mustService(t *testing.T) (*coach.Service, *questions.Bank) {
	t.Helper()
	bank, err := questions.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return &coach.Service{Store: redisstore.New(redistest.MustClient(t)), Bank: bank}, bank
}

func TestSelectionMixesCategories(t *testing.T) {
	svc, _ := mustService(t)
	id := coach.Identity{UserID: coach.NewID(), Kind: coach.KindSeeker}
	for _, track := range coach.Tracks {
		for i := 0; i < 20; i++ {
			sess, err := svc.StartSession(context.Background(), id, coach.StartInput{Role: "sales", Track: track, Count: 6, Seniority: coach.SeniorityMid})
			if err != nil {
				t.Fatal(err)
			}
			cats := map[string]int{}
			for _, q := range sess.Questions {
				cats[q.Category]++
			}
			if len(sess.Questions) != 6 || len(cats) < 5 {
				t.Fatalf("%s set is not mixed: %v", track, cats)
			}
			last := sess.Questions[len(sess.Questions)-1]
			if last.Category != coach.CatReverse {
				t.Fatalf("%s set does not end with the candidate's questions: %s", track, last.Category)
			}
			if cats[coach.CatFollowUp] > 0 {
				t.Fatalf("a follow-up note drill slipped into a mixed set")
			}
		}
	}
}

func TestSelectionPrefersSeniorityAndFreshQuestions(t *testing.T) {
	svc, _ := mustService(t)
	ctx := context.Background()
	id := coach.Identity{UserID: coach.NewID(), Kind: coach.KindSeeker}
	sess, err := svc.StartSession(ctx, id, coach.StartInput{Role: "software-engineer", Track: coach.TrackUser, Count: 5, Seniority: coach.SenioritySenior})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range sess.Questions[:4] {
		if !q.Seniority.Matches(coach.SenioritySenior) {
			t.Fatalf("junior/mid question %s in a senior set", q.ID)
		}
	}
	// Answer them all; the next set must not repeat them.
	for _, q := range sess.Questions {
		if err := svc.Store.SaveAnswer(ctx, coach.Answer{ID: coach.NewOwnedID(id.UserID), SessionID: sess.ID, UserID: id.UserID, QuestionID: q.ID, Text: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	next, err := svc.StartSession(ctx, id, coach.StartInput{Role: "software-engineer", Track: coach.TrackUser, Count: 5, Seniority: coach.SenioritySenior})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range next.Questions {
		if sess.HasQuestion(q.ID) {
			t.Fatalf("recently answered question %s asked again", q.ID)
		}
	}
	// Unless the user asks to retry it.
	retry, err := svc.StartSession(ctx, id, coach.StartInput{Role: "software-engineer", Track: coach.TrackUser, QuestionIDs: []string{sess.Questions[0].ID}})
	if err != nil || len(retry.Questions) != 1 || retry.Questions[0].ID != sess.Questions[0].ID {
		t.Fatalf("retry: %+v %v", retry.Questions, err)
	}
}

func TestJobDescriptionTailoring(t *testing.T) {
	svc, bank := mustService(t)
	ctx := context.Background()
	id := coach.Identity{UserID: coach.NewID(), Kind: coach.KindSeeker}
	role, _ := bank.Role("data-analyst")
	matcher := coach.NewTermMatcher(role.Terms)
	cases := []struct {
		name, jd  string
		wantTerms []string
		minHits   int
	}{
		{"sql dashboards ab tests",
			"Data Analyst. You will write SQL daily, build and maintain dashboards in Tableau for the growth team, and design and read A/B tests. Nice to have: Python.",
			[]string{"SQL", "A/B testing"}, 4},
		{"no known terms", "We are a friendly team that loves coffee and long walks.", nil, 0},
		{"empty", "", nil, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sess, err := svc.StartSession(ctx, id, coach.StartInput{Role: "data-analyst", Track: coach.TrackUser, Count: 6, JobDescription: tc.jd})
			if err != nil {
				t.Fatal(err)
			}
			if len(sess.Questions) != 6 {
				t.Fatalf("got %d questions; a job description must never shrink the set", len(sess.Questions))
			}
			for _, want := range tc.wantTerms {
				if !strings.Contains(strings.Join(sess.JobTerms, "|"), want) {
					t.Errorf("job terms %v miss %q", sess.JobTerms, want)
				}
			}
			if tc.wantTerms == nil && len(sess.JobTerms) != 0 {
				t.Errorf("terms found in a description without any: %v", sess.JobTerms)
			}
			want := map[string]bool{}
			for _, term := range sess.JobTerms {
				want[term] = true
			}
			hits := 0
			for _, q := range sess.Questions {
				for _, term := range matcher.Match(q.Text + " " + q.Assesses + " " + strings.Join(q.TalkingPoints, " ")) {
					if want[term] {
						hits++
						break
					}
				}
			}
			if hits < tc.minHits {
				t.Errorf("only %d of 6 questions touch the job's terms %v", hits, sess.JobTerms)
			}
		})
	}
}

package coach_test

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/interviewcoach/coach/coach"
	"github.com/interviewcoach/coach/coach/redisstore"
	"github.com/interviewcoach/coach/coach/redisstore/redistest"
	"github.com/interviewcoach/coach/coach/rubric"
	"github.com/interviewcoach/coach/questions"
)

// clock is a settable Service.Now, so expiry and due dates are tested
// without waiting or reading the wall clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func mustCoachingService(t *testing.T) (*coach.Service, *clock) {
	t.Helper()
	bank, err := questions.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: time.Now().UTC().Truncate(time.Millisecond)}
	return &coach.Service{Store: redisstore.New(redistest.MustClient(t)), Bank: bank, Scorer: rubric.New(), Now: c.now}, c
}

// mustUser stores an account directly (no password hashing: these tests
// are about coaching, not login).
func mustUser(t *testing.T, svc *coach.Service, kind coach.UserKind, name string) coach.Identity {
	t.Helper()
	u := coach.User{ID: coach.NewID(), Name: name, Kind: kind, CreatedAt: time.Now()}
	u.Email = u.ID + "@example.com"
	if err := svc.Store.CreateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	return coach.Identity{UserID: u.ID, Kind: kind}
}

func wantCode(t *testing.T, err error, code string, what string) {
	t.Helper()
	if got := coach.ErrorCode(err); got != code {
		t.Fatalf("%s: error %v (code %q), want code %q", what, err, got, code)
	}
}

func mustLinked(t *testing.T, svc *coach.Service, c, client coach.Identity) {
	t.Helper()
	inv, err := svc.CreateInvite(context.Background(), c, coach.CreateInviteInput{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AcceptInvite(context.Background(), client, inv.Code); err != nil {
		t.Fatal(err)
	}
}

func TestInviteExpiryAndReuse(t *testing.T) {
	svc, clk := mustCoachingService(t)
	ctx := context.Background()
	c := mustUser(t, svc, coach.KindCoach, "Coach")
	a, b, d := mustUser(t, svc, coach.KindSeeker, "A"), mustUser(t, svc, coach.KindSeeker, "B"), mustUser(t, svc, coach.KindSeeker, "D")

	_, err := svc.CreateInvite(ctx, a, coach.CreateInviteInput{})
	wantCode(t, err, coach.EForbidden, "a seeker creates an invite")
	_, err = svc.CreateInvite(ctx, c, coach.CreateInviteInput{Uses: coach.MaxInviteUses + 1})
	wantCode(t, err, coach.EInvalid, "too many uses")

	t.Run("single use", func(t *testing.T) {
		inv, err := svc.CreateInvite(ctx, c, coach.CreateInviteInput{})
		if err != nil {
			t.Fatal(err)
		}
		if inv.Uses != 1 || len(inv.Code) != 16 || inv.Link != "/invite/"+inv.Code {
			t.Fatalf("invite %+v", inv)
		}
		if _, err := svc.AcceptInvite(ctx, a, inv.Code); err != nil {
			t.Fatal(err)
		}
		// Accepting again as the same client changes nothing.
		if _, err := svc.AcceptInvite(ctx, a, inv.Code); err != nil {
			t.Fatalf("accepting twice: %v", err)
		}
		_, err = svc.AcceptInvite(ctx, b, inv.Code)
		wantCode(t, err, coach.EConflict, "a used single-use invite")
		_, err = svc.AcceptInvite(ctx, c, inv.Code)
		wantCode(t, err, coach.EForbidden, "a coach accepts")
	})
	t.Run("multi use", func(t *testing.T) {
		inv, err := svc.CreateInvite(ctx, c, coach.CreateInviteInput{Uses: 2})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []coach.Identity{b, d} {
			if _, err := svc.AcceptInvite(ctx, s, inv.Code); err != nil {
				t.Fatal(err)
			}
		}
		e := mustUser(t, svc, coach.KindSeeker, "E")
		_, err = svc.AcceptInvite(ctx, e, inv.Code)
		wantCode(t, err, coach.EConflict, "a used-up invite")
	})
	t.Run("expiry", func(t *testing.T) {
		inv, err := svc.CreateInvite(ctx, c, coach.CreateInviteInput{Uses: 5, ExpiresInHours: 1})
		if err != nil {
			t.Fatal(err)
		}
		open, err := svc.Invites(ctx, c)
		listed := false
		for _, o := range open {
			listed = listed || o.Code == inv.Code && o.UsesLeft == 5
		}
		if err != nil || !listed {
			t.Fatalf("open invites %v %v", open, err)
		}
		clk.t = clk.t.Add(61 * time.Minute)
		e := mustUser(t, svc, coach.KindSeeker, "E")
		_, err = svc.AcceptInvite(ctx, e, inv.Code)
		wantCode(t, err, coach.EConflict, "an expired invite")
		open, _ = svc.Invites(ctx, c)
		for _, o := range open {
			if o.Code == inv.Code {
				t.Fatal("an expired invite is still listed")
			}
		}
		_, err = svc.AcceptInvite(ctx, e, coach.NewID())
		wantCode(t, err, coach.ENotFound, "an unknown code")
	})
	clients, err := svc.Clients(ctx, c)
	if err != nil || len(clients) != 3 {
		t.Fatalf("clients = %+v, %v", clients, err)
	}
	if clients[0].Name == "" || clients[0].Email == "" {
		t.Fatalf("clients lack names: %+v", clients)
	}
}

func TestAssignmentLifecycle(t *testing.T) {
	svc, clk := mustCoachingService(t)
	ctx := context.Background()
	c := mustUser(t, svc, coach.KindCoach, "Coach")
	a, b := mustUser(t, svc, coach.KindSeeker, "A"), mustUser(t, svc, coach.KindSeeker, "B")
	stranger := mustUser(t, svc, coach.KindSeeker, "Stranger")
	mustLinked(t, svc, c, a)
	mustLinked(t, svc, c, b)

	own, err := svc.SaveCoachQuestion(ctx, c, coach.Question{Role: "software-engineer", Track: coach.TrackUser, Category: coach.CatTechnical,
		Text: "How do you find a goroutine leak?", Assesses: "Debugging method.", TalkingPoints: []string{"pprof goroutine profile"},
		RedFlags: []string{"restart and hope"}, TargetWords: coach.WordRange{Min: 60, Max: 200}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = svc.SaveCoachQuestion(ctx, c, coach.Question{Track: coach.TrackUser, Category: coach.CatTechnical, Text: "No rubric"})
	wantCode(t, err, coach.EInvalid, "a question without its rubric")
	bankQ := svc.Bank.Questions(coach.QuestionFilter{Role: "software-engineer", Track: coach.TrackUser})[0]

	due := clk.t.Add(48 * time.Hour)
	as, err := svc.CreateAssignments(ctx, c, coach.AssignInput{ClientIDs: []string{a.UserID}, Role: "software-engineer", Track: coach.TrackUser,
		QuestionIDs: []string{bankQ.ID, own.ID}, Due: &due, Note: "Before Friday's interview."})
	if err != nil {
		t.Fatal(err)
	}
	_, err = svc.CreateAssignments(ctx, c, coach.AssignInput{ClientIDs: []string{stranger.UserID}, Role: "software-engineer", Track: coach.TrackHR})
	wantCode(t, err, coach.ENotFound, "assigning to someone who is not a client")
	_, err = svc.CreateAssignments(ctx, c, coach.AssignInput{ClientIDs: []string{a.UserID, stranger.UserID}, Role: "software-engineer", Track: coach.TrackHR})
	wantCode(t, err, coach.ENotFound, "a group with someone who is not a client")
	group, err := svc.CreateAssignments(ctx, c, coach.AssignInput{ClientIDs: []string{a.UserID, b.UserID}, Role: "sales", Track: coach.TrackHR, Count: 2, Due: &due})
	if err != nil || len(group) != 2 {
		t.Fatalf("group assignment: %v %v", group, err)
	}

	status := func(who coach.Identity, id string) coach.AssignmentProgress {
		t.Helper()
		list, err := svc.Assignments(ctx, who)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range list {
			if x.ID == id {
				return x.Progress
			}
		}
		t.Fatalf("assignment %s not listed for %s", id, who.UserID)
		return coach.AssignmentProgress{}
	}
	drill := as[0]
	if p := status(a, drill.ID); p.Status != coach.ProgressNotStarted || p.Total != 2 {
		t.Fatalf("new assignment: %+v", p)
	}
	_, err = svc.StartSession(ctx, b, coach.StartInput{AssignmentID: drill.ID})
	wantCode(t, err, coach.ENotFound, "starting another client's assignment")

	sess, err := svc.StartSession(ctx, a, coach.StartInput{AssignmentID: drill.ID})
	if err != nil {
		t.Fatal(err)
	}
	if sess.AssignmentID != drill.ID || len(sess.Questions) != 2 || sess.Questions[1].ID != own.ID || sess.Questions[1].Coach != c.UserID {
		t.Fatalf("assigned session: %+v", sess)
	}
	answer := "I would take a goroutine profile with pprof, compare two snapshots, and find the blocked channel receive that never returns."
	if _, err := svc.SubmitAnswer(ctx, a, sess.ID, coach.Submission{QuestionID: own.ID, Text: answer}); err != nil {
		t.Fatal(err)
	}
	if p := status(a, drill.ID); p.Status != coach.ProgressInProgress || p.Answered != 1 || p.SessionID != sess.ID {
		t.Fatalf("after one answer: %+v", p)
	}
	if _, err := svc.SubmitAnswer(ctx, a, sess.ID, coach.Submission{QuestionID: bankQ.ID, Text: answer}); err != nil {
		t.Fatal(err)
	}
	if p := status(c, drill.ID); p.Status != coach.ProgressDone || p.DoneAt == nil {
		t.Fatalf("the coach sees %+v after every question was answered", p)
	}

	clk.t = due.Add(time.Minute)
	if p := status(b, group[1].ID); p.Status != coach.ProgressOverdue {
		t.Fatalf("past its due date: %+v", p)
	}
	if p := status(a, drill.ID); p.Status != coach.ProgressDone {
		t.Fatalf("a done assignment turned %q after its due date", p.Status)
	}
	rows, err := svc.Cohort(ctx, c, "overdue", false)
	if err != nil {
		t.Fatal(err)
	}
	// A finished the drill but not the group's; B has the group's overdue.
	if len(rows) != 2 || rowFor(rows, a.UserID).Overdue != 1 || rowFor(rows, a.UserID).Open != 1 || rowFor(rows, b.UserID).Overdue != 1 {
		t.Fatalf("cohort %+v", rows)
	}
	if rowFor(rows, b.UserID).LastPractice != nil {
		t.Fatalf("cohort rounds: %+v", rows)
	}
	if r, ok := rowFor(rows, a.UserID).Rounds[coach.TrackUser]; !ok || r.Answers != 2 {
		t.Fatalf("cohort readiness for A: %+v", rowFor(rows, a.UserID))
	}

	// Once the link ends, the drill and the coach's question are gone for
	// the client and starting it fails.
	if err := svc.LeaveCoach(ctx, a, c.UserID); err != nil {
		t.Fatal(err)
	}
	list, err := svc.Assignments(ctx, a)
	if err != nil || len(list) != 0 {
		t.Fatalf("assignments of a former coach still listed: %v %v", list, err)
	}
	_, err = svc.StartSession(ctx, a, coach.StartInput{AssignmentID: group[0].ID})
	wantCode(t, err, coach.ENotFound, "starting a former coach's assignment")
	_, err = svc.CoachQuestion(ctx, a, own.ID)
	wantCode(t, err, coach.ENotFound, "reading a former coach's question")
}

func rowFor(rows []coach.CohortRow, id string) coach.CohortRow {
	for _, r := range rows {
		if r.Client.UserID == id {
			return r
		}
	}
	return coach.CohortRow{}
}

func TestReviewVisibilityAndReadiness(t *testing.T) {
	svc, _ := mustCoachingService(t)
	ctx := context.Background()
	c := mustUser(t, svc, coach.KindCoach, "Grace Coach")
	other := mustUser(t, svc, coach.KindCoach, "Other Coach")
	a := mustUser(t, svc, coach.KindSeeker, "A")
	mustLinked(t, svc, c, a)

	sess, err := svc.StartSession(ctx, a, coach.StartInput{Role: "software-engineer", Track: coach.TrackHR, Count: 2})
	if err != nil {
		t.Fatal(err)
	}
	ans, err := svc.SubmitAnswer(ctx, a, sess.ID, coach.Submission{QuestionID: sess.Questions[0].ID, Text: "I want to join because your product helps small shops and I have built similar tools for three years."})
	if err != nil || ans.Evaluation == nil {
		t.Fatalf("answer %+v %v", ans, err)
	}
	queue, err := svc.ReviewQueue(ctx, c, false, 0)
	if err != nil || len(queue) != 1 || queue[0].Answer.ID != ans.ID || queue[0].Client.Name != "A" || queue[0].Question.ID != sess.Questions[0].ID {
		t.Fatalf("to-review queue %+v %v", queue, err)
	}

	score := ans.Evaluation.Overall/2 + 1
	_, err = svc.ReviewAnswer(ctx, other, ans.ID, coach.ReviewInput{Comment: "Not my client", Score: &score})
	wantCode(t, err, coach.ENotFound, "a review by a coach who is not linked")
	_, err = svc.ReviewAnswer(ctx, a, ans.ID, coach.ReviewInput{Comment: "Self-review"})
	wantCode(t, err, coach.EForbidden, "a seeker reviews")
	_, err = svc.ReviewAnswer(ctx, c, ans.ID, coach.ReviewInput{Comment: " "})
	wantCode(t, err, coach.EInvalid, "an empty comment")

	if _, err := svc.ReviewAnswer(ctx, c, ans.ID, coach.ReviewInput{Comment: "Name the product you built.", Score: &score}); err != nil {
		t.Fatal(err)
	}
	// The client sees both, side by side.
	got, err := svc.Session(ctx, a, sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	r := got.Answers[0]
	if r.Review == nil || r.Review.Comment != "Name the product you built." || r.Review.CoachName != "Grace Coach" || *r.Review.Score != score {
		t.Fatalf("review on the answer: %+v", r.Review)
	}
	if r.Evaluation == nil || r.Evaluation.Overall != ans.Evaluation.Overall {
		t.Fatal("the AI evaluation was not kept beside the review")
	}
	// With one answer, readiness performance is the coach's score.
	ready, err := svc.Readiness(ctx, a)
	if err != nil || len(ready) != 1 || ready[0].Performance != score {
		t.Fatalf("readiness %+v %v, want performance %d", ready, err, score)
	}
	notes, err := svc.Notifications(ctx, a)
	if err != nil || len(notes) == 0 || notes[0].Kind != coach.NoteReview || !notes[0].Unread {
		t.Fatalf("notifications %+v %v", notes, err)
	}
	if err := svc.MarkNotificationsRead(ctx, a); err != nil {
		t.Fatal(err)
	}
	if notes, _ = svc.Notifications(ctx, a); notes[0].Unread {
		t.Fatal("still unread after marking read")
	}

	// The answer moved from "to review" to "reviewed".
	if q, err := svc.ReviewQueue(ctx, c, false, 0); err != nil || len(q) != 0 {
		t.Fatalf("reviewed answer still to review: %+v %v", q, err)
	}
	if q, err := svc.ReviewQueue(ctx, c, true, 0); err != nil || len(q) != 1 || !q[0].Reviewed {
		t.Fatalf("reviewed queue: %+v %v", q, err)
	}
	// A former coach's queue no longer shows the client.
	if err := svc.EndClient(ctx, c, a.UserID); err != nil {
		t.Fatal(err)
	}
	if q, err := svc.ReviewQueue(ctx, c, true, 0); err != nil || len(q) != 0 {
		t.Fatalf("former client's answers in the queue: %+v %v", q, err)
	}
	_, err = svc.Answer(ctx, c, ans.ID)
	wantCode(t, err, coach.ENotFound, "a former coach reads the answer")
	// The client keeps the review in their history.
	if got, _ := svc.Session(ctx, a, sess.ID); got.Answers[0].Review == nil {
		t.Fatal("the review vanished when the link ended")
	}
}

// TestReviewQueueIsExact spreads answers unevenly over clients, with the
// busiest client's newest answers already reviewed, and checks the queue
// against a brute-force reading of every answer.
func TestReviewQueueIsExact(t *testing.T) {
	svc, _ := mustCoachingService(t)
	ctx := context.Background()
	c := mustUser(t, svc, coach.KindCoach, "Coach")
	qs := svc.Bank.Questions(coach.QuestionFilter{Role: "sales", Track: coach.TrackHR})
	t0 := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	counts := []int{40, 3, 10}
	type seeded struct {
		id       string
		at       time.Time
		reviewed bool
	}
	var all []seeded
	for ci, n := range counts {
		u := mustUser(t, svc, coach.KindSeeker, "Client")
		mustLinked(t, svc, c, u)
		sess := coach.Session{ID: coach.NewOwnedID(u.UserID), UserID: u.UserID, Role: "sales", Track: coach.TrackHR, Questions: qs[:3], CreatedAt: t0}
		if err := svc.Store.CreateSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
		for k := 0; k < n; k++ {
			// Client 0 answered last and most; its 12 newest are reviewed.
			at := t0.Add(time.Duration(k*7+ci) * time.Minute)
			if ci == 0 {
				at = t0.Add(time.Duration(1000+k) * time.Minute)
			}
			a := coach.Answer{ID: coach.NewOwnedID(u.UserID), SessionID: sess.ID, UserID: u.UserID, QuestionID: qs[k%3].ID, Text: "answer", CreatedAt: at}
			reviewed := ci == 0 && k >= n-12
			if reviewed {
				a.Review = &coach.Review{CoachID: c.UserID, Comment: "ok", CreatedAt: at}
			}
			if err := svc.Store.SaveAnswer(ctx, a); err != nil {
				t.Fatal(err)
			}
			all = append(all, seeded{a.ID, at, reviewed})
		}
	}
	var want []string
	sort.Slice(all, func(i, j int) bool { return all[i].at.After(all[j].at) })
	for _, s := range all {
		if !s.reviewed {
			want = append(want, s.id)
		}
	}
	for _, limit := range []int{1, 5, 30, 200} {
		got, err := svc.ReviewQueue(ctx, c, false, limit)
		if err != nil {
			t.Fatal(err)
		}
		n := min(limit, len(want))
		if len(got) != n {
			t.Fatalf("limit %d: %d items, want %d", limit, len(got), n)
		}
		for i := range got {
			if got[i].Answer.ID != want[i] || got[i].Reviewed {
				t.Fatalf("limit %d: item %d is %s, want %s", limit, i, got[i].Answer.ID, want[i])
			}
		}
	}
}

// TestReviewOfUnscoredAnswer: an answer still with the scorer cannot be
// reviewed (scoring would overwrite the review); once the scorer has
// clearly failed, the coach's score is its only score for readiness.
func TestReviewOfUnscoredAnswer(t *testing.T) {
	svc, clk := mustCoachingService(t)
	ctx := context.Background()
	c := mustUser(t, svc, coach.KindCoach, "Coach")
	u := mustUser(t, svc, coach.KindSeeker, "Client")
	mustLinked(t, svc, c, u)
	sess, err := svc.StartSession(ctx, u, coach.StartInput{Role: "sales", Track: coach.TrackHR, Count: 1})
	if err != nil {
		t.Fatal(err)
	}
	a := coach.Answer{ID: coach.NewOwnedID(u.UserID), SessionID: sess.ID, UserID: u.UserID, QuestionID: sess.Questions[0].ID, Text: "unscored", CreatedAt: clk.t}
	if err := svc.Store.SaveAnswer(ctx, a); err != nil {
		t.Fatal(err)
	}
	score := 70
	_, err = svc.ReviewAnswer(ctx, c, a.ID, coach.ReviewInput{Comment: "Good.", Score: &score})
	wantCode(t, err, coach.EConflict, "reviewing an answer being scored")
	clk.t = clk.t.Add(10 * time.Minute)
	if _, err := svc.ReviewAnswer(ctx, c, a.ID, coach.ReviewInput{Comment: "Good.", Score: &score}); err != nil {
		t.Fatal(err)
	}
	ready, err := svc.Readiness(ctx, u)
	if err != nil || len(ready) != 1 || ready[0].Answers != 1 || ready[0].Performance != 70 {
		t.Fatalf("readiness %+v %v", ready, err)
	}
}

func TestCohortSort(t *testing.T) {
	svc, clk := mustCoachingService(t)
	ctx := context.Background()
	c := mustUser(t, svc, coach.KindCoach, "Coach")
	t0 := clk.t
	// Ann practised the HR round well, long ago; Ben badly, recently;
	// Cal never, with an overdue drill.
	type client struct {
		name  string
		score int
		at    time.Duration
	}
	ids := map[string]coach.Identity{}
	for _, cl := range []client{{"ann", 90, 0}, {"ben", 30, 48 * time.Hour}, {"cal", -1, 0}} {
		u := mustUser(t, svc, coach.KindSeeker, cl.name)
		ids[cl.name] = u
		mustLinked(t, svc, c, u)
		if cl.score < 0 {
			continue
		}
		sess, err := svc.StartSession(ctx, u, coach.StartInput{Role: "sales", Track: coach.TrackHR, Count: 1})
		if err != nil {
			t.Fatal(err)
		}
		a := coach.Answer{ID: coach.NewOwnedID(u.UserID), SessionID: sess.ID, UserID: u.UserID, QuestionID: sess.Questions[0].ID, Text: "x",
			Evaluation: &coach.Evaluation{Overall: cl.score}, CreatedAt: t0.Add(cl.at)}
		err = svc.Store.SaveScoredAnswer(ctx, a, coach.ReadinessKey("sales", coach.TrackHR), func(st *coach.ReadinessState) {
			st.Role, st.Track = "sales", coach.TrackHR
			st.Add(sess.Questions[0], cl.score, nil, a.CreatedAt, nil)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	due := t0.Add(time.Hour)
	if _, err := svc.CreateAssignments(ctx, c, coach.AssignInput{ClientIDs: []string{ids["cal"].UserID}, Role: "sales", Track: coach.TrackHR, Due: &due}); err != nil {
		t.Fatal(err)
	}
	clk.t = t0.Add(72 * time.Hour)
	for _, tc := range []struct {
		sort string
		desc bool
		want string
	}{
		{"name", false, "ann ben cal"},
		{"name", true, "cal ben ann"},
		{"hr", false, "cal ben ann"}, // never practised first, then lowest
		{"hr", true, "ann ben cal"},
		{"last", false, "cal ann ben"}, // longest idle first
		{"overdue", false, "cal ann ben"},
	} {
		rows, err := svc.Cohort(ctx, c, tc.sort, tc.desc)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rows {
			got = append(got, r.Client.Name)
		}
		if g := strings.Join(got, " "); g != tc.want {
			t.Errorf("sort %s desc=%v: %s, want %s", tc.sort, tc.desc, g, tc.want)
		}
	}
}

package coach

import (
	"context"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// AssignInput is a drill a coach sets for one client or a group.
type AssignInput struct {
	ClientIDs   []string
	Role        string
	Track       Track
	Seniority   Seniority
	Count       int
	QuestionIDs []string
	Due         *time.Time
	Note        string
}

// CreateAssignments sets a drill for each client and notifies them.
// EForbidden (not a coach), ENotFound (not a current client), EInvalid.
func (s *Service) CreateAssignments(ctx context.Context, id Identity, in AssignInput) ([]Assignment, error) {
	if err := requireKind(id, KindCoach); err != nil {
		return nil, err
	}
	clients := dedupe(in.ClientIDs)
	if len(clients) == 0 {
		return nil, Errorf(EInvalid, "Choose at least one client (client_id or client_ids).")
	}
	if len(clients) > MaxGroupSize {
		return nil, Errorf(EInvalid, "At most %d clients per assignment.", MaxGroupSize)
	}
	role, ok := s.Bank.Role(in.Role)
	if !ok {
		return nil, Errorf(EInvalid, "Unknown role %q; see GET /api/v1/roles.", in.Role)
	}
	if !in.Track.Valid() {
		return nil, Errorf(EInvalid, "Track must be \"hr\" or \"user\".")
	}
	if in.Seniority == "" {
		in.Seniority = SeniorityAny
	}
	if !in.Seniority.Valid() {
		return nil, Errorf(EInvalid, "Seniority must be junior, mid or senior.")
	}
	if in.Count == 0 {
		in.Count = DefaultQuestionCount
	}
	if in.Count < 1 || in.Count > MaxQuestionCount {
		return nil, Errorf(EInvalid, "Count must be between 1 and %d.", MaxQuestionCount)
	}
	if len(in.QuestionIDs) > MaxQuestionCount {
		return nil, Errorf(EInvalid, "At most %d questions per assignment.", MaxQuestionCount)
	}
	in.QuestionIDs = dedupe(in.QuestionIDs)
	if _, err := s.assignedQuestions(ctx, id.UserID, role, in.Track, in.QuestionIDs); err != nil {
		return nil, err
	}
	if len(in.QuestionIDs) == 0 && len(s.Bank.Questions(QuestionFilter{Role: role.ID, Track: in.Track})) == 0 {
		return nil, Errorf(EInvalid, "There are no %s questions for %s yet.", in.Track.Label(), role.Name)
	}
	note, err := cleanText(in.Note, MaxNoteLen, "note")
	if err != nil {
		return nil, err
	}
	now := s.now()
	if in.Due != nil {
		due := in.Due.UTC()
		if !due.After(now) {
			return nil, Errorf(EInvalid, "The due date must be in the future.")
		}
		in.Due = &due
	}
	if err := s.canCoachAll(ctx, id, clients); err != nil {
		return nil, err
	}
	coachName := ""
	if u, err := s.Store.User(ctx, id.UserID); err == nil {
		coachName = u.Name
	}
	out := make([]Assignment, 0, len(clients))
	for _, c := range clients {
		a := Assignment{ID: NewOwnedID(id.UserID), CoachID: id.UserID, ClientID: c, Role: role.ID, Track: in.Track,
			Seniority: in.Seniority, Count: in.Count, QuestionIDs: in.QuestionIDs, Due: in.Due, Note: note, CreatedAt: now}
		if a.QuestionIDs == nil {
			a.QuestionIDs = []string{}
		}
		if len(a.QuestionIDs) > 0 {
			a.Count = len(a.QuestionIDs)
		}
		if err := s.Store.SaveAssignment(ctx, a); err != nil {
			return out, err
		}
		a.Progress = progressOf(a, nil, now)
		out = append(out, a)
		text := coachName + " assigned you a " + in.Track.Label() + " drill for " + role.Name + "."
		if a.Due != nil {
			text += " Due " + a.Due.Format("2 Jan 2006") + "."
		}
		s.notify(ctx, c, Notification{Kind: NoteAssignment, Text: text, Link: "/dashboard#assignments", At: now})
	}
	return out, nil
}

// notify stores a notification; a failure is logged, never fatal, since
// what it announces is already stored.
func (s *Service) notify(ctx context.Context, userID string, n Notification) {
	n.ID = NewID()
	if err := s.Store.Notify(context.WithoutCancel(ctx), userID, n); err != nil {
		s.log().WarnContext(ctx, "notification not stored", "user", userID, "err", err)
	}
}

func dedupe(ids []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range ids {
		v = strings.TrimSpace(v)
		if v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// assignedQuestions resolves question ids for a drill of coachID: bank
// questions and the coach's own, each of the drill's round and role.
func (s *Service) assignedQuestions(ctx context.Context, coachID string, role Role, t Track, ids []string) ([]Question, error) {
	qs := make([]Question, 0, len(ids))
	for _, qid := range ids {
		var q Question
		var err error
		if IDOwner(qid) != "" {
			if IDOwner(qid) != coachID {
				return nil, Errorf(EInvalid, "Unknown question %q.", qid)
			}
			q, err = s.Store.CoachQuestion(ctx, coachID, qid)
		} else {
			q, err = s.Bank.Question(qid)
		}
		if ErrorCode(err) == ENotFound {
			return nil, Errorf(EInvalid, "Unknown question %q.", qid)
		}
		if err != nil {
			return nil, err
		}
		if q.Track != t || (q.Role != role.ID && q.Role != RoleAny) {
			return nil, Errorf(EInvalid, "Question %s is not a %s question for %s.", qid, t.Label(), role.Name)
		}
		qs = append(qs, q)
	}
	return qs, nil
}

// assignmentInput turns an assignment the caller was given into the
// session it starts. ENotFound unless the caller is its client and its
// coach is still the caller's coach.
func (s *Service) assignmentInput(ctx context.Context, id Identity, assignmentID string) (StartInput, error) {
	coachID := IDOwner(assignmentID)
	if err := s.canUseCoachContent(ctx, id, coachID); err != nil || coachID == id.UserID {
		return StartInput{}, Errorf(ENotFound, "Assignment not found.")
	}
	a, err := s.Store.Assignment(ctx, coachID, assignmentID)
	if ErrorCode(err) == ENotFound || (err == nil && a.ClientID != id.UserID) {
		return StartInput{}, Errorf(ENotFound, "Assignment not found.")
	}
	if err != nil {
		return StartInput{}, err
	}
	in := StartInput{Role: a.Role, Track: a.Track, Seniority: a.Seniority, Count: a.Count, AssignmentID: a.ID}
	if len(a.QuestionIDs) > 0 {
		role, ok := s.Bank.Role(a.Role)
		if !ok {
			return StartInput{}, Errorf(EInvalid, "Unknown role %q.", a.Role)
		}
		if in.preset, err = s.assignedQuestions(ctx, coachID, role, a.Track, a.QuestionIDs); err != nil {
			return StartInput{}, err
		}
		in.Count = len(in.preset)
	}
	return in, nil
}

// Assignments lists a coach's assignments for current clients, or a
// seeker's from current coaches, newest first, each with its progress.
func (s *Service) Assignments(ctx context.Context, id Identity) ([]Assignment, error) {
	var list []Assignment
	var err error
	var links []Link
	if id.Kind == KindCoach {
		list, err = s.Store.CoachAssignments(ctx, id.UserID)
		if err == nil {
			links, err = s.Store.Clients(ctx, id.UserID)
		}
	} else {
		list, err = s.Store.ClientAssignments(ctx, id.UserID)
		if err == nil {
			links, err = s.Store.Coaches(ctx, id.UserID)
		}
	}
	if err != nil {
		return nil, err
	}
	return s.assignmentsWith(ctx, id, list, links)
}

// assignmentsWith keeps the assignments whose other side is among the
// caller's current links, with their progress.
func (s *Service) assignmentsWith(ctx context.Context, id Identity, list []Assignment, links []Link) ([]Assignment, error) {
	current := map[string]bool{}
	for _, l := range links {
		current[l.UserID] = true
	}
	kept := list[:0]
	for _, a := range list {
		other := a.ClientID
		if id.Kind != KindCoach {
			other = a.CoachID
		}
		if current[other] {
			kept = append(kept, a)
		}
	}
	return s.withProgress(ctx, kept)
}

func (s *Service) withProgress(ctx context.Context, list []Assignment) ([]Assignment, error) {
	sessions, err := s.Store.AssignmentSessions(ctx, list)
	if err != nil {
		return nil, err
	}
	now := s.now()
	for i := range list {
		list[i].Progress = progressOf(list[i], sessions[i], now)
	}
	if list == nil {
		list = []Assignment{}
	}
	return list, nil
}

// Assignment returns one assignment with its progress, to its coach or
// its client while they are linked. ENotFound.
func (s *Service) Assignment(ctx context.Context, id Identity, assignmentID string) (Assignment, error) {
	coachID := IDOwner(assignmentID)
	if err := s.canUseCoachContent(ctx, id, coachID); err != nil {
		return Assignment{}, Errorf(ENotFound, "Assignment not found.")
	}
	a, err := s.Store.Assignment(ctx, coachID, assignmentID)
	if ErrorCode(err) == ENotFound {
		return Assignment{}, Errorf(ENotFound, "Assignment not found.")
	}
	if err != nil {
		return Assignment{}, err
	}
	if id.UserID == coachID {
		if err := s.canCoach(ctx, id, a.ClientID); err != nil {
			return Assignment{}, Errorf(ENotFound, "Assignment not found.")
		}
	} else if a.ClientID != id.UserID {
		return Assignment{}, Errorf(ENotFound, "Assignment not found.")
	}
	list, err := s.withProgress(ctx, []Assignment{a})
	if err != nil {
		return Assignment{}, err
	}
	return list[0], nil
}

// DeleteAssignment withdraws one of the caller's assignments. ENotFound.
func (s *Service) DeleteAssignment(ctx context.Context, id Identity, assignmentID string) error {
	if err := requireKind(id, KindCoach); err != nil {
		return err
	}
	if IDOwner(assignmentID) != id.UserID {
		return Errorf(ENotFound, "Assignment not found.")
	}
	a, err := s.Store.Assignment(ctx, id.UserID, assignmentID)
	if ErrorCode(err) == ENotFound {
		return Errorf(ENotFound, "Assignment not found.")
	}
	if err != nil {
		return err
	}
	return s.Store.DeleteAssignment(ctx, a)
}

// Limits of a coach's question.
const (
	maxQuestionText = 1000
	maxQuestionItem = 300
	maxQuestionList = 20
)

// SaveCoachQuestion creates (empty ID) or replaces one of the caller's
// questions, validated like the banks' (Question.Validate). EForbidden,
// EInvalid, ENotFound (replacing a question that is not the caller's).
func (s *Service) SaveCoachQuestion(ctx context.Context, id Identity, q Question) (Question, error) {
	if err := requireKind(id, KindCoach); err != nil {
		return Question{}, err
	}
	if q.ID == "" {
		existing, err := s.Store.CoachQuestions(ctx, id.UserID)
		if err != nil {
			return Question{}, err
		}
		if len(existing) >= MaxCoachQuestions {
			return Question{}, Errorf(EInvalid, "You have %d questions, the most a coach can keep.", MaxCoachQuestions)
		}
		q.ID = NewOwnedID(id.UserID)
	} else {
		if IDOwner(q.ID) != id.UserID {
			return Question{}, Errorf(ENotFound, "Question not found.")
		}
		if _, err := s.Store.CoachQuestion(ctx, id.UserID, q.ID); err != nil {
			if ErrorCode(err) == ENotFound {
				return Question{}, Errorf(ENotFound, "Question not found.")
			}
			return Question{}, err
		}
	}
	q.Coach = id.UserID
	if q.Role == "" {
		q.Role = RoleAny
	}
	if q.Seniority == "" {
		q.Seniority = SeniorityAny
	}
	if _, ok := s.Bank.Role(q.Role); !ok && q.Role != RoleAny {
		return Question{}, Errorf(EInvalid, "Unknown role %q; use \"any\" or a role from GET /api/v1/roles.", q.Role)
	}
	q.Text, q.Assesses = strings.TrimSpace(q.Text), strings.TrimSpace(q.Assesses)
	if utf8.RuneCountInString(q.Text) > maxQuestionText || utf8.RuneCountInString(q.Assesses) > maxQuestionText {
		return Question{}, Errorf(ETooLarge, "The question and what it assesses must be at most %d characters each.", maxQuestionText)
	}
	for _, list := range []*[]string{&q.TalkingPoints, &q.RedFlags, &q.FollowUps} {
		if len(*list) > maxQuestionList {
			return Question{}, Errorf(EInvalid, "At most %d items per list.", maxQuestionList)
		}
		for i, v := range *list {
			item, err := cleanText(v, maxQuestionItem, "list item")
			if err != nil {
				return Question{}, err
			}
			(*list)[i] = item
		}
	}
	if q.FollowUps == nil {
		q.FollowUps = []string{}
	}
	if err := q.Validate(); err != nil {
		return Question{}, err
	}
	if err := s.Store.SaveCoachQuestion(ctx, q); err != nil {
		return Question{}, err
	}
	return q, nil
}

// CoachQuestions lists a coach's own questions; a seeker gets those of
// their current coaches.
func (s *Service) CoachQuestions(ctx context.Context, id Identity) ([]Question, error) {
	if id.Kind == KindCoach {
		return s.Store.CoachQuestions(ctx, id.UserID)
	}
	coaches, err := s.Store.Coaches(ctx, id.UserID)
	if err != nil {
		return nil, err
	}
	out := []Question{}
	for _, c := range coaches {
		qs, err := s.Store.CoachQuestions(ctx, c.UserID)
		if err != nil {
			return nil, err
		}
		out = append(out, qs...)
	}
	return out, nil
}

// CoachQuestion returns a coach's question to the coach or a current
// client. ENotFound.
func (s *Service) CoachQuestion(ctx context.Context, id Identity, qid string) (Question, error) {
	coachID := IDOwner(qid)
	if err := s.canUseCoachContent(ctx, id, coachID); err != nil {
		return Question{}, Errorf(ENotFound, "Question not found.")
	}
	q, err := s.Store.CoachQuestion(ctx, coachID, qid)
	if ErrorCode(err) == ENotFound {
		return Question{}, Errorf(ENotFound, "Question not found.")
	}
	return q, err
}

// DeleteCoachQuestion removes one of the caller's questions. Sessions
// that asked it keep their copy. EForbidden, ENotFound.
func (s *Service) DeleteCoachQuestion(ctx context.Context, id Identity, qid string) error {
	if err := requireKind(id, KindCoach); err != nil {
		return err
	}
	if IDOwner(qid) != id.UserID {
		return Errorf(ENotFound, "Question not found.")
	}
	err := s.Store.DeleteCoachQuestion(ctx, id.UserID, qid)
	if ErrorCode(err) == ENotFound {
		return Errorf(ENotFound, "Question not found.")
	}
	return err
}

// scoringGrace is how long an answer without an evaluation is taken to be
// still with the scorer; after it, the scorer failed and a coach may
// review the answer as it is.
const scoringGrace = 5 * time.Minute

// ReviewInput is a coach's review of an answer.
type ReviewInput struct {
	Comment string
	Score   *int
}

// ReviewAnswer stores a coach's review beside the answer's evaluation and
// notifies the client. A score replaces the AI's in the client's readiness
// (ReadinessState.Override); a later review replaces an earlier one.
// EForbidden, ENotFound (not a current client's answer), EInvalid.
func (s *Service) ReviewAnswer(ctx context.Context, id Identity, answerID string, in ReviewInput) (Answer, error) {
	if err := requireKind(id, KindCoach); err != nil {
		return Answer{}, err
	}
	comment, err := cleanText(in.Comment, MaxReviewLen, "comment")
	if err != nil {
		return Answer{}, err
	}
	if comment == "" {
		return Answer{}, Errorf(EInvalid, "Write a comment for your client.")
	}
	if in.Score != nil && (*in.Score < 0 || *in.Score > 100) {
		return Answer{}, Errorf(EInvalid, "score must be between 0 and 100.")
	}
	owner := IDOwner(answerID)
	if err := s.canCoach(ctx, id, owner); err != nil {
		return Answer{}, Errorf(ENotFound, "Answer not found.")
	}
	found, err := s.Store.AnswersInSessions(ctx, []string{answerID})
	if err != nil {
		return Answer{}, err
	}
	if len(found) == 0 {
		return Answer{}, Errorf(ENotFound, "Answer not found.")
	}
	a, sess, q := found[0].Answer, found[0].Session, found[0].Question
	if a.Evaluation == nil && s.now().Sub(a.CreatedAt) < scoringGrace {
		// Scoring stores the answer again with its evaluation; a review
		// written in between would be overwritten.
		return Answer{}, Errorf(EConflict, "This answer is still being scored; try again in a minute.")
	}
	me, err := s.Store.User(ctx, id.UserID)
	if err != nil {
		return Answer{}, err
	}
	now := s.now()
	cats := s.roundCategories(sess.Role, sess.Track)
	apply := func(a *Answer, st *ReadinessState) error {
		from, hadFrom := effectiveScore(a)
		a.Review = &Review{CoachID: id.UserID, CoachName: me.Name, Comment: comment, Score: in.Score, CreatedAt: now}
		to, hasTo := effectiveScore(a)
		switch {
		case hadFrom && hasTo:
			st.Override(q, a.CreatedAt, from, to)
		case hasTo:
			st.Role, st.Track = sess.Role, sess.Track
			st.Add(q, to, nil, a.CreatedAt, cats)
		}
		return nil
	}
	out, err := s.Store.SaveReview(ctx, owner, a.SessionID, answerID, ReadinessKey(sess.Role, sess.Track), apply)
	if err != nil {
		return Answer{}, err
	}
	if err := s.Store.IndexReview(context.WithoutCancel(ctx), id.UserID, answerID, now); err != nil {
		s.log().WarnContext(ctx, "review not indexed for the coach", "answer", answerID, "err", err)
	}
	s.notify(ctx, owner, Notification{Kind: NoteReview, Text: me.Name + " reviewed your answer to “" + Shorten(q.Text, 80) + "”.",
		Link: "/practice/" + a.SessionID + "/answers/" + answerID, At: now})
	return out, nil
}

// effectiveScore is the score readiness uses for an answer: the coach's
// when the review has one, else the evaluation's.
func effectiveScore(a *Answer) (int, bool) {
	if a.Review != nil && a.Review.Score != nil {
		return *a.Review.Score, true
	}
	if a.Evaluation != nil {
		return a.Evaluation.Overall, true
	}
	return 0, false
}

// Shorten cuts s to at most n runes, at the last space of its second half
// when there is one, and marks the cut with an ellipsis: how advice,
// notifications and the LLM's lists quote text that can be long.
func Shorten(s string, n int) string {
	s = strings.TrimSpace(s)
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n-1])
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = strings.TrimRight(cut[:i], " ,;:.")
	}
	return strings.TrimSpace(cut) + "…"
}

// Answer returns one answer with its session to its owner or a current
// coach of the owner. ENotFound.
func (s *Service) Answer(ctx context.Context, id Identity, answerID string) (AnswerInSession, error) {
	owner := IDOwner(answerID)
	if err := s.canReadUser(ctx, id, owner); err != nil {
		return AnswerInSession{}, Errorf(ENotFound, "Answer not found.")
	}
	got, err := s.Store.AnswersInSessions(ctx, []string{answerID})
	if err != nil {
		return AnswerInSession{}, err
	}
	if len(got) == 0 {
		return AnswerInSession{}, Errorf(ENotFound, "Answer not found.")
	}
	return got[0], nil
}

// DefaultQueueSize is how many answers the review queue lists.
const DefaultQueueSize = 50

// ReviewQueue lists answers of the calling coach's current clients,
// newest first: those without a review, or (reviewed) those the coach
// reviewed, newest review first. EForbidden.
//
// The "to review" list reads a few of each client's newest answer ids in
// one pipeline, merges them, and loads answers in batches until it has
// limit unreviewed ones. A client whose fetched ids run out before the
// walk is done is read further (four times as many) and the walk redone,
// so the result is exact however the answers are spread across clients.
func (s *Service) ReviewQueue(ctx context.Context, id Identity, reviewed bool, limit int) ([]QueueItem, error) {
	clients, err := s.Clients(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.reviewQueue(ctx, id, clients, reviewed, limit)
}

// reviewQueue is ReviewQueue over the coach's current clients, read once
// by the caller.
func (s *Service) reviewQueue(ctx context.Context, id Identity, clients []Link, reviewed bool, limit int) ([]QueueItem, error) {
	if limit <= 0 || limit > 200 {
		limit = DefaultQueueSize
	}
	byID := make(map[string]Link, len(clients))
	for _, c := range clients {
		byID[c.UserID] = c
	}
	q := queueWalk{s: s, limit: limit, reviewed: reviewed, byID: byID, loaded: map[string]*AnswerInSession{}}
	if reviewed {
		return q.reviewedByCoach(ctx, id.UserID)
	}
	return q.toReview(ctx, clients)
}

type queueWalk struct {
	s        *Service
	limit    int
	reviewed bool
	byID     map[string]Link
	loaded   map[string]*AnswerInSession // nil value: looked up, not found
}

// collect walks refs in order, loading those not yet loaded in batches,
// and returns the first limit items of the wanted kind.
func (q *queueWalk) collect(ctx context.Context, refs []AnswerRef) ([]QueueItem, error) {
	out := []QueueItem{}
	for i := 0; i < len(refs) && len(out) < q.limit; i++ {
		if _, ok := q.loaded[refs[i].ID]; !ok {
			want := q.limit - len(out)
			var batch []string
			for j := i; j < len(refs) && len(batch) < want; j++ {
				if _, ok := q.loaded[refs[j].ID]; !ok {
					batch = append(batch, refs[j].ID)
				}
			}
			got, err := q.s.Store.AnswersInSessions(ctx, batch)
			if err != nil {
				return nil, err
			}
			for _, id := range batch {
				q.loaded[id] = nil
			}
			for k := range got {
				q.loaded[got[k].Answer.ID] = &got[k]
			}
		}
		g := q.loaded[refs[i].ID]
		if g == nil || (g.Answer.Review != nil) != q.reviewed {
			continue
		}
		out = append(out, QueueItem{Answer: g.Answer, Client: q.byID[g.Answer.UserID], Session: g.Session, Question: g.Question, Reviewed: g.Answer.Review != nil})
	}
	return out, nil
}

func (q *queueWalk) toReview(ctx context.Context, clients []Link) ([]QueueItem, error) {
	if len(clients) == 0 {
		return []QueueItem{}, nil
	}
	ids := make([]string, len(clients))
	for i, c := range clients {
		ids[i] = c.UserID
	}
	per := make([]int, len(ids))
	for i := range per {
		per[i] = max(4, 2*q.limit/len(ids)+1)
	}
	lists, err := q.s.Store.RecentAnswers(ctx, ids, per[0])
	if err != nil {
		return nil, err
	}
	index := make(map[string]int, len(ids))
	for i, id := range ids {
		index[id] = i
	}
	for {
		var refs []AnswerRef
		for _, l := range lists {
			refs = append(refs, l...)
		}
		sort.Slice(refs, func(i, j int) bool {
			if !refs[i].At.Equal(refs[j].At) {
				return refs[i].At.After(refs[j].At)
			}
			return refs[i].ID > refs[j].ID
		})
		// The walk may not pass the oldest fetched id of a client that
		// may have older ones.
		cut, short := len(refs), -1
		for i, r := range refs {
			c := index[IDOwner(r.ID)]
			l := lists[c]
			if len(l) == per[c] && l[len(l)-1].ID == r.ID {
				cut, short = i, c
				break
			}
		}
		out, err := q.collect(ctx, refs[:cut])
		if err != nil || len(out) == q.limit || short < 0 {
			return out, err
		}
		per[short] *= 4
		more, err := q.s.Store.RecentAnswers(ctx, ids[short:short+1], per[short])
		if err != nil {
			return nil, err
		}
		lists[short] = more[0]
	}
}

// reviewedByCoach reads the coach's reviews a page at a time, skipping
// those of former clients, until it has limit items.
func (q *queueWalk) reviewedByCoach(ctx context.Context, coachID string) ([]QueueItem, error) {
	page := 4 * q.limit
	var refs []AnswerRef
	for start := 0; ; start += page {
		got, err := q.s.Store.ReviewedAnswers(ctx, coachID, start, page)
		if err != nil {
			return nil, err
		}
		for _, r := range got {
			if _, ok := q.byID[IDOwner(r.ID)]; ok {
				refs = append(refs, r)
			}
		}
		if len(refs) >= q.limit || len(got) < page {
			break
		}
	}
	return q.collect(ctx, refs)
}

// Cohort sort keys.
var CohortSorts = []string{"name", "hr", "user", "last", "overdue"}

// Cohort is the calling coach's dashboard: each current client's readiness
// per round, last practice and overdue assignments, sorted by sortBy
// (name; hr or user: lowest readiness first; last: longest idle first;
// overdue: most first). desc reverses the order. Reads are pipelined: a
// handful of round trips whatever the number of clients. EForbidden.
func (s *Service) Cohort(ctx context.Context, id Identity, sortBy string, desc bool) ([]CohortRow, error) {
	clients, err := s.Clients(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.cohort(ctx, id, clients, sortBy, desc)
}

// CoachOverview is the coach's home: the cohort table and the first page
// of answers to review, with the client list read once for both.
// EForbidden for a seeker.
func (s *Service) CoachOverview(ctx context.Context, id Identity, sortBy string, desc bool) ([]CohortRow, []QueueItem, error) {
	clients, err := s.Clients(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	rows, err := s.cohort(ctx, id, clients, sortBy, desc)
	if err != nil {
		return nil, nil, err
	}
	queue, err := s.reviewQueue(ctx, id, clients, false, 0)
	return rows, queue, err
}

// cohort is Cohort over the coach's current clients, read once by the
// caller.
func (s *Service) cohort(ctx context.Context, id Identity, clients []Link, sortBy string, desc bool) ([]CohortRow, error) {
	ids := make([]string, len(clients))
	for i, c := range clients {
		ids[i] = c.UserID
	}
	states, err := s.Store.ReadinessSummariesOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	list, err := s.Store.CoachAssignments(ctx, id.UserID)
	if err != nil {
		return nil, err
	}
	assignments, err := s.assignmentsWith(ctx, id, list, clients)
	if err != nil {
		return nil, err
	}
	now := s.now()
	rows := make([]CohortRow, len(clients))
	index := make(map[string]int, len(clients))
	cats := map[string][]string{}
	for i, c := range clients {
		index[c.UserID] = i
		row := CohortRow{Client: c, Rounds: map[Track]Readiness{}}
		latest := map[Track]*ReadinessState{}
		for j := range states[i] {
			st := &states[i][j]
			if cur := latest[st.Track]; cur == nil || st.Last.After(cur.Last) {
				latest[st.Track] = st
			}
			if row.LastPractice == nil || st.Last.After(*row.LastPractice) {
				last := st.Last
				row.LastPractice = &last
			}
		}
		for t, st := range latest {
			key := ReadinessKey(st.Role, t)
			if _, ok := cats[key]; !ok {
				cats[key] = s.roundCategories(st.Role, t)
			}
			r := st.Readiness(cats[key], now, s.questionTitle)
			r.Trend = nil
			row.Rounds[t] = r
		}
		rows[i] = row
	}
	for _, a := range assignments {
		i, ok := index[a.ClientID]
		if !ok {
			continue
		}
		switch a.Progress.Status {
		case ProgressOverdue:
			rows[i].Overdue++
			rows[i].Open++
		case ProgressNotStarted, ProgressInProgress:
			rows[i].Open++
		}
	}
	sortCohort(rows, sortBy, desc)
	return rows, nil
}

func sortCohort(rows []CohortRow, by string, desc bool) {
	score := func(r CohortRow, t Track) int {
		if rd, ok := r.Rounds[t]; ok {
			return rd.Score
		}
		return -1
	}
	less := func(a, b CohortRow) int {
		switch by {
		case "hr", "user":
			return score(a, Track(by)) - score(b, Track(by))
		case "last":
			var ta, tb time.Time
			if a.LastPractice != nil {
				ta = *a.LastPractice
			}
			if b.LastPractice != nil {
				tb = *b.LastPractice
			}
			return ta.Compare(tb)
		case "overdue":
			return b.Overdue - a.Overdue
		}
		return strings.Compare(strings.ToLower(a.Client.Name), strings.ToLower(b.Client.Name))
	}
	sort.SliceStable(rows, func(i, j int) bool {
		c := less(rows[i], rows[j])
		if desc {
			c = -c
		}
		if c != 0 {
			return c < 0
		}
		if n := strings.Compare(strings.ToLower(rows[i].Client.Name), strings.ToLower(rows[j].Client.Name)); n != 0 {
			return n < 0
		}
		return rows[i].Client.UserID < rows[j].Client.UserID
	})
}

// Notifications returns the caller's notifications, newest first.
func (s *Service) Notifications(ctx context.Context, id Identity) ([]Notification, error) {
	return s.Store.Notifications(ctx, id.UserID)
}

// MarkNotificationsRead marks the caller's notifications as read.
func (s *Service) MarkNotificationsRead(ctx context.Context, id Identity) error {
	return s.Store.MarkNotificationsRead(ctx, id.UserID, s.now())
}

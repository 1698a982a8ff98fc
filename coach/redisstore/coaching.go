package redisstore

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/interviewcoach/coach/coach"
	"github.com/redis/go-redis/v9"
)

// Coaching data; the keys and the order of two-slot writes are in keys.go.

const maxNotifications = 50

func ms(t time.Time) float64 { return float64(t.UnixMilli()) }

func fromMS(v float64) time.Time { return time.UnixMilli(int64(v)).UTC() }

// CreateInvite stores the invite and indexes it for its coach. The two
// keys are in different slots, so they go in one pipeline, not a
// transaction; an index entry without its invite is dropped when listed.
func (s *Store) CreateInvite(ctx context.Context, inv coach.Invite) error {
	ttl := inv.ExpiresAt.Sub(inv.CreatedAt) + 24*time.Hour
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, inviteKey(inv.Code), "coach", inv.CoachID, "uses", inv.Uses, "uses_left", inv.UsesLeft,
			"expires", inv.ExpiresAt.UnixMilli(), "created", inv.CreatedAt.UnixMilli())
		p.PExpire(ctx, inviteKey(inv.Code), ttl)
		p.ZAdd(ctx, invitesKey(inv.CoachID), redis.Z{Score: ms(inv.ExpiresAt), Member: inv.Code})
		return nil
	})
	return wrap(err, "create invite")
}

func decodeInvite(code string, f map[string]string) (coach.Invite, error) {
	if len(f) == 0 {
		return coach.Invite{}, coach.Errorf(coach.ENotFound, "Invite not found.")
	}
	uses, err1 := strconv.Atoi(f["uses"])
	left, err2 := strconv.Atoi(f["uses_left"])
	exp, err3 := strconv.ParseInt(f["expires"], 10, 64)
	created, err4 := strconv.ParseInt(f["created"], 10, 64)
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		return coach.Invite{}, fmt.Errorf("redisstore: decode invite: %w", err)
	}
	return coach.Invite{Code: code, CoachID: f["coach"], Uses: uses, UsesLeft: max(left, 0),
		ExpiresAt: time.UnixMilli(exp).UTC(), CreatedAt: time.UnixMilli(created).UTC(), Link: coach.InviteLink(code)}, nil
}

// Invite returns an invite without using it.
func (s *Store) Invite(ctx context.Context, code string) (coach.Invite, error) {
	f, err := s.rdb.HGetAll(ctx, inviteKey(code)).Result()
	if err != nil {
		return coach.Invite{}, wrap(err, "get invite")
	}
	return decodeInvite(code, f)
}

// Invites lists a coach's unexpired invites, newest first, dropping
// expired ones from the index on the way.
func (s *Store) Invites(ctx context.Context, coachID string, now time.Time) ([]coach.Invite, error) {
	if err := s.rdb.ZRemRangeByScore(ctx, invitesKey(coachID), "-inf", strconv.FormatInt(now.UnixMilli(), 10)).Err(); err != nil {
		return nil, wrap(err, "expire invites")
	}
	codes, err := s.rdb.ZRevRange(ctx, invitesKey(coachID), 0, 99).Result()
	if err != nil {
		return nil, wrap(err, "list invites")
	}
	cmds := make([]*redis.MapStringStringCmd, len(codes))
	if _, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, c := range codes {
			cmds[i] = p.HGetAll(ctx, inviteKey(c))
		}
		return nil
	}); err != nil {
		return nil, wrap(err, "get invites")
	}
	out := []coach.Invite{}
	for i, cmd := range cmds {
		inv, err := decodeInvite(codes[i], cmd.Val())
		if coach.ErrorCode(err) == coach.ENotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, inv)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].CreatedAt.After(out[j].CreatedAt) })
	return out, nil
}

// claimScript uses one use of an invite if it exists, has not expired at
// ARGV[1] (ms) and has uses left: 1 claimed, -1 unknown, -2 expired, -3 used up.
var claimScript = redis.NewScript(`
local left = redis.call('HGET', KEYS[1], 'uses_left')
if not left then return -1 end
if tonumber(redis.call('HGET', KEYS[1], 'expires')) <= tonumber(ARGV[1]) then return -2 end
if tonumber(left) <= 0 then return -3 end
redis.call('HINCRBY', KEYS[1], 'uses_left', -1)
return 1
`)

// ClaimInvite uses one use of an invite atomically (a Lua script on one key).
func (s *Store) ClaimInvite(ctx context.Context, code string, now time.Time) (coach.Invite, error) {
	res, err := claimScript.Run(ctx, s.rdb, []string{inviteKey(code)}, now.UnixMilli()).Int()
	if err != nil {
		return coach.Invite{}, wrap(err, "claim invite")
	}
	switch res {
	case -1:
		return coach.Invite{}, coach.Errorf(coach.ENotFound, "This invite does not exist. Ask your coach for a new link.")
	case -2:
		return coach.Invite{}, coach.Errorf(coach.EConflict, "This invite has expired. Ask your coach for a new link.")
	case -3:
		return coach.Invite{}, coach.Errorf(coach.EConflict, "This invite has been used. Ask your coach for a new link.")
	}
	return s.Invite(ctx, code)
}

// DeleteInvite withdraws a coach's invite.
func (s *Store) DeleteInvite(ctx context.Context, coachID, code string) error {
	inv, err := s.Invite(ctx, code)
	if err != nil {
		return err
	}
	if inv.CoachID != coachID {
		return coach.Errorf(coach.ENotFound, "Invite not found.")
	}
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.Del(ctx, inviteKey(code))
		p.ZRem(ctx, invitesKey(coachID), code)
		return nil
	})
	return wrap(err, "delete invite")
}

// LinkClient writes the coach's listing, then the client's grant.
func (s *Store) LinkClient(ctx context.Context, coachID, clientID string, at time.Time) error {
	if err := s.rdb.ZAdd(ctx, clientsKey(coachID), redis.Z{Score: ms(at), Member: clientID}).Err(); err != nil {
		return wrap(err, "link: listing")
	}
	return wrap(s.rdb.ZAdd(ctx, coachesKey(clientID), redis.Z{Score: ms(at), Member: coachID}).Err(), "link: grant")
}

// UnlinkClient removes the client's grant first (access ends there), then
// the coach's listing.
func (s *Store) UnlinkClient(ctx context.Context, coachID, clientID string) error {
	ctx = context.WithoutCancel(ctx)
	if err := s.rdb.ZRem(ctx, coachesKey(clientID), coachID).Err(); err != nil {
		return wrap(err, "unlink: grant")
	}
	return wrap(s.rdb.ZRem(ctx, clientsKey(coachID), clientID).Err(), "unlink: listing")
}

// IsCoachOf reads the client's grant.
func (s *Store) IsCoachOf(ctx context.Context, coachID, clientID string) (bool, error) {
	err := s.rdb.ZScore(ctx, coachesKey(clientID), coachID).Err()
	if errors.Is(err, redis.Nil) {
		return false, nil
	}
	if err != nil {
		return false, wrap(err, "check link")
	}
	return true, nil
}

func (s *Store) links(ctx context.Context, key string) ([]coach.Link, error) {
	zs, err := s.rdb.ZRangeWithScores(ctx, key, 0, -1).Result()
	if err != nil {
		return nil, wrap(err, "list links")
	}
	out := make([]coach.Link, len(zs))
	for i, z := range zs {
		out[i] = coach.Link{UserID: z.Member.(string), Since: fromMS(z.Score)}
	}
	return out, nil
}

// Clients returns the coach's listing filtered through the clients'
// grants (one pipelined round trip), so a half-written link never shows.
func (s *Store) Clients(ctx context.Context, coachID string) ([]coach.Link, error) {
	listed, err := s.links(ctx, clientsKey(coachID))
	if err != nil || len(listed) == 0 {
		return listed, err
	}
	cmds := make([]*redis.FloatCmd, len(listed))
	if _, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, l := range listed {
			cmds[i] = p.ZScore(ctx, coachesKey(l.UserID), coachID)
		}
		return nil
	}); err != nil && !errors.Is(err, redis.Nil) {
		return nil, wrap(err, "check links")
	}
	out := listed[:0]
	for i, l := range listed {
		if cmds[i].Err() == nil {
			out = append(out, l)
		}
	}
	return out, nil
}

// Coaches returns the client's grants.
func (s *Store) Coaches(ctx context.Context, clientID string) ([]coach.Link, error) {
	return s.links(ctx, coachesKey(clientID))
}

// Users reads many users in one pipelined round trip.
func (s *Store) Users(ctx context.Context, ids []string) ([]coach.User, error) {
	out := make([]coach.User, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	cmds := make([]*redis.StringCmd, len(ids))
	if _, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			cmds[i] = p.Get(ctx, userKey(id))
		}
		return nil
	}); err != nil && !errors.Is(err, redis.Nil) {
		return nil, wrap(err, "get users")
	}
	for i, cmd := range cmds {
		data, err := cmd.Bytes()
		if err != nil {
			continue
		}
		var rec userRecord
		if err := decode(data, &rec, "user "+ids[i]); err != nil {
			return nil, err
		}
		out[i] = rec.User
	}
	return out, nil
}

// SaveAssignment writes the assignment in the coach's slot, then its id
// in the client's.
func (s *Store) SaveAssignment(ctx context.Context, a coach.Assignment) error {
	a.Progress = coach.AssignmentProgress{}
	data, err := json.Marshal(a)
	if err != nil {
		return err
	}
	if err := s.rdb.HSet(ctx, assignmentsKey(a.CoachID), a.ID, data).Err(); err != nil {
		return wrap(err, "save assignment")
	}
	return wrap(s.rdb.ZAdd(ctx, assignedKey(a.ClientID), redis.Z{Score: ms(a.CreatedAt), Member: a.ID}).Err(), "index assignment")
}

// Assignment returns one of a coach's assignments.
func (s *Store) Assignment(ctx context.Context, coachID, id string) (coach.Assignment, error) {
	var a coach.Assignment
	data, err := s.rdb.HGet(ctx, assignmentsKey(coachID), id).Bytes()
	if err != nil {
		return a, wrap(err, "get assignment")
	}
	return a, decode(data, &a, "assignment "+id)
}

func sortAssignments(list []coach.Assignment) {
	sort.Slice(list, func(i, j int) bool {
		if !list[i].CreatedAt.Equal(list[j].CreatedAt) {
			return list[i].CreatedAt.After(list[j].CreatedAt)
		}
		return list[i].ID > list[j].ID
	})
}

// CoachAssignments returns a coach's assignments in one read.
func (s *Store) CoachAssignments(ctx context.Context, coachID string) ([]coach.Assignment, error) {
	all, err := s.rdb.HGetAll(ctx, assignmentsKey(coachID)).Result()
	if err != nil {
		return nil, wrap(err, "list assignments")
	}
	out := make([]coach.Assignment, 0, len(all))
	for id, v := range all {
		var a coach.Assignment
		if err := decode([]byte(v), &a, "assignment "+id); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	sortAssignments(out)
	return out, nil
}

// ClientAssignments reads the client's index, then the assignments from
// their coaches' slots in one pipeline.
func (s *Store) ClientAssignments(ctx context.Context, clientID string) ([]coach.Assignment, error) {
	ids, err := s.rdb.ZRevRange(ctx, assignedKey(clientID), 0, 499).Result()
	if err != nil {
		return nil, wrap(err, "list assigned")
	}
	cmds := make([]*redis.StringCmd, len(ids))
	if _, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			cmds[i] = p.HGet(ctx, assignmentsKey(coach.IDOwner(id)), id)
		}
		return nil
	}); err != nil && !errors.Is(err, redis.Nil) {
		return nil, wrap(err, "get assigned")
	}
	out := make([]coach.Assignment, 0, len(ids))
	for i, cmd := range cmds {
		data, err := cmd.Bytes()
		if err != nil {
			continue // withdrawn by the coach
		}
		var a coach.Assignment
		if err := decode(data, &a, "assignment "+ids[i]); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	sortAssignments(out)
	return out, nil
}

// DeleteAssignment removes an assignment and its client-side index.
func (s *Store) DeleteAssignment(ctx context.Context, a coach.Assignment) error {
	n, err := s.rdb.HDel(ctx, assignmentsKey(a.CoachID), a.ID).Result()
	if err != nil {
		return wrap(err, "delete assignment")
	}
	if n == 0 {
		return coach.Errorf(coach.ENotFound, "Assignment not found.")
	}
	_, err = s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.ZRem(ctx, assignedKey(a.ClientID), a.ID)
		p.HDel(ctx, assignmentSessionsKey(a.ClientID), a.ID)
		return nil
	})
	return wrap(err, "unindex assignment")
}

// SetAssignmentSession records the session started for an assignment.
func (s *Store) SetAssignmentSession(ctx context.Context, clientID, assignmentID, sessionID string) error {
	return wrap(s.rdb.HSet(ctx, assignmentSessionsKey(clientID), assignmentID, sessionID).Err(), "link assignment session")
}

// AssignmentSessions finds each assignment's session in two pipelined
// round trips.
func (s *Store) AssignmentSessions(ctx context.Context, as []coach.Assignment) ([]*coach.Session, error) {
	out := make([]*coach.Session, len(as))
	if len(as) == 0 {
		return out, nil
	}
	idCmds := make([]*redis.StringCmd, len(as))
	if _, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, a := range as {
			idCmds[i] = p.HGet(ctx, assignmentSessionsKey(a.ClientID), a.ID)
		}
		return nil
	}); err != nil && !errors.Is(err, redis.Nil) {
		return nil, wrap(err, "find assignment sessions")
	}
	cmds := make([]*redis.MapStringStringCmd, len(as))
	if _, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, a := range as {
			if sid, err := idCmds[i].Result(); err == nil {
				cmds[i] = p.HGetAll(ctx, sessionKey(a.ClientID, sid))
			}
		}
		return nil
	}); err != nil {
		return nil, wrap(err, "get assignment sessions")
	}
	for i, cmd := range cmds {
		if cmd == nil {
			continue
		}
		sess, err := decodeSession(idCmds[i].Val(), cmd.Val())
		if coach.ErrorCode(err) == coach.ENotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		out[i] = &sess
	}
	return out, nil
}

// SaveCoachQuestion creates or replaces a coach's question.
func (s *Store) SaveCoachQuestion(ctx context.Context, q coach.Question) error {
	data, err := json.Marshal(q)
	if err != nil {
		return err
	}
	return wrap(s.rdb.HSet(ctx, coachQuestionsKey(q.Coach), q.ID, data).Err(), "save question")
}

// CoachQuestion returns a coach's question.
func (s *Store) CoachQuestion(ctx context.Context, coachID, id string) (coach.Question, error) {
	var q coach.Question
	data, err := s.rdb.HGet(ctx, coachQuestionsKey(coachID), id).Bytes()
	if err != nil {
		return q, wrap(err, "get question")
	}
	return q, decode(data, &q, "question "+id)
}

// CoachQuestions returns a coach's questions ordered by id.
func (s *Store) CoachQuestions(ctx context.Context, coachID string) ([]coach.Question, error) {
	all, err := s.rdb.HGetAll(ctx, coachQuestionsKey(coachID)).Result()
	if err != nil {
		return nil, wrap(err, "list questions")
	}
	out := make([]coach.Question, 0, len(all))
	for id, v := range all {
		var q coach.Question
		if err := decode([]byte(v), &q, "question "+id); err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// DeleteCoachQuestion removes a coach's question.
func (s *Store) DeleteCoachQuestion(ctx context.Context, coachID, id string) error {
	n, err := s.rdb.HDel(ctx, coachQuestionsKey(coachID), id).Result()
	if err != nil {
		return wrap(err, "delete question")
	}
	if n == 0 {
		return coach.Errorf(coach.ENotFound, "Question not found.")
	}
	return nil
}

// SaveReview updates the answer and the readiness state in the client's
// slot in one transaction, watching both so that a concurrent answer or
// review makes it retry rather than lose an update.
func (s *Store) SaveReview(ctx context.Context, userID, sessionID, answerID, key string, apply func(*coach.Answer, *coach.ReadinessState) error) (coach.Answer, error) {
	skey, rkey := sessionKey(userID, sessionID), readinessKey(userID)
	var out coach.Answer
	txf := func(tx *redis.Tx) error {
		raw, err := tx.HGet(ctx, skey, fieldAnswerPrefix+answerID).Bytes()
		if errors.Is(err, redis.Nil) {
			return coach.Errorf(coach.ENotFound, "Answer not found.")
		}
		if err != nil {
			return err
		}
		var a coach.Answer
		if err := decode(raw, &a, "answer "+answerID); err != nil {
			return err
		}
		var st coach.ReadinessState
		rawState, err := tx.HGet(ctx, rkey, key).Result()
		if err != nil && !errors.Is(err, redis.Nil) {
			return err
		}
		hadState := err == nil
		if hadState {
			if st, err = decodeReadiness(rawState, "readiness "+key); err != nil {
				return err
			}
		}
		if err := apply(&a, &st); err != nil {
			return err
		}
		data, err := json.Marshal(a)
		if err != nil {
			return err
		}
		stateData, err := encodeReadiness(&st)
		if err != nil {
			return err
		}
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.HSet(ctx, skey, fieldAnswerPrefix+answerID, data)
			if hadState || st.Overall.N > 0 {
				p.HSet(ctx, rkey, key, stateData)
			}
			return nil
		})
		out = a
		return err
	}
	// The memo of the state SaveScoredAnswer last wrote is now stale.
	defer s.states.forget(memoKey(userID, key))
	var err error
	for attempt := 0; attempt < 10; attempt++ {
		err = s.rdb.Watch(ctx, txf, skey, rkey)
		if !errors.Is(err, redis.TxFailedErr) {
			if coach.ErrorCode(err) == coach.ENotFound {
				return out, err
			}
			return out, wrap(err, "save review of %s", answerID)
		}
	}
	return out, wrap(fmt.Errorf("too much contention: %w", err), "save review of %s", answerID)
}

// IndexReview records the review in the coach's slot.
func (s *Store) IndexReview(ctx context.Context, coachID, answerID string, at time.Time) error {
	return wrap(s.rdb.ZAdd(ctx, reviewedKey(coachID), redis.Z{Score: ms(at), Member: answerID}).Err(), "index review")
}

func refs(zs []redis.Z) []coach.AnswerRef {
	out := make([]coach.AnswerRef, len(zs))
	for i, z := range zs {
		out[i] = coach.AnswerRef{ID: z.Member.(string), At: fromMS(z.Score)}
	}
	return out
}

// ReviewedAnswers returns a page of the coach's reviewed answers, newest
// review first.
func (s *Store) ReviewedAnswers(ctx context.Context, coachID string, start, n int) ([]coach.AnswerRef, error) {
	zs, err := s.rdb.ZRevRangeWithScores(ctx, reviewedKey(coachID), int64(start), int64(start+n-1)).Result()
	if err != nil {
		return nil, wrap(err, "list reviewed")
	}
	return refs(zs), nil
}

// RecentAnswers reads each user's n newest answer ids in one pipeline.
func (s *Store) RecentAnswers(ctx context.Context, userIDs []string, n int) ([][]coach.AnswerRef, error) {
	cmds := make([]*redis.ZSliceCmd, len(userIDs))
	if len(userIDs) > 0 {
		if _, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
			for i, id := range userIDs {
				cmds[i] = p.ZRevRangeWithScores(ctx, answersKey(id), 0, int64(n-1))
			}
			return nil
		}); err != nil {
			return nil, wrap(err, "recent answers")
		}
	}
	out := make([][]coach.AnswerRef, len(userIDs))
	for i, cmd := range cmds {
		out[i] = refs(cmd.Val())
	}
	return out, nil
}

// AnswersInSessions finds each answer's session, then reads the answer and
// its session's record together: two pipelined round trips. The session is
// decoded without its questions but the answer's own, which is most of the
// cost of a review queue.
func (s *Store) AnswersInSessions(ctx context.Context, ids []string) ([]coach.AnswerInSession, error) {
	if len(ids) == 0 {
		return []coach.AnswerInSession{}, nil
	}
	sidCmds := make([]*redis.StringCmd, len(ids))
	if _, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			sidCmds[i] = p.HGet(ctx, answerSessionKey(coach.IDOwner(id)), id)
		}
		return nil
	}); err != nil && !errors.Is(err, redis.Nil) {
		return nil, wrap(err, "find answers")
	}
	cmds := make([]*redis.SliceCmd, len(ids))
	if _, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			if sid, err := sidCmds[i].Result(); err == nil {
				cmds[i] = p.HMGet(ctx, sessionKey(coach.IDOwner(id), sid), fieldSession, fieldAnswerPrefix+id)
			}
		}
		return nil
	}); err != nil {
		return nil, wrap(err, "get answers")
	}
	sessions := map[string]*sessionHead{}
	out := make([]coach.AnswerInSession, 0, len(ids))
	for i, cmd := range cmds {
		if cmd == nil {
			continue
		}
		vals := cmd.Val()
		rawSess, ok1 := vals[0].(string)
		rawAns, ok2 := vals[1].(string)
		if !ok1 || !ok2 {
			continue
		}
		sid := sidCmds[i].Val()
		head, seen := sessions[sid]
		if !seen {
			head = &sessionHead{}
			if err := decode([]byte(rawSess), head, "session "+sid); err != nil {
				return nil, err
			}
			sessions[sid] = head
		}
		var a coach.Answer
		if err := decode([]byte(rawAns), &a, "answer "+ids[i]); err != nil {
			return nil, err
		}
		q, err := head.question(a.QuestionID)
		if err != nil {
			return nil, err
		}
		out = append(out, coach.AnswerInSession{Answer: a, Session: head.SessionInfo, Question: q})
	}
	return out, nil
}

// sessionHead is a stored session with its questions left undecoded.
type sessionHead struct {
	coach.SessionInfo
	Questions []json.RawMessage `json:"questions"`
}

// question decodes the session's question id. Questions are stored by
// json.Marshal with the id first, so a prefix test finds it without
// decoding the others; a full decode is the fallback.
func (h *sessionHead) question(id string) (coach.Question, error) {
	var q coach.Question
	quoted, _ := json.Marshal(id)
	prefix := append([]byte(`{"id":`), quoted...)
	for _, raw := range h.Questions {
		if bytes.HasPrefix(raw, prefix) {
			return q, decode(raw, &q, "question "+id)
		}
	}
	for _, raw := range h.Questions {
		q = coach.Question{}
		if err := decode(raw, &q, "question "+id); err != nil {
			return q, err
		}
		if q.ID == id {
			return q, nil
		}
	}
	return coach.Question{ID: id}, nil
}

// ReadinessSummariesOf reads many users' readiness hashes in one pipeline.
func (s *Store) ReadinessSummariesOf(ctx context.Context, userIDs []string) ([][]coach.ReadinessState, error) {
	cmds := make([]*redis.MapStringStringCmd, len(userIDs))
	if len(userIDs) > 0 {
		if _, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
			for i, id := range userIDs {
				cmds[i] = p.HGetAll(ctx, readinessKey(id))
			}
			return nil
		}); err != nil {
			return nil, wrap(err, "get readiness")
		}
	}
	out := make([][]coach.ReadinessState, len(userIDs))
	for i, cmd := range cmds {
		fields := cmd.Val()
		keys := make([]string, 0, len(fields))
		for k := range fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		out[i] = make([]coach.ReadinessState, len(keys))
		for j, k := range keys {
			st, err := decodeReadiness(fields[k], "readiness "+k)
			if err != nil {
				return nil, err
			}
			// A summary: the part a score needs, without the per-question,
			// per-criterion and trend data a cohort of hundreds need not hold.
			out[i][j] = coach.ReadinessState{Role: st.Role, Track: st.Track, Overall: st.Overall, Categories: st.Categories, Last: st.Last}
		}
	}
	return out, nil
}

// Notify pushes a notification and trims the list, in one transaction.
func (s *Store) Notify(ctx context.Context, userID string, n coach.Notification) error {
	n.Unread = false
	data, err := json.Marshal(n)
	if err != nil {
		return err
	}
	_, err = s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.LPush(ctx, notificationsKey(userID), data)
		p.LTrim(ctx, notificationsKey(userID), 0, maxNotifications-1)
		return nil
	})
	return wrap(err, "notify")
}

// Notifications reads the list and the read mark in one round trip.
func (s *Store) Notifications(ctx context.Context, userID string) ([]coach.Notification, error) {
	var list *redis.StringSliceCmd
	var mark *redis.StringCmd
	if _, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		list = p.LRange(ctx, notificationsKey(userID), 0, maxNotifications-1)
		mark = p.Get(ctx, notificationsReadKey(userID))
		return nil
	}); err != nil && !errors.Is(err, redis.Nil) {
		return nil, wrap(err, "get notifications")
	}
	readUntil, _ := mark.Int64()
	out := make([]coach.Notification, 0, len(list.Val()))
	for _, raw := range list.Val() {
		var n coach.Notification
		if err := decode([]byte(raw), &n, "notification"); err != nil {
			return nil, err
		}
		n.Unread = n.At.UnixMilli() > readUntil
		out = append(out, n)
	}
	return out, nil
}

// MarkNotificationsRead moves the read mark to at.
func (s *Store) MarkNotificationsRead(ctx context.Context, userID string, at time.Time) error {
	return wrap(s.rdb.Set(ctx, notificationsReadKey(userID), at.UnixMilli(), 0).Err(), "mark notifications read")
}

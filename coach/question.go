package coach

import "strings"

// RoleAny is the role of questions shared by every role (most HR questions).
const RoleAny = "any"

// WordRange is the length a good answer usually has, in words.
type WordRange struct {
	Min int `json:"min" yaml:"min"`
	Max int `json:"max" yaml:"max"`
}

// Question is one interview question with the rubric that teaches what a
// strong answer looks like.
type Question struct {
	ID        string    `json:"id" yaml:"id"`
	Role      string    `json:"role" yaml:"-"`
	Track     Track     `json:"track" yaml:"track"`
	Category  string    `json:"category" yaml:"category"`
	Seniority Seniority `json:"seniority" yaml:"seniority"`
	Text      string    `json:"text" yaml:"text"`
	// Assesses says what the interviewer is listening for.
	Assesses      string    `json:"assesses" yaml:"assesses"`
	TalkingPoints []string  `json:"talking_points" yaml:"talking_points"`
	RedFlags      []string  `json:"red_flags" yaml:"red_flags"`
	TargetWords   WordRange `json:"target_words" yaml:"target_words"`
	FollowUps     []string  `json:"follow_ups" yaml:"follow_ups"`
	// Coach is the id of the coach who wrote the question; empty for bank questions.
	Coach string `json:"coach,omitempty" yaml:"-"`
}

// Validate checks the fields every question needs, banks and coaches alike.
func (q Question) Validate() error {
	switch {
	case strings.TrimSpace(q.ID) == "":
		return Errorf(EInvalid, "question id is empty")
	case !q.Track.Valid():
		return Errorf(EInvalid, "question %s: unknown track %q (want hr or user)", q.ID, q.Track)
	case !ValidCategory(q.Track, q.Category):
		return Errorf(EInvalid, "question %s: unknown category %q for track %s", q.ID, q.Category, q.Track)
	case !q.Seniority.Valid():
		return Errorf(EInvalid, "question %s: unknown seniority %q", q.ID, q.Seniority)
	case strings.TrimSpace(q.Text) == "":
		return Errorf(EInvalid, "question %s: text is empty", q.ID)
	case strings.TrimSpace(q.Assesses) == "":
		return Errorf(EInvalid, "question %s: assesses is empty", q.ID)
	case len(q.TalkingPoints) == 0:
		return Errorf(EInvalid, "question %s: no talking_points", q.ID)
	case len(q.RedFlags) == 0:
		return Errorf(EInvalid, "question %s: no red_flags", q.ID)
	case q.TargetWords.Min <= 0 || q.TargetWords.Max < q.TargetWords.Min:
		return Errorf(EInvalid, "question %s: target_words needs 0 < min <= max", q.ID)
	}
	for _, s := range [][]string{q.TalkingPoints, q.RedFlags, q.FollowUps} {
		for _, v := range s {
			if strings.TrimSpace(v) == "" {
				return Errorf(EInvalid, "question %s: empty list item", q.ID)
			}
		}
	}
	return nil
}

// Term is a job-related term of a role's lexicon with the other ways people
// write it ("A/B test" ~ "experiment"). Matching is case-insensitive.
type Term struct {
	Term     string   `json:"term" yaml:"term"`
	Synonyms []string `json:"synonyms,omitempty" yaml:"synonyms"`
}

// Role is a job the banks have questions for.
type Role struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Terms []Term `json:"-"`
}

// RoleSummary is what GET /api/v1/roles lists.
type RoleSummary struct {
	ID     string        `json:"id"`
	Name   string        `json:"name"`
	Counts map[Track]int `json:"counts"`
}

// QuestionFilter selects questions; empty fields match everything.
type QuestionFilter struct {
	Role      string
	Track     Track
	Category  string
	Seniority Seniority
	// Query is free text matched against the question text.
	Query string
}

// QuestionBank holds the embedded question banks in memory.
type QuestionBank interface {
	// Question returns the question with id, or ENotFound.
	Question(id string) (Question, error)
	// Questions returns the questions matching f. A role filter includes
	// the shared ("any") questions of that track, since every candidate
	// faces them.
	Questions(f QuestionFilter) []Question
	// Roles lists the roles with their question counts per track.
	Roles() []RoleSummary
	// Role returns a role by id; ok is false for an unknown role.
	Role(id string) (r Role, ok bool)
}

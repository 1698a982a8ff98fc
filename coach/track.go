package coach

// Track is the round of hiring a question belongs to.
type Track string

const (
	// TrackHR is the HR or recruiter screening: motivation, fit, salary, logistics.
	TrackHR Track = "hr"
	// TrackUser is the user interview with the hiring manager or future
	// teammates: skills, job knowledge, problem solving, team fit.
	TrackUser Track = "user"
)

// Tracks lists every track in display order.
var Tracks = []Track{TrackHR, TrackUser}

// Valid reports whether t is a known track.
func (t Track) Valid() bool { return t == TrackHR || t == TrackUser }

// Label is the human name of the round.
func (t Track) Label() string {
	switch t {
	case TrackHR:
		return "HR screening"
	case TrackUser:
		return "User interview"
	}
	return string(t)
}

// Seniority is the level a question is pitched at.
type Seniority string

const (
	SeniorityAny    Seniority = "any"
	SeniorityJunior Seniority = "junior"
	SeniorityMid    Seniority = "mid"
	SenioritySenior Seniority = "senior"
)

// Seniorities lists the levels a user can choose, in order.
var Seniorities = []Seniority{SeniorityJunior, SeniorityMid, SenioritySenior}

// Valid reports whether s is a known seniority ("any" included).
func (s Seniority) Valid() bool {
	switch s {
	case SeniorityAny, SeniorityJunior, SeniorityMid, SenioritySenior:
		return true
	}
	return false
}

// Matches reports whether a question pitched at s suits a candidate at want.
// "any" on either side matches everything.
func (s Seniority) Matches(want Seniority) bool {
	return s == SeniorityAny || want == SeniorityAny || want == "" || s == want
}

// Question categories. A category belongs to one track, except the two
// drills (reverse interview, follow-up note) which exist in both.
const (
	// User interview.
	CatTechnical      = "technical"
	CatBehavioural    = "behavioural"
	CatSituational    = "situational"
	CatProblemSolving = "problem-solving"
	CatCase           = "case"
	CatTeamFit        = "team-fit"
	CatUserResearch   = "user-research"
	// HR screening.
	CatIntroduction = "introduction"
	CatMotivation   = "motivation"
	CatWhyLeaving   = "why-leaving"
	CatCareerGoals  = "career-goals"
	CatStrengths    = "strengths-weaknesses"
	CatCulture      = "culture"
	CatSalary       = "salary"
	CatAvailability = "availability"
	CatGaps         = "gaps"
	CatWorkStyle    = "work-style"
	// Drills, both tracks.
	CatReverse  = "reverse-interview"
	CatFollowUp = "follow-up-note"
)

// Categories lists the categories allowed on each track, in display order.
var Categories = map[Track][]string{
	TrackHR: {CatIntroduction, CatMotivation, CatWhyLeaving, CatCareerGoals, CatStrengths,
		CatCulture, CatSalary, CatAvailability, CatGaps, CatWorkStyle, CatReverse, CatFollowUp},
	TrackUser: {CatTechnical, CatBehavioural, CatSituational, CatProblemSolving, CatCase,
		CatTeamFit, CatUserResearch, CatReverse, CatFollowUp},
}

// ValidCategory reports whether category belongs to track.
func ValidCategory(t Track, category string) bool {
	for _, c := range Categories[t] {
		if c == category {
			return true
		}
	}
	return false
}

// IsDrill reports whether category is one of the two drills that are not
// answers to an interviewer's question and so have rubrics of their own.
func IsDrill(category string) bool { return category == CatReverse || category == CatFollowUp }

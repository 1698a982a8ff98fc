package rubric

import (
	"fmt"
	"slices"

	"github.com/interviewcoach/coach/coach"
)

// detectFlags sets the machine-readable flags, in a fixed order, with the
// improvement each one asks for. Their caps are applied in evaluate.
func (j *judge) detectFlags() {
	a, d, t := j.a, j.a.d, j.target
	w := d.words
	if ev := injectionEvidence(d, a.hits); ev != "" {
		j.flag(coach.FlagPromptInjection)
		j.redFlag(fmt.Sprintf("Instructions aimed at the scorer (%s): an instruction to the grader is not an answer, and it is scored as none.", quote(ev)))
		j.improve = append(j.improve, "Remove the instructions to the grader and answer the interviewer's question.")
	}
	if w < 15 || w*10 < t.Min*4 {
		j.flag(coach.FlagTooShort)
		j.improve = append(j.improve, fmt.Sprintf("Say more: %d words cannot show enough; aim for %d–%d.", w, t.Min, t.Max))
	}
	if w*4 > t.Max*7 {
		j.flag(coach.FlagTooLong)
		j.improve = append(j.improve, fmt.Sprintf("Cut hard: %d words is far over the %d–%d an interviewer will listen to.", w, t.Min, t.Max))
	}
	if j.offTopic() {
		j.flag(coach.FlagOffTopic)
		j.improve = append(j.improve, "Answer the question that was asked: "+quote(j.q.Text)+".")
	}
	if ev := j.repetition(); ev != "" {
		j.flag(coach.FlagRepetitive)
		j.improve = append(j.improve, "Say each point once: "+ev+".")
	}
	if j.stuffed() {
		j.flag(coach.FlagKeywordStuffing)
		j.improve = append(j.improve, "Use terms in sentences that say what you did with them and why; a list of keywords is not an answer.")
	}
}

func (j *judge) flag(f string) { j.flags = append(j.flags, f) }

// offTopic reports an answer that shares almost no words with the question,
// its talking points and the role's lexicon. Drills are on topic when they
// do what the drill asks (questions, or a thank-you).
func (j *judge) offTopic() bool {
	a, o := j.a, j.o
	if a.d.words < 15 || len(a.terms) > 0 {
		return false
	}
	switch j.q.Category {
	case coach.CatReverse:
		if j.questionCount() >= 2 {
			return false
		}
	case coach.CatFollowUp:
		if a.kinds[kThanks] > 0 && (a.kinds[kCallback] > 0 || a.kinds[kInterest] > 0) {
			return false
		}
	}
	return o.topic == 0 || o.topic == 1 && o.topicTok*100 < o.content*4
}

// repetition describes what an answer repeats, or "" if it does not: the
// same sentence twice, many repeated three-word runs, or few distinct
// words. Padding an answer must not read as depth.
func (j *judge) repetition() string {
	a, d := j.a, j.a.d
	if len(d.toks) < 12 {
		return ""
	}
	// Sentences of five words or more, by hash. Only a sentence whose words
	// all occur again elsewhere can be said twice, so only those are hashed.
	sents := a.sents[:0]
	for i, s := range d.sents {
		if s.last-s.first >= 5 && allAgain(d, int(s.first), int(s.last)) {
			sents = append(sents, sentHash{hashToks(d, int(s.first), int(s.last)), i})
		}
	}
	a.sents = sents
	slices.SortFunc(sents, func(x, y sentHash) int {
		if x.h != y.h {
			return cmpU(x.h, y.h)
		}
		return x.i - y.i
	})
	dupSent, dupAt := 0, -1
	for i := 1; i < len(sents); i++ {
		if sents[i].h == sents[i-1].h {
			dupSent++
			if dupAt < 0 || sents[i-1].i < dupAt {
				dupAt = sents[i-1].i
			}
		}
	}
	// Three-word runs; likewise, a run can only repeat if its three words
	// all occur again, and the others are all different.
	n := len(d.toks) - 2
	tri := a.runs[:0]
	for i := range n {
		if allAgain(d, i, i+3) {
			tri = append(tri, hashToks(d, i, i+3))
		}
	}
	a.runs = tri
	slices.Sort(tri)
	rep := 0
	for i := 1; i < len(tri); i++ {
		if tri[i] == tri[i-1] {
			rep++
		}
	}
	triFrac := float64(rep) / float64(n)
	// Distinct content words.
	distinct, total := 0, 0
	d.contentStems(func(_ string, c int) {
		distinct++
		total += c
	})
	switch {
	case dupSent >= 2 || dupSent == 1 && triFrac >= 0.15:
		s := d.sents[dupAt]
		return fmt.Sprintf("%d sentences are said more than once, such as %s", dupSent, quote(d.span(int(s.first), int(s.last))))
	case n >= 30 && triFrac >= 0.25:
		return fmt.Sprintf("%d%% of the three-word phrases are repeats", int(triFrac*100+0.5))
	case total >= 60 && float64(distinct) < 0.3*float64(total):
		return fmt.Sprintf("only %d distinct content words in %d", distinct, total)
	}
	return ""
}

// sentHash is a sentence's hash and index.
type sentHash struct {
	h uint64
	i int
}

func cmpU(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// allAgain reports whether every token in [i, k) has its stem used by
// another token as well, which each word of a repeated run must.
func allAgain(d *doc, i, k int) bool {
	for ; i < k; i++ {
		if !d.toks[i].again {
			return false
		}
	}
	return true
}

// hashToks is FNV-1a over the tokens [i, k), with a separator between them.
func hashToks(d *doc, i, k int) uint64 {
	h := uint64(14695981039346656037)
	for ; i < k; i++ {
		s := d.toks[i].s
		for b := 0; b < len(s); b++ {
			h ^= uint64(s[b])
			h *= 1099511628211
		}
		h ^= ' '
		h *= 1099511628211
	}
	return h
}

// stuffed reports keyword stuffing: role terms or the question's own words
// packed densely, as a list, with few verbs to say what was done with them.
func (j *judge) stuffed() bool {
	a, o := j.a, j.o
	n := float64(len(a.d.toks))
	if n < 8 {
		return false
	}
	termDensity := float64(a.termToks) / n
	keyDensity := min(1, termDensity+float64(o.topicTok)/n)
	verbRate := float64(a.verbs) / n
	commaRate := float64(a.commas) / n
	distinct := len(a.terms)
	switch {
	case distinct >= 4 && termDensity >= 0.3 && verbRate < 0.1:
		return true
	case keyDensity >= 0.55 && verbRate < 0.08:
		return true
	case commaRate >= 0.18 && distinct+o.topic >= 8 && verbRate < 0.1:
		return true
	}
	return false
}

package rubric

import (
	"slices"
	"strings"
	"sync"

	"github.com/interviewcoach/coach/coach"
)

// qside is the question's own words: its text, talking points and what it
// assesses, reduced to content stems so that an answer meets them whatever
// the inflection ("partitioned" ~ "partition by").
type qside struct {
	stems []string
	idx   map[string]int
	// segs[0] is the question text, segs[1..nTP] the talking points and
	// segs[nTP+1] what the question assesses; each lists distinct stems.
	segs [][]int
	nTP  int
	// alias maps a stem to the lexicon term it is part of, or -1, so that
	// "row_number" in an answer covers a talking point that says "rank".
	alias []int
	// followFor is, by talking point, the follow-up to ask when that point
	// is the weakest, or -1 (see followUpsByPoint).
	followFor []int
	storyCue  bool // the text asks for an example (see storyQuestion)
}

// qsideCache keeps the analysed words of recently scored questions: the
// same bank question is answered again and again, and its words, aliases
// and follow-up choices depend only on the question and the lexicon.
// Entries are found by the lexicon and the question's id and text, checked
// against the rest of the question on use, and the cache is emptied when
// full.
var qsideCache struct {
	sync.Mutex
	m map[qsideKey]qsideEntry
}

type qsideKey struct {
	lex      *lexicon
	id, text string
}

type qsideEntry struct {
	q  coach.Question
	qs *qside
}

const qsideCacheMax = 4096

// questionSide returns the analysed words of q under the lexicon lx.
func questionSide(q coach.Question, lx *lexicon) *qside {
	k := qsideKey{lex: lx, id: q.ID, text: q.Text}
	qsideCache.Lock()
	e, ok := qsideCache.m[k]
	qsideCache.Unlock()
	if ok && e.q.Assesses == q.Assesses &&
		slices.Equal(e.q.TalkingPoints, q.TalkingPoints) && slices.Equal(e.q.FollowUps, q.FollowUps) {
		return e.qs
	}
	qs := newQside(q, lx)
	qsideCache.Lock()
	if qsideCache.m == nil || len(qsideCache.m) >= qsideCacheMax {
		qsideCache.m = make(map[qsideKey]qsideEntry)
	}
	qsideCache.m[k] = qsideEntry{qs: qs, q: coach.Question{Assesses: q.Assesses,
		TalkingPoints: slices.Clone(q.TalkingPoints), FollowUps: slices.Clone(q.FollowUps)}}
	qsideCache.Unlock()
	return qs
}

// newQside analyses the question's words. The result is read-only once
// built, so it may be shared between concurrent scorings.
func newQside(q coach.Question, lx *lexicon) *qside {
	// One text holds every part, one per line: the question, its talking
	// points, what it assesses and, last, its follow-ups, which are only
	// read to match them with the talking points.
	nTP := len(q.TalkingPoints)
	parts := make([]string, 0, nTP+2+len(q.FollowUps))
	parts = append(parts, q.Text)
	parts = append(parts, q.TalkingPoints...)
	parts = append(parts, q.Assesses)
	parts = append(parts, q.FollowUps...)
	text := strings.Join(parts, "\n")
	bounds := make([]int, len(parts))
	off := 0
	for i, p := range parts {
		off += len(p)
		bounds[i] = off // segment i ends here
		off++           // the joining newline
	}
	d := newDoc(text)
	defer d.release()
	owner := lx.owners(d)

	// First, each token's segment, or -1 for the words that do not count
	// (not content words, or the rubric's meta words), and the sizes of
	// what is built next, so that it is allocated once.
	segOf := make([]int32, len(d.toks))
	perSeg := make([]int, len(parts))
	kOf := make([]int, len(d.at)) // by stem id: index in qs.stems, or -1
	for i := range kOf {
		kOf[i] = -1
	}
	nStems, seg := 0, 0
	for i, t := range d.toks {
		for seg < len(bounds)-1 && int(t.start) > bounds[seg] {
			seg++
		}
		segOf[i] = -1
		if !t.content || t.is(cMeta) {
			continue
		}
		segOf[i] = int32(seg)
		perSeg[seg]++
		if seg <= nTP+1 && kOf[t.sid] < 0 {
			kOf[t.sid] = nStems
			nStems++
		}
	}

	qs := &qside{idx: make(map[string]int, nStems), stems: make([]string, nStems), alias: make([]int, nStems),
		segs: carve[int](perSeg[:nTP+2]), nTP: nTP, storyCue: hasStoryCue(q.Text)}
	stemSets := carve[int32](perSeg) // each segment's distinct stems, by id in d
	for i := range qs.alias {
		qs.alias[i] = -1
	}
	for i, t := range d.toks {
		seg := segOf[i]
		if seg < 0 {
			continue
		}
		if !slices.Contains(stemSets[seg], t.sid) {
			stemSets[seg] = append(stemSets[seg], t.sid)
		}
		if int(seg) > nTP+1 {
			continue // a follow-up: not a word to cover
		}
		k := kOf[t.sid]
		if qs.stems[k] == "" {
			qs.stems[k] = d.stems[i]
			qs.idx[d.stems[i]] = k
		}
		if owner[i] >= 0 && qs.alias[k] < 0 {
			qs.alias[k] = owner[i]
		}
		if !containsInt(qs.segs[seg], k) {
			qs.segs[seg] = append(qs.segs[seg], k)
		}
	}
	qs.followFor = followUpsByPoint(stemSets[1:1+nTP], stemSets[nTP+2:], len(d.at))
	return qs
}

// carve returns empty slices with the given capacities, cut from one
// allocation.
func carve[T any](caps []int) [][]T {
	n := 0
	for _, c := range caps {
		n += c
	}
	all := make([]T, n)
	out := make([][]T, len(caps))
	for i, c := range caps {
		out[i], all = all[:0:c], all[c:]
	}
	return out
}

// owners returns, by token of d, the first lexicon term one of whose
// phrases covers it, or -1.
func (lx *lexicon) owners(d *doc) []int {
	owner := make([]int, len(d.toks))
	for i := range owner {
		owner[i] = -1
	}
	for _, pos := range d.at {
		for _, r := range lx.byFirst[d.stems[pos]] {
			v := lx.terms[r.term].variants[r.variant]
			for p := pos; p >= 0; p = d.next[p] {
				if !d.phraseAt(int(p), v) {
					continue
				}
				for k := int(p); k < int(p)+len(v); k++ {
					if owner[k] < 0 || int(r.term) < owner[k] {
						owner[k] = int(r.term)
					}
				}
			}
		}
	}
	return owner
}

// metaWords are how rubrics talk about answers ("the candidate mentions a
// concrete example"); no answer says them, so they are not words to cover.
var metaWords = setOf(`candidate candidates candidate's interviewer interviewers answer answers question questions
mention mentions mentioned explain explains explained describe describes described name names named specific
specifically concrete concretely clear clearly show shows showing shown ask asks asking such instead own able good strong
weak point points talking cover covers covering discuss discusses whether something someone including include includes
examples instance vs e g eg ie personally`)

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// overlap is how an answer meets the question's words.
type overlap struct {
	found    []int // by stem: first answer token using it, or -1
	viaTerm  []int // by stem: first answer token of the synonym that covers it, or -1
	viaEnd   []int // by stem: end of that synonym
	topic    int   // distinct question stems the answer uses
	topicTok int   // answer tokens that are question words
	content  int   // answer tokens that are content words
	perSent  []int // question words per answer sentence
	points   []pointCover
}

// pointCover is how well the answer covers one talking point.
type pointCover struct {
	text           string
	matched, total int
	state          int      // 0 missing, 1 partly, 2 covered
	words          []string // what the answer said that matched, for quoting
}

func measureOverlap(a *analysis, qs *qside) *overlap {
	d := a.d
	n := len(qs.stems)
	buf := reuse(a.ints, 3*n+len(d.sents)) // one buffer for the four
	clear(buf)
	a.ints = buf
	o := &overlap{found: buf[:n:n], viaTerm: buf[n : 2*n : 2*n], viaEnd: buf[2*n : 3*n : 3*n], perSent: buf[3*n:]}
	for i := range o.found {
		o.found[i] = -1
		o.viaTerm[i] = -1
		if t := qs.alias[i]; t >= 0 && t < len(a.mentions) && a.mentions[t].first >= 0 {
			o.viaTerm[i], o.viaEnd[i] = a.mentions[t].first, a.mentions[t].end
		}
	}
	for i := range d.toks {
		if d.toks[i].content {
			o.content++
		}
	}
	// A question has fewer distinct words than an answer has words, so
	// each question word is looked up in the answer, whose index chains
	// the tokens that use it.
	for k, st := range qs.stems {
		id, _ := d.stemID(st)
		if id < 0 {
			continue
		}
		for p := d.at[id]; p >= 0; p = d.next[p] {
			t := &d.toks[p]
			if !t.content {
				continue
			}
			o.topicTok++
			if int(t.sent) < len(o.perSent) {
				o.perSent[t.sent]++
			}
			if o.found[k] < 0 {
				o.found[k] = int(p)
				o.topic++
			}
		}
	}
	for i := range o.found {
		if o.found[i] < 0 && o.viaTerm[i] >= 0 {
			o.topic++
		}
	}
	return o
}

// at returns the answer token that covers stem k, or -1.
func (o *overlap) at(k int) int {
	if o.found[k] >= 0 {
		return o.found[k]
	}
	return o.viaTerm[k]
}

// cover measures each talking point. A point counts as covered when half
// its content words, or three of them, appear in the answer: talking points
// are written as sentences for people, and an answer that says "rank over a
// partition" has covered "RANK over PARTITION BY region ORDER BY revenue".
func (o *overlap) cover(q coach.Question, qs *qside, d *doc) {
	o.points = make([]pointCover, qs.nTP)
	// The points' words share one backing array, sized for every word of
	// every point, so that collecting them does not grow a slice per point.
	n := 0
	for p := range qs.nTP {
		n += len(qs.segs[p+1])
	}
	all := make([]string, 0, n)
	for p := 0; p < qs.nTP; p++ {
		pc := pointCover{text: q.TalkingPoints[p], words: all[len(all):len(all)]}
		for _, k := range qs.segs[p+1] {
			pc.total++
			switch {
			case o.found[k] >= 0:
				pc.matched++
				pc.words = appendNewFold(pc.words, d.span(o.found[k], o.found[k]+1))
			case o.viaTerm[k] >= 0:
				pc.matched++
				pc.words = appendNewFold(pc.words, d.span(o.viaTerm[k], o.viaEnd[k]))
			}
		}
		pc.words = pc.words[:len(pc.words):len(pc.words)]
		all = all[:len(all)+len(pc.words)]
		switch {
		case pc.matched >= 3 || pc.total > 0 && pc.matched*2 >= pc.total:
			pc.state = 2
		case pc.matched >= 1:
			pc.state = 1
		}
		o.points[p] = pc
	}
}

// questionFrac is the share of the question text's own content words that
// the answer uses, saturating at half: nobody repeats the whole question.
func (o *overlap) questionFrac(qs *qside) float64 {
	seg := qs.segs[0]
	if len(seg) == 0 {
		return 1
	}
	m := 0
	for _, k := range seg {
		if o.at(k) >= 0 {
			m++
		}
	}
	return min(1, float64(m)/(float64(len(seg))*0.5))
}

// pointsFrac is the talking-point coverage, a covered point counting 1 and
// a partly covered one 0.4.
func (o *overlap) pointsFrac() float64 {
	if len(o.points) == 0 {
		return 0
	}
	s := 0.0
	for _, p := range o.points {
		switch p.state {
		case 2:
			s++
		case 1:
			s += 0.4
		}
	}
	return s / float64(len(o.points))
}

package rubric

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/interviewcoach/coach/coach"
)

// Analyze extracts the insights of an answer (SPEC "insights"): its length
// against the question's target, filler words, the role and job terms it
// uses (synonyms counted under their canonical term), its most used content
// words, which STAR parts it has, its hedges and how many concrete figures
// it gives. It is what a candidate sees whoever scored the answer, so the
// LLM scorer calls it too rather than asking the model to count.
func Analyze(q coach.Question, answer string, roleTerms []coach.Term, jobTerms []string) coach.Insights {
	a := analyse(q, answer, roleTerms, jobTerms)
	defer a.release()
	return a.insights(q)
}

// analysis is everything the rubric lines read from one answer, computed
// in a single pass over its tokens.
type analysis struct {
	scratch
	d     *doc
	kinds [numKinds]int

	lex      *lexicon
	terms    []termHit // found, in order of first use
	termToks int       // tokens covered by term mentions, for keyword density

	numbers   int
	firstNum  int      // token of the first figure, or -1
	numQuotes []string // the first few figures, as written
	proper    []int    // first token of each distinct capitalised name

	iCount, weCount int
	iPast, wePast   int // "I was", "I decided", "we shipped": a story told in the past
	iAct            int // "I decided": past actions of the speaker, states excluded
	iHypo           int // "I would", "I'd": a plan, not an example
	iPastAt         int // first past action by "I", for quoting; -1 if none

	verbs  int // rough count of verbs, to tell sentences from lists
	commas int

	fillers []fillerCount // by label, in order of first use
	hedges  []string
	star    coach.Star
}

// termHit is a lexicon term found in the answer.
type termHit struct {
	name  string
	first int // token index of the first mention
	count int
}

// mention is how an answer uses one lexicon term: its first mention, as
// tokens [first, end) found through the given variant, and how many there
// are. first is -1 when the term is not used.
type mention struct {
	first, end int
	variant    int32
	count      int
}

// scratch is the working memory of an analysis and of the judging of its
// answer: what they compute from but never hand out. It stays with the
// analysis when the analysis is recycled, so that it is allocated once
// rather than for every answer.
type scratch struct {
	hits     []hit     // the answer's pattern matches
	mentions []mention // by lexicon index
	covered  []uint64  // tokens covered by term mentions, as a bit set
	ints     []int     // the overlap's indexes (see measureOverlap)
	runs     []uint64  // hashes of repeated runs (see repetition)
	sents    []sentHash
}

var analyses = sync.Pool{New: func() any { return new(analysis) }}

// newAnalysis returns an empty analysis of d with the lexicon lx. Release
// it when done.
func newAnalysis(d *doc, lx *lexicon) *analysis {
	a := analyses.Get().(*analysis)
	*a = analysis{scratch: a.scratch, d: d, lex: lx, iPastAt: -1, firstNum: -1}
	return a
}

// release recycles a with its doc. Neither may be used afterwards; what
// was built from them (strings, insights) stays valid.
func (a *analysis) release() {
	if len(a.d.toks) > maxPooledTokens {
		a.scratch = scratch{} // as for docs, let a huge answer's buffers go
	}
	a.d.release()
	a.d = nil
	analyses.Put(a)
}

func analyse(q coach.Question, answer string, roleTerms []coach.Term, jobTerms []string) *analysis {
	d := newDoc(answer)
	a := newAnalysis(d, lexiconFor(roleTerms, jobTerms))
	a.hits = scan(d, a.hits[:0])
	for _, h := range a.hits {
		a.kinds[patterns[h.pat].kind]++
	}
	a.countTokens()
	a.findTerms()
	a.collectPhrases()
	return a
}

func (a *analysis) findTerms() {
	d, lx := a.d, a.lex
	a.mentions = reuse(a.mentions, len(lx.terms))
	for i := range a.mentions {
		a.mentions[i] = mention{first: -1}
	}
	a.covered = reuse(a.covered, len(d.toks)/64+1)
	clear(a.covered)
	covered := a.covered
	// Each distinct stem of the answer is looked up once, and the phrases
	// that start with it are tried where it occurs.
	for _, pos := range d.at {
		for _, r := range lx.byFirst[d.stems[pos]] {
			t := &lx.terms[r.term]
			cov := covered
			if t.concept {
				cov = nil
			}
			f, n, c := d.findPhrase(pos, t.variants[r.variant], cov)
			if c == 0 {
				continue
			}
			// The earliest mention is the term's, and on a tie the
			// earlier variant's, whatever order the stems come in.
			m := &a.mentions[r.term]
			if m.count == 0 || f < m.first || f == m.first && r.variant < m.variant {
				m.first, m.end, m.variant = f, f+n, r.variant
			}
			m.count += c
		}
	}
	for ti := range lx.terms {
		t, m := &lx.terms[ti], &a.mentions[ti]
		if t.numeric && a.firstNum >= 0 && (m.count == 0 || a.firstNum < m.first) {
			m.first, m.end = a.firstNum, a.firstNum+1
			m.count++
		}
		if m.count > 0 && !t.concept {
			a.terms = append(a.terms, termHit{name: t.name, first: m.first, count: m.count})
		}
	}
	slices.SortStableFunc(a.terms, func(x, y termHit) int { return cmp.Compare(x.first, y.first) })
	// A capitalised word that is a role term is counted as a term, not as
	// a name as well.
	names := a.proper[:0]
	for _, i := range a.proper {
		if covered[i/64]&(1<<(i%64)) == 0 {
			names = append(names, i)
		}
	}
	a.proper = names
	for _, w := range covered {
		for ; w != 0; w &= w - 1 {
			a.termToks++
		}
	}
}

// findPhrase counts the word-bounded occurrences of a compiled phrase in
// d, starting from pos, the first token with the phrase's first stem. It
// marks the tokens they cover (when covered is not nil), and returns the
// first one with its length in tokens.
func (d *doc) findPhrase(pos int32, stems []string, covered []uint64) (first, length, count int) {
	first = -1
	n := len(stems)
	for ; pos >= 0; pos = d.next[pos] {
		p := int(pos)
		if !d.phraseAt(p, stems) {
			continue
		}
		if first < 0 {
			first, length = p, n
		}
		count++
		for k := p; covered != nil && k < p+n; k++ {
			covered[k/64] |= 1 << (k % 64)
		}
	}
	return first, length, count
}

// phraseAt reports whether the phrase's words follow token p, whose stem
// is the phrase's first.
func (d *doc) phraseAt(p int, stems []string) bool {
	if p+len(stems) > len(d.stems) {
		return false
	}
	for k := 1; k < len(stems); k++ {
		if d.stems[p+k] != stems[k] {
			return false
		}
	}
	return true
}

var (
	iWords     = setOf("i i'm i've i'd i'll")
	weWords    = setOf("we we're we've we'd we'll")
	adverbs    = setOf("then also first quickly personally immediately eventually finally just actually basically really initially later still even carefully again both ultimately")
	pastStates = setOf("was had felt knew thought")
	spelled    = setOf("two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty sixty hundred hundreds thousand thousands million millions billion dozen dozens")
	units      = setOf(`percent k m bn million millions billion thousand hundred seconds second minutes minute hours hour days day
weeks week months month years year ms people users customers clients engineers analysts accounts rows records tickets
orders requests sessions teams countries stores products markets languages releases incidents points dollars euros pounds`)
	irregular = setOf(`built wrote led ran made took met spoke set began brought found chose drove gave got sent went did told sold
held kept won paid split cut put read rewrote taught caught bought sat stood left lost spent thought understood
broke dug fought grew knew rose fell shook drew overcame undertook oversaw withdrew hired saw heard`)
	hypo       = setOf("would will could might")
	calendar   = setOf("monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december")
	commonVerb = setOf(`is was are were be been being am have has had do does did make made use used build built run ran
lead led write wrote take took get got give gave need needs want think know see go went come came work works help helps
keep kept let set show start find found try create add move ask say said told`)
)

// isPast reports whether t reads as a past-tense verb or participle.
func isPast(t *token) bool {
	if t.is(cIrregular) {
		return true
	}
	w := t.s
	n := len(w)
	return n >= 5 && w[n-2:] == "ed" && w[n-3:] != "eed" || w == "agreed" || w == "freed"
}

// countTokens walks the tokens once for everything that is counted rather
// than matched: figures, names, pronouns and verbs.
func (a *analysis) countTokens() {
	d := a.d
	var none token
	for i := range d.toks {
		t := &d.toks[i]
		w := t.s
		next := &none
		if i+1 < len(d.toks) {
			next = &d.toks[i+1]
		}
		switch {
		case t.num:
			a.addNumber(i)
		case t.is(cSpelled) && (next.content || next.s == "of" && strings.HasSuffix(w, "s")):
			a.addNumber(i)
		}
		if t.upper && !t.num && len(w) >= 2 && !t.is(cI|cStop|cCalendar) &&
			i > 0 && d.toks[i-1].sent == t.sent && !a.named(w) {
			a.proper = append(a.proper, i)
		}
		if t.is(cVerb) || isPast(t) || len(w) > 5 && strings.HasSuffix(w, "ing") {
			a.verbs++
		}
		isI, isWe := t.is(cI), t.is(cWe)
		if !isI && !isWe {
			continue
		}
		if isI {
			a.iCount++
		} else {
			a.weCount++
		}
		k := i + 1
		for k < len(d.toks) && k < i+3 && d.toks[k].is(cAdverb) {
			k++
		}
		v := &none
		if k < len(d.toks) {
			v = &d.toks[k]
		}
		switch {
		case w == "i'd" || w == "i'll" || w == "we'd" || w == "we'll" || (w == "i" || w == "we") && v.is(cHypo):
			if isI {
				a.iHypo++
			}
		case isPast(v) || v.is(cPastState):
			if !isI {
				a.wePast++
				break
			}
			a.iPast++
			if !v.is(cPastState) {
				a.iAct++
				if a.iPastAt < 0 {
					a.iPastAt = i
				}
			}
		}
	}
	a.commas = strings.Count(d.norm, ",")
}

// named reports whether w is already among the names found; an answer
// names few things, so a scan beats a map.
func (a *analysis) named(w string) bool {
	for _, p := range a.proper {
		if a.d.toks[p].s == w {
			return true
		}
	}
	return false
}

func (a *analysis) addNumber(i int) {
	a.numbers++
	if a.firstNum < 0 {
		a.firstNum = i
	}
	if len(a.numQuotes) >= 4 {
		return
	}
	d := a.d
	t := d.toks[i]
	start, end := int(t.start), int(t.end)
	if r, size := utf8.DecodeLastRuneInString(d.raw[:start]); strings.ContainsRune("$€£¥", r) {
		start -= size
	}
	if end < len(d.raw) && d.raw[end] == '%' {
		end++
	} else if i+1 < len(d.toks) && d.toks[i+1].sent == t.sent && d.toks[i+1].is(cUnit) && int(d.toks[i+1].start) <= end+1 {
		end = int(d.toks[i+1].end)
	}
	if a.numQuotes == nil {
		a.numQuotes = make([]string, 0, 4)
	}
	a.numQuotes = append(a.numQuotes, d.raw[start:end])
}

// collectPhrases turns filler and hedge hits into the insight shapes and
// sets the STAR parts.
func (a *analysis) collectPhrases() {
	a.hedges = []string{}
	for _, h := range a.hits {
		pt := &patterns[h.pat]
		switch pt.kind {
		case kFiller:
			a.addFiller(pt.label)
		case kHedge:
			if !slices.Contains(a.hedges, pt.label) {
				a.hedges = append(a.hedges, pt.label)
			}
		}
	}
	a.star = coach.Star{
		Situation: a.kinds[kSituation] > 0,
		Task:      a.kinds[kTask] > 0,
		Action:    a.kinds[kAction] > 0 || a.iAct >= 2,
		Result:    a.kinds[kResult] > 0,
	}
}

// fillerCount is how often one filler is used.
type fillerCount struct {
	word string
	n    int
}

// addFiller counts one use of filler w. An answer uses a handful of
// distinct fillers at most, so they are kept in a slice.
func (a *analysis) addFiller(w string) {
	for i := range a.fillers {
		if a.fillers[i].word == w {
			a.fillers[i].n++
			return
		}
	}
	a.fillers = append(a.fillers, fillerCount{w, 1})
}

// fillerCount is the total number of filler words.
func (a *analysis) fillerCount() int {
	n := 0
	for _, f := range a.fillers {
		n += f.n
	}
	return n
}

// quotes returns up to max distinct quotes of the hits of kind k, in the
// order they occur.
func (a *analysis) quotes(k kind, max int) []string {
	var out []string
	for _, h := range a.hits {
		if patterns[h.pat].kind != k {
			continue
		}
		q := a.d.span(int(h.start), int(h.end))
		if !containsFold(out, q) {
			if out == nil {
				out = make([]string, 0, max)
			}
			out = append(out, q)
			if len(out) == max {
				break
			}
		}
	}
	return out
}

// firstQuote returns the first hit of kind k, quoted from the answer, or
// "" if there is none: quotes(k, 1) without the slice.
func (a *analysis) firstQuote(k kind) string {
	for _, h := range a.hits {
		if patterns[h.pat].kind == k {
			return a.d.span(int(h.start), int(h.end))
		}
	}
	return ""
}

func containsFold(s []string, v string) bool {
	for _, x := range s {
		if strings.EqualFold(x, v) {
			return true
		}
	}
	return false
}

// notFiller lists words that are fillers or hedges in speech, so that
// "like" or "basically" never tops the most-used list.
var notFiller = setOf("basically actually literally like kinda sorta maybe probably guess mean stuff whatever yeah okay")

func (a *analysis) insights(q coach.Question) coach.Insights {
	jt := make([]string, len(a.terms))
	for i, t := range a.terms {
		jt[i] = t.name
	}
	most := make([]coach.WordCount, 0, 16)
	a.d.contentStems(func(w string, c int) {
		if c >= 2 && !in(notFiller, w) {
			most = append(most, coach.WordCount{Word: w, Count: c})
		}
	})
	// Words are distinct, so the order is total and an unstable sort is
	// deterministic.
	slices.SortFunc(most, func(x, y coach.WordCount) int {
		if x.Count != y.Count {
			return cmp.Compare(y.Count, x.Count)
		}
		return strings.Compare(x.Word, y.Word)
	})
	if len(most) > 8 {
		most = most[:8]
	}
	fillers := make(map[string]int, len(a.fillers))
	for _, f := range a.fillers {
		fillers[f.word] = f.n
	}
	return coach.Insights{
		WordCount:     a.d.words,
		TargetWords:   q.TargetWords,
		FillerWords:   fillers,
		JobTerms:      jt,
		MostUsedWords: most,
		Star:          a.star,
		Hedges:        append([]string{}, a.hedges...),
		Numbers:       a.numbers,
	}
}

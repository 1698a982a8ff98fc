package rubric

import (
	"sort"
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
	return analyse(q, answer, roleTerms, jobTerms).insights(q)
}

// analysis is everything the rubric lines read from one answer, computed
// in a single pass over its tokens.
type analysis struct {
	d     *doc
	hits  []hit
	kinds [numKinds]int

	lex       []lexTerm
	lexKey    uint64    // identifies lex's content, for caches keyed by it
	terms     []termHit // found, in order of first use
	termFound []bool    // by lexicon index
	termFirst []int     // by lexicon index: first token of a mention, or -1
	termEnd   []int     // by lexicon index: end of that mention
	termToks  int       // tokens covered by term mentions, for keyword density

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

	fillers map[string]int
	hedges  []string
	star    coach.Star
}

// termHit is a lexicon term found in the answer.
type termHit struct {
	name  string
	first int // token index of the first mention
	count int
}

// lexTerm is one canonical term with the phrases that count as it, each
// compiled to the stems of its words so that "dashboards" matches the
// term "dashboard" and matching is one map lookup per phrase. Concepts are
// internal: they let an answer meet a talking point in other words
// ("rehearse" covers "improve") but are never reported as job terms.
type lexTerm struct {
	name     string
	variants [][]string
	concept  bool
	numeric  bool // any figure in the answer counts as a mention
}

func compileTerm(name string, phrases []string, concept bool) lexTerm {
	t := lexTerm{name: name, concept: concept, variants: make([][]string, 0, len(phrases)+1)}
	if !concept {
		if v := phraseStems(name); len(v) > 0 {
			t.variants = append(t.variants, v)
		}
	}
	for _, p := range phrases {
		if v := phraseStems(p); len(v) > 0 {
			t.variants = append(t.variants, v)
		}
	}
	return t
}

// phraseStems tokenises a lexicon phrase the way answers are tokenised
// and returns the stems of its words.
func phraseStems(p string) []string {
	n := normalise(p)
	var out []string
	for i := 0; i < len(n); {
		r, size := utf8.DecodeRuneInString(n[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		end, curly := scanWord(n, i)
		w := n[i:end]
		if curly {
			w = straighten.Replace(w)
		}
		out = append(out, stem(w))
		i = end
	}
	return out
}

func analyse(q coach.Question, answer string, roleTerms []coach.Term, jobTerms []string) *analysis {
	d := newDoc(answer)
	a := &analysis{d: d, hits: scan(d), iPastAt: -1, firstNum: -1}
	for _, h := range a.hits {
		a.kinds[patterns[h.pat].kind]++
	}
	a.lex, a.lexKey = lexicon(roleTerms, jobTerms)
	a.countTokens()
	a.findTerms()
	a.collectPhrases()
	return a
}

// lexicon merges the role's terms with the job description's and the
// built-in concepts: a job term that names a role term or one of its
// synonyms is that term, so it is not counted twice. Role lexicons are compiled once and cached, since
// every answer in a role brings the same one.
func lexicon(roleTerms []coach.Term, jobTerms []string) ([]lexTerm, uint64) {
	role, key := roleLexicon(roleTerms)
	for _, j := range jobTerms {
		key = fnv(key, j)
	}
	lex := make([]lexTerm, 0, len(role)+len(jobTerms)+len(concepts))
	lex = append(lex, role...)
next:
	for _, j := range jobTerms {
		if strings.TrimSpace(j) == "" {
			continue
		}
		for _, t := range lex {
			if strings.EqualFold(t.name, j) {
				continue next
			}
		}
		for _, t := range roleTerms {
			for _, s := range t.Synonyms {
				if strings.EqualFold(s, j) {
					continue next
				}
			}
		}
		if t := compileTerm(j, nil, false); len(t.variants) > 0 {
			lex = append(lex, t)
		}
	}
	return append(lex, concepts...), key
}

// fnvBasis starts an FNV-1a hash.
const fnvBasis = uint64(14695981039346656037)

// fnv mixes s and a terminator into the FNV-1a hash h.
func fnv(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	h ^= 0xff
	h *= 1099511628211
	return h
}

// lexCache holds compiled role lexicons by a hash of their content. It is
// bounded: banks have a few dozen roles, and anything beyond the bound is
// simply compiled per call.
var lexCache struct {
	sync.Mutex
	m map[uint64][]lexTerm
}

const lexCacheMax = 256

func roleLexicon(terms []coach.Term) ([]lexTerm, uint64) {
	h := fnvBasis
	if len(terms) == 0 {
		return nil, h
	}
	for _, t := range terms {
		h = fnv(h, t.Term)
		for _, s := range t.Synonyms {
			h = fnv(h, s)
		}
		h = fnv(h, "")
	}
	lexCache.Lock()
	cached, ok := lexCache.m[h]
	lexCache.Unlock()
	if ok && sameTerms(cached, terms) {
		return cached, h
	}
	lex := make([]lexTerm, 0, len(terms))
	for _, t := range terms {
		if strings.TrimSpace(t.Term) == "" {
			continue
		}
		lex = append(lex, compileTerm(t.Term, t.Synonyms, false))
	}
	lexCache.Lock()
	if lexCache.m == nil {
		lexCache.m = make(map[uint64][]lexTerm)
	}
	if len(lexCache.m) < lexCacheMax {
		lexCache.m[h] = lex
	}
	lexCache.Unlock()
	return lex, h
}

// sameTerms guards the cache against a hash collision.
func sameTerms(lex []lexTerm, terms []coach.Term) bool {
	k := 0
	for _, t := range terms {
		if strings.TrimSpace(t.Term) == "" {
			continue
		}
		if k >= len(lex) || lex[k].name != t.Term {
			return false
		}
		k++
	}
	return k == len(lex)
}

func (a *analysis) findTerms() {
	d := a.d
	a.termFound = make([]bool, len(a.lex))
	a.termFirst = make([]int, len(a.lex))
	a.termEnd = make([]int, len(a.lex))
	covered := make([]uint64, len(d.toks)/64+1)
	for ti := range a.lex {
		t := &a.lex[ti]
		cov := covered
		if t.concept {
			cov = nil
		}
		first, n, count := -1, 0, 0
		for _, v := range t.variants {
			f, fn, c := d.findPhrase(v, cov)
			if c > 0 && (count == 0 || f < first) {
				first, n = f, fn
			}
			count += c
		}
		if t.numeric && a.firstNum >= 0 && (count == 0 || a.firstNum < first) {
			first, n, count = a.firstNum, 1, count+1
		}
		a.termFirst[ti] = first
		a.termEnd[ti] = first + n
		if count > 0 && t.concept {
			a.termFound[ti] = true
		} else if count > 0 {
			a.termFound[ti] = true
			a.terms = append(a.terms, termHit{name: t.name, first: first, count: count})
		}
	}
	sort.SliceStable(a.terms, func(i, j int) bool { return a.terms[i].first < a.terms[j].first })
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
// d, marking the tokens they cover (when covered is not nil), and returns
// the first one with its length in tokens.
func (d *doc) findPhrase(stems []string, covered []uint64) (first, length, count int) {
	first = -1
	pos := d.first(stems[0])
	n := len(stems)
	for ; pos >= 0; pos = d.next[pos] {
		p := int(pos)
		if p+n > len(d.stems) {
			continue
		}
		match := true
		for k := 1; k < n; k++ {
			if d.stems[p+k] != stems[k] {
				match = false
				break
			}
		}
		if !match {
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
	seenName := map[string]bool{}
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
			i > 0 && d.toks[i-1].sent == t.sent && !seenName[w] {
			seenName[w] = true
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
	a.numQuotes = append(a.numQuotes, d.raw[start:end])
}

// collectPhrases turns filler and hedge hits into the insight shapes and
// sets the STAR parts.
func (a *analysis) collectPhrases() {
	a.fillers = map[string]int{}
	a.hedges = []string{}
	for _, h := range a.hits {
		pt := &patterns[h.pat]
		switch pt.kind {
		case kFiller:
			a.fillers[pt.label]++
		case kHedge:
			if !contains(a.hedges, pt.label) {
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

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// fillerCount is the total number of filler words.
func (a *analysis) fillerCount() int {
	n := 0
	for _, c := range a.fillers {
		n += c
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
			out = append(out, q)
			if len(out) == max {
				break
			}
		}
	}
	return out
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
	sort.Slice(most, func(i, j int) bool {
		if most[i].Count != most[j].Count {
			return most[i].Count > most[j].Count
		}
		return most[i].Word < most[j].Word
	})
	if len(most) > 8 {
		most = most[:8]
	}
	fillers := make(map[string]int, len(a.fillers))
	for k, v := range a.fillers {
		fillers[k] = v
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

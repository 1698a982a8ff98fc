package rubric

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/interviewcoach/coach/coach"
)

// lexTerm is one canonical term with the phrases that count as it, each
// compiled to the stems of its words so that "dashboards" matches the
// term "dashboard". Concepts are internal: they let an answer meet a
// talking point in other words ("rehearse" covers "improve") but are never
// reported as job terms.
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

// lexicon is the role's terms, the job description's and the built-in
// concepts, compiled for matching. It is read-only once built and shared
// by every answer scored with the same terms.
type lexicon struct {
	terms []lexTerm
	// byFirst lists, by first stem, the variants that start with it, so
	// that a text is matched by looking up each of its distinct stems once
	// rather than each of the lexicon's hundreds of phrases.
	byFirst map[string][]varRef
}

// varRef is one variant of one term of a lexicon.
type varRef struct {
	term, variant int32
}

func newLexicon(terms []lexTerm) *lexicon {
	lx := &lexicon{terms: terms, byFirst: make(map[string][]varRef)}
	for ti, t := range terms {
		for vi, v := range t.variants {
			lx.byFirst[v[0]] = append(lx.byFirst[v[0]], varRef{int32(ti), int32(vi)})
		}
	}
	return lx
}

// conceptLexicon holds the concepts alone, for FollowUp.
var conceptLexicon = newLexicon(concepts)

// lexiconFor returns the compiled lexicon of an answer's role and job
// terms: the role's terms, then the job terms that are not already among
// them (see roleLex.added), then the concepts. Every answer of a session
// brings the same terms, so lexicons are cached by role and job terms; and
// since most job terms name a role term and add nothing, sessions whose job
// terms add the same (usually none) share one lexicon, and with it the
// analysed words of the questions they answer.
func lexiconFor(roleTerms []coach.Term, jobTerms []string) *lexicon {
	return roleLexiconFor(roleTerms).lexicon(jobTerms)
}

// roleLex is a role's terms compiled, with the lexicons built on them.
type roleLex struct {
	src   []coach.Term // a copy of the role's terms, to check cache hits against
	terms []lexTerm    // compiled, blank terms skipped

	mu      sync.Mutex
	byJobs  map[uint64]lexEntry // by hash of the job terms as given
	byAdded map[uint64]lexEntry // by hash of the job terms that add a term
}

// lexEntry is a cached lexicon with the job terms it is cached under.
type lexEntry struct {
	jobs []string
	lex  *lexicon
}

// lexiconsPerRole bounds each role's lexicon caches, which are emptied
// when full.
const lexiconsPerRole = 256

func (rl *roleLex) lexicon(jobTerms []string) *lexicon {
	h := hashStrings(jobTerms)
	rl.mu.Lock()
	e, ok := rl.byJobs[h]
	rl.mu.Unlock()
	if ok && slices.Equal(e.jobs, jobTerms) {
		return e.lex
	}
	added := rl.added(jobTerms)
	ha := hashStrings(added)
	rl.mu.Lock()
	ea, ok := rl.byAdded[ha]
	rl.mu.Unlock()
	lx := ea.lex
	if !ok || !slices.Equal(ea.jobs, added) {
		terms := make([]lexTerm, 0, len(rl.terms)+len(added)+len(concepts))
		terms = append(terms, rl.terms...)
		for _, j := range added {
			terms = append(terms, compileTerm(j, nil, false))
		}
		lx = newLexicon(append(terms, concepts...))
	}
	rl.mu.Lock()
	if len(rl.byJobs) >= lexiconsPerRole || len(rl.byAdded) >= lexiconsPerRole {
		rl.byJobs, rl.byAdded = nil, nil
	}
	if rl.byJobs == nil {
		rl.byJobs, rl.byAdded = make(map[uint64]lexEntry), make(map[uint64]lexEntry)
	}
	rl.byJobs[h] = lexEntry{jobs: slices.Clone(jobTerms), lex: lx}
	rl.byAdded[ha] = lexEntry{jobs: added, lex: lx}
	rl.mu.Unlock()
	return lx
}

// added returns the job terms that add a term to the role's, in order: a
// job term that names a role term or one of its synonyms, or an earlier
// job term, is that term, so it is not counted twice; blank terms and
// terms without a word are skipped.
func (rl *roleLex) added(jobTerms []string) []string {
	var out []string
next:
	for _, j := range jobTerms {
		if strings.TrimSpace(j) == "" {
			continue
		}
		for _, t := range rl.terms {
			if strings.EqualFold(t.name, j) {
				continue next
			}
		}
		for _, a := range out {
			if strings.EqualFold(a, j) {
				continue next
			}
		}
		for _, t := range rl.src {
			for _, s := range t.Synonyms {
				if strings.EqualFold(s, j) {
					continue next
				}
			}
		}
		if len(phraseStems(j)) > 0 {
			out = append(out, j)
		}
	}
	return out
}

// roleLexicons caches compiled roles by a cheap fingerprint of their
// terms; an entry is used only when its terms equal the caller's, so that
// two roles are never mixed up. Comparing strings that share their bytes,
// as terms from the banks do, costs far less than hashing them. Banks have
// a few dozen roles; the cache is emptied when full.
var roleLexicons struct {
	sync.Mutex
	m map[roleKey]*roleLex
}

const roleLexiconsMax = 256

// roleKey fingerprints a role's terms without reading all of them.
type roleKey struct {
	n           int
	first, last string // the first and last terms' names
}

func roleLexiconFor(terms []coach.Term) *roleLex {
	k := roleKey{n: len(terms)}
	if len(terms) > 0 {
		k.first, k.last = terms[0].Term, terms[len(terms)-1].Term
	}
	roleLexicons.Lock()
	rl, ok := roleLexicons.m[k]
	roleLexicons.Unlock()
	if ok && sameTerms(rl.src, terms) {
		return rl
	}
	rl = &roleLex{src: cloneTerms(terms), terms: make([]lexTerm, 0, len(terms))}
	for _, t := range terms {
		if strings.TrimSpace(t.Term) != "" {
			rl.terms = append(rl.terms, compileTerm(t.Term, t.Synonyms, false))
		}
	}
	roleLexicons.Lock()
	if roleLexicons.m == nil || len(roleLexicons.m) >= roleLexiconsMax {
		roleLexicons.m = make(map[roleKey]*roleLex)
	}
	roleLexicons.m[k] = rl
	roleLexicons.Unlock()
	return rl
}

func sameTerms(a, b []coach.Term) bool {
	return slices.EqualFunc(a, b, func(x, y coach.Term) bool {
		return x.Term == y.Term && slices.Equal(x.Synonyms, y.Synonyms)
	})
}

// cloneTerms copies terms so that a caller changing its slice later does
// not change what the cache compares against.
func cloneTerms(terms []coach.Term) []coach.Term {
	out := make([]coach.Term, len(terms))
	for i, t := range terms {
		out[i] = coach.Term{Term: t.Term, Synonyms: slices.Clone(t.Synonyms)}
	}
	return out
}

// hashStrings is an FNV-1a hash of a list of strings.
func hashStrings(s []string) uint64 {
	h := fnvBasis
	for _, v := range s {
		h = fnv(h, v)
	}
	return h
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

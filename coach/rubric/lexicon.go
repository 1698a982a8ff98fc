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
// terms: a job term that names a role term or one of its synonyms is that
// term, so it is not counted twice. Every answer of a session brings the
// same terms, so lexicons are cached, and so are the roles' compiled terms
// that they are merged from.
func lexiconFor(roleTerms []coach.Term, jobTerms []string) *lexicon {
	k := keyOf(roleTerms, jobTerms)
	if lx, ok := lexicons.get(k, roleTerms, jobTerms); ok {
		return lx
	}
	lx := newLexicon(mergeTerms(roleTerms, jobTerms))
	lexicons.put(k, roleTerms, jobTerms, lx)
	return lx
}

// roleLexicon compiles the role's terms, skipping blank ones.
func roleLexicon(terms []coach.Term) []lexTerm {
	k := keyOf(terms, nil)
	if lex, ok := roleLexicons.get(k, terms, nil); ok {
		return lex
	}
	lex := make([]lexTerm, 0, len(terms))
	for _, t := range terms {
		if strings.TrimSpace(t.Term) == "" {
			continue
		}
		lex = append(lex, compileTerm(t.Term, t.Synonyms, false))
	}
	roleLexicons.put(k, terms, nil, lex)
	return lex
}

// mergeTerms is the role's compiled terms, then the job terms not already
// among them, then the concepts.
func mergeTerms(roleTerms []coach.Term, jobTerms []string) []lexTerm {
	role := roleLexicon(roleTerms)
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
	return append(lex, concepts...)
}

var (
	lexicons     = termCache[*lexicon]{max: 1024}
	roleLexicons = termCache[[]lexTerm]{max: 256}
)

// termCache holds what is compiled from a set of role and job terms. It
// is looked up by a cheap fingerprint of the terms and an entry is used
// only when its terms equal the caller's, so that two sets of terms are
// never mixed up; comparing strings that share their bytes, as terms from
// the banks do, costs far less than hashing them. Banks have a few dozen
// roles and sessions a job description each; the cache is emptied when
// full.
type termCache[V any] struct {
	mu  sync.Mutex
	m   map[termKey]termEntry[V]
	max int
}

// termKey fingerprints terms without reading all of them.
type termKey struct {
	roles, jobs int
	first, last string // the first and last role terms' names
	jobHash     uint64
}

type termEntry[V any] struct {
	roleTerms []coach.Term
	jobTerms  []string
	v         V
}

func keyOf(roleTerms []coach.Term, jobTerms []string) termKey {
	k := termKey{roles: len(roleTerms), jobs: len(jobTerms), jobHash: fnvBasis}
	if len(roleTerms) > 0 {
		k.first, k.last = roleTerms[0].Term, roleTerms[len(roleTerms)-1].Term
	}
	for _, j := range jobTerms {
		k.jobHash = fnv(k.jobHash, j)
	}
	return k
}

func (c *termCache[V]) get(k termKey, roleTerms []coach.Term, jobTerms []string) (V, bool) {
	c.mu.Lock()
	e, ok := c.m[k]
	c.mu.Unlock()
	if ok && slices.Equal(e.jobTerms, jobTerms) && sameTerms(e.roleTerms, roleTerms) {
		return e.v, true
	}
	var zero V
	return zero, false
}

func (c *termCache[V]) put(k termKey, roleTerms []coach.Term, jobTerms []string, v V) {
	e := termEntry[V]{roleTerms: cloneTerms(roleTerms), jobTerms: slices.Clone(jobTerms), v: v}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= c.max {
		c.m = make(map[termKey]termEntry[V])
	}
	c.m[k] = e
	c.mu.Unlock()
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

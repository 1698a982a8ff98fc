package rubric

import (
	"hash/maphash"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// token is one word of a text. Its text is lower-cased and its offsets point
// into both the original and the normalised text: normalise keeps every
// rune's byte length, so the two share offsets and citations can quote the
// user's own spelling without a second tokenisation.
type token struct {
	s          string    // lower-case word
	start, end int32     // byte offsets
	sent       int32     // index of the sentence holding the word
	upper      bool      // the word starts with an upper-case letter in the original
	num        bool      // the word starts with a digit
	content    bool      // three letters or more, not a stop word or a number
	again      bool      // another token has the same stem
	cls        wclass    // the word's classes in the vocabulary
	sid        int32     // the id of the word's stem in its doc
	info       *wordInfo // nil for words the vocabulary does not know
}

// wclass is a bit set of the lexical classes a word belongs to. Each token
// looks its word up once in vocab; every later test is a bit test.
type wclass uint32

const (
	cStop wclass = 1 << iota
	cSpelled
	cI
	cWe
	cCalendar
	cVerb
	cIrregular
	cPastState
	cHypo
	cAdverb
	cUnit
	cMeta
)

// wordInfo is what the vocabulary knows about a word: its classes and the
// patterns that start with it. Every word a pattern uses has one, so that
// patterns can match tokens by their entry.
type wordInfo struct {
	cls  wclass
	pats []int16
}

var vocab map[string]*wordInfo

func (t *token) is(c wclass) bool { return t.cls&c != 0 }

// pats returns the ids of the patterns that start with t.
func (t *token) pats() []int16 {
	if t.info == nil {
		return nil
	}
	return t.info.pats
}

// buildVocab merges the word sets and the pattern index into one map.
func buildVocab() {
	vocab = make(map[string]*wordInfo, 2048)
	get := func(w string) *wordInfo {
		wi := vocab[w]
		if wi == nil {
			wi = &wordInfo{}
			vocab[w] = wi
		}
		return wi
	}
	for _, s := range []struct {
		set map[string]struct{}
		c   wclass
	}{
		{stopWords, cStop}, {spelled, cSpelled}, {iWords, cI}, {weWords, cWe}, {calendar, cCalendar},
		{commonVerb, cVerb}, {irregular, cIrregular}, {pastStates, cPastState}, {hypo, cHypo}, {adverbs, cAdverb},
		{units, cUnit}, {metaWords, cMeta},
	} {
		for w := range s.set {
			get(w).cls |= s.c
		}
	}
	for w, ids := range patIndex {
		get(w).pats = ids
	}
	for i := range patterns {
		for _, sl := range patterns[i].slots {
			for _, a := range sl.alts {
				if a != "<num>" {
					get(a)
				}
			}
		}
	}
	for i := range patterns {
		for k := range patterns[i].slots {
			patterns[i].slots[k].resolve()
		}
	}
}

// sentence is a run of tokens ended by '.', '!', '?' or a line break.
type sentence struct {
	first, last int32 // token range [first, last)
	question    bool  // ended with '?'
}

// doc is a tokenised text with the indexes every rubric line needs, built
// once per answer so that no scoring step scans the raw text again.
type doc struct {
	raw   string
	norm  string
	toks  []token
	sents []sentence
	words int      // whitespace-separated words, as coach.CountWords counts them
	stems []string // stem of each token
	// Each distinct stem has an id, in order of first use: stemID finds it
	// and at holds its first token. next chains each token to the next one
	// with the same stem, so that a phrase lookup walks only the places its
	// first word occurs and per-stem counts need no map iteration.
	slots []int32 // open-addressing table of stem id+1 (0: empty), see stemID
	at    []int32 // by stem id: first token
	next  []int32 // by token: next token with the same stem, or -1
	last  []int32 // by stem id: last token, while indexing
}

// normalise lower-cases s rune by rune, keeping each rune's byte length so
// that offsets into the result are offsets into s.
func normalise(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	done := 0 // s[:done] is written
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				b.WriteString(s[done:i])
				b.WriteByte(c + 'a' - 'A')
				done = i + 1
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if l := unicode.ToLower(r); l != r && utf8.RuneLen(l) == size {
			b.WriteString(s[done:i])
			b.WriteRune(l)
			done = i + size
		}
		i += size
	}
	b.WriteString(s[done:])
	return b.String()
}

// straighten turns typographic apostrophes into ASCII ones so that "I’m"
// and "I'm" are the same word.
var straighten = strings.NewReplacer("’", "'", "ʼ", "'")

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return wordBytes[r]
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// wordBytes marks the ASCII characters that are word runes, since nearly
// every character an answer holds is tested.
var wordBytes = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_'
	}
	return t
}()

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

// scanWord returns the end of the word starting at i (s[i] starts a word
// rune) and whether it holds a typographic apostrophe to be straightened.
// Apostrophes inside words ("don't"), and '.', ',', '/', ':' between digits
// ("3.5", "1,200", "10/10", "9:30") stay in the word; "c++" and "c#" keep
// their sign so that role terms like them match on word boundaries.
func scanWord(s string, i int) (end int, curly bool) {
	start := i
	j := i
	for j < len(s) {
		c := s[j]
		if c < utf8.RuneSelf {
			if wordBytes[c] {
				j++
				continue
			}
			if c == '\'' && j > start && j+1 < len(s) && isLetterAt(s, j+1) {
				j++
				continue
			}
			if (c == '.' || c == ',' || c == '/' || c == ':') && isDigit(s[j-1]) && j+1 < len(s) && isDigit(s[j+1]) {
				j++
				continue
			}
			break
		}
		r, size := utf8.DecodeRuneInString(s[j:])
		if isWordRune(r) {
			j += size
			continue
		}
		if isApostrophe(r) && j > start && j+size < len(s) && isLetterAt(s, j+size) {
			curly = true
			j += size
			continue
		}
		break
	}
	if j < len(s) && (s[j] == '+' || s[j] == '#') && j-start <= 2 && allLetters(s[start:j]) {
		j++
		if j < len(s) && s[j] == '+' && s[j-1] == '+' {
			j++
		}
	}
	return j, curly
}

func isLetterAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

func allLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 'a' || c > 'z' {
			if c < 'A' || c > 'Z' {
				return false
			}
		}
	}
	return len(s) > 0
}

// newDoc tokenises text once and builds the indexes the scorer uses.
// A doc's buffers are recycled: an answer's tokens and indexes are most of
// what scoring allocates, and they are dropped as soon as its evaluation is
// built. Strings taken from a doc point into its text, never into the
// buffers, so they stay valid after release.
func newDoc(text string) *doc {
	d := docs.Get().(*doc)
	d.raw, d.norm, d.words = text, normalise(text), 0
	d.tokenize()
	d.index()
	return d
}

var docs = sync.Pool{New: func() any { return new(doc) }}

// maxPooledTokens bounds the buffers kept for reuse, so that one very long
// answer does not pin its buffers for every later short one.
const maxPooledTokens = 4096

// release hands d's buffers back for reuse. Neither d nor any slice of its
// tokens or indexes may be used afterwards.
func (d *doc) release() {
	if cap(d.toks) > maxPooledTokens {
		return
	}
	d.raw, d.norm = "", ""
	docs.Put(d)
}

// reuse returns s resliced to n elements, reallocating only if it is too
// small. The caller sets every element.
func reuse[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

func (d *doc) tokenize() {
	s := d.norm
	d.toks = slices.Grow(d.toks[:0], len(s)/5+1)
	d.sents = slices.Grow(d.sents[:0], len(s)/60+1)
	sentFirst := int32(0)
	closeSentence := func(question bool) {
		n := int32(len(d.toks))
		if n > sentFirst {
			d.sents = append(d.sents, sentence{first: sentFirst, last: n, question: question})
			sentFirst = n
		} else if question && len(d.sents) > 0 && d.sents[len(d.sents)-1].last == n {
			// "?!" or "??": the question mark still belongs to the last sentence.
			d.sents[len(d.sents)-1].question = true
		}
	}
	inWord := false
	for i := 0; i < len(s); {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\r' {
			inWord = false
			i++
			continue
		}
		if c == '\n' {
			inWord = false
			closeSentence(false)
			i++
			continue
		}
		if !inWord {
			d.words++
			inWord = true
		}
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				inWord = false
				i += size
				continue
			}
		}
		if isWordRune(r) {
			end, curly := scanWord(s, i)
			w := s[i:end]
			if curly {
				w = straighten.Replace(w)
			}
			o, _ := utf8.DecodeRuneInString(d.raw[i:])
			d.toks = append(d.toks, token{
				s: w, start: int32(i), end: int32(end),
				sent: int32(len(d.sents)), upper: unicode.IsUpper(o), num: isDigit(c),
			})
			i = end
			continue
		}
		switch c {
		case '?':
			closeSentence(true)
		case '.', '!':
			if i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\n' || s[i+1] == '\r' || s[i+1] == '\t' || s[i+1] == '"' || s[i+1] == ')' {
				closeSentence(false)
			}
		}
		i += size
	}
	closeSentence(false)
	// Tokens were stamped with the sentence count at the time they were
	// read; a sentence closed later keeps that index, so no fix-up is needed.
}

func (d *doc) index() {
	n := len(d.toks)
	size := 16 // at least twice the stems, so that probes stay short and end
	for size < 2*n {
		size *= 2
	}
	d.slots = reuse(d.slots, size)
	clear(d.slots)
	d.next = reuse(d.next, n)
	d.stems = reuse(d.stems, n)
	d.at = slices.Grow(d.at[:0], n/2+1)
	d.last = slices.Grow(d.last[:0], n/2+1)
	last := d.last // by stem id: the latest token so far
	// Walking forwards, a stem is stored in the table once, when first
	// seen; later tokens only link from the previous occurrence.
	for i := range d.toks {
		t := &d.toks[i]
		w := t.s
		st := stem(w)
		d.stems[i] = st
		d.next[i] = -1
		if id, slot := d.stemID(st); id >= 0 {
			t.sid = id
			prev := &d.toks[last[id]]
			prev.again, t.again = true, true
			d.next[last[id]] = int32(i)
			last[id] = int32(i)
			if prev.s == w {
				// The same word again: no need to look it up.
				t.cls, t.info = prev.cls, prev.info
			} else if wi := vocab[w]; wi != nil {
				t.cls, t.info = wi.cls, wi
			}
		} else {
			t.sid = int32(len(d.at))
			d.slots[slot] = t.sid + 1
			d.at = append(d.at, int32(i))
			last = append(last, int32(i))
			if wi := vocab[w]; wi != nil {
				t.cls, t.info = wi.cls, wi
			}
		}
		t.content = len(w) >= 3 && !t.num && t.cls&cStop == 0
	}
	d.last = last
}

// stemID returns the id of stem st, or -1 and the empty slot where it
// belongs. The table is a power-of-two slice probed linearly from the
// stem's hash: a recycled doc clears a slice rather than a map, and a miss
// is inserted without hashing again.
func (d *doc) stemID(st string) (id int32, slot int) {
	mask := len(d.slots) - 1
	for i := int(maphash.String(stemSeed, st)) & mask; ; i = (i + 1) & mask {
		s := d.slots[i]
		if s == 0 {
			return -1, i
		}
		if d.stems[d.at[s-1]] == st {
			return s - 1, i
		}
	}
}

var stemSeed = maphash.MakeSeed()

// contentStems calls fn for each stem used by content words, with the
// first such word and how many content words share the stem, in order of
// the stems' first use.
func (d *doc) contentStems(fn func(word string, count int)) {
	for _, pos := range d.at {
		word, n := "", 0
		for p := pos; p >= 0; p = d.next[p] {
			if t := &d.toks[p]; t.content {
				if n == 0 {
					word = t.s
				}
				n++
			}
		}
		if n > 0 {
			fn(word, n)
		}
	}
}

// has reports whether some word of d has the stem of w.
func (d *doc) has(w string) bool {
	id, _ := d.stemID(stem(w))
	return id >= 0
}

// tok returns the lower-case token at i, or "" out of range, so that
// look-behind and look-ahead checks need no bounds tests.
func (d *doc) tok(i int) string {
	if i < 0 || i >= len(d.toks) {
		return ""
	}
	return d.toks[i].s
}

// span returns the original text of tokens [i, j), with runs of white space
// folded so that a quote fits on one line.
func (d *doc) span(i, j int) string {
	if i >= j || i < 0 || j > len(d.toks) {
		return ""
	}
	s := d.raw[d.toks[i].start:d.toks[j-1].end]
	if strings.ContainsAny(s, "\n\r\t") || strings.Contains(s, "  ") {
		s = strings.Join(strings.Fields(s), " ")
	}
	return s
}

// charAfter returns the first non-space byte after token i, or 0.
func (d *doc) charAfter(i int) byte {
	for k := int(d.toks[i].end); k < len(d.norm); k++ {
		if c := d.norm[k]; c != ' ' && c != '\t' {
			return c
		}
	}
	return 0
}

// charBefore returns the last non-space byte before token i, or 0.
func (d *doc) charBefore(i int) byte {
	for k := int(d.toks[i].start) - 1; k >= 0; k-- {
		if c := d.norm[k]; c != ' ' && c != '\t' {
			return c
		}
	}
	return 0
}

// stem strips the commonest English inflections (plural, -ing, -ed, a final
// -y or -e) without allocating, so that "partitioned", "partitioning" and
// "partition" compare equal. It is deliberately light: it only has to make
// the words of an answer meet the words of a rubric.
func stem(w string) string {
	if n := len(w); n > 3 && (w[n-2:] == "'s" || w[n-2:] == "s'") {
		w = w[:n-2]
	}
	n := len(w)
	if n <= 3 {
		return w
	}
	switch {
	case n > 4 && strings.HasSuffix(w, "ies"):
		w = w[:n-3]
	case strings.HasSuffix(w, "sses"):
		w = w[:n-2]
	case n > 4 && strings.HasSuffix(w, "es") && strings.ContainsRune("sxzh", rune(w[n-3])):
		w = w[:n-2]
	case w[n-1] == 's' && w[n-2] != 's' && w[n-2] != 'u' && w[n-2] != 'i':
		w = w[:n-1]
	}
	n = len(w)
	switch {
	case n >= 6 && strings.HasSuffix(w, "ing"):
		w = undouble(w[:n-3])
	case n >= 5 && strings.HasSuffix(w, "ed") && w[n-3] != 'e':
		w = undouble(w[:n-2])
	}
	n = len(w)
	if n > 3 && (w[n-1] == 'y' || w[n-1] == 'e') {
		w = w[:n-1]
	}
	return w
}

// undouble turns "runn" into "run" and "plann" into "plan".
func undouble(w string) string {
	n := len(w)
	if n >= 3 && w[n-1] == w[n-2] && !strings.ContainsRune("lsz", rune(w[n-1])) && !strings.ContainsRune("aeiou", rune(w[n-1])) {
		return w[:n-1]
	}
	return w
}

// stopWords carry no meaning of their own. The last line holds the words
// every interview question uses ("tell me about a time"), which say nothing
// about its topic.
var stopWords = setOf(`a about above actually after again against all almost also although always am an and any
anyone anything are aren't around as at basically be because been before being below between both but by
can can't cannot could couldn't did didn't do does doesn't doing don't down during each either else even
ever every few for from further get gets getting got had hadn't has hasn't have haven't having he he'd
he'll he's her here here's hers herself him himself his how how's however i i'd i'll i'm i've if in into
is isn't it it's its itself just let's like literally lot lots me more most much must mustn't my myself
no nor not now of off often on once one only or other others ought our ours ourselves out over own per
quite rather really same shan't she she'd she'll she's should shouldn't so some something such than that
that's the their theirs them themselves then there there's these they they'd they'll they're they've
thing things this those though through thus to too um uh under until up upon us very was wasn't we we'd
we'll we're we've well were weren't what what's when when's where where's whether which while who who's
whom why why's will with within without won't would wouldn't yeah yes yet you you'd you'll you're you've
your yours yourself yourselves
tell describe give share explain talk walk example time times want way ways sure okay ok etc`)

// setOf builds a set from white-space separated words.
func setOf(words string) map[string]struct{} {
	f := strings.Fields(words)
	m := make(map[string]struct{}, len(f))
	for _, w := range f {
		m[w] = struct{}{}
	}
	return m
}

func in(set map[string]struct{}, w string) bool {
	_, ok := set[w]
	return ok
}

package redisstore

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/interviewcoach/coach/coach"
)

// Readiness states are stored in a compact binary form. Every scored answer
// reads, updates and writes its user's state for the role and round, so the
// encoding is on the hottest path there is: as JSON a practised state is
// about 9 KB, costs more to decode and encode than scoring the answer, and
// every answer appended that much to the append-only file. This form is
// about a fifth of the size and an order of magnitude cheaper.
//
// Layout (version 1): the version byte, then the fields of
// coach.ReadinessState in declaration order. Strings and counts are
// uvarints (a string's length, then its bytes); ints are varints; floats
// are their 8 IEEE-754 bytes, little-endian, so they round-trip exactly;
// a time is varint seconds and uvarint nanoseconds since 1970 (the zero
// time included); a day is a varint day number since 1970. Maps are
// written in their iteration order: the compare-and-set of
// SaveScoredAnswer compares what it read with what is stored, never two
// encodings of one state, so sorting would only cost time.
//
// States written before this form are JSON objects and start with '{',
// which no version byte is; they are read as JSON and rewritten in this
// form by the next answer.
const readinessV1 = 1

// encodeReadiness returns the stored form of st. It refuses what
// decodeReadiness would (a number that is not finite, a time outside the
// years 1–9999): a state that cannot be read back would stop every later
// answer of the round from being scored.
func encodeReadiness(st *coach.ReadinessState) ([]byte, error) {
	if err := encodable(st); err != nil {
		return nil, fmt.Errorf("redisstore: encode readiness: %w", err)
	}
	b := make([]byte, 0, 256+48*len(st.Questions)+12*len(st.Trend))
	b = append(b, readinessV1)
	b = appendString(b, st.Role)
	b = appendString(b, string(st.Track))
	b = appendStat(b, st.Overall)
	for _, m := range []map[string]*coach.RunningStat{st.Categories, st.Criteria} {
		b = binary.AppendUvarint(b, uint64(len(m)))
		for k, rs := range m {
			b = appendString(b, k)
			if rs == nil {
				rs = &coach.RunningStat{}
			}
			b = appendStat(b, *rs)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(st.Questions)))
	for k, q := range st.Questions {
		b = appendString(b, k)
		b = binary.AppendVarint(b, int64(q.Last))
		b = binary.AppendVarint(b, int64(q.Best))
		b = binary.AppendVarint(b, int64(q.Attempts))
		b = appendTime(b, q.At)
		b = appendString(b, q.Category)
	}
	b = binary.AppendUvarint(b, uint64(len(st.Trend)))
	for _, p := range st.Trend {
		b = appendTime(b, p.At)
		b = binary.AppendVarint(b, int64(p.Score))
	}
	b = binary.AppendUvarint(b, uint64(len(st.Days)))
	for _, d := range st.Days {
		day, ok := dayNumber(d)
		if !ok {
			return nil, fmt.Errorf("redisstore: encode readiness: day %q is not a date", d)
		}
		b = binary.AppendVarint(b, day)
	}
	b = appendTime(b, st.Last)
	b = binary.AppendUvarint(b, uint64(len(st.Salary)))
	for _, s := range st.Salary {
		b = appendFloat(b, s.Min)
		b = appendFloat(b, s.Max)
		b = appendString(b, s.Currency)
		b = appendString(b, s.Text)
		b = appendString(b, s.Question)
		b = appendTime(b, s.At)
	}
	return b, nil
}

func encodable(st *coach.ReadinessState) error {
	if !finiteStat(st.Overall) || !inRange(st.Last) {
		return errors.New("overall statistic or last practice out of range")
	}
	for _, m := range []map[string]*coach.RunningStat{st.Categories, st.Criteria} {
		for name, rs := range m {
			if rs != nil && !finiteStat(*rs) {
				return fmt.Errorf("statistic %q is not finite", name)
			}
		}
	}
	for id, q := range st.Questions {
		if !inRange(q.At) {
			return fmt.Errorf("question %q: time %v out of range", id, q.At)
		}
	}
	for _, p := range st.Trend {
		if !inRange(p.At) {
			return fmt.Errorf("trend time %v out of range", p.At)
		}
	}
	for _, s := range st.Salary {
		if !finite(s.Min) || !finite(s.Max) || !inRange(s.At) {
			return fmt.Errorf("salary statement %q out of range", s.Text)
		}
	}
	return nil
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

func finiteStat(s coach.RunningStat) bool { return finite(s.Mean) && finite(s.Var) }

// inRange reports whether t is within the years 1–9999.
func inRange(t time.Time) bool {
	sec := t.Unix()
	return sec >= firstDay*86400 && sec < (lastDay+1)*86400
}

// decodeReadiness reads a stored state in either form. The strings of the
// state (question ids above all) share data's memory rather than being
// copied one by one.
func decodeReadiness(data string, what string) (coach.ReadinessState, error) {
	var st coach.ReadinessState
	if len(data) > 0 && data[0] == '{' {
		err := json.Unmarshal([]byte(data), &st)
		if err != nil {
			err = fmt.Errorf("redisstore: decode %s: %w", what, err)
		}
		return st, err
	}
	r := reader{b: data}
	if v := r.byte(); v != readinessV1 {
		return st, fmt.Errorf("redisstore: decode %s: unknown readiness format %d", what, v)
	}
	st.Role = r.string()
	st.Track = coach.Track(r.string())
	st.Overall = r.stat()
	// Maps come back empty rather than nil, as from JSON.
	st.Categories = r.stats()
	st.Criteria = r.stats()
	cats := make([]string, 0, len(st.Categories))
	for name := range st.Categories {
		cats = append(cats, name)
	}
	n := r.count()
	st.Questions = make(map[string]coach.QuestionStat, n)
	for range n {
		id := r.string()
		q := coach.QuestionStat{Last: r.int(), Best: r.int(), Attempts: r.int(), At: r.time()}
		q.Category = r.category(cats)
		st.Questions[id] = q
	}
	if n := r.count(); n > 0 {
		st.Trend = make([]coach.TrendPoint, n)
		for i := range st.Trend {
			st.Trend[i] = coach.TrendPoint{At: r.time(), Score: r.int()}
		}
	}
	if n := r.count(); n > 0 {
		st.Days = make([]string, n)
		for i := range st.Days {
			st.Days[i] = r.day()
		}
	}
	st.Last = r.time()
	if n := r.count(); n > 0 {
		st.Salary = make([]coach.SalaryStatement, n)
		for i := range st.Salary {
			st.Salary[i] = coach.SalaryStatement{Min: r.float(), Max: r.float(), Currency: r.string(), Text: r.string(), Question: r.string(), At: r.time()}
		}
	}
	if r.err == nil && len(r.b) > 0 {
		r.err = errors.New("trailing bytes")
	}
	if r.err != nil {
		return coach.ReadinessState{}, fmt.Errorf("redisstore: decode %s: %w", what, r.err)
	}
	return st, nil
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendFloat(b []byte, f float64) []byte {
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
}

func appendStat(b []byte, s coach.RunningStat) []byte {
	b = binary.AppendVarint(b, int64(s.N))
	b = appendFloat(b, s.Mean)
	return appendFloat(b, s.Var)
}

func appendTime(b []byte, t time.Time) []byte {
	b = binary.AppendVarint(b, t.Unix())
	return binary.AppendUvarint(b, uint64(t.Nanosecond()))
}

// reader reads the encoding; the first error sticks and later reads
// return zero values, so decodeReadiness checks once at the end.
type reader struct {
	b   string
	err error
}

func (r *reader) fail(what string) {
	if r.err == nil {
		r.err = fmt.Errorf("truncated or corrupt %s", what)
	}
	r.b = ""
}

func (r *reader) byte() byte {
	if len(r.b) < 1 {
		r.fail("version")
		return 0
	}
	v := r.b[0]
	r.b = r.b[1:]
	return v
}

// uvarint is binary.Uvarint on a string.
func (r *reader) uvarint() uint64 {
	var v uint64
	for i := 0; i < len(r.b) && i < binary.MaxVarintLen64; i++ {
		c := r.b[i]
		if i == binary.MaxVarintLen64-1 && c > 1 {
			break // more than 64 bits
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			r.b = r.b[i+1:]
			return v
		}
	}
	r.fail("number")
	return 0
}

// varint is binary.Varint on a string (zig-zag).
func (r *reader) varint() int64 {
	u := r.uvarint()
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	return v
}

func (r *reader) int() int {
	v := r.varint()
	if v < math.MinInt32 || v > math.MaxInt32 {
		r.fail("number")
		return 0
	}
	return int(v)
}

// count reads a length and checks that at least that many bytes remain
// (every element takes one or more), so corrupt input cannot make the
// decoder allocate without bound.
func (r *reader) count() int {
	v := r.uvarint()
	if v > uint64(len(r.b)) {
		r.fail("length")
		return 0
	}
	return int(v)
}

func (r *reader) string() string {
	n := r.count()
	s := r.b[:n]
	r.b = r.b[n:]
	return s
}

// category reads a question's category, sharing the string of the
// category's own statistic (every question's category has one), so a
// state of hundreds of questions does not hold hundreds of copies.
func (r *reader) category(cats []string) string {
	n := r.count()
	raw := r.b[:n]
	r.b = r.b[n:]
	for _, name := range cats {
		if name == raw {
			return name
		}
	}
	return raw
}

func (r *reader) float() float64 {
	if len(r.b) < 8 {
		r.fail("number")
		return 0
	}
	var u uint64
	for i := 7; i >= 0; i-- {
		u = u<<8 | uint64(r.b[i])
	}
	v := math.Float64frombits(u)
	r.b = r.b[8:]
	if !finite(v) {
		r.fail("number") // means, variances and salaries are finite
		return 0
	}
	return v
}

func (r *reader) time() time.Time {
	sec := r.varint()
	nsec := r.uvarint()
	t := time.Unix(sec, int64(nsec)).UTC()
	if nsec >= 1e9 || !inRange(t) {
		r.fail("time")
		return time.Time{}
	}
	return t
}

// Day numbers of 0001-01-01 and 9999-12-31: the dates a day string holds,
// and the range of times this encoding reads back.
const firstDay, lastDay = -719162, 2932896

func (r *reader) day() string {
	d := r.varint()
	if d < firstDay || d > lastDay {
		r.fail("day")
		return ""
	}
	return dayString(d)
}

// dayNumber and dayString convert between "2006-01-02" and days since
// 1970-01-01 with the proleptic Gregorian calendar (Howard Hinnant's
// days_from_civil and civil_from_days). A practised state holds hundreds
// of days, and time.Parse and Format cost more than all the rest of its
// decoding and encoding.
func dayNumber(s string) (int64, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	num := func(part string) (int64, bool) {
		var v int64
		for i := 0; i < len(part); i++ {
			c := part[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int64(c-'0')
		}
		return v, true
	}
	y, ok1 := num(s[:4])
	m, ok2 := num(s[5:7])
	d, ok3 := num(s[8:])
	if !ok1 || !ok2 || !ok3 || y < 1 || m < 1 || m > 12 || d < 1 || d > int64(daysIn(y, m)) {
		return 0, false
	}
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468, true
}

func dayString(n int64) string {
	n += 719468
	era := n / 146097
	if n < 0 {
		era = (n - 146096) / 146097
	}
	doe := n - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	b := [10]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + m/10), byte('0' + m%10), '-', byte('0' + d/10), byte('0' + d%10)}
	return string(b[:])
}

func daysIn(y, m int64) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func (r *reader) stat() coach.RunningStat {
	return coach.RunningStat{N: r.int(), Mean: r.float(), Var: r.float()}
}

func (r *reader) stats() map[string]*coach.RunningStat {
	n := r.count()
	m := make(map[string]*coach.RunningStat, n)
	for range n {
		k := r.string()
		s := r.stat()
		m[k] = &s
	}
	return m
}

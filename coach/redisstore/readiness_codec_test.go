package redisstore

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/interviewcoach/coach/coach"
)

// practisedState is a state after months of practice: every question of
// a round tried, the trend full, salaries stated, a coach's override.
func practisedState() coach.ReadinessState {
	st := coach.ReadinessState{Role: "software-engineer", Track: coach.TrackUser}
	cats := []string{coach.CatTechnical, coach.CatBehavioural, coach.CatSituational, coach.CatProblemSolving}
	at := time.Date(2026, 3, 1, 9, 30, 0, 123456789, time.UTC)
	for i := range 150 {
		q := coach.Question{ID: "swe-" + string(rune('a'+i%26)) + string(rune('a'+i%7)), Category: cats[i%len(cats)]}
		crit := []coach.Criterion{{Name: "structure", Score: 40 + i%50}, {Name: "evidence", Score: 90 - i%40}, {Name: "clarity", Score: 65}}
		st.Add(q, 35+(i*7)%60, crit, at, cats)
		at = at.Add(time.Duration(i%3) * 26 * time.Hour).Add(17 * time.Minute)
	}
	st.AddSalary(coach.SalaryStatement{Min: 85000, Max: 95000.5, Currency: "€", Text: "Between 85k and 95k — “base”", Question: "hr-sal-1", At: at})
	st.AddSalary(coach.SalaryStatement{Min: 1e6, Max: 1e6, Text: "a million", At: time.Time{}})
	return st
}

func TestReadinessCodecRoundTrip(t *testing.T) {
	for name, st := range map[string]coach.ReadinessState{
		"practised": practisedState(),
		// A state that only has its keys set; maps come back empty, not nil.
		"empty": {Role: "r", Track: coach.TrackHR, Categories: map[string]*coach.RunningStat{},
			Criteria: map[string]*coach.RunningStat{}, Questions: map[string]coach.QuestionStat{}},
	} {
		t.Run(name, func(t *testing.T) {
			data, err := encodeReadiness(&st)
			if err != nil {
				t.Fatal(err)
			}
			got, err := decodeReadiness(string(data), name)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, st) {
				t.Fatalf("round trip changed the state:\n got %+v\nwant %+v", got, st)
			}
			again, _ := encodeReadiness(&got)
			if len(again) != len(data) {
				t.Fatalf("equal states encode to %d and %d bytes", len(again), len(data))
			}
		})
	}
}

// TestReadinessCodecSize: the point of the encoding is a smaller, cheaper
// state on every answer's write; it stays well under the JSON.
func TestReadinessCodecSize(t *testing.T) {
	st := practisedState()
	data, err := encodeReadiness(&st)
	if err != nil {
		t.Fatal(err)
	}
	js, _ := json.Marshal(st)
	t.Logf("practised state: %d bytes encoded, %d as JSON", len(data), len(js))
	if len(data)*3 > len(js) {
		t.Fatalf("encoded state is %d bytes, JSON %d: want under a third", len(data), len(js))
	}
}

// TestReadinessCodecReadsJSON: states written before the binary form are
// still read.
func TestReadinessCodecReadsJSON(t *testing.T) {
	st := practisedState()
	js, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeReadiness(string(js), "legacy")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, st) {
		t.Fatalf("JSON state read as %+v", got)
	}
}

// TestReadinessCodecRejectsDamage: every truncation, an unknown version and
// trailing bytes are errors, never a panic or a half-read state.
func TestReadinessCodecRejectsDamage(t *testing.T) {
	st := practisedState()
	data, err := encodeReadiness(&st)
	if err != nil {
		t.Fatal(err)
	}
	for n := 0; n < len(data); n++ {
		if _, err := decodeReadiness(string(data[:n]), "cut"); err == nil {
			t.Fatalf("state cut to %d of %d bytes decoded without error", n, len(data))
		}
	}
	if _, err := decodeReadiness(string(append([]byte{9}, data[1:]...)), "v9"); err == nil {
		t.Fatal("unknown version decoded")
	}
	if _, err := decodeReadiness(string(append(data, 0)), "long"); err == nil {
		t.Fatal("trailing byte accepted")
	}
	for name, bad := range map[string]coach.ReadinessState{
		"a day that is not a date":    {Days: []string{"yesterday"}},
		"a mean that is not a number": {Overall: coach.RunningStat{N: 1, Mean: math.NaN()}},
		"an infinite salary":          {Salary: []coach.SalaryStatement{{Min: 1, Max: math.Inf(1)}}},
		"a time past the year 9999":   {Trend: []coach.TrendPoint{{At: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}}},
	} {
		if _, err := encodeReadiness(&bad); err == nil {
			t.Fatalf("%s was encoded", name)
		}
	}
}

// TestDayNumbers: the day conversion agrees with the time package on every
// day from 0001-01-01 to 9999-12-31, and rejects what is not a date.
func TestDayNumbers(t *testing.T) {
	day := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	for n := int64(firstDay); n <= lastDay; n++ {
		want := day.Format(time.DateOnly)
		if n != day.Unix()/86400 {
			t.Fatalf("day %s is %d since 1970, range constant says %d", want, day.Unix()/86400, n)
		}
		if got := dayString(n); got != want {
			t.Fatalf("dayString(%d) = %s, want %s", n, got, want)
		}
		if got, ok := dayNumber(want); !ok || got != n {
			t.Fatalf("dayNumber(%s) = %d %v, want %d", want, got, ok, n)
		}
		day = day.AddDate(0, 0, 1)
	}
	for _, bad := range []string{"", "2026-02-29", "2024-13-01", "2024-00-10", "2024-01-32", "0000-01-01", "2024/01/01", "2024-1-010", "２０２４-01-01"} {
		if _, ok := dayNumber(bad); ok {
			t.Errorf("%q read as a date", bad)
		}
	}
}

// FuzzReadinessDecode: whatever Redis hands back, decoding does not panic
// or allocate without bound, and what decodes re-encodes to a state that
// decodes the same.
func FuzzReadinessDecode(f *testing.F) {
	st := practisedState()
	data, _ := encodeReadiness(&st)
	f.Add(data)
	js, _ := json.Marshal(st)
	f.Add(js)
	small := coach.ReadinessState{Role: "r", Track: coach.TrackHR}
	small.Add(coach.Question{ID: "q", Category: coach.CatSalary}, 70, nil, time.Unix(1700000000, 5), []string{coach.CatSalary})
	data, _ = encodeReadiness(&small)
	f.Add(data)
	f.Fuzz(func(t *testing.T, in []byte) {
		got, err := decodeReadiness(string(in), "fuzz")
		if err != nil || len(in) == 0 || in[0] == '{' {
			return
		}
		out, err := encodeReadiness(&got)
		if err != nil {
			t.Fatalf("decoded state does not encode: %v", err)
		}
		again, err := decodeReadiness(string(out), "again")
		if err != nil || !reflect.DeepEqual(again, got) {
			t.Fatalf("re-encoded state decodes differently: %v", err)
		}
	})
}

// BenchmarkReadinessCodec: decode, update and encode of a practised state,
// what every scored answer costs here.
func BenchmarkReadinessCodec(b *testing.B) {
	st := practisedState()
	data, err := encodeReadiness(&st)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		got, err := decodeReadiness(string(data), "bench")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := encodeReadiness(&got); err != nil {
			b.Fatal(err)
		}
	}
}

package web

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/interviewcoach/coach/coach"
)

// The readiness trend as a server-rendered SVG: no chart library and no
// script, only geometry computed here and drawn by the template with SVG
// presentation attributes (which the Content-Security-Policy allows, unlike
// inline styles).

// Chart geometry in viewBox units; the SVG scales to its container.
const (
	chartW, chartH         = 400, 190
	chartLeft, chartRight  = 34, 10
	chartTop, chartBottom  = 12, 28
	chartPlotW, chartPlotH = chartW - chartLeft - chartRight, chartH - chartTop - chartBottom
)

// trendChart is what the "trend-chart" template draws.
type trendChart struct {
	W, H int
	// X1 and X2 bound the plot; LabelX and LabelY place the axis labels.
	X1, X2, LabelX, LabelY int
	// Line is the polyline's points; Area closes it down to the axis.
	Line, Area string
	Dots       []chartDot
	Grid       []chartGrid
	// XLabels are the dates under the first and last points.
	XLabels []chartLabel
	// Desc says in words what the chart shows, for screen readers.
	Desc  string
	Empty bool
}

type chartDot struct {
	X, Y  string
	Score int
	At    time.Time
}

type chartGrid struct {
	Y, Label string
	// Kind is "ready" or "getting" for the verdict thresholds, "" otherwise.
	Kind string
}

type chartLabel struct {
	X, Text, Anchor string
}

// num formats a coordinate with one decimal, trimming ".0".
func num(f float64) string {
	return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64)
}

// newTrendChart lays out points (oldest first) evenly along the x axis:
// each point is one answer, so the spacing shows practice, not calendar
// gaps, and the dates sit under the ends.
func newTrendChart(points []coach.TrendPoint) trendChart {
	ch := trendChart{W: chartW, H: chartH, X1: chartLeft, X2: chartW - chartRight, LabelX: chartLeft - 6, LabelY: chartH - 8}
	yOf := func(score int) float64 {
		return chartTop + chartPlotH*(1-float64(max(0, min(100, score)))/100)
	}
	for _, g := range []struct {
		v    int
		kind string
	}{{0, ""}, {coach.GettingThereScore, "getting"}, {coach.ReadyScore, "ready"}, {100, ""}} {
		ch.Grid = append(ch.Grid, chartGrid{Y: num(yOf(g.v)), Label: strconv.Itoa(g.v), Kind: g.kind})
	}
	if len(points) == 0 {
		ch.Empty = true
		ch.Desc = "No answers yet, so no trend."
		return ch
	}
	step := 0.0
	if len(points) > 1 {
		step = float64(chartPlotW) / float64(len(points)-1)
	}
	var line strings.Builder
	for i, p := range points {
		x := chartLeft + step*float64(i)
		if len(points) == 1 {
			x = chartLeft + chartPlotW/2
		}
		y := yOf(p.Score)
		if i > 0 {
			line.WriteByte(' ')
		}
		line.WriteString(num(x) + "," + num(y))
		ch.Dots = append(ch.Dots, chartDot{X: num(x), Y: num(y), Score: p.Score, At: p.At})
	}
	ch.Line = line.String()
	base := num(chartTop + chartPlotH)
	ch.Area = ch.Dots[0].X + "," + base + " " + ch.Line + " " + ch.Dots[len(ch.Dots)-1].X + "," + base
	first, last := points[0], points[len(points)-1]
	ch.XLabels = append(ch.XLabels, chartLabel{X: ch.Dots[0].X, Text: first.At.Format("2 Jan"), Anchor: "start"})
	if len(points) > 1 {
		ch.XLabels = append(ch.XLabels, chartLabel{X: ch.Dots[len(ch.Dots)-1].X, Text: last.At.Format("2 Jan"), Anchor: "end"})
	}
	lo, hi := first.Score, first.Score
	for _, p := range points {
		lo, hi = min(lo, p.Score), max(hi, p.Score)
	}
	if len(points) == 1 {
		ch.Desc = fmt.Sprintf("One answer so far: readiness %d.", last.Score)
	} else {
		ch.Desc = fmt.Sprintf("Readiness over your last %d answers: from %d on %s to %d on %s (lowest %d, highest %d).",
			len(points), first.Score, first.At.Format("2 Jan"), last.Score, last.At.Format("2 Jan"), lo, hi)
	}
	return ch
}

// percent turns a 0–1 share into a whole percentage.
func percent(f float64) int { return int(math.Round(f * 100)) }

// signed writes a change with its sign: "+12", "−3", "±0".
func signed(n int) string {
	switch {
	case n > 0:
		return "+" + strconv.Itoa(n)
	case n < 0:
		return "−" + strconv.Itoa(-n)
	}
	return "±0"
}

// historyFuncs are the template helpers of the history, readiness and
// browse pages; templateFuncs adds them to the shared set.
func (s *Server) historyFuncs() template.FuncMap {
	return template.FuncMap{
		"trendChart":   newTrendChart,
		"percent":      percent,
		"signed":       signed,
		"markAnswer":   s.markFor,
		"readyScore":   func() int { return coach.ReadyScore },
		"gettingScore": func() int { return coach.GettingThereScore },
		"question": func(id string) coach.Question {
			q, _ := s.bank.Question(id)
			return q
		},
	}
}

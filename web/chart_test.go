package web

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/interviewcoach/coach/coach"
)

func TestTrendChart(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	t.Run("empty", func(t *testing.T) {
		ch := newTrendChart(nil)
		if !ch.Empty || ch.Line != "" || len(ch.Grid) != 4 || !strings.Contains(ch.Desc, "No answers") {
			t.Fatalf("%+v", ch)
		}
	})
	t.Run("one point sits in the middle", func(t *testing.T) {
		ch := newTrendChart([]coach.TrendPoint{{At: t0, Score: 50}})
		if len(ch.Dots) != 1 || ch.Dots[0].X != num(chartLeft+chartPlotW/2) || len(ch.XLabels) != 1 {
			t.Fatalf("%+v", ch)
		}
	})
	t.Run("points span the plot, higher scores higher up", func(t *testing.T) {
		pts := []coach.TrendPoint{{At: t0, Score: 20}, {At: t0.Add(24 * time.Hour), Score: 100}, {At: t0.Add(48 * time.Hour), Score: 0}, {At: t0.Add(72 * time.Hour), Score: 60}}
		ch := newTrendChart(pts)
		x := func(i int) float64 { f, _ := strconv.ParseFloat(ch.Dots[i].X, 64); return f }
		y := func(i int) float64 { f, _ := strconv.ParseFloat(ch.Dots[i].Y, 64); return f }
		if x(0) != chartLeft || x(3) != chartW-chartRight {
			t.Errorf("x from %v to %v, want %d to %d", x(0), x(3), chartLeft, chartW-chartRight)
		}
		if y(1) != chartTop || y(2) != chartH-chartBottom || !(y(1) < y(3) && y(3) < y(0) && y(0) < y(2)) {
			t.Errorf("y values %v %v %v %v", y(0), y(1), y(2), y(3))
		}
		if got := len(strings.Fields(ch.Line)); got != 4 {
			t.Errorf("line has %d points", got)
		}
		if !strings.HasPrefix(ch.Area, ch.Dots[0].X+","+num(chartH-chartBottom)+" ") {
			t.Errorf("area does not start on the axis: %s", ch.Area)
		}
		if !strings.Contains(ch.Desc, "from 20 on 1 Nov to 60 on 4 Nov (lowest 0, highest 100)") {
			t.Errorf("description %q", ch.Desc)
		}
		if ch.XLabels[0].Text != "1 Nov" || ch.XLabels[1].Text != "4 Nov" || ch.XLabels[1].Anchor != "end" {
			t.Errorf("labels %+v", ch.XLabels)
		}
	})
}

func TestSigned(t *testing.T) {
	for n, want := range map[int]string{12: "+12", -3: "−3", 0: "±0"} {
		if got := signed(n); got != want {
			t.Errorf("signed(%d) = %q, want %q", n, got, want)
		}
	}
}

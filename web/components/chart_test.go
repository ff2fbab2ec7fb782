package components

import (
	"bytes"
	"context"
	"math"
	"strings"
	"testing"
)

func TestChartDrawsLabelledSegments(t *testing.T) {
	t.Parallel()
	c := BarChart{ID: "c1", Title: "Answers", Summary: "How 10 people answered.", Series: []string{"No", "Maybe", "Yes"}, Percent: true, Scale: true,
		Groups: []BarGroup{{Label: "I belong here.", Bars: []Bar{{Label: "Before", Values: []float64{5, 0, 5}}, {Label: "After", Values: []float64{1, 0, 39}}}}}}
	var b bytes.Buffer
	if err := Chart(c).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	svg := b.String()
	for _, want := range []string{`role="img"`, `aria-labelledby="c1-title c1-desc"`, `<title id="c1-title">Answers</title>`,
		`<desc id="c1-desc">How 10 people answered.</desc>`, ">50%<", ">98%<", "<title>After, Yes: 39 (98%)</title>", "<title>After, No: 1 (3%)</title>", ">Before<", ">I belong here.<"} {
		if !strings.Contains(svg, want) {
			t.Errorf("chart lacks %s", want)
		}
	}
	// A 3% segment is too narrow for its text, which the tooltip and the
	// page's table carry instead; a zero draws nothing.
	if strings.Contains(svg, ">3%<") || strings.Contains(svg, "Maybe: 0") {
		t.Error("chart labels a too-narrow or empty segment")
	}
	if strings.Contains(svg, "style=") {
		t.Error("chart uses style attributes, which the CSP forbids")
	}
}

func TestChartAgainstLargest(t *testing.T) {
	t.Parallel()
	c := BarChart{ID: "c2", Series: []string{"Activities"}, Groups: []BarGroup{{Label: "Term 1", Bars: []Bar{{Values: []float64{4}}}}, {Label: "Term 2", Bars: []Bar{{Values: []float64{2}}}}}}
	l := c.layout()
	var widths []float64
	for _, r := range l.Rects {
		if strings.Contains(r.Class, "chart__seg") {
			widths = append(widths, r.W)
		}
	}
	if len(widths) != 2 || widths[0] != 2*widths[1] {
		t.Errorf("bar widths = %v, want the second half the first", widths)
	}
	if wrapped := wrap("one two three four", 9); len(wrapped) != 3 || wrapped[0] != "one two" {
		t.Errorf("wrap = %q", wrapped)
	}
}

func TestOrderedChartSpreadsItsPaletteAndNotesHiddenBars(t *testing.T) {
	t.Parallel()
	c := BarChart{ID: "c3", Title: "Evidence", Summary: "By strength.", Series: []string{"None", "Type 1", "Type 2", "Type 3"}, Ordered: true,
		Groups: []BarGroup{{Bars: []Bar{{Label: "2025/26", Values: []float64{10, 10, 10, 10}}, {Label: "2026/27", Note: "Hidden: fewer than 3 institutions"}}}}}
	var b bytes.Buffer
	if err := Chart(c).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	svg := b.String()
	for _, want := range []string{`class="chart__s1 chart__seg"`, `class="chart__s3 chart__seg"`, `class="chart__s4 chart__seg"`, `class="chart__s6 chart__seg"`,
		">Hidden: fewer than 3 institutions<", "<title>2025/26, Type 3: 10</title>"} {
		if !strings.Contains(svg, want) {
			t.Errorf("ordered chart lacks %s", want)
		}
	}
	// Dark text on the light steps, light text on the dark ones.
	if c.onDark(0) || !c.onDark(3) {
		t.Error("text colour does not follow the step's lightness")
	}
}

func TestChartAgainstAFixedMaximum(t *testing.T) {
	t.Parallel()
	c := BarChart{ID: "c4", Series: []string{"Meeting it"}, Max: 100, Unit: "%", Groups: []BarGroup{{Bars: []Bar{{Label: "Free", Values: []float64{50}}}}}}
	l := c.layout()
	var seg, track chartRect
	for _, r := range l.Rects {
		switch {
		case strings.Contains(r.Class, "chart__seg"):
			seg = r
		case r.Class == "chart__track":
			track = r
		}
	}
	if seg.W*2 != track.W {
		t.Errorf("50 of a 100 maximum is %v of %v wide", seg.W, track.W)
	}
	found := false
	for _, tx := range l.Texts {
		found = found || tx.Text == "50%"
	}
	if !found {
		t.Error("the bar's value is not written with its unit")
	}
	for _, r := range l.Rects {
		if r.W == 12 && r.H == 12 {
			t.Error("a single series has a legend")
		}
	}
}

func TestTimelineDrawsPanelsOnOneScale(t *testing.T) {
	t.Parallel()
	tl := Timeline{ID: "t1", Title: "Agreeing", Summary: "By dimension.", Unit: "%", Periods: []string{PeriodLabel(2025), PeriodLabel(2026)},
		Panels: []Panel{{Label: "Peers", Values: []float64{50, math.NaN()}}, {Label: "Staff", Values: []float64{25, 100}}}}
	var b bytes.Buffer
	if err := TimelineChart(tl).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	svg := b.String()
	for _, want := range []string{`role="img"`, `<title id="t1-title">Agreeing</title>`, ">25/26<", ">26/27<", ">50%<", ">–<", "<title>Staff, 26/27: 100%</title>"} {
		if !strings.Contains(svg, want) {
			t.Errorf("timeline lacks %s", want)
		}
	}
	heights := map[string]float64{}
	for _, r := range tl.layout().Rects {
		if r.Tip != "" {
			heights[r.Tip] = r.H
		}
	}
	if heights["Peers, 25/26: 50%"] != heights["Staff, 26/27: 100%"]/2 || heights["Staff, 25/26: 25%"] != heights["Staff, 26/27: 100%"]/4 {
		t.Errorf("column heights %v are not on one scale", heights)
	}
	if PeriodLabel(2009) != "09/10" || PeriodLabel(2099) != "99/00" {
		t.Errorf("PeriodLabel = %s, %s", PeriodLabel(2009), PeriodLabel(2099))
	}
}

package components

import (
	"bytes"
	"context"
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

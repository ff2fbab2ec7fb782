package components

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// BarChart is a horizontal bar chart drawn on the server as SVG, so it
// shows without JavaScript and prints. Each bar is split into the values of
// its series, stacked left to right; groups put a heading (such as a survey
// statement) above one or more bars (such as "Before" and "After").
//
// Colour never carries meaning alone: the legend names the series in the
// order they are stacked, each segment wide enough carries its figure as
// text, every segment has a tooltip, and pages put the same numbers in a
// table beside the chart. The palettes are distinguishable with the common
// colour-vision deficiencies.
type BarChart struct {
	// ID is unique on the page; the chart's title and description use it.
	ID string
	// Title names the chart; Summary says in a sentence or two what it
	// shows, for people who cannot see it.
	Title   string
	Summary string
	// Series names the stacked parts of every bar, in order.
	Series []string
	Groups []BarGroup
	// Percent draws every bar as 100% of its own total, labelling
	// segments with percentages; otherwise bars are drawn against the
	// largest total and labelled with their values.
	Percent bool
	// Scale uses the diverging palette for an ordered scale (strongly
	// disagree … strongly agree); otherwise the categorical one.
	Scale bool
	// Ordered uses the sequential palette, light to dark, for series that
	// run in order but do not diverge (status, evidence strength).
	Ordered bool
	// Max, when set, is the value a full-width bar stands for (100 for
	// percentages), instead of the largest total.
	Max float64
	// Unit follows each bar's total ("%").
	Unit string
}

// BarGroup is a heading with its bars.
type BarGroup struct {
	Label string
	Bars  []Bar
}

// Bar is one bar: its label (may be empty when a group has one bar) and a
// value per series. A bar with a Note and no values shows the note in
// place of the bar, such as why a figure is hidden.
type Bar struct {
	Label  string
	Values []float64
	Note   string
}

// Chart geometry, in SVG user units.
const (
	chartWidth   = 640
	chartLine    = 18 // height of a line of heading text
	chartBar     = 26
	chartBarGap  = 6
	chartGroup   = 14 // space after each group
	chartCharW   = 7.2
	chartMinText = 30 // narrowest segment that gets a text label
)

type chartText struct {
	X, Y   float64
	Text   string
	Class  string
	Anchor string
}

type chartRect struct {
	X, Y, W, H float64
	Class      string
	Tip        string
}

type chartLayout struct {
	Width, Height float64
	Texts         []chartText
	Rects         []chartRect
}

func (c BarChart) seriesClass(i int) string {
	switch {
	case c.Scale:
		return "chart__d" + strconv.Itoa(i%5+1)
	case c.Ordered:
		return "chart__s" + strconv.Itoa(c.step(i)+1)
	}
	return "chart__c" + strconv.Itoa(i%5+1)
}

// orderedSteps is the number of colours in the sequential palette.
const orderedSteps = 6

// step spreads the series over the sequential palette, so that two
// series are far apart and six use every step.
func (c BarChart) step(i int) int {
	n := len(c.Series)
	if n <= 1 {
		return orderedSteps / 2
	}
	if n > orderedSteps {
		return i % orderedSteps
	}
	return int(math.Round(float64(i) * float64(orderedSteps-1) / float64(n-1)))
}

// onDark reports whether series i is drawn in a dark colour, which needs
// light text on it.
func (c BarChart) onDark(i int) bool {
	switch {
	case c.Scale:
		return i%5 == 0 || i%5 == 4
	case c.Ordered:
		return c.step(i) >= orderedSteps/2
	}
	return true
}

// wrap breaks text into lines of at most width characters.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len([]rune(line))+1+len([]rune(w)) > width {
			lines = append(lines, line)
			line = w
			continue
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

func formatValue(v float64) string {
	if v == math.Trunc(v) {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// layout works out where everything goes.
func (c BarChart) layout() chartLayout {
	var l chartLayout
	y := 0.0
	// Legend: a swatch and a name per series, wrapping onto new rows. A
	// single series needs none: the title names it.
	if len(c.Series) > 1 {
		x := 0.0
		for i, s := range c.Series {
			w := 18 + float64(len([]rune(s)))*chartCharW + 16
			if x > 0 && x+w > chartWidth {
				x, y = 0, y+chartLine+4
			}
			l.Rects = append(l.Rects, chartRect{X: x, Y: y + 3, W: 12, H: 12, Class: c.seriesClass(i)})
			l.Texts = append(l.Texts, chartText{X: x + 18, Y: y + 14, Text: s, Class: "chart__legend"})
			x += w
		}
		y += chartLine + 14
	}

	labelW := 0.0
	for _, g := range c.Groups {
		for _, b := range g.Bars {
			if b.Label != "" {
				labelW = max(labelW, float64(len([]rune(b.Label)))*chartCharW+10)
			}
		}
	}
	largest := 0.0
	for _, g := range c.Groups {
		for _, b := range g.Bars {
			total := 0.0
			for _, v := range b.Values {
				total += v
			}
			largest = max(largest, total)
		}
	}
	if c.Max > 0 {
		largest = c.Max
	}
	area := chartWidth - labelW
	if !c.Percent {
		area -= 48 // room for the total after the bar
	}
	for _, g := range c.Groups {
		for _, line := range wrap(g.Label, 86) {
			l.Texts = append(l.Texts, chartText{X: 0, Y: y + 13, Text: line, Class: "chart__heading"})
			y += chartLine
		}
		y += 4
		for _, b := range g.Bars {
			if b.Label != "" {
				l.Texts = append(l.Texts, chartText{X: labelW - 8, Y: y + chartBar/2 + 5, Text: b.Label, Class: "chart__label", Anchor: "end"})
			}
			total := 0.0
			for _, v := range b.Values {
				total += v
			}
			scale := 0.0
			switch {
			case c.Percent && total > 0:
				scale = area / total
			case !c.Percent && largest > 0:
				scale = area / largest
			}
			l.Rects = append(l.Rects, chartRect{X: labelW, Y: y, W: area, H: chartBar, Class: "chart__track"})
			if b.Note != "" && total == 0 {
				l.Texts = append(l.Texts, chartText{X: labelW + 8, Y: y + chartBar/2 + 5, Text: b.Note, Class: "chart__note"})
				y += chartBar + chartBarGap
				continue
			}
			x := labelW
			for i, v := range b.Values {
				if v <= 0 {
					continue
				}
				w := v * scale
				name := ""
				if i < len(c.Series) {
					name = c.Series[i]
				}
				figure := formatValue(v)
				if c.Percent {
					figure = strconv.Itoa(int(math.Round(100*v/total))) + "%"
				}
				tip := fmt.Sprintf("%s: %s%s", name, formatValue(v), c.Unit)
				if c.Percent {
					tip += " (" + figure + ")"
				}
				if b.Label != "" {
					tip = b.Label + ", " + tip
				}
				l.Rects = append(l.Rects, chartRect{X: x, Y: y, W: w, H: chartBar, Class: c.seriesClass(i) + " chart__seg", Tip: tip})
				// A single series' value stands after the bar instead.
				if w >= chartMinText && (c.Percent || len(c.Series) > 1) {
					ink := "chart__value"
					if c.onDark(i) {
						ink += " chart__value--light"
					}
					l.Texts = append(l.Texts, chartText{X: x + w/2, Y: y + chartBar/2 + 5, Text: figure, Class: ink, Anchor: "middle"})
				}
				x += w
			}
			if !c.Percent {
				l.Texts = append(l.Texts, chartText{X: x + 6, Y: y + chartBar/2 + 5, Text: formatValue(total) + c.Unit, Class: "chart__label"})
			}
			y += chartBar + chartBarGap
		}
		y += chartGroup
	}
	l.Width, l.Height = chartWidth, math.Ceil(y)
	return l
}

func num(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) }

func anchorOf(a string) string {
	if a == "" {
		return "start"
	}
	return a
}

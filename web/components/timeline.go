package components

import (
	"math"
	"strconv"
)

// Timeline is a small-multiples chart: one small column chart per panel
// (a kind of activity, a dimension of belonging), each over the same
// periods (academic years) and drawn to the same scale, so that panels
// can be compared at a glance. Every column carries its value as text
// and a tooltip; a value that is not shown (hidden by suppression, or
// not measured) is NaN and drawn as a dash. Pages put the same numbers in
// a table beside it.
type Timeline struct {
	// ID is unique on the page; the chart's title and description use it.
	ID      string
	Title   string
	Summary string
	// Periods label the columns of every panel, oldest first, briefly
	// ("24/25").
	Periods []string
	Panels  []Panel
	// Unit follows each value ("%"); with "%" the scale runs to 100.
	Unit string
}

// Panel is one small chart: its label and a value per period.
type Panel struct {
	Label  string
	Values []float64
}

// Small-multiples geometry, in SVG user units: wider than a bar chart,
// four panels to a row.
const (
	timelineWidth = 960
	panelColumns  = 4
	panelGap      = 28
	panelCharW    = 8.4 // of a panel's bold heading
	panelPlot     = 70  // height of the columns' area
	panelTop      = 22  // room for a value above the tallest column
	panelAxis     = 20  // room for the period labels
)

func (t Timeline) layout() chartLayout {
	var l chartLayout
	largest := 0.0
	for _, p := range t.Panels {
		for _, v := range p.Values {
			if !math.IsNaN(v) {
				largest = max(largest, v)
			}
		}
	}
	if t.Unit == "%" {
		largest = 100
	}
	panelW := (timelineWidth - panelGap*(panelColumns-1)) / float64(panelColumns)
	slot := panelW / float64(max(1, len(t.Periods)))
	barW := min(28, slot*0.7)
	y := 0.0
	for row := 0; row*panelColumns < len(t.Panels); row++ {
		lines := 1
		for i := row * panelColumns; i < min(len(t.Panels), (row+1)*panelColumns); i++ {
			lines = max(lines, len(wrap(t.Panels[i].Label, int(panelW/panelCharW))))
		}
		head := float64(lines)*chartLine + 4
		base := y + head + panelTop + panelPlot
		for col := 0; col < panelColumns; col++ {
			i := row*panelColumns + col
			if i >= len(t.Panels) {
				break
			}
			p := t.Panels[i]
			x0 := float64(col) * (panelW + panelGap)
			for k, line := range wrap(p.Label, int(panelW/panelCharW)) {
				l.Texts = append(l.Texts, chartText{X: x0, Y: y + 13 + float64(k)*chartLine, Text: line, Class: "chart__heading"})
			}
			l.Rects = append(l.Rects, chartRect{X: x0, Y: base, W: panelW, H: 1, Class: "chart__axis"})
			for k, period := range t.Periods {
				cx := x0 + slot*(float64(k)+0.5)
				l.Texts = append(l.Texts, chartText{X: cx, Y: base + 15, Text: period, Class: "chart__tick", Anchor: "middle"})
				v := math.NaN()
				if k < len(p.Values) {
					v = p.Values[k]
				}
				if math.IsNaN(v) {
					l.Texts = append(l.Texts, chartText{X: cx, Y: base - 4, Text: "–", Class: "chart__label", Anchor: "middle"})
					continue
				}
				h := 0.0
				if largest > 0 {
					h = v / largest * panelPlot
				}
				figure := formatValue(v) + t.Unit
				l.Rects = append(l.Rects, chartRect{X: cx - barW/2, Y: base - h, W: barW, H: h, Class: "chart__c1 chart__seg",
					Tip: p.Label + ", " + period + ": " + figure})
				l.Texts = append(l.Texts, chartText{X: cx, Y: base - h - 5, Text: figure, Class: "chart__label", Anchor: "middle"})
			}
		}
		y = base + panelAxis + chartGroup
	}
	l.Width, l.Height = timelineWidth, math.Ceil(y)
	return l
}

// PeriodLabel names academic year y briefly for a timeline: "24/25".
func PeriodLabel(y int) string {
	return twoDigits(y%100) + "/" + twoDigits((y+1)%100)
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

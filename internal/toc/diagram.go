package toc

import (
	"context"
	"fmt"
	"strings"

	"belonging/internal/i18n"
	page "belonging/web/pages/toc"
)

// The diagram's measures, in pixels at a 13 px font: a column holds about
// 19 characters a line, the full width about 150.
const (
	margin      = 16
	columnWidth = 150
	columnGap   = 28
	lineHeight  = 16
	boxPadding  = 8
	boxGap      = 12
	columnChars = 19
	wideChars   = 150
)

// diagramColumns are the chain from inputs to impact, left to right.
var diagramColumns = []struct{ part, term, class string }{
	{"input", "", "input"}, {"activity", "", "activity"}, {"output", "", "output"},
	{"outcome", "short", "outcome"}, {"outcome", "medium", "outcome"}, {"outcome", "long", "outcome"},
	{"impact", "", "impact"},
}

// Diagram lays the theory of change out: the context across the top, the
// chain from inputs to impact in columns with a line from each activity
// element to each outcome it leads to, and the mechanisms and assumptions
// listed below. Every entry's text appears once, wrapped at spaces, so the
// diagram says exactly what the table beside it says.
func (m Model) Diagram(ctx context.Context) page.Diagram {
	width := 2*margin + len(diagramColumns)*columnWidth + (len(diagramColumns)-1)*columnGap
	d := page.Diagram{Width: width}
	y := margin
	list := func(partValue string) {
		entries := m.Of(partValue)
		if len(entries) == 0 {
			return
		}
		l := page.DiagramList{Y: y + 14, Part: partValue, Heading: heading(ctx, partValue, "")}
		y += 14 + lineHeight/2
		for _, e := range entries {
			it := page.ListItem{EntryID: e.ID, Y: y + lineHeight, Lines: wrap(e.Body, wideChars)}
			y += lineHeight * len(it.Lines)
			if detail := m.detail(ctx, e); detail != "" {
				it.DetailY = y + lineHeight
				it.DetailLines = wrap(detail, wideChars)
				y += lineHeight * len(it.DetailLines)
			}
			y += lineHeight / 2
			l.Items = append(l.Items, it)
		}
		d.Lists = append(d.Lists, l)
		y += lineHeight
	}
	list("context")

	top := y
	bottom := y
	d.HeadY = top + 13
	where := map[int64]page.Box{}
	// Every column's boxes start below the deepest heading.
	headLines := 1
	for _, c := range diagramColumns {
		headLines = max(headLines, len(wrap(heading(ctx, c.part, c.term), columnChars)))
	}
	for i, c := range diagramColumns {
		x := margin + i*(columnWidth+columnGap)
		col := page.DiagramColumn{X: x, Width: columnWidth, Lines: wrap(heading(ctx, c.part, c.term), columnChars), Class: c.class}
		d.Columns = append(d.Columns, col)
		by := top + lineHeight*headLines + boxGap
		for _, e := range m.Of(c.part) {
			if term(e) != c.term {
				continue
			}
			lines := wrap(e.Body, columnChars)
			b := page.Box{EntryID: e.ID, X: x, Y: by, Width: columnWidth, Height: 2*boxPadding + lineHeight*len(lines), Lines: lines, Class: c.class}
			d.Boxes = append(d.Boxes, b)
			where[e.ID] = b
			by += b.Height + boxGap
		}
		bottom = max(bottom, by)
	}
	for _, o := range m.Of("outcome") {
		to := where[o.ID]
		for _, id := range o.From {
			from, ok := where[id]
			if !ok {
				continue
			}
			d.Links = append(d.Links, page.Link{From: id, To: o.ID, X1: from.X + from.Width, Y1: from.Y + from.Height/2,
				X2: to.X, Y2: to.Y + to.Height/2})
		}
	}
	y = bottom + lineHeight
	list("mechanism")
	list("assumption")
	d.Height = y + margin
	d.Summary = m.describe(ctx)
	return d
}

// describe counts what the diagram shows, for its description.
func (m Model) describe(ctx context.Context) string {
	var parts []string
	for _, p := range Parts {
		if n := len(m.Of(p.Value)); n > 0 {
			parts = append(parts, fmt.Sprintf("%s: %d", strings.ToLower(p.HeadingIn(ctx)), n))
		}
	}
	links := 0
	for _, e := range m.Of("outcome") {
		links += len(e.From)
	}
	if len(parts) == 0 {
		return i18n.T(ctx, "toc.describe.empty")
	}
	return i18n.T(ctx, "toc.describe", "Parts", strings.Join(parts, ", "), "Lines", i18n.N(ctx, "toc.describe.lines", links))
}

// wrap breaks text into lines of at most n characters at spaces; a word
// longer than a line stands on its own line.
func wrap(text string, n int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		switch {
		case line == "":
			line = w
		case len([]rune(line))+1+len([]rune(w)) <= n:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

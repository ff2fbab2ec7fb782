package components

import (
	"context"
	"io"

	"github.com/a-h/templ"
)

// shapes draws a chart's rectangles (each with its tip, if any, as a
// title) and then its labels. A report's charts hold hundreds of shapes,
// and templ's handling of a class expression (a set of names gathered and
// deduplicated through a map, in a buffer of its own) on each was most of
// what drawing them cost; here a shape is a few appends to one buffer.
// Text and classes are escaped as templ escapes them.
func shapes(l chartLayout) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		b := make([]byte, 0, 96*(len(l.Rects)+len(l.Texts)))
		for _, r := range l.Rects {
			b = append(b, " <rect"...)
			b = appendAttrs(b, "x", num(r.X), "y", num(r.Y), "width", num(r.W), "height", num(r.H), "class", r.Class)
			b = append(b, '>')
			if r.Tip != "" {
				b = append(b, "<title>"...)
				b = append(b, templ.EscapeString(r.Tip)...)
				b = append(b, "</title>"...)
			}
			b = append(b, "</rect>"...)
		}
		if len(l.Rects) > 0 {
			b = append(b, ' ')
		}
		for _, t := range l.Texts {
			b = append(b, "<text"...)
			b = appendAttrs(b, "x", num(t.X), "y", num(t.Y), "class", t.Class, "text-anchor", anchorOf(t.Anchor))
			b = append(b, '>')
			b = append(b, templ.EscapeString(t.Text)...)
			b = append(b, "</text>"...)
		}
		_, err := w.Write(b)
		return err
	})
}

// appendAttrs appends each name and value pair as an attribute, the value
// escaped.
func appendAttrs(b []byte, pairs ...string) []byte {
	for i := 0; i+1 < len(pairs); i += 2 {
		b = append(b, ' ')
		b = append(b, pairs[i]...)
		b = append(b, `="`...)
		b = append(b, templ.EscapeString(pairs[i+1])...)
		b = append(b, '"')
	}
	return b
}

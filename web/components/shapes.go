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
			b = append(b, ` <rect x="`...)
			b = append(b, num(r.X)...)
			b = append(b, `" y="`...)
			b = append(b, num(r.Y)...)
			b = append(b, `" width="`...)
			b = append(b, num(r.W)...)
			b = append(b, `" height="`...)
			b = append(b, num(r.H)...)
			b = append(b, `" class="`...)
			b = append(b, templ.EscapeString(r.Class)...)
			b = append(b, `">`...)
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
			b = append(b, `<text x="`...)
			b = append(b, num(t.X)...)
			b = append(b, `" y="`...)
			b = append(b, num(t.Y)...)
			b = append(b, `" class="`...)
			b = append(b, templ.EscapeString(t.Class)...)
			b = append(b, `" text-anchor="`...)
			b = append(b, templ.EscapeString(anchorOf(t.Anchor))...)
			b = append(b, `">`...)
			b = append(b, templ.EscapeString(t.Text)...)
			b = append(b, "</text>"...)
		}
		_, err := w.Write(b)
		return err
	})
}

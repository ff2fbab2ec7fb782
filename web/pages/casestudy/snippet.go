package casestudy

import (
	"html"
	"strconv"
	"strings"

	"github.com/a-h/templ"
)

// Snippet turns a search snippet into safe HTML: the text is escaped, then
// the markers PostgreSQL put around matched words become <mark> tags. The
// markers are control characters, which escaping leaves alone and which
// cannot come from the stored text (it is plain text without them).
func Snippet(text, start, stop string) templ.Component {
	clean := strings.NewReplacer(start, "", stop, "")
	parts := strings.Split(text, start)
	var b strings.Builder
	for i, p := range parts {
		if i == 0 {
			b.WriteString(html.EscapeString(clean.Replace(p)))
			continue
		}
		marked, rest, found := strings.Cut(p, stop)
		if !found {
			b.WriteString(html.EscapeString(clean.Replace(p)))
			continue
		}
		b.WriteString("<mark>" + html.EscapeString(clean.Replace(marked)) + "</mark>")
		b.WriteString(html.EscapeString(clean.Replace(rest)))
	}
	return templ.Raw(b.String())
}

func itoa(n int) string { return strconv.Itoa(n) }

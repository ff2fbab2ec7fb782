package casestudy

import (
	"html"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"belonging/internal/vocab"
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

// StrengthLabel names an evidence strength for readers.
func StrengthLabel(n int) string {
	switch n {
	case 1:
		return "Type 1: narrative"
	case 2:
		return "Type 2: empirical"
	case 3:
		return "Type 3: causal"
	}
	return "No evidence rated"
}

// VisibilityLabel says who can read a publication.
func VisibilityLabel(v string) string {
	switch v {
	case "institution":
		return "Your institution"
	case "network":
		return "The network"
	case "public":
		return "Public"
	case "draft":
		return "Draft"
	}
	return v
}

func dimensionLabel(d string) string { return vocab.ShortDimensions.Label(d) }

func itoa(n int) string { return strconv.Itoa(n) }

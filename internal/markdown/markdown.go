// Package markdown turns the Markdown people write in case studies into
// safe HTML: goldmark renders it, then bluemonday keeps only a small set
// of formatting tags and http(s) links, so nothing written can run script
// in a reader's browser.
package markdown

import (
	"bytes"
	"html"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

var (
	renderer = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify))
	policy   = func() *bluemonday.Policy {
		p := bluemonday.NewPolicy()
		p.AllowElements("p", "br", "strong", "em", "b", "i", "del", "ul", "ol", "li", "blockquote",
			"h3", "h4", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td")
		p.AllowAttrs("href").OnElements("a")
		p.AllowURLSchemes("http", "https", "mailto")
		p.RequireParseableURLs(true)
		p.AddTargetBlankToFullyQualifiedLinks(false)
		p.RequireNoFollowOnLinks(true)
		p.RequireNoReferrerOnLinks(true)
		p.AllowAttrs("align").Matching(regexp.MustCompile(`^(left|right|center)$`)).OnElements("th", "td")
		return p
	}()
	strip = bluemonday.StrictPolicy()
)

// HTML renders Markdown to sanitised HTML. Headings in the text are moved
// down to h3 and h4, under the page's own section headings.
func HTML(src string) string {
	var buf bytes.Buffer
	if err := renderer.Convert([]byte(src), &buf); err != nil {
		return html.EscapeString(src)
	}
	out := headingDown.ReplaceAllStringFunc(buf.String(), func(tag string) string {
		level := tag[len(tag)-2]
		switch {
		case level <= '3':
			return strings.Replace(tag, string(level), "3", 1)
		default:
			return strings.Replace(tag, string(level), "4", 1)
		}
	})
	return policy.Sanitize(out)
}

var headingDown = regexp.MustCompile(`</?h[1-6]>`)

var spaces = regexp.MustCompile(`\s+`)

// Text renders Markdown to plain text on one line, for search and snippets.
func Text(src string) string {
	var buf bytes.Buffer
	if err := renderer.Convert([]byte(src), &buf); err != nil {
		return strings.TrimSpace(spaces.ReplaceAllString(src, " "))
	}
	// Keep words apart where block tags end.
	withBreaks := strings.NewReplacer("</p>", " </p>", "</li>", " </li>", "<br>", " ", "</h", " </h", "</td>", " </td>").Replace(buf.String())
	return strings.TrimSpace(spaces.ReplaceAllString(html.UnescapeString(strip.Sanitize(withBreaks)), " "))
}

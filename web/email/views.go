// Package email renders the app's emails from one view model into both
// parts of a message: HTML (templ) and plain text, so the two always say
// the same thing.
package email

import (
	"bytes"
	"context"
	"fmt"
	"strings"
)

// Email is one email's content.
type Email struct {
	Subject string
	// Preheader is the line mail programs show after the subject in a
	// list of messages.
	Preheader  string
	Greeting   string
	Paragraphs []string
	// Quote is someone's own words, such as a reviewer's comment.
	Quote     string
	QuoteFrom string
	Sections  []Section
	Action    Link
	// Why says why the person gets this email.
	Why string
	// Unsubscribe is the address that stops this kind of email; Settings
	// the person's notification settings.
	Unsubscribe string
	Settings    string
}

// Section is a heading with a list of items, as in the digest.
type Section struct {
	Heading     string
	Items       []Item
	Unsubscribe string
}

// Item is one line of a section, linking to where it is resolved.
type Item struct {
	Title  string
	Detail string
	URL    string
}

// Link is the email's one button.
type Link struct {
	Label string
	URL   string
}

// Render returns the email's plain-text and HTML parts.
func Render(ctx context.Context, e Email) (text, html string, err error) {
	var b bytes.Buffer
	if err := page(e).Render(ctx, &b); err != nil {
		return "", "", err
	}
	return Text(e), b.String(), nil
}

// Text is the plain-text part.
func Text(e Email) string {
	var b strings.Builder
	if e.Greeting != "" {
		b.WriteString(e.Greeting + "\n\n")
	}
	for _, p := range e.Paragraphs {
		b.WriteString(p + "\n\n")
	}
	if e.Quote != "" {
		if e.QuoteFrom != "" {
			b.WriteString(e.QuoteFrom + " wrote:\n")
		}
		for _, line := range strings.Split(e.Quote, "\n") {
			b.WriteString("> " + line + "\n")
		}
		b.WriteString("\n")
	}
	for _, s := range e.Sections {
		b.WriteString(s.Heading + "\n" + strings.Repeat("-", len([]rune(s.Heading))) + "\n")
		for _, it := range s.Items {
			b.WriteString("* " + it.Title)
			if it.Detail != "" {
				b.WriteString(" (" + it.Detail + ")")
			}
			b.WriteString("\n")
			if it.URL != "" {
				b.WriteString("  " + it.URL + "\n")
			}
		}
		if s.Unsubscribe != "" {
			b.WriteString("Stop these emails: " + s.Unsubscribe + "\n")
		}
		b.WriteString("\n")
	}
	if e.Action.URL != "" {
		fmt.Fprintf(&b, "%s:\n%s\n\n", e.Action.Label, e.Action.URL)
	}
	b.WriteString("-- \n")
	if e.Why != "" {
		b.WriteString(e.Why + "\n")
	}
	if e.Unsubscribe != "" {
		b.WriteString("Stop emails like this: " + e.Unsubscribe + "\n")
	}
	if e.Settings != "" {
		b.WriteString("Choose which emails you get: " + e.Settings + "\n")
	}
	b.WriteString("Belonging\n")
	return b.String()
}

func lower(s string) string { return strings.ToLower(s) }

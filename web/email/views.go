// Package email renders the app's emails from one view model into both
// parts of a message: HTML (templ) and plain text, so the two always say
// the same thing.
package email

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"belonging/internal/i18n"
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
	// lang is the language the email is worded in (Render and Compose set
	// it), for the words the template adds and its lang attribute.
	lang string
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

// Render returns the email's plain-text and HTML parts, in the language
// of ctx.
func Render(ctx context.Context, e Email) (text, html string, err error) {
	e.lang = i18n.Lang(ctx)
	var b bytes.Buffer
	if err := page([]Email{e}).Render(ctx, &b); err != nil {
		return "", "", err
	}
	return Text(ctx, e), b.String(), nil
}

// Compose words an email for a recipient whose institution's default
// language is lang. For Welsh ("cy") it is in both languages, Welsh
// first and English after, in the subject ("Cymraeg / English") and in
// both parts; otherwise in English alone. build words the email in the
// language of the context it is given.
func Compose(ctx context.Context, lang string, build func(ctx context.Context) Email) (subject, text, html string, err error) {
	en := build(i18n.WithLang(ctx, i18n.English))
	en.lang = i18n.English
	if lang != i18n.Welsh {
		text, html, err = Render(i18n.WithLang(ctx, i18n.English), en)
		return en.Subject, text, html, err
	}
	cyCtx := i18n.WithLang(ctx, i18n.Welsh)
	cy := build(cyCtx)
	cy.lang = i18n.Welsh
	var b bytes.Buffer
	if err := page([]Email{cy, en}).Render(cyCtx, &b); err != nil {
		return "", "", "", err
	}
	text = body(cyCtx, cy) + "* * *\n\n" + body(i18n.WithLang(ctx, i18n.English), en) +
		"-- \n" + footer(cyCtx, cy) + footer(i18n.WithLang(ctx, i18n.English), en) + "Belonging\n"
	return cy.Subject + " / " + en.Subject, text, b.String(), nil
}

// Text is the plain-text part, in the language of ctx.
func Text(ctx context.Context, e Email) string {
	return body(ctx, e) + "-- \n" + footer(ctx, e) + "Belonging\n"
}

// body is the plain text above the signature.
func body(ctx context.Context, e Email) string {
	var b strings.Builder
	if e.Greeting != "" {
		b.WriteString(e.Greeting + "\n\n")
	}
	for _, p := range e.Paragraphs {
		b.WriteString(p + "\n\n")
	}
	if e.Quote != "" {
		if e.QuoteFrom != "" {
			b.WriteString(i18n.T(ctx, "email.wrote", "Name", e.QuoteFrom) + "\n")
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
			b.WriteString(i18n.T(ctx, "email.stop_these") + ": " + s.Unsubscribe + "\n")
		}
		b.WriteString("\n")
	}
	if e.Action.URL != "" {
		fmt.Fprintf(&b, "%s:\n%s\n\n", e.Action.Label, e.Action.URL)
	}
	return b.String()
}

// footer is the plain text below the signature line: why the email came
// and how to stop it.
func footer(ctx context.Context, e Email) string {
	var b strings.Builder
	if e.Why != "" {
		b.WriteString(e.Why + "\n")
	}
	if e.Unsubscribe != "" {
		b.WriteString(i18n.T(ctx, "email.stop_like_this") + ": " + e.Unsubscribe + "\n")
	}
	if e.Settings != "" {
		b.WriteString(i18n.T(ctx, "email.choose") + ": " + e.Settings + "\n")
	}
	return b.String()
}

func lower(s string) string { return strings.ToLower(s) }

// tag is the email part's language for its lang attribute.
func tag(lang string) string {
	if lang == i18n.Welsh {
		return "cy"
	}
	return "en-GB"
}

// subjects is the HTML title: every part's subject.
func subjects(parts []Email) string {
	out := make([]string, len(parts))
	for i, e := range parts {
		out[i] = e.Subject
	}
	return strings.Join(out, " / ")
}

// inLang is ctx in the part's language, for the words the template adds.
func inLang(ctx context.Context, e Email) context.Context { return i18n.WithLang(ctx, e.lang) }

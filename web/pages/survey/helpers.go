package survey

import (
	"context"
	"strconv"
	"time"

	"belonging/internal/i18n"
	"belonging/internal/vocab"
	"belonging/web/components"
)

func shortDate(t time.Time) string { return t.Format("2 Jan 2006") }

// Surveys open and close at a moment in UK time. One given by dates alone
// opens at the start of its first day and closes at the end of its last
// (the midnight after), and reads that way.

// AtMidnight reports whether t is the start of a day where it is read.
func AtMidnight(t time.Time) bool {
	h, m, s := t.Clock()
	return h == 0 && m == 0 && s == 0 && t.Nanosecond() == 0
}

// lastMoment is the day a survey closing at midnight t last takes answers.
func lastMoment(t time.Time) time.Time { return t.Add(-time.Second) }

// shortOpens and shortCloses say when a survey opens and closes, short,
// for tables: "5 Oct 2026" or "5 Oct 2026, 09:00"; a survey closing at
// midnight shows its last day.
func shortOpens(t time.Time) string {
	if AtMidnight(t) {
		return shortDate(t)
	}
	return shortDate(t) + ", " + t.Format("15:04")
}

func shortCloses(t time.Time) string {
	if AtMidnight(t) {
		return shortDate(lastMoment(t)) + ", end of day"
	}
	return shortDate(t) + ", " + t.Format("15:04")
}

// Span is when a survey runs, short: "5 Oct 2026 – 19 Oct
// 2026", or "5 Oct 2026, 09:00–10:00" for one open for part of a day.
func Span(opens, closes time.Time) string {
	if !AtMidnight(closes) && opens.Format("2006-01-02") == closes.Format("2006-01-02") {
		return shortDate(opens) + ", " + opens.Format("15:04") + "–" + closes.Format("15:04")
	}
	end := shortDate(closes)
	if AtMidnight(closes) {
		end = shortDate(lastMoment(closes))
	} else {
		end += ", " + closes.Format("15:04")
	}
	return shortOpens(opens) + " – " + end
}

func itoa(n int) string { return strconv.Itoa(n) }

// PhaseLabel names a survey's place in a pair.
func PhaseLabel(phase string) string {
	switch phase {
	case "pre":
		return "Before"
	case "post":
		return "After"
	}
	return "Single"
}

// StateLabel names a survey's state for people.
func StateLabel(state string) string {
	switch state {
	case "upcoming":
		return "Not open yet"
	case "open":
		return "Open"
	}
	return "Closed"
}

func stateKind(state string) string {
	switch state {
	case "upcoming":
		return "info"
	case "open":
		return "ok"
	}
	return "warn"
}

func dimensionLabel(d string) string {
	switch d {
	case "peers":
		return "Connection with peers"
	case "staff":
		return "Relationships with staff"
	case "confidence":
		return "Academic confidence"
	case "inclusion":
		return "Inclusion and diversity"
	case "mattering":
		return "Mattering (feeling valued)"
	case "wellbeing":
		return "Wellbeing"
	case "voice":
		return "Student agency and voice"
	case "community":
		return "Community of staff and students"
	}
	return ""
}

// Dimensions are the values a statement's dimension may take, in order.
var Dimensions = []string{"peers", "staff", "confidence", "inclusion", "mattering", "wellbeing", "voice", "community"}

// DimensionLabel names a statement's dimension.
var DimensionLabel = dimensionLabel

// DimensionLabelIn names a statement's dimension in the reader's
// language: the shared vocabulary's, and belonging to a community of
// staff and students, which only questionnaires use.
func DimensionLabelIn(ctx context.Context, d string) string {
	if d == "community" {
		return i18n.T(ctx, "surveyadmin.dimension.community")
	}
	return vocab.Dimensions.LabelIn(ctx, d)
}

func dimensionOptionsIn(ctx context.Context) []components.Option {
	out := make([]components.Option, len(Dimensions))
	for i, d := range Dimensions {
		out[i] = components.Option{Value: d, Label: DimensionLabelIn(ctx, d)}
	}
	return out
}

func responsesWord(n int) string {
	if n == 1 {
		return "response"
	}
	return "responses"
}

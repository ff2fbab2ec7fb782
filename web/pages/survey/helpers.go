package survey

import (
	"strconv"
	"time"
)

func longDate(t time.Time) string { return t.Format("Monday 2 January 2006") }

func shortDate(t time.Time) string { return t.Format("2 Jan 2006") }

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

func responsesWord(n int) string {
	if n == 1 {
		return "response"
	}
	return "responses"
}

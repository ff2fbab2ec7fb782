package survey

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"belonging/internal/httpx"
	"belonging/internal/httpx/form"
	"belonging/internal/reqctx"
	"belonging/web"
	"belonging/web/components"
	page "belonging/web/pages/survey"
)

// The survey form, shared by adding a survey (create.go) and changing one
// (edit.go).

// instrumentOptions are the questionnaires a survey of u's institution
// may use: the current version of each.
func (h *Handler) instrumentOptions(ctx context.Context, u *reqctx.User) ([]components.Option, error) {
	list, err := h.Queries.ListInstruments(ctx, &u.InstitutionID)
	if err != nil {
		return nil, err
	}
	out := make([]components.Option, len(list))
	for i, in := range list {
		label := in.Name
		if in.Version > 1 {
			label += fmt.Sprintf(" (version %d)", in.Version)
		}
		out[i] = components.Option{Value: strconv.FormatInt(in.ID, 10), Label: label}
	}
	return out, nil
}

func (h *Handler) renderForm(w http.ResponseWriter, r *http.Request, status int, v page.SurveyForm, crumbs []web.Crumb) {
	title := "New pulse survey"
	if v.ID != 0 {
		title = "Edit " + v.Title
	}
	httpx.Render(w, r, status, web.Page{Title: title, Section: "programmes", Breadcrumbs: append(crumbs, web.Crumb{Label: title})}, page.Form(v))
}

// surveyInput is a validated survey form.
type surveyInput struct {
	title                 string
	instrumentID          int64
	pair                  bool
	opens, closes         time.Time
	postOpens, postCloses time.Time
	invited               *int32
	askYear               bool
}

// parseDay reads a date as the start of that day in London.
func parseDay(s string) (time.Time, bool) {
	d, err := time.ParseInLocation("2006-01-02", s, london)
	if err != nil || d.Year() < 2000 || d.Year() > 2100 {
		return time.Time{}, false
	}
	return d, true
}

// readDates validates an opening and closing date pair; the survey closes
// at the end of the closing day.
func readDates(v *page.SurveyForm, openField, closeField, opens, closes string, now time.Time) (time.Time, time.Time, bool) {
	o, okO := parseDay(opens)
	c, okC := parseDay(closes)
	if !okO {
		v.Add(openField, "Enter the opening date as year-month-day, for example 2026-10-05")
	}
	if !okC {
		v.Add(closeField, "Enter the closing date as year-month-day, for example 2026-10-19")
	}
	if !okO || !okC {
		return o, c, false
	}
	end := c.AddDate(0, 0, 1)
	switch {
	case c.Before(o):
		v.Add(closeField, "The closing date must be on or after the opening date")
		return o, end, false
	case !end.After(now):
		v.Add(closeField, "The closing date has passed: choose today or a later day")
		return o, end, false
	case end.Sub(o) > 366*24*time.Hour:
		v.Add(closeField, "A survey can be open for a year at most")
		return o, end, false
	}
	return o, end, true
}

// readCommon validates the fields every survey form has, in the order the
// page shows them: title, questionnaire and year of study (unless
// locked), and students invited.
func readCommon(vals form.Values, opts []components.Option, locked bool, v *page.SurveyForm) surveyInput {
	v.Title, v.Invited = vals.Text("title"), vals.Text("invited")
	in := surveyInput{title: v.Title}
	v.Check(v.Title != "", "title", "Enter a title: students see it at the top of the survey")
	v.Check(form.MaxLength(v.Title, 200), "title", "The title must be 200 characters or fewer")
	if !locked {
		v.Instrument, v.AskYear = vals.Text("instrument"), vals.Bool("ask_year")
		in.askYear = v.AskYear
		if slices.ContainsFunc(opts, func(o components.Option) bool { return o.Value == v.Instrument }) {
			in.instrumentID, _ = strconv.ParseInt(v.Instrument, 10, 64)
		} else {
			v.Add("instrument", "Choose a questionnaire from the list")
		}
	}
	if v.Invited != "" {
		if n, ok := form.Int(v.Invited); ok && n >= 1 && n <= 100000 {
			n32 := int32(n)
			in.invited = &n32
		} else {
			v.Add("invited", "Students invited must be a whole number from 1 to 100,000, or left empty")
		}
	}
	return in
}

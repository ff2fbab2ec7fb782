package survey

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"time"

	"belonging/internal/acyear"
	"belonging/internal/httpx"
	"belonging/internal/httpx/form"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/web"
	"belonging/web/components"
	page "belonging/web/pages/survey"
)

// The survey form, shared by adding a survey (create.go) and changing one
// (edit.go).

// instrumentOptions are the questionnaires a survey of u's institution
// for audience (students or staff) may use: the current version of each.
func (h *Handler) instrumentOptions(ctx context.Context, u *reqctx.User, audience string) ([]components.Option, error) {
	list, err := h.Queries.ListInstruments(ctx, &u.InstitutionID)
	if err != nil {
		return nil, err
	}
	out := make([]components.Option, 0, len(list))
	for _, in := range list {
		if in.Audience != audience {
			continue
		}
		label := in.Name
		if in.Version > 1 {
			label = i18n.T(ctx, "surveyadmin.form.instrument.version", "Name", in.Name, "Version", strconv.Itoa(int(in.Version)))
		}
		out = append(out, components.Option{Value: strconv.FormatInt(in.ID, 10), Label: label})
	}
	return out, nil
}

func (h *Handler) renderForm(w http.ResponseWriter, r *http.Request, status int, v page.SurveyForm, crumbs []web.Crumb) {
	ctx := r.Context()
	title, body := i18n.T(ctx, "surveyadmin.form.new.title"), page.Form(v)
	if v.Staff {
		title, body = i18n.T(ctx, "surveyadmin.form.staff.new.title"), page.StaffForm(v)
	}
	if v.ID != 0 {
		title = i18n.T(ctx, "surveyadmin.form.edit.title", "Title", v.Title)
	}
	httpx.Render(w, r, status, web.Page{Title: title, Section: "programmes", Breadcrumbs: append(crumbs, web.Crumb{Label: title})}, body)
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
	d, ok := acyear.ParseDate(s)
	if !ok {
		return time.Time{}, false
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, london), true
}

// parseClock reads a time of day as hours and minutes; a time input sends
// "09:00", or "09:00:00" when it offers seconds.
func parseClock(s string) (time.Duration, bool) {
	for _, layout := range []string{"15:04", "15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, true
		}
	}
	return 0, false
}

// at is the moment clock (hours and minutes) on day d in London.
func at(d time.Time, clock time.Duration) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), int(clock/time.Hour), int(clock%time.Hour/time.Minute), 0, 0, london)
}

// whenFields names the four fields that say when one survey runs: a date
// and an optional time for its opening and for its closing.
type whenFields struct{ opens, opensTime, closes, closesTime string }

// singleWhen are the fields of a single survey, or of the one before in a
// pair; pairWhen those of the one after.
var (
	singleWhen = whenFields{"opens", "opens_time", "closes", "closes_time"}
	pairWhen   = whenFields{"post_opens", "post_opens_time", "post_closes", "post_closes_time"}
)

// when is one survey's opening and closing as typed.
type when struct{ opens, opensTime, closes, closesTime string }

func readWhenValues(vals form.Values, f whenFields) when {
	return when{vals.Text(f.opens), vals.Text(f.opensTime), vals.Text(f.closes), vals.Text(f.closesTime)}
}

// show puts w back in the form: in the survey's fields, or with post in
// those of the survey after.
func (w when) show(v *page.SurveyForm, post bool) {
	if post {
		v.PostOpens, v.PostOpensTime, v.PostCloses, v.PostClosesTime = w.opens, w.opensTime, w.closes, w.closesTime
		return
	}
	v.Opens, v.OpensTime, v.Closes, v.ClosesTime = w.opens, w.opensTime, w.closes, w.closesTime
}

// typedWhen is how the form shows a survey that opens at opens and closes
// at closes: a survey closing at midnight shows the day before with no
// time (open to the end of it), and one opening at midnight no time.
func typedWhen(opens, closes time.Time) when {
	opens, closes = opens.In(london), closes.In(london)
	w := when{opens: opens.Format("2006-01-02"), closes: closes.Format("2006-01-02")}
	if !page.AtMidnight(opens) {
		w.opensTime = opens.Format("15:04")
	}
	if page.AtMidnight(closes) {
		w.closes = lastDay(closes).Format("2006-01-02")
	} else {
		w.closesTime = closes.Format("15:04")
	}
	return w
}

// readWhen validates when one survey opens and closes, in UK time, with
// each problem at its field in page order. With no opening time it opens
// at the start of its day; with no closing time it closes at the end of
// its day (the midnight after), as a survey given by dates alone does.
func readWhen(ctx context.Context, v *page.SurveyForm, f whenFields, in when, now time.Time) (time.Time, time.Time, bool) {
	o, okO := parseDay(in.opens)
	if !okO {
		v.Add(f.opens, i18n.T(ctx, "surveyadmin.form.error.opens"))
	}
	var openClock, closeClock time.Duration
	okOT, okCT := true, true
	if in.opensTime != "" {
		if openClock, okOT = parseClock(in.opensTime); !okOT {
			v.Add(f.opensTime, i18n.T(ctx, "surveyadmin.form.error.opens_time"))
		}
	}
	c, okC := parseDay(in.closes)
	if !okC {
		v.Add(f.closes, i18n.T(ctx, "surveyadmin.form.error.closes"))
	}
	if in.closesTime != "" {
		if closeClock, okCT = parseClock(in.closesTime); !okCT {
			v.Add(f.closesTime, i18n.T(ctx, "surveyadmin.form.error.closes_time"))
		}
	}
	if !okO || !okC || !okOT || !okCT {
		return o, c, false
	}
	opens := at(o, openClock)
	closes := at(c.AddDate(0, 0, 1), 0)
	if in.closesTime != "" {
		closes = at(c, closeClock)
	}
	// A problem with the closing moment belongs to the closing time when
	// one was typed and the date alone is not at fault.
	closeField := func(dateAtFault bool) string {
		if in.closesTime != "" && !dateAtFault {
			return f.closesTime
		}
		return f.closes
	}
	switch {
	case c.Before(o):
		v.Add(f.closes, i18n.T(ctx, "surveyadmin.form.error.closes_before"))
		return opens, closes, false
	case !closes.After(opens):
		v.Add(closeField(false), i18n.T(ctx, "surveyadmin.form.error.closes_not_after"))
		return opens, closes, false
	case !closes.After(now):
		v.Add(closeField(c.Format("2006-01-02") < now.In(london).Format("2006-01-02")), i18n.T(ctx, "surveyadmin.form.error.closes_passed"))
		return opens, closes, false
	case closes.Sub(opens) > 366*24*time.Hour:
		v.Add(f.closes, i18n.T(ctx, "surveyadmin.form.error.too_long"))
		return opens, closes, false
	}
	return opens, closes, true
}

// opensField is the field to blame when a survey opens too early: its
// opening time when one was typed on the day the other survey last takes
// answers, else its opening date.
func opensField(f whenFields, in when, opens, limit time.Time) string {
	if in.opensTime != "" && opens.In(london).Format("2006-01-02") == lastDay(limit).Format("2006-01-02") {
		return f.opensTime
	}
	return f.opens
}

// readCommon validates the fields every survey form has, in the order the
// page shows them: title, questionnaire and year of study (unless
// locked), and students invited.
func readCommon(ctx context.Context, vals form.Values, opts []components.Option, locked bool, v *page.SurveyForm) surveyInput {
	v.Title, v.Invited = vals.Text("title"), vals.Text("invited")
	in := surveyInput{title: v.Title}
	v.Check(v.Title != "", "title", i18n.T(ctx, "surveyadmin.form.error.title"))
	v.Check(form.MaxLength(v.Title, 200), "title", i18n.T(ctx, "surveyadmin.form.error.title_long"))
	if !locked {
		v.Instrument, v.AskYear = vals.Text("instrument"), vals.Bool("ask_year")
		in.askYear = v.AskYear
		if slices.ContainsFunc(opts, func(o components.Option) bool { return o.Value == v.Instrument }) {
			in.instrumentID, _ = strconv.ParseInt(v.Instrument, 10, 64)
		} else {
			v.Add("instrument", i18n.T(ctx, "surveyadmin.form.error.instrument"))
		}
	}
	if v.Invited != "" {
		if n, ok := form.Int(v.Invited); ok && n >= 1 && n <= 100000 {
			n32 := int32(n)
			in.invited = &n32
		} else {
			v.Add("invited", i18n.T(ctx, "surveyadmin.form.error.invited"))
		}
	}
	return in
}

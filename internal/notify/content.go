package notify

import (
	"context"
	"encoding/json"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"belonging/internal/acyear"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/web/email"
	"belonging/web/paths"
)

// data is what a notification's email says, as noted (every kind's
// fields; each kind sets its own).
type data struct {
	CaseStudyID int64     `json:"case_study_id"`
	Title       string    `json:"title"`
	Visibility  string    `json:"visibility"`
	Author      string    `json:"author"`
	Programme   string    `json:"programme"`
	Decision    string    `json:"decision"`
	Comment     string    `json:"comment"`
	Reviewer    string    `json:"reviewer"`
	SessionID   int64     `json:"session_id"`
	ActivityID  int64     `json:"activity_id"`
	Date        string    `json:"date"`
	SurveyID    int64     `json:"survey_id"`
	Closes      time.Time `json:"closes"`
	Responses   int       `json:"responses"`
	PersonID    int64     `json:"person_id"`
	Name        string    `json:"name"`
	Email       string    `json:"email"`
	Role        string    `json:"role"`
	Scope       string    `json:"scope"`
	JobID       int64     `json:"job_id"`
	JobKind     string    `json:"job_kind"`
	Attempts    int       `json:"attempts"`
	State       string    `json:"state"`
	Error       string    `json:"error"`
}

func decode(raw []byte) (data, error) {
	var d data
	err := json.Unmarshal(raw, &d)
	return d, err
}

// content is one notification in words: as its own email, and as an item
// of the digest.
type content struct {
	subject, preheader string
	paragraphs         []string
	quote, quoteFrom   string
	action             email.Link
	item               email.Item
}

// content words a notification of kind in the language of ctx.
func (n *Notifier) content(ctx context.Context, kind string, d data) content {
	link := func(path string) string { return n.BaseURL + path }
	t := func(id string, args ...any) string { return i18n.T(ctx, id, args...) }
	switch kind {
	case ReviewWaiting:
		u := link(paths.CaseStudyDraft(d.CaseStudyID, d.Title))
		to := audience(ctx, d.Visibility)
		return content{
			subject:   t("notify.review_waiting.subject", "Title", d.Title),
			preheader: t("notify.review_waiting.preheader", "Author", nonEmpty(d.Author, t("notify.its_author")), "Audience", to),
			paragraphs: []string{
				t("notify.review_waiting.body", "Author", nonEmpty(d.Author, t("notify.an_author")), "Title", d.Title, "Programme", d.Programme, "Audience", to),
				t("notify.review_waiting.why"),
			},
			action: email.Link{Label: t("notify.review_waiting.action"), URL: u},
			item:   email.Item{Title: d.Title, Detail: t("notify.review_waiting.item", "Programme", d.Programme, "Audience", to), URL: u},
		}
	case ReviewDecided:
		u := link(paths.CaseStudyDraft(d.CaseStudyID, d.Title))
		to := audience(ctx, d.Visibility)
		reviewer := nonEmpty(d.Reviewer, t("notify.a_reviewer"))
		c := content{action: email.Link{Label: t("notify.review_decided.action"), URL: u}, quote: d.Comment, quoteFrom: nonEmpty(d.Reviewer, t("notify.the_reviewer"))}
		if d.Decision == "approved" {
			c.subject = t("notify.approved.subject", "Title", d.Title)
			c.paragraphs = []string{t("notify.approved.body", "Reviewer", reviewer, "Title", d.Title, "Audience", to)}
			c.item = email.Item{Title: d.Title, Detail: t("notify.approved.item", "Audience", to), URL: u}
		} else {
			c.subject = t("notify.changes.subject", "Title", d.Title)
			c.paragraphs = []string{t("notify.changes.body", "Reviewer", reviewer, "Title", d.Title, "Audience", to), t("notify.changes.next")}
			c.item = email.Item{Title: d.Title, Detail: t("notify.changes.item", "Comment", d.Comment), URL: u}
		}
		c.preheader = c.paragraphs[0]
		return c
	case OutcomeDue:
		u := link(paths.NewSessionOutcome(d.ActivityID, d.SessionID))
		day := d.Date
		if when, err := time.Parse("2006-01-02", d.Date); err == nil {
			day = i18n.WeekdayMonth(ctx, when)
		}
		return content{
			subject:   t("notify.outcome_due.subject", "Title", d.Title, "Day", day),
			preheader: t("notify.outcome_due.preheader"),
			paragraphs: []string{
				t("notify.outcome_due.body", "Title", d.Title, "Programme", d.Programme, "Day", day),
				t("notify.outcome_due.why"),
			},
			action: email.Link{Label: t("notify.outcome_due.action"), URL: u},
			item:   email.Item{Title: d.Title, Detail: d.Programme + ", " + day, URL: u},
		}
	case SurveyClosing:
		u := link(paths.Survey(d.SurveyID))
		last, answers := until(ctx, d.Closes), responses(ctx, d.Responses)
		return content{
			subject:   t("notify.survey_closing.subject", "Title", d.Title),
			preheader: t("notify.survey_closing.preheader", "Responses", answers),
			paragraphs: []string{
				t("notify.survey_closing.body", "Title", d.Title, "Until", last, "Responses", answers),
				t("notify.survey_closing.why"),
			},
			action: email.Link{Label: t("notify.survey.action"), URL: u},
			item:   email.Item{Title: d.Title, Detail: t("notify.survey_closing.item", "Until", last, "Responses", answers), URL: u},
		}
	case SurveyResults:
		u := link(paths.SurveyAt(d.SurveyID, "results"))
		answers := responses(ctx, d.Responses)
		return content{
			subject:   t("notify.survey_results.subject", "Title", d.Title),
			preheader: t("notify.survey_results.closed", "Responses", answers),
			paragraphs: []string{
				t("notify.survey_results.body", "Title", d.Title, "Responses", answers),
				t("notify.survey_results.why"),
			},
			action: email.Link{Label: t("notify.survey_results.action"), URL: u},
			item:   email.Item{Title: d.Title, Detail: t("notify.survey_results.closed", "Responses", answers), URL: u},
		}
	case InvitationAccepted:
		u := link(paths.Person(d.PersonID))
		what := reqctx.RoleLabelIn(ctx, d.Role)
		if d.Scope != "" {
			what += ", " + d.Scope
		}
		return content{
			subject:    t("notify.accepted.subject", "Name", d.Name),
			preheader:  what,
			paragraphs: []string{t("notify.accepted.body", "Name", d.Name, "Email", d.Email, "Role", what)},
			action:     email.Link{Label: t("notify.accepted.action"), URL: u},
			item:       email.Item{Title: d.Name, Detail: what, URL: u},
		}
	case JobFailed:
		u := link(paths.AdminJobs)
		what := n.Queue.Label(d.JobKind)
		body := i18n.N(ctx, "notify.job_failed.attempts", d.Attempts, "Job", what, "ID", strconv.FormatInt(d.JobID, 10))
		if d.State == "cancelled" {
			body = t("notify.job_failed.cancelled", "Job", what, "ID", strconv.FormatInt(d.JobID, 10))
		}
		return content{
			subject:    t("notify.job_failed.subject", "Job", what),
			preheader:  d.Error,
			paragraphs: []string{body, d.Error, t("notify.job_failed.next")},
			action:     email.Link{Label: t("notify.job_failed.action"), URL: u},
			item:       email.Item{Title: what, Detail: d.Error, URL: u},
		}
	}
	return content{subject: "Belonging", paragraphs: []string{t("notify.other.body")}, action: email.Link{Label: t("notify.open"), URL: link(paths.Home)}}
}

// audience is whom a case study is shared with, in the language of ctx.
func audience(ctx context.Context, visibility string) string {
	switch visibility {
	case "network":
		return i18n.T(ctx, "notify.audience.network")
	case "public":
		return i18n.T(ctx, "notify.audience.public")
	}
	return i18n.T(ctx, "notify.audience.institution")
}

func responses(ctx context.Context, n int) string {
	return i18n.N(ctx, "notify.responses", n)
}

// until is when a survey closing at t stops taking answers, in UK time:
// "the end of Monday 5 October" for one closing at midnight (a survey
// given by dates alone), else "17:00 on Monday 5 October"; in Welsh, as
// it reads after "tan" (until): "ddiwedd dydd Llun 5 Hydref", "17:00
// ddydd Llun 5 Hydref".
func until(ctx context.Context, t time.Time) string {
	t = t.In(acyear.London)
	if h, m, s := t.Clock(); h == 0 && m == 0 && s == 0 {
		return i18n.T(ctx, "notify.until.end_of", "Day", i18n.WeekdayMonth(ctx, t.Add(-time.Second)))
	}
	return i18n.T(ctx, "notify.until.time", "Time", i18n.Clock(t), "Date", i18n.DayMonth(ctx, t), "Weekday", weekday(ctx, t))
}

// weekday is a day's name as an adverb of time: "Monday", or "ddydd Llun"
// (Welsh mutates "dydd" when it says when).
func weekday(ctx context.Context, t time.Time) string {
	if i18n.Lang(ctx) == i18n.Welsh {
		return "d" + i18n.Weekday(ctx, t)
	}
	return i18n.Weekday(ctx, t)
}

func nonEmpty(s, otherwise string) string {
	if strings.TrimSpace(s) == "" {
		return otherwise
	}
	return s
}

// firstName greets people as the app does, without their title.
func firstName(name string) string { return (&reqctx.User{Name: name}).FirstName() }

func mailAddress(name, address string) mail.Address {
	return mail.Address{Name: name, Address: address}
}

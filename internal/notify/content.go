package notify

import (
	"encoding/json"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"belonging/internal/acyear"
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

// content words a notification of kind.
func (n *Notifier) content(kind string, d data) content {
	link := func(path string) string { return n.BaseURL + path }
	switch kind {
	case ReviewWaiting:
		u := link(paths.CaseStudyDraft(d.CaseStudyID, d.Title))
		return content{
			subject:   "Case study to review: " + d.Title,
			preheader: fmt.Sprintf("%s asks to share it with %s.", nonEmpty(d.Author, "Its author"), audience(d.Visibility)),
			paragraphs: []string{
				fmt.Sprintf("%s asks to share the case study “%s” (%s) with %s.", nonEmpty(d.Author, "An author"), d.Title, d.Programme, audience(d.Visibility)),
				"Sharing beyond your institution waits for a programme director or an institution admin. Read the draft, then approve it or ask for changes with a comment.",
			},
			action: email.Link{Label: "Review the case study", URL: u},
			item:   email.Item{Title: d.Title, Detail: fmt.Sprintf("%s, for %s", d.Programme, audience(d.Visibility)), URL: u},
		}
	case ReviewDecided:
		u := link(paths.CaseStudyDraft(d.CaseStudyID, d.Title))
		c := content{action: email.Link{Label: "Open the case study", URL: u}, quote: d.Comment, quoteFrom: nonEmpty(d.Reviewer, "The reviewer")}
		if d.Decision == "approved" {
			c.subject = "Approved: " + d.Title
			c.paragraphs = []string{fmt.Sprintf("%s approved your case study “%s”. It is now shared with %s.", nonEmpty(d.Reviewer, "A reviewer"), d.Title, audience(d.Visibility))}
			c.item = email.Item{Title: d.Title, Detail: "Approved: shared with " + audience(d.Visibility), URL: u}
		} else {
			c.subject = "Changes asked for: " + d.Title
			c.paragraphs = []string{fmt.Sprintf("%s asked for changes before your case study “%s” is shared with %s.", nonEmpty(d.Reviewer, "A reviewer"), d.Title, audience(d.Visibility)),
				"Make the changes in the draft and ask for approval again."}
			c.item = email.Item{Title: d.Title, Detail: "Changes asked for: " + d.Comment, URL: u}
		}
		c.preheader = c.paragraphs[0]
		return c
	case OutcomeDue:
		u := link(paths.NewSessionOutcome(d.ActivityID, d.SessionID))
		day := d.Date
		if t, err := time.Parse("2006-01-02", d.Date); err == nil {
			day = t.Format("Monday 2 January")
		}
		return content{
			subject:   "Outcome due: " + d.Title + ", " + day,
			preheader: "Record what happened while it is fresh.",
			paragraphs: []string{
				fmt.Sprintf("The session of “%s” (%s) on %s has no outcome recorded yet.", d.Title, d.Programme, day),
				"Recording attendance, what worked and what to change takes a few minutes, and builds the evidence for the activity.",
			},
			action: email.Link{Label: "Record the outcome", URL: u},
			item:   email.Item{Title: d.Title, Detail: d.Programme + ", " + day, URL: u},
		}
	case SurveyClosing:
		u := link(paths.Survey(d.SurveyID))
		last := until(d.Closes)
		return content{
			subject:   "Closes tomorrow: " + d.Title,
			preheader: fmt.Sprintf("%s so far.", responses(d.Responses)),
			paragraphs: []string{
				fmt.Sprintf("Your survey “%s” takes answers until %s, and has %s so far.", d.Title, last, responses(d.Responses)),
				"A reminder to students in a session today can lift the response rate. Results appear once the survey closes.",
			},
			action: email.Link{Label: "Open the survey", URL: u},
			item:   email.Item{Title: d.Title, Detail: "Open until " + last + ", " + responses(d.Responses), URL: u},
		}
	case SurveyResults:
		u := link(paths.SurveyAt(d.SurveyID, "results"))
		return content{
			subject:   "Results ready: " + d.Title,
			preheader: fmt.Sprintf("Closed with %s.", responses(d.Responses)),
			paragraphs: []string{
				fmt.Sprintf("Your survey “%s” has closed with %s, and its results are ready.", d.Title, responses(d.Responses)),
				"Figures appear for groups large enough to keep students anonymous.",
			},
			action: email.Link{Label: "See the results", URL: u},
			item:   email.Item{Title: d.Title, Detail: "Closed with " + responses(d.Responses), URL: u},
		}
	case InvitationAccepted:
		u := link(paths.Person(d.PersonID))
		what := reqctx.RoleLabel(d.Role)
		if d.Scope != "" {
			what += ", " + d.Scope
		}
		return content{
			subject:    d.Name + " accepted your invitation",
			preheader:  what,
			paragraphs: []string{fmt.Sprintf("%s (%s) accepted your invitation to Belonging and joined as %s.", d.Name, d.Email, what)},
			action:     email.Link{Label: "See their roles", URL: u},
			item:       email.Item{Title: d.Name, Detail: what, URL: u},
		}
	case JobFailed:
		u := link(paths.AdminJobs)
		what := n.Queue.Label(d.JobKind)
		tries := fmt.Sprintf("after %d attempts", d.Attempts)
		if d.State == "cancelled" {
			tries = "and cannot succeed by retrying"
		}
		return content{
			subject:   "A background job failed: " + what,
			preheader: d.Error,
			paragraphs: []string{
				fmt.Sprintf("“%s” (job %d) stopped %s. The last error was:", what, d.JobID, tries),
				d.Error,
				"Once the cause is fixed (a mail server's settings, an address that does not exist), you can run it again from the list of failed jobs.",
			},
			action: email.Link{Label: "See failed jobs", URL: u},
			item:   email.Item{Title: what, Detail: d.Error, URL: u},
		}
	}
	return content{subject: "Belonging", paragraphs: []string{"Something in Belonging needs your attention."}, action: email.Link{Label: "Open Belonging", URL: link(paths.Home)}}
}

func audience(visibility string) string {
	switch visibility {
	case "network":
		return "the network"
	case "public":
		return "everyone"
	}
	return "your institution"
}

func responses(n int) string {
	if n == 1 {
		return "1 response"
	}
	return fmt.Sprintf("%d responses", n)
}

// until is when a survey closing at t stops taking answers, in UK time:
// "the end of Monday 5 October" for one closing at midnight (a survey
// given by dates alone), else "17:00 on Monday 5 October".
func until(t time.Time) string {
	t = t.In(acyear.London)
	if h, m, s := t.Clock(); h == 0 && m == 0 && s == 0 {
		return "the end of " + t.Add(-time.Second).Format("Monday 2 January")
	}
	return t.Format("15:04 on Monday 2 January")
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

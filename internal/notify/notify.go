package notify

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"belonging/internal/acyear"
	"belonging/internal/i18n"
	"belonging/internal/jobs"
	"belonging/internal/mail"
	"belonging/internal/store"
	"belonging/web/email"
	"belonging/web/paths"
)

// Notifier notes notifications and sends their emails.
type Notifier struct {
	Pool    *pgxpool.Pool
	Queries *store.Queries
	Queue   *jobs.Queue
	Sender  *mail.Sender
	// BaseURL starts the links in emails; Key signs the unsubscribe links.
	BaseURL string
	Key     []byte
	// Now is the clock; tests may fix it.
	Now func() time.Time
}

func (n *Notifier) now() time.Time {
	if n.Now != nil {
		return n.Now()
	}
	return time.Now()
}

// noted is a notification just made: the email is due at once, or waits
// for the digest.
type noted struct {
	ID            int64
	InstitutionID int64
	Delivery      string
}

// note enqueues, in q's transaction, the emails of the notifications just
// made that are due at once.
func (n *Notifier) note(ctx context.Context, q *store.Queries, kind string, rows []noted) error {
	var params []river.InsertManyParams
	for _, r := range rows {
		if r.Delivery != Immediate {
			continue
		}
		opts := jobs.For(r.InstitutionID, jobs.QueueMail)
		if kind == JobFailed {
			opts = jobs.FailureNotice(r.InstitutionID)
		}
		params = append(params, river.InsertManyParams{
			Args:       NotificationMail{NotificationID: r.ID, MessageID: n.Sender.NewMessageID()},
			InsertOpts: opts,
		})
	}
	return n.Queue.EnqueueMany(ctx, q, params)
}

// converted turns a query's returned rows into noted ones.
func converted[T ~struct {
	ID            int64
	InstitutionID int64
	Delivery      string
}](rows []T, err error) ([]noted, error) {
	out := make([]noted, len(rows))
	for i, r := range rows {
		out[i] = noted(r)
	}
	return out, err
}

// ReviewRequested notes, in q's transaction, that case study id waits for
// review by its programme's directors and the institution's admins.
func (n *Notifier) ReviewRequested(ctx context.Context, q *store.Queries, institutionID, id, actorID int64) error {
	rows, err := converted(q.NotifyReviewWaiting(ctx, store.NotifyReviewWaitingParams{InstitutionID: institutionID, CaseStudyID: id, ActorID: actorID}))
	if err != nil {
		return err
	}
	return n.note(ctx, q, ReviewWaiting, rows)
}

// ReviewDecided notes, in q's transaction, a reviewer's decision on case
// study id for its author.
func (n *Notifier) ReviewDecided(ctx context.Context, q *store.Queries, institutionID, id, actorID int64) error {
	rows, err := converted(q.NotifyReviewDecided(ctx, store.NotifyReviewDecidedParams{InstitutionID: institutionID, CaseStudyID: id, ActorID: actorID}))
	if err != nil {
		return err
	}
	return n.note(ctx, q, ReviewDecided, rows)
}

// InvitationAccepted notes, in q's transaction, that person accepted
// invitation id, for whoever sent it.
func (n *Notifier) InvitationAccepted(ctx context.Context, q *store.Queries, institutionID, id, person int64) error {
	rows, err := converted(q.NotifyInvitationAccepted(ctx, store.NotifyInvitationAcceptedParams{InstitutionID: institutionID, InvitationID: id, PersonID: person}))
	if err != nil {
		return err
	}
	return n.note(ctx, q, InvitationAccepted, rows)
}

// SurveyClosed notes, in q's transaction, that survey id closed at at and
// its results are ready, for whoever set it up unless they closed it.
func (n *Notifier) SurveyClosed(ctx context.Context, q *store.Queries, id, actorID int64, at time.Time) error {
	rows, err := converted(q.NotifySurveyResults(ctx, store.NotifySurveyResultsParams{ClosedAfter: at.Add(-time.Second), Now: at.Add(time.Second), SurveyID: &id, ActorID: actorID}))
	if err != nil {
		return err
	}
	return n.note(ctx, q, SurveyResults, rows)
}

// NotificationMail emails one notification.
type NotificationMail struct {
	NotificationID int64 `json:"notification_id" river:"unique"`
	// MessageID is fixed when the job is enqueued, so every attempt sends
	// the same Message-ID.
	MessageID string `json:"message_id"`
}

// Kind names the job.
func (NotificationMail) Kind() string { return "notification_mail" }

// InsertOpts puts the job in the mail queue, once per notification.
func (NotificationMail) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: jobs.QueueMail, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// Register adds the notification jobs to the queue: the emails, the
// periodic look for what time has made due, the Monday digest and the
// clearing of old notifications.
func (n *Notifier) Register(q *jobs.Queue) {
	jobs.Add(q, "Email: a notification", river.WorkFunc(n.sendNotification))
	jobs.Add(q, "Email: the Monday digest", river.WorkFunc(n.sendDigest))
	jobs.Periodic[findDueArgs](q, "Notifications: outcomes due, surveys closing, results ready", time.Hour, 10*time.Minute, n.findDue)
	jobs.Periodic[findFailedArgs](q, "Notifications: failed jobs", 10*time.Minute, time.Minute, n.findFailed)
	jobs.Periodic[queueDigestsArgs](q, "Notifications: the Monday digest", time.Hour, 10*time.Minute, n.queueDigests)
	jobs.Periodic[sweepArgs](q, "Clearing old notifications and email records", 24*time.Hour, 10*time.Minute, n.sweep)
}

func (n *Notifier) sendNotification(ctx context.Context, job *river.Job[NotificationMail]) error {
	row, err := n.Queries.GetNotificationForMail(ctx, job.Args.NotificationID)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil // cleared since: nothing to send
	}
	if err != nil {
		return err
	}
	if row.DisabledAt != nil {
		return nil
	}
	d, err := decode(row.Data)
	if err != nil {
		return jobs.Permanent(err)
	}
	unsubscribe := n.unsubscribeURL(row.UserID, row.Kind)
	msg, err := n.message(ctx, row.Name, row.Email, row.Language, unsubscribe, job.Args.MessageID, func(ctx context.Context) email.Email {
		c := n.content(ctx, row.Kind, d)
		return email.Email{Subject: c.subject, Preheader: c.preheader, Greeting: i18n.T(ctx, "email.hello_name", "Name", firstName(row.Name)),
			Paragraphs: c.paragraphs, Quote: c.quote, QuoteFrom: c.quoteFrom, Action: c.action,
			Why:         i18n.T(ctx, "notify.why"),
			Unsubscribe: unsubscribe, Settings: n.BaseURL + paths.AccountNotificationsForm}
	})
	if err != nil {
		return err
	}
	if err := n.Sender.Deliver(ctx, "notification:"+strconv.FormatInt(row.ID, 10), msg); err != nil {
		return err
	}
	return n.Queries.MarkNotificationsEmailed(ctx, []int64{row.ID})
}

// message renders the email build words to the person, in their
// institution's language lang: Welsh first and English after when it is
// Welsh, English alone otherwise.
func (n *Notifier) message(ctx context.Context, name, address, lang, unsubscribe, messageID string, build func(ctx context.Context) email.Email) (mail.Message, error) {
	subject, text, html, err := email.Compose(ctx, lang, build)
	if err != nil {
		return mail.Message{}, err
	}
	if messageID == "" {
		messageID = n.Sender.NewMessageID()
	}
	return mail.Message{To: mailAddress(name, address), Subject: subject, Text: text, HTML: html,
		MessageID: messageID, Unsubscribe: unsubscribe}, nil
}

// findDueArgs is the hourly look for notifications that time makes due.
type findDueArgs struct{}

func (findDueArgs) Kind() string { return "notices" }

// Reminders go out from eight in the morning, UK time: the first look at
// or after then each day makes the day's.
const reminderHour = 8

func (n *Notifier) findDue(ctx context.Context) error {
	return store.InTx(ctx, n.Pool, func(q *store.Queries) error {
		now := n.now()
		if now.In(acyear.London).Hour() >= reminderHour {
			today := acyear.DateOf(now)
			if _, err := n.OutcomesDue(ctx, q, today); err != nil {
				return err
			}
			if err := n.surveysClosing(ctx, q, today, now); err != nil {
				return err
			}
		}
		rows, err := converted(q.NotifySurveyResults(ctx, store.NotifySurveyResultsParams{ClosedAfter: now.Add(-3 * 24 * time.Hour), Now: now}))
		if err != nil {
			return err
		}
		return n.note(ctx, q, SurveyResults, rows)
	})
}

// OutcomesDue notes, in q's transaction, a reminder for each session that
// ended two days before today (or up to a week before that, should the
// look have missed a day) with no outcome recorded, and enqueues the
// emails due at once. It returns how many it noted.
func (n *Notifier) OutcomesDue(ctx context.Context, q *store.Queries, today time.Time) (int, error) {
	rows, err := converted(q.NotifyOutcomesDue(ctx, store.NotifyOutcomesDueParams{FromDay: today.AddDate(0, 0, -9), ToDay: today.AddDate(0, 0, -2)}))
	if err != nil {
		return 0, err
	}
	return len(rows), n.note(ctx, q, OutcomeDue, rows)
}

// surveysClosing notes the open surveys whose last day is tomorrow: they
// close at the midnight after it.
func (n *Notifier) surveysClosing(ctx context.Context, q *store.Queries, today, now time.Time) error {
	midnight := func(days int) time.Time {
		d := today.AddDate(0, 0, days)
		return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, acyear.London)
	}
	rows, err := converted(q.NotifySurveysClosing(ctx, store.NotifySurveysClosingParams{ClosesAfter: midnight(1), ClosesBefore: midnight(2), Now: now}))
	if err != nil {
		return err
	}
	return n.note(ctx, q, SurveyClosing, rows)
}

// findFailedArgs is the look for jobs that failed, every ten minutes.
type findFailedArgs struct{}

func (findFailedArgs) Kind() string { return "failure_notices" }

func (n *Notifier) findFailed(ctx context.Context) error {
	return store.InTx(ctx, n.Pool, func(q *store.Queries) error {
		since := n.now().Add(-24 * time.Hour)
		rows, err := converted(q.NotifyJobsFailed(ctx, &since))
		if err != nil {
			return err
		}
		return n.note(ctx, q, JobFailed, rows)
	})
}

// sweepArgs is the daily clearing of old notifications and email records.
type sweepArgs struct{}

func (sweepArgs) Kind() string { return "notification_sweep" }

// Notifications are kept 90 days; the record of a sent email 35, longer
// than a failed job that could send it again is kept (30).
const (
	keepNotifications = 90 * 24 * time.Hour
	keepMailSent      = 35 * 24 * time.Hour
)

func (n *Notifier) sweep(ctx context.Context) error {
	now := n.now()
	if _, err := n.Queries.DeleteOldNotifications(ctx, now.Add(-keepNotifications)); err != nil {
		return err
	}
	_, err := n.Queries.DeleteOldMailSent(ctx, now.Add(-keepMailSent))
	return err
}

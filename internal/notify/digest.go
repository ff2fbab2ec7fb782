package notify

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"belonging/internal/acyear"
	"belonging/internal/i18n"
	"belonging/internal/jobs"
	"belonging/internal/store"
	"belonging/web/email"
	"belonging/web/paths"
)

// The digest goes out on Monday at 08:00, UK time.
const (
	digestDay  = time.Monday
	digestHour = 8
)

// DigestCutoff is the latest Monday 08:00 (UK time) at or before now: the
// digest then sends what was noted before it.
func DigestCutoff(now time.Time) time.Time {
	t := now.In(acyear.London)
	back := (int(t.Weekday()) - int(digestDay) + 7) % 7
	d := time.Date(t.Year(), t.Month(), t.Day()-back, digestHour, 0, 0, 0, acyear.London)
	if d.After(t) {
		d = time.Date(t.Year(), t.Month(), t.Day()-back-7, digestHour, 0, 0, 0, acyear.London)
	}
	return d
}

// queueDigestsArgs is the hourly look for digests to send: from Monday
// 08:00 until each is sent, so a week's digest goes even when no server
// ran at eight.
type queueDigestsArgs struct{}

func (queueDigestsArgs) Kind() string { return "digest" }

// DigestMail emails one person their digest for the week starting at
// Cutoff: what was noted for the digest before it.
type DigestMail struct {
	UserID    int64     `json:"user_id" river:"unique"`
	Week      string    `json:"week" river:"unique"`
	Cutoff    time.Time `json:"cutoff"`
	MessageID string    `json:"message_id"`
}

// Kind names the job.
func (DigestMail) Kind() string { return "digest_mail" }

// InsertOpts puts the job in the mail queue, once per person and week.
func (DigestMail) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: jobs.QueueMail, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

func (n *Notifier) queueDigests(ctx context.Context) error {
	cutoff := DigestCutoff(n.now())
	return store.InTx(ctx, n.Pool, func(q *store.Queries) error {
		people, err := q.ListDigestRecipients(ctx, cutoff)
		if err != nil {
			return err
		}
		params := make([]river.InsertManyParams, 0, len(people))
		seen := map[int64]bool{}
		for _, p := range people {
			if seen[p.UserID] {
				continue
			}
			seen[p.UserID] = true
			params = append(params, river.InsertManyParams{
				Args:       DigestMail{UserID: p.UserID, Week: cutoff.Format("2006-01-02"), Cutoff: cutoff, MessageID: n.Sender.NewMessageID()},
				InsertOpts: jobs.For(p.InstitutionID, jobs.QueueMail),
			})
		}
		return n.Queue.EnqueueMany(ctx, q, params)
	})
}

func (n *Notifier) sendDigest(ctx context.Context, job *river.Job[DigestMail]) error {
	who, err := n.Queries.GetMailRecipient(ctx, job.Args.UserID)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil || who.DisabledAt != nil {
		return err
	}
	rows, err := n.Queries.ListDigestNotifications(ctx, store.ListDigestNotificationsParams{UserID: who.ID, Cutoff: job.Args.Cutoff})
	if err != nil || len(rows) == 0 {
		return err
	}
	ids := make([]int64, 0, len(rows))
	noted := make([]data, 0, len(rows))
	for _, r := range rows {
		ids = append(ids, r.ID)
		d, err := decode(r.Data)
		if err != nil {
			return jobs.Permanent(err)
		}
		noted = append(noted, d)
	}
	unsubscribe := n.unsubscribeURL(who.ID, Digest)
	msg, err := n.message(ctx, who.Name, who.Email, who.Language, unsubscribe, job.Args.MessageID, func(ctx context.Context) email.Email {
		e := email.Email{Subject: i18n.T(ctx, "notify.digest.subject"), Greeting: i18n.T(ctx, "email.hello_name", "Name", firstName(who.Name)),
			Paragraphs:  []string{i18n.N(ctx, "notify.digest.body", len(rows))},
			Action:      email.Link{Label: i18n.T(ctx, "notify.open"), URL: n.BaseURL + paths.Home},
			Why:         i18n.T(ctx, "notify.digest.why"),
			Unsubscribe: unsubscribe, Settings: n.BaseURL + paths.AccountNotificationsForm}
		for i, r := range rows {
			item := n.content(ctx, r.Kind, noted[i]).item
			if len(e.Sections) == 0 || e.Sections[len(e.Sections)-1].Heading != heading(ctx, r.Kind) {
				e.Sections = append(e.Sections, email.Section{Heading: heading(ctx, r.Kind), Unsubscribe: n.unsubscribeURL(who.ID, r.Kind)})
			}
			s := &e.Sections[len(e.Sections)-1]
			s.Items = append(s.Items, item)
		}
		e.Preheader = e.Sections[0].Heading
		return e
	})
	if err != nil {
		return err
	}
	key := "digest:" + strconv.FormatInt(who.ID, 10) + ":" + job.Args.Week
	if err := n.Sender.Deliver(ctx, key, msg); err != nil {
		return err
	}
	return n.Queries.MarkNotificationsEmailed(ctx, ids)
}

func heading(ctx context.Context, kind string) string {
	if k, ok := KindOf(kind); ok {
		return k.HeadingIn(ctx)
	}
	return kind
}

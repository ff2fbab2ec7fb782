package server

import (
	"context"
	"time"

	"belonging/internal/activity"
	"belonging/internal/evidence"
	"belonging/internal/jobs"
	"belonging/internal/notify"
	"belonging/internal/retention"
	"belonging/internal/sso"
)

// The upkeep, each a periodic job run once an hour across all servers.
type (
	signInSweepArgs   struct{}
	evidenceSweepArgs struct{}
	surveyUpkeepArgs  struct{}
	followSessionArgs struct{}
	signInStateArgs   struct{}
	sealSurveysArgs   struct{}
	retentionArgs     struct{}
)

func (signInSweepArgs) Kind() string   { return "signin_sweep" }
func (evidenceSweepArgs) Kind() string { return "evidence_sweep" }
func (surveyUpkeepArgs) Kind() string  { return "survey_upkeep" }
func (followSessionArgs) Kind() string { return "activity_status" }
func (signInStateArgs) Kind() string   { return "signin_state_sweep" }
func (sealSurveysArgs) Kind() string   { return "seal_closed_surveys" }
func (retentionArgs) Kind() string     { return "retention" }

// registerJobs puts every background task on the job queue: the emails of
// invitations and notifications, the notifications that time makes due,
// and the upkeep.
func (s *Server) registerJobs(n *notify.Notifier) {
	q := s.queue
	s.people.Register(q)
	s.account.Register(q)
	s.sso.Register(q)
	n.Register(q)
	jobs.Periodic[signInSweepArgs](q, "Clearing old sign-in failures", time.Hour, time.Minute, func(ctx context.Context) error {
		return s.queries.DeleteStaleSignInFailures(ctx, time.Now().Add(-s.cfg.SignInWindow))
	})
	jobs.Periodic[signInStateArgs](q, "Clearing finished identity-provider sign-ins and password resets", time.Hour, time.Minute, func(ctx context.Context) error {
		return sso.Sweep(ctx, s.queries, time.Now())
	})
	// A closed survey's responses are shuffled under new ids before any
	// result shows (see docs/privacy.md), so this runs every minute.
	jobs.Periodic[sealSurveysArgs](q, "Sealing closed surveys", time.Minute, 10*time.Minute, func(ctx context.Context) error {
		_, err := s.survey.SealClosed(ctx)
		return err
	})
	jobs.Periodic[evidenceSweepArgs](q, "Removing evidence files no record refers to", time.Hour, 30*time.Minute, func(ctx context.Context) error {
		n, err := evidence.Sweep(ctx, s.queries, s.blobs, time.Hour, time.Now())
		if n > 0 {
			s.logger.Info("removed orphaned evidence files", "files", n)
		}
		return err
	})
	// Tallies for the reports, the evidence of closed before-and-after
	// pairs, then deleting responses past their retention (in that order:
	// a pair's evidence is made before its responses can expire).
	jobs.Periodic[followSessionArgs](q, "Moving activities on as their sessions start and end", time.Hour, 10*time.Minute, func(ctx context.Context) error {
		n, err := activity.FollowSessions(ctx, s.pool, time.Now())
		if n > 0 {
			s.logger.Info("activities moved on by their sessions", "activities", n)
		}
		return err
	})
	jobs.Periodic[surveyUpkeepArgs](q, "Survey upkeep: tallies, pair evidence, retention", time.Hour, 30*time.Minute, s.survey.Upkeep)
	// Evidence files and outcomes past the retention their institution
	// chose (off unless an admin sets it).
	keep := retention.Upkeep{Pool: s.pool, Blobs: s.blobs, Logger: s.logger}
	jobs.Periodic[retentionArgs](q, "Deleting evidence files and outcomes past their retention", time.Hour, 30*time.Minute, func(ctx context.Context) error {
		res, err := keep.Run(ctx, time.Now())
		if res.Files+res.Outcomes > 0 {
			s.logger.Info("deleted past their retention", "evidence_files", res.Files, "outcomes", res.Outcomes)
		}
		return err
	})
}

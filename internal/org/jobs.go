package org

import (
	"context"
	"net/http"

	"belonging/internal/acyear"
	"belonging/internal/audit"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/jobs"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	page "belonging/web/pages/org"
	"belonging/web/paths"
)

// FailedJobs lists the background jobs of the institution, and of the
// whole installation, that failed: those that gave up, those refused for
// good, and those waiting to retry.
func (h *Handler) FailedJobs(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	rows, err := h.Queries.ListFailedJobs(ctx, u.InstitutionID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	var v page.FailedJobsPage
	for _, j := range rows {
		f := page.FailedJob{ID: j.ID, Label: h.jobLabel(ctx, j.Kind), Error: j.LastError}
		at := j.At.In(acyear.London)
		when := i18n.ShortDate(ctx, at) + ", " + i18n.Clock(at)
		stopped := i18n.T(ctx, "org.jobs.stopped", "When", when)
		switch j.State {
		case jobs.StateDiscarded:
			f.State, f.StateClass, f.When = i18n.N(ctx, "org.jobs.gave_up", int(j.Attempt)), "tag--bad", stopped
		case jobs.StateCancelled:
			f.State, f.StateClass, f.When = i18n.T(ctx, "org.jobs.refused"), "tag--bad", stopped
		default:
			f.State, f.StateClass, f.When = i18n.T(ctx, "org.jobs.retrying", "Attempt", j.Attempt, "Max", j.MaxAttempts), "tag--warn", i18n.T(ctx, "org.jobs.next_try", "When", when)
		}
		v.Jobs = append(v.Jobs, f)
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(ctx, "org.jobs.title"), Section: "admin",
		Breadcrumbs: []web.Crumb{adminCrumb(ctx), {Label: i18n.T(ctx, "org.jobs.title")}}}, page.FailedJobs(v))
}

// RetryJob runs a failed job again now, recording who asked.
func (h *Handler) RetryJob(w http.ResponseWriter, r *http.Request) {
	job, ok := h.Access.FailedJob(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		if err := h.Jobs.Retry(ctx, q, job.ID); err != nil {
			return err
		}
		return audit.By(u).Record(ctx, q, "retry", "job", job.ID, map[string]audit.Change{"state": {Before: job.State, After: "available"}})
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "org.jobs.flash.retry", "Label", h.jobLabel(ctx, job.Kind), "ID", job.ID))
	httpx.SeeOther(w, r, paths.AdminJobs)
}

// jobLabels are the catalogue's words for each kind of job the server
// registers, for readers of Welsh; in English, and for a kind not listed,
// the label the job was registered with names it.
var jobLabels = map[string]string{
	"signin_sweep": "org.jobs.kind.signin_sweep", "signin_state_sweep": "org.jobs.kind.signin_state_sweep",
	"seal_closed_surveys": "org.jobs.kind.seal_closed_surveys", "evidence_sweep": "org.jobs.kind.evidence_sweep",
	"activity_status": "org.jobs.kind.activity_status", "survey_upkeep": "org.jobs.kind.survey_upkeep",
	"retention": "org.jobs.kind.retention", "notification_mail": "org.jobs.kind.notification_mail",
	"digest_mail": "org.jobs.kind.digest_mail", "notices": "org.jobs.kind.notices",
	"failure_notices": "org.jobs.kind.failure_notices", "digest": "org.jobs.kind.digest",
	"notification_sweep": "org.jobs.kind.notification_sweep", "password_reset_mail": "org.jobs.kind.password_reset_mail",
	"sign_in_help_mail": "org.jobs.kind.sign_in_help_mail", "newcomer_mail": "org.jobs.kind.newcomer_mail",
	"invitation_mail": "org.jobs.kind.invitation_mail",
}

// jobLabel describes a kind of job in the reader's language.
func (h *Handler) jobLabel(ctx context.Context, kind string) string {
	if id, ok := jobLabels[kind]; ok && i18n.Lang(ctx) != i18n.English {
		return i18n.T(ctx, id)
	}
	return h.Jobs.Label(kind)
}

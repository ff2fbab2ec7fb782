package org

import (
	"fmt"
	"net/http"

	"belonging/internal/acyear"
	"belonging/internal/audit"
	"belonging/internal/httpx"
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
		f := page.FailedJob{ID: j.ID, Label: h.Jobs.Label(j.Kind), Error: j.LastError}
		when := j.At.In(acyear.London).Format("2 Jan 2006, 15:04")
		switch j.State {
		case jobs.StateDiscarded:
			f.State, f.StateClass, f.When = fmt.Sprintf("Gave up after %d attempts", j.Attempt), "tag--bad", "Stopped "+when
		case jobs.StateCancelled:
			f.State, f.StateClass, f.When = "Refused for good", "tag--bad", "Stopped "+when
		default:
			f.State, f.StateClass, f.When = fmt.Sprintf("Retrying: attempt %d of %d", j.Attempt, j.MaxAttempts), "tag--warn", "Next try "+when
		}
		v.Jobs = append(v.Jobs, f)
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: "Failed jobs", Section: "admin",
		Breadcrumbs: []web.Crumb{{Label: "Administration", URL: paths.Admin}, {Label: "Failed jobs"}}}, page.FailedJobs(v))
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
	h.Sessions.Flash(ctx, "success", fmt.Sprintf("%s (job %d) will run again in a moment.", h.Jobs.Label(job.Kind), job.ID))
	httpx.SeeOther(w, r, paths.AdminJobs)
}

// Package org lets institution admins set up their structure (departments,
// programmes, modules, CSV import) and shows programmes and modules to the
// people who work on them.
package org

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/access"
	"belonging/internal/auth"
	"belonging/internal/jobs"
	"belonging/internal/store"
	"belonging/web/components"
)

// Handler serves the structure pages.
type Handler struct {
	Pool    *pgxpool.Pool
	Queries *store.Queries
	// Access loads the records the routes name and answers 404 or 403.
	Access   *access.Loader
	Sessions *auth.Sessions
	// NetworkMinInstitutions is the network report's threshold, which the
	// settings page explains.
	NetworkMinInstitutions int
	// SurveyRetention is SURVEY_RETENTION, which the settings page states
	// beside the retention an admin chooses.
	SurveyRetention time.Duration
	// Jobs is the job queue, whose failed jobs admins see and retry.
	Jobs *jobs.Queue
}

const perPage = 25

func (h *Handler) departmentOptions(ctx context.Context, institutionID int64) ([]components.Option, error) {
	rows, err := h.Queries.ListActiveDepartmentNames(ctx, institutionID)
	if err != nil {
		return nil, err
	}
	opts := make([]components.Option, len(rows))
	for i, d := range rows {
		opts[i] = components.Option{Value: strconv.FormatInt(d.ID, 10), Label: d.Name}
	}
	return opts, nil
}

func id64(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

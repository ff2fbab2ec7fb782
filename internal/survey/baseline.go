package survey

import (
	"context"
	"errors"
	"net/http"

	"github.com/jackc/pgx/v5"

	"belonging/internal/access"
	"belonging/internal/acyear"
	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	page "belonging/web/pages/survey"
	"belonging/web/paths"
)

// A programme's welcome-week baseline is one whole-programme survey per
// academic year (the year it opens in), marked by its planners. Later
// surveys of that year show its figures beside their own, so a team sees
// how belonging moved from the first weeks.

// Baseline marks a whole-programme survey as its programme's baseline for
// the year it opens in, taking the mark from any other survey of that
// year, or (mark=no) takes the mark off.
func (h *Handler) Baseline(w http.ResponseWriter, r *http.Request) {
	s, ok := h.Access.Survey(w, r, auth.EditSurvey)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	// Only a students' whole-programme survey can be their baseline.
	if s.ActivityID != nil || s.Audience == audienceStaff {
		httpx.NotFound(w, r)
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	year := acyear.Of(s.OpensAt, u.YearStartMonth)
	mark := vals.Text("mark") != "no"
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		before, err := baselineOf(ctx, q, u.InstitutionID, s.ProgrammeID, year)
		if err != nil {
			return err
		}
		if _, err := q.ClearBaseline(ctx, store.ClearBaselineParams{InstitutionID: u.InstitutionID, ProgrammeID: s.ProgrammeID, AcademicYear: ptr(int32(year))}); err != nil {
			return err
		}
		if before != 0 && before != s.ID {
			if err := audit.By(u).Record(ctx, q, "update", "survey", before, map[string]audit.Change{
				"baseline": {Before: acyear.Label(year), After: "no"}}); err != nil {
				return err
			}
		}
		if !mark {
			if before != s.ID {
				return nil
			}
			return audit.By(u).Record(ctx, q, "update", "survey", s.ID, map[string]audit.Change{"baseline": {Before: acyear.Label(year), After: "no"}})
		}
		if _, err := q.MarkBaseline(ctx, store.MarkBaselineParams{InstitutionID: u.InstitutionID, ID: s.ID, AcademicYear: ptr(int32(year))}); err != nil {
			return err
		}
		if before == s.ID {
			return nil
		}
		return audit.By(u).Record(ctx, q, "update", "survey", s.ID, map[string]audit.Change{"baseline": {Before: "no", After: acyear.Label(year)}})
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	msg := i18n.T(ctx, "surveyadmin.baseline.flash.unmarked", "Year", acyear.Label(year))
	if mark {
		msg = i18n.T(ctx, "surveyadmin.baseline.flash.marked", "Year", acyear.Label(year))
	}
	h.Sessions.Flash(ctx, "success", msg)
	httpx.SeeOther(w, r, paths.Survey(s.ID))
}

func ptr[T any](v T) *T { return &v }

// baselineOf is the id of a programme's baseline survey for year; 0 for
// none.
func baselineOf(ctx context.Context, q *store.Queries, institutionID, programmeID int64, year int) (int64, error) {
	id, err := q.GetBaseline(ctx, store.GetBaselineParams{InstitutionID: institutionID, ProgrammeID: programmeID, AcademicYear: ptr(int32(year))})
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// baselineView says how a whole-programme survey stands to its year's
// baseline: it is the baseline, or it opened after it and shows the
// baseline's overall figure beside its own, or there is none yet. Only
// whole-programme surveys have one.
func (h *Handler) baselineView(ctx context.Context, u *reqctx.User, s access.Survey, own page.Results) (*page.Baseline, error) {
	year := acyear.Of(s.OpensAt, u.YearStartMonth)
	v := &page.Baseline{Year: acyear.Label(year), IsThis: s.BaselineYear != nil}
	if v.IsThis {
		return v, nil
	}
	id, err := baselineOf(ctx, h.Queries, u.InstitutionID, s.ProgrammeID, year)
	if err != nil || id == 0 {
		return v, err
	}
	b, err := h.Queries.GetSurvey(ctx, store.GetSurveyParams{InstitutionID: u.InstitutionID, ID: id})
	if err != nil {
		return nil, err
	}
	v.ID, v.Title = b.ID, b.Title
	if !b.OpensAt.Before(s.OpensAt) {
		// A baseline opening after this survey is not its baseline.
		v.ID = 0
		return v, nil
	}
	if h.now().After(b.ClosesAt) && b.Sealed && b.ResponsesDeletedOn == nil && b.InstrumentID == s.InstrumentID {
		res, err := h.results(ctx, b, 0, false)
		if err != nil {
			return nil, err
		}
		if res.Shown {
			v.Mean, v.N = res.Mean, res.N
		}
	}
	if own.Shown {
		v.OwnMean = own.Mean
	}
	return v, nil
}

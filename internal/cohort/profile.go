package cohort

import (
	"context"
	"net/http"
	"strconv"

	"belonging/internal/access"
	"belonging/internal/acyear"
	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/httpx/form"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	page "belonging/web/pages/cohort"
	"belonging/web/paths"
)

// maxCohort is the largest cohort a profile accepts, as the schema does.
const maxCohort = 100000

// yearParam reads ?year, falling back to the current academic year.
func (h *Handler) yearParam(r *http.Request, u *reqctx.User) int {
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y >= 2000 && y <= 2100 {
		return y
	}
	return h.currentYear(u.YearStartMonth)
}

func profileCrumbs(ctx context.Context, p access.Programme, year int) []web.Crumb {
	return []web.Crumb{{Label: i18n.T(ctx, "cohort.crumb.programmes"), URL: paths.Programmes}, {Label: p.Code, URL: paths.Plan(p.ID, year)}, {Label: i18n.T(ctx, "cohort.profile")}}
}

// ProfilePage shows the cohort profile form for a year, filled with the
// profile saved for it.
func (h *Handler) ProfilePage(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.Programme(w, r, auth.PlanProgramme)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	year := h.yearParam(r, u)
	prof, updated, found, err := load(ctx, h.Queries, u.InstitutionID, p.ID, year)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v := page.ProfileForm{Programme: access.ProgrammeHeader(u, p, year)}
	for i, g := range Groups {
		f := page.GroupField{Field: g.Field, Label: g.LabelIn(ctx)}
		if found && prof.Counts[i] != nil {
			f.Value = strconv.Itoa(*prof.Counts[i])
		}
		v.Groups = append(v.Groups, f)
	}
	if found {
		v.Size = strconv.Itoa(prof.Size)
		at := updated.In(acyear.London)
		v.Updated = i18n.T(ctx, "cohort.form.saved_at", "Date", i18n.FullDate(ctx, at), "Time", i18n.Clock(at))
	}
	h.renderProfile(w, r, http.StatusOK, p, v)
}

func (h *Handler) renderProfile(w http.ResponseWriter, r *http.Request, status int, p access.Programme, v page.ProfileForm) {
	ctx := r.Context()
	httpx.Render(w, r, status, web.Page{Title: i18n.T(ctx, "cohort.profile") + " · " + p.Code, Section: "programmes",
		Breadcrumbs: profileCrumbs(ctx, p, v.Programme.Year)}, page.Profile(v))
}

// readProfile checks the form in page order: the cohort size, then each
// count, which must be a whole number no larger than the cohort.
func readProfile(ctx context.Context, vals form.Values, v *page.ProfileForm) Profile {
	v.Size = vals.Text("cohort_size")
	var prof Profile
	size, ok := form.Int(v.Size)
	switch {
	case v.Size == "":
		v.Add("cohort_size", i18n.T(ctx, "cohort.error.size"))
	case !ok || size < 1 || size > maxCohort:
		v.Add("cohort_size", i18n.T(ctx, "cohort.error.size_range"))
	default:
		prof.Size = size
	}
	for _, g := range Groups {
		label := g.LabelIn(ctx)
		f := page.GroupField{Field: g.Field, Label: label, Value: vals.Text(g.Field)}
		v.Groups = append(v.Groups, f)
		if f.Value == "" {
			prof.Counts = append(prof.Counts, nil)
			continue
		}
		n, ok := form.Int(f.Value)
		switch {
		case !ok || n < 0:
			v.Add(g.Field, i18n.T(ctx, "cohort.error.count", "Label", label))
		case prof.Size > 0 && n > prof.Size:
			v.Add(g.Field, i18n.T(ctx, "cohort.error.count_over", "Label", label, "Count", n, "Size", prof.Size))
		case n > maxCohort:
			v.Add(g.Field, i18n.T(ctx, "cohort.error.count_large", "Label", label))
		}
		prof.Counts = append(prof.Counts, &n)
	}
	return prof
}

// SaveProfile saves the cohort profile for a year.
func (h *Handler) SaveProfile(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.Programme(w, r, auth.PlanProgramme)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	year := h.yearParam(r, u)
	v := page.ProfileForm{Programme: access.ProgrammeHeader(u, p, year)}
	prof := readProfile(ctx, vals, &v)
	if !v.Valid() {
		h.renderProfile(w, r, http.StatusUnprocessableEntity, p, v)
		return
	}
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		before, _, found, err := load(ctx, q, u.InstitutionID, p.ID, year)
		if err != nil {
			return err
		}
		c := func(i int) *int32 {
			if prof.Counts[i] == nil {
				return nil
			}
			n := int32(*prof.Counts[i])
			return &n
		}
		if err := q.SaveCohortProfile(ctx, store.SaveCohortProfileParams{InstitutionID: u.InstitutionID, ProgrammeID: p.ID,
			AcademicYear: int32(year), CohortSize: int32(prof.Size), Commuting: c(0), Carers: c(1), FirstInFamily: c(2),
			Mature: c(3), International: c(4), Disabled: c(5)}); err != nil {
			return err
		}
		var changes map[string]audit.Change
		if found {
			changes = audit.Diff(before.fields(year), prof.fields(year))
		} else {
			changes = audit.Created(prof.fields(year))
		}
		if len(changes) == 0 {
			return nil
		}
		return audit.By(u).Record(ctx, q, "update", "programme", p.ID, changes)
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "cohort.flash.saved", "Year", acyear.Label(year)))
	httpx.SeeOther(w, r, paths.Plan(p.ID, year))
}

// fields is the profile as the audit log records it.
func (p Profile) fields(year int) map[string]any {
	out := map[string]any{"cohort_year": int64(year), "cohort_size": int64(p.Size)}
	for i, g := range Groups {
		if i < len(p.Counts) && p.Counts[i] != nil {
			out["cohort_"+g.Field] = int64(*p.Counts[i])
		} else {
			out["cohort_"+g.Field] = "not known"
		}
	}
	return out
}

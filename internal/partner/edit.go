package partner

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/jackc/pgx/v5"

	"belonging/internal/access"
	"belonging/internal/audit"
	"belonging/internal/httpx"
	"belonging/internal/httpx/form"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	page "belonging/web/pages/partner"
	"belonging/web/paths"
)

// Edit shows the partners' form for an activity.
func (h *Handler) Edit(w http.ResponseWriter, r *http.Request) {
	a, ok := h.Access.PartnerActivity(w, r)
	if !ok {
		return
	}
	h.renderEdit(w, r, http.StatusOK, a, page.EditForm{ID: a.ID, Version: strconv.Itoa(int(a.Version)), Title: a.Title, Aims: a.Aims,
		PartnershipHow: a.PartnershipHow})
}

func (h *Handler) renderEdit(w http.ResponseWriter, r *http.Request, status int, a access.Activity, v page.EditForm) {
	ctx := r.Context()
	httpx.Render(w, r, status, web.Page{Title: i18n.T(ctx, "partner.edit.title", "Title", a.Title), Section: "partner",
		Breadcrumbs: []web.Crumb{homeCrumb(ctx), {Label: a.Title, URL: paths.PartnerActivity(a.ID)}, {Label: i18n.T(ctx, "partner.crumb.edit")}}}, page.Edit(v))
}

// Update saves the activity's title, aims and how students shape it,
// refusing (409, keeping what was typed) an edit of an older version.
func (h *Handler) Update(w http.ResponseWriter, r *http.Request) {
	a, ok := h.Access.PartnerActivity(w, r)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	v := page.EditForm{ID: a.ID, Version: vals.Text("version"), Title: vals.Text("title"), Aims: vals.Text("aims"), PartnershipHow: vals.Text("partnership_how")}
	version, err := strconv.Atoi(v.Version)
	if err != nil {
		httpx.BadRequest(w, r, i18n.T(r.Context(), "partner.error.version"))
		return
	}
	if v.Title == "" {
		v.Add("title", i18n.T(r.Context(), "partner.error.title"))
	}
	v.Check(form.MaxLength(v.Title, 200), "title", i18n.T(r.Context(), "partner.error.title_long"))
	v.Check(form.MaxLength(v.Aims, maxText), "aims", i18n.T(r.Context(), "partner.error.aims_long"))
	v.Check(form.MaxLength(v.PartnershipHow, maxText), "partnership_how", i18n.T(r.Context(), "partner.error.how_long"))
	if !v.Valid() {
		h.renderEdit(w, r, http.StatusUnprocessableEntity, a, v)
		return
	}
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		if _, err := q.UpdateActivityCoCreation(ctx, store.UpdateActivityCoCreationParams{InstitutionID: u.InstitutionID, ID: a.ID,
			Version: int32(version), Title: v.Title, Aims: v.Aims, PartnershipHow: v.PartnershipHow}); err != nil {
			return err
		}
		changes := audit.Diff(map[string]any{"title": a.Title, "aims": a.Aims, "partnership_how": a.PartnershipHow},
			map[string]any{"title": v.Title, "aims": v.Aims, "partnership_how": v.PartnershipHow})
		if len(changes) == 0 {
			return nil
		}
		return audit.By(u).Record(ctx, q, "update", "activity", a.ID, changes)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		current, err := h.Queries.GetActivity(ctx, store.GetActivityParams{InstitutionID: u.InstitutionID, ID: a.ID})
		if err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		v.Conflict, v.Version = true, strconv.Itoa(int(current.Version))
		h.renderEdit(w, r, http.StatusConflict, a, v)
		return
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "partner.flash.saved"))
	httpx.SeeOther(w, r, paths.PartnerActivity(a.ID))
}

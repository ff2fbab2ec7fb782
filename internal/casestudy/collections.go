package casestudy

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"

	"github.com/jackc/pgx/v5"

	"belonging/internal/access"
	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/httpx/form"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	"belonging/web/components"
	page "belonging/web/pages/casestudy"
	"belonging/web/paths"
)

// Collections lists the person's collections and those shared with the
// network.
func (h *Handler) Collections(w http.ResponseWriter, r *http.Request) {
	u := reqctx.UserFrom(r.Context())
	rows, err := h.Queries.ListCollections(r.Context(), store.ListCollectionsParams{UserID: u.ID, InstitutionID: &u.InstitutionID, TeamProgrammes: auth.TeamProgrammes(u)})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v := page.CollectionsPage{CanCurate: auth.CanCurate(u)}
	for _, c := range rows {
		v.Rows = append(v.Rows, page.CollectionRow{ID: c.ID, Title: c.Title, Owner: c.OwnerName, Items: int(c.Items), Shared: c.Shared, Mine: c.Mine, Team: c.ProgrammeCode})
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(r.Context(), "library.nav.collections"), Section: "collections"}, page.Collections(v))
}

// NewCollection shows the form for a new collection.
func (h *Handler) NewCollection(w http.ResponseWriter, r *http.Request) {
	if !access.Curator(w, r) {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	v := newCollection(ctx, u)
	if len(v.Keepers) > 0 {
		v.Keeper = v.Keepers[0].Value
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(ctx, "library.collection.start"), Section: "collections"}, page.CollectionEdit(v))
}

// networkKeeper is the keeper of a coordinator's collection.
const networkKeeper = "network"

// newCollection is the form for a new collection, offering u the keepers
// they may choose: the network for a coordinator, each of their
// programmes' teams.
func newCollection(ctx context.Context, u *reqctx.User) page.CollectionForm {
	v := page.CollectionForm{Institution: u.InstitutionName}
	if u.IsCoordinator {
		v.Keepers = append(v.Keepers, components.Option{Value: networkKeeper, Label: i18n.T(ctx, "library.collection.keeper.network")})
	}
	for _, m := range u.Memberships {
		id := strconv.FormatInt(m.ProgrammeID, 10)
		if (m.Role == reqctx.RoleDirector || m.Role == reqctx.RoleMember) && m.ProgrammeID != 0 &&
			!slices.ContainsFunc(v.Keepers, func(o components.Option) bool { return o.Value == id }) {
			v.Keepers = append(v.Keepers, components.Option{Value: id, Label: i18n.T(ctx, "library.collection.keeper.team", "Programme", m.Label)})
		}
	}
	v.Team = len(v.Keepers) == 1 && v.Keepers[0].Value != networkKeeper
	return v
}

// readCollection reads the form in page order; a new collection's keeper
// must be one of those offered.
func readCollection(ctx context.Context, vals form.Values, v *page.CollectionForm) {
	v.Title, v.Description, v.Shared = vals.Text("title"), vals.Text("description"), vals.Bool("shared")
	v.Check(v.Title != "", "title", i18n.T(ctx, "library.collection.error.title"))
	v.Check(form.MaxLength(v.Title, 200), "title", i18n.T(ctx, "library.collection.error.title.long"))
	v.Check(form.MaxLength(v.Description, 4000), "description", i18n.T(ctx, "library.collection.error.description.long"))
	if v.ID == 0 {
		if v.Keeper = vals.Text("keeper"); v.Keeper == "" && len(v.Keepers) == 1 {
			v.Keeper = v.Keepers[0].Value // no choice to make
		}
		v.Check(slices.ContainsFunc(v.Keepers, func(o components.Option) bool { return o.Value == v.Keeper }), "keeper", i18n.T(ctx, "library.collection.error.keeper"))
	}
}

// CreateCollection starts a collection.
func (h *Handler) CreateCollection(w http.ResponseWriter, r *http.Request) {
	if !access.Curator(w, r) {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	v := newCollection(ctx, u)
	readCollection(ctx, vals, &v)
	if !v.Valid() {
		httpx.Render(w, r, http.StatusUnprocessableEntity, web.Page{Title: i18n.T(ctx, "library.collection.start"), Section: "collections"}, page.CollectionEdit(v))
		return
	}
	params := store.CreateCollectionParams{OwnerID: u.ID, Title: v.Title, Description: v.Description, Shared: v.Shared}
	created := map[string]any{"title": v.Title, "shared": v.Shared}
	if v.Keeper != networkKeeper {
		// One of the person's own programmes, as readCollection checked.
		programme, _ := strconv.ParseInt(v.Keeper, 10, 64)
		params.InstitutionID, params.ProgrammeID = &u.InstitutionID, &programme
		created["programme_id"] = programme
	}
	var id int64
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		var err error
		if id, err = q.CreateCollection(ctx, params); err != nil {
			return err
		}
		return audit.By(u).Record(ctx, q, "create", "collection", id, audit.Created(created))
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "library.collection.flash.started"))
	httpx.SeeOther(w, r, paths.Collection(id))
}

// ShowCollection shows a collection, in order, with the curator's notes.
// Items the reader may not read are left out and counted.
func (h *Handler) ShowCollection(w http.ResponseWriter, r *http.Request) {
	c, ok := h.Access.Collection(w, r, false)
	if !ok {
		return
	}
	h.renderCollection(w, r, http.StatusOK, c, editCollection(r, c))
}

// editCollection is the form of collection c's details.
func editCollection(r *http.Request, c access.Collection) page.CollectionForm {
	return page.CollectionForm{ID: c.ID, Title: c.Title, Description: c.Description, Shared: c.Shared,
		Team: c.ProgrammeID != 0, Institution: reqctx.UserFrom(r.Context()).InstitutionName}
}

func (h *Handler) renderCollection(w http.ResponseWriter, r *http.Request, status int, c access.Collection, edit page.CollectionForm) {
	u := reqctx.UserFrom(r.Context())
	items, err := h.Queries.ListCollectionItems(r.Context(), c.ID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v := page.CollectionPage{ID: c.ID, Title: c.Title, Description: c.Description, Owner: c.OwnerName, Team: c.ProgrammeLabel, Shared: c.Shared,
		Mine: auth.CanChangeCollection(u, c.Rule()), Edit: edit}
	for _, it := range items {
		if !auth.CanRead(u, it.Visibility, it.InstitutionID) {
			v.Hidden++
			continue
		}
		v.Items = append(v.Items, page.CollectionItem{ID: it.CaseStudyID, URL: paths.CaseStudy(it.CaseStudyID, it.Title), Title: it.Title,
			Summary: it.Summary, Institution: it.InstitutionName, Strength: int(it.EvidenceStrength), Note: it.Note})
	}
	if n := len(v.Items); n > 0 {
		v.Items[0].First, v.Items[n-1].Last = true, true
	}
	httpx.Render(w, r, status, web.Page{Title: c.Title, Section: "collections",
		Breadcrumbs: []web.Crumb{{Label: i18n.T(r.Context(), "library.nav.collections"), URL: paths.Collections}, {Label: c.Title}}}, page.Collection(v))
}

// UpdateCollection saves a collection's details.
func (h *Handler) UpdateCollection(w http.ResponseWriter, r *http.Request) {
	c, ok := h.Access.Collection(w, r, true)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	v := editCollection(r, c)
	readCollection(ctx, vals, &v)
	if !v.Valid() {
		h.renderCollection(w, r, http.StatusUnprocessableEntity, c, v)
		return
	}
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		if err := q.UpdateCollection(ctx, store.UpdateCollectionParams{ID: c.ID, Title: v.Title, Description: v.Description, Shared: v.Shared}); err != nil {
			return err
		}
		return audit.By(u).Record(ctx, q, "update", "collection", c.ID, audit.Diff(
			map[string]any{"title": c.Title, "description": c.Description, "shared": c.Shared},
			map[string]any{"title": v.Title, "description": v.Description, "shared": v.Shared}))
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "library.collection.flash.saved"))
	httpx.SeeOther(w, r, paths.Collection(c.ID))
}

// AddToCollection adds a case study the curator may read to one of their
// collections, with a note.
func (h *Handler) AddToCollection(w http.ResponseWriter, r *http.Request) {
	if !access.Curator(w, r) {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	csID, err := strconv.ParseInt(vals.Text("case_study"), 10, 64)
	if err != nil {
		httpx.BadRequest(w, r, i18n.T(ctx, "library.collection.error.no_case_study"))
		return
	}
	if _, ok := h.Access.PublicationByID(w, r, csID); !ok {
		return
	}
	var errs form.Errors
	note := vals.Text("note")
	errs.Check(form.MaxLength(note, 2000), "note", i18n.T(ctx, "library.collection.error.note.long"))
	colID, _ := strconv.ParseInt(vals.Text("collection"), 10, 64)
	col, err := h.Queries.GetCollection(ctx, colID)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && !auth.CanChangeCollection(u, access.Collection{GetCollectionRow: col}.Rule())) {
		errs.Add("collection", i18n.T(ctx, "library.collection.error.collection"))
	} else if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if !errs.Valid() {
		h.show(w, r, csID, showOptions{status: http.StatusUnprocessableEntity, collection: errs})
		return
	}
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		if err := q.AddCollectionItem(ctx, store.AddCollectionItemParams{CollectionID: col.ID, CaseStudyID: csID, Note: note}); err != nil {
			return err
		}
		return audit.By(u).Record(ctx, q, "add_item", "collection", col.ID, audit.Created(map[string]any{"case_study_id": csID, "note": note}))
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "library.collection.flash.added", "Title", col.Title))
	httpx.SeeOther(w, r, paths.Collection(col.ID))
}

// UpdateItem saves the curator's note on an item.
func (h *Handler) UpdateItem(w http.ResponseWriter, r *http.Request) {
	csID, ok := httpx.IDParam(w, r, "caseStudyID")
	if !ok {
		return
	}
	c, ok := h.Access.Collection(w, r, true)
	if !ok || !h.inCollection(w, r, c.ID, csID) {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	note := vals.Text("note")
	if !form.MaxLength(note, 2000) {
		h.Sessions.Flash(ctx, "error", i18n.T(ctx, "library.collection.error.note.not_saved"))
		httpx.SeeOther(w, r, paths.Collection(c.ID))
		return
	}
	var n int64
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		var err error
		if n, err = q.UpdateCollectionItemNote(ctx, store.UpdateCollectionItemNoteParams{CollectionID: c.ID, CaseStudyID: csID, Note: note}); err != nil || n == 0 {
			return err
		}
		return audit.By(u).Record(ctx, q, "update_item", "collection", c.ID, map[string]audit.Change{"note": {After: note}, "case_study_id": {After: csID}})
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if n == 0 {
		httpx.NotFound(w, r)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "library.collection.flash.note"))
	httpx.SeeOther(w, r, paths.Collection(c.ID))
}

// RemoveItem takes a case study out of the collection.
func (h *Handler) RemoveItem(w http.ResponseWriter, r *http.Request) {
	csID, ok := httpx.IDParam(w, r, "caseStudyID")
	if !ok {
		return
	}
	c, ok := h.Access.Collection(w, r, true)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	var n int64
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		var err error
		if n, err = q.RemoveCollectionItem(ctx, store.RemoveCollectionItemParams{CollectionID: c.ID, CaseStudyID: csID}); err != nil || n == 0 {
			return err
		}
		return audit.By(u).Record(ctx, q, "remove_item", "collection", c.ID, map[string]audit.Change{"case_study_id": {Before: csID}})
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if n == 0 {
		httpx.NotFound(w, r)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "library.collection.flash.removed"))
	httpx.SeeOther(w, r, paths.Collection(c.ID))
}

// inCollection answers 404 unless the case study is in the collection,
// before anything about the request is read: a case study that is not
// there, another institution's or none at all, is answered alike.
func (h *Handler) inCollection(w http.ResponseWriter, r *http.Request, collectionID, caseStudyID int64) bool {
	in, err := h.Queries.CollectionHasItem(r.Context(), store.CollectionHasItemParams{CollectionID: collectionID, CaseStudyID: caseStudyID})
	switch {
	case err != nil:
		httpx.ServerError(w, r, err)
		return false
	case !in:
		httpx.NotFound(w, r)
		return false
	}
	return true
}

// MoveItem moves a case study one place up or down the collection.
func (h *Handler) MoveItem(w http.ResponseWriter, r *http.Request) {
	csID, ok := httpx.IDParam(w, r, "caseStudyID")
	if !ok {
		return
	}
	c, ok := h.Access.Collection(w, r, true)
	if !ok || !h.inCollection(w, r, c.ID, csID) {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	direction := vals.Text("direction")
	if direction != "up" && direction != "down" {
		httpx.BadRequest(w, r, i18n.T(r.Context(), "library.collection.error.direction"))
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		n, err := q.MoveCollectionItem(ctx, store.MoveCollectionItemParams{CollectionID: c.ID, CaseStudyID: csID, Up: direction == "up"})
		if err != nil || n == 0 {
			// Already first (or last): nothing moved, nothing to record.
			return err
		}
		return audit.By(u).Record(ctx, q, "move_item", "collection", c.ID, map[string]audit.Change{"case_study_id": {After: csID}, "direction": {After: direction}})
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	httpx.SeeOther(w, r, paths.Collection(c.ID))
}

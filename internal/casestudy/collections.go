package casestudy

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/jackc/pgx/v5"

	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/db"
	"belonging/internal/httpx"
	"belonging/internal/httpx/form"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	page "belonging/web/pages/casestudy"
)

func recordCollection(r *http.Request, q *store.Queries, action string, id int64, changes map[string]audit.Change) error {
	u := reqctx.UserFrom(r.Context())
	return audit.Record(r.Context(), q, audit.Entry{InstitutionID: u.InstitutionID, ActorID: u.ID, Action: action, Entity: "collection", EntityID: id, Changes: changes})
}

// Collections lists the person's collections and those shared with the
// network.
func (h *Handler) Collections(w http.ResponseWriter, r *http.Request) {
	u := reqctx.UserFrom(r.Context())
	rows, err := h.Queries.ListCollections(r.Context(), u.ID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v := page.CollectionsPage{CanCurate: auth.CanCurate(u)}
	for _, c := range rows {
		v.Rows = append(v.Rows, page.CollectionRow{ID: c.ID, Title: c.Title, Owner: c.OwnerName, Items: int(c.Items), Shared: c.Shared, Mine: c.OwnerID == u.ID})
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: "Collections", Section: "collections"}, page.Collections(v))
}

func curator(w http.ResponseWriter, r *http.Request) bool {
	if !auth.CanCurate(reqctx.UserFrom(r.Context())) {
		httpx.Forbidden(w, r, "Collections are curated by the network's coordinators. You can bookmark case studies instead.")
		return false
	}
	return true
}

// NewCollection shows the form for a new collection.
func (h *Handler) NewCollection(w http.ResponseWriter, r *http.Request) {
	if !curator(w, r) {
		return
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: "Start a collection", Section: "collections"}, page.CollectionEdit(page.CollectionForm{}))
}

func readCollection(vals form.Values, v *page.CollectionForm) {
	v.Title, v.Description, v.Shared = vals.Text("title"), vals.Text("description"), vals.Bool("shared")
	v.Check(v.Title != "", "title", "Enter a title for the collection")
	v.Check(form.MaxLength(v.Title, 200), "title", "Title must be 200 characters or fewer")
	v.Check(form.MaxLength(v.Description, 4000), "description", "Description must be 4,000 characters or fewer")
}

// CreateCollection starts a collection.
func (h *Handler) CreateCollection(w http.ResponseWriter, r *http.Request) {
	if !curator(w, r) {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	var v page.CollectionForm
	readCollection(vals, &v)
	if !v.Valid() {
		httpx.Render(w, r, http.StatusUnprocessableEntity, web.Page{Title: "Start a collection", Section: "collections"}, page.CollectionEdit(v))
		return
	}
	var id int64
	err := db.WithTx(ctx, h.Pool, func(tx pgx.Tx) error {
		q := h.Queries.WithTx(tx)
		var err error
		if id, err = q.CreateCollection(ctx, store.CreateCollectionParams{OwnerID: u.ID, Title: v.Title, Description: v.Description, Shared: v.Shared}); err != nil {
			return err
		}
		return recordCollection(r, q, "create", id, audit.Created(map[string]any{"title": v.Title, "shared": v.Shared}))
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", "Collection started. Add case studies from their pages.")
	httpx.SeeOther(w, r, fmt.Sprintf("/collections/%d", id))
}

// collection loads a collection the person may read: their own, or one
// shared with the network. mine requires it to be their own.
func (h *Handler) collection(w http.ResponseWriter, r *http.Request, id int64, mine bool) (store.GetCollectionRow, bool) {
	u := reqctx.UserFrom(r.Context())
	c, err := h.Queries.GetCollection(r.Context(), id)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && c.OwnerID != u.ID && !c.Shared) {
		httpx.NotFound(w, r)
		return c, false
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return c, false
	}
	if mine && c.OwnerID != u.ID {
		httpx.Forbidden(w, r, "Only the collection's curator can change it.")
		return c, false
	}
	return c, true
}

// ShowCollection shows a collection, in order, with the curator's notes.
// Items the reader may not read are left out and counted.
func (h *Handler) ShowCollection(w http.ResponseWriter, r *http.Request) {
	id, ok := httpx.IDParam(w, r, "id")
	if !ok {
		return
	}
	c, ok := h.collection(w, r, id, false)
	if !ok {
		return
	}
	h.renderCollection(w, r, http.StatusOK, c, page.CollectionForm{ID: c.ID, Title: c.Title, Description: c.Description, Shared: c.Shared})
}

func (h *Handler) renderCollection(w http.ResponseWriter, r *http.Request, status int, c store.GetCollectionRow, edit page.CollectionForm) {
	u := reqctx.UserFrom(r.Context())
	items, err := h.Queries.ListCollectionItems(r.Context(), c.ID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v := page.CollectionPage{ID: c.ID, Title: c.Title, Description: c.Description, Owner: c.OwnerName, Shared: c.Shared, Mine: c.OwnerID == u.ID, Edit: edit}
	for _, it := range items {
		if !auth.CanRead(u, it.Visibility, it.InstitutionID) {
			v.Hidden++
			continue
		}
		v.Items = append(v.Items, page.CollectionItem{ID: it.CaseStudyID, URL: URL(it.CaseStudyID, it.Title), Title: it.Title,
			Summary: it.Summary, Institution: it.InstitutionName, Strength: int(it.EvidenceStrength), Note: it.Note})
	}
	if n := len(v.Items); n > 0 {
		v.Items[0].First, v.Items[n-1].Last = true, true
	}
	httpx.Render(w, r, status, web.Page{Title: c.Title, Section: "collections",
		Breadcrumbs: []web.Crumb{{Label: "Collections", URL: "/collections"}, {Label: c.Title}}}, page.Collection(v))
}

// UpdateCollection saves a collection's details.
func (h *Handler) UpdateCollection(w http.ResponseWriter, r *http.Request) {
	id, ok := httpx.IDParam(w, r, "id")
	if !ok {
		return
	}
	c, ok := h.collection(w, r, id, true)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	v := page.CollectionForm{ID: c.ID}
	readCollection(vals, &v)
	if !v.Valid() {
		h.renderCollection(w, r, http.StatusUnprocessableEntity, c, v)
		return
	}
	err := db.WithTx(ctx, h.Pool, func(tx pgx.Tx) error {
		q := h.Queries.WithTx(tx)
		if err := q.UpdateCollection(ctx, store.UpdateCollectionParams{ID: c.ID, Title: v.Title, Description: v.Description, Shared: v.Shared}); err != nil {
			return err
		}
		return recordCollection(r, q, "update", c.ID, audit.Diff(
			map[string]any{"title": c.Title, "description": c.Description, "shared": c.Shared},
			map[string]any{"title": v.Title, "description": v.Description, "shared": v.Shared}))
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", "Collection saved.")
	httpx.SeeOther(w, r, fmt.Sprintf("/collections/%d", c.ID))
}

// AddToCollection adds a case study the curator may read to one of their
// collections, with a note.
func (h *Handler) AddToCollection(w http.ResponseWriter, r *http.Request) {
	if !curator(w, r) {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	csID, err := strconv.ParseInt(vals.Text("case_study"), 10, 64)
	if err != nil {
		httpx.BadRequest(w, r, "Choose a case study to add from its page.")
		return
	}
	pub, err := h.Queries.GetPublication(ctx, csID)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && !auth.CanRead(u, pub.Visibility, pub.InstitutionID)) {
		httpx.NotFound(w, r)
		return
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	var errs form.Errors
	note := vals.Text("note")
	errs.Check(form.MaxLength(note, 2000), "note", "The note must be 2,000 characters or fewer")
	colID, _ := strconv.ParseInt(vals.Text("collection"), 10, 64)
	col, err := h.Queries.GetCollection(ctx, colID)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && col.OwnerID != u.ID) {
		errs.Add("collection", "Choose one of your collections")
	} else if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if !errs.Valid() {
		h.show(w, r, csID, showOptions{status: http.StatusUnprocessableEntity, collection: errs})
		return
	}
	err = db.WithTx(ctx, h.Pool, func(tx pgx.Tx) error {
		q := h.Queries.WithTx(tx)
		if err := q.AddCollectionItem(ctx, store.AddCollectionItemParams{CollectionID: col.ID, CaseStudyID: csID, Note: note}); err != nil {
			return err
		}
		return recordCollection(r, q, "add_item", col.ID, audit.Created(map[string]any{"case_study_id": csID, "note": note}))
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", fmt.Sprintf("Added to %q.", col.Title))
	httpx.SeeOther(w, r, fmt.Sprintf("/collections/%d", col.ID))
}

// collectionItem loads the curator's own collection and checks the case
// study is in it.
func (h *Handler) collectionItem(w http.ResponseWriter, r *http.Request) (store.GetCollectionRow, int64, bool) {
	id, ok := httpx.IDParam(w, r, "id")
	if !ok {
		return store.GetCollectionRow{}, 0, false
	}
	csID, ok := httpx.IDParam(w, r, "caseStudyID")
	if !ok {
		return store.GetCollectionRow{}, 0, false
	}
	c, ok := h.collection(w, r, id, true)
	return c, csID, ok
}

// UpdateItem saves the curator's note on an item.
func (h *Handler) UpdateItem(w http.ResponseWriter, r *http.Request) {
	c, csID, ok := h.collectionItem(w, r)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	note := vals.Text("note")
	if !form.MaxLength(note, 2000) {
		h.Sessions.Flash(ctx, "error", "The note must be 2,000 characters or fewer; it was not saved.")
		httpx.SeeOther(w, r, fmt.Sprintf("/collections/%d", c.ID))
		return
	}
	var n int64
	err := db.WithTx(ctx, h.Pool, func(tx pgx.Tx) error {
		q := h.Queries.WithTx(tx)
		var err error
		if n, err = q.UpdateCollectionItemNote(ctx, store.UpdateCollectionItemNoteParams{CollectionID: c.ID, CaseStudyID: csID, Note: note}); err != nil || n == 0 {
			return err
		}
		return recordCollection(r, q, "update_item", c.ID, map[string]audit.Change{"note": {After: note}, "case_study_id": {After: csID}})
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if n == 0 {
		httpx.NotFound(w, r)
		return
	}
	h.Sessions.Flash(ctx, "success", "Note saved.")
	httpx.SeeOther(w, r, fmt.Sprintf("/collections/%d", c.ID))
}

// RemoveItem takes a case study out of the collection.
func (h *Handler) RemoveItem(w http.ResponseWriter, r *http.Request) {
	c, csID, ok := h.collectionItem(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	var n int64
	err := db.WithTx(ctx, h.Pool, func(tx pgx.Tx) error {
		q := h.Queries.WithTx(tx)
		var err error
		if n, err = q.RemoveCollectionItem(ctx, store.RemoveCollectionItemParams{CollectionID: c.ID, CaseStudyID: csID}); err != nil || n == 0 {
			return err
		}
		return recordCollection(r, q, "remove_item", c.ID, map[string]audit.Change{"case_study_id": {Before: csID}})
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if n == 0 {
		httpx.NotFound(w, r)
		return
	}
	h.Sessions.Flash(ctx, "success", "Removed from the collection.")
	httpx.SeeOther(w, r, fmt.Sprintf("/collections/%d", c.ID))
}

// MoveItem moves a case study one place up or down the collection.
func (h *Handler) MoveItem(w http.ResponseWriter, r *http.Request) {
	c, csID, ok := h.collectionItem(w, r)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	direction := vals.Text("direction")
	if direction != "up" && direction != "down" {
		httpx.BadRequest(w, r, "Move the item up or down.")
		return
	}
	ctx := r.Context()
	err := db.WithTx(ctx, h.Pool, func(tx pgx.Tx) error {
		q := h.Queries.WithTx(tx)
		if err := q.MoveCollectionItem(ctx, store.MoveCollectionItemParams{CollectionID: c.ID, CaseStudyID: csID, Up: direction == "up"}); err != nil {
			return err
		}
		return recordCollection(r, q, "move_item", c.ID, map[string]audit.Change{"case_study_id": {After: csID}, "direction": {After: direction}})
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	httpx.SeeOther(w, r, fmt.Sprintf("/collections/%d", c.ID))
}

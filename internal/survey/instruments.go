package survey

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"belonging/internal/access"
	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/db"
	"belonging/internal/httpx"
	"belonging/internal/httpx/form"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	page "belonging/web/pages/survey"
	"belonging/web/paths"
)

// canAdminister reports whether u administers their institution, and so
// may add and change its questionnaires: for what the pages offer.
func canAdminister(u *reqctx.User) bool {
	return auth.Can(u, auth.Administer, auth.Target{InstitutionID: u.InstitutionID})
}

var instrumentCrumbs = []web.Crumb{{Label: "Questionnaires", URL: paths.Instruments}}

// Instruments lists the questionnaires the person's institution may use.
func (h *Handler) Instruments(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	list, err := h.Queries.ListInstruments(ctx, &u.InstitutionID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v := page.Instruments{CanAdmin: canAdminister(u)}
	for _, in := range list {
		v.Rows = append(v.Rows, page.InstrumentRow{ID: in.ID, Name: in.Name, Version: int(in.Version), Statements: int(in.Statements),
			BuiltIn: in.InstitutionID == nil, Description: in.Description})
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: "Questionnaires", Section: "programmes", Breadcrumbs: []web.Crumb{{Label: "Questionnaires"}}}, page.InstrumentList(v))
}

// instrument loads the questionnaire named in the route, for reading or
// to change (change), with its statements.
func (h *Handler) instrument(w http.ResponseWriter, r *http.Request, change bool) (access.Instrument, []store.ListStatementsRow, bool) {
	in, ok := h.Access.Instrument(w, r, change)
	if !ok {
		return in, nil, false
	}
	statements, err := h.Queries.ListStatements(r.Context(), in.ID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return in, nil, false
	}
	return in, statements, true
}

// InstrumentShow shows a questionnaire's statements.
func (h *Handler) InstrumentShow(w http.ResponseWriter, r *http.Request) {
	in, statements, ok := h.instrument(w, r, false)
	if !ok {
		return
	}
	u := reqctx.UserFrom(r.Context())
	v := page.InstrumentPage{ID: in.ID, Name: in.Name, Description: in.Description, FreeTextPrompt: in.FreeTextPrompt, Version: int(in.Version),
		BuiltIn: in.InstitutionID == nil, ReplacedBy: in.ReplacedBy, HasResponses: in.HasResponses,
		CanEdit: in.InstitutionID != nil && in.ReplacedBy == 0 && canAdminister(u)}
	for i, s := range statements {
		st := page.InstrumentStatement{Number: i + 1, Text: s.Body, Required: s.Required}
		if s.Dimension != nil {
			st.Dimension = page.DimensionLabel(*s.Dimension)
		}
		v.Statements = append(v.Statements, st)
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: in.Name, Section: "programmes", Breadcrumbs: append(instrumentCrumbs, web.Crumb{Label: in.Name})}, page.InstrumentShow(v))
}

func (h *Handler) renderInstrumentForm(w http.ResponseWriter, r *http.Request, status int, v page.InstrumentForm) {
	for len(v.Statements) < page.MaxStatements {
		v.Statements = append(v.Statements, page.StatementInput{})
	}
	title := "Add a questionnaire"
	if v.ID != 0 {
		title = "Edit " + v.Name
	}
	httpx.Render(w, r, status, web.Page{Title: title, Section: "programmes", Breadcrumbs: append(instrumentCrumbs, web.Crumb{Label: title})}, page.InstrumentEdit(v))
}

// NewInstrument shows the form for a new questionnaire.
func (h *Handler) NewInstrument(w http.ResponseWriter, r *http.Request) {
	if !access.AddInstrument(w, r) {
		return
	}
	h.renderInstrumentForm(w, r, http.StatusOK, page.InstrumentForm{})
}

// statementInput is one validated statement.
type statementInput struct {
	body      string
	dimension *string
	required  bool
}

// readInstrument validates the questionnaire form: a name, at least one
// and at most MaxStatements statements, each dimension from the list.
func readInstrument(vals form.Values, v *page.InstrumentForm) []statementInput {
	v.Name, v.Description, v.FreeTextPrompt = vals.Text("name"), vals.Text("description"), vals.Text("free_text_prompt")
	v.Check(v.Name != "", "name", "Enter a name for the questionnaire")
	v.Check(form.MaxLength(v.Name, 120), "name", "The name must be 120 characters or fewer")
	v.Check(form.MaxLength(v.Description, 1000), "description", "The description must be 1,000 characters or fewer")
	v.Check(form.MaxLength(v.FreeTextPrompt, 300), "free_text_prompt", "The free-text question must be 300 characters or fewer")
	bodies, dims, optional := vals.Values["statement"], vals.Values["dimension"], vals.Values["optional"]
	if len(bodies) > page.MaxStatements {
		v.Add("statement-1", fmt.Sprintf("A questionnaire has at most %d statements", page.MaxStatements))
		bodies = bodies[:page.MaxStatements]
	}
	v.Statements = nil
	var out []statementInput
	for i, body := range bodies {
		in := page.StatementInput{Text: strings.TrimSpace(body)}
		if i < len(dims) {
			in.Dimension = strings.TrimSpace(dims[i])
		}
		if i < len(optional) {
			in.Optional = optional[i] == "yes"
		}
		v.Statements = append(v.Statements, in)
		field := "statement-" + strconv.Itoa(i+1)
		if !form.MaxLength(in.Text, 300) {
			v.Add(field, fmt.Sprintf("Statement %d must be 300 characters or fewer", i+1))
		}
		if in.Dimension != "" && !slices.Contains(page.Dimensions, in.Dimension) {
			v.Add("dimension-"+strconv.Itoa(i+1), fmt.Sprintf("Choose the dimension of statement %d from the list", i+1))
		}
		if in.Text == "" {
			continue
		}
		st := statementInput{body: in.Text, required: !in.Optional}
		if in.Dimension != "" {
			d := in.Dimension
			st.dimension = &d
		}
		out = append(out, st)
	}
	if len(out) == 0 {
		v.Add("statement-1", "Write at least one statement")
	}
	return out
}

// CreateInstrument adds a questionnaire for the person's institution.
func (h *Handler) CreateInstrument(w http.ResponseWriter, r *http.Request) {
	if !access.AddInstrument(w, r) {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	var v page.InstrumentForm
	statements := readInstrument(vals, &v)
	if !v.Valid() {
		h.renderInstrumentForm(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	id, err := h.saveInstrumentVersion(r, v, statements, 1, nil)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", fmt.Sprintf("Questionnaire %q added. Surveys of %s can now use it.", v.Name, u.InstitutionName))
	httpx.SeeOther(w, r, paths.Instrument(id))
}

// saveInstrumentVersion adds an instrument row (a first version, or a
// new version replacing another) with its statements, audited.
func (h *Handler) saveInstrumentVersion(r *http.Request, v page.InstrumentForm, statements []statementInput, version int32, replaces *int64) (int64, error) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	var id int64
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		var err error
		id, err = q.CreateInstrument(ctx, store.CreateInstrumentParams{InstitutionID: &u.InstitutionID, Name: v.Name, Description: v.Description,
			FreeTextPrompt: v.FreeTextPrompt, Version: version, ReplacesID: replaces, CreatedBy: &u.ID})
		if err != nil {
			return err
		}
		if err := addStatements(r, q, id, statements); err != nil {
			return err
		}
		fields := instrumentFields(v, statements)
		fields["version"] = int64(version)
		if replaces != nil {
			fields["replaces_id"] = *replaces
		}
		return audit.By(u).Record(ctx, q, "create", "survey_instrument", id, audit.Created(fields))
	})
	return id, err
}

func addStatements(r *http.Request, q *store.Queries, instrumentID int64, statements []statementInput) error {
	for i, s := range statements {
		if err := q.AddStatement(r.Context(), store.AddStatementParams{InstrumentID: instrumentID, Position: int32(i + 1), Body: s.body,
			Dimension: s.dimension, Required: s.required}); err != nil {
			return err
		}
	}
	return nil
}

func instrumentFields(v page.InstrumentForm, statements []statementInput) map[string]any {
	var lines []string
	for _, s := range statements {
		line := s.body
		if s.dimension != nil {
			line += " [" + *s.dimension + "]"
		}
		if !s.required {
			line += " (optional)"
		}
		lines = append(lines, line)
	}
	return map[string]any{"name": v.Name, "description": v.Description, "free_text_prompt": v.FreeTextPrompt, "statements": strings.Join(lines, "\n")}
}

// editableInstrument loads a questionnaire the person may change: their
// institution's own, current version, and they administer it.
func (h *Handler) editableInstrument(w http.ResponseWriter, r *http.Request) (access.Instrument, []store.ListStatementsRow, bool) {
	in, statements, ok := h.instrument(w, r, true)
	if !ok {
		return in, nil, false
	}
	if in.InstitutionID == nil {
		httpx.Forbidden(w, r, "The built-in belonging pulse cannot be changed. Add your own questionnaire instead.")
		return in, nil, false
	}
	if in.ReplacedBy != 0 {
		httpx.Error(w, r, web.ErrorView{Status: http.StatusConflict, Title: "This is an old version",
			Message: "A newer version of this questionnaire exists. Edit the current version instead."})
		return in, nil, false
	}
	return in, statements, true
}

// EditInstrument shows a questionnaire's form.
func (h *Handler) EditInstrument(w http.ResponseWriter, r *http.Request) {
	in, statements, ok := h.editableInstrument(w, r)
	if !ok {
		return
	}
	v := page.InstrumentForm{ID: in.ID, Name: in.Name, Description: in.Description, FreeTextPrompt: in.FreeTextPrompt, NewVersion: in.InUse}
	for _, s := range statements {
		st := page.StatementInput{Text: s.Body, Optional: !s.Required}
		if s.Dimension != nil {
			st.Dimension = *s.Dimension
		}
		v.Statements = append(v.Statements, st)
	}
	h.renderInstrumentForm(w, r, http.StatusOK, v)
}

// UpdateInstrument saves a questionnaire. One that students have answered
// is never changed: a new version replaces it, and the surveys already run
// keep the words their students saw. So that no student can be answering
// statements while they are rewritten, this applies as soon as any survey
// uses the questionnaire.
func (h *Handler) UpdateInstrument(w http.ResponseWriter, r *http.Request) {
	in, statements, ok := h.editableInstrument(w, r)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	v := page.InstrumentForm{ID: in.ID, NewVersion: in.InUse}
	next := readInstrument(vals, &v)
	if !v.Valid() {
		h.renderInstrumentForm(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	if in.InUse {
		id, err := h.saveInstrumentVersion(r, v, next, in.Version+1, &in.ID)
		if db.IsUniqueViolation(err) {
			httpx.Error(w, r, web.ErrorView{Status: http.StatusConflict, Title: "Someone else saved a new version",
				Message: "While you were editing, someone saved a new version of this questionnaire. Open the current version and make your change there."})
			return
		}
		if err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		h.Sessions.Flash(ctx, "success", fmt.Sprintf("Version %d of %q saved. Surveys already run keep version %d.", in.Version+1, v.Name, in.Version))
		httpx.SeeOther(w, r, paths.Instrument(id))
		return
	}
	old := make([]statementInput, len(statements))
	for i, s := range statements {
		old[i] = statementInput{body: s.Body, dimension: s.Dimension, required: s.Required}
	}
	before := instrumentFields(page.InstrumentForm{Name: in.Name, Description: in.Description, FreeTextPrompt: in.FreeTextPrompt}, old)
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		if err := q.UpdateInstrument(ctx, store.UpdateInstrumentParams{InstitutionID: &u.InstitutionID, ID: in.ID, Name: v.Name,
			Description: v.Description, FreeTextPrompt: v.FreeTextPrompt}); err != nil {
			return err
		}
		if err := q.DeleteStatements(ctx, in.ID); err != nil {
			return err
		}
		if err := addStatements(r, q, in.ID, next); err != nil {
			return err
		}
		changes := audit.Diff(before, instrumentFields(v, next))
		if len(changes) == 0 {
			return nil
		}
		return audit.By(u).Record(ctx, q, "update", "survey_instrument", in.ID, changes)
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", fmt.Sprintf("Questionnaire %q saved.", v.Name))
	httpx.SeeOther(w, r, paths.Instrument(in.ID))
}

package survey

import (
	"context"
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
	"belonging/internal/i18n"
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

func instrumentCrumbs(ctx context.Context) []web.Crumb {
	return []web.Crumb{{Label: i18n.T(ctx, "surveyadmin.instruments.title"), URL: paths.Instruments}}
}

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
	title := i18n.T(ctx, "surveyadmin.instruments.title")
	httpx.Render(w, r, http.StatusOK, web.Page{Title: title, Section: "programmes", Breadcrumbs: []web.Crumb{{Label: title}}}, page.InstrumentList(v))
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
	v := page.InstrumentPage{ID: in.ID, Name: in.Name, Description: in.Description, FreeTextPrompt: in.FreeTextPrompt, FreeTextPromptCy: in.FreeTextPromptCy, Version: int(in.Version),
		BuiltIn: in.InstitutionID == nil, ReplacedBy: in.ReplacedBy, HasResponses: in.HasResponses,
		CanEdit: in.InstitutionID != nil && in.ReplacedBy == 0 && canAdminister(u)}
	for i, s := range statements {
		st := page.InstrumentStatement{Number: i + 1, Text: s.Body, TextCy: s.BodyCy, Required: s.Required}
		if s.Dimension != nil {
			st.Dimension = page.DimensionLabelIn(r.Context(), *s.Dimension)
		}
		v.Statements = append(v.Statements, st)
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: in.Name, Section: "programmes", Breadcrumbs: append(instrumentCrumbs(r.Context()), web.Crumb{Label: in.Name})}, page.InstrumentShow(v))
}

func (h *Handler) renderInstrumentForm(w http.ResponseWriter, r *http.Request, status int, v page.InstrumentForm) {
	for len(v.Statements) < page.MaxStatements {
		v.Statements = append(v.Statements, page.StatementInput{})
	}
	ctx := r.Context()
	title := i18n.T(ctx, "surveyadmin.instruments.add")
	if v.ID != 0 {
		title = i18n.T(ctx, "surveyadmin.instruments.edit_title", "Name", v.Name)
	}
	httpx.Render(w, r, status, web.Page{Title: title, Section: "programmes", Breadcrumbs: append(instrumentCrumbs(ctx), web.Crumb{Label: title})}, page.InstrumentEdit(v))
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
	bodyCy    string
	dimension *string
	required  bool
}

// readInstrument validates the questionnaire form, in page order: a name,
// the free-text question (its Welsh only beside an English one), then at
// least one and at most MaxStatements statements, each with an optional
// Welsh wording (only beside English) and a dimension from the list.
func readInstrument(ctx context.Context, vals form.Values, v *page.InstrumentForm) []statementInput {
	v.Name, v.Description, v.FreeTextPrompt = vals.Text("name"), vals.Text("description"), vals.Text("free_text_prompt")
	v.FreeTextPromptCy = vals.Text("free_text_prompt_cy")
	v.Check(v.Name != "", "name", i18n.T(ctx, "surveyadmin.instruments.error.name"))
	v.Check(form.MaxLength(v.Name, 120), "name", i18n.T(ctx, "surveyadmin.instruments.error.name_long"))
	v.Check(form.MaxLength(v.Description, 1000), "description", i18n.T(ctx, "surveyadmin.instruments.error.description_long"))
	v.Check(form.MaxLength(v.FreeTextPrompt, 300), "free_text_prompt", i18n.T(ctx, "surveyadmin.instruments.error.prompt_long"))
	v.Check(form.MaxLength(v.FreeTextPromptCy, 300), "free_text_prompt_cy", i18n.T(ctx, "surveyadmin.instruments.error.prompt_cy_long"))
	v.Check(v.FreeTextPromptCy == "" || v.FreeTextPrompt != "", "free_text_prompt_cy", i18n.T(ctx, "surveyadmin.instruments.error.prompt_cy_alone"))
	bodies, bodiesCy, dims, optional := vals.Values["statement"], vals.Values["statement_cy"], vals.Values["dimension"], vals.Values["optional"]
	if len(bodies) > page.MaxStatements {
		v.Add("statement-1", i18n.T(ctx, "surveyadmin.instruments.error.too_many", "Max", page.MaxStatements))
		bodies = bodies[:page.MaxStatements]
	}
	v.Statements = nil
	var out []statementInput
	for i, body := range bodies {
		in := page.StatementInput{Text: strings.TrimSpace(body)}
		if i < len(bodiesCy) {
			in.TextCy = strings.TrimSpace(bodiesCy[i])
		}
		if i < len(dims) {
			in.Dimension = strings.TrimSpace(dims[i])
		}
		if i < len(optional) {
			in.Optional = optional[i] == "yes"
		}
		v.Statements = append(v.Statements, in)
		n := strconv.Itoa(i + 1)
		if !form.MaxLength(in.Text, 300) {
			v.Add("statement-"+n, i18n.T(ctx, "surveyadmin.instruments.error.statement_long", "Number", n))
		}
		switch {
		case !form.MaxLength(in.TextCy, 300):
			v.Add("statement-cy-"+n, i18n.T(ctx, "surveyadmin.instruments.error.statement_cy_long", "Number", n))
		case in.TextCy != "" && in.Text == "":
			v.Add("statement-cy-"+n, i18n.T(ctx, "surveyadmin.instruments.error.statement_cy_alone", "Number", n))
		}
		if in.Dimension != "" && !slices.Contains(page.Dimensions, in.Dimension) {
			v.Add("dimension-"+n, i18n.T(ctx, "surveyadmin.instruments.error.dimension", "Number", n))
		}
		if in.Text == "" {
			continue
		}
		st := statementInput{body: in.Text, bodyCy: in.TextCy, required: !in.Optional}
		if in.Dimension != "" {
			d := in.Dimension
			st.dimension = &d
		}
		out = append(out, st)
	}
	if len(out) == 0 {
		v.Add("statement-1", i18n.T(ctx, "surveyadmin.instruments.error.none"))
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
	statements := readInstrument(r.Context(), vals, &v)
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
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "surveyadmin.instruments.flash.added", "Name", v.Name, "Institution", u.InstitutionName))
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
			FreeTextPrompt: v.FreeTextPrompt, FreeTextPromptCy: v.FreeTextPromptCy, Version: version, ReplacesID: replaces, CreatedBy: &u.ID})
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
			BodyCy: s.bodyCy, Dimension: s.dimension, Required: s.required}); err != nil {
			return err
		}
	}
	return nil
}

func instrumentFields(v page.InstrumentForm, statements []statementInput) map[string]any {
	var lines, welsh []string
	for _, s := range statements {
		line := s.body
		if s.dimension != nil {
			line += " [" + *s.dimension + "]"
		}
		if !s.required {
			line += " (optional)"
		}
		lines = append(lines, line)
		welsh = append(welsh, s.bodyCy)
	}
	return map[string]any{"name": v.Name, "description": v.Description, "free_text_prompt": v.FreeTextPrompt, "statements": strings.Join(lines, "\n"),
		"free_text_prompt_cy": v.FreeTextPromptCy, "statements_cy": strings.Join(welsh, "\n")}
}

// editableInstrument loads a questionnaire the person may change: their
// institution's own, current version, and they administer it.
func (h *Handler) editableInstrument(w http.ResponseWriter, r *http.Request) (access.Instrument, []store.ListStatementsRow, bool) {
	in, statements, ok := h.instrument(w, r, true)
	if !ok {
		return in, nil, false
	}
	if in.InstitutionID == nil {
		httpx.Forbidden(w, r, i18n.T(r.Context(), "surveyadmin.instruments.refused.builtin"))
		return in, nil, false
	}
	if in.ReplacedBy != 0 {
		httpx.Error(w, r, web.ErrorView{Status: http.StatusConflict, Title: i18n.T(r.Context(), "surveyadmin.instruments.old.title"),
			Message: i18n.T(r.Context(), "surveyadmin.instruments.old.body")})
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
	v := page.InstrumentForm{ID: in.ID, Name: in.Name, Description: in.Description, FreeTextPrompt: in.FreeTextPrompt,
		FreeTextPromptCy: in.FreeTextPromptCy, NewVersion: in.InUse}
	for _, s := range statements {
		st := page.StatementInput{Text: s.Body, TextCy: s.BodyCy, Optional: !s.Required}
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
	next := readInstrument(r.Context(), vals, &v)
	if !v.Valid() {
		h.renderInstrumentForm(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	if in.InUse {
		id, err := h.saveInstrumentVersion(r, v, next, in.Version+1, &in.ID)
		if db.IsUniqueViolation(err) {
			httpx.Error(w, r, web.ErrorView{Status: http.StatusConflict, Title: i18n.T(ctx, "surveyadmin.instruments.conflict.title"),
				Message: i18n.T(ctx, "surveyadmin.instruments.conflict.body")})
			return
		}
		if err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		h.Sessions.Flash(ctx, "success", i18n.T(ctx, "surveyadmin.instruments.flash.version", "Version", in.Version+1, "Name", v.Name, "Old", in.Version))
		httpx.SeeOther(w, r, paths.Instrument(id))
		return
	}
	old := make([]statementInput, len(statements))
	for i, s := range statements {
		old[i] = statementInput{body: s.Body, bodyCy: s.BodyCy, dimension: s.Dimension, required: s.Required}
	}
	before := instrumentFields(page.InstrumentForm{Name: in.Name, Description: in.Description, FreeTextPrompt: in.FreeTextPrompt,
		FreeTextPromptCy: in.FreeTextPromptCy}, old)
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		if err := q.UpdateInstrument(ctx, store.UpdateInstrumentParams{InstitutionID: &u.InstitutionID, ID: in.ID, Name: v.Name,
			Description: v.Description, FreeTextPrompt: v.FreeTextPrompt, FreeTextPromptCy: v.FreeTextPromptCy}); err != nil {
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
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "surveyadmin.instruments.flash.saved", "Name", v.Name))
	httpx.SeeOther(w, r, paths.Instrument(in.ID))
}

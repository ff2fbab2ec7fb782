package codes

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/access"
	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/csvx"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/internal/vocab"
	"belonging/web"
	"belonging/web/components"
	page "belonging/web/pages/codes"
	"belonging/web/paths"
)

// Handler serves the vocabulary's admin page and the codes' parts of
// other pages.
type Handler struct {
	Pool     *pgxpool.Pool
	Queries  *store.Queries
	Access   *access.Loader
	Sessions *auth.Sessions
}

func crumbs(ctx context.Context) []web.Crumb {
	return []web.Crumb{{Label: i18n.T(ctx, "codes.crumb.admin"), URL: paths.Admin}, {Label: i18n.T(ctx, "codes.title")}}
}

// Page shows the institution's vocabulary, how many activities carry each
// code, and the form that replaces it from a CSV file.
func (h *Handler) Page(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusOK, page.Admin{})
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, v page.Admin) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	voc, err := Load(ctx, h.Queries, u.InstitutionID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	usage, err := h.usage(ctx, h.Queries, u.InstitutionID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v.MaxRows, v.MaxBytes = ImportMaxRows, httpx.FormatBytes(ImportMaxBytes)
	for _, cat := range Categories {
		list := page.CodeList{Category: cat.Value, Title: i18n.T(ctx, categoryTitles[cat.Value])}
		for _, c := range voc.Of(cat.Value) {
			row := page.CodeRow{Code: c.Code, Label: c.Label, Description: c.Description, Activities: usage[c.Code]}
			if p, ok := voc.Get(c.Parent); ok {
				row.Parent = p.Label
			}
			for _, k := range c.SuggestedFor {
				row.SuggestedFor = append(row.SuggestedFor, vocab.Kinds.LabelIn(ctx, k))
			}
			list.Codes = append(list.Codes, row)
		}
		v.Lists = append(v.Lists, list)
	}
	httpx.Render(w, r, status, web.Page{Title: i18n.T(ctx, "codes.title"), Section: "admin", Breadcrumbs: crumbs(ctx)}, page.AdminPage(v))
}

func (h *Handler) usage(ctx context.Context, q *store.Queries, institutionID int64) (map[string]int, error) {
	rows, err := q.EvaluationCodeUsage(ctx, institutionID)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, r := range rows {
		out[r.Code] = int(r.Activities)
	}
	return out, nil
}

// Export downloads the vocabulary in the layout Import reads.
func (h *Handler) Export(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	voc, err := Load(ctx, h.Queries, u.InstitutionID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, voc.Codes); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	csvx.Attachment(w, "evaluation-codes.csv")
	_, _ = w.Write(buf.Bytes())
}

// Import checks a whole vocabulary file and, when every line is valid,
// shows what replacing the vocabulary with it would add, change and
// remove; nothing is written until the person confirms, and then all of it
// in one transaction.
func (h *Handler) Import(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	var v page.Admin
	up, err := httpx.ReadImport(r, ImportMaxBytes)
	if status, message := httpx.ImportProblem(r.Context(), err, ImportMaxBytes); status != 0 {
		if status == http.StatusRequestEntityTooLarge {
			message = i18n.T(ctx, "codes.error.too_large", "Bytes", httpx.FormatBytes(ImportMaxBytes))
		}
		v.Add("file", message)
		h.render(w, r, status, v)
		return
	}
	parsed, problems, err := Parse(ctx, up.Data)
	var fileErr csvx.ErrFile
	switch {
	case errors.As(err, &fileErr):
		v.Add("file", fileErr.Message)
		h.render(w, r, http.StatusUnprocessableEntity, v)
		return
	case err != nil:
		httpx.ServerError(w, r, err)
		return
	case len(problems) > 0:
		for _, p := range problems {
			v.Problems = append(v.Problems, page.Problem{Line: p.Line, Message: p.Message})
		}
		h.render(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	if up.Plan != "" {
		h.confirm(w, r, up, parsed)
		return
	}
	plan, err := h.plan(ctx, h.Queries, u.InstitutionID, parsed)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	fingerprint, err := httpx.PlanFingerprint(plan)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v.Preview = &page.Preview{Added: plan.Added, Changed: plan.Changed, Removed: plan.Removed, Same: plan.Same,
		Reordered: plan.Reordered, Confirm: components.ImportConfirm{Action: paths.AdminCodes, Again: paths.AdminCodes,
			Content: base64.StdEncoding.EncodeToString(up.Data), Fingerprint: fingerprint}}
	h.render(w, r, http.StatusOK, v)
}

// importPlan is what a file would do to the vocabulary.
type importPlan struct {
	Added, Changed []components.ImportRecord
	Removed        []page.RemovedCode
	Same           int
	// Reordered says the file lists the codes it keeps in another order.
	Reordered bool
}

// plan compares the file's codes with the vocabulary as it is now.
func (h *Handler) plan(ctx context.Context, q *store.Queries, institutionID int64, file []Code) (importPlan, error) {
	var p importPlan
	now, err := Load(ctx, q, institutionID)
	if err != nil {
		return p, err
	}
	usage, err := h.usage(ctx, q, institutionID)
	if err != nil {
		return p, err
	}
	var nowOrder, fileOrder []string
	for _, c := range file {
		line := c.Line
		old, ok := now.Get(c.Code)
		if !ok {
			p.Added = append(p.Added, components.ImportRecord{Line: line, Name: c.Code, Fields: []components.ImportField{
				{Label: i18n.T(ctx, "codes.field.category"), After: c.Category}, {Label: i18n.T(ctx, "codes.col.label"), After: c.Label}, {Label: i18n.T(ctx, "codes.field.parent"), After: c.Parent}}})
			continue
		}
		fileOrder = append(fileOrder, c.Code)
		var fields []components.ImportField
		for _, f := range []struct{ label, before, after string }{
			{i18n.T(ctx, "codes.field.category"), old.Category, c.Category}, {i18n.T(ctx, "codes.col.label"), old.Label, c.Label}, {i18n.T(ctx, "codes.field.parent"), old.Parent, c.Parent},
			{i18n.T(ctx, "codes.field.description"), old.Description, c.Description},
			{i18n.T(ctx, "codes.col.suggested"), strings.Join(old.SuggestedFor, ";"), strings.Join(c.SuggestedFor, ";")},
		} {
			if f.before != f.after {
				fields = append(fields, components.ImportField{Label: f.label, Before: f.before, After: f.after})
			}
		}
		if len(fields) > 0 {
			p.Changed = append(p.Changed, components.ImportRecord{Line: line, Name: c.Code, Fields: fields})
		} else {
			p.Same++
		}
	}
	for _, c := range now.Codes {
		if !slices.ContainsFunc(file, func(f Code) bool { return f.Code == c.Code }) {
			p.Removed = append(p.Removed, page.RemovedCode{Code: c.Code, Label: c.Label, Activities: usage[c.Code]})
			continue
		}
		nowOrder = append(nowOrder, c.Code)
	}
	p.Reordered = !slices.Equal(nowOrder, fileOrder)
	return p, nil
}

var errChanged = errors.New("the vocabulary changed since the preview")

// confirm replaces the vocabulary with a previewed file in one
// transaction, under the institution's vocabulary lock, and only if the
// file would still do what the person saw; otherwise 409 and nothing is
// written.
func (h *Handler) confirm(w http.ResponseWriter, r *http.Request, up httpx.ImportUpload, file []Code) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	var plan importPlan
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		if err := q.LockEvaluationCodes(ctx, u.InstitutionID); err != nil {
			return err
		}
		var err error
		plan, err = h.plan(ctx, q, u.InstitutionID, file)
		if err != nil {
			return err
		}
		if fingerprint, err := httpx.PlanFingerprint(plan); err != nil {
			return err
		} else if fingerprint != up.Plan {
			return errChanged
		}
		keep := make([]string, 0, len(file))
		for _, c := range file {
			keep = append(keep, c.Code)
		}
		// Removed codes go first, so a code that changes category never
		// meets a stale row; their place on activities goes with them.
		if _, err := q.DeleteEvaluationCodesNotIn(ctx, store.DeleteEvaluationCodesNotInParams{InstitutionID: u.InstitutionID, Keep: keep}); err != nil {
			return err
		}
		for i, c := range file {
			var parent *string
			if c.Parent != "" {
				parent = &c.Parent
			}
			suggested := c.SuggestedFor
			if suggested == nil {
				suggested = []string{}
			}
			if err := q.UpsertEvaluationCode(ctx, store.UpsertEvaluationCodeParams{InstitutionID: u.InstitutionID, Category: c.Category,
				Code: c.Code, Label: c.Label, ParentCode: parent, Description: c.Description, SuggestedFor: suggested, Position: int32(i + 1)}); err != nil {
				return err
			}
		}
		removed := make([]string, 0, len(plan.Removed))
		for _, c := range plan.Removed {
			removed = append(removed, c.Code)
		}
		return audit.By(u).Record(ctx, q, "import", "evaluation_codes", u.InstitutionID, map[string]audit.Change{
			"added": {After: len(plan.Added)}, "changed": {After: len(plan.Changed)}, "removed": {After: Joined(removed)},
			"codes": {After: len(file)},
		})
	})
	if errors.Is(err, errChanged) {
		h.render(w, r, http.StatusConflict, page.Admin{Conflict: i18n.T(ctx, "codes.admin.changed")})
		return
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "codes.flash.imported", "Added", len(plan.Added), "Changed", len(plan.Changed),
		"Removed", len(plan.Removed), "All", len(file)))
	httpx.SeeOther(w, r, paths.AdminCodes)
}

// categoryTitles are the catalogue's ids of the categories' plural titles.
var categoryTitles = map[string]string{
	"type": "codes.category.type", "subtype": "codes.category.subtype", "mode": "codes.category.mode",
	"beneficiary": "codes.category.beneficiary", "outcome": "codes.category.outcome", "measure": "codes.category.measure",
	"risk": "codes.category.risk",
}

package codes

import (
	"net/http"

	"github.com/a-h/templ"

	"belonging/internal/access"
	"belonging/internal/auth"
	"belonging/internal/reqctx"
	page "belonging/web/pages/codes"
)

// ActivitySection is the compact "Evaluation codes" block of an activity's
// page: its codes, the suggested measures of its outcomes, and, while it
// has no type, the type suggested for its kind.
func (h *Handler) ActivitySection(r *http.Request, a access.Activity) (templ.Component, error) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	voc, err := Load(ctx, h.Queries, a.InstitutionID)
	if err != nil {
		return nil, err
	}
	carried, err := ActivityCodes(ctx, h.Queries, a.InstitutionID, a.ID)
	if err != nil {
		return nil, err
	}
	applied := voc.Apply(carried)
	v := page.Block{ActivityID: a.ID, CanEdit: auth.Can(u, auth.EditActivity, a.Target), Empty: applied.Empty()}
	if applied.Type != nil {
		v.Type = voc.TypeLabel(*applied.Type)
	} else {
		for _, c := range voc.Codes {
			if (c.Category == "type" || c.Category == "subtype") && c.Suggests(a.Kind) {
				v.Suggested = append(v.Suggested, voc.TypeLabel(c))
			}
		}
	}
	if applied.Mode != nil {
		v.Mode = applied.Mode.Label
	}
	for _, c := range applied.Beneficiaries {
		v.Beneficiaries = append(v.Beneficiaries, c.Label)
	}
	for _, c := range applied.Outcomes {
		o := page.BlockOutcome{Label: c.Label}
		for _, m := range voc.Children(c.Code) {
			o.Measures = append(o.Measures, m.Label)
		}
		v.Outcomes = append(v.Outcomes, o)
	}
	for _, c := range applied.Risks {
		v.Risks = append(v.Risks, c.Label)
	}
	return page.ActivityBlock(v), nil
}

package survey

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

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
	page "belonging/web/pages/survey"
	"belonging/web/paths"
)

// A before/after pair of an activity's surveys may name a comparison
// group: another cohort's or programme's pair, surveyed at the same times,
// that did not take part. Once all four surveys have closed, the
// difference in differences (did.go) says how much more belonging changed
// where students took part; when each of the four has at least the survey
// threshold of responses the comparison holds, and the pair's evidence
// becomes Type 3. It is worked out once, when the four have closed (by
// the upkeep, or at once when the comparison is named after they closed),
// since sealed responses never change; Type 3 evidence fixes the
// comparison, so a comparison group cannot be swapped after its result
// is on record.

// noComparison is the form's choice that removes the comparison group.
const noComparison = "none"

// groupOutcome is where a pair's comparison group stands.
type groupOutcome struct {
	// comparison is the named pair: its surveys before and after.
	pre, post store.GetSurveyRow
	// closed: all four surveys have closed and been sealed; gone: some
	// responses were deleted past retention, so nothing can be worked out.
	closed, gone bool
	did          DiD
	missing      []string
}

// pairOf returns the treated pair a survey belongs to, as its surveys
// before and after; ok is false for a single survey.
func pairOf(ctx context.Context, q *store.Queries, s store.GetSurveyRow) (pre, post store.GetSurveyRow, ok bool, err error) {
	other := s.PostID
	if s.PreID != nil {
		other = *s.PreID
	}
	if other == 0 {
		return pre, post, false, nil
	}
	partner, err := q.GetSurvey(ctx, store.GetSurveyParams{InstitutionID: s.InstitutionID, ID: other})
	if err != nil {
		return pre, post, false, err
	}
	if s.Phase == "pre" {
		return s, partner, true, nil
	}
	return partner, s, true, nil
}

// scoreSummary summarises a closed survey's belonging scores: each
// response's mean across the statements it answered, as the pair's own
// comparison uses.
func scoreSummary(ctx context.Context, q *store.Queries, surveyID int64) (Summary, error) {
	scores, err := q.ResponseScores(ctx, surveyID)
	return Summarise(scores), err
}

// workOutGroup works out the comparison of the pair before..post with the
// pair whose survey after is comparisonPostID.
func (h *Handler) workOutGroup(ctx context.Context, q *store.Queries, pre, post store.GetSurveyRow, comparisonPostID int64, now time.Time) (groupOutcome, error) {
	var g groupOutcome
	var err error
	if g.post, err = q.GetSurvey(ctx, store.GetSurveyParams{InstitutionID: post.InstitutionID, ID: comparisonPostID}); err != nil {
		return g, err
	}
	if g.pre, err = q.GetSurvey(ctx, store.GetSurveyParams{InstitutionID: post.InstitutionID, ID: *g.post.PreID}); err != nil {
		return g, err
	}
	four := []store.GetSurveyRow{pre, post, g.pre, g.post}
	g.closed = true
	for _, s := range four {
		g.closed = g.closed && !now.Before(s.ClosesAt) && s.Sealed
		g.gone = g.gone || s.ResponsesDeletedOn != nil
	}
	if !g.closed || g.gone {
		return g, nil
	}
	var sums [4]Summary
	for i, s := range four {
		if sums[i], err = scoreSummary(ctx, q, s.ID); err != nil {
			return g, err
		}
	}
	g.did = CompareGroups(sums[0], sums[1], sums[2], sums[3])
	g.missing = g.did.Missing(h.minGroup())
	return g, nil
}

// decideGroup works out the comparison named by the pair whose survey
// after is postID, when its four surveys have closed and been sealed, and
// records that it did. When the comparison holds, the pair's evidence
// (added first if the pair has not yielded it yet) becomes Type 3. q must
// be the caller's transaction; actor is who records it.
func (h *Handler) decideGroup(ctx context.Context, q *store.Queries, actor audit.Recorder, institutionID, postID int64, now time.Time) error {
	named, err := q.GetSurveyComparison(ctx, institutionID, postID)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && named.DecidedAt != nil) {
		return nil
	}
	if err != nil {
		return err
	}
	post, err := q.GetSurvey(ctx, store.GetSurveyParams{InstitutionID: institutionID, ID: postID})
	if err != nil {
		return err
	}
	pre, _, _, err := pairOf(ctx, q, post)
	if err != nil {
		return err
	}
	g, err := h.workOutGroup(ctx, q, pre, post, named.ComparisonPostID, now)
	if err != nil || !g.closed {
		return err
	}
	if !g.gone && len(g.missing) == 0 && post.ActivityID != nil {
		if err := h.addEvidence(ctx, q, institutionID, postID, now); err != nil {
			return err
		}
		if err := raiseEvidence(ctx, q, actor, pre, post, g); err != nil {
			return err
		}
	}
	return q.MarkComparisonDecided(ctx, postID, now)
}

// raiseEvidence makes the pair's Type 2 evidence Type 3, saying what the
// comparison group showed, with its caveats.
func raiseEvidence(ctx context.Context, q *store.Queries, actor audit.Recorder, pre, post store.GetSurveyRow, g groupOutcome) error {
	d := g.did
	var notes strings.Builder
	notes.WriteString(d.Sentence())
	fmt.Fprintf(&notes, "\n\nThe group that took part: %d responses before (mean %.2f, SD %.2f) and %d after (mean %.2f, SD %.2f). "+
		"The comparison group, %s: %d before (mean %.2f, SD %.2f) and %d after (mean %.2f, SD %.2f). "+
		"Difference in differences %.2f, standard error %.2f, %.0f degrees of freedom (Welch–Satterthwaite).",
		d.TookPartBefore.N, d.TookPartBefore.Mean, d.TookPartBefore.SD, d.TookPartAfter.N, d.TookPartAfter.Mean, d.TookPartAfter.SD,
		groupName(g.post), d.ComparisonBefore.N, d.ComparisonBefore.Mean, d.ComparisonBefore.SD,
		d.ComparisonAfter.N, d.ComparisonAfter.Mean, d.ComparisonAfter.SD, d.Change, d.SE, d.DF)
	notes.WriteString("\n\nCaveats: " + strings.Join(DiDCaveats, " "))
	title := fmt.Sprintf("%s against a comparison group: %s (95%% CI %s to %s)", post.InstrumentName, Signed(d.Change), Signed(d.Low), Signed(d.High))
	if len([]rune(title)) > 200 {
		title = fmt.Sprintf("Against a comparison group: %s (95%% CI %s to %s)", Signed(d.Change), Signed(d.Low), Signed(d.High))
	}
	comparison := fmt.Sprintf("Difference in differences: anonymous pulse surveys before (%s) and after (%s) the activity, "+
		"against %s, which did not take part, surveyed before (%s) and after (%s)",
		page.Span(pre.OpensAt.In(london), pre.ClosesAt.In(london)), page.Span(post.OpensAt.In(london), post.ClosesAt.In(london)),
		groupName(g.post), page.Span(g.pre.OpensAt.In(london), g.pre.ClosesAt.In(london)), page.Span(g.post.OpensAt.In(london), g.post.ClosesAt.In(london)))
	sample := int32(d.TookPartBefore.N + d.TookPartAfter.N + d.ComparisonBefore.N + d.ComparisonAfter.N)
	id, err := q.RaiseSurveyEvidence(ctx, store.RaiseSurveyEvidenceParams{InstitutionID: post.InstitutionID, SurveyID: post.ID,
		Title: title, Notes: truncate(notes.String(), 4000), Comparison: truncate(comparison, 1000),
		EffectSize: fmt.Sprintf("Difference in differences %s points (SE %.2f)", Signed(d.Change), d.SE), SampleSize: sample})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil // no Type 2 evidence to raise (or raised meanwhile)
	}
	if err != nil {
		return err
	}
	return actor.Record(ctx, q, "update", "evidence", id, map[string]audit.Change{
		"strength":             {Before: 2, After: 3},
		"title":                {Before: nil, After: title},
		"comparison_survey_id": {Before: nil, After: g.post.ID},
	})
}

// groupName names a comparison pair by its programme and title.
func groupName(s store.GetSurveyRow) string {
	if s.ActivityTitle != "" {
		return fmt.Sprintf("%s (%s, %s)", s.Title, s.ProgrammeCode, s.ActivityTitle)
	}
	return fmt.Sprintf("%s (%s)", s.Title, s.ProgrammeCode)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// groupView is what the survey pages show of a pair's comparison group.
func (h *Handler) groupView(ctx context.Context, q *store.Queries, s store.GetSurveyRow, team bool) (*page.ComparisonGroup, error) {
	pre, post, ok, err := pairOf(ctx, q, s)
	if err != nil || !ok || post.ActivityID == nil {
		return nil, err
	}
	v := &page.ComparisonGroup{PostID: post.ID, MinGroup: h.minGroup(), Caveats: didCaveatsIn(ctx)}
	strength, err := q.SurveyEvidenceStrength(ctx, s.InstitutionID, post.ID)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
	case err != nil:
		return nil, err
	}
	v.TypeThree = strength == 3
	v.CanChoose = team && !v.TypeThree
	named, err := q.GetSurveyComparison(ctx, s.InstitutionID, post.ID)
	if errors.Is(err, pgx.ErrNoRows) {
		return v, nil
	}
	if err != nil {
		return nil, err
	}
	g, err := h.workOutGroup(ctx, q, pre, post, named.ComparisonPostID, h.now())
	if err != nil {
		return nil, err
	}
	v.Named, v.Name, v.URL = true, groupName(g.post), paths.Survey(g.post.ID)
	switch {
	case g.gone:
		v.Waiting = i18n.T(ctx, "surveyadmin.did.waiting.deleted")
	case !g.closed:
		v.Waiting = i18n.T(ctx, "surveyadmin.did.waiting.closed")
	default:
		v.Shown, v.Sentence, v.Missing = true, g.did.SentenceIn(ctx), g.did.MissingIn(ctx, h.minGroup())
		v.Holds = len(g.missing) == 0
		for i, sum := range [4]Summary{g.did.TookPartBefore, g.did.TookPartAfter, g.did.ComparisonBefore, g.did.ComparisonAfter} {
			v.Groups[i] = page.GroupFigure{N: sum.N, Mean: fmt.Sprintf("%.2f", sum.Mean), SD: fmt.Sprintf("%.2f", sum.SD)}
		}
		v.Change, v.Low, v.High = Signed(g.did.Change), Signed(g.did.Low), Signed(g.did.High)
	}
	return v, nil
}

// ComparisonPage shows the form that names (or removes) a pair's
// comparison group, with the pairs surveyed at the same times.
func (h *Handler) ComparisonPage(w http.ResponseWriter, r *http.Request) {
	s, ok := h.Access.Survey(w, r, auth.EditSurvey)
	if !ok {
		return
	}
	h.renderComparison(w, r, s, http.StatusOK, "", form.Errors{})
}

// SetComparison names a pair's comparison group, or removes it; when the
// four surveys have already closed, the result is worked out at once, in
// the same transaction.
func (h *Handler) SetComparison(w http.ResponseWriter, r *http.Request) {
	s, ok := h.Access.Survey(w, r, auth.EditSurvey)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	_, post, ok := h.activityPair(w, r, s)
	if !ok {
		return
	}
	strength, err := h.Queries.SurveyEvidenceStrength(ctx, u.InstitutionID, post.ID)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		httpx.ServerError(w, r, err)
		return
	}
	if strength == 3 {
		h.Sessions.Flash(ctx, "info", i18n.T(ctx, "surveyadmin.did.flash.fixed"))
		httpx.SeeOther(w, r, paths.Survey(post.ID))
		return
	}
	chosen := vals.Text("comparison")
	var errs form.Errors
	candidates, err := h.Queries.ComparisonCandidates(ctx, u.InstitutionID, post.ID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	var comparisonID int64
	switch chosen {
	case "":
		errs.Add("comparison", i18n.T(ctx, "surveyadmin.did.error.choose"))
	case noComparison:
	default:
		id, _ := strconv.ParseInt(chosen, 10, 64)
		for _, c := range candidates {
			if c.PostID == id {
				comparisonID = id
			}
		}
		errs.Check(comparisonID != 0, "comparison", i18n.T(ctx, "surveyadmin.did.error.not_listed"))
	}
	if !errs.Valid() {
		h.renderComparison(w, r, s, http.StatusUnprocessableEntity, chosen, errs)
		return
	}
	now := h.now()
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		if comparisonID == 0 {
			n, err := q.DeleteSurveyComparison(ctx, u.InstitutionID, post.ID)
			if err != nil || n == 0 {
				return err
			}
			return audit.By(u).Record(ctx, q, "update", "survey", post.ID, map[string]audit.Change{
				"comparison_survey_id": {Before: "set", After: nil}})
		}
		if err := q.SetSurveyComparison(ctx, u.InstitutionID, post.ID, comparisonID, u.ID); err != nil {
			return err
		}
		if err := audit.By(u).Record(ctx, q, "update", "survey", post.ID, map[string]audit.Change{
			"comparison_survey_id": {Before: nil, After: comparisonID}}); err != nil {
			return err
		}
		return h.decideGroup(ctx, q, audit.By(u), u.InstitutionID, post.ID, now)
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if comparisonID == 0 {
		h.Sessions.Flash(ctx, "success", i18n.T(ctx, "surveyadmin.did.flash.removed"))
	} else {
		h.Sessions.Flash(ctx, "success", i18n.T(ctx, "surveyadmin.did.flash.saved"))
	}
	httpx.SeeOther(w, r, paths.SurveyAt(post.ID, "comparison-group"))
}

// activityPair returns the activity's pair survey s belongs to; a single
// survey, or a pair of a whole programme, has no comparison group (404).
func (h *Handler) activityPair(w http.ResponseWriter, r *http.Request, s access.Survey) (pre, post store.GetSurveyRow, ok bool) {
	pre, post, paired, err := pairOf(r.Context(), h.Queries, s.GetSurveyRow)
	switch {
	case err != nil:
		httpx.ServerError(w, r, err)
		return pre, post, false
	case !paired || post.ActivityID == nil:
		httpx.NotFound(w, r)
		return pre, post, false
	}
	return pre, post, true
}

func (h *Handler) renderComparison(w http.ResponseWriter, r *http.Request, s access.Survey, status int, chosen string, errs form.Errors) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	pre, post, ok := h.activityPair(w, r, s)
	if !ok {
		return
	}
	group, err := h.groupView(ctx, h.Queries, post, true)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if !group.CanChoose {
		httpx.SeeOther(w, r, paths.SurveyAt(post.ID, "comparison-group"))
		return
	}
	candidates, err := h.Queries.ComparisonCandidates(ctx, u.InstitutionID, post.ID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if chosen == "" && status == http.StatusOK {
		if named, err := h.Queries.GetSurveyComparison(ctx, u.InstitutionID, post.ID); err == nil {
			chosen = strconv.FormatInt(named.ComparisonPostID, 10)
		}
	}
	choice := components.Choice{ID: "comparison", Label: i18n.T(ctx, "surveyadmin.did.title"), Error: errs.Get("comparison"),
		Hint:     i18n.T(ctx, "surveyadmin.did.form.hint"),
		Selected: []string{chosen}}
	for _, c := range candidates {
		about := c.ProgrammeCode + " " + c.ProgrammeTitle
		if c.ActivityTitle != "" {
			about += ", " + c.ActivityTitle
		}
		choice.Options = append(choice.Options, components.Option{Value: strconv.FormatInt(c.PostID, 10), Label: c.Title,
			Hint: i18n.T(ctx, "surveyadmin.did.form.candidate", "About", about, "Before", page.SpanIn(ctx, c.PreOpens.In(london), c.PreCloses.In(london)),
				"After", page.SpanIn(ctx, c.PostOpens.In(london), c.PostCloses.In(london)))})
	}
	choice.Options = append(choice.Options, components.Option{Value: noComparison, Label: i18n.T(ctx, "surveyadmin.did.form.none")})
	v := page.ComparisonForm{PostID: post.ID, Title: post.Title, Errors: errs.List(), Choice: choice, Candidates: len(candidates),
		Before: page.SpanIn(ctx, pre.OpensAt.In(london), pre.ClosesAt.In(london)), After: page.SpanIn(ctx, post.OpensAt.In(london), post.ClosesAt.In(london)),
		MinGroup: h.minGroup(), Caveats: didCaveatsIn(ctx)}
	title := i18n.T(ctx, "surveyadmin.did.title")
	httpx.Render(w, r, status, web.Page{Title: title, Section: "programmes",
		Breadcrumbs: append(surveyCrumbs(r.Context(), s), web.Crumb{Label: post.Title, URL: paths.Survey(post.ID)}, web.Crumb{Label: title})},
		page.ComparisonGroupForm(v))
}

// decideGroups works out, each in its own transaction recorded as the
// system's work, the comparisons whose four surveys have all closed since
// the upkeep last ran (added after the pairs' own evidence, which it may
// raise to Type 3).
func (h *Handler) decideGroups(ctx context.Context, now time.Time) error {
	due, err := h.Queries.ListComparisonsToDecide(ctx, now)
	if err != nil {
		return err
	}
	for _, c := range due {
		err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
			return h.decideGroup(ctx, q, audit.System(c.InstitutionID), c.InstitutionID, c.PostID, now)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// GroupResult is a pair's comparison group as an export states it.
type GroupResult struct {
	// PostID is the pair's survey after; Name names the comparison pair.
	PostID int64
	Name   string
	// Ready: all four surveys closed and their responses kept.
	Ready bool
	DiD   DiD
	// Missing says which of the four groups fell short of the threshold
	// (none: the comparison holds).
	Missing []string
}

// ComparisonResults returns the comparison groups of an activity's pairs
// among surveys (the activity's surveys), with the difference in
// differences of those whose four surveys have closed. minGroup is the
// survey threshold in force.
func ComparisonResults(ctx context.Context, q *store.Queries, institutionID int64, surveys []int64, minGroup int, now time.Time) ([]GroupResult, error) {
	h := &Handler{MinGroup: minGroup}
	var out []GroupResult
	for _, id := range surveys {
		named, err := q.GetSurveyComparison(ctx, institutionID, id)
		if errors.Is(err, pgx.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, err
		}
		post, err := q.GetSurvey(ctx, store.GetSurveyParams{InstitutionID: institutionID, ID: id})
		if err != nil {
			return nil, err
		}
		pre, _, ok, err := pairOf(ctx, q, post)
		if err != nil {
			return nil, err
		}
		if !ok {
			// No longer half of a pair: nothing to compare for this one.
			continue
		}
		g, err := h.workOutGroup(ctx, q, pre, post, named.ComparisonPostID, now)
		if err != nil {
			return nil, err
		}
		out = append(out, GroupResult{PostID: id, Name: groupName(g.post), Ready: g.closed && !g.gone, DiD: g.did, Missing: g.missing})
	}
	return out, nil
}

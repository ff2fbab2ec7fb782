package casestudy

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/markdown"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	page "belonging/web/pages/casestudy"
	"belonging/web/paths"
)

// storedSection is one section of a publication, kept as Markdown.
type storedSection struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Markdown string `json:"markdown"`
}

// storedEvidence is cited evidence, as it stood when published.
type storedEvidence struct {
	Title    string `json:"title"`
	Kind     string `json:"kind"`
	Strength int    `json:"strength"`
	Details  string `json:"details"`
}

// sectionsOf lists the draft's sections in reading order, leaving out
// empty ones.
func sectionsOf(c store.GetCaseStudyRow) []storedSection {
	var context []string
	for _, part := range []string{c.InstitutionType, c.Discipline, c.Cohort} {
		if part != "" {
			context = append(context, part)
		}
	}
	contextText := strings.Join(context, " · ")
	if c.Context != "" {
		if contextText != "" {
			contextText += "\n\n"
		}
		contextText += c.Context
	}
	all := []storedSection{
		{"context", "Context", contextText},
		{"what-we-did", "What we did", c.WhatWeDid},
		{"partnership", "Student partnership", c.Partnership},
		{"inclusivity", "Inclusivity", c.Inclusivity},
		{"impact", "Impact and evidence", c.Impact},
		{"lessons", "Lessons", c.Lessons},
		{"advice", "Advice for others", c.Advice},
		{"cost", "Cost and effort", c.CostEffort},
	}
	var out []storedSection
	for _, s := range all {
		if strings.TrimSpace(s.Markdown) != "" {
			out = append(out, s)
		}
	}
	return out
}

func evidenceDetails(instrument string, sample, rate *int32, comparison, effect string) string {
	var parts []string
	if instrument != "" {
		parts = append(parts, "Instrument: "+instrument)
	}
	if sample != nil {
		parts = append(parts, fmt.Sprintf("N = %d", *sample))
	}
	if rate != nil {
		parts = append(parts, fmt.Sprintf("response rate %d%%", *rate))
	}
	if comparison != "" {
		parts = append(parts, "compared with "+comparison)
	}
	if effect != "" {
		parts = append(parts, "effect size "+effect)
	}
	return strings.Join(parts, "; ")
}

// publish writes the draft as the publication readers see, replacing the
// previous one.
func publish(ctx context.Context, q *store.Queries, c store.GetCaseStudyRow, visibility string, by int64) error {
	sections := sectionsOf(c)
	var text []string
	for _, s := range sections {
		text = append(text, s.Title+". "+markdown.Text(s.Markdown))
	}
	linked, err := q.LinkedEvidence(ctx, c.ID)
	if err != nil {
		return err
	}
	evidence := make([]storedEvidence, len(linked))
	for i, e := range linked {
		evidence[i] = storedEvidence{Title: e.Title, Kind: e.Kind, Strength: int(e.Strength),
			Details: evidenceDetails(e.Instrument, e.SampleSize, e.ResponseRate, e.Comparison, e.EffectSize)}
	}
	sectionsJSON, err := json.Marshal(sections)
	if err != nil {
		return err
	}
	evidenceJSON, err := json.Marshal(evidence)
	if err != nil {
		return err
	}
	inst, err := q.GetInstitution(ctx, c.InstitutionID)
	if err != nil {
		return err
	}
	return q.UpsertPublication(ctx, store.UpsertPublicationParams{CaseStudyID: c.ID, InstitutionID: c.InstitutionID,
		Visibility: visibility, Title: c.Title, Summary: markdown.Text(c.Summary), Sections: sectionsJSON,
		Body: strings.Join(text, " "), Evidence: evidenceJSON, Kind: c.Kind, Stage: c.Stage, Dimensions: c.Dimensions,
		Placement: c.Placement, Discipline: c.Discipline, InstitutionType: c.InstitutionType, InstitutionName: inst.Name,
		EvidenceStrength: c.EvidenceStrength, AcademicYear: c.AcademicYear, Version: c.Version, PublishedBy: &by})
}

// Publish publishes the draft to the institution at once; sharing with the
// network or the public waits for a programme director or admin, unless
// the person is one, and the current publication stays meanwhile.
func (h *Handler) Publish(w http.ResponseWriter, r *http.Request) {
	c, ok := h.Access.CaseStudy(w, r, auth.EditCaseStudy)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	visibility := vals.Text("visibility")
	if visibility != "institution" && visibility != "network" && visibility != "public" {
		httpx.BadRequest(w, r, i18n.T(ctx, "casestudy.publish.bad_visibility"))
		return
	}
	now := time.Now()
	direct := visibility == "institution" || auth.Can(u, auth.ReviewCaseStudy, c.Target)
	var msg string
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		review := store.SetReviewParams{InstitutionID: u.InstitutionID, ID: c.ID, RequestedVisibility: visibility}
		if direct {
			if err := publish(ctx, q, c.GetCaseStudyRow, visibility, u.ID); err != nil {
				return err
			}
			review.ReviewState = "none"
			if visibility != "institution" {
				review.ReviewState, review.ReviewedBy, review.ReviewedAt = "approved", &u.ID, &now
			}
			msg = publishedFlash(ctx, visibility)
		} else {
			review.ReviewState = "pending"
			msg = sentFlash(ctx, visibility)
		}
		if err := q.SetReview(ctx, review); err != nil {
			return err
		}
		if direct {
			return audit.By(u).Record(ctx, q, "publish", "case_study", c.ID, map[string]audit.Change{"visibility": {Before: deref(c.PublishedVisibility), After: visibility}})
		}
		if err := audit.By(u).Record(ctx, q, "request_review", "case_study", c.ID, map[string]audit.Change{"visibility": {Before: deref(c.PublishedVisibility), After: visibility}}); err != nil {
			return err
		}
		return h.Notify.ReviewRequested(ctx, q, u.InstitutionID, c.ID, u.ID)
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", msg)
	httpx.SeeOther(w, r, paths.CaseStudyDraft(c.ID, c.Title))
}

func deref(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

// Unpublish takes the publication down; the draft stays.
func (h *Handler) Unpublish(w http.ResponseWriter, r *http.Request) {
	c, ok := h.Access.CaseStudy(w, r, auth.EditCaseStudy)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		if _, err := q.DeletePublication(ctx, store.DeletePublicationParams{InstitutionID: u.InstitutionID, CaseStudyID: c.ID}); err != nil {
			return err
		}
		if err := q.SetReview(ctx, store.SetReviewParams{InstitutionID: u.InstitutionID, ID: c.ID, RequestedVisibility: "draft", ReviewState: "none"}); err != nil {
			return err
		}
		return audit.By(u).Record(ctx, q, "unpublish", "case_study", c.ID, map[string]audit.Change{"visibility": {Before: deref(c.PublishedVisibility), After: "draft"}})
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "casestudy.flash.unpublished"))
	httpx.SeeOther(w, r, paths.CaseStudyDraft(c.ID, c.Title))
}

// Review approves a request to share beyond the institution (publishing
// the draft as it now stands) or asks for changes with a comment the
// author sees.
func (h *Handler) Review(w http.ResponseWriter, r *http.Request) {
	c, ok := h.Access.CaseStudy(w, r, auth.ReviewCaseStudy)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	if c.ReviewState != "pending" {
		h.Sessions.Flash(ctx, "info", i18n.T(ctx, "casestudy.flash.no_request"))
		httpx.SeeOther(w, r, paths.CaseStudyDraft(c.ID, c.Title))
		return
	}
	decision, comment := vals.Text("decision"), vals.Text("comment")
	review := page.ReviewForm{Comment: comment}
	switch {
	case decision != "approve" && decision != "changes":
		httpx.BadRequest(w, r, i18n.T(ctx, "casestudy.review.bad_decision"))
		return
	case decision == "changes" && comment == "":
		review.Add("comment", i18n.T(ctx, "casestudy.review.comment.required"))
	case len([]rune(comment)) > 4000:
		review.Add("comment", i18n.T(ctx, "casestudy.review.comment.long"))
	}
	if !review.Valid() {
		h.show(w, r, c.ID, showOptions{draft: true, status: http.StatusUnprocessableEntity, review: review})
		return
	}
	version, err := strconv.Atoi(vals.Text("version"))
	if err != nil {
		httpx.BadRequest(w, r, i18n.T(ctx, "casestudy.review.no_version"))
		return
	}
	if version != int(c.Version) {
		h.changedSinceRead(w, r, c.ID, review)
		return
	}
	// The decision is conditional on the request still waiting and the
	// draft being the version read, and it comes first: it locks the row,
	// so the draft published below is the one that was read, and of
	// several decisions at once exactly one is recorded.
	now := time.Now()
	state := "changes_requested"
	if decision == "approve" {
		state = "approved"
	}
	var decided bool
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		n, err := q.DecideReview(ctx, store.DecideReviewParams{InstitutionID: u.InstitutionID, ID: c.ID, Version: c.Version,
			ReviewState: state, ReviewComment: comment, ReviewedBy: &u.ID, ReviewedAt: &now})
		if err != nil || n == 0 {
			return err
		}
		decided = true
		if decision == "approve" {
			if err := publish(ctx, q, c.GetCaseStudyRow, c.RequestedVisibility, u.ID); err != nil {
				return err
			}
		}
		if err := audit.By(u).Record(ctx, q, "review", "case_study", c.ID, map[string]audit.Change{"review": {Before: "pending", After: state}, "comment": {After: comment}}); err != nil {
			return err
		}
		return h.Notify.ReviewDecided(ctx, q, u.InstitutionID, c.ID, u.ID)
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if !decided {
		h.changedSinceRead(w, r, c.ID, review)
		return
	}
	msg := i18n.T(ctx, "casestudy.flash.changes")
	if decision == "approve" {
		msg = approvedFlash(ctx, c.RequestedVisibility)
	}
	h.Sessions.Flash(ctx, "success", msg)
	httpx.SeeOther(w, r, paths.CaseStudyDraft(c.ID, c.Title))
}

// changedSinceRead answers a decision on a draft that changed, or was
// decided, after the reviewer opened it: 409 and the case study as it now
// stands, so they read it again.
func (h *Handler) changedSinceRead(w http.ResponseWriter, r *http.Request, id int64, review page.ReviewForm) {
	review.Add("", i18n.T(r.Context(), "casestudy.review.changed"))
	h.show(w, r, id, showOptions{draft: true, status: http.StatusConflict, review: review})
}

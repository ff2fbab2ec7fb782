package report

import (
	"context"
	"fmt"
	"net/url"
	"strconv"

	"belonging/internal/codes"
	"belonging/internal/i18n"
	"belonging/internal/store"
	page "belonging/web/pages/report"
)

// A report filtered by evaluation code (?type, ?risk) counts only the
// activities carrying the codes: their status, kind, stage, dimensions,
// coverage, placement, partnership, inclusivity, reach and evidence. The
// summaries (migration 31) hold only the unfiltered totals, so these
// figures are counted from the activities themselves, scoped by the
// institution and the report's programmes, in the same fixed number of
// queries. Pulse surveys are of programmes rather than of coded
// activities, so their figures stay those of every survey. A value that
// is not one of the institution's codes is left out of the filter, and
// the page says so.

// reportFilter is a report's filter by evaluation code as read from the
// request.
type reportFilter struct {
	codes store.CodeFilter
	view  *page.Filter
	// query carries the filter to the report's other addresses (its year,
	// its CSV files, its workbook).
	query url.Values
}

// readFilter reads ?type and ?risk against the institution's vocabulary;
// clear is the report's address without the filter.
func readFilter(ctx context.Context, q *store.Queries, institutionID int64, query url.Values, clear string) (reportFilter, error) {
	voc, err := codes.Load(ctx, q, institutionID)
	if err != nil {
		return reportFilter{}, err
	}
	askedType, askedRisk := query.Get("type"), query.Get("risk")
	f, keptType, keptRisk := voc.Filter(askedType, askedRisk)
	v := &page.Filter{CodeType: keptType, CodeRisk: keptRisk, Clear: clear}
	v.Types, v.Risks = voc.FilterOptions()
	out := reportFilter{codes: f, view: v, query: url.Values{}}

	var applied []string
	if keptType != "" {
		c, _ := voc.Get(keptType)
		words := i18n.T(ctx, "report.filter.type", "Type", voc.TypeLabel(c))
		if len(voc.Children(c.Code)) > 0 {
			words += " " + i18n.T(ctx, "report.filter.subtypes")
		}
		applied = append(applied, words)
		out.query.Set("type", keptType)
	}
	if keptRisk != "" {
		c, _ := voc.Get(keptRisk)
		applied = append(applied, i18n.T(ctx, "report.filter.risk", "Risk", c.Label))
		out.query.Set("risk", keptRisk)
	}
	v.Applied = joinWords(ctx, applied)
	var ignored []string
	if askedType != "" && keptType == "" {
		ignored = append(ignored, i18n.T(ctx, "report.filter.unknown_type", "Value", fmt.Sprintf("%q", truncate(askedType, 40))))
	}
	if askedRisk != "" && keptRisk == "" {
		ignored = append(ignored, i18n.T(ctx, "report.filter.unknown_risk", "Value", fmt.Sprintf("%q", truncate(askedRisk, 40))))
	}
	if len(ignored) > 0 {
		v.Ignored = i18n.T(ctx, "report.filter.ignored", "Which", capitalise(joinWords(ctx, ignored)))
	}
	return out, nil
}

// with adds the filter to a report's query.
func (f reportFilter) with(q url.Values) url.Values {
	for k, v := range f.query {
		q[k] = v
	}
	return q
}

// yearQuery is academic year y with the filter.
func (f reportFilter) yearQuery(y int) url.Values {
	return f.with(url.Values{"year": {strconv.Itoa(y)}})
}

// scope says which figures a filter narrows, on the page and in the
// workbook.
func (f reportFilter) scope(ctx context.Context, rollup bool) string {
	s := i18n.T(ctx, "report.filter.scope")
	if rollup {
		s += " " + i18n.T(ctx, "report.filter.scope.rollup")
	}
	return s
}

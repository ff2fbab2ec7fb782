package survey

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"

	"belonging/internal/i18n"
	"belonging/internal/store"
	"belonging/web/components"
	page "belonging/web/pages/survey"
)

// ScaleLabels are the five points of the agreement scale, 1 to 5.
var ScaleLabels = []string{"Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"}

// scaleLabelsIn are ScaleLabels in the reader's language.
func scaleLabelsIn(ctx context.Context) []string {
	return []string{i18n.T(ctx, "survey.scale.1"), i18n.T(ctx, "survey.scale.2"), i18n.T(ctx, "survey.scale.3"),
		i18n.T(ctx, "survey.scale.4"), i18n.T(ctx, "survey.scale.5")}
}

// ShownGroups decides which subgroups (years of study) of a survey's
// responses may be shown beside the whole. Every shown figure must rest on
// at least threshold responses, and so must the difference between any shown
// figures: the whole less the shown subgroups (the responses in no shown
// subgroup, including those who gave no year) must be none or at least
// threshold. Otherwise subtracting "year 1" from "all years" would reveal a
// smaller group. When the remainder is too small the smallest subgroup
// joins it, which makes it large enough.
func ShownGroups(total int, groups map[int]int, threshold int) []int {
	if total < threshold {
		return nil
	}
	var shown []int
	rest := total
	for g, n := range groups {
		if n >= threshold {
			shown = append(shown, g)
			rest -= n
		}
	}
	slices.SortFunc(shown, func(a, b int) int {
		if groups[a] != groups[b] {
			return groups[a] - groups[b]
		}
		return a - b
	})
	if rest > 0 && rest < threshold && len(shown) > 0 {
		shown = shown[1:]
	}
	slices.Sort(shown)
	return shown
}

// languageSplit is how many answered in Welsh and in English, or nil
// when that would show a group smaller than threshold: both languages must
// be shown by the rule for years of study (ShownGroups), so neither count,
// nor the responses with no language recorded (the whole less both), rests
// on fewer than threshold.
func languageSplit(total int, by map[string]int, threshold int) *page.LanguageSplit {
	const welsh, english = 1, 2
	if len(ShownGroups(total, map[int]int{welsh: by[i18n.Welsh], english: by[i18n.English]}, threshold)) != 2 {
		return nil
	}
	return &page.LanguageSplit{Welsh: by[i18n.Welsh], English: by[i18n.English]}
}

// distribution is one statement's answers in one group.
type distribution struct {
	counts   [5]int
	answered int
}

func (d distribution) mean() float64 {
	if d.answered == 0 {
		return 0
	}
	sum := 0
	for i, n := range d.counts {
		sum += (i + 1) * n
	}
	return float64(sum) / float64(d.answered)
}

// tally is a survey's answers counted by statement and year of study
// (0: not given), and its responses by the language they were sent in
// ("": not recorded).
type tally struct {
	responses  int
	byYear     map[int]int
	byLanguage map[string]int
	answers    map[int64]map[int]*distribution
}

func (h *Handler) tally(ctx context.Context, surveyID int64) (tally, error) {
	t := tally{byYear: map[int]int{}, byLanguage: map[string]int{}, answers: map[int64]map[int]*distribution{}}
	groups, err := h.Queries.ResponseCounts(ctx, surveyID)
	if err != nil {
		return t, err
	}
	for _, g := range groups {
		t.byYear[yearOf(g.YearOfStudy)] += int(g.Responses)
		if g.Language != nil {
			t.byLanguage[*g.Language] += int(g.Responses)
		}
		t.responses += int(g.Responses)
	}
	counts, err := h.Queries.AnswerCounts(ctx, surveyID)
	if err != nil {
		return t, err
	}
	for _, c := range counts {
		m := t.answers[c.StatementID]
		if m == nil {
			m = map[int]*distribution{}
			t.answers[c.StatementID] = m
		}
		y := yearOf(c.YearOfStudy)
		d := m[y]
		if d == nil {
			d = &distribution{}
			m[y] = d
		}
		d.counts[c.Score-1] += int(c.Answers)
		d.answered += int(c.Answers)
	}
	return t, nil
}

func yearOf(y *int16) int {
	if y == nil {
		return 0
	}
	return int(*y)
}

// statement returns a statement's answers in the group year (0: all), and
// the answered counts by year for the suppression rule.
func (t tally) statement(id int64, year int) (d distribution, total int, byYear map[int]int) {
	byYear = map[int]int{}
	for y, dist := range t.answers[id] {
		total += dist.answered
		if y != 0 {
			byYear[y] = dist.answered
		}
		if year == 0 || y == year {
			for i := range dist.counts {
				d.counts[i] += dist.counts[i]
			}
			d.answered += dist.answered
		}
	}
	return d, total, byYear
}

// results are a closed survey's results for the year of study asked for
// (anything but 1 to 8 means all years), with its free-text answers when
// the reader is its team.
func (h *Handler) results(ctx context.Context, s store.GetSurveyRow, year int, team bool) (page.Results, error) {
	statements, err := h.Queries.ListStatements(ctx, s.InstrumentID)
	if err != nil {
		return page.Results{}, err
	}
	t, err := h.tally(ctx, s.ID)
	if err != nil {
		return page.Results{}, err
	}
	if year < 1 || year > 8 {
		year = 0
	}
	in := resultsInput{id: s.ID, statements: statements, tally: t, year: year, askYear: s.AskYear,
		showComments: team, hasPrompt: s.FreeTextPrompt != "", students: s.Audience != audienceStaff}
	if in.showComments && in.hasPrompt && t.responses >= h.minGroup() && year == 0 {
		if in.comments, err = h.Queries.ListComments(ctx, s.ID); err != nil {
			return page.Results{}, err
		}
	}
	if !s.AskYear {
		in.year = 0
	}
	return buildResults(ctx, in, h.minGroup()), nil
}

// resultsInput is what results are built from.
type resultsInput struct {
	id         int64
	statements []store.ListStatementsRow
	tally      tally
	year       int // the chosen year of study, 0 for all
	askYear    bool
	comments   []string
	// showComments is whether this person may read free text.
	showComments bool
	hasPrompt    bool
	// students is whether students answered (a staff survey keeps no
	// language).
	students bool
}

// buildResults turns counts into what the results page shows, hiding
// every figure that rests on fewer than threshold responses or could be
// subtracted from another shown figure to reveal such a group.
func buildResults(ctx context.Context, in resultsInput, threshold int) page.Results {
	t := in.tally
	res := page.Results{N: t.responses, MinGroup: threshold}
	if t.responses < threshold {
		res.Reason = i18n.N(ctx, "surveyadmin.results.too_few_reason", t.responses, "Min", threshold)
		return res
	}
	var groups map[int]int
	if in.askYear {
		groups = map[int]int{}
		for y, n := range t.byYear {
			if y != 0 {
				groups[y] = n
			}
		}
		shown := ShownGroups(t.responses, groups, threshold)
		res.Filter = page.Filter{Selected: in.year}
		for _, y := range shown {
			res.Filter.Years = append(res.Filter.Years, y)
		}
		hidden := 0
		for y := range groups {
			if !slices.Contains(shown, y) {
				hidden++
			}
		}
		if hidden > 0 || t.byYear[0] > 0 {
			res.Filter.Note = i18n.T(ctx, "surveyadmin.results.filter_note", "Min", threshold)
		}
		if in.year != 0 && !slices.Contains(shown, in.year) {
			res.Reason = i18n.T(ctx, "surveyadmin.results.year_refused", "Year", in.year, "Min", threshold)
			return res
		}
	}
	res.Shown, res.Year = true, in.year
	if in.year == 0 && in.students {
		res.Languages = languageSplit(t.responses, t.byLanguage, threshold)
		res.LanguagesNote = res.Languages == nil
	}
	groupN := t.responses
	if in.year != 0 {
		groupN = t.byYear[in.year]
	}
	res.GroupN = groupN
	chart := components.BarChart{ID: "results-" + strconv.FormatInt(in.id, 10), Series: scaleLabelsIn(ctx), Percent: true, Scale: true,
		Title: i18n.T(ctx, "surveyadmin.results.chart_title")}
	var overall distribution
	suppressed := 0
	for i, st := range in.statements {
		d, total, byYear := t.statement(st.ID, in.year)
		text := inLanguage(ctx, st.Body, st.BodyCy)
		row := page.StatementResult{Number: i + 1, Text: text, Answered: d.answered}
		ok := d.answered >= threshold
		if in.year != 0 {
			ok = ok && slices.Contains(ShownGroups(total, byYear, threshold), in.year)
		}
		if !ok {
			suppressed++
			res.Statements = append(res.Statements, row)
			continue
		}
		row.Shown = true
		for k, n := range d.counts {
			row.Counts[k] = n
			row.Percents[k] = int(math.Round(100 * float64(n) / float64(d.answered)))
			overall.counts[k] += n
		}
		overall.answered += d.answered
		row.Mean = fmt.Sprintf("%.1f", d.mean())
		row.Agree = row.Percents[3] + row.Percents[4]
		res.Statements = append(res.Statements, row)
		values := make([]float64, 5)
		for k, n := range d.counts {
			values[k] = float64(n)
		}
		chart.Groups = append(chart.Groups, components.BarGroup{Label: strconv.Itoa(i+1) + ". " + text, Bars: []components.Bar{{Values: values}}})
	}
	if suppressed > 0 {
		res.StatementNote = i18n.N(ctx, "surveyadmin.results.statements_hidden", suppressed, "Min", threshold)
	}
	if overall.answered > 0 {
		res.Mean = fmt.Sprintf("%.1f", overall.mean())
	}
	chart.Summary = i18n.T(ctx, "surveyadmin.results.chart_summary", "N", groupN)
	if in.year != 0 {
		chart.Summary = i18n.T(ctx, "surveyadmin.results.chart_summary_year", "N", groupN, "Year", in.year)
	}
	if len(chart.Groups) > 0 {
		res.Chart = chart
	}
	// Free text only for the whole group: listed beside a year's
	// comments, the rest would be the other years' comments.
	if in.hasPrompt && in.year == 0 {
		switch {
		case !in.showComments:
			res.CommentsNote = i18n.T(ctx, "surveyadmin.results.comments_team")
		default:
			res.ShowComments = true
			res.Comments = in.comments
		}
	}
	return res
}

// compare builds a closed pair's comparison.
func (h *Handler) compare(ctx context.Context, pre, post store.GetSurveyRow) (page.Comparison, error) {
	preScores, err := h.Queries.ResponseScores(ctx, pre.ID)
	if err != nil {
		return page.Comparison{}, err
	}
	postScores, err := h.Queries.ResponseScores(ctx, post.ID)
	if err != nil {
		return page.Comparison{}, err
	}
	statements, err := h.Queries.ListStatements(ctx, post.InstrumentID)
	if err != nil {
		return page.Comparison{}, err
	}
	preT, err := h.tally(ctx, pre.ID)
	if err != nil {
		return page.Comparison{}, err
	}
	postT, err := h.tally(ctx, post.ID)
	if err != nil {
		return page.Comparison{}, err
	}
	return comparison(ctx, preScores, postScores, statements, preT, postT, h.minGroup(), post.ID), nil
}

// comparison builds the before-and-after view of a pair: the overall
// scale score compared as two independent groups, and each statement's
// mean before and after. It needs both surveys to have at least threshold
// responses; a statement is compared only where both groups answered it
// at least threshold times.
func comparison(ctx context.Context, pre, post []float64, statements []store.ListStatementsRow, preT, postT tally, threshold int, id int64) page.Comparison {
	v := page.Comparison{PreN: len(pre), PostN: len(post), MinGroup: threshold}
	if len(pre) < threshold || len(post) < threshold {
		v.Reason = i18n.T(ctx, "surveyadmin.compare.reason_few", "Min", strconv.Itoa(threshold), "Pre", strconv.Itoa(len(pre)), "Post", strconv.Itoa(len(post)))
		return v
	}
	c := Compare(Summarise(pre), Summarise(post))
	v.Shown = true
	v.PreMean, v.PostMean = fmt.Sprintf("%.1f", c.Pre.Mean), fmt.Sprintf("%.1f", c.Post.Mean)
	v.Diff, v.Low, v.High = Signed(c.Diff), Signed(c.Low), Signed(c.High)
	v.Sentence = c.SentenceIn(ctx)
	if c.DOK {
		v.Effect = i18n.T(ctx, "surveyadmin.compare.effect_value", "D", fmt.Sprintf("%.2f", c.D), "Word", effectWordIn(ctx, c.D))
	}
	v.Method = i18n.T(ctx, "surveyadmin.compare.method", "DF", fmt.Sprintf("%.1f", c.DF))
	chart := components.BarChart{ID: "compare-" + strconv.FormatInt(id, 10), Series: scaleLabelsIn(ctx), Percent: true, Scale: true,
		Title: i18n.T(ctx, "surveyadmin.compare.chart_title")}
	for i, st := range statements {
		a, _, _ := preT.statement(st.ID, 0)
		b, _, _ := postT.statement(st.ID, 0)
		text := inLanguage(ctx, st.Body, st.BodyCy)
		row := page.CompareRow{Number: i + 1, Text: text}
		if a.answered >= threshold && b.answered >= threshold {
			row.Shown = true
			row.Pre, row.Post, row.Diff = fmt.Sprintf("%.1f", a.mean()), fmt.Sprintf("%.1f", b.mean()), Signed(b.mean()-a.mean())
			bars := []components.Bar{{Label: i18n.T(ctx, "surveyadmin.compare.before"), Values: floats(a.counts)}, {Label: i18n.T(ctx, "surveyadmin.compare.after"), Values: floats(b.counts)}}
			chart.Groups = append(chart.Groups, components.BarGroup{Label: strconv.Itoa(i+1) + ". " + text, Bars: bars})
		}
		v.Rows = append(v.Rows, row)
	}
	chart.Summary = i18n.T(ctx, "surveyadmin.compare.chart_summary", "Pre", strconv.Itoa(len(pre)), "Post", strconv.Itoa(len(post)))
	v.Chart = chart
	return v
}

func floats(c [5]int) []float64 {
	out := make([]float64, len(c))
	for i, n := range c {
		out[i] = float64(n)
	}
	return out
}

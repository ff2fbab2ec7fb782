package activity

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"belonging/internal/acyear"
	"belonging/internal/codes"
	"belonging/internal/httpx/form"
	"belonging/internal/i18n"
	"belonging/internal/store"
	"belonging/internal/vocab"
	"belonging/web/components"
	page "belonging/web/pages/activity"
)

// activityInput is a validated activity form.
type activityInput struct {
	ModuleID       *int64
	AcademicYear   int
	Title          string
	Kind           string
	Stage          string
	Dimensions     []string
	Placement      string
	Level          string
	Checklist      vocab.Inclusivity
	Partnership    string
	PartnershipHow string
	Aims           string
	Toc            [6]string
	LeadID         *int64
	TeamIDs        []int64
	OtherTeam      string
	FundingSource  string
	BudgetPence    *int64
	AudienceLevel  string
	AudienceYear   *int32
	CohortSize     *int32
	Status         string
	// Codes are the evaluation codes chosen (internal/codes).
	Codes []string
}

// fields lists the input for the audit log.
func (in activityInput) fields() map[string]any {
	m := map[string]any{
		"title": in.Title, "kind": in.Kind, "stage": in.Stage, "dimensions": strings.Join(in.Dimensions, ";"),
		"placement": in.Placement, "level": in.Level, "partnership": in.Partnership, "partnership_how": in.PartnershipHow,
		"aims": in.Aims, "academic_year": in.AcademicYear, "status": in.Status, "audience_level": in.AudienceLevel,
		"other_team": in.OtherTeam, "funding_source": in.FundingSource, "module_id": deref(in.ModuleID), "lead_id": deref(in.LeadID),
		"budget_pence": deref(in.BudgetPence), "audience_year": deref32(in.AudienceYear), "cohort_size": deref32(in.CohortSize),
		"team": fmt.Sprint(in.TeamIDs), "codes": codes.Joined(in.Codes),
	}
	for i, name := range tocNames {
		m[name] = in.Toc[i]
	}
	for _, c := range vocab.Checklist {
		m[c.Value] = in.Checklist.Has(c.Value)
	}
	return m
}

func deref(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

func deref32(p *int32) any {
	if p == nil {
		return nil
	}
	return int64(*p)
}

var tocNames = []string{"toc_inputs", "toc_activities", "toc_outputs", "toc_outcomes", "toc_impact", "toc_assumptions"}

var tocLabels = []string{"Inputs", "Activities", "Outputs", "Outcomes", "Impact", "Assumptions"}

// tocLabel is the name of the i-th part of the theory of change (in the
// order of tocLabels) in the reader's language.
func tocLabel(ctx context.Context, i int) string {
	return [...]string{i18n.T(ctx, "activity.toc.inputs"), i18n.T(ctx, "activity.toc.activities"), i18n.T(ctx, "activity.toc.outputs"),
		i18n.T(ctx, "activity.toc.outcomes"), i18n.T(ctx, "activity.toc.impact"), i18n.T(ctx, "activity.toc.assumptions")}[i]
}

// formChoices are the lists the form offers, which validation checks
// against: the programme's modules and the institution's people.
type formChoices struct {
	modules     []store.ProgrammeModuleOptionsRow
	people      []store.ListPeopleOptionsRow
	years       []int
	onlyModules []int64 // when set, the only modules the person may choose
	// moduleRequired means the activity must be on one of those modules.
	moduleRequired bool
	// codes is the institution's evaluation vocabulary.
	codes codes.Vocabulary
}

func (h *Handler) choices(ctx context.Context, institutionID, programmeID int64, current int, only []int64) (formChoices, error) {
	mods, err := h.Queries.ProgrammeModuleOptions(ctx, store.ProgrammeModuleOptionsParams{InstitutionID: institutionID, ProgrammeID: programmeID})
	if err != nil {
		return formChoices{}, err
	}
	people, err := h.Queries.ListPeopleOptions(ctx, &institutionID)
	if err != nil {
		return formChoices{}, err
	}
	voc, err := codes.Load(ctx, h.Queries, institutionID)
	if err != nil {
		return formChoices{}, err
	}
	c := formChoices{people: people, years: []int{current - 1, current, current + 1, current + 2}, onlyModules: only, moduleRequired: len(only) > 0,
		codes: voc}
	for _, m := range mods {
		if only == nil || slices.Contains(only, m.ID) {
			c.modules = append(c.modules, m)
		}
	}
	return c, nil
}

// fill puts the choices into the form's lists.
func (c formChoices) fill(ctx context.Context, v *page.ActivityForm) {
	v.Modules, v.People, v.YearOpts = nil, nil, nil
	for _, m := range c.modules {
		v.Modules = append(v.Modules, components.Option{Value: strconv.FormatInt(m.ID, 10), Label: m.Code + " " + m.Title})
	}
	for _, p := range c.people {
		v.People = append(v.People, components.Option{Value: strconv.FormatInt(p.ID, 10), Label: p.Name})
	}
	for _, y := range c.years {
		v.YearOpts = append(v.YearOpts, components.Option{Value: strconv.Itoa(y), Label: acyear.Label(y)})
	}
	v.ModuleLocked = c.moduleRequired
	v.Codes = c.codes.Section(ctx, v.Codes.Chosen, v.Kind)
}

// readActivity validates the activity form. Every choice is checked
// against its list; a value that is not offered is a field error.
func readActivity(ctx context.Context, vals form.Values, c formChoices, v *page.ActivityForm) activityInput {
	v.Title, v.ModuleID, v.AcademicYear = vals.Text("title"), vals.Text("module"), vals.Text("academic_year")
	v.Kind, v.Stage, v.Placement, v.Level = vals.Text("kind"), vals.Text("stage"), vals.Text("placement"), vals.Text("level")
	v.Dimensions, v.Checklist = vals.List("dimensions"), vals.List("checklist")
	v.Partnership, v.PartnershipHow, v.Aims = vals.Text("partnership"), vals.Text("partnership_how"), vals.Text("aims")
	v.TocInputs, v.TocActivities, v.TocOutputs = vals.Text("toc_inputs"), vals.Text("toc_activities"), vals.Text("toc_outputs")
	v.TocOutcomes, v.TocImpact, v.TocAssumptions = vals.Text("toc_outcomes"), vals.Text("toc_impact"), vals.Text("toc_assumptions")
	v.LeadID, v.TeamIDs, v.OtherTeam = vals.Text("lead"), vals.List("team"), vals.Text("other_team")
	v.FundingSource, v.Budget = vals.Text("funding_source"), vals.Text("budget")
	v.AudienceLevel, v.AudienceYear, v.CohortSize = vals.Text("audience_level"), vals.Text("audience_year"), vals.Text("cohort_size")
	v.Status, v.Version = vals.Text("status"), vals.Text("version")

	in := activityInput{Title: v.Title, Kind: v.Kind, Stage: v.Stage, Placement: v.Placement, Level: v.Level,
		Partnership: v.Partnership, PartnershipHow: v.PartnershipHow, Aims: v.Aims, OtherTeam: v.OtherTeam,
		FundingSource: v.FundingSource, AudienceLevel: v.AudienceLevel, Status: v.Status}
	in.Toc = [6]string{v.TocInputs, v.TocActivities, v.TocOutputs, v.TocOutcomes, v.TocImpact, v.TocAssumptions}

	// The checks run in the order of the fields on the page, so the error
	// summary reads from top to bottom.
	v.Check(v.Title != "", "title", i18n.T(ctx, "activity.error.title"))
	v.Check(form.MaxLength(v.Title, 200), "title", i18n.T(ctx, "activity.error.title.long"))
	v.Check(vocab.Kinds.Has(v.Kind), "kind", i18n.T(ctx, "activity.error.kind"))
	if v.ModuleID != "" {
		id, _ := strconv.ParseInt(v.ModuleID, 10, 64)
		if slices.ContainsFunc(c.modules, func(m store.ProgrammeModuleOptionsRow) bool { return m.ID == id }) {
			in.ModuleID = &id
		} else {
			v.Add("module", i18n.T(ctx, "activity.error.module"))
		}
	} else if c.moduleRequired {
		v.Add("module", i18n.T(ctx, "activity.error.module.required"))
	}
	if y, ok := form.Int(v.AcademicYear); ok && slices.Contains(c.years, y) {
		in.AcademicYear = y
	} else {
		v.Add("academic_year", i18n.T(ctx, "activity.error.year"))
	}
	v.Check(vocab.Statuses.Has(v.Status), "status", i18n.T(ctx, "activity.error.status"))

	v.Check(vocab.Stages.Has(v.Stage), "stage", i18n.T(ctx, "activity.error.stage"))
	v.Check(vocab.Placements.Has(v.Placement), "placement", i18n.T(ctx, "activity.error.placement"))
	v.Check(vocab.Levels.Has(v.Level), "level", i18n.T(ctx, "activity.error.level"))
	if len(v.Dimensions) == 0 {
		v.Add("dimensions", i18n.T(ctx, "activity.error.dimensions"))
	}
	for _, d := range v.Dimensions {
		if !vocab.Dimensions.Has(d) {
			v.Add("dimensions", i18n.T(ctx, "activity.error.dimensions.list"))
			break
		}
	}
	in.Dimensions = orderedLike(vocab.Dimensions, v.Dimensions)

	v.Check(vocab.AudienceLevels.Has(v.AudienceLevel), "audience_level", i18n.T(ctx, "activity.error.audience_level"))
	in.AudienceYear = optionalNumber(&v.Errors, "audience_year", v.AudienceYear, 1, 8, i18n.T(ctx, "activity.error.audience_year"))
	in.CohortSize = optionalNumber(&v.Errors, "cohort_size", v.CohortSize, 0, 100000, i18n.T(ctx, "activity.error.cohort_size"))

	for _, item := range v.Checklist {
		if !vocab.Checklist.Has(item) {
			v.Add("checklist", i18n.T(ctx, "activity.error.checklist"))
			break
		}
	}
	in.Checklist = vocab.InclusivityOf(v.Checklist)

	v.Check(vocab.Partnerships.Has(v.Partnership), "partnership", i18n.T(ctx, "activity.error.partnership"))
	for _, f := range []struct{ field, text string }{
		{"partnership_how", v.PartnershipHow}, {"aims", v.Aims}, {"toc_inputs", v.TocInputs}, {"toc_activities", v.TocActivities},
		{"toc_outputs", v.TocOutputs}, {"toc_outcomes", v.TocOutcomes}, {"toc_impact", v.TocImpact}, {"toc_assumptions", v.TocAssumptions},
	} {
		v.Check(form.MaxLength(f.text, 4000), f.field, i18n.T(ctx, "activity.error.long4000"))
	}

	isPerson := func(s string) (int64, bool) {
		id, _ := strconv.ParseInt(s, 10, 64)
		return id, slices.ContainsFunc(c.people, func(p store.ListPeopleOptionsRow) bool { return p.ID == id })
	}
	if v.LeadID != "" {
		if id, ok := isPerson(v.LeadID); ok {
			in.LeadID = &id
		} else {
			v.Add("lead", i18n.T(ctx, "activity.error.lead"))
		}
	}
	for _, s := range v.TeamIDs {
		id, ok := isPerson(s)
		if !ok {
			v.Add("team", i18n.T(ctx, "activity.error.team"))
			break
		}
		if !slices.Contains(in.TeamIDs, id) {
			in.TeamIDs = append(in.TeamIDs, id)
		}
	}
	v.Check(form.MaxLength(v.OtherTeam, 1000), "other_team", i18n.T(ctx, "activity.error.long1000"))
	v.Check(form.MaxLength(v.FundingSource, 200), "funding_source", i18n.T(ctx, "activity.error.funding"))
	if v.Budget != "" {
		if pence, ok := parsePounds(v.Budget); ok {
			in.BudgetPence = &pence
		} else {
			v.Add("budget", i18n.T(ctx, "activity.error.budget"))
		}
	}
	in.Codes = codes.Read(ctx, vals, c.codes, &v.Codes.Chosen, &v.Errors)
	return in
}

// optionalNumber reads an optional whole number from lo to hi: nil when
// text is empty, and message at field when it is not such a number.
func optionalNumber(e *form.Errors, field, text string, lo, hi int, message string) *int32 {
	if text == "" {
		return nil
	}
	n, ok := form.Int(text)
	if !ok || n < lo || n > hi {
		e.Add(field, message)
		return nil
	}
	n32 := int32(n)
	return &n32
}

// orderedLike returns the chosen values in the vocabulary's order.
func orderedLike(l vocab.List, chosen []string) []string {
	var out []string
	for _, t := range l {
		if slices.Contains(chosen, t.Value) {
			out = append(out, t.Value)
		}
	}
	return out
}

var poundsPattern = regexp.MustCompile(`^£?\s*(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$`)

// parsePounds reads an amount of money such as "250", "£1,250.50".
func parsePounds(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if !poundsPattern.MatchString(s) {
		return 0, false
	}
	s = strings.NewReplacer("£", "", ",", "", " ", "").Replace(s)
	whole, frac, _ := strings.Cut(s, ".")
	pounds, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || pounds > 1_000_000_000 {
		return 0, false
	}
	for len(frac) < 2 {
		frac += "0"
	}
	pence, _ := strconv.ParseInt(frac, 10, 64)
	return pounds*100 + pence, true
}

// formatPounds writes pence as "£1,250.50".
func formatPounds(pence int64) string {
	pounds, rem := pence/100, pence%100
	digits := strconv.FormatInt(pounds, 10)
	var b strings.Builder
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if rem == 0 {
		return "£" + b.String()
	}
	return fmt.Sprintf("£%s.%02d", b.String(), rem)
}

// sessionInput is one or more validated sessions.
type sessionInput struct {
	Dates []time.Time
	// Times holds each date's start and end, in step with Dates: the
	// form's, or a listed date's own.
	Times     [][2]pgtype.Time
	Start     pgtype.Time
	End       pgtype.Time
	Location  string
	OnlineURL string
}

// readSessions validates the session fields: dates inside the activity's
// academic year, an end after the start, an http(s) link, and for a weekly
// series the number of weeks and the dates to skip. required says whether
// a date must be given (it may be left empty when adding an activity).
func readSessions(ctx context.Context, vals form.Values, year, startMonth int, repeat, required bool, s *page.SessionForm) (sessionInput, bool) {
	s.Date, s.Start, s.End = vals.Text("session_date"), vals.Text("start_time"), vals.Text("end_time")
	s.Location, s.OnlineURL = vals.Text("location"), vals.Text("online_url")
	s.Weeks, s.Skip = vals.Text("weeks"), vals.Text("skip")
	if repeat {
		s.MoreDates = vals.Text("more_dates")
	}
	var in sessionInput
	if !required && s.Date == "" && s.Start == "" && s.End == "" && s.Location == "" && s.OnlineURL == "" && s.Weeks == "" && s.Skip == "" && s.MoreDates == "" {
		return in, false
	}
	first, ok := acyear.ParseDate(s.Date)
	if ok {
		// A date typed where a browser has no picker shows in one again.
		s.Date = first.Format("2006-01-02")
	}
	if s.Date == "" && s.MoreDates != "" {
		// The list alone gives the dates.
	} else if s.Date == "" {
		s.Add("session_date", i18n.T(ctx, "activity.error.date"))
	} else if !ok {
		s.Add("session_date", i18n.T(ctx, "activity.error.date.real"))
	} else if !acyear.Contains(year, startMonth, first) {
		s.Add("session_date", i18n.T(ctx, "activity.error.date.year", "Year", acyear.Label(year)))
	}
	if s.Start != "" {
		if t, ok := parseClock(s.Start); ok {
			in.Start = t
		} else {
			s.Add("start_time", i18n.T(ctx, "activity.error.start"))
		}
	}
	if s.End != "" {
		t, ok := parseClock(s.End)
		switch {
		case !ok:
			s.Add("end_time", i18n.T(ctx, "activity.error.end"))
		case !in.Start.Valid && s.Start == "":
			s.Add("end_time", i18n.T(ctx, "activity.error.end.without_start"))
		case in.Start.Valid && t.Microseconds <= in.Start.Microseconds:
			s.Add("end_time", i18n.T(ctx, "activity.error.end.before_start"))
		default:
			in.End = t
		}
	}
	in.Location = s.Location
	s.Check(form.MaxLength(s.Location, 200), "location", i18n.T(ctx, "activity.error.location"))
	if s.OnlineURL != "" {
		u, err := url.Parse(s.OnlineURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(s.OnlineURL) > 500 {
			s.Add("online_url", i18n.T(ctx, "activity.error.online"))
		} else {
			in.OnlineURL = s.OnlineURL
		}
	}
	weeks := 1
	if repeat && s.Weeks != "" {
		n, ok := form.Int(s.Weeks)
		if !ok || n < 1 || n > 52 {
			s.Add("weeks", i18n.T(ctx, "activity.error.weeks"))
		} else {
			weeks = n
		}
	}
	skip := map[string]bool{}
	if repeat && s.Skip != "" {
		for _, field := range strings.FieldsFunc(s.Skip, func(r rune) bool { return r == '\n' || r == ',' || r == ';' || r == '\r' || r == ' ' }) {
			d, err := time.Parse("2006-01-02", field)
			if err != nil {
				s.Add("skip", i18n.T(ctx, "activity.error.skip", "Text", field))
				break
			}
			skip[d.Format("2006-01-02")] = true
		}
	}
	listed := readDateList(ctx, s.MoreDates, year, startMonth, s)
	if !s.Valid() {
		return in, false
	}
	for i := 0; i < weeks && s.Date != ""; i++ {
		d := first.AddDate(0, 0, 7*i)
		if skip[d.Format("2006-01-02")] {
			continue
		}
		if !acyear.Contains(year, startMonth, d) {
			s.Add("weeks", i18n.T(ctx, "activity.error.weeks.outside", "Number", i+1, "Day", i18n.LongDate(ctx, d), "Year", acyear.Label(year)))
			return in, false
		}
		in.Dates = append(in.Dates, d)
		in.Times = append(in.Times, [2]pgtype.Time{in.Start, in.End})
	}
	if len(in.Dates) == 0 && s.Date != "" {
		s.Add("skip", i18n.T(ctx, "activity.error.skip.all"))
		return in, false
	}
	for _, l := range listed {
		in.Dates = append(in.Dates, l.date)
		if l.start.Valid {
			in.Times = append(in.Times, [2]pgtype.Time{l.start, l.end})
		} else {
			in.Times = append(in.Times, [2]pgtype.Time{in.Start, in.End})
		}
	}
	// In date order, so the first and last are the series' ends.
	order := make([]int, len(in.Dates))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return in.Dates[order[i]].Before(in.Dates[order[j]]) })
	dates, times := make([]time.Time, len(order)), make([][2]pgtype.Time, len(order))
	for i, k := range order {
		dates[i], times[i] = in.Dates[k], in.Times[k]
	}
	in.Dates, in.Times = dates, times
	return in, true
}

// listedDate is one line of the list of further dates.
type listedDate struct {
	date       time.Time
	start, end pgtype.Time // not Valid: the form's times
}

// readDateList reads the list of further dates: one a line, each a date
// with, if it differs from the form's, its own start or start-end time
// ("2026-09-22 14:00-16:00"). A line with a problem is an error at the
// list, naming the line.
func readDateList(ctx context.Context, text string, year, startMonth int, s *page.SessionForm) []listedDate {
	var out []listedDate
	lines := strings.Split(strings.ReplaceAll(text, "\r", ""), "\n")
	if len(lines) > 60 {
		s.Add("more_dates", i18n.T(ctx, "activity.error.more_dates.many"))
		return nil
	}
	for i, line := range lines {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		problem := func(msg string) {
			s.Add("more_dates", i18n.T(ctx, "activity.error.more_dates.at", "Line", i+1, "Problem", msg))
		}
		d, err := time.Parse("2006-01-02", fields[0])
		switch {
		case err != nil || len(fields) > 2:
			problem(i18n.T(ctx, "activity.error.more_dates.line"))
			return nil
		case !acyear.Contains(year, startMonth, d):
			problem(i18n.T(ctx, "activity.error.more_dates.outside", "Day", i18n.LongDate(ctx, d), "Year", acyear.Label(year)))
			return nil
		}
		l := listedDate{date: d}
		if len(fields) == 2 {
			from, to, ranged := strings.Cut(fields[1], "-")
			start, ok := parseClock(from)
			end, endOK := parseClock(to)
			switch {
			case !ok || (ranged && !endOK):
				problem(i18n.T(ctx, "activity.error.more_dates.times"))
				return nil
			case ranged && end.Microseconds <= start.Microseconds:
				problem(i18n.T(ctx, "activity.error.more_dates.end"))
				return nil
			}
			l.start = start
			if ranged {
				l.end = end
			}
		}
		out = append(out, l)
	}
	return out
}

func parseClock(s string) (pgtype.Time, bool) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return pgtype.Time{}, false
	}
	return pgtype.Time{Microseconds: int64(t.Hour()*3600+t.Minute()*60) * 1e6, Valid: true}, true
}

func clock(t pgtype.Time) string {
	if !t.Valid {
		return ""
	}
	mins := t.Microseconds / 60e6
	return fmt.Sprintf("%02d:%02d", mins/60, mins%60)
}

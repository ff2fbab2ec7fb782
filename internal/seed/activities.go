package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// demoActivity is one activity of the demo plans, with sessions given as
// dates relative to the academic year it is planned in.
type demoActivity struct {
	institution, programme, module string
	yearOffset                     int // 0: the current academic year; -1: last year
	title, kind, stage             string
	dimensions                     []string
	placement, level, status       string
	checklist                      []string
	partnership, partnershipHow    string
	aims                           string
	toc                            [6]string
	lead                           string // email
	team                           []string
	funding                        string
	budgetPence                    int64
	audienceYear                   int
	cohort                         int
	sessions                       func(y int) []demoSession
}

type demoSession struct {
	date       time.Time
	start, end string
	location   string
}

func monday(year int, month time.Month, nth int) time.Time {
	d := time.Date(year, month, 1, 0, 0, 0, 0, time.UTC)
	for d.Weekday() != time.Monday {
		d = d.AddDate(0, 0, 1)
	}
	return d.AddDate(0, 0, 7*(nth-1))
}

func weekly(first time.Time, weeks int, start, end, where string, skip ...time.Time) []demoSession {
	var out []demoSession
	for i := 0; i < weeks; i++ {
		d := first.AddDate(0, 0, 7*i)
		skipped := false
		for _, s := range skip {
			skipped = skipped || s.Equal(d)
		}
		if !skipped {
			out = append(out, demoSession{d, start, end, where})
		}
	}
	return out
}

var demoActivities = []demoActivity{
	{
		institution: "northbridge", programme: "C100", title: "Meet the Researcher: welcome week lab tours",
		kind: "meet_researcher", stage: "welcome_week", dimensions: []string{"staff", "confidence", "mattering"},
		placement: "curricular", level: "programme", status: "completed",
		checklist:   []string{"in_timetabled_hours", "free_to_students", "accessible", "suits_commuters_carers", "alcohol_free"},
		partnership: "with", partnershipHow: "Final-year project students host each lab and talk about their own research.",
		aims: "New students meet the people behind their lectures in their first week, see where research happens, and start to feel they belong in the school.",
		toc: [6]string{"Six research groups give an hour each; final-year hosts; timetabled slot in welcome week.",
			"Small-group tours of six labs, with a ten-minute talk from a researcher and questions.",
			"Every first-year student visits three labs; attendance recorded per group.",
			"Students know at least one member of staff by name and feel able to approach them.",
			"Higher continuation into year 2 and more students choosing research projects.",
			"Students attend welcome week in person; researchers are available that week."},
		lead: "director@northbridge.ac.uk", team: []string{"j.nowak@northbridge.ac.uk"}, funding: "School student experience fund", budgetPence: 30000,
		audienceYear: 1, cohort: 180,
		sessions: func(y int) []demoSession {
			d := monday(y, time.September, 4)
			return []demoSession{{d.AddDate(0, 0, 1), "10:00", "12:00", "Life Sciences Building foyer"}, {d.AddDate(0, 0, 3), "14:00", "16:00", "Life Sciences Building foyer"}}
		},
	},
	{
		institution: "northbridge", programme: "C100", module: "BIO1001", title: "Coffee mornings before Monday's Cell Biology lecture",
		kind: "social", stage: "term_1", dimensions: []string{"peers", "staff", "wellbeing"},
		placement: "curricular", level: "module", status: "running",
		checklist:   []string{"in_timetabled_hours", "free_to_students", "accessible", "suits_commuters_carers", "alcohol_free", "dietary_needs_met"},
		partnership: "with", partnershipHow: "Course representatives choose a question for each week's table talk.",
		aims: "Give students who travel in for the 10am lecture a reason to arrive early and talk to each other and to staff, without staying late.",
		toc: [6]string{"Coffee and pastries (£40 a week); lecturer and a GTA arrive 45 minutes early.",
			"Informal coffee in the lecture theatre foyer before the Monday lecture, with a table-talk question.",
			"Ten mornings in term 1; numbers counted each week.",
			"Students, including commuters, make friends on the course and talk to staff.",
			"Better sense of belonging and attendance in year 1.",
			"The timetabled lecture is well attended; the foyer is free before 10am."},
		lead: "leader@northbridge.ac.uk", team: []string{"member@northbridge.ac.uk"}, funding: "Module budget", budgetPence: 40000,
		audienceYear: 1, cohort: 180,
		sessions: func(y int) []demoSession {
			first := monday(y, time.October, 1)
			return weekly(first, 11, "09:15", "09:50", "Lecture Theatre B foyer", first.AddDate(0, 0, 35))
		},
	},
	{
		institution: "northbridge", programme: "C100", title: "Pizza evenings for first years",
		kind: "social", stage: "term_1", dimensions: []string{"peers", "wellbeing"},
		placement: "co_curricular", level: "programme", status: "running",
		checklist:   []string{"free_to_students", "accessible", "alcohol_free", "dietary_needs_met"},
		partnership: "by", partnershipHow: "Run by the BioSoc committee with school funding.",
		aims: "A relaxed evening for first years to meet outside lectures.",
		lead: "member@northbridge.ac.uk", funding: "School student experience fund", budgetPence: 60000, audienceYear: 1, cohort: 180,
		sessions: func(y int) []demoSession {
			return []demoSession{
				{monday(y, time.October, 2).AddDate(0, 0, 3), "17:30", "19:00", "Student Union, Room 2"},
				{monday(y, time.November, 2).AddDate(0, 0, 3), "17:30", "19:00", "Student Union, Room 2"},
				{monday(y, time.December, 1).AddDate(0, 0, 3), "17:30", "19:00", "Student Union, Room 2"},
			}
		},
	},
	{
		institution: "northbridge", programme: "C100", module: "BIO1010", title: "Extended induction: study skills tutorials through terms 1 and 2",
		kind: "extended_induction", stage: "term_1", dimensions: []string{"confidence", "peers", "staff"},
		placement: "curricular", level: "module", status: "running",
		checklist:   []string{"in_timetabled_hours", "free_to_students", "accessible", "suits_commuters_carers", "alcohol_free", "online_option"},
		partnership: "for",
		aims:        "Carry induction on past welcome week: fortnightly small-group tutorials on studying at university, with the same tutor all year.",
		toc: [6]string{"Personal tutors; timetabled tutorial slots in BIO1010.", "Fortnightly tutorials of eight students on reading, writing and exams.",
			"Eight tutorials in terms 1 and 2.", "Students feel confident about assessment and know their tutor.", "Fewer students failing first-year assessments.", ""},
		lead: "f.macleod@northbridge.ac.uk", audienceYear: 1, cohort: 180,
		sessions: func(y int) []demoSession {
			var out []demoSession
			first := monday(y, time.October, 1).AddDate(0, 0, 2)
			out = append(out, weekly(first, 5, "13:00", "14:00", "Teaching Hub 1.04")...)
			for i := range out {
				out[i].date = first.AddDate(0, 0, 14*i)
			}
			term2 := monday(y+1, time.January, 2).AddDate(0, 0, 2)
			for i := 0; i < 4; i++ {
				out = append(out, demoSession{term2.AddDate(0, 0, 14*i), "13:00", "14:00", "Teaching Hub 1.04"})
			}
			return out
		},
	},
	{
		institution: "northbridge", programme: "C100", title: "Transition mentors for students going into year 2",
		kind: "mentoring", stage: "transition", dimensions: []string{"peers", "confidence", "voice"},
		placement: "co_curricular", level: "programme", status: "planned",
		checklist:   []string{"free_to_students", "online_option", "suits_commuters_carers", "alcohol_free"},
		partnership: "by", partnershipHow: "Second-year mentors are trained and paid as student ambassadors.",
		aims: "First years hear from second years what changes in year 2 and how to prepare over the summer.",
		lead: "r.osei@northbridge.ac.uk", funding: "Widening participation fund", budgetPence: 120000, audienceYear: 1, cohort: 180,
		sessions: func(y int) []demoSession {
			return []demoSession{{monday(y+1, time.May, 2).AddDate(0, 0, 1), "12:00", "13:00", "Online"}, {monday(y+1, time.June, 1).AddDate(0, 0, 1), "12:00", "13:00", "Online"}}
		},
	},
	{
		institution: "northbridge", programme: "C100", module: "BIO3099", title: "Undergraduate research conference",
		kind: "research_conference", stage: "final_year", dimensions: []string{"confidence", "mattering", "voice", "staff"},
		placement: "curricular", level: "programme", status: "planned",
		checklist:   []string{"in_timetabled_hours", "free_to_students", "accessible", "suits_commuters_carers", "alcohol_free", "dietary_needs_met"},
		partnership: "with", partnershipHow: "A student committee chooses the themes and chairs the sessions.",
		aims: "Final-year students present their project research to first and second years and staff, as researchers in their own right.",
		lead: "director@northbridge.ac.uk", funding: "School research fund", budgetPence: 150000, audienceYear: 3, cohort: 170,
		sessions: func(y int) []demoSession {
			return []demoSession{{monday(y+1, time.April, 4).AddDate(0, 0, 2), "09:30", "16:30", "Great Hall"}}
		},
	},
	{
		institution: "northbridge", programme: "C100", title: "Lunch club for commuting students",
		kind: "social", stage: "term_2", dimensions: []string{"peers", "inclusion"},
		placement: "curricular", level: "programme", status: "idea",
		checklist: []string{"in_timetabled_hours", "free_to_students", "suits_commuters_carers", "alcohol_free"},
		aims:      "A weekly lunch in the timetabled gap on Wednesdays for students who live at home.",
		lead:      "director@northbridge.ac.uk", audienceYear: 1,
	},
	{
		institution: "northbridge", programme: "C100", yearOffset: -1, title: "Meet the Researcher: welcome week lab tours",
		kind: "meet_researcher", stage: "welcome_week", dimensions: []string{"staff", "confidence"},
		placement: "curricular", level: "programme", status: "evaluated",
		checklist: []string{"in_timetabled_hours", "free_to_students", "accessible", "alcohol_free"},
		aims:      "New students meet researchers in their first week.",
		lead:      "director@northbridge.ac.uk", audienceYear: 1, cohort: 175,
		sessions: func(y int) []demoSession {
			return []demoSession{{monday(y, time.September, 4).AddDate(0, 0, 1), "10:00", "12:00", "Life Sciences Building foyer"}}
		},
	},
	{
		institution: "northbridge", programme: "C100", module: "BIO1001", yearOffset: -1, title: "Coffee mornings before Monday's Cell Biology lecture",
		kind: "social", stage: "term_1", dimensions: []string{"peers", "staff"},
		placement: "curricular", level: "module", status: "evaluated",
		checklist: []string{"in_timetabled_hours", "free_to_students", "accessible", "suits_commuters_carers", "alcohol_free"},
		aims:      "Students who travel in arrive early and talk to each other and to staff.",
		lead:      "leader@northbridge.ac.uk", audienceYear: 1, cohort: 175,
		sessions: func(y int) []demoSession {
			return weekly(monday(y, time.October, 1), 10, "09:15", "09:50", "Lecture Theatre B foyer")
		},
	},
	// Last year's plan ran to the end: every kind the demo shows has a
	// complete chain there (sessions, outcomes, evidence, a case study),
	// whatever day the demo is loaded, since last year has always ended.
	{
		institution: "northbridge", programme: "C100", yearOffset: -1, title: "Induction day for new Biosciences students",
		kind: "induction", stage: "welcome_week", dimensions: []string{"peers", "staff", "mattering"},
		placement: "curricular", level: "programme", status: "evaluated",
		checklist:   []string{"in_timetabled_hours", "free_to_students", "accessible", "suits_commuters_carers", "alcohol_free", "dietary_needs_met"},
		partnership: "with", partnershipHow: "Second-year course representatives planned the afternoon and led the campus walks.",
		aims: "On their first day, new students meet their cohort, their personal tutor and the programme team, and leave knowing where to go and whom to ask.",
		lead: "director@northbridge.ac.uk", team: []string{"member@northbridge.ac.uk", "j.nowak@northbridge.ac.uk"}, funding: "School student experience fund",
		budgetPence: 90000, audienceYear: 1, cohort: 180,
		sessions: func(y int) []demoSession {
			return []demoSession{{monday(y, time.September, 4), "09:00", "17:00", "Great Hall"}}
		},
	},
	{
		institution: "northbridge", programme: "C100", module: "BIO1010", yearOffset: -1, title: "Extended induction: study skills tutorials through terms 1 and 2",
		kind: "extended_induction", stage: "term_1", dimensions: []string{"confidence", "peers", "staff"},
		placement: "curricular", level: "module", status: "evaluated",
		checklist: []string{"in_timetabled_hours", "free_to_students", "accessible", "suits_commuters_carers", "alcohol_free", "online_option"},
		aims:      "Carry induction on past welcome week: fortnightly small-group tutorials with the same tutor all year.",
		lead:      "f.macleod@northbridge.ac.uk", audienceYear: 1, cohort: 175,
		sessions: func(y int) []demoSession {
			first := monday(y, time.October, 1).AddDate(0, 0, 2)
			out := make([]demoSession, 0, 8)
			for i := 0; i < 4; i++ {
				out = append(out, demoSession{first.AddDate(0, 0, 14*i), "13:00", "14:00", "Teaching Hub 1.04"})
			}
			term2 := monday(y+1, time.January, 2).AddDate(0, 0, 2)
			for i := 0; i < 4; i++ {
				out = append(out, demoSession{term2.AddDate(0, 0, 14*i), "13:00", "14:00", "Teaching Hub 1.04"})
			}
			return out
		},
	},
	{
		institution: "northbridge", programme: "C100", yearOffset: -1, title: "Pizza evenings with BioSoc",
		kind: "social", stage: "term_1", dimensions: []string{"peers", "wellbeing"},
		placement: "co_curricular", level: "programme", status: "evaluated",
		checklist:   []string{"free_to_students", "accessible", "alcohol_free", "dietary_needs_met"},
		partnership: "by", partnershipHow: "Run by the BioSoc committee with school funding.",
		aims: "A relaxed evening for first years to meet outside lectures.",
		lead: "member@northbridge.ac.uk", funding: "School student experience fund", budgetPence: 60000, audienceYear: 1, cohort: 175,
		sessions: func(y int) []demoSession {
			return []demoSession{
				{monday(y, time.October, 2).AddDate(0, 0, 3), "17:30", "19:00", "Student Union, Room 2"},
				{monday(y, time.November, 2).AddDate(0, 0, 3), "17:30", "19:00", "Student Union, Room 2"},
				{monday(y, time.December, 1).AddDate(0, 0, 3), "17:30", "19:00", "Student Union, Room 2"},
			}
		},
	},
	{
		institution: "northbridge", programme: "C100", yearOffset: -1, title: "Student integration ambassadors",
		kind: "ambassadors", stage: "term_1", dimensions: []string{"inclusion", "peers", "mattering"},
		placement: "co_curricular", level: "programme", status: "evaluated",
		checklist:   []string{"free_to_students", "accessible", "suits_commuters_carers", "alcohol_free", "online_option"},
		partnership: "by", partnershipHow: "Paid second- and third-year ambassadors, several of them commuters or international students themselves, run the drop-ins.",
		aims: "International, mature and commuting first years have a named student to turn to, and a weekly drop-in where they meet others in the same position.",
		lead: "r.osei@northbridge.ac.uk", team: []string{"j.nowak@northbridge.ac.uk"}, funding: "Widening participation fund", budgetPence: 240000,
		audienceYear: 1, cohort: 175,
		sessions: func(y int) []demoSession {
			return weekly(monday(y, time.October, 1).AddDate(0, 0, 1), 6, "12:00", "13:00", "Life Sciences Building, Room 2.10")
		},
	},
	{
		institution: "northbridge", programme: "C100", yearOffset: -1, title: "Transition mentors for students going into year 2",
		kind: "mentoring", stage: "transition", dimensions: []string{"peers", "confidence", "voice"},
		placement: "co_curricular", level: "programme", status: "evaluated",
		checklist:   []string{"free_to_students", "online_option", "suits_commuters_carers", "alcohol_free"},
		partnership: "by", partnershipHow: "Second-year mentors are trained and paid as student ambassadors.",
		aims: "First years hear from second years what changes in year 2 and how to prepare over the summer.",
		lead: "r.osei@northbridge.ac.uk", funding: "Widening participation fund", budgetPence: 120000, audienceYear: 1, cohort: 175,
		sessions: func(y int) []demoSession {
			return []demoSession{{monday(y+1, time.May, 2).AddDate(0, 0, 1), "12:00", "13:00", "Online"}, {monday(y+1, time.June, 1).AddDate(0, 0, 1), "12:00", "13:00", "Online"}}
		},
	},
	{
		institution: "northbridge", programme: "C100", module: "BIO3099", yearOffset: -1, title: "Undergraduate research conference",
		kind: "research_conference", stage: "final_year", dimensions: []string{"confidence", "mattering", "voice", "staff"},
		placement: "curricular", level: "programme", status: "evaluated",
		checklist:   []string{"in_timetabled_hours", "free_to_students", "accessible", "suits_commuters_carers", "alcohol_free", "dietary_needs_met"},
		partnership: "with", partnershipHow: "A student committee chose the themes and chaired the sessions.",
		aims: "Final-year students present their project research to first and second years and staff, as researchers in their own right.",
		lead: "director@northbridge.ac.uk", funding: "School research fund", budgetPence: 150000, audienceYear: 3, cohort: 168,
		sessions: func(y int) []demoSession {
			return []demoSession{{monday(y+1, time.April, 4).AddDate(0, 0, 2), "09:30", "16:30", "Great Hall"}}
		},
	},
	{
		institution: "northbridge", programme: "C800", title: "Psychology welcome week: meet your personal tutor",
		kind: "induction", stage: "welcome_week", dimensions: []string{"staff", "mattering"},
		placement: "curricular", level: "programme", status: "completed",
		checklist: []string{"in_timetabled_hours", "free_to_students", "accessible", "suits_commuters_carers", "alcohol_free"},
		lead:      "l.barker@northbridge.ac.uk", audienceYear: 1, cohort: 220,
		sessions: func(y int) []demoSession {
			return []demoSession{{monday(y, time.September, 4), "11:00", "12:00", "Psychology Building 0.12"}}
		},
	},
	{
		institution: "eastmere", programme: "V100", module: "HIS1001", title: "Welcome week archive treasure hunt",
		kind: "induction", stage: "welcome_week", dimensions: []string{"peers", "confidence"},
		placement: "curricular", level: "module", status: "completed",
		checklist:   []string{"in_timetabled_hours", "free_to_students", "alcohol_free"},
		partnership: "with", partnershipHow: "Second-year students set the clues.",
		aims: "New historians work in teams in the university archive in their first week.",
		lead: "m.hughes@eastmere.ac.uk", audienceYear: 1, cohort: 90,
		sessions: func(y int) []demoSession {
			return []demoSession{{monday(y, time.September, 4).AddDate(0, 0, 2), "10:00", "13:00", "University Archive"}}
		},
	},
	{
		institution: "eastmere", programme: "V100", title: "History café",
		kind: "social", stage: "term_1", dimensions: []string{"peers", "staff", "voice"},
		placement: "co_curricular", level: "programme", status: "running",
		checklist: []string{"free_to_students", "accessible", "alcohol_free"},
		lead:      "director@eastmere.ac.uk", audienceYear: 1, cohort: 90,
		sessions: func(y int) []demoSession {
			return weekly(monday(y, time.October, 1).AddDate(0, 0, 3), 8, "16:00", "17:00", "Humanities Common Room")
		},
	},
}

// seedActivities adds the demo plans for the academic year `current` (and
// the year before), unless an activity with the same title is already in
// that programme's year.
func seedActivities(ctx context.Context, tx pgx.Tx, current int) error {
	for _, a := range demoActivities {
		year := current + a.yearOffset
		var programmeID, institutionID int64
		err := tx.QueryRow(ctx, `SELECT p.id, p.institution_id FROM programmes p JOIN institutions i ON i.id = p.institution_id WHERE i.slug = $1 AND p.code = $2`,
			a.institution, a.programme).Scan(&programmeID, &institutionID)
		if err != nil {
			return fmt.Errorf("programme %s: %w", a.programme, err)
		}
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM activities WHERE programme_id = $1 AND academic_year = $2 AND title = $3)`,
			programmeID, year, a.title).Scan(&exists); err != nil {
			return err
		}
		if exists {
			continue
		}
		var moduleID *int64
		if a.module != "" {
			moduleID = new(int64)
			if err := tx.QueryRow(ctx, `SELECT id FROM modules WHERE institution_id = $1 AND code = $2`, institutionID, a.module).Scan(moduleID); err != nil {
				return fmt.Errorf("module %s: %w", a.module, err)
			}
		}
		var leadID *int64
		if a.lead != "" {
			leadID = new(int64)
			if err := tx.QueryRow(ctx, `SELECT id FROM users WHERE lower(email) = lower($1)`, a.lead).Scan(leadID); err != nil {
				return fmt.Errorf("lead %s: %w", a.lead, err)
			}
		}
		has := func(item string) bool {
			for _, c := range a.checklist {
				if c == item {
					return true
				}
			}
			return false
		}
		partnership := a.partnership
		if partnership == "" {
			partnership = "for"
		}
		var budget *int64
		if a.budgetPence > 0 {
			budget = &a.budgetPence
		}
		var audienceYear, cohort *int
		if a.audienceYear > 0 {
			audienceYear = &a.audienceYear
		}
		if a.cohort > 0 {
			cohort = &a.cohort
		}
		var id int64
		err = tx.QueryRow(ctx, `
			INSERT INTO activities (institution_id, programme_id, module_id, academic_year, title, kind, stage, dimensions, placement, level,
				in_timetabled_hours, online_option, free_to_students, accessible, suits_commuters_carers, alcohol_free, dietary_needs_met,
				partnership, partnership_how, aims, toc_inputs, toc_activities, toc_outputs, toc_outcomes, toc_impact, toc_assumptions,
				lead_id, funding_source, budget_pence, audience_level, audience_year, cohort_size, status, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26,
				$27, $28, $29, 'ug', $30, $31, $32, $27)
			RETURNING id`,
			institutionID, programmeID, moduleID, year, a.title, a.kind, a.stage, a.dimensions, a.placement, a.level,
			has("in_timetabled_hours"), has("online_option"), has("free_to_students"), has("accessible"), has("suits_commuters_carers"),
			has("alcohol_free"), has("dietary_needs_met"), partnership, a.partnershipHow, a.aims,
			a.toc[0], a.toc[1], a.toc[2], a.toc[3], a.toc[4], a.toc[5], leadID, a.funding, budget, audienceYear, cohort, a.status).Scan(&id)
		if err != nil {
			return fmt.Errorf("activity %q: %w", a.title, err)
		}
		for _, email := range a.team {
			if _, err := tx.Exec(ctx, `INSERT INTO activity_team (activity_id, user_id) SELECT $1, id FROM users WHERE lower(email) = lower($2)`, id, email); err != nil {
				return err
			}
		}
		if a.sessions == nil {
			continue
		}
		for _, s := range a.sessions(year) {
			if _, err := tx.Exec(ctx, `
				INSERT INTO activity_sessions (institution_id, activity_id, session_date, start_time, end_time, location)
				VALUES ($1, $2, $3, $4::time, $5::time, $6)`, institutionID, id, s.date, s.start, s.end, s.location); err != nil {
				return fmt.Errorf("session of %q: %w", a.title, err)
			}
		}
	}
	return nil
}

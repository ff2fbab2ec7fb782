package seed

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/jackc/pgx/v5"

	"belonging/internal/markdown"
)

// demoCaseStudy is a case study written up from a demo activity.
type demoCaseStudy struct {
	institution, programme, activity string
	yearOffset                       int
	author                           string
	visibility                       string // draft, institution, network, public
	pending                          string // a visibility waiting for review
	title, summary                   string
	sections                         [8]string // context, what we did, partnership, inclusivity, impact, lessons, advice, cost
}

var demoCaseStudies = []demoCaseStudy{
	{
		institution: "northbridge", programme: "C100", activity: "Coffee mornings before Monday's Cell Biology lecture", yearOffset: -1,
		author: "leader@northbridge.ac.uk", visibility: "network",
		title:   "Coffee mornings before the Monday lecture: belonging for commuter students",
		summary: "Informal coffee in the lecture theatre foyer, 45 minutes before a timetabled first-year lecture, gave students who travel in a reason to arrive early and talk to peers and staff. Attendance held at about 40% of the cohort all term, and commuters were over-represented.",
		sections: [8]string{
			"A first-year Biosciences cohort of about 175, a third of whom live at home and travel in.",
			"Every Monday of term 1 we put out coffee and pastries in the foyer of the lecture theatre from 09:15 until the 10:00 lecture. The module leader and a GTA came early; course representatives chose a **table-talk question** each week, such as *what surprised you in the lab this week?*",
			"Course representatives chose the weekly questions and ran one morning themselves in week 10.",
			"Because it sat inside the timetabled day, students with caring responsibilities or long journeys could come without staying late. It was free, alcohol-free and step-free.",
			"Weekly counts averaged 69 students (about 40% of the cohort). 41% of those who came live at home, against 33% of the cohort. In the end-of-term pulse survey, agreement that *I know other students on my course well* was higher among those who came.",
			"- Order more food than you expect\n- Start in week 1, before friendship groups settle\n- A question on the table gets quieter students talking",
			"Put it next to a lecture everyone must attend, not in a free slot. Ask students to choose the questions.",
			"About £40 a week for food, and 45 minutes of two staff members' time.",
		},
	},
	{
		institution: "northbridge", programme: "C100", activity: "Meet the Researcher: welcome week lab tours", yearOffset: -1,
		author: "director@northbridge.ac.uk", visibility: "public",
		title:   "Meet the Researcher in welcome week: first-years in the lab on day two",
		summary: "Small-group tours of six research labs in welcome week, hosted by final-year project students, introduced new students to the staff behind their lectures. Agreement that they knew staff they could approach rose from 2.9 to 3.6 out of 5.",
		sections: [8]string{
			"Research-intensive university; BSc Biological Sciences, first-year cohort of about 175.",
			"In a timetabled slot in welcome week, groups of ten toured three of six labs. At each, a researcher spoke for ten minutes about a current project and took questions; final-year project students hosted each group.",
			"Final-year students hosted and spoke about their own projects, which first-years valued most.",
			"Timetabled, free, step-free labs, with a quiet route for students who find crowds hard.",
			"131 of 175 students took part. A before-and-after belonging pulse (N = 96, 55% response) showed agreement with *I know members of staff I could approach* rising from 2.9 to 3.6 out of 5.",
			"Book the slot before welcome week's timetable fills. Give hosts a short brief.",
			"Use your final-year students: new students listen to them.",
			"£300 for refreshments and printed maps; about an hour from each research group.",
		},
	},
	{
		institution: "northbridge", programme: "C100", activity: "Undergraduate research conference",
		author: "director@northbridge.ac.uk", visibility: "institution",
		title:    "A student research conference where final-year students present to first-years",
		summary:  "Final-year project students present their research at a one-day conference that first- and second-year students attend as part of their timetable.",
		sections: [8]string{"", "A day in the Great Hall with talks and posters, chaired by students.", "A student committee chose themes and chaired sessions.", "Timetabled, free, catered with dietary needs met.", "", "", "", "£1,500 for the hall and catering."},
	},
	{
		institution: "northbridge", programme: "C100", activity: "Extended induction: study skills tutorials through terms 1 and 2",
		author: "f.macleod@northbridge.ac.uk", visibility: "institution", pending: "network",
		title:    "Extended induction: the same tutor all year",
		summary:  "Fortnightly small-group tutorials through terms 1 and 2 carried induction on beyond welcome week, with each student keeping the same tutor all year.",
		sections: [8]string{"", "Groups of eight met their personal tutor every other Wednesday for eight tutorials on reading, writing and exams.", "", "Timetabled, with an online option for students who cannot come in.", "Attendance averaged 90%.", "Split the referencing session in two.", "", "Personal tutors' time only."},
	},
	{
		institution: "northbridge", programme: "C100", activity: "Pizza evenings for first years",
		author: "member@northbridge.ac.uk", visibility: "draft",
		title:   "Pizza evenings run by the student society",
		summary: "Monthly evenings for first-years, run by BioSoc.",
	},
	{
		institution: "northbridge", programme: "C100", activity: "Induction day for new Biosciences students", yearOffset: -1,
		author: "director@northbridge.ac.uk", visibility: "institution",
		title:   "An induction day surveyed before and after, on the day",
		summary: "A timetabled first day for 180 new Biosciences students: tutors in the morning, campus walks with second years in the afternoon. A belonging pulse at 09:00 and again at 16:00 rose from 3.02 to 3.61 out of 5.",
		sections: [8]string{
			"Research-intensive university; BSc Biological Sciences, first-year cohort of about 180, a third living at home.",
			"Registration and welcome, personal-tutor groups of twelve, lunch with the tutor group, then walks round campus led by second-year course representatives, ending with short talks from the programme team.",
			"Course representatives planned the afternoon and led the walks.",
			"Timetabled and free, finishing by 16:00 for commuters; step-free routes for the walks; lunch met every dietary need.",
			"164 of 180 came. The same belonging pulse answered 09:00–10:00 (128 responses) and 16:00–17:00 (108) rose from a mean of 3.02 to 3.61 out of 5: Type 2 evidence, from two anonymous groups rather than paired answers.",
			"- Keep the talks short\n- Put students with their tutor group from the start\n- Ask second years to lead anything about the campus",
			"Survey before and after on the day itself: students are there, and the answers reflect the day rather than the weeks after it.",
			"£900 for lunch and printing; a day of the programme team's time, and a morning of each tutor's.",
		},
	},
	{
		institution: "northbridge", programme: "C100", activity: "Extended induction: study skills tutorials through terms 1 and 2", yearOffset: -1,
		author: "f.macleod@northbridge.ac.uk", visibility: "institution",
		title:   "Extended induction: eight tutorials with the same tutor",
		summary: "Fortnightly tutorials of eight students through terms 1 and 2 carried induction on beyond welcome week. Attendance averaged 85%, and the first-sit pass rate in the skills module rose from 84% to 90%.",
		sections: [8]string{"A first-year Biosciences cohort of about 175.", "Groups of eight met their personal tutor every other Wednesday for eight tutorials on reading, writing and exams.",
			"Students chose the topic of the last tutorial of each term.", "Timetabled, with an online option for students who cannot come in.",
			"Attendance averaged 85%. The first-sit pass rate in BIO1010 rose from 84% to 90%.", "Split the referencing tutorial in two.",
			"Keep the same tutor all year: that is what students valued.", "Personal tutors' time only."},
	},
	{
		institution: "northbridge", programme: "C100", activity: "Pizza evenings with BioSoc", yearOffset: -1,
		author: "member@northbridge.ac.uk", visibility: "institution",
		title:   "Pizza evenings with BioSoc: who came, and who did not",
		summary: "Three evenings for first years, run by BioSoc, drew 41 to 56 students each. Liked by those who came, but few commuters came: a complement to timetabled activities, not a replacement.",
		sections: [8]string{"A first-year Biosciences cohort of about 175.", "Pizza and games in the Student Union on a Thursday evening in October, November and December.",
			"The BioSoc committee planned and ran every evening.", "Free, alcohol-free and step-free, with vegan, halal and gluten-free pizza.",
			"56, 47 and 41 came. 61 feedback cards: the commonest words were \"friends\" and \"relaxed\"; eleven writers lived at home.",
			"Evenings suit students who live nearby; plan something in the timetabled day for the rest.", "Let the society run it.", "£600 for food over three evenings."},
	},
	{
		institution: "northbridge", programme: "C100", activity: "Student integration ambassadors", yearOffset: -1,
		author: "r.osei@northbridge.ac.uk", visibility: "institution",
		title:   "Student integration ambassadors for commuting, mature and international first years",
		summary: "Six paid ambassadors, several of them commuters or international students themselves, each looked after a group of first years and ran a weekly lunchtime drop-in in term 1.",
		sections: [8]string{"A first-year Biosciences cohort of about 175; 60 students invited as commuters, mature or international students.",
			"Each ambassador messaged their group before term, met them in welcome week and ran a Tuesday lunchtime drop-in for six weeks.",
			"Ambassadors designed the drop-ins and wrote the guide they handed out.", "In the timetabled lunch gap, with an online option; free and alcohol-free.",
			"23 to 31 students came each week. Ambassadors logged 240 contacts between sessions, mostly messages about travel, money and timetables.",
			"A named person matters more than the event.", "Recruit ambassadors who share the students' circumstances.", "£2,400 for ambassadors' pay; an hour a week of staff time."},
	},
	{
		institution: "northbridge", programme: "C100", activity: "Transition mentors for students going into year 2", yearOffset: -1,
		author: "r.osei@northbridge.ac.uk", visibility: "institution",
		title:   "Transition mentors: second years prepare first years for year 2",
		summary: "Two online sessions in May and June where trained second-year mentors told first years what changes in year 2. 83% of mentees who answered felt ready for year 2, against 58% of the year before.",
		sections: [8]string{"A first-year Biosciences cohort of about 175.", "Two lunchtime sessions online, in small breakout rooms of one mentor and eight first years, with a shared document of questions.",
			"Second-year mentors were trained and paid, and wrote the question list.", "Online at lunchtime, so commuters and carers could join; free.",
			"64 and 52 came. Of 71 mentees who answered a short survey, 83% felt ready for year 2, against 58% of the whole year the year before.",
			"Hold both sessions before exams.", "Mentors are more candid than staff: let them be.", "£1,200 for mentors' pay; a few hours of staff time."},
	},
	{
		institution: "northbridge", programme: "C100", activity: "Undergraduate research conference", yearOffset: -1,
		author: "director@northbridge.ac.uk", visibility: "institution",
		title:   "Our student research conference: final years present, first years listen",
		summary: "A one-day conference in the Great Hall where final-year students presented 48 talks and 60 posters to younger years and staff, chaired by a student committee.",
		sections: [8]string{"Research-intensive university; BSc Biological Sciences, final-year cohort of about 170.", "Talks in three parallel rooms, posters over lunch, and a closing prize session.",
			"A student committee chose the themes and chaired every session.", "Timetabled for all years, free, catered with dietary needs met.",
			"212 attended. Feedback from 94 attenders: first years said it showed them what they could do.", "Give the posters their own hour.",
			"Let students chair: it becomes their conference.", "£1,500 for the hall and catering."},
	},
	{
		institution: "eastmere", programme: "V100", activity: "Welcome week archive treasure hunt",
		author: "m.hughes@eastmere.ac.uk", visibility: "network",
		title:   "An archive treasure hunt in welcome week: new historians handle real sources",
		summary: "Teams of new History students solved clues set by second-years in the university archive during welcome week. 78 of 90 took part and every team handled an original document.",
		sections: [8]string{
			"Teaching-focused university; BA History, cohort of 90.",
			"Teams of five followed clues through the archive catalogue and reading room to find, read and photograph five documents.",
			"Second-year students wrote the clues and ran the stations.",
			"Timetabled; the reading room is step-free; free to students.",
			"78 of 90 students took part. Students said they felt like historians in their first week.",
			"Keep teams mixed: assign them rather than letting friends group.",
			"Work with your archivists early: they loved it.",
			"Two archivists' time for a morning; printing.",
		},
	},
}

// networkInstitutions share generated case studies, so the library has
// enough to search across institutions.
var networkInstitutions = []struct{ slug, name, kind string }{
	{"kingsport", "Kingsport University", "Research-intensive university"},
	{"westfield", "Westfield College of Art", "Specialist institution"},
	{"harrowgate", "Harrowgate Metropolitan University", "Teaching-focused university"},
	{"lowmoor", "Lowmoor University", "Teaching-focused university"},
}

var generatedDisciplines = []string{"Biosciences", "Chemistry", "History", "Nursing", "Psychology", "Engineering", "Computing", "Law", "Fine Art", "Business", "Education", "Physics"}

// seedCaseStudies writes the demo case studies, each unless its
// institution already has one of that title, and publishes them as their
// visibility says; then, once, adds generated ones from other
// institutions.
func seedCaseStudies(ctx context.Context, tx pgx.Tx, current int) error {
	for _, cs := range demoCaseStudies {
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM case_studies c JOIN institutions i ON i.id = c.institution_id WHERE i.slug = $1 AND c.title = $2)`,
			cs.institution, cs.title).Scan(&exists); err != nil {
			return err
		}
		if exists {
			continue
		}
		var activityID, programmeID, institutionID int64
		var kind, stage, placement string
		var dims []string
		err := tx.QueryRow(ctx, `
			SELECT a.id, a.programme_id, a.institution_id, a.kind, a.stage, a.placement, a.dimensions
			FROM activities a JOIN programmes p ON p.id = a.programme_id JOIN institutions i ON i.id = a.institution_id
			WHERE i.slug = $1 AND p.code = $2 AND a.title = $3 AND a.academic_year = $4`,
			cs.institution, cs.programme, cs.activity, current+cs.yearOffset).Scan(&activityID, &programmeID, &institutionID, &kind, &stage, &placement, &dims)
		if err != nil {
			return fmt.Errorf("case study %q: %w", cs.title, err)
		}
		id, err := insertCaseStudy(ctx, tx, institutionID, programmeID, &activityID, cs.author, cs, kind, stage, placement, dims, current+cs.yearOffset)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO case_study_evidence (case_study_id, evidence_id) SELECT $1, id FROM evidence WHERE activity_id = $2`, id, activityID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE case_studies SET evidence_strength = coalesce((SELECT max(strength) FROM evidence WHERE activity_id = $2), 0) WHERE id = $1`, id, activityID); err != nil {
			return err
		}
		if err := publishSeed(ctx, tx, id, cs.visibility, cs.pending); err != nil {
			return err
		}
	}
	var generated bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM institutions WHERE slug = $1)`, networkInstitutions[0].slug).Scan(&generated); err != nil || generated {
		return err
	}
	return generateCaseStudies(ctx, tx, current)
}

func insertCaseStudy(ctx context.Context, tx pgx.Tx, institutionID, programmeID int64, activityID *int64, author string, cs demoCaseStudy,
	kind, stage, placement string, dims []string, year int) (int64, error) {
	var id int64
	s := cs.sections
	err := tx.QueryRow(ctx, `
		INSERT INTO case_studies (institution_id, programme_id, activity_id, author_id, title, summary, context, what_we_did, partnership,
			inclusivity, impact, lessons, advice, cost_effort, institution_type, discipline, cohort, kind, stage, dimensions, placement,
			academic_year)
		SELECT $1, $2, $3, (SELECT id FROM users WHERE lower(email) = lower($4)), $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
			i.kind, coalesce(p.subject_area, ''), '', $15, $16, $17, $18, $19
		FROM institutions i, programmes p WHERE i.id = $1 AND p.id = $2
		RETURNING id`,
		institutionID, programmeID, activityID, author, cs.title, cs.summary, s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7],
		kind, stage, dims, placement, year).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("case study %q: %w", cs.title, err)
	}
	return id, nil
}

var sectionTitles = [8][2]string{{"context", "Context"}, {"what-we-did", "What we did"}, {"partnership", "Student partnership"},
	{"inclusivity", "Inclusivity"}, {"impact", "Impact and evidence"}, {"lessons", "Lessons"}, {"advice", "Advice for others"}, {"cost", "Cost and effort"}}

// publishSeed publishes a seeded case study the way the app would.
func publishSeed(ctx context.Context, tx pgx.Tx, id int64, visibility, pending string) error {
	if pending != "" {
		if _, err := tx.Exec(ctx, `UPDATE case_studies SET requested_visibility = $2, review_state = 'pending' WHERE id = $1`, id, pending); err != nil {
			return err
		}
	} else if visibility != "draft" {
		if _, err := tx.Exec(ctx, `UPDATE case_studies SET requested_visibility = $2, review_state = CASE WHEN $2 = 'institution' THEN 'none' ELSE 'approved' END WHERE id = $1`, id, visibility); err != nil {
			return err
		}
	}
	if visibility == "draft" {
		return nil
	}
	var title, summary, context, discipline, institutionType string
	var s [8]string
	err := tx.QueryRow(ctx, `SELECT title, summary, context, what_we_did, partnership, inclusivity, impact, lessons, advice, cost_effort,
		discipline, institution_type FROM case_studies WHERE id = $1`, id).Scan(&title, &summary, &context, &s[1], &s[2], &s[3], &s[4], &s[5], &s[6], &s[7], &discipline, &institutionType)
	if err != nil {
		return err
	}
	s[0] = context
	type section struct {
		ID       string `json:"id"`
		Title    string `json:"title"`
		Markdown string `json:"markdown"`
	}
	var sections []section
	var text []string
	for i, md := range s {
		if strings.TrimSpace(md) == "" {
			continue
		}
		sections = append(sections, section{sectionTitles[i][0], sectionTitles[i][1], md})
		text = append(text, sectionTitles[i][1]+". "+markdown.Text(md))
	}
	sectionsJSON, _ := json.Marshal(sections)
	_, err = tx.Exec(ctx, `
		INSERT INTO case_study_publications (case_study_id, institution_id, visibility, title, summary, sections, body, evidence, kind, stage,
			dimensions, placement, discipline, institution_type, institution_name, evidence_strength, academic_year, version, published_by)
		SELECT c.id, c.institution_id, $2, c.title, c.summary, $3, $4,
			coalesce((SELECT jsonb_agg(jsonb_build_object('title', e.title, 'kind', e.kind, 'strength', e.strength, 'details',
				concat_ws('; ', nullif('Instrument: ' || e.instrument, 'Instrument: '), 'N = ' || e.sample_size, 'response rate ' || e.response_rate || '%')))
				FROM case_study_evidence x JOIN evidence e ON e.id = x.evidence_id WHERE x.case_study_id = c.id), '[]'),
			c.kind, c.stage, c.dimensions, c.placement, c.discipline, c.institution_type, i.name, c.evidence_strength, c.academic_year,
			c.version, c.author_id
		FROM case_studies c JOIN institutions i ON i.id = c.institution_id WHERE c.id = $1`,
		id, visibility, sectionsJSON, strings.Join(text, " "))
	return err
}

// generateCaseStudies adds 24 plausible case studies from each of the
// network institutions, published to the network or the public.
func generateCaseStudies(ctx context.Context, tx pgx.Tx, current int) error {
	rng := rand.New(rand.NewPCG(2026, 11))
	titles := map[string]bool{}
	for i, inst := range networkInstitutions {
		var institutionID int64
		err := tx.QueryRow(ctx, `
			INSERT INTO institutions (slug, name, kind) VALUES ($1, $2, $3)
			ON CONFLICT (slug) DO UPDATE SET slug = EXCLUDED.slug RETURNING id`, inst.slug, inst.name, inst.kind).Scan(&institutionID)
		if err != nil {
			return err
		}
		var deptID int64
		if err := tx.QueryRow(ctx, `
			WITH ins AS (INSERT INTO departments (institution_id, name) VALUES ($1, 'Learning and Teaching') ON CONFLICT DO NOTHING RETURNING id)
			SELECT id FROM ins UNION ALL SELECT id FROM departments WHERE institution_id = $1 AND name = 'Learning and Teaching' LIMIT 1`,
			institutionID).Scan(&deptID); err != nil {
			return err
		}
		for n := 0; n < 24; n++ {
			// The first discipline that gives this way of working a title
			// no other case study has.
			var discipline string
			var cs demoCaseStudy
			var k libraryKind
			var m libraryMethod
			var o libraryOutcome
			for d := 0; d == 0 || (titles[cs.title] && d < len(generatedDisciplines)); d++ {
				discipline = generatedDisciplines[(n*5+i*3+d)%len(generatedDisciplines)]
				cs, k, m, o = libraryCaseStudy(i, n, inst.kind, discipline, rng)
			}
			titles[cs.title] = true
			var programmeID int64
			code := fmt.Sprintf("G%02d%02d", i, n)
			if err := tx.QueryRow(ctx, `
				INSERT INTO programmes (institution_id, department_id, code, title, level, subject_area, cohort_size)
				VALUES ($1, $2, $3, $4, 'ug', $5, $6) RETURNING id`,
				institutionID, deptID, code, "BSc "+discipline, discipline, 60+rng.IntN(200)).Scan(&programmeID); err != nil {
				return err
			}
			id, err := insertCaseStudy(ctx, tx, institutionID, programmeID, nil, "", cs, k.kind, m.stage, m.placement, k.dimensions, current-rng.IntN(3))
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE case_studies SET evidence_strength = $2, discipline = $3 WHERE id = $1`, id, o.strength, discipline); err != nil {
				return err
			}
			visibility := "network"
			if n%3 == 0 {
				visibility = "public"
			}
			if err := publishSeed(ctx, tx, id, visibility, ""); err != nil {
				return err
			}
		}
	}
	return nil
}

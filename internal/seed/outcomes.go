package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// demoOutcome records what happened at the sessions of a demo activity.
type demoOutcome struct {
	institution, programme, title string
	yearOffset                    int
	// upTo records every past session except the most recent `leave`, so
	// the dashboard has sessions waiting for an outcome.
	leave      int
	attendance []int
	invited    int
	aimsMet    int
	staff      string
	worked     string
	change     string
	quotes     string
	next       string
	recordedBy string
	evidence   []demoEvidence
}

type demoEvidence struct {
	title, kind, link, notes, instrument string
	strength, sampleSize, responseRate   int
}

var demoOutcomes = []demoOutcome{
	{
		institution: "northbridge", programme: "C100", title: "Meet the Researcher: welcome week lab tours",
		attendance: []int{152, 139}, invited: 180, aimsMet: 4, staff: "12 researchers, 6 final-year hosts",
		worked:     "Small groups of about ten meant every student asked at least one question. Final-year hosts were the part students talked about most.",
		change:     "The Thursday afternoon tour clashed with a society fair; move it to the morning.",
		quotes:     "\"I didn't know lecturers did their own experiments. I'm going to ask about a summer placement.\"\n\"Meeting the second years made it feel less scary.\"",
		next:       "Ask each research group to name one person students can email afterwards.",
		recordedBy: "director@northbridge.ac.uk",
		evidence: []demoEvidence{{title: "Welcome week tour report to the School Education Committee", kind: "report", strength: 1,
			link: "https://intranet.northbridge.example/biosciences/welcome-week-report", notes: "Narrative report with the theory of change and attendance by group."}},
	},
	{
		institution: "northbridge", programme: "C100", title: "Coffee mornings before Monday's Cell Biology lecture",
		leave: 1, attendance: []int{61, 74, 70, 82, 77, 69, 80, 85}, invited: 180, aimsMet: 4, staff: "Dr Tom Okafor and a GTA",
		worked:     "Students who commute by train arrive early anyway; this gave them somewhere to be. Table-talk questions chosen by the course reps got people talking across friendship groups.",
		change:     "Run out of pastries by 09:35; order more, and add a dairy-free option.",
		quotes:     "\"It's the only time I talk to people outside my lab group.\"",
		next:       "Ask the course reps to run one morning themselves in week 10.",
		recordedBy: "leader@northbridge.ac.uk",
	},
	{
		institution: "northbridge", programme: "C100", title: "Extended induction: study skills tutorials through terms 1 and 2",
		leave: 1, attendance: []int{168, 160, 151}, invited: 180, aimsMet: 3, staff: "Personal tutors",
		worked: "Students valued having the same tutor each time.", change: "The referencing session was too long; split it.",
		recordedBy: "f.macleod@northbridge.ac.uk",
	},
	{
		institution: "northbridge", programme: "C100", title: "Pizza evenings for first years",
		leave: 1, attendance: []int{48}, invited: 180, aimsMet: 3, staff: "BioSoc committee",
		worked: "Relaxed and well liked by those who came.", change: "Few commuting students came: evenings do not suit them. Keep it, but do not rely on it.",
		recordedBy: "member@northbridge.ac.uk",
	},
	{
		institution: "northbridge", programme: "C100", yearOffset: -1, title: "Meet the Researcher: welcome week lab tours",
		attendance: []int{131}, invited: 175, aimsMet: 4, staff: "8 researchers",
		worked: "Students met researchers in week one.", change: "Add a second session for students who arrive late.",
		recordedBy: "director@northbridge.ac.uk",
		evidence: []demoEvidence{{title: "Belonging pulse, before and after welcome week", kind: "survey", strength: 2, sampleSize: 96, responseRate: 55,
			instrument: "Belonging pulse, version 1", link: "https://intranet.northbridge.example/biosciences/pulse-2025.pdf",
			notes: "Mean agreement with \"I know members of staff I could approach\" rose from 2.9 to 3.6 out of 5."}},
	},
	{
		institution: "northbridge", programme: "C100", yearOffset: -1, title: "Coffee mornings before Monday's Cell Biology lecture",
		attendance: []int{58, 66, 71, 64, 70, 73, 75, 68, 72, 77}, invited: 175, aimsMet: 4, staff: "Dr Tom Okafor",
		worked: "Steady numbers all term, with commuters well represented.", change: "Start a week earlier.",
		quotes:     "\"Coffee mornings are why I know anyone on my course.\"",
		recordedBy: "leader@northbridge.ac.uk",
		evidence: []demoEvidence{{title: "Attendance at coffee mornings, weeks 1 to 10", kind: "attendance", strength: 2, sampleSize: 175,
			link:  "https://intranet.northbridge.example/biosciences/coffee-attendance-2025.xlsx",
			notes: "Weekly counts; 41% of attenders live at home, against 33% of the cohort."}},
	},
	{
		institution: "northbridge", programme: "C100", yearOffset: -1, title: "Induction day for new Biosciences students",
		attendance: []int{164}, invited: 180, aimsMet: 4, staff: "Programme team, 14 personal tutors, 8 course representatives",
		worked:     "Meeting their personal tutor in the morning and their tutor group again over lunch meant most students left with three or four names. The campus walks led by second years were the part students mentioned most.",
		change:     "The afternoon talks ran long; keep them to twenty minutes and end at 16:00 so commuters can catch the earlier train.",
		quotes:     "\"I came in not knowing anyone and left with a group chat.\"\n\"The second years were honest about what the first term is like.\"",
		next:       "Run the same-day before and after pulse again, and ask about the walks specifically.",
		recordedBy: "director@northbridge.ac.uk",
		evidence: []demoEvidence{{title: "Belonging pulse before (09:00–10:00) and after (16:00–17:00) the induction day", kind: "survey", strength: 2,
			sampleSize: 236, responseRate: 66, instrument: "Belonging pulse, version 1",
			link:  "https://intranet.northbridge.example/biosciences/induction-day-pulse.pdf",
			notes: "Before: 128 of 180 (71%), mean 3.02. After: 108 of 180 (60%), mean 3.61. Together 236 of 360 invitations (66%). Responses are anonymous and unpaired, compared as independent groups."}},
	},
	{
		institution: "northbridge", programme: "C100", yearOffset: -1, title: "Extended induction: study skills tutorials through terms 1 and 2",
		attendance: []int{166, 158, 150, 147, 152, 144, 141, 139}, invited: 175, aimsMet: 4, staff: "Personal tutors",
		worked:     "Students valued keeping the same tutor all year; by term 2 they brought their own questions.",
		change:     "The referencing tutorial tried to do too much; split it in two.",
		quotes:     "\"My tutor knew my name by week two, which made it easier to ask for help with the lab report.\"",
		recordedBy: "f.macleod@northbridge.ac.uk",
		evidence: []demoEvidence{{title: "Tutorial attendance and first-year assessment results", kind: "attendance", strength: 2, sampleSize: 175,
			link:  "https://intranet.northbridge.example/biosciences/extended-induction-2025.xlsx",
			notes: "Attendance averaged 85% over eight tutorials. First-sit pass rate in BIO1010 rose from 84% to 90% on the year before."}},
	},
	{
		institution: "northbridge", programme: "C100", yearOffset: -1, title: "Pizza evenings with BioSoc",
		attendance: []int{56, 47, 41}, invited: 175, aimsMet: 3, staff: "BioSoc committee, one member of staff",
		worked:     "Relaxed and well liked by those who came; friendships from the first evening showed up in lab pairs.",
		change:     "Few commuting students came: evenings do not suit them. Keep it, but pair it with something in the timetabled day.",
		quotes:     "\"Good pizza, better people.\"",
		recordedBy: "member@northbridge.ac.uk",
		evidence: []demoEvidence{{title: "Feedback cards from the pizza evenings", kind: "feedback", strength: 1,
			link:  "https://intranet.northbridge.example/biosciences/pizza-feedback-2025.pdf",
			notes: "61 cards over three evenings; the most common words were \"friends\" and \"relaxed\". Eleven said they lived at home."}},
	},
	{
		institution: "northbridge", programme: "C100", yearOffset: -1, title: "Student integration ambassadors",
		attendance: []int{23, 31, 28, 26, 30, 27}, invited: 60, aimsMet: 4, staff: "Dr Richard Osei; six student ambassadors",
		worked:     "A named ambassador who had been in the same position mattered more than the drop-in itself; most contact was by message between sessions.",
		change:     "Advertise the drop-in in the first lecture, not only by email.",
		quotes:     "\"My ambassador also commutes from Halton, so she told me which train to get and where to sit and eat.\"",
		recordedBy: "r.osei@northbridge.ac.uk",
		evidence: []demoEvidence{{title: "Ambassador scheme report to the Widening Participation Committee", kind: "report", strength: 1,
			link:  "https://intranet.northbridge.example/biosciences/ambassadors-2025.pdf",
			notes: "Narrative report with drop-in attendance, ambassadors' logs of contacts (no names) and students' comments."}},
	},
	{
		institution: "northbridge", programme: "C100", yearOffset: -1, title: "Transition mentors for students going into year 2",
		attendance: []int{64, 52}, invited: 175, aimsMet: 4, staff: "Dr Richard Osei; 12 second-year mentors",
		worked:     "Second years were frank about the jump in workload; first years asked far more than they would ask staff.",
		change:     "The June session fell after exams when many had gone home; hold both in May.",
		quotes:     "\"I know what the lab reports look like in year 2 now, and who to ask.\"",
		recordedBy: "r.osei@northbridge.ac.uk",
		evidence: []demoEvidence{{title: "Mentee survey after the transition sessions", kind: "survey", strength: 2, sampleSize: 71, responseRate: 61,
			link:  "https://intranet.northbridge.example/biosciences/transition-mentees-2025.pdf",
			notes: "Of 71 mentees who answered, 83% felt ready for year 2, against 58% of the whole year asked the same question the year before."}},
	},
	{
		institution: "northbridge", programme: "C100", yearOffset: -1, title: "Undergraduate research conference",
		attendance: []int{212}, invited: 520, aimsMet: 5, staff: "Programme team, 20 supervisors",
		worked:     "First years came to their own year's talks and stayed for others; presenters said chairing by students made it feel like their conference.",
		change:     "Posters were crowded at lunch; give them their own hour.",
		quotes:     "\"Seeing someone from my tutor group's year above present made me think I could do a project like that.\"",
		recordedBy: "director@northbridge.ac.uk",
		evidence: []demoEvidence{{title: "Programme and poster abstracts of the conference", kind: "artefact", strength: 1,
			link:  "https://intranet.northbridge.example/biosciences/conference-2026-programme.pdf",
			notes: "48 talks and 60 posters; feedback from 94 attenders summarised on the last page."}},
	},
	{
		institution: "eastmere", programme: "V100", title: "Welcome week archive treasure hunt",
		attendance: []int{78}, invited: 90, aimsMet: 5, staff: "Dr Megan Hughes, two archivists",
		worked: "Teams mixed students who had not met; everyone handled a real document.",
		quotes: "\"I felt like a historian on day three.\"", recordedBy: "m.hughes@eastmere.ac.uk",
	},
}

// seedOutcomes records outcomes for the past sessions of the demo
// activities, once: an activity with any outcome or evidence is left
// alone.
func seedOutcomes(ctx context.Context, tx pgx.Tx, current int, today time.Time) error {
	for _, o := range demoOutcomes {
		year := current + o.yearOffset
		var activityID, institutionID int64
		err := tx.QueryRow(ctx, `
			SELECT a.id, a.institution_id FROM activities a
			JOIN programmes p ON p.id = a.programme_id JOIN institutions i ON i.id = a.institution_id
			WHERE i.slug = $1 AND p.code = $2 AND a.title = $3 AND a.academic_year = $4`,
			o.institution, o.programme, o.title, year).Scan(&activityID, &institutionID)
		if err != nil {
			return fmt.Errorf("outcomes of %q: %w", o.title, err)
		}
		var exists bool
		// Evidence counts too: loaded before an activity's first session,
		// it gets its evidence and no outcome yet.
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM outcomes WHERE activity_id = $1) OR EXISTS (SELECT 1 FROM evidence WHERE activity_id = $1)`,
			activityID).Scan(&exists); err != nil {
			return err
		}
		if exists {
			continue
		}
		rows, err := tx.Query(ctx, `SELECT id, session_date FROM activity_sessions WHERE activity_id = $1 AND session_date < $2 ORDER BY session_date`, activityID, today)
		if err != nil {
			return err
		}
		type past struct {
			id   int64
			date time.Time
		}
		sessions, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (past, error) {
			var p past
			return p, r.Scan(&p.id, &p.date)
		})
		if err != nil {
			return err
		}
		if len(sessions) > o.leave {
			sessions = sessions[:len(sessions)-o.leave]
		} else {
			sessions = nil
		}
		var firstOutcome int64
		for i, s := range sessions {
			attendance := o.attendance[i%len(o.attendance)]
			var id int64
			// The full write-up goes on the first outcome; later ones
			// record attendance.
			worked, change, quotes, next := "", "", "", ""
			if i == 0 {
				worked, change, quotes, next = o.worked, o.change, o.quotes, o.next
			}
			err := tx.QueryRow(ctx, `
				INSERT INTO outcomes (institution_id, activity_id, session_id, outcome_date, attendance, invited, staff_present,
					what_worked, what_to_change, aims_met, student_quotes, next_steps, recorded_by)
				SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, id FROM users WHERE lower(email) = lower($13)
				RETURNING id`,
				institutionID, activityID, s.id, s.date, attendance, o.invited, o.staff, worked, change, o.aimsMet, quotes, next, o.recordedBy).Scan(&id)
			if err != nil {
				return fmt.Errorf("outcome of %q: %w", o.title, err)
			}
			if i == 0 {
				firstOutcome = id
			}
		}
		for _, e := range o.evidence {
			var outcome *int64
			if firstOutcome != 0 {
				outcome = &firstOutcome
			}
			var sample, rate *int
			if e.sampleSize > 0 {
				sample = &e.sampleSize
			}
			if e.responseRate > 0 {
				rate = &e.responseRate
			}
			_, err := tx.Exec(ctx, `
				INSERT INTO evidence (institution_id, activity_id, outcome_id, title, kind, strength, notes, instrument, sample_size,
					response_rate, link_url, created_by)
				SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, id FROM users WHERE lower(email) = lower($12)`,
				institutionID, activityID, outcome, e.title, e.kind, e.strength, e.notes, e.instrument, sample, rate, e.link, o.recordedBy)
			if err != nil {
				return fmt.Errorf("evidence %q: %w", e.title, err)
			}
		}
	}
	return nil
}

package seed

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// The network's generated case studies are put together from independent
// parts, as real write-ups differ: the kind of activity, how it was run
// (a method, which carries its own title, placement and cost), what came of
// it (an outcome, with how it was measured), the cohort it was for, and
// what the team learned. Each institution draws different combinations,
// so two case studies of the same kind read as two pieces of work, not one
// template with the subject changed. %[1]s in a text is the discipline,
// %[2]s the same in lower case.

// libraryMethod is one way of running a kind of activity.
type libraryMethod struct {
	title, summary, did, partnership, inclusivity, cost string
	stage, placement                                    string
}

// libraryOutcome is one result of a kind of activity, with its evidence:
// a sentence for the summary, the impact section and its strength.
type libraryOutcome struct {
	summary, impact string
	strength        int
}

// libraryKind gathers the methods and outcomes of one kind of activity.
type libraryKind struct {
	kind       string
	dimensions []string
	methods    []libraryMethod
	outcomes   []libraryOutcome
}

var libraryKinds = []libraryKind{
	{kind: "social", dimensions: []string{"peers", "wellbeing"},
		methods: []libraryMethod{
			{title: "Tea and toast before the 9am lab: %[1]s's breakfast for early travellers",
				summary:     "A free breakfast in the teaching lab's foyer from 8:15 gave students who arrive on the first train somewhere warm to wait and someone to talk to.",
				did:         "Every Tuesday and Thursday of term 1 the %[2]s technicians put out tea, toast and fruit outside the teaching lab from 8:15. Lab partners for the day were posted on the door, so students met the person they would work with over breakfast.",
				partnership: "Second-year students staffed the table in pairs and chose the music.",
				inclusivity: "Inside the timetabled day and free; the foyer is step-free, and the food was vegan and halal.",
				cost:        "About £35 a session for food, and half an hour of a technician's time.",
				stage:       "term_1", placement: "curricular"},
			{title: "Walking seminars in %[1]s: a weekly walk instead of a coffee morning",
				summary:     "Once a week the seminar left the room: groups of six walked a set route around campus with a question from the week's reading, then met back for ten minutes to share what they had said.",
				did:         "We swapped one seminar a fortnight for a 40-minute walk. Each group of six had a question card and one rule: everyone answers before the group moves on. Routes were step-free loops of under a mile.",
				partnership: "Course representatives chose the routes and wrote half the question cards.",
				inclusivity: "Timetabled, so nobody stayed late; a seated indoor option ran in parallel for anyone who could not walk or did not want to.",
				cost:        "Nothing beyond the seminar leaders' usual time and some printing.",
				stage:       "term_1", placement: "curricular"},
			{title: "A Friday lunch table for %[1]s students who live at home",
				summary:     "A reserved table in the refectory every Friday, with a member of staff at it, gave commuting students a fixed place to eat with others from the course rather than alone between lectures.",
				did:         "From week 2 a long table in the refectory carried a sign for %[2]s students, every Friday from 12:00 to 13:30. A lecturer or the course administrator sat there each week; students brought their own food or used a £3 voucher.",
				partnership: "The students' union commuter officer suggested it and promoted it.",
				inclusivity: "In the lunch gap of the timetabled day, alcohol-free, and open to anyone, not only commuters, so nobody had to say why they came.",
				cost:        "£300 in meal vouchers over the term and an hour a week of staff time.",
				stage:       "term_1", placement: "co_curricular"},
		},
		outcomes: []libraryOutcome{
			{summary: "Around a third of the cohort came most weeks, and commuters were over-represented among them.",
				impact: "Weekly counts averaged 31% of the cohort. In a short survey at the end of term, 48% of those who came travel more than 40 minutes, against 35% of the cohort.", strength: 1},
			{summary: "Students who came were more likely to say they had someone on the course to ask for help.",
				impact: "In the January pulse survey (N = 112, 64% response) agreement with *I have someone on my course I can ask for help* was 4.1 out of 5 among those who came at least five times and 3.4 among those who did not.", strength: 2},
			{summary: "Numbers fell away after reading week, and the team moved the sessions rather than stopping them.",
				impact: "Attendance was 40 to 50 in the first five weeks and under 15 after reading week, when the timetable changed. Comments on feedback cards were warm but few.", strength: 1},
		}},
	{kind: "meet_researcher", dimensions: []string{"staff", "confidence"},
		methods: []libraryMethod{
			{title: "Speed-meeting the %[1]s department: ten researchers in an hour",
				summary:     "In welcome week new students rotated round ten tables, meeting a researcher at each for five minutes and collecting a signature on a card.",
				did:         "Ten staff from across %[2]s each brought one object from their research and five minutes of explanation. Students moved on at a bell. A completed card earned a department mug.",
				partnership: "Final-year students hosted each table with the researcher and kept time.",
				inclusivity: "Timetabled in welcome week and free; a quiet room with two tables was set aside for students who find crowds hard.",
				cost:        "£250 for mugs and printing; an hour from each researcher.",
				stage:       "welcome_week", placement: "curricular"},
			{title: "Lunch with a lecturer: %[1]s students book a table with the person who teaches them",
				summary:     "First years signed up in fours to have lunch with one lecturer, paid for by the school, once in term 1 and once in term 2.",
				did:         "A sign-up sheet listed each lecturer's free lunchtimes. Groups of four had an hour in the staff dining room, with no agenda beyond a card of suggested questions: *what got you into this?*, *what do you do when you are stuck?*",
				partnership: "The student-staff committee wrote the question card and chased sign-ups.",
				inclusivity: "Lunchtimes on campus days only, so commuters were not asked to come in specially; every dietary need was met.",
				cost:        "£8 a head for lunch, about £1,400 over the year, and an hour of each lecturer's time per group.",
				stage:       "term_1", placement: "co_curricular"},
			{title: "Research stories podcast: %[1]s staff interviewed by first-year students",
				summary:     "Pairs of first years recorded fifteen-minute interviews with researchers in the department, released weekly to the whole cohort.",
				did:         "Each pair had a short training session on recording and interviewing, chose a researcher from a list, and recorded in the library's media room. The programme team edited lightly and released one episode a week.",
				partnership: "Students chose whom to interview, wrote their questions and named the series.",
				inclusivity: "Episodes had transcripts; recording slots were offered online as well as on campus.",
				cost:        "Two microphones (£180) and about four hours of editing a week.",
				stage:       "term_2", placement: "extra_curricular"},
		},
		outcomes: []libraryOutcome{
			{summary: "More first years could name a member of staff they would approach for help.",
				impact: "A before-and-after pulse (N = 84, 58% response) showed agreement with *I know members of staff I could approach* rising from 2.8 to 3.7 out of 5.", strength: 2},
			{summary: "Students began asking about summer research placements weeks earlier than in previous years.",
				impact: "Enquiries about summer placements reached 26 by February, against 9 the year before. Staff said students greeted them by name in corridors.", strength: 1},
			{summary: "Staff valued it as much as students did, and several asked to take part the next year.",
				impact: "All ten researchers asked to return. Feedback from 61 students was positive, though a few said the format felt rushed.", strength: 1},
		}},
	{kind: "mentoring", dimensions: []string{"peers", "confidence"},
		methods: []libraryMethod{
			{title: "A buddy scheme for %[1]s students joining in January",
				summary:     "Students who start in January, after friendships have formed, were each paired with a buddy from the September intake.",
				did:         "Buddies volunteered in November, had an hour's training, and met their January starter on the first day. Each pair met at least three times in the first month; a shared chat group joined all the pairs.",
				partnership: "September-intake students designed the training and wrote the welcome pack.",
				inclusivity: "Meetings could be online; buddies were matched on commuting or caring circumstances where students asked for it.",
				cost:        "£20 of refreshments per pair and about a day of the course administrator's time.",
				stage:       "term_2", placement: "co_curricular"},
			{title: "Peer mentors for mature %[1]s students returning to study",
				summary:     "Mature students who had been through the first year mentored new mature entrants in small groups that met in the evening online.",
				did:         "Groups of four new students and one mentor met online every other week in term 1, with topics the mentors chose: timetables around childcare, reading academic papers again, asking for extensions.",
				partnership: "Mentors were paid student staff and shaped the topics each fortnight.",
				inclusivity: "Online and in the evening, because most mature students work or care for others during the day.",
				cost:        "£1,800 for mentors' pay and a few hours of a tutor's time.",
				stage:       "term_1", placement: "extra_curricular"},
			{title: "Transition mentoring into the second year of %[1]s",
				summary:     "Second-year mentors ran two sessions in the summer term telling first years what changes in year 2 and how to prepare over the summer.",
				did:         "Trained second years led small-group sessions in May and June, with a question list written in advance and a summary sent to every first year afterwards.",
				partnership: "Mentors wrote the question list and the summary.",
				inclusivity: "Held at lunchtime, with an online room for students not on campus.",
				cost:        "£900 for mentors' pay.",
				stage:       "transition", placement: "co_curricular"},
		},
		outcomes: []libraryOutcome{
			{summary: "Most mentees said they felt ready for what came next.",
				impact: "Of 46 mentees who answered, 80% agreed they felt prepared, against 57% in the same survey the year before.", strength: 2},
			{summary: "Continuation of the group it was for rose, compared with the two years before.",
				impact: "Continuation into year 2 among the students it was for was 91%, against 84% and 85% in the two previous years, with a similar intake.", strength: 2},
			{summary: "Mentors gained as much as mentees, and several became course representatives.",
				impact: "Seven of twelve mentors stood for course representative the next year. Mentees' comments were positive but only 19 answered.", strength: 1},
		}},
	{kind: "extended_induction", dimensions: []string{"confidence", "staff"},
		methods: []libraryMethod{
			{title: "Induction that does not stop: a %[1]s skills strand through terms 1 and 2",
				summary:     "Instead of a single induction week, a fortnightly skills strand in the core module carried induction on until Easter.",
				did:         "Eight one-hour sessions in the core %[2]s module covered note-making, reading lists, the first assignment, feedback and exams, each timed to the week students needed it.",
				partnership: "Students voted on the topic of the last two sessions.",
				inclusivity: "Timetabled inside the module, recorded, and with slides sent beforehand.",
				cost:        "The module team's time only.",
				stage:       "term_2", placement: "curricular"},
			{title: "Orientation in weeks 1 to 6: a %[1]s welcome that lasts half a term",
				summary:     "Welcome activities were spread over six weeks rather than packed into the first, with one short activity at the end of each week's lecture.",
				did:         "Each week ended with fifteen minutes on one thing: the library, the building, the personal tutor system, the students' union, wellbeing support and how to give feedback.",
				partnership: "Course representatives led two of the six weeks.",
				inclusivity: "Inside the lecture slot, so every student was there.",
				cost:        "Nothing beyond staff time.",
				stage:       "term_1", placement: "curricular"},
			{title: "Personal tutor groups that meet all year in %[1]s",
				summary:     "Each first year kept the same personal tutor and group of eight all year, meeting every three weeks.",
				did:         "Tutor groups met twelve times, each with a short task linked to that point in the year, from reading feedback to choosing options.",
				partnership: "Tutor groups chose one meeting's topic each term.",
				inclusivity: "Timetabled, with an online option for students on placement.",
				cost:        "Tutors' time, about twelve hours each over the year.",
				stage:       "term_1", placement: "curricular"},
		},
		outcomes: []libraryOutcome{
			{summary: "First-sit pass rates in the core module rose.",
				impact: "The first-sit pass rate in the core module was 89%, against 82% the year before. Other changes were made to the module too, so we do not claim it all.", strength: 2},
			{summary: "Students said they knew where to go for help, which the old induction week had not achieved.",
				impact: "In the mid-year pulse, 78% agreed they knew where to get help with their studies, against 61% the year before.", strength: 2},
			{summary: "Attendance stayed high, and tutors said they knew their students better.",
				impact: "Attendance averaged 87%. Tutors said they could write references for first years by name for the first time.", strength: 1},
		}},
	{kind: "small_group", dimensions: []string{"peers", "staff", "inclusion"},
		methods: []libraryMethod{
			{title: "Learning communities of eight in first-year %[1]s",
				summary:     "Mixed groups of eight, chosen by the programme team rather than by friendship, met weekly with a tutor for the whole of term 1.",
				did:         "Groups mixed students by route of entry, home or international status and where they live. Each week had a problem to solve together and a short reflection.",
				partnership: "Second-year students co-tutored half the groups.",
				inclusivity: "Timetabled; groups were kept the same all term so nobody had to find a group again.",
				cost:        "Tutors' time and £600 for co-tutors' pay.",
				stage:       "term_1", placement: "curricular"},
			{title: "Team-based learning in %[1]s: the same team for every workshop",
				summary:     "The core module's workshops were rebuilt around permanent teams of five who worked together on every task.",
				did:         "Teams took readiness tests together, worked on applied problems and gave each other feedback at mid-term and at the end.",
				partnership: "Students wrote the team charter template used by every team.",
				inclusivity: "Inside timetabled workshops; teams agreed how to include members who could not attend in person.",
				cost:        "A summer of redesign by two staff; no running cost.",
				stage:       "term_1", placement: "curricular"},
			{title: "Study circles for %[1]s students on placement",
				summary:     "Students away on placement met online in circles of six every fortnight to keep in touch with each other and the course.",
				did:         "Circles met for an hour online with a prompt from the placement tutor, and once a term in person on campus.",
				partnership: "Students returning from placement wrote the prompts.",
				inclusivity: "Online, in the evening, to fit around placement hours.",
				cost:        "A placement tutor's time, two hours a fortnight.",
				stage:       "term_3", placement: "co_curricular"},
		},
		outcomes: []libraryOutcome{
			{summary: "Students from under-represented groups said they felt they belonged more by the end of term.",
				impact: "Among first-generation and minority ethnic students (N = 41) mean belonging rose from 3.1 to 3.8 out of 5 between October and December; the rise among other students was smaller.", strength: 2},
			{summary: "A comparison with the previous cohort showed higher continuation.",
				impact: "Continuation was 93% against 87% for the previous cohort, with a comparable intake on entry grades and background. Type 3 evidence from a historical comparison group, with its limits.", strength: 3},
			{summary: "Students liked working in teams once they got past the first awkward weeks.",
				impact: "End-of-module feedback named the team as the best part of the module in 38 of 90 comments.", strength: 1},
		}},
	{kind: "co_created_resource", dimensions: []string{"voice", "mattering"},
		methods: []libraryMethod{
			{title: "A student-made guide to starting %[1]s",
				summary:     "Current students wrote and illustrated a guide for new students, sent a month before arrival.",
				did:         "Six paid student authors gathered the questions they had had before starting, answered them in their own words and drew the maps.",
				partnership: "Students wrote every word; staff checked the facts.",
				inclusivity: "Sent as an accessible web page and a printed booklet; available in large print.",
				cost:        "£1,200 for authors' pay and £400 for printing.",
				stage:       "pre_arrival", placement: "extra_curricular"},
			{title: "Videos about the first week, made by %[1]s students",
				summary:     "Second years filmed short videos answering new students' questions, organised by theme and released over the summer.",
				did:         "Students organised a question drive on the offer-holder forum, chose the twelve commonest questions and filmed answers on their phones.",
				partnership: "The whole project was run by a team of four students.",
				inclusivity: "Every video captioned; transcripts on the same page.",
				cost:        "£800 for the students' time.",
				stage:       "pre_arrival", placement: "extra_curricular"},
			{title: "A glossary of %[1]s jargon, written with first years",
				summary:     "First years collected the words that baffled them in their first month and wrote plain definitions with staff.",
				did:         "A shared document collected puzzling words each week; a lecturer and two students wrote definitions, and the glossary went into the module handbook.",
				partnership: "Students chose the words and wrote the first drafts.",
				inclusivity: "Written in plain English and checked by the disability advice team.",
				cost:        "A few hours of staff time.",
				stage:       "term_1", placement: "curricular"},
		},
		outcomes: []libraryOutcome{
			{summary: "New students said it answered the questions they were afraid to ask.",
				impact: "In the welcome week survey, 72% of new students had used it and most named it as their most useful source.", strength: 1},
			{summary: "Questions to the course office in welcome week fell by a third.",
				impact: "Emails to the course office in welcome week fell from 214 to 139.", strength: 2},
			{summary: "Students who made it said they felt the course valued what they knew.",
				impact: "All the student authors said in interviews they felt their experience mattered to the department.", strength: 1},
		}},
	{kind: "shared_space", dimensions: []string{"peers", "wellbeing"},
		methods: []libraryMethod{
			{title: "A common room for %[1]s students, run by the students",
				summary:     "A disused seminar room became a common room, with a kettle, sofas and lockers, run by a student committee.",
				did:         "The department gave the room and £2,000 for furniture; a committee of students ran bookings and rules.",
				partnership: "The committee designed the room and ran it.",
				inclusivity: "Step-free, with a quiet corner; lockers prioritised for commuters.",
				cost:        "£2,000 for furniture, and cleaning.",
				stage:       "term_3", placement: "co_curricular"},
			{title: "Studio hours: keeping the %[1]s studio open late, with a technician",
				summary:     "The studio stayed open until 20:00 twice a week with a technician present, giving students space to work alongside each other.",
				did:         "Two late openings a week, with a technician on hand and a short crit at 18:00 that anyone could join.",
				partnership: "Students asked for it in the student-staff committee and chose the days.",
				inclusivity: "Free, alcohol-free; the crit was also streamed for students who had gone home.",
				cost:        "A technician's overtime, about £3,500 a year.",
				stage:       "term_2", placement: "co_curricular"},
			{title: "Lockers and a quiet room for %[1]s commuters and carers",
				summary:     "A small room with lockers, a microwave and a phone-charging point was set aside for students who spend long days on campus.",
				did:         "The room opened in term 1 with 40 lockers allocated by request; a noticeboard carried lift-share offers.",
				partnership: "The students' union's mature and commuter officer helped choose what went in it.",
				inclusivity: "Open all day, step-free, with a baby-changing table.",
				cost:        "£1,500 for lockers and fittings.",
				stage:       "term_1", placement: "extra_curricular"},
		},
		outcomes: []libraryOutcome{
			{summary: "The room was full at lunchtimes, and students asked for it to stay.",
				impact: "Counts at 13:00 averaged 24 students. A petition of 110 students asked to keep it.", strength: 1},
			{summary: "Students who used it said they felt the department cared about them.",
				impact: "In the end-of-year survey, 81% of users agreed the department cared about students like them, against 63% of non-users.", strength: 2},
			{summary: "Usage was lower than hoped until the room was moved nearer teaching.",
				impact: "Use was light in term 1; after the move in term 2, counts doubled.", strength: 1},
		}},
	{kind: "research_conference", dimensions: []string{"confidence", "mattering", "voice"},
		methods: []libraryMethod{
			{title: "A student research conference in %[1]s",
				summary:     "Final-year students presented their projects to younger years at a one-day conference.",
				did:         "Talks in two rooms, posters over lunch and a closing panel of alumni.",
				partnership: "A student committee chose themes and chaired sessions.",
				inclusivity: "Timetabled for every year and free, with dietary needs met.",
				cost:        "£1,100 for catering.",
				stage:       "final_year", placement: "co_curricular"},
			{title: "First years present too: a %[1]s poster afternoon for every year",
				summary:     "A poster afternoon where first-year groups showed their term 1 projects beside final-year dissertations.",
				did:         "Every first-year group made a poster as part of the module; final years showed theirs; staff and students voted for prizes.",
				partnership: "Second years judged the first-year posters.",
				inclusivity: "Inside timetabled hours; posters could also be shown as a short recording.",
				cost:        "£600 for printing and refreshments.",
				stage:       "term_2", placement: "curricular"},
			{title: "An online research symposium for part-time %[1]s postgraduates",
				summary:     "A half-day online symposium, on a Saturday morning, where part-time postgraduates presented work in progress.",
				did:         "Fifteen-minute talks with a discussant for each, in a video call, with breakout rooms for questions.",
				partnership: "Postgraduate representatives planned the programme.",
				inclusivity: "Online and at a weekend, for students who work full-time.",
				cost:        "Staff time only.",
				stage:       "postgraduate", placement: "co_curricular"},
		},
		outcomes: []libraryOutcome{
			{summary: "Presenters grew in confidence; younger students said it showed them what they could do.",
				impact: "Feedback from 88 attenders; 70% of first years said it made them more confident about their own final year.", strength: 1},
			{summary: "Younger students who attended chose research-based projects in greater numbers.",
				impact: "The share of students choosing a research project rose from 34% to 45% over two years.", strength: 2},
			{summary: "Turnout was modest, but those who came asked for it every term.",
				impact: "22 presenters and about 40 in the audience; every presenter asked for another.", strength: 1},
		}},
}

// libraryContexts describe the cohort; %[1]s is the discipline, %[3]s the
// institution's kind, %[4]d the cohort's size.
var libraryContexts = []string{
	"%[3]s; %[1]s, a first-year cohort of %[4]d, most living in halls within walking distance.",
	"%[3]s; %[1]s, a cohort of %[4]d in which six in ten students commute more than 45 minutes each way.",
	"%[3]s; %[1]s, a cohort of %[4]d with many mature students, a quarter with caring responsibilities.",
	"%[3]s; %[1]s, a cohort of %[4]d, nearly half international students, several arriving late because of visas.",
	"%[3]s; %[1]s, a cohort of %[4]d, most of them the first in their family to go to university.",
	"%[3]s; %[1]s, a small cohort of %[4]d taught across two sites.",
	"%[3]s; %[1]s, a cohort of %[4]d including a foundation year and a part-time route.",
}

var libraryLessons = []string{
	"- Start in week 1, before friendship groups settle\n- Keep it the same time and place each week",
	"- Ask students what would help before planning anything\n- Pilot with one cohort first",
	"- A named member of staff matters more than the format\n- Say clearly who it is for, and that everyone is welcome",
	"- Put it inside the timetable if you want commuters to come\n- Count who comes, not just how many",
	"- Pay students for their time\n- Give them real decisions, not a consultation",
	"- Plan the evaluation before you start: a baseline is hard to get afterwards\n- A comparison group can be last year's cohort",
	"- Book rooms months ahead\n- Expect numbers to fall after reading week, and plan for it",
}

var libraryAdvice = []string{
	"Talk to the students you want to reach before you plan.",
	"Do less, for longer: a small thing every week beats a big event once.",
	"Find a colleague in professional services early; they know what students ask.",
	"Write down what you intend to change, so you can tell whether it did.",
	"Let students lead wherever they are willing to; staff can carry the paperwork.",
}

// libraryCaseStudy puts one generated case study together: the n-th of
// the inst-th network institution. Kinds, methods, outcomes, contexts and
// lessons advance at different steps, so combinations do not repeat in
// step with each other.
func libraryCaseStudy(inst, n int, kindOfInstitution, discipline string, rng *rand.Rand) (demoCaseStudy, libraryKind, libraryMethod, libraryOutcome) {
	k := libraryKinds[(n+inst*3)%len(libraryKinds)]
	m := k.methods[(n/len(libraryKinds)+inst)%len(k.methods)]
	o := k.outcomes[(n/len(libraryKinds)*2+inst)%len(k.outcomes)]
	lower := strings.ToLower(discipline)
	f := func(s string) string {
		if !strings.Contains(s, "%[") {
			return s
		}
		return fmt.Sprintf(s, discipline, lower)
	}
	cohort := 40 + rng.IntN(230)
	cs := demoCaseStudy{
		title:   f(m.title),
		summary: f(m.summary) + " " + o.summary,
		sections: [8]string{
			fmt.Sprintf(libraryContexts[(n*3+inst)%len(libraryContexts)], discipline, lower, kindOfInstitution, cohort),
			f(m.did),
			f(m.partnership),
			f(m.inclusivity),
			o.impact,
			libraryLessons[(n*5+inst*2)%len(libraryLessons)],
			libraryAdvice[(n+inst)%len(libraryAdvice)],
			f(m.cost),
		},
	}
	return cs, k, m, o
}

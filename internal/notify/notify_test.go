package notify_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/google/go-cmp/cmp"

	"belonging/internal/acyear"
	"belonging/internal/config"
	"belonging/internal/jobs"
	"belonging/internal/mail"
	"belonging/internal/notify"
	"belonging/internal/store"
	"belonging/internal/testkit"
	"belonging/web/paths"
)

func TestMain(m *testing.M) { testkit.Main(m) }

const (
	admin        = "admin@northbridge.ac.uk"
	director     = "director@northbridge.ac.uk"
	leader       = "leader@northbridge.ac.uk"
	member       = "member@northbridge.ac.uk"
	otherAdmin   = "admin@eastmere.ac.uk"
	otherDirect  = "director@eastmere.ac.uk"
	reviewedCase = "Pizza evenings run by the student society"
)

// world is the app working its job queue and sending through a real SMTP
// server, beside a Notifier on the same database whose clock the test
// sets, for the look-ups that time makes due. Their emails are jobs the
// app's workers send.
type world struct {
	t    *testing.T
	app  *testkit.App
	smtp *testkit.SMTP
	n    *notify.Notifier
	now  time.Time
	seen int
	// ready is when the app's own start-up look-ups were done.
	ready time.Time
}

// viaSMTP sends the app's email through srv.
func viaSMTP(srv *testkit.SMTP) testkit.Option {
	return func(c *config.Config) {
		c.SMTPHost, c.SMTPPort, c.SMTPTLS, c.SMTPAuth, c.SMTPCAFile = srv.Host, srv.Port, "starttls", "none", srv.CAFile
		c.SMTPFrom = "Belonging <belonging@northbridge.ac.uk>"
	}
}

func newWorld(t *testing.T) *world {
	t.Helper()
	return newWorldWith(t, testkit.SMTPOptions{})
}

// newWorldWith is newWorld with a mail server that behaves as opts say.
func newWorldWith(t *testing.T, opts testkit.SMTPOptions) *world {
	t.Helper()
	srv := testkit.NewSMTP(t, opts)
	app := testkit.NewApp(t, testkit.Working, viaSMTP(srv))
	w := &world{t: t, app: app, smtp: srv}
	queue := jobs.New()
	w.n = &notify.Notifier{Pool: app.Pool, Queries: store.New(app.Pool), Queue: queue,
		Sender:  &mail.Sender{Queries: store.New(app.Pool), Domain: "belonging.test"},
		BaseURL: app.URL, Key: app.Config.SigningKey, Now: func() time.Time { return w.now }}
	w.n.Register(queue)
	if err := queue.Open(app.Pool, jobs.Options{RescueAfter: time.Hour, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}); err != nil {
		t.Fatal(err)
	}
	// The app's workers run each periodic look-up once as they start, at
	// the real time. Wait for those and their emails, so what the test
	// then receives is of its own doing.
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		n := testkit.Scalar[int](t, app, `SELECT count(DISTINCT kind) FROM river_job
			WHERE kind IN ('notices', 'failure_notices', 'digest') AND state = 'completed'`)
		if n == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the app's workers did not run the notification look-ups within 60 s of starting")
		}
	}
	app.WaitForJobs()
	w.seen = len(srv.Messages())
	w.ready = testkit.Scalar[time.Time](t, app, `SELECT now()`)
	return w
}

// at sets the test's clock to a UK date and time.
func (w *world) at(date string, hour, minute int) {
	d, err := time.ParseInLocation("2006-01-02", date, acyear.London)
	if err != nil {
		w.t.Fatal(err)
	}
	w.now = time.Date(d.Year(), d.Month(), d.Day(), hour, minute, 0, 0, acyear.London)
}

// set chooses how the person with email hears of kind.
func (w *world) set(email, kind, delivery string) {
	testkit.Exec(w.t, w.app, `INSERT INTO notification_settings (user_id, kind, delivery)
		SELECT id, $2, $3 FROM users WHERE email = $1
		ON CONFLICT (user_id, kind) DO UPDATE SET delivery = excluded.delivery`, email, kind, delivery)
}

func (w *world) signIn(email string) *testkit.Client {
	c := w.app.Client()
	c.SignIn(email, testkit.DemoPassword)
	return c
}

// received waits for the queue to settle and returns the emails sent
// since the last look, by recipient. Every recipient must be a member of
// staff with an account: nothing can reach a student, who has none.
func (w *world) received() map[string][]testkit.Letter {
	w.t.Helper()
	w.app.WaitForJobs()
	msgs := w.smtp.Messages()
	got := map[string][]testkit.Letter{}
	for _, m := range msgs[w.seen:] {
		l := m.Letter(w.t)
		for _, to := range l.To {
			if n := testkit.Scalar[int](w.t, w.app, `SELECT count(*) FROM users WHERE email = $1 AND institution_id IS NOT NULL`, to); n != 1 {
				w.t.Errorf("an email went to %s, who is not a member of an institution's staff", to)
			}
			got[to] = append(got[to], l)
		}
	}
	w.seen = len(msgs)
	return got
}

// subjects is who received what, in order.
func subjects(got map[string][]testkit.Letter) map[string][]string {
	out := map[string][]string{}
	for to, ls := range got {
		for _, l := range ls {
			out[to] = append(out[to], l.Subject)
		}
		// The workers send a person's emails side by side, so they
		// arrive in any order: compare them sorted.
		slices.Sort(out[to])
	}
	return out
}

// expect checks who received which subjects since the last look, and
// returns the letters.
func (w *world) expect(what string, want map[string][]string) map[string][]testkit.Letter {
	w.t.Helper()
	got := w.received()
	for _, list := range want {
		slices.Sort(list)
	}
	if diff := cmp.Diff(want, subjects(got)); diff != "" {
		w.t.Errorf("%s: emails by recipient (-want +got):\n%s", what, diff)
	}
	return got
}

// noted counts the notifications of kind the test made for the person
// with email, by how they are delivered.
func (w *world) noted(email, kind string) map[string]int {
	w.t.Helper()
	rows, err := w.app.Pool.Query(context.Background(), `SELECT n.delivery, count(*) FROM notifications n JOIN users u ON u.id = n.user_id
		WHERE u.email = $1 AND n.kind = $2 AND n.created_at >= $3 GROUP BY n.delivery`, email, kind, w.ready)
	if err != nil {
		w.t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var d string
		var n int
		if err := rows.Scan(&d, &n); err != nil {
			w.t.Fatal(err)
		}
		out[d] = n
	}
	if err := rows.Err(); err != nil {
		w.t.Fatal(err)
	}
	return out
}

// A request to share a case study beyond the institution reaches the
// programme's directors and the institution's admins (not its author, not
// another institution's staff); the decision reaches the author with the
// reviewer's comment. Each person's choice holds: in the digest means no
// email now, off means none at all.
func TestReviewNotifications(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.set(admin, notify.ReviewWaiting, notify.InDigest)
	author, reviewer := w.signIn(member), w.signIn(director)
	id := testkit.Scalar[int64](t, w.app, `SELECT id FROM case_studies WHERE title = $1`, reviewedCase)

	ask := func() {
		t.Helper()
		if resp := author.Post(paths.PublishCaseStudy(id), url.Values{"visibility": {"network"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("ask to share with the network = %d", resp.StatusCode)
		}
	}
	review := func(decision, comment string) {
		t.Helper()
		form := testkit.FormValues(reviewer.Get(paths.CaseStudyDraft(id, reviewedCase)).Doc().Find("section.review form"))
		form.Set("decision", decision)
		form.Set("comment", comment)
		if resp := reviewer.Post(paths.ReviewCaseStudy(id), form); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("review (%s) = %d: %s", decision, resp.StatusCode, testkit.FormErrors(resp))
		}
	}

	ask()
	got := w.expect("asking for review", map[string][]string{director: {"Case study to review: " + reviewedCase}})
	if l := got[director]; len(l) == 1 {
		if !strings.Contains(l[0].Text, w.app.URL+paths.CaseStudyDraft(id, reviewedCase)) {
			t.Errorf("the review email does not link to the draft to review:\n%s", l[0].Text)
		}
		if l[0].Header.Get("List-Unsubscribe") == "" {
			t.Error("the review email has no List-Unsubscribe header")
		}
	}
	if diff := cmp.Diff(map[string]int{notify.InDigest: 1}, w.noted(admin, notify.ReviewWaiting)); diff != "" {
		t.Errorf("the admin's review notifications by delivery (-want +got):\n%s", diff)
	}

	const comment = "Please add the attendance figures from the October evenings."
	review("changes", comment)
	got = w.expect("asking for changes", map[string][]string{member: {"Changes asked for: " + reviewedCase}})
	if l := got[member]; len(l) == 1 && !strings.Contains(l[0].Text, comment) {
		t.Errorf("the author's email does not quote the reviewer's comment %q:\n%s", comment, l[0].Text)
	}

	// Asked again, the request is new: the director hears of it again.
	w.set(member, notify.ReviewDecided, notify.Off)
	ask()
	w.expect("asking for review again", map[string][]string{director: {"Case study to review: " + reviewedCase}})
	review("approve", "")
	w.expect("approving, with the author's decisions off", map[string][]string{})
	if diff := cmp.Diff(map[string]int{notify.Immediate: 1}, w.noted(member, notify.ReviewDecided)); diff != "" {
		t.Errorf("the author's decision notifications by delivery (-want +got):\n%s", diff)
	}
}

var invitationLink = regexp.MustCompile(`/invitations/[A-Za-z0-9_-]{43}`)

// An accepted invitation is told to the admin who sent it, and to nobody
// else; an admin who turned the kind off hears nothing.
func TestInvitationAcceptedNotification(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	prog := testkit.Scalar[int64](t, w.app, `SELECT id FROM programmes WHERE code = 'B940'`)
	accept := func(inviter *testkit.Client, email, name string) {
		t.Helper()
		resp := inviter.Post(paths.Invite, url.Values{"email": {email}, "role": {"director"}, "programme": {strconv.FormatInt(prog, 10)}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("invite %s = %d: %s", email, resp.StatusCode, testkit.FormErrors(resp))
		}
		w.app.WaitForJobs()
		var link string
		for _, m := range w.smtp.Messages()[w.seen:] {
			if l := m.Letter(t); slices.Contains(l.To, email) {
				link = invitationLink.FindString(l.Text)
			}
		}
		if link == "" {
			t.Fatalf("no invitation with a link reached %s", email)
		}
		w.seen = len(w.smtp.Messages())
		if resp := w.app.Client().Post(link, url.Values{"name": {name}, "password": {"maple harbour lantern"}, "confirm_password": {"maple harbour lantern"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("accept = %d: %s", resp.StatusCode, testkit.FormErrors(resp))
		}
	}

	inviter := w.signIn(admin)
	accept(inviter, "n.evans@northbridge.ac.uk", "Dr Nia Evans")
	got := w.expect("an invitation accepted", map[string][]string{admin: {"Dr Nia Evans accepted your invitation"}})
	if l := got[admin]; len(l) == 1 && !strings.Contains(l[0].Text, "B940 BSc Biomedical Science") {
		t.Errorf("the email does not say the role's programme:\n%s", l[0].Text)
	}

	w.set(admin, notify.InvitationAccepted, notify.Off)
	accept(inviter, "o.price@northbridge.ac.uk", "Owen Price")
	w.expect("an invitation accepted, with the kind off", map[string][]string{})
}

// A survey closed early by a colleague tells whoever set it up that the
// results are ready; one closed by whoever set it up tells nobody.
func TestSurveyClosedNotification(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	open := func(createdBy string) (int64, string) {
		t.Helper()
		var id int64
		var title string
		err := w.app.Pool.QueryRow(context.Background(), `
			UPDATE surveys SET opens_at = now() - interval '7 days', closes_at = now() + interval '7 days',
			       created_by = (SELECT id FROM users WHERE email = $1), responses_deleted_on = NULL
			WHERE id = (SELECT min(s.id) FROM surveys s JOIN programmes p ON p.id = s.programme_id
			            WHERE p.code = 'C100' AND s.closes_at < now())
			RETURNING id, title`, createdBy).Scan(&id, &title)
		if err != nil {
			t.Fatal(err)
		}
		return id, title
	}
	closer := w.signIn(director)
	close := func(id int64) {
		t.Helper()
		if resp := closer.Post(paths.CloseSurvey(id), url.Values{}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("close survey %d = %d: %s", id, resp.StatusCode, testkit.FormErrors(resp))
		}
	}
	id, title := open(leader)
	close(id)
	w.expect("a survey closed by a colleague", map[string][]string{leader: {"Results ready: " + title}})
	id, _ = open(director)
	close(id)
	w.expect("a survey closed by whoever set it up", map[string][]string{})
}

// timely puts the fixtures of the look-ups that time makes due in place:
// the coffee mornings (module BIO1001, whose leader is its module leader)
// led for the test by a member of the team, with sessions on the days
// given and no outcome recorded. It returns the activity and its sessions.
func (w *world) timely(days ...string) (int64, []int64) {
	w.t.Helper()
	coffee := testkit.Scalar[int64](w.t, w.app, `
		UPDATE activities SET lead_id = (SELECT id FROM users WHERE email = $1)
		WHERE title = 'Coffee mornings before Monday''s Cell Biology lecture' AND academic_year = (SELECT max(academic_year) FROM activities)
		RETURNING id`, member)
	var sessions []int64
	for _, d := range days {
		sessions = append(sessions, w.session(coffee, d))
	}
	return coffee, sessions
}

func (w *world) session(activity int64, day string) int64 {
	w.t.Helper()
	return testkit.Scalar[int64](w.t, w.app, `INSERT INTO activity_sessions (institution_id, activity_id, session_date)
		SELECT institution_id, id, $2 FROM activities WHERE id = $1 RETURNING id`, activity, day)
}

// survey sets up a survey of the person's institution, by them, that
// closes at closes, and returns its title.
func (w *world) survey(createdBy string, closes time.Time) string {
	w.t.Helper()
	var title string
	err := w.app.Pool.QueryRow(context.Background(), `
		UPDATE surveys SET opens_at = $2::timestamptz - interval '14 days', closes_at = $2, responses_deleted_on = NULL,
		       created_by = (SELECT id FROM users WHERE email = $1)
		WHERE id = (SELECT min(s.id) FROM surveys s
		            WHERE s.institution_id = (SELECT institution_id FROM users WHERE email = $1) AND s.closes_at < now())
		RETURNING title`, createdBy, closes).Scan(&title)
	if err != nil {
		w.t.Fatal(err)
	}
	return title
}

func (w *world) title(activity int64) string {
	return testkit.Scalar[string](w.t, w.app, `SELECT title FROM activities WHERE id = $1`, activity)
}

// The look-ups that time makes due, from 08:00 UK time: an outcome due two
// days after a session (to the activity's lead and its module's leader, not
// for a session whose outcome is recorded), a survey that closes tomorrow
// and one whose results are ready (to whoever set each up), each
// institution's to its own staff, each person's choice honoured.
func TestTimelyNotifications(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	coffee, sessions := w.timely("2027-03-08", "2027-03-09") // a Monday and a Tuesday
	pizza := testkit.Scalar[int64](t, w.app, `SELECT id FROM activities WHERE title LIKE 'Pizza evenings%' ORDER BY academic_year DESC LIMIT 1`)
	recorded := w.session(pizza, "2027-03-08")
	testkit.Exec(t, w.app, `INSERT INTO outcomes (institution_id, activity_id, session_id, outcome_date)
		SELECT institution_id, activity_id, id, session_date FROM activity_sessions WHERE id = $1`, recorded)
	eastmere := testkit.Scalar[int64](t, w.app, `SELECT a.id FROM activities a JOIN users u ON u.id = a.lead_id
		WHERE u.email = $1 ORDER BY a.academic_year DESC, a.id LIMIT 1`, otherDirect)
	w.session(eastmere, "2027-03-08")
	w.set(leader, notify.OutcomeDue, notify.InDigest)

	closing := w.survey(leader, time.Date(2027, 3, 12, 0, 0, 0, 0, acyear.London)) // its last day is Thursday
	closed := w.survey(director, time.Date(2027, 3, 9, 18, 0, 0, 0, acyear.London))
	w.survey("r.osei@northbridge.ac.uk", time.Date(2027, 3, 9, 18, 0, 0, 0, acyear.London))
	w.set("r.osei@northbridge.ac.uk", notify.SurveyResults, notify.Off)

	w.at("2027-03-10", 9, 0)
	if err := w.n.FindDue(ctx); err != nil {
		t.Fatal(err)
	}
	monday := "Outcome due: " + w.title(coffee) + ", Monday 8 March"
	got := w.expect("the look-up at 09:00 on Wednesday", map[string][]string{
		member:      {monday},
		leader:      {"Closes tomorrow: " + closing},
		director:    {"Results ready: " + closed},
		otherDirect: {"Outcome due: " + w.title(eastmere) + ", Monday 8 March"},
	})
	for _, l := range got[member] {
		if want := w.app.URL + paths.NewSessionOutcome(coffee, sessions[0]); !strings.Contains(l.Text, want) {
			t.Errorf("the outcome reminder does not link to %s, where the outcome is recorded:\n%s", want, l.Text)
		}
	}
	if diff := cmp.Diff(map[string]int{notify.InDigest: 1}, w.noted(leader, notify.OutcomeDue)); diff != "" {
		t.Errorf("the module leader's outcome reminders by delivery (-want +got):\n%s", diff)
	}

	// The next hour's look notes nothing twice.
	w.at("2027-03-10", 10, 0)
	if err := w.n.FindDue(ctx); err != nil {
		t.Fatal(err)
	}
	w.expect("the look-up at 10:00", map[string][]string{})

	// Tuesday's session is due on Thursday, from eight.
	w.at("2027-03-11", 7, 59)
	if err := w.n.FindDue(ctx); err != nil {
		t.Fatal(err)
	}
	w.expect("the look-up at 07:59 on Thursday", map[string][]string{})
	w.at("2027-03-11", 8, 0)
	if err := w.n.FindDue(ctx); err != nil {
		t.Fatal(err)
	}
	w.expect("the look-up at 08:00 on Thursday", map[string][]string{member: {"Outcome due: " + w.title(coffee) + ", Tuesday 9 March"}})
}

// The Monday digest, in the week British Summer Time begins (Sunday 28
// March 2027): what was noted for it during the week goes in one email per
// person at 08:00 UK time on Monday (07:00 UTC, no longer 08:00), not
// before, and never twice however often the hourly look runs.
func TestDigestAcrossTheClockChange(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	coffee, _ := w.timely("2027-03-22", "2027-03-23")
	w.set(leader, notify.OutcomeDue, notify.InDigest)
	w.set(leader, notify.SurveyClosing, notify.InDigest)
	closing := w.survey(leader, time.Date(2027, 3, 26, 0, 0, 0, 0, acyear.London))
	for _, day := range []string{"2027-03-24", "2027-03-25"} {
		w.at(day, 9, 0)
		if err := w.n.FindDue(ctx); err != nil {
			t.Fatal(err)
		}
		// Noted now by the test's clock (the database's own is today).
		testkit.Exec(t, w.app, `UPDATE notifications SET created_at = $1 WHERE created_at > now() - interval '1 hour'`, w.now)
	}
	w.expect("the week's reminders", map[string][]string{member: {
		"Outcome due: " + w.title(coffee) + ", Monday 22 March",
		"Outcome due: " + w.title(coffee) + ", Tuesday 23 March",
	}})

	digests := func(when string, utc time.Time, want map[string][]string) map[string][]testkit.Letter {
		t.Helper()
		w.now = utc
		if err := w.n.QueueDigests(ctx); err != nil {
			t.Fatal(err)
		}
		return w.expect("the digest look-up at "+when, want)
	}
	digests("07:59 UK time on Monday", time.Date(2027, 3, 29, 6, 59, 0, 0, time.UTC), map[string][]string{})
	got := digests("08:00 UK time on Monday", time.Date(2027, 3, 29, 7, 0, 0, 0, time.UTC),
		map[string][]string{leader: {"Your week in Belonging"}})
	if l := got[leader]; len(l) == 1 {
		for _, want := range []string{"Outcomes to record", w.title(coffee), "Monday 22 March", "Tuesday 23 March", "Surveys closing", closing} {
			if !strings.Contains(l[0].Text, want) {
				t.Errorf("the digest does not say %q:\n%s", want, l[0].Text)
			}
		}
	}
	digests("09:00 UK time on Monday", time.Date(2027, 3, 29, 8, 0, 0, 0, time.UTC), map[string][]string{})
	digests("10:00 UK time on Monday, again", time.Date(2027, 3, 29, 9, 0, 0, 0, time.UTC), map[string][]string{})
	if n := testkit.Scalar[int](t, w.app, `SELECT count(*) FROM notifications WHERE delivery = 'digest' AND emailed_at IS NULL`); n != 0 {
		t.Errorf("notifications left for a digest after it was sent = %d, want 0", n)
	}
}

// DigestCutoff is Monday 08:00 UK time on either side of both clock
// changes.
func TestDigestCutoff(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ now, want time.Time }{
		// Summer time begins on Sunday 28 March 2027.
		{time.Date(2027, 3, 29, 6, 59, 0, 0, time.UTC), time.Date(2027, 3, 22, 8, 0, 0, 0, time.UTC)},
		{time.Date(2027, 3, 29, 7, 0, 0, 0, time.UTC), time.Date(2027, 3, 29, 7, 0, 0, 0, time.UTC)},
		// It ends on Sunday 31 October 2027.
		{time.Date(2027, 11, 1, 7, 59, 0, 0, time.UTC), time.Date(2027, 10, 25, 7, 0, 0, 0, time.UTC)},
		{time.Date(2027, 11, 1, 8, 0, 0, 0, time.UTC), time.Date(2027, 11, 1, 8, 0, 0, 0, time.UTC)},
		// Sunday evening belongs to the week before.
		{time.Date(2027, 11, 7, 23, 0, 0, 0, time.UTC), time.Date(2027, 11, 1, 8, 0, 0, 0, time.UTC)},
	} {
		if got := notify.DigestCutoff(c.now); !got.Equal(c.want) {
			t.Errorf("DigestCutoff(%s) = %s, want %s", c.now, got.UTC(), c.want)
		}
	}
}

// A job that gave up is told to its institution's admins alone: here an
// invitation the mail server refuses for good (550), which stops its job at
// once. The failure of such an email itself is told to nobody, so it
// cannot make another.
func TestJobFailedNotification(t *testing.T) {
	t.Parallel()
	const nobody = "nobody@northbridge.ac.uk"
	w := newWorldWith(t, testkit.SMTPOptions{RefuseOnly: []string{nobody},
		Refuse: &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "Mailbox unavailable"}})
	w.now = time.Now()
	prog := testkit.Scalar[int64](t, w.app, `SELECT id FROM programmes WHERE code = 'C100'`)
	resp := w.signIn(admin).Post(paths.Invite, url.Values{"email": {nobody}, "role": {"member"}, "programme": {strconv.FormatInt(prog, 10)}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("invite %s = %d: %s", nobody, resp.StatusCode, testkit.FormErrors(resp))
	}
	w.expect("an invitation the mail server refuses", map[string][]string{})
	if state := testkit.Scalar[string](t, w.app, `SELECT state::text FROM river_job WHERE kind = 'invitation_mail' ORDER BY id DESC LIMIT 1`); state != jobs.StateCancelled {
		t.Fatalf("the refused invitation's job is %s, want cancelled", state)
	}
	// Eastmere's failure is of an email about a failed job.
	testkit.Exec(t, w.app, `
		INSERT INTO river_job (args, attempt, attempted_at, errors, finalized_at, kind, max_attempts, metadata, priority, queue, state)
		VALUES ('{}', 12, now(), ARRAY[jsonb_build_object('at', now(), 'attempt', 12, 'error', '451 try again later', 'trace', '')],
		        now(), 'notification_mail', 12,
		        jsonb_build_object('institution_id', (SELECT institution_id FROM users WHERE email = $1), 'notice', 'job_failed'),
		        1, 'mail', 'discarded')`, otherAdmin)

	if err := w.n.FindFailed(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := w.expect("the look for failed jobs", map[string][]string{admin: {"A background job failed: Email: an invitation"}})
	if l := got[admin]; len(l) == 1 && (!strings.Contains(l[0].Text, "Mailbox unavailable") || !strings.Contains(l[0].Text, w.app.URL+paths.AdminJobs)) {
		t.Errorf("the failed-job email does not give the mail server's refusal and link to the failed jobs:\n%s", l[0].Text)
	}
}

package rights_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

func TestMain(m *testing.M) { testkit.Main(m) }

const (
	adminEmail    = "admin@northbridge.ac.uk"
	directorEmail = "director@northbridge.ac.uk"
	leaderEmail   = "leader@northbridge.ac.uk"
	leaderName    = "Dr Tom Okafor"
)

// unzip reads a downloaded archive into its files.
func unzip(t *testing.T, body []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("the download is not a zip: %v", err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name] = b
	}
	return files
}

// ids returns the "id" of every object in a person.json list, sorted.
func ids(t *testing.T, doc map[string]json.RawMessage, list string) []int64 {
	t.Helper()
	var rows []struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal(doc[list], &rows); err != nil {
		t.Fatalf("person.json %s: %v", list, err)
	}
	out := []int64{}
	for _, r := range rows {
		out = append(out, r.ID)
	}
	slices.Sort(out)
	return out
}

// dbIDs runs a query of ids, sorted.
func dbIDs(t *testing.T, app *testkit.App, sql string, args ...any) []int64 {
	t.Helper()
	rows, err := app.Pool.Query(context.Background(), sql, args...)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// withWork gives Dr Helen Carter what the download must show beyond the
// demo data: a linked university sign-in and an email setting.
func withWork(t *testing.T, app *testkit.App, personID int64) {
	t.Helper()
	testkit.Exec(t, app, `INSERT INTO identity_providers (institution_id, protocol, name, oidc_flavour, oidc_issuer, oidc_client_id, oidc_secret_ref)
		SELECT institution_id, 'oidc', 'Northbridge account', 'generic', 'https://login.northbridge.example', 'belonging', 'env:SSO_SECRET_NB' FROM users WHERE id = $1`, personID)
	testkit.Exec(t, app, `INSERT INTO sso_identities (provider_id, user_id, subject) SELECT max(id), $1, 'nb-helen-0001' FROM identity_providers`, personID)
	testkit.Exec(t, app, `INSERT INTO notification_settings (user_id, kind, delivery) VALUES ($1, 'review_waiting', 'digest')`, personID)
}

func TestDownloadHoldsThePersonsDataAndNoOneElses(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	helen := testkit.Scalar[int64](t, app, `SELECT id FROM users WHERE email = $1`, directorEmail)
	withWork(t, app, helen)
	// An admin's change to her roles, so the audit log holds an entry
	// about her made by someone else.
	admin := app.Client()
	admin.SignIn(adminEmail, testkit.DemoPassword)
	dept := testkit.Scalar[int64](t, app, `SELECT id FROM departments WHERE name = 'School of Biosciences'`)
	if resp := admin.Post(paths.PersonMemberships(helen), url.Values{"role": {"viewer"}, "department": {fmt.Sprint(dept)}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add a role = %d: %s", resp.StatusCode, testkit.FormErrors(resp))
	}

	c := app.Client()
	c.SignIn(directorEmail, testkit.DemoPassword)
	resp := c.Get(paths.AccountData)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/zip" ||
		!strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment;") {
		t.Fatalf("GET %s = %d %q %q, want 200 application/zip as an attachment", paths.AccountData, resp.StatusCode,
			resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
	}
	files := unzip(t, resp.Body)
	var names []string
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	want := []string{"README.txt", "account.csv", "activities.csv", "audit.csv", "case_studies.csv", "evidence.csv", "memberships.csv",
		"notification_settings.csv", "outcomes.csv", "person.json", "sign_in_identities.csv"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("files in the zip (-want +got):\n%s", diff)
	}

	var doc map[string]json.RawMessage
	if err := json.Unmarshal(files["person.json"], &doc); err != nil {
		t.Fatalf("person.json: %v", err)
	}
	var account struct {
		ID    int64  `json:"id"`
		Name  string `json:"name"`
		Email string `json:"email"`
	}
	if err := json.Unmarshal(doc["account"], &account); err != nil {
		t.Fatal(err)
	}
	if account.ID != helen || account.Name != "Dr Helen Carter" || account.Email != directorEmail {
		t.Errorf("person.json account = %+v, want Dr Helen Carter's", account)
	}
	// Each list holds exactly her records, as the database has them.
	for _, c := range []struct{ list, sql string }{
		{"memberships", `SELECT id FROM memberships WHERE user_id = $1`},
		{"activities", `SELECT id FROM activities WHERE lead_id = $1 OR created_by = $1 OR id IN (SELECT activity_id FROM activity_team WHERE user_id = $1)`},
		{"outcomes", `SELECT id FROM outcomes WHERE recorded_by = $1`},
		{"evidence", `SELECT id FROM evidence WHERE created_by = $1`},
		{"case_studies", `SELECT id FROM case_studies WHERE author_id = $1`},
		{"audit", `SELECT id FROM audit_log WHERE actor_id = $1 OR (entity = 'user' AND entity_id = $1)
			OR (entity = 'membership' AND $1::text IN (changes->'user_id'->>'before', changes->'user_id'->>'after'))`},
	} {
		wantIDs := dbIDs(t, app, c.sql, helen)
		if diff := cmp.Diff(wantIDs, ids(t, doc, c.list)); diff != "" {
			t.Errorf("person.json %s ids (-database +download):\n%s", c.list, diff)
		}
		if c.list != "audit" && c.list != "evidence" && len(wantIDs) == 0 {
			t.Errorf("Dr Helen Carter has no %s in the demo data: the test shows nothing", c.list)
		}
	}
	if n := len(ids(t, doc, "audit")); n == 0 {
		t.Error("person.json audit is empty, want the entry of the role the admin gave her")
	}
	if !strings.Contains(string(doc["sign_in_identities"]), "nb-helen-0001") || !strings.Contains(string(doc["notification_settings"]), "review_waiting") {
		t.Errorf("person.json sign-in identities %s, notification settings %s: want her linked subject and setting",
			doc["sign_in_identities"], doc["notification_settings"])
	}

	// Each CSV has a header and one row per object of person.json.
	for _, name := range names {
		list, ok := strings.CutSuffix(name, ".csv")
		if !ok {
			continue
		}
		records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(files[name], []byte("\ufeff")))).ReadAll()
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		rows := 1
		if list != "account" {
			var objs []json.RawMessage
			if err := json.Unmarshal(doc[list], &objs); err != nil {
				t.Fatalf("person.json %s: %v", list, err)
			}
			rows = len(objs)
		}
		if len(records) != rows+1 {
			t.Errorf("%s has %d lines, want a header and %d rows", name, len(records), rows)
		}
	}

	// No secret and no one else's name or address, in any file.
	hash := testkit.Scalar[string](t, app, `SELECT password_hash FROM users WHERE id = $1`, helen)
	others := dbStrings(t, app, `SELECT name FROM users WHERE id <> $1 UNION ALL SELECT email FROM users WHERE id <> $1
		UNION ALL SELECT email FROM invitations`, helen)
	for name, body := range files {
		text := strings.ToLower(string(body))
		if strings.Contains(text, "argon2id") || strings.Contains(text, strings.ToLower(hash)) {
			t.Errorf("%s holds a password hash", name)
		}
		for _, o := range others {
			if strings.Contains(text, strings.ToLower(o)) {
				t.Errorf("%s holds another person's %q", name, o)
			}
		}
	}

	// An admin downloads the same for her, and the download is audited.
	before := testkit.Scalar[int](t, app, `SELECT count(*) FROM audit_log WHERE action = 'export' AND entity = 'user' AND entity_id = $1`, helen)
	byAdmin := admin.Get(paths.PersonData(helen))
	if byAdmin.StatusCode != http.StatusOK {
		t.Fatalf("admin GET %s = %d, want 200", paths.PersonData(helen), byAdmin.StatusCode)
	}
	if got := unzip(t, byAdmin.Body)["account.csv"]; !bytes.Equal(got, files["account.csv"]) {
		t.Errorf("the admin's account.csv = %q, want the same as hers %q", got, files["account.csv"])
	}
	if after := testkit.Scalar[int](t, app, `SELECT count(*) FROM audit_log WHERE action = 'export' AND entity = 'user' AND entity_id = $1`, helen); after != before+1 {
		t.Errorf("export entries about her = %d after the admin's download, want %d", after, before+1)
	}

	// Nobody else: another institution's admin, or a colleague.
	eastmere := app.Client()
	eastmere.SignIn("admin@eastmere.ac.uk", testkit.DemoPassword)
	if resp := eastmere.Get(paths.PersonData(helen)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another institution's admin GET %s = %d, want 404", paths.PersonData(helen), resp.StatusCode)
	}
	colleague := app.Client()
	colleague.SignIn(leaderEmail, testkit.DemoPassword)
	if resp := colleague.Get(paths.PersonData(helen)); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a module leader GET %s = %d, want 403", paths.PersonData(helen), resp.StatusCode)
	}
}

// dbStrings runs a query of strings.
func dbStrings(t *testing.T, app *testkit.App, sql string, args ...any) []string {
	t.Helper()
	rows, err := app.Pool.Query(context.Background(), sql, args...)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// holding lists every column, of every table in the database, whose value
// holds s in some row (whatever its case), as "table.column (rows)". It
// reads information_schema, so a table or column added later is searched
// too: text of every kind, JSON, arrays (as text) and bytes.
func holding(t *testing.T, app *testkit.App, s string) []string {
	t.Helper()
	ctx := context.Background()
	rows, err := app.Pool.Query(ctx, `
		SELECT c.table_name::text, c.column_name::text, c.data_type::text
		FROM information_schema.columns c
		JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
		  AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'bytea')
		ORDER BY 1, 2`)
	if err != nil {
		t.Fatal(err)
	}
	type column struct{ Table, Name, Type string }
	cols, err := pgx.CollectRows(rows, pgx.RowToStructByPos[column])
	if err != nil {
		t.Fatal(err)
	}
	if len(cols) < 100 {
		t.Fatalf("found %d text columns to search, want the whole schema's (over 100)", len(cols))
	}
	var found []string
	for _, c := range cols {
		col := pgx.Identifier{c.Name}.Sanitize()
		cond := fmt.Sprintf("strpos(lower(%s::text), lower($1)) > 0", col)
		if c.Type == "bytea" {
			cond = fmt.Sprintf("(position(convert_to($1, 'UTF8') IN %[1]s) > 0 OR position(convert_to(lower($1), 'UTF8') IN %[1]s) > 0)", col)
		}
		var n int
		q := fmt.Sprintf("SELECT count(*) FROM %s WHERE %s", pgx.Identifier{c.Table}.Sanitize(), cond)
		if err := app.Pool.QueryRow(ctx, q, s).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if n > 0 {
			found = append(found, fmt.Sprintf("%s.%s (%d)", c.Table, c.Name, n))
		}
	}
	return found
}

package scim_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

func TestMain(m *testing.M) { testkit.Main(m) }

// scimClient speaks to the SCIM service as a provisioning client does.
type scimClient struct {
	t     *testing.T
	app   *testkit.App
	token string
}

// newToken gives an institution a provisioning token.
func newToken(t *testing.T, app *testkit.App, slug, token string) scimClient {
	t.Helper()
	_, err := app.Pool.Exec(context.Background(), `INSERT INTO scim_tokens (institution_id, token_hash, description)
		SELECT id, sha256(convert_to($2, 'UTF8')), 'Entra ID provisioning' FROM institutions WHERE slug = $1`, slug, token)
	if err != nil {
		t.Fatal(err)
	}
	return scimClient{t: t, app: app, token: token}
}

func (c scimClient) do(method, path, body string) (int, map[string]any) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.app.URL+path, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/scim+json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	var out map[string]any
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &out); err != nil {
			c.t.Fatalf("%s %s answered %d with no JSON: %s", method, path, resp.StatusCode, raw)
		}
	}
	return resp.StatusCode, out
}

func filterPath(attr, value string) string {
	return paths.SCIMBase + "/Users?filter=" + url.QueryEscape(attr+` eq "`+value+`"`)
}

// The requests below are those Entra ID's provisioning service sends: a
// lookup by userName, a create with its default attribute mapping, a
// PATCH that deactivates (with "False" as a string, as Entra sends it) and
// a DELETE.
func TestEntraProvisioningDisablesAndEndsSessions(t *testing.T) {
	app := testkit.NewApp(t)
	entra := newToken(t, app, "northbridge", "northbridge-provisioning-token")
	eastmere := newToken(t, app, "eastmere", "eastmere-provisioning-token")

	if status, _ := (scimClient{t: t, app: app}).do("GET", paths.SCIMBase+"/Users", ""); status != http.StatusUnauthorized {
		t.Errorf("GET /Users without a token = %d, want 401", status)
	}
	if status, _ := (scimClient{t: t, app: app, token: "not-a-token"}).do("GET", paths.SCIMBase+"/Users", ""); status != http.StatusUnauthorized {
		t.Errorf("GET /Users with a wrong token = %d, want 401", status)
	}

	// Entra looks the person up by userName before acting.
	status, list := entra.do("GET", filterPath("userName", "director@northbridge.ac.uk"), "")
	if status != http.StatusOK || list["totalResults"] != float64(1) {
		t.Fatalf("lookup = %d %v, want 200 with one result", status, list)
	}
	directorID := list["Resources"].([]any)[0].(map[string]any)["id"].(string)
	if status, _ := eastmere.do("GET", paths.SCIMBase+"/Users/"+directorID, ""); status != http.StatusNotFound {
		t.Errorf("another institution's token reading Helen = %d, want 404", status)
	}
	if status, list := eastmere.do("GET", filterPath("userName", "director@northbridge.ac.uk"), ""); status != http.StatusOK || list["totalResults"] != float64(0) {
		t.Errorf("another institution's lookup of Helen = %d %v, want 200 with none", status, list)
	}

	// Helen leaves: Entra deactivates her while she is signed in.
	browser := app.Client()
	browser.SignIn("director@northbridge.ac.uk", testkit.DemoPassword)
	status, user := entra.do("PATCH", paths.SCIMBase+"/Users/"+directorID, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
		"Operations":[{"op":"Replace","path":"active","value":"False"}]}`)
	if status != http.StatusOK || user["active"] != false {
		t.Fatalf("deactivate = %d %v, want 200 with active false", status, user)
	}
	if r := browser.Get(paths.Account); r.StatusCode != http.StatusSeeOther {
		t.Errorf("Helen's session after deactivation: GET /account = %d, want 303 to sign in", r.StatusCode)
	}
	if r := app.Client().Post(paths.SignIn, url.Values{"email": {"director@northbridge.ac.uk"}, "password": {testkit.DemoPassword}}); r.StatusCode == http.StatusSeeOther {
		t.Error("a deactivated person can still sign in with a password")
	}

	// A newcomer is created as Entra's default mapping sends them.
	newcomer := `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
		"externalId":"6c5f3a0e-8d1b-4a5e-9c1e-0b7d8f6a2c11","userName":"n.adebayo@northbridge.ac.uk","active":true,
		"displayName":"Nia Adebayo","emails":[{"primary":true,"type":"work","value":"n.adebayo@northbridge.ac.uk"}],
		"meta":{"resourceType":"User"},"name":{"formatted":"Nia Adebayo","familyName":"Adebayo","givenName":"Nia"},"roles":[]}`
	status, created := entra.do("POST", paths.SCIMBase+"/Users", newcomer)
	if status != http.StatusCreated || created["userName"] != "n.adebayo@northbridge.ac.uk" || created["active"] != true {
		t.Fatalf("create = %d %v, want 201 active n.adebayo@northbridge.ac.uk", status, created)
	}
	newID := created["id"].(string)
	if status, again := entra.do("POST", paths.SCIMBase+"/Users", newcomer); status != http.StatusConflict {
		t.Errorf("creating the same userName again = %d %v, want 409", status, again)
	}
	if status, list := entra.do("GET", filterPath("externalId", "6c5f3a0e-8d1b-4a5e-9c1e-0b7d8f6a2c11"), ""); status != http.StatusOK || list["totalResults"] != float64(1) {
		t.Errorf("lookup by externalId = %d %v, want one result", status, list)
	}
	institution := testkit.Scalar[string](t, app, `SELECT i.slug FROM users u JOIN institutions i ON i.id = u.institution_id WHERE u.email = 'n.adebayo@northbridge.ac.uk'`)
	if institution != "northbridge" {
		t.Errorf("newcomer's institution = %q, want northbridge (the token's)", institution)
	}

	// Deleting disables the account and hides it from the client.
	if status, _ := entra.do("DELETE", paths.SCIMBase+"/Users/"+newID, ""); status != http.StatusNoContent {
		t.Errorf("delete = %d, want 204", status)
	}
	if status, _ := entra.do("GET", paths.SCIMBase+"/Users/"+newID, ""); status != http.StatusNotFound {
		t.Errorf("GET deleted user = %d, want 404", status)
	}
	id, err := strconv.ParseInt(newID, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	if disabled := testkit.Scalar[bool](t, app, `SELECT disabled_at IS NOT NULL FROM users WHERE id = $1`, id); !disabled {
		t.Error("deleted user's account is not disabled")
	}
}

package server_test

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"belonging/internal/testkit"
)

// hostileValues are what a careless or malicious client sends instead of
// what a form offers: bytes PostgreSQL cannot store (NUL, text that is not
// UTF-8), injection attempts, numbers past every integer type, impossible
// dates, paths, very long text and nothing at all.
var hostileValues = []string{
	"\x00", "a\x00b", "\xff\xfe", "caf\xe9", "\xed\xa0\x80",
	`'"; DROP TABLE users; --`, "<script>alert(1)</script>", "%", "\u202egpj.exe",
	"-1", "0", "2147483648", "-9223372036854775809", "99999999999999999999999", "1e400", "NaN",
	"2026-02-30", "0000-01-01", "25:61", "../../../etc/passwd", strings.Repeat("x", 3000), "", " ",
}

// fieldNames lists every query and form field the application reads, found
// in its source (so a new field is fuzzed without anyone listing it), and
// every field of the authorisation matrix's forms.
func fieldNames(t *testing.T) []string {
	t.Helper()
	read := regexp.MustCompile(`\.(?:Get|Text|Raw|Bool|List|Has|FormValue)\("([a-z][a-z0-9_]*)"\)`)
	names := map[string]bool{"s1": true, "s2": true, "statement": true, "optional": true}
	root := filepath.Join(testkit.ModuleRoot(t), "internal")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range read.FindAllSubmatch(src, -1) {
			names[string(m[1])] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range matrix() {
		if c.form != nil {
			for k := range c.form(world{}) {
				names[k] = true
			}
		}
	}
	out := make([]string, 0, len(names))
	for n := range names {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// fuzzRoles picks who sends the hostile requests to a route: someone
// signed out, and the least and the most privileged of the roles the
// route serves (the matrix expects them a page, a redirect after success,
// 422 or 409), whose requests get past authorisation to the code that
// reads the fields. The last of them is the one that fills forms in.
func fuzzRoles(own string) []string {
	roles := []string{"anon"}
	var served []string
	for i, want := range strings.Fields(own) {
		if name := matrixRoles[i].name; name != "anon" && (want == "200" || want == "303" || want == "422" || want == "409") {
			served = append(served, name)
		}
	}
	switch {
	case len(served) == 1:
		roles = append(roles, served[0])
	case len(served) > 1:
		roles = append(roles, served[0], served[len(served)-1])
	}
	return roles
}

// fuzzApp is an app with its world and a signed-in client per role.
type fuzzApp struct {
	*testkit.App
	world   world
	clients map[string]*testkit.Client
}

func newFuzzApp(t *testing.T) *fuzzApp {
	t.Helper()
	app := testkit.NewApp(t)
	f := &fuzzApp{App: app, world: loadWorld(t, app), clients: map[string]*testkit.Client{}}
	f.world["version"], f.world["draftVersion"] = 1, 1
	for _, r := range matrixRoles {
		f.clients[r.name] = app.Client()
		if r.email != "" {
			f.clients[r.name].SignIn(r.email, testkit.DemoPassword)
		}
	}
	return f
}

// Every route of the router, as several roles, with hostile values in its
// query string, its form fields (all at once, and one at a time over a
// valid form), its uploads' parts and its path parameters: nothing may
// answer 5xx. Bad input gets a 4xx saying what was wrong. Pages share one
// app; each form gets its own, since its posts change the data.
func TestHostileInputNeverGives5xx(t *testing.T) {
	t.Parallel()
	names := fieldNames(t)
	cases := map[string]matrixCase{}
	var keys []string
	for _, c := range matrix() {
		key := c.method + " " + c.route
		if _, seen := cases[key]; !seen {
			cases[key] = c
			keys = append(keys, key)
		}
	}
	pages := newFuzzApp(t)
	err := chi.Walk(pages.Server.Handler().(chi.Routes), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if _, ok := cases[method+" "+route]; !ok {
			t.Errorf("route %s %s is not in the authorisation matrix, so it is not fuzzed", method, route)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	placeholder := regexp.MustCompile(`\{[A-Za-z]+\}`)
	withAll := func(v string, from url.Values) url.Values {
		out := url.Values{}
		for k, vs := range from {
			out[k] = vs
		}
		for _, n := range names {
			out.Set(n, v)
		}
		return out
	}

	for _, key := range keys {
		c := cases[key]
		t.Run(key, func(t *testing.T) {
			t.Parallel()
			app := pages
			if c.method != http.MethodGet {
				app = newFuzzApp(t)
			}
			pattern := c.path
			if pattern == "" {
				pattern = c.route
			}
			path, query, _ := strings.Cut(app.world.path(pattern, false), "?")
			base, _ := url.ParseQuery(query)
			send := func(role, what string, req *http.Request) {
				t.Helper()
				if resp := app.clients[role].Do(req); resp.StatusCode >= 500 {
					t.Errorf("%s %s as %s with %s = %d", c.method, req.URL.Path, role, what, resp.StatusCode)
				}
			}
			request := func(target, ctype string, body []byte) *http.Request {
				req, _ := http.NewRequest(c.method, app.URL+target, bytes.NewReader(body))
				req.Header.Set("Content-Type", ctype)
				return req
			}
			form := func(target string, vals url.Values) *http.Request {
				return request(target, "application/x-www-form-urlencoded", []byte(vals.Encode()))
			}
			roles := fuzzRoles(c.own)
			filler := roles[len(roles)-1]
			for _, v := range hostileValues {
				// Every field the app reads, in the query string.
				q := withAll(v, base)
				if len(v) > 100 {
					q = url.Values{"q": {v}, "page": {v}}
				}
				for _, role := range roles {
					if c.method == http.MethodGet || role == filler {
						send(role, "every query field "+quote(v), form(path+"?"+q.Encode(), nil))
					}
				}
				switch {
				case c.method == http.MethodGet:
				case c.body != nil:
					for _, role := range roles {
						ctype, body := hostileUpload(names, v)
						send(role, "an upload whose every field and file is "+quote(v), request(path, ctype, body))
					}
					ctype, body := c.body()
					for i, part := range multipartParts(t, ctype, body) {
						ctype, body := replacePart(t, ctype, body, i, v)
						send(filler, "upload part "+part+"="+quote(v), request(path, ctype, body))
					}
				default:
					for _, role := range roles {
						send(role, "every form field "+quote(v), form(path, withAll(v, nil)))
					}
					if c.form == nil {
						continue
					}
					valid := c.form(app.world)
					for field := range valid {
						vals := url.Values{}
						for k, vs := range valid {
							vals[k] = vs
						}
						vals.Set(field, v)
						send(filler, "form field "+field+"="+quote(v), form(path, vals))
					}
				}
			}
			// Hostile path parameters, as someone the route serves.
			if placeholder.MatchString(c.route) {
				for _, v := range hostileValues {
					if v != "" && len(v) <= 100 {
						send(filler, "path parameters "+quote(v), form(placeholder.ReplaceAllLiteralString(c.route, url.PathEscape(v)), nil))
					}
				}
			}
		})
	}
}

func quote(v string) string {
	if len(v) > 20 {
		return fmt.Sprintf("%q… (%d bytes)", v[:20], len(v))
	}
	return fmt.Sprintf("%q", v)
}

// hostileUpload is a multipart form with every field, and the file's name
// and contents, set to v.
func hostileUpload(names []string, v string) (string, []byte) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, n := range names {
		_ = mw.WriteField(n, v)
	}
	fw, _ := mw.CreateFormFile("file", v+".csv")
	_, _ = fw.Write([]byte("title,kind\n" + v + "," + v + "\n"))
	_ = mw.Close()
	return mw.FormDataContentType(), buf.Bytes()
}

// multipartParts names the parts of a multipart body, in order.
func multipartParts(t *testing.T, ctype string, body []byte) []string {
	t.Helper()
	var names []string
	eachPart(t, ctype, body, func(p *multipart.Part, _ []byte) { names = append(names, p.FormName()) })
	return names
}

// replacePart rebuilds a multipart body with part i's value set to v: a
// field's text, or a file's name and contents.
func replacePart(t *testing.T, ctype string, body []byte, i int, v string) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	n := 0
	eachPart(t, ctype, body, func(p *multipart.Part, data []byte) {
		name, file := p.FormName(), p.FileName()
		if n == i {
			data = []byte(v)
			if file != "" {
				file = v + filepath.Ext(file)
			}
		}
		n++
		var w io.Writer
		if file != "" {
			w, _ = mw.CreateFormFile(name, file)
		} else {
			w, _ = mw.CreateFormField(name)
		}
		_, _ = w.Write(data)
	})
	_ = mw.Close()
	return mw.FormDataContentType(), buf.Bytes()
}

func eachPart(t *testing.T, ctype string, body []byte, fn func(*multipart.Part, []byte)) {
	t.Helper()
	_, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		t.Fatal(err)
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(p)
		if err != nil {
			t.Fatal(err)
		}
		fn(p, data)
	}
}

// Text PostgreSQL cannot store is refused before any handler sees it, with
// 400 and a page saying what was wrong, whoever sends it.
func TestUnstorableTextIsRefusedWithAMessage(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	admin := app.Client()
	admin.SignIn("admin@northbridge.ac.uk", testkit.DemoPassword)
	anon := app.Client()
	departments := testkit.Scalar[int](t, app, `SELECT count(*) FROM departments`)
	for _, tc := range []struct {
		name   string
		client *testkit.Client
		method string
		path   string
		form   url.Values
		says   string
	}{
		{"a NUL in the library's search", anon, "GET", "/library?q=%00", nil, "address contains characters"},
		{"bytes that are not UTF-8 in the search", anon, "GET", "/library?q=%FF%FE", nil, "address contains characters"},
		{"not UTF-8 in the audit log's filter", admin, "GET", "/admin/audit?entity=%FF", nil, "address contains characters"},
		{"not UTF-8 in a path", admin, "GET", "/case-studies/%FF", nil, "address contains characters"},
		{"a department named NUL", admin, "POST", "/admin/departments", url.Values{"name": {"\x00"}}, "nothing was saved"},
		{"a sign-in with NUL and not UTF-8", anon, "POST", "/sign-in", url.Values{"email": {"\xff\xfe\x00"}, "password": {"x"}}, "nothing was saved"},
	} {
		var resp *testkit.Response
		if tc.method == "GET" {
			resp = tc.client.Get(tc.path)
		} else {
			resp = tc.client.Post(tc.path, tc.form)
		}
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(resp.Text(), tc.says) {
			t.Errorf("%s: %s %s = %d, want 400 saying %q", tc.name, tc.method, tc.path, resp.StatusCode, tc.says)
		}
	}
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM departments`); n != departments {
		t.Errorf("departments after the refused post = %d, want %d", n, departments)
	}
}

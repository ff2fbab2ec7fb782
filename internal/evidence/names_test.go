package evidence_test

import (
	"bytes"
	"context"
	"fmt"
	"mime"
	"net/http"
	"testing"

	"belonging/internal/testkit"
)

// downloadName is the file name a browser would save a download under.
func downloadName(t *testing.T, resp *testkit.Response) string {
	t.Helper()
	_, params, err := mime.ParseMediaType(resp.Header.Get("Content-Disposition"))
	if err != nil {
		t.Fatalf("Content-Disposition %q: %v", resp.Header.Get("Content-Disposition"), err)
	}
	return params["filename"]
}

// A file is offered for download under a name whose extension says what it
// really is, so a text file called .html is not opened as a web page, and
// without control or bidirectional-override characters, which can make
// "gnp.exe" read as "exe.png".
func TestDownloadNameFollowsTheFileType(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(leader, testkit.DemoPassword)
	activity := coffee(t, app)
	path := fmt.Sprintf("/activities/%d/evidence", activity)
	notes := []byte("<p>Notes from the coffee morning</p>\nEveryone stayed for a second cup.\n")
	for _, tc := range []struct {
		title, name string
		data        []byte
		want        string
	}{
		{"Notes", "evidence-notes.html", append([]byte("Notes. "), notes...), "evidence-notes.txt"},
		{"Poster", "poster.PDF", pdfFile, "poster.PDF"},
		{"Tables", "tables.jpeg", jpegFile(), "tables.jpeg"},
		{"Reversed", "photo\u202egnp.exe", pngFile(), "photognp.png"},
		{"Isolated", "a\u2066b\u2069\u200bc\u0085.png", pngFile(), "abc.png"},
		{"Dated", "minutes 12.03.2026", pdfFile, "minutes 12.03.2026.pdf"},
		{"Register", "register.csv", []byte("name,present\nA,yes\n"), "register.csv"},
		{"Sheet as text", "register.xlsx", []byte("name,present\nA,yes\n"), "register.txt"},
	} {
		if resp := post(t, c, path, fields(tc.title, "report", "1"), &part{"file", tc.name, tc.data}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("upload %q = %d: %s", tc.name, resp.StatusCode, testkit.FormErrors(resp))
		}
		id := testkit.Scalar[int64](t, app, `SELECT id FROM evidence WHERE title = $1`, tc.title)
		resp := c.Get(fmt.Sprintf("/evidence/%d/download", id))
		if got := downloadName(t, resp); got != tc.want {
			t.Errorf("download name of %q = %q, want %q", tc.name, got, tc.want)
		}
	}

	// Rows saved before names were cleaned are cleaned when served.
	ctx := context.Background()
	if err := mustFS(t, app).Put(ctx, "evidence/1/old-notes", bytes.NewReader(notes), int64(len(notes)), "text/plain"); err != nil {
		t.Fatal(err)
	}
	id := testkit.Scalar[int64](t, app, `
		INSERT INTO evidence (institution_id, activity_id, title, kind, strength, file_key, file_name, content_type, size_bytes, sha256)
		SELECT institution_id, id, 'Old notes', 'report', 1, 'evidence/1/old-notes', E'old\u202elmth.html', 'text/plain', $2, sha256($3) FROM activities WHERE id = $1
		RETURNING id`, activity, len(notes), notes)
	if got := downloadName(t, c.Get(fmt.Sprintf("/evidence/%d/download", id))); got != "oldlmth.txt" {
		t.Errorf("download name of an old row named %q = %q, want %q", "old\u202elmth.html", got, "oldlmth.txt")
	}
}

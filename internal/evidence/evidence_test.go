package evidence_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"

	"belonging/internal/blob"
	"belonging/internal/config"
	"belonging/internal/evidence"
	"belonging/internal/seed"
	"belonging/internal/store"
	"belonging/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

const leader = "leader@northbridge.ac.uk"

func coffee(t testing.TB, app *testkit.App) int64 {
	return testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title LIKE 'Coffee mornings%' AND academic_year = $1`, seed.CurrentYear())
}

// Files built in the test, one per accepted type.
func pngFile() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	img.Set(1, 1, color.RGBA{200, 50, 50, 255})
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

func jpegFile() []byte {
	var b bytes.Buffer
	jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 8, 8)), nil)
	return b.Bytes()
}

// webpFile is a minimal lossless WebP container.
func webpFile() []byte {
	payload := []byte("VP8L\x05\x00\x00\x00\x2f\x00\x00\x00\x00\x00")
	var b bytes.Buffer
	b.WriteString("RIFF")
	size := uint32(4 + len(payload))
	b.Write([]byte{byte(size), byte(size >> 8), byte(size >> 16), byte(size >> 24)})
	b.WriteString("WEBP")
	b.Write(payload)
	return b.Bytes()
}

var pdfFile = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

func officeFile(main string) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", main} {
		w, _ := zw.Create(name)
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><x/>`)
	}
	zw.Close()
	return b.Bytes()
}

func zipBomb() []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.Create("[Content_Types].xml")
	io.WriteString(w, "<x/>")
	w, _ = zw.Create("xl/workbook.xml")
	zeros := make([]byte, 1<<20)
	for i := 0; i < 210; i++ {
		w.Write(zeros)
	}
	zw.Close()
	return b.Bytes()
}

type part struct {
	name, filename string
	data           []byte
}

func post(t testing.TB, c *testkit.Client, path string, fields url.Values, file *part) *testkit.Response {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	if file != nil {
		fw, _ := mw.CreateFormFile(file.name, file.filename)
		fw.Write(file.data)
	}
	mw.Close()
	return c.PostBody(path, mw.FormDataContentType(), &b)
}

func fields(title, kind, strength string) url.Values {
	return url.Values{"title": {title}, "kind": {kind}, "strength": {strength}, "sample_size": {"40"}}
}

func TestUploadRules(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(leader, testkit.DemoPassword)
	path := fmt.Sprintf("/activities/%d/evidence", coffee(t, app))

	accepted := []struct {
		name, filename, kind string
		data                 []byte
		contentType          string
	}{
		{"pdf", "poster.pdf", "artefact", pdfFile, "application/pdf"},
		{"png", "photo.png", "artefact", pngFile(), "image/png"},
		{"jpeg", "photo.jpg", "artefact", jpegFile(), "image/jpeg"},
		{"webp", "photo.webp", "artefact", webpFile(), "image/webp"},
		{"csv", "attendance.csv", "attendance", []byte("week,count\n1,61\n2,74\n"), "text/csv"},
		{"text", "reflections.txt", "feedback", []byte("Students said the coffee helped.\n"), "text/plain"},
		{"docx", "report.docx", "report", officeFile("word/document.xml"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"xlsx", "data.xlsx", "survey", officeFile("xl/workbook.xml"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"pptx", "slides.pptx", "artefact", officeFile("ppt/presentation.xml"), "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
	}
	for _, a := range accepted {
		resp := post(t, c, path, fields("Evidence "+a.name, a.kind, "2"), &part{"file", a.filename, a.data})
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("%s: status %d, want 303 (%s)", a.name, resp.StatusCode, testkit.FormErrors(resp))
			continue
		}
		got := testkit.Scalar[string](t, app, `SELECT content_type || ' ' || size_bytes || ' ' || encode(sha256, 'hex') FROM evidence WHERE title = $1`, "Evidence "+a.name)
		want := fmt.Sprintf("%s %d %x", a.contentType, len(a.data), sha256sum(a.data))
		if got != want {
			t.Errorf("%s stored as %q, want %q", a.name, got, want)
		}
		if key := testkit.Scalar[string](t, app, `SELECT file_key FROM evidence WHERE title = $1`, "Evidence "+a.name); strings.Contains(key, a.filename) || !strings.HasPrefix(key, "evidence/") {
			t.Errorf("%s stored under key %q, want a generated key", a.name, key)
		}
	}

	before := testkit.Fingerprint(t, app.Pool)
	refused := []struct {
		name     string
		filename string
		data     []byte
		want     string
	}{
		{"html named .pdf", "poster.pdf", []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"), "web page"},
		{"executable named .docx", "report.docx", append([]byte("\x7fELF\x02\x01\x01\x00"), bytes.Repeat([]byte{0}, 600)...), "cannot be kept"},
		{"windows executable named .pdf", "poster.pdf", append([]byte("MZ\x90\x00"), bytes.Repeat([]byte{0xff, 0}, 300)...), "cannot be kept"},
		{"zip bomb named .xlsx", "data.xlsx", zipBomb(), "200 MiB"},
		{"plain zip named .docx", "report.docx", func() []byte {
			var b bytes.Buffer
			zw := zip.NewWriter(&b)
			w, _ := zw.Create("notes.txt")
			io.WriteString(w, "hello")
			zw.Close()
			return b.Bytes()
		}(), "not a Word, Excel or PowerPoint file"},
		{"latin-1 text", "notes.txt", []byte("caf\xe9 au lait\n"), "not UTF-8"},
	}
	for _, r := range refused {
		resp := post(t, c, path, fields("Refused "+r.name, "other", "1"), &part{"file", r.filename, r.data})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", r.name, resp.StatusCode)
			continue
		}
		if got := resp.Doc().Find("#file-error").Text(); !strings.Contains(got, r.want) || !strings.Contains(got+testkit.FormErrors(resp), "PDF") && r.want == "cannot be kept" {
			t.Errorf("%s: file error %q, want it to say %q", r.name, got, r.want)
		}
		if v, _ := resp.Doc().Find("#title").Attr("value"); v != "Refused "+r.name {
			t.Errorf("%s: title not kept", r.name)
		}
	}
	if testkit.Fingerprint(t, app.Pool) != before {
		t.Error("a refused file changed the database")
	}
	objs, err := mustFS(t, app).List(context.Background(), "evidence/")
	if err != nil {
		t.Fatal(err)
	}
	if len(objs) != len(accepted) {
		t.Errorf("stored files = %d, want only the %d accepted", len(objs), len(accepted))
	}
}

func sha256sum(b []byte) []byte {
	h := newSHA()
	h.Write(b)
	return h.Sum(nil)
}

func mustFS(t testing.TB, app *testkit.App) *blob.FS {
	t.Helper()
	fs, err := blob.NewFS(app.Config.DataDir + "/blobs")
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

func TestOversizedUploadKeepsTheForm(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(leader, testkit.DemoPassword)
	before := testkit.Fingerprint(t, app.Pool)
	f := fields("Attendance sheet", "attendance", "2")
	f.Set("notes", "Weekly counts from the sign-in sheet")
	resp := post(t, c, fmt.Sprintf("/activities/%d/evidence", coffee(t, app)), f, &part{"file", "big.csv", bytes.Repeat([]byte("a,b\n"), (26<<20)/4)})
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("26 MiB upload = %d, want 413", resp.StatusCode)
	}
	doc := resp.Doc()
	if got := doc.Find("#file-error").Text(); !strings.Contains(got, "25 MiB") {
		t.Errorf("file error = %q, want the limit", got)
	}
	if v, _ := doc.Find("#title").Attr("value"); v != "Attendance sheet" {
		t.Errorf("title = %q, want it kept", v)
	}
	if v := doc.Find("#notes").Text(); v != "Weekly counts from the sign-in sheet" {
		t.Errorf("notes = %q, want them kept", v)
	}
	if testkit.Fingerprint(t, app.Pool) != before {
		t.Error("an oversized upload changed the database")
	}
}

func TestBadLinksNamesAndRules(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(leader, testkit.DemoPassword)
	path := fmt.Sprintf("/activities/%d/evidence", coffee(t, app))

	for _, link := range []string{"javascript:alert(1)", "data:text/html,hi", "ftp://example.org/x", "//evil.example"} {
		f := fields("A link", "report", "1")
		f.Set("link", link)
		if resp := post(t, c, path, f, nil); resp.StatusCode != http.StatusUnprocessableEntity || resp.Doc().Find("#link-error").Length() != 1 {
			t.Errorf("link %q: status %d, want 422 at the link", link, resp.StatusCode)
		}
	}
	photo := fields("Group photo", "photo", "1")
	if resp := post(t, c, path, photo, &part{"file", "group.png", pngFile()}); resp.StatusCode != http.StatusUnprocessableEntity || resp.Doc().Find("#photo_consent-error").Length() != 1 {
		t.Errorf("photo without consent = %d, want 422 asking for consent", resp.StatusCode)
	}
	type3 := url.Values{"title": {"Comparison"}, "kind": {"report"}, "strength": {"3"}, "link": {"https://example.org/r"}}
	resp := post(t, c, path, type3, nil)
	if resp.StatusCode != http.StatusUnprocessableEntity || resp.Doc().Find("#comparison-error").Length() != 1 || resp.Doc().Find("#effect_size-error").Length() != 1 {
		t.Errorf("Type 3 without a comparison group or effect size = %d, want errors at both", resp.StatusCode)
	}
	both := fields("Both", "report", "1")
	both.Set("link", "https://example.org/r")
	if resp := post(t, c, path, both, &part{"file", "r.pdf", pdfFile}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a link and a file = %d, want 422", resp.StatusCode)
	}

	// A hostile filename is stored under a generated key and shown escaped.
	name := "../../etc/passwd\t<script>.pdf"
	resp = post(t, c, path, fields("Hostile name", "report", "1"), &part{"file", name, pdfFile})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("hostile filename = %d: %s", resp.StatusCode, testkit.FormErrors(resp))
	}
	stored := testkit.Scalar[string](t, app, `SELECT file_name FROM evidence WHERE title = 'Hostile name'`)
	if stored != "passwd<script>.pdf" {
		t.Errorf("stored name = %q, want the path and control character removed", stored)
	}
	page := c.Get(fmt.Sprintf("/activities/%d", coffee(t, app)))
	if strings.Contains(page.Text(), "passwd<script>") || !strings.Contains(page.Text(), "passwd&lt;script&gt;.pdf") {
		t.Error("the filename is not shown escaped")
	}
}

func TestDownloadAndPreview(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(leader, testkit.DemoPassword)
	path := fmt.Sprintf("/activities/%d/evidence", coffee(t, app))
	post(t, c, path, fields("Poster", "artefact", "1"), &part{"file", "Coffee poster – week 1.pdf", pdfFile})
	post(t, c, path, fields("Photo", "artefact", "1"), &part{"file", "tables.png", pngFile()})
	poster := testkit.Scalar[int64](t, app, `SELECT id FROM evidence WHERE title = 'Poster'`)
	photo := testkit.Scalar[int64](t, app, `SELECT id FROM evidence WHERE title = 'Photo'`)

	resp := c.Get(fmt.Sprintf("/evidence/%d/download", poster))
	if resp.StatusCode != 200 || !bytes.Equal(resp.Body, pdfFile) {
		t.Fatalf("download = %d, %d bytes", resp.StatusCode, len(resp.Body))
	}
	h := resp.Header
	for header, want := range map[string]string{
		"Content-Type":           "application/pdf",
		"X-Content-Type-Options": "nosniff",
		"Content-Disposition":    `attachment; filename*=utf-8''Coffee%20poster%20%E2%80%93%20week%201.pdf`,
	} {
		if got := h.Get(header); got != want {
			t.Errorf("%s = %q, want %q", header, got, want)
		}
	}
	if !strings.Contains(h.Get("Content-Security-Policy"), "sandbox") {
		t.Errorf("download CSP = %q, want sandbox", h.Get("Content-Security-Policy"))
	}
	if resp := c.Get(fmt.Sprintf("/evidence/%d/preview", photo)); resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "inline") || resp.Header.Get("Content-Type") != "image/png" {
		t.Errorf("image preview = %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
	}
	if resp := c.Get(fmt.Sprintf("/evidence/%d/preview", poster)); resp.StatusCode != 404 {
		t.Errorf("preview of a PDF = %d, want 404: only images preview inline", resp.StatusCode)
	}

	// Another institution's session gets 404 and not a byte of the file.
	other := app.Client()
	other.SignIn("director@eastmere.ac.uk", testkit.DemoPassword)
	resp = other.Get(fmt.Sprintf("/evidence/%d/download", poster))
	if resp.StatusCode != 404 || bytes.Contains(resp.Body, []byte("%PDF")) {
		t.Errorf("another institution's download = %d, want 404 with no file bytes", resp.StatusCode)
	}
}

func TestDeleteAndSweep(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(leader, testkit.DemoPassword)
	post(t, c, fmt.Sprintf("/activities/%d/evidence", coffee(t, app)), fields("Poster", "artefact", "1"), &part{"file", "poster.pdf", pdfFile})
	id := testkit.Scalar[int64](t, app, `SELECT id FROM evidence WHERE title = 'Poster'`)
	key := testkit.Scalar[string](t, app, `SELECT file_key FROM evidence WHERE id = $1`, id)
	fs := mustFS(t, app)

	if resp := c.Post(fmt.Sprintf("/evidence/%d/delete", id), nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete = %d", resp.StatusCode)
	}
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM evidence WHERE id = $1`, id); n != 0 {
		t.Error("the row survived the delete")
	}
	if _, err := fs.Open(context.Background(), key); err == nil {
		t.Error("the file survived the delete")
	}

	// A file left behind by a crash between storing it and writing its row.
	ctx := context.Background()
	if err := fs.Put(ctx, "evidence/1/orphan", bytes.NewReader(pdfFile), int64(len(pdfFile)), "application/pdf"); err != nil {
		t.Fatal(err)
	}
	post(t, c, fmt.Sprintf("/activities/%d/evidence", coffee(t, app)), fields("Kept", "artefact", "1"), &part{"file", "kept.pdf", pdfFile})
	kept := testkit.Scalar[string](t, app, `SELECT file_key FROM evidence WHERE title = 'Kept'`)
	q := store.New(app.Pool)
	if n, err := evidence.Sweep(ctx, q, fs, time.Hour, time.Now()); err != nil || n != 0 {
		t.Errorf("sweep within the grace period removed %d (%v), want 0", n, err)
	}
	n, err := evidence.Sweep(ctx, q, fs, time.Hour, time.Now().Add(2*time.Hour))
	if err != nil || n != 1 {
		t.Errorf("sweep removed %d (%v), want the 1 orphan", n, err)
	}
	if _, err := fs.Open(ctx, kept); err != nil {
		t.Errorf("the sweep removed a file a row refers to: %v", err)
	}
}

// The same upload and download work against a real S3-compatible store.
func TestEvidenceOnS3(t *testing.T) {
	t.Parallel()
	s3 := testkit.MinIO(t)
	app := testkit.NewApp(t, func(c *config.Config) {
		c.BlobBackend, c.S3Endpoint, c.S3Bucket, c.S3AccessKey, c.S3SecretKey, c.S3Region, c.S3UseTLS =
			"s3", s3.Endpoint, s3.Bucket, s3.AccessKey, s3.SecretKey, s3.Region, false
	})
	c := app.Client()
	c.SignIn(leader, testkit.DemoPassword)
	if resp := post(t, c, fmt.Sprintf("/activities/%d/evidence", coffee(t, app)), fields("Poster", "artefact", "1"), &part{"file", "poster.pdf", pdfFile}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload to S3 = %d: %s", resp.StatusCode, testkit.FormErrors(resp))
	}
	id := testkit.Scalar[int64](t, app, `SELECT id FROM evidence WHERE title = 'Poster'`)
	if resp := c.Get(fmt.Sprintf("/evidence/%d/download", id)); resp.StatusCode != 200 || !bytes.Equal(resp.Body, pdfFile) {
		t.Errorf("download from S3 = %d, %d bytes", resp.StatusCode, len(resp.Body))
	}
}

func TestOutcomesAndSummary(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(leader, testkit.DemoPassword)
	act := coffee(t, app)
	session := testkit.Scalar[int64](t, app, `SELECT max(id) FROM activity_sessions WHERE activity_id = $1 AND session_date < now()`, act)
	otherSession := testkit.Scalar[int64](t, app, `SELECT min(s.id) FROM activity_sessions s JOIN activities a ON a.id = s.activity_id WHERE a.title = 'Pizza evenings for first years'`)
	path := fmt.Sprintf("/activities/%d/outcomes", act)

	bad := []struct {
		form  url.Values
		field string
	}{
		{url.Values{"outcome_date": {"yesterday"}}, "outcome_date"},
		{url.Values{"outcome_date": {"2026-10-05"}, "attendance": {"90"}, "invited": {"80"}}, "attendance"},
		{url.Values{"outcome_date": {"2026-10-05"}, "session": {strconv.FormatInt(otherSession, 10)}}, "session"},
		{url.Values{"outcome_date": {"2026-10-05"}, "aims_met": {"7"}}, "aims_met"},
		{url.Values{"outcome_date": {"2026-10-05"}, "what_worked": {strings.Repeat("x", 5000)}}, "what_worked"},
	}
	before := testkit.Fingerprint(t, app.Pool)
	for _, b := range bad {
		if resp := c.Post(path, b.form); resp.StatusCode != http.StatusUnprocessableEntity || resp.Doc().Find("#"+b.field+"-error").Length() != 1 {
			t.Errorf("outcome %v = %d, want 422 at %s", b.form, resp.StatusCode, b.field)
		}
	}
	if testkit.Fingerprint(t, app.Pool) != before {
		t.Error("invalid outcomes changed the database")
	}
	// A malformed date is explained the way the UK writes dates.
	if got := c.Post(path, url.Values{"outcome_date": {"yesterday"}}).Doc().Find("#outcome_date-error").Text(); !strings.Contains(got, "5 October 2026") {
		t.Errorf("the message for a malformed date = %q, want an example written the UK way", got)
	}

	// A browser without a date picker sends the date as the person typed it.
	resp := c.Post(path, url.Values{"session": {strconv.FormatInt(session, 10)}, "outcome_date": {"16/11/2026"}, "attendance": {"81"},
		"invited": {"180"}, "aims_met": {"4"}, "what_worked": {"Busy"}, "student_quotes": {"\"Good coffee\""}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("record outcome = %d: %s", resp.StatusCode, testkit.FormErrors(resp))
	}
	id := testkit.Scalar[int64](t, app, `SELECT max(id) FROM outcomes WHERE activity_id = $1`, act)
	page := c.Get(fmt.Sprintf("/activities/%d", act)).Doc()
	if got := page.Find("[data-testid=outcomes]").Text(); !strings.Contains(got, "81 of 180") || !strings.Contains(got, "45%") || !strings.Contains(got, "4 – Mostly") {
		t.Errorf("outcome shows %q, want attendance, reach 45%% and aims met", got)
	}
	// Edits are kept in the audit log.
	c.Post(fmt.Sprintf("/outcomes/%d", id), url.Values{"session": {strconv.FormatInt(session, 10)}, "outcome_date": {"2026-11-16"},
		"attendance": {"84"}, "invited": {"180"}, "aims_met": {"4"}, "what_worked": {"Busy"}, "student_quotes": {"\"Good coffee\""}})
	if got := testkit.Scalar[string](t, app, `SELECT changes::text FROM audit_log WHERE entity = 'outcome' AND entity_id = $1 AND action = 'update'`, id); got != `{"attendance": {"after": 84, "before": 81}}` {
		t.Errorf("audit of the edit = %s", got)
	}

	summary := page.Find("[data-testid=evidence-summary]").Text()
	if !strings.Contains(summary, "No evidence yet") || !strings.Contains(summary, "Theory of change filled in (6 of 6 parts)") {
		t.Errorf("summary before evidence = %q", summary)
	}
	post(t, c, fmt.Sprintf("/activities/%d/evidence", act), fields("Attendance", "attendance", "2"), &part{"file", "a.csv", []byte("week,n\n1,61\n")})
	summary = c.Get(fmt.Sprintf("/activities/%d", act)).Doc().Find("[data-testid=evidence-summary]").Text()
	if !strings.Contains(summary, "Type 2: empirical") || !strings.Contains(summary, "For Type 3") {
		t.Errorf("summary after Type 2 evidence = %q", summary)
	}
}

func newSHA() interface {
	Write([]byte) (int, error)
	Sum([]byte) []byte
} {
	return sha256.New()
}

// The error summary lists an outcome's problems in the order of the
// fields on the page, every time.
func TestOutcomeErrorsInPageOrder(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(leader, testkit.DemoPassword)
	long := strings.Repeat("x", 4001)
	bad := url.Values{"outcome_date": {"soon"}, "attendance": {"many"}, "staff_present": {strings.Repeat("x", 501)}, "aims_met": {"9"},
		"what_worked": {long}, "what_to_change": {long}, "student_quotes": {long}, "next_steps": {long}}
	path := fmt.Sprintf("/activities/%d/outcomes", coffee(t, app))
	for try := range 10 {
		resp := c.Post(path, bad)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("POST %s with every field wrong = %d, want 422", path, resp.StatusCode)
		}
		summary, onPage := errorOrder(resp)
		if len(onPage) != 8 {
			t.Fatalf("fields showing an error = %v, want all 8", onPage)
		}
		if diff := cmp.Diff(onPage, summary); diff != "" {
			t.Fatalf("try %d: error summary order (-page +summary):\n%s", try, diff)
		}
	}
}

// errorOrder returns the fields the error summary links to and the fields
// showing an error, each in the order they come in the page.
func errorOrder(resp *testkit.Response) (summary, onPage []string) {
	doc := resp.Doc()
	doc.Find("[data-testid=error-summary] a").Each(func(_ int, s *goquery.Selection) {
		href, _ := s.Attr("href")
		summary = append(summary, strings.TrimPrefix(href, "#"))
	})
	doc.Find(".field__error").Each(func(_ int, s *goquery.Selection) {
		id, _ := s.Attr("id")
		onPage = append(onPage, strings.TrimSuffix(id, "-error"))
	})
	return summary, onPage
}

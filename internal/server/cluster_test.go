package server_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"belonging/internal/config"
	"belonging/internal/seed"
	"belonging/internal/testkit"
)

// Two app servers share one database and one S3-compatible store, as they
// would behind a load balancer. Everything a visitor has (their session,
// their files, their sign-in failures) lives in the shared parts, so it
// does not matter which server answers.
func TestTwoServersShareOneDatabase(t *testing.T) {
	t.Parallel()
	s3 := testkit.MinIO(t)
	shared := func(c *config.Config) {
		c.BlobBackend, c.S3Endpoint, c.S3Bucket, c.S3AccessKey, c.S3SecretKey, c.S3Region, c.S3UseTLS =
			"s3", s3.Endpoint, s3.Bucket, s3.AccessKey, s3.SecretKey, s3.Region, false
	}
	db := testkit.SeededDB(t)
	a := testkit.NewAppWithDB(t, db, shared)
	b := testkit.NewAppWithDB(t, db, shared)
	if a.URL == b.URL {
		t.Fatal("the two servers share an address")
	}
	ctx := context.Background()

	// Sign in through A, act through B.
	viaA := a.Client()
	viaA.SignIn("leader@northbridge.ac.uk", testkit.DemoPassword)
	viaB := viaA.On(b)
	if resp := viaB.Get("/"); resp.StatusCode != http.StatusOK || !strings.Contains(resp.Text(), "Sign out") {
		t.Fatalf("home through B after signing in through A = %d", resp.StatusCode)
	}
	var activity int64
	if err := a.Pool.QueryRow(ctx, `SELECT id FROM activities WHERE title LIKE 'Coffee mornings%' AND academic_year = $1`, seed.CurrentYear()).Scan(&activity); err != nil {
		t.Fatal(err)
	}

	// Upload evidence through B, download it through A.
	file := []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range map[string]string{"title": "Sign-up sheet", "kind": "attendance", "strength": "1", "sample_size": "30"} {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", "sign-up.pdf")
	fw.Write(file)
	mw.Close()
	if resp := viaB.PostBody(fmt.Sprintf("/activities/%d/evidence", activity), mw.FormDataContentType(), &body); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload through B = %d: %s", resp.StatusCode, testkit.FormErrors(resp))
	}
	var evidence int64
	if err := a.Pool.QueryRow(ctx, `SELECT id FROM evidence WHERE title = 'Sign-up sheet'`).Scan(&evidence); err != nil {
		t.Fatal(err)
	}
	if resp := viaA.Get(fmt.Sprintf("/evidence/%d/download", evidence)); resp.StatusCode != http.StatusOK || !bytes.Equal(resp.Body, file) {
		t.Errorf("download through A = %d, %d bytes, want the %d bytes uploaded through B", resp.StatusCode, len(resp.Body), len(file))
	}

	// The sign-in limit counts failures on both servers together: three
	// wrong passwords on A and two on B use up the five allowed, so the
	// right password is refused on either.
	const target = "viewer@northbridge.ac.uk"
	for i, app := range []*testkit.App{a, a, a, b, b} {
		resp := app.Client().Post("/sign-in", url.Values{"email": {target}, "password": {"not the password"}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("wrong password %d = %d, want 422", i+1, resp.StatusCode)
		}
	}
	for name, app := range map[string]*testkit.App{"A": a, "B": b} {
		if resp := app.Client().Post("/sign-in", url.Values{"email": {target}, "password": {testkit.DemoPassword}}); resp.StatusCode != http.StatusTooManyRequests {
			t.Errorf("right password on %s after five failures across both = %d, want 429", name, resp.StatusCode)
		}
	}

	// Stopping A loses no session: the visitor who signed in through A
	// carries on through B, and can still change things there.
	a.Stop()
	if _, err := http.Get(a.URL); err == nil {
		t.Fatal("A still answers after stopping")
	}
	resp := viaB.Get(fmt.Sprintf("/activities/%d", activity))
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Text(), "Sign-up sheet") {
		t.Fatalf("activity through B after A stopped = %d", resp.StatusCode)
	}
	if resp := viaB.Post(fmt.Sprintf("/evidence/%d/delete", evidence), nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("delete through B after A stopped = %d, want 303", resp.StatusCode)
	}
	var left int
	if err := b.Pool.QueryRow(ctx, `SELECT count(*) FROM evidence WHERE id = $1`, evidence).Scan(&left); err != nil || left != 0 {
		t.Errorf("evidence rows after delete = %d (%v), want 0", left, err)
	}
}

package testkit

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"

	"belonging/web/paths"
)

// UploadEvidence adds a file as Type 1 evidence of an activity through the
// app's own form, as a signed-in member of its team would, follows the
// redirect back to the activity (which shows, and so clears, the flash
// message), and returns the new evidence row's id.
func (c *Client) UploadEvidence(activityID int64, title, fileName string, data []byte) int64 {
	t := c.app.t
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, f := range [][2]string{{"title", title}, {"kind", "attendance"}, {"strength", "1"}} {
		if err := mw.WriteField(f[0], f[1]); err != nil {
			t.Fatal(err)
		}
	}
	fw, err := mw.CreateFormFile("file", fileName)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write(data)
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	resp := c.PostBody(paths.Evidence(activityID), mw.FormDataContentType(), &body)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload %s = %d, want 303: %s", fileName, resp.StatusCode, FormErrors(resp))
	}
	if next := c.Get(resp.Header.Get("Location")); next.StatusCode != http.StatusOK {
		t.Fatalf("GET %s after the upload = %d", resp.Header.Get("Location"), next.StatusCode)
	}
	var id int64
	if err := c.app.Pool.QueryRow(context.Background(),
		`SELECT id FROM evidence WHERE activity_id = $1 AND title = $2`, activityID, title).Scan(&id); err != nil {
		t.Fatalf("find the evidence just uploaded: %v", err)
	}
	return id
}

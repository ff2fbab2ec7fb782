package testkit

import (
	"bytes"
	"mime/multipart"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// UploadImport sends data as the file of an import form at path, as a
// person choosing a file and pressing the check button does.
func (c *Client) UploadImport(path string, data []byte) *Response {
	t := c.app.t
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("file", "import.csv")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return c.PostBody(path, mw.FormDataContentType(), &buf)
}

// ConfirmImport submits the form of an import's preview page, as a person
// pressing its import button does. It fails the test when the page has
// no such form.
func (c *Client) ConfirmImport(preview *Response) *Response {
	t := c.app.t
	t.Helper()
	f := preview.Doc().Find("[data-testid=import-preview] form")
	action, ok := f.Attr("action")
	if !ok || f.Find("[data-testid=import-confirm]").Length() == 0 {
		t.Fatalf("the import page (status %d) offers no confirmation:\n%s", preview.StatusCode, preview.Doc().Find("main").Text())
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, in := range f.Find("input[type=hidden]").EachIter() {
		name, _ := in.Attr("name")
		value, _ := in.Attr("value")
		if err := mw.WriteField(name, value); err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return c.PostBody(action, mw.FormDataContentType(), &buf)
}

// ImportPreview is an import's preview as text: each move, the name of
// each added record, and each changed field as "record: field: now → after".
type ImportPreview struct {
	Moves, Added, Changed []string
}

// ReadImportPreview reads the preview on an import page.
func ReadImportPreview(resp *Response) ImportPreview {
	var p ImportPreview
	doc := resp.Doc()
	squash := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	doc.Find("[data-testid=import-moves] li").Each(func(_ int, s *goquery.Selection) { p.Moves = append(p.Moves, squash(s.Text())) })
	doc.Find("[data-testid=import-added] tbody th").Each(func(_ int, s *goquery.Selection) { p.Added = append(p.Added, squash(s.Text())) })
	doc.Find("[data-testid=import-changed] tbody tr").Each(func(_ int, row *goquery.Selection) {
		name := squash(row.Find("th").Text())
		row.Find("dt").Each(func(_ int, dt *goquery.Selection) {
			p.Changed = append(p.Changed, name+": "+squash(dt.Text())+": "+squash(dt.Next().Text()))
		})
	})
	return p
}

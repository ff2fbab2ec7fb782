package evidence

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"belonging/internal/i18n"
)

// Limits on Office files, which are ZIP containers: enough for any real
// document, far short of a ZIP bomb.
const (
	maxZipEntries  = 2000
	maxZipExpanded = 200 << 20
	maxZipRatio    = 200
)

// FileType is an accepted kind of upload.
type FileType struct {
	ContentType string
	Label       string
	// Image files may be previewed inline, as images only.
	Image bool
	// Exts are the extensions a file of this type is offered under; a
	// name without one of them gets the first.
	Exts []string
}

var (
	typePDF  = FileType{"application/pdf", "PDF", false, []string{".pdf"}}
	typePNG  = FileType{"image/png", "PNG image", true, []string{".png"}}
	typeJPEG = FileType{"image/jpeg", "JPEG image", true, []string{".jpg", ".jpeg"}}
	typeWebP = FileType{"image/webp", "WebP image", true, []string{".webp"}}
	typeCSV  = FileType{"text/csv", "CSV", false, []string{".csv"}}
	typeText = FileType{"text/plain", "plain text", false, []string{".txt", ".text"}}
	typeDOCX = FileType{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word document (DOCX)", false, []string{".docx"}}
	typeXLSX = FileType{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel workbook (XLSX)", false, []string{".xlsx"}}
	typePPTX = FileType{"application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint presentation (PPTX)", false, []string{".pptx"}}

	fileTypes = []FileType{typePDF, typePNG, typeJPEG, typeWebP, typeCSV, typeText, typeDOCX, typeXLSX, typePPTX}
)

// typeOf returns the accepted type stored under contentType.
func typeOf(contentType string) (FileType, bool) {
	for _, ft := range fileTypes {
		if ft.ContentType == contentType {
			return ft, true
		}
	}
	return FileType{}, false
}

// errFileType explains why a file was refused: a message of the evidence
// part, with its arguments, for the form to say in the reader's language.
type errFileType struct {
	id   string
	args []any
}

func (e errFileType) Error() string { return i18n.T(context.Background(), e.id, e.args...) }

// reasonIn is why the file was refused, in the reader's language.
func (e errFileType) reasonIn(ctx context.Context) string { return i18n.T(ctx, e.id, e.args...) }

// Detect decides a file's type from its contents, never its name (the
// name only tells CSV from other plain text). Anything not on the list is
// refused with a message naming what is allowed.
func Detect(f *os.File, size int64, name string) (FileType, error) {
	head := make([]byte, 512)
	n, err := f.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return FileType{}, err
	}
	head = head[:n]
	sniffed := http.DetectContentType(head)
	switch {
	case strings.HasPrefix(sniffed, "application/pdf"):
		return typePDF, nil
	case sniffed == "image/png":
		return typePNG, nil
	case sniffed == "image/jpeg":
		return typeJPEG, nil
	case sniffed == "image/webp":
		return typeWebP, nil
	case sniffed == "application/zip":
		return office(f, size)
	case strings.HasPrefix(sniffed, "text/plain"):
		if err := wholeText(f, size); err != nil {
			return FileType{}, err
		}
		if strings.HasSuffix(strings.ToLower(name), ".csv") {
			return typeCSV, nil
		}
		return typeText, nil
	case strings.HasPrefix(sniffed, "text/html"), strings.HasPrefix(sniffed, "text/xml"):
		return FileType{}, errFileType{id: "evidence.file.web_page"}
	}
	return FileType{}, errFileType{id: "evidence.file.kind"}
}

// wholeText checks the whole file is UTF-8 text without NUL bytes.
func wholeText(f *os.File, size int64) error {
	if size > 32<<20 {
		return errFileType{id: "evidence.file.text_size"}
	}
	data := make([]byte, size)
	if _, err := f.ReadAt(data, 0); err != nil && err != io.EOF {
		return err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		return errFileType{id: "evidence.file.not_utf8"}
	}
	return nil
}

// office checks a ZIP is a real Word, Excel or PowerPoint file within
// limits on entries and expanded size. Go's zip reader never expands an
// entry past its declared size, so the declared sizes bound the work.
func office(f *os.File, size int64) (FileType, error) {
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return FileType{}, errFileType{id: "evidence.file.bad_zip"}
	}
	if len(zr.File) > maxZipEntries {
		return FileType{}, errFileType{id: "evidence.file.parts", args: []any{"Max", strconv.Itoa(maxZipEntries)}}
	}
	var expanded uint64
	names := map[string]bool{}
	for _, zf := range zr.File {
		expanded += zf.UncompressedSize64
		if expanded > maxZipExpanded {
			return FileType{}, errFileType{id: "evidence.file.expands"}
		}
		if zf.CompressedSize64 > 0 && zf.UncompressedSize64/zf.CompressedSize64 > maxZipRatio && zf.UncompressedSize64 > 1<<20 {
			return FileType{}, errFileType{id: "evidence.file.ratio"}
		}
		names[zf.Name] = true
	}
	if !names["[Content_Types].xml"] {
		return FileType{}, errFileType{id: "evidence.file.plain_zip"}
	}
	switch {
	case names["word/document.xml"]:
		return typeDOCX, nil
	case names["xl/workbook.xml"]:
		return typeXLSX, nil
	case names["ppt/presentation.xml"]:
		return typePPTX, nil
	}
	return FileType{}, errFileType{id: "evidence.file.office_like"}
}

// maxNameRunes bounds a file name as stored and offered.
const maxNameRunes = 150

// safeName makes an uploaded file name fit to show and to offer on
// download: no path; no control, format (bidirectional overrides and
// isolates, zero-width characters) or line-separator characters, which
// could make a name read differently from what it is; at most
// maxNameRunes characters.
func safeName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	var b strings.Builder
	for _, r := range name {
		if r == utf8.RuneError || unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp) {
			continue
		}
		b.WriteRune(r)
	}
	name = strings.TrimSpace(b.String())
	if name == "" || name == "." || name == ".." {
		name = "evidence"
	}
	if utf8.RuneCountInString(name) > maxNameRunes {
		name = string([]rune(name)[:maxNameRunes])
	}
	return name
}

// fileName is the name a file of type ft is stored and offered under: the
// uploaded name made safe, ending in an extension of its real type, so a
// text file called notes.html is saved by the browser as notes.txt, not
// opened as a web page.
func fileName(name string, ft FileType) string {
	name = safeName(name)
	ext := filepath.Ext(name)
	for _, e := range ft.Exts {
		if strings.EqualFold(ext, e) {
			return name
		}
	}
	if looksLikeExtension(ext) {
		name = strings.TrimSpace(strings.TrimSuffix(name, ext))
	}
	if name == "" || name == "." {
		name = "evidence"
	}
	stem := []rune(name)
	if max := maxNameRunes - len(ft.Exts[0]); len(stem) > max {
		stem = stem[:max]
	}
	return string(stem) + ft.Exts[0]
}

// looksLikeExtension tells ".html" or ".exe" from the ".2026" of
// "minutes 12.03.2026", which is part of the name.
func looksLikeExtension(ext string) bool {
	if len(ext) < 2 || len(ext) > 6 {
		return false
	}
	letter := false
	for _, r := range ext[1:] {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
			letter = true
		case r >= '0' && r <= '9':
		default:
			return false
		}
	}
	return letter
}

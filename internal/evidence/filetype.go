package evidence

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
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

// AllowedTypes names the accepted types for messages and hints.
const AllowedTypes = "PDF, PNG, JPEG, WebP, CSV, plain text, Word (DOCX), Excel (XLSX) or PowerPoint (PPTX)"

// errFileType explains why a file was refused.
type errFileType struct{ reason string }

func (e errFileType) Error() string { return e.reason }

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
		return FileType{}, errFileType{"This file is a web page or XML, which cannot be kept as evidence. Upload " + AllowedTypes + "."}
	}
	return FileType{}, errFileType{"This kind of file cannot be kept as evidence. Upload " + AllowedTypes + "."}
}

// wholeText checks the whole file is UTF-8 text without NUL bytes.
func wholeText(f *os.File, size int64) error {
	if size > 32<<20 {
		return errFileType{"Text files must be at most 32 MiB."}
	}
	data := make([]byte, size)
	if _, err := f.ReadAt(data, 0); err != nil && err != io.EOF {
		return err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		return errFileType{"This text file is not UTF-8. Save it as UTF-8 text (in Excel: CSV UTF-8) and upload it again."}
	}
	return nil
}

// office checks a ZIP is a real Word, Excel or PowerPoint file within
// limits on entries and expanded size. Go's zip reader never expands an
// entry past its declared size, so the declared sizes bound the work.
func office(f *os.File, size int64) (FileType, error) {
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return FileType{}, errFileType{"This file looks like a ZIP archive but cannot be read. Upload " + AllowedTypes + "."}
	}
	if len(zr.File) > maxZipEntries {
		return FileType{}, errFileType{fmt.Sprintf("This document has more than %d parts, which is not a normal Office file.", maxZipEntries)}
	}
	var expanded uint64
	names := map[string]bool{}
	for _, zf := range zr.File {
		expanded += zf.UncompressedSize64
		if expanded > maxZipExpanded {
			return FileType{}, errFileType{"This document expands to more than 200 MiB, which is not a normal Office file."}
		}
		if zf.CompressedSize64 > 0 && zf.UncompressedSize64/zf.CompressedSize64 > maxZipRatio && zf.UncompressedSize64 > 1<<20 {
			return FileType{}, errFileType{"This document is compressed far more than a normal Office file, so it was refused."}
		}
		names[zf.Name] = true
	}
	if !names["[Content_Types].xml"] {
		return FileType{}, errFileType{"This is a ZIP archive, not a Word, Excel or PowerPoint file. Upload " + AllowedTypes + "."}
	}
	switch {
	case names["word/document.xml"]:
		return typeDOCX, nil
	case names["xl/workbook.xml"]:
		return typeXLSX, nil
	case names["ppt/presentation.xml"]:
		return typePPTX, nil
	}
	return FileType{}, errFileType{"This is an Office-style archive but not a Word, Excel or PowerPoint file. Upload " + AllowedTypes + "."}
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

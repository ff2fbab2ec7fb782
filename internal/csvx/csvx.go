// Package csvx writes and reads the CSV files people open in spreadsheets.
// Cells that a spreadsheet would run as a formula are written with a
// leading apostrophe, and read back without it.
package csvx

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"belonging/internal/i18n"
)

// Writer writes CSV rows with formula-like cells neutralised.
type Writer struct{ w *csv.Writer }

// NewWriter writes UTF-8 CSV with a byte-order mark, so that Excel reads
// accents correctly.
func NewWriter(out io.Writer) *Writer {
	_, _ = io.WriteString(out, "\ufeff")
	return &Writer{w: csv.NewWriter(out)}
}

// Write writes one row.
func (w *Writer) Write(cells ...string) error {
	row := make([]string, len(cells))
	for i, c := range cells {
		row[i] = Safe(c)
	}
	return w.w.Write(row)
}

// Flush writes any buffered data.
func (w *Writer) Flush() error {
	w.w.Flush()
	return w.w.Error()
}

// Safe prefixes a cell that starts like a formula with an apostrophe.
func Safe(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

// Unsafe undoes Safe when reading a file back.
func Unsafe(cell string) string {
	if len(cell) >= 2 && cell[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(cell[1])) {
		return cell[1:]
	}
	return cell
}

// Attachment sets the headers of a CSV download.
func Attachment(w http.ResponseWriter, filename string) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
}

// Row is one data row with its line number in the file.
type Row struct {
	Line  int
	Cells map[string]string
}

// Problem is something wrong with one line.
type Problem struct {
	Line    int
	Message string
}

// ErrFile describes a problem with the file as a whole.
type ErrFile struct{ Message string }

func (e ErrFile) Error() string { return e.Message }

// Read checks the encoding and header of data and returns its rows keyed
// by column name. want lists the columns the header must have (in any
// order); extra columns are an error. Lines that are not valid CSV are
// returned as problems.
func Read(ctx context.Context, data []byte, want []string, maxRows int) ([]Row, []Problem, error) {
	return read(ctx, data, want, "", maxRows)
}

// ReadOptionalLast is Read for a format whose last column, optional, may
// be left out of the header, or of a row typed in without it: that row's
// Cells then have no such key. Line numbers are the file's own.
func ReadOptionalLast(ctx context.Context, data []byte, want []string, optional string, maxRows int) ([]Row, []Problem, error) {
	return read(ctx, data, want, optional, maxRows)
}

func read(ctx context.Context, data []byte, want []string, optional string, maxRows int) ([]Row, []Problem, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, nil, ErrFile{i18n.T(ctx, "csv.not_utf8")}
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil, ErrFile{i18n.T(ctx, "csv.empty")}
	}
	if err != nil {
		return nil, nil, ErrFile{i18n.T(ctx, "csv.first_line")}
	}
	index := map[string]int{}
	for i, h := range header {
		index[strings.ToLower(strings.TrimSpace(h))] = i
	}
	withOptional := optional != "" && strings.ToLower(strings.TrimSpace(header[len(header)-1])) == optional
	if withOptional {
		want = append(slices.Clip(want), optional)
	}
	for _, w := range want {
		if _, ok := index[w]; !ok {
			return nil, nil, ErrFile{i18n.T(ctx, "csv.missing_column", "Column", w, "Want", strings.Join(want, ","))}
		}
	}
	if len(index) != len(want) {
		return nil, nil, ErrFile{i18n.T(ctx, "csv.unknown_columns", "Want", strings.Join(want, ","))}
	}
	var rows []Row
	var problems []Problem
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			problems = append(problems, Problem{Line: pe.Line, Message: i18n.T(ctx, "csv.bad_line")})
			continue
		}
		if err != nil {
			return nil, nil, ErrFile{i18n.T(ctx, "csv.unreadable")}
		}
		line, _ := r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rows) >= maxRows {
			return nil, nil, ErrFile{i18n.T(ctx, "csv.too_many_rows", "Max", strconv.Itoa(maxRows))}
		}
		short := withOptional && len(rec) == len(header)-1
		if len(rec) != len(header) && !short {
			problems = append(problems, Problem{Line: line, Message: i18n.T(ctx, "csv.columns", "Expected", strconv.Itoa(len(header)), "Found", strconv.Itoa(len(rec)))})
			continue
		}
		cells := map[string]string{}
		for name, i := range index {
			if i < len(rec) {
				cells[name] = strings.TrimSpace(Unsafe(rec[i]))
			}
		}
		rows = append(rows, Row{Line: line, Cells: cells})
	}
	if len(rows) == 0 && len(problems) == 0 {
		return nil, nil, ErrFile{i18n.T(ctx, "csv.no_rows")}
	}
	return rows, problems, nil
}

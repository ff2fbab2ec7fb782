package httpx

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"belonging/internal/i18n"
)

// Upload errors.
var (
	ErrUploadTooLarge = errors.New("upload too large")
	ErrNoFile         = errors.New("no file chosen")
)

// ReadUpload reads the file sent in field of a multipart form, refusing
// more than limit bytes while reading, and returns it with its filename.
// Other fields are skipped.
func ReadUpload(r *http.Request, field string, limit int64) (data []byte, filename string, err error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, "", err
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil, "", ErrNoFile
		}
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, "", ErrUploadTooLarge
		}
		if err != nil {
			return nil, "", err
		}
		if part.FormName() != field {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, limit+1))
		if errors.As(err, &tooBig) || int64(len(data)) > limit {
			return nil, "", ErrUploadTooLarge
		}
		if err != nil {
			return nil, "", err
		}
		if len(data) == 0 && part.FileName() == "" {
			return nil, "", ErrNoFile
		}
		return data, part.FileName(), nil
	}
}

// ImportUpload is what an import form sent: a file just chosen, or, from
// the preview page, the previewed file carried back with the fingerprint
// of the plan the person saw (Plan empty for a fresh upload).
type ImportUpload struct {
	Data []byte
	Plan string
}

// ImportBodyLimit is the largest body an import form may send for a file
// of at most limit bytes: the preview carries the file back in base64.
func ImportBodyLimit(limit int64) int64 {
	return int64(base64.StdEncoding.EncodedLen(int(limit))) + 64<<10
}

// ReadImport reads an import form: the chosen file in "file", or a
// previewed file in "content" (base64) with its plan's fingerprint in
// "plan". It answers ErrNoFile when neither is there and ErrUploadTooLarge
// beyond limit bytes of file.
func ReadImport(r *http.Request, limit int64) (ImportUpload, error) {
	var up ImportUpload
	mr, err := r.MultipartReader()
	if err != nil {
		return up, err
	}
	var carried []byte
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return up, ErrUploadTooLarge
		}
		if err != nil {
			return up, err
		}
		var max int64
		switch part.FormName() {
		case "file":
			max = limit
		case "content":
			max = int64(base64.StdEncoding.EncodedLen(int(limit)))
		case "plan":
			max = 128
		default:
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, max+1))
		if errors.As(err, &tooBig) || int64(len(data)) > max {
			return up, ErrUploadTooLarge
		}
		if err != nil {
			return up, err
		}
		switch part.FormName() {
		case "file":
			if len(data) > 0 || part.FileName() != "" {
				up.Data = data
			}
		case "content":
			carried = data
		case "plan":
			up.Plan = string(data)
		}
	}
	if up.Data != nil { // a file just chosen is previewed first
		up.Plan = ""
		return up, nil
	}
	if len(carried) == 0 || up.Plan == "" {
		return up, ErrNoFile
	}
	up.Data, err = base64.StdEncoding.DecodeString(string(carried))
	return up, err
}

// PlanFingerprint names what an import would do (its plan and anything it
// read that the plan does not show, such as record versions): the preview
// sends it, and the confirmation applies the file only when the plan it
// computes again has the same fingerprint.
func PlanFingerprint(plan ...any) (string, error) {
	data, err := json.Marshal(plan)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}

// ImportProblem says what an import form shows for err from ReadImport:
// the status and the message at its file field, or status 0 when the
// upload was read. Every import answers these three alike.
func ImportProblem(ctx context.Context, err error, limit int64) (status int, message string) {
	switch {
	case err == nil:
		return 0, ""
	case errors.Is(err, ErrUploadTooLarge):
		return http.StatusRequestEntityTooLarge, i18n.T(ctx, "import.too_large", "Limit", FormatBytes(limit))
	case errors.Is(err, ErrNoFile):
		return http.StatusUnprocessableEntity, i18n.T(ctx, "import.no_file")
	}
	return http.StatusBadRequest, i18n.T(ctx, "import.unreadable")
}

package httpx

import (
	"errors"
	"io"
	"net/http"
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

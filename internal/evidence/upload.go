package evidence

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"belonging/internal/access"
	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/blob"
	"belonging/internal/httpx"
	"belonging/internal/httpx/form"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	"belonging/web/components"
	page "belonging/web/pages/evidence"
	"belonging/web/paths"
)

// upload is a file received with a form, held in a temporary file while
// it is checked.
type upload struct {
	file     *os.File
	name     string
	size     int64
	sum      []byte
	tooLarge bool
}

func (u *upload) discard() {
	if u != nil && u.file != nil {
		u.file.Close()
		os.Remove(u.file.Name())
	}
}

var (
	errMalformed = errors.New("malformed upload")
	// errUnstorable is a form field holding a NUL byte or bytes that are
	// not UTF-8, which PostgreSQL cannot store.
	errUnstorable = errors.New("unstorable text in upload form")
)

// readMultipart reads a multipart form: every field, and the file streamed
// to a temporary file while its size is counted (refusing more than max
// bytes: the rest is read and thrown away, so the fields after it are
// still kept) and its SHA-256 computed.
func (h *Handler) readMultipart(r *http.Request) (form.Values, *upload, error) {
	vals := url.Values{}
	mr, err := r.MultipartReader()
	if err != nil {
		return form.Values{Values: vals}, nil, errMalformed
	}
	var up *upload
	for fields := 0; ; fields++ {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			up.discard()
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return form.Values{Values: vals}, &upload{tooLarge: true}, nil
			}
			return form.Values{Values: vals}, nil, errMalformed
		}
		if fields > 100 {
			up.discard()
			return form.Values{Values: vals}, nil, errMalformed
		}
		if part.FormName() == "file" && part.FileName() != "" {
			if up != nil {
				up.discard()
			}
			up, err = h.spool(part)
			if err != nil {
				var tooBig *http.MaxBytesError
				if errors.As(err, &tooBig) {
					return form.Values{Values: vals}, &upload{tooLarge: true}, nil
				}
				return form.Values{Values: vals}, nil, err
			}
			continue
		}
		value, err := io.ReadAll(io.LimitReader(part, 64<<10+1))
		if err != nil || len(value) > 64<<10 {
			up.discard()
			return form.Values{Values: vals}, nil, errMalformed
		}
		vals.Add(part.FormName(), string(value))
	}
	if !httpx.StorableValues(vals) {
		up.discard()
		return form.Values{Values: url.Values{}}, nil, errUnstorable
	}
	return form.Values{Values: vals}, up, nil
}

// spoolPrefix starts the name of every spooled upload.
const spoolPrefix = "belonging-upload-"

func (h *Handler) spool(part *multipart.Part) (*upload, error) {
	tmp, err := os.CreateTemp(h.TempDir, spoolPrefix+"*")
	if err != nil {
		return nil, fmt.Errorf("spool upload: %w", err)
	}
	up := &upload{file: tmp, name: part.FileName()}
	sum := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, sum), io.LimitReader(part, h.MaxUpload+1))
	if err != nil {
		up.discard()
		return nil, fmt.Errorf("spool upload: %w", err)
	}
	if n > h.MaxUpload {
		up.discard()
		// Read past the rest of the file, so later fields can be kept.
		if _, err := io.Copy(io.Discard, part); err != nil {
			return nil, err
		}
		return &upload{tooLarge: true, name: part.FileName()}, nil
	}
	up.size, up.sum = n, sumOf(sum)
	return up, nil
}

func sumOf(h hash.Hash) []byte { return h.Sum(nil) }

func (h *Handler) evidenceForm(ctx context.Context, a access.Activity, v page.EvidenceForm) (page.EvidenceForm, error) {
	v.ActivityID, v.ActivityTitle, v.MaxSize = a.ID, a.Title, httpx.FormatBytes(h.MaxUpload)
	outcomes, err := h.Queries.ListActivityOutcomes(ctx, store.ListActivityOutcomesParams{InstitutionID: a.InstitutionID, ActivityID: a.ID})
	if err != nil {
		return v, err
	}
	v.Outcomes = nil
	for _, o := range outcomes {
		label := i18n.FullDate(ctx, o.OutcomeDate)
		if o.SessionDate != nil {
			label = i18n.T(ctx, "evidence.new.outcome.session", "Day", i18n.FullDate(ctx, *o.SessionDate))
		}
		v.Outcomes = append(v.Outcomes, components.Option{Value: strconv.FormatInt(o.ID, 10), Label: label})
	}
	return v, nil
}

func (h *Handler) renderEvidence(w http.ResponseWriter, r *http.Request, status int, a access.Activity, v page.EvidenceForm) {
	v, err := h.evidenceForm(r.Context(), a, v)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	title := i18n.T(r.Context(), "evidence.new.title")
	httpx.Render(w, r, status, web.Page{Title: title, Section: "programmes", Breadcrumbs: []web.Crumb{
		{Label: a.ProgrammeCode, URL: paths.Plan(a.ProgrammeID, int(a.AcademicYear))},
		{Label: a.Title, URL: paths.Activity(a.ID)}, {Label: title}}}, page.EvidenceNew(v))
}

// NewEvidence shows the evidence form.
func (h *Handler) NewEvidence(w http.ResponseWriter, r *http.Request) {
	a, ok := h.Access.Activity(w, r, auth.EditActivity)
	if !ok {
		return
	}
	h.renderEvidence(w, r, http.StatusOK, a, page.EvidenceForm{Strength: "1", OutcomeID: r.URL.Query().Get("outcome")})
}

// evidenceInput is a validated evidence form.
type evidenceInput struct {
	OutcomeID                      *int64
	Title, Kind, Notes, Instrument string
	Comparison, EffectSize         string
	Strength                       int32
	SampleSize, ResponseRate       *int32
	Link                           *string
	PhotoConsent                   bool
}

func readEvidence(ctx context.Context, vals form.Values, outcomes []components.Option, v *page.EvidenceForm) evidenceInput {
	v.Title, v.Kind, v.Strength, v.OutcomeID = vals.Text("title"), vals.Text("kind"), vals.Text("strength"), vals.Text("outcome")
	v.Notes, v.Instrument, v.SampleSize, v.ResponseRate = vals.Text("notes"), vals.Text("instrument"), vals.Text("sample_size"), vals.Text("response_rate")
	v.Comparison, v.EffectSize, v.Link, v.PhotoConsent = vals.Text("comparison"), vals.Text("effect_size"), vals.Text("link"), vals.Bool("photo_consent")
	in := evidenceInput{Title: v.Title, Kind: v.Kind, Notes: v.Notes, Instrument: v.Instrument, Comparison: v.Comparison,
		EffectSize: v.EffectSize, PhotoConsent: v.PhotoConsent}
	v.Check(v.Title != "", "title", i18n.T(ctx, "evidence.new.error.title"))
	v.Check(form.MaxLength(v.Title, 200), "title", i18n.T(ctx, "evidence.new.error.title_long"))
	validKind := false
	for _, k := range page.Kinds {
		validKind = validKind || k.Value == v.Kind
	}
	v.Check(validKind, "kind", i18n.T(ctx, "evidence.new.error.kind"))
	if v.OutcomeID != "" {
		found := false
		for _, o := range outcomes {
			found = found || o.Value == v.OutcomeID
		}
		if found {
			id, _ := strconv.ParseInt(v.OutcomeID, 10, 64)
			in.OutcomeID = &id
		} else {
			v.Add("outcome", i18n.T(ctx, "evidence.new.error.outcome"))
		}
	}
	if n, ok := form.Int(v.Strength); ok && n >= 1 && n <= 3 {
		in.Strength = int32(n)
	} else {
		v.Add("strength", i18n.T(ctx, "evidence.new.error.strength"))
	}
	opt := func(field, value, msg string, lo, hi int) *int32 {
		if value == "" {
			return nil
		}
		n, ok := form.Int(value)
		if !ok || n < lo || n > hi {
			v.Add(field, msg)
			return nil
		}
		n32 := int32(n)
		return &n32
	}
	in.SampleSize = opt("sample_size", v.SampleSize, i18n.T(ctx, "evidence.new.error.sample"), 0, 10000000)
	in.ResponseRate = opt("response_rate", v.ResponseRate, i18n.T(ctx, "evidence.new.error.rate"), 0, 100)
	v.Check(form.MaxLength(v.Notes, 4000), "notes", i18n.T(ctx, "evidence.new.error.notes"))
	v.Check(form.MaxLength(v.Instrument, 500), "instrument", i18n.T(ctx, "evidence.new.error.instrument"))
	v.Check(form.MaxLength(v.Comparison, 1000), "comparison", i18n.T(ctx, "evidence.new.error.comparison_long"))
	v.Check(form.MaxLength(v.EffectSize, 200), "effect_size", i18n.T(ctx, "evidence.new.error.effect_long"))
	// What each type of evidence needs, as the guidance says.
	if in.Strength == 2 && v.SampleSize == "" {
		v.Add("sample_size", i18n.T(ctx, "evidence.new.error.type2"))
	}
	if in.Strength == 3 {
		v.Check(v.Comparison != "", "comparison", i18n.T(ctx, "evidence.new.error.comparison"))
		v.Check(v.EffectSize != "", "effect_size", i18n.T(ctx, "evidence.new.error.effect"))
	}
	v.Check(v.Kind != "photo" || v.PhotoConsent, "photo_consent", i18n.T(ctx, "evidence.new.error.consent"))
	if v.Link != "" {
		u, err := url.Parse(v.Link)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(v.Link) > 2000 {
			v.Add("link", i18n.T(ctx, "evidence.new.error.link"))
		} else {
			in.Link = &v.Link
		}
	}
	return in
}

// CreateEvidence saves a link or a checked file. The file is stored under
// a generated key before its row is written, and removed again if the row
// cannot be, so a row never points at a missing file.
func (h *Handler) CreateEvidence(w http.ResponseWriter, r *http.Request) {
	a, ok := h.Access.Activity(w, r, auth.EditActivity)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	vals, up, err := h.readMultipart(r)
	defer up.discard()
	if errors.Is(err, errMalformed) {
		httpx.BadRequest(w, r, i18n.T(ctx, "evidence.new.error.unreadable"))
		return
	}
	if errors.Is(err, errUnstorable) {
		httpx.BadRequest(w, r, httpx.UnstorableForm)
		return
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v, err := h.evidenceForm(ctx, a, page.EvidenceForm{})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	in := readEvidence(ctx, vals, v.Outcomes, &v)
	status := http.StatusUnprocessableEntity
	var ft FileType
	switch {
	case up != nil && up.tooLarge:
		v.Add("file", i18n.T(ctx, "evidence.new.error.too_large", "Size", httpx.FormatBytes(h.MaxUpload)))
		status = http.StatusRequestEntityTooLarge
	case up != nil && in.Link != nil:
		v.Add("link", i18n.T(ctx, "evidence.new.error.both"))
	case up == nil && in.Link == nil && v.Get("link") == "":
		v.Add("file", i18n.T(ctx, "evidence.new.error.neither"))
	case up != nil:
		ft, err = Detect(up.file, up.size, up.name)
		var refused errFileType
		if errors.As(err, &refused) {
			v.Add("file", refused.reasonIn(ctx))
		} else if err != nil {
			httpx.ServerError(w, r, err)
			return
		}
	}
	if !v.Valid() {
		if up != nil && !up.tooLarge {
			v.Add("file", i18n.T(ctx, "evidence.new.error.choose_again"))
		}
		h.renderEvidence(w, r, status, a, v)
		return
	}

	params := store.CreateEvidenceParams{InstitutionID: u.InstitutionID, ActivityID: a.ID, OutcomeID: in.OutcomeID, Title: in.Title,
		Kind: in.Kind, Strength: in.Strength, Notes: in.Notes, Instrument: in.Instrument, SampleSize: in.SampleSize,
		ResponseRate: in.ResponseRate, Comparison: in.Comparison, EffectSize: in.EffectSize, LinkUrl: in.Link,
		PhotoConsent: in.PhotoConsent, CreatedBy: &u.ID}
	if up != nil {
		key, err := newKey(u.InstitutionID)
		if err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		if _, err := up.file.Seek(0, io.SeekStart); err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		if err := h.Blobs.Put(ctx, key, up.file, up.size, ft.ContentType); err != nil {
			httpx.ServerError(w, r, fmt.Errorf("store evidence file: %w", err))
			return
		}
		name := fileName(up.name, ft)
		params.FileKey, params.FileName, params.ContentType, params.SizeBytes, params.Sha256 = &key, &name, &ft.ContentType, &up.size, up.sum
	}
	var id int64
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		var err error
		if id, err = q.CreateEvidence(ctx, params); err != nil {
			return err
		}
		fields := map[string]any{"activity_id": a.ID, "title": in.Title, "kind": in.Kind, "strength": int64(in.Strength)}
		if params.FileKey != nil {
			fields["file"] = *params.FileName
			fields["sha256"] = hex.EncodeToString(params.Sha256)
			fields["size"] = *params.SizeBytes
		} else {
			fields["link"] = *in.Link
		}
		return audit.By(u).Record(ctx, q, "create", "evidence", id, audit.Created(fields))
	})
	if err != nil {
		if params.FileKey != nil {
			_ = h.Blobs.Delete(context.WithoutCancel(ctx), *params.FileKey)
		}
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "evidence.new.flash.added", "Title", in.Title))
	httpx.SeeOther(w, r, paths.ActivityAt(a.ID, "evidence-summary"))
}

// SweepSpool removes spooled uploads older than grace from dir: what a
// crash or a killed server left behind, which would otherwise fill the
// disk the file store shares.
func SweepSpool(dir string, grace time.Duration, now time.Time) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || !strings.HasPrefix(e.Name(), spoolPrefix) || now.Sub(info.ModTime()) < grace {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

// newKey makes a file's key: never the uploaded name.
func newKey(institutionID int64) (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return fmt.Sprintf("evidence/%d/%s", institutionID, hex.EncodeToString(b)), nil
}

// Download sends a stored file, after the same check as the activity's
// page, as an attachment that browsers will not run or render in place.
func (h *Handler) Download(w http.ResponseWriter, r *http.Request) {
	h.serve(w, r, false)
}

// Preview sends an image inline, as an image only, for thumbnails.
func (h *Handler) Preview(w http.ResponseWriter, r *http.Request) {
	h.serve(w, r, true)
}

func (h *Handler) serve(w http.ResponseWriter, r *http.Request, inline bool) {
	e, ok := h.Access.Evidence(w, r, auth.ViewProgramme)
	if !ok {
		return
	}
	if e.FileKey == nil {
		httpx.NotFound(w, r)
		return
	}
	_, image := typeLabel(*e.ContentType)
	if inline && !image {
		httpx.NotFound(w, r)
		return
	}
	f, err := h.Blobs.Open(r.Context(), *e.FileKey)
	if err != nil {
		httpx.ServerError(w, r, fmt.Errorf("open evidence %d: %w", e.ID, err))
		return
	}
	defer f.Close()
	hd := w.Header()
	hd.Set("Content-Type", *e.ContentType)
	hd.Set("Content-Length", strconv.FormatInt(*e.SizeBytes, 10))
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self'")
	hd.Set("Cache-Control", "private, no-store")
	disposition := "attachment"
	if inline {
		disposition = "inline"
	}
	// Names stored before they were cleaned are cleaned as they are served.
	name := safeName(*e.FileName)
	if ft, ok := typeOf(*e.ContentType); ok {
		name = fileName(name, ft)
	}
	hd.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": name}))
	_, _ = io.Copy(w, f)
}

// DeleteEvidence removes the row, then the stored file. Should removing
// the file fail, the sweep removes it later; a row never outlives its file.
func (h *Handler) DeleteEvidence(w http.ResponseWriter, r *http.Request) {
	e, ok := h.Access.Evidence(w, r, auth.EditActivity)
	if !ok {
		return
	}
	if e.SurveyID != nil {
		httpx.Forbidden(w, r, i18n.T(r.Context(), "evidence.delete.survey_kept"))
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		if err := q.DeleteEvidence(ctx, store.DeleteEvidenceParams{InstitutionID: u.InstitutionID, ID: e.ID}); err != nil {
			return err
		}
		changes := map[string]audit.Change{"title": {Before: e.Title}, "activity_id": {Before: e.ActivityID}}
		if e.FileName != nil {
			changes["file"] = audit.Change{Before: *e.FileName}
		}
		return audit.By(u).Record(ctx, q, "delete", "evidence", e.ID, changes)
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if e.FileKey != nil {
		if err := h.Blobs.Delete(ctx, *e.FileKey); err != nil {
			httpx.Logger(ctx).Warn("evidence file left for the sweep", "key", *e.FileKey, "err", err)
		}
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "evidence.delete.flash", "Title", e.Title))
	httpx.SeeOther(w, r, paths.ActivityAt(e.ActivityID, "evidence"))
}

// Sweep deletes stored files that no row refers to and that are older
// than grace (younger ones may belong to an upload still being saved).
// It returns how many it removed.
func Sweep(ctx context.Context, q *store.Queries, blobs blob.Store, grace time.Duration, now time.Time) (int, error) {
	objs, err := blobs.List(ctx, "evidence/")
	if err != nil {
		return 0, err
	}
	keys, err := q.ReferencedFileKeys(ctx, "evidence/")
	if err != nil {
		return 0, err
	}
	referenced := make(map[string]bool, len(keys))
	for _, k := range keys {
		referenced[k] = true
	}
	removed := 0
	for _, o := range objs {
		if referenced[o.Key] || now.Sub(o.Modified) < grace || !strings.HasPrefix(o.Key, "evidence/") {
			continue
		}
		if err := blobs.Delete(ctx, o.Key); err != nil {
			return removed, err
		}
		removed++
	}
	return removed, nil
}

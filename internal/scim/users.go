package scim

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"belonging/internal/audit"
	"belonging/internal/db"
	"belonging/internal/store"
	"belonging/web/paths"
)

// User is a person as the service shows them.
type User struct {
	Schemas     []string `json:"schemas"`
	ID          string   `json:"id"`
	ExternalID  string   `json:"externalId,omitempty"`
	UserName    string   `json:"userName"`
	Name        Name     `json:"name"`
	DisplayName string   `json:"displayName"`
	Emails      []Email  `json:"emails"`
	Active      bool     `json:"active"`
	Meta        Meta     `json:"meta"`
}

// Name is a User's name.
type Name struct {
	Formatted  string `json:"formatted,omitempty"`
	GivenName  string `json:"givenName,omitempty"`
	FamilyName string `json:"familyName,omitempty"`
}

// Email is one of a User's addresses; the service keeps one.
type Email struct {
	Value   string `json:"value"`
	Type    string `json:"type,omitempty"`
	Primary bool   `json:"primary"`
}

// Meta is a resource's metadata.
type Meta struct {
	ResourceType string `json:"resourceType"`
	Created      string `json:"created"`
	LastModified string `json:"lastModified"`
	Location     string `json:"location"`
}

// person is the service's view of an account, as kept.
type person struct {
	ID                   int64
	Email, Name          string
	Disabled             bool
	UserName, ExternalID *string
	GivenName, Family    *string
	Created, Modified    time.Time
}

func personFrom(r store.GetSCIMUserRow) person {
	return person{ID: r.ID, Email: r.Email, Name: r.Name, Disabled: r.DisabledAt != nil, UserName: r.ScimUserName, ExternalID: r.ScimExternalID,
		GivenName: r.ScimGivenName, Family: r.ScimFamilyName, Created: r.CreatedAt, Modified: r.UpdatedAt}
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func ptr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func (h *Handler) resource(p person) User {
	userName := str(p.UserName)
	if userName == "" {
		userName = p.Email
	}
	return User{Schemas: []string{SchemaUser}, ID: strconv.FormatInt(p.ID, 10), ExternalID: str(p.ExternalID), UserName: userName,
		Name: Name{Formatted: p.Name, GivenName: str(p.GivenName), FamilyName: str(p.Family)}, DisplayName: p.Name,
		Emails: []Email{{Value: p.Email, Type: "work", Primary: true}}, Active: !p.Disabled,
		Meta: Meta{ResourceType: "User", Created: p.Created.UTC().Format(time.RFC3339), LastModified: p.Modified.UTC().Format(time.RFC3339),
			Location: h.BaseURL + paths.SCIMUser(p.ID)}}
}

// filterPattern is the one filter form provisioning clients send before
// creating someone: an attribute equal to a quoted value.
var filterPattern = regexp.MustCompile(`(?i)^\s*(userName|externalId|emails(?:\.value|\[type eq "work"\]\.value)?)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$`)

// ListUsers answers GET /Users, with filter, startIndex and count.
func (h *Handler) ListUsers(w http.ResponseWriter, r *http.Request) {
	c := clientFrom(r.Context())
	q := r.URL.Query()
	params := store.ListSCIMUsersParams{InstitutionID: &c.InstitutionID, RowLimit: maxPage}
	if f := q.Get("filter"); f != "" {
		m := filterPattern.FindStringSubmatch(f)
		if m == nil {
			writeError(w, http.StatusBadRequest, "invalidFilter", `Only filters of the form userName eq "…", externalId eq "…" or emails.value eq "…" are supported.`)
			return
		}
		value := strings.ReplaceAll(strings.ReplaceAll(m[2], `\"`, `"`), `\\`, `\`)
		switch strings.ToLower(m[1]) {
		case "username":
			params.UserName = value
		case "externalid":
			params.ExternalID = value
		default:
			params.Email = value
		}
		if value == "" {
			writeJSON(w, http.StatusOK, listResponse(nil, 0, 1))
			return
		}
	}
	start := 1
	if s := q.Get("startIndex"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			writeError(w, http.StatusBadRequest, "invalidValue", "startIndex must be a number")
			return
		}
		start = max(n, 1)
	}
	if s := q.Get("count"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			writeError(w, http.StatusBadRequest, "invalidValue", "count must be a number")
			return
		}
		params.RowLimit = int32(min(max(n, 0), maxPage))
	}
	params.RowOffset = int32(start - 1)
	rows, err := h.Queries.ListSCIMUsers(r.Context(), params)
	if err != nil {
		serverError(w, r, err)
		return
	}
	total := 0
	users := make([]User, 0, len(rows))
	for _, row := range rows {
		total = int(row.Total)
		users = append(users, h.resource(personFrom(store.GetSCIMUserRow{ID: row.ID, Email: row.Email, Name: row.Name, DisabledAt: row.DisabledAt,
			ScimUserName: row.ScimUserName, ScimExternalID: row.ScimExternalID, ScimGivenName: row.ScimGivenName, ScimFamilyName: row.ScimFamilyName,
			CreatedAt: row.CreatedAt, UpdatedAt: row.UpdatedAt})))
	}
	if params.RowLimit == 0 || len(rows) == 0 {
		// A count of 0 asks only for the total; a page past the end has
		// no row to carry it.
		n, err := h.Queries.ListSCIMUsers(r.Context(), store.ListSCIMUsersParams{InstitutionID: params.InstitutionID, UserName: params.UserName,
			ExternalID: params.ExternalID, Email: params.Email, RowLimit: 1})
		if err != nil {
			serverError(w, r, err)
			return
		}
		if len(n) > 0 {
			total = int(n[0].Total)
		}
	}
	writeJSON(w, http.StatusOK, listResponse(users, total, start))
}

func listResponse(users []User, total, start int) map[string]any {
	if users == nil {
		users = []User{}
	}
	return map[string]any{"schemas": []string{SchemaList}, "totalResults": total, "itemsPerPage": len(users), "startIndex": start, "Resources": users}
}

// userID reads the route's id; a malformed one is a resource that is not
// there.
func userID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id <= 0 {
		writeError(w, http.StatusNotFound, "", "There is no such user.")
		return 0, false
	}
	return id, true
}

// GetUser answers GET /Users/{id}.
func (h *Handler) GetUser(w http.ResponseWriter, r *http.Request) {
	id, ok := userID(w, r)
	if !ok {
		return
	}
	c := clientFrom(r.Context())
	row, err := h.Queries.GetSCIMUser(r.Context(), store.GetSCIMUserParams{InstitutionID: &c.InstitutionID, ID: id})
	if errors.Is(err, pgx.ErrNoRows) {
		writeError(w, http.StatusNotFound, "", "There is no such user.")
		return
	}
	if err != nil {
		serverError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, h.resource(personFrom(row)))
}

// flexBool reads a boolean as JSON true/false or, as Entra ID sends in
// some requests, the strings "True" and "False".
type flexBool bool

func (b *flexBool) UnmarshalJSON(data []byte) error {
	switch strings.ToLower(strings.Trim(string(data), `"`)) {
	case "true":
		*b = true
	case "false":
		*b = false
	default:
		return fmt.Errorf("%s is not a boolean", data)
	}
	return nil
}

// userIn is a User as a client sends it to create or replace.
type userIn struct {
	Schemas     []string  `json:"schemas"`
	ExternalID  *string   `json:"externalId"`
	UserName    string    `json:"userName"`
	Name        *Name     `json:"name"`
	DisplayName string    `json:"displayName"`
	Emails      []emailIn `json:"emails"`
	Active      *flexBool `json:"active"`
}

type emailIn struct {
	Value   string   `json:"value"`
	Type    string   `json:"type"`
	Primary flexBool `json:"primary"`
}

// decode reads a JSON body of at most 64 KiB.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10+1))
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalidSyntax", "The request body could not be read.")
		return false
	}
	if len(body) > 64<<10 {
		writeError(w, http.StatusRequestEntityTooLarge, "", "The request body is larger than 64 KiB.")
		return false
	}
	if err := json.Unmarshal(body, v); err != nil {
		writeError(w, http.StatusBadRequest, "invalidSyntax", "The request body is not valid JSON for this resource: "+err.Error())
		return false
	}
	return true
}

// wanted is what a client asks an account to be.
type wanted struct {
	Email, Name, UserName, ExternalID, GivenName, FamilyName string
	Active                                                   bool
}

// primaryEmail picks the address to keep: the primary, else the work
// address, else the first; else the userName when it is an address.
func primaryEmail(emails []emailIn, userName string) string {
	for _, e := range emails {
		if bool(e.Primary) && e.Value != "" {
			return e.Value
		}
	}
	for _, e := range emails {
		if strings.EqualFold(e.Type, "work") && e.Value != "" {
			return e.Value
		}
	}
	for _, e := range emails {
		if e.Value != "" {
			return e.Value
		}
	}
	if strings.Contains(userName, "@") {
		return userName
	}
	return ""
}

// displayName is the name people see: the display name, else the
// formatted name, else given and family names, else the address's local
// part.
func displayName(w wanted, display, formatted string) string {
	for _, s := range []string{display, formatted, strings.TrimSpace(w.GivenName + " " + w.FamilyName)} {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	if at := strings.LastIndexByte(w.Email, '@'); at > 0 {
		return w.Email[:at]
	}
	return w.Email
}

// check says what is wrong with what a client wants, or "".
func (w wanted) check() string {
	addr, err := mail.ParseAddress(w.Email)
	switch {
	case w.UserName == "":
		return "userName is required"
	case len(w.UserName) > 254:
		return "userName must be 254 characters or fewer"
	case w.Email == "":
		return "an email address is required: send emails, or a userName that is an address"
	case len(w.Email) > 254 || err != nil || addr.Address != w.Email:
		return "the email address " + strconv.Quote(w.Email) + " is not valid"
	case w.Name == "" || len(w.Name) > 200:
		return "the name must be 1 to 200 characters"
	case len(w.ExternalID) > 255 || len(w.GivenName) > 200 || len(w.FamilyName) > 200:
		return "externalId and the parts of the name must be at most 255 characters"
	}
	return ""
}

func fromInput(in userIn) wanted {
	w := wanted{UserName: strings.TrimSpace(in.UserName), ExternalID: strings.TrimSpace(str(in.ExternalID)), Active: true}
	if in.Active != nil {
		w.Active = bool(*in.Active)
	}
	w.Email = strings.TrimSpace(primaryEmail(in.Emails, w.UserName))
	var formatted string
	if in.Name != nil {
		w.GivenName, w.FamilyName, formatted = strings.TrimSpace(in.Name.GivenName), strings.TrimSpace(in.Name.FamilyName), in.Name.Formatted
	}
	w.Name = displayName(w, in.DisplayName, formatted)
	return w
}

// CreateUser answers POST /Users. An account the institution already has
// for the address, which no client manages yet (someone invited before
// provisioning began), is taken over instead of refused.
func (h *Handler) CreateUser(w http.ResponseWriter, r *http.Request) {
	var in userIn
	if !decode(w, r, &in) {
		return
	}
	want := fromInput(in)
	if problem := want.check(); problem != "" {
		writeError(w, http.StatusBadRequest, "invalidValue", problem)
		return
	}
	ctx, c := r.Context(), clientFrom(r.Context())
	var id int64
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		existing, err := q.GetUserByEmailForSCIM(ctx, want.Email)
		switch {
		case err == nil && existing.InstitutionID != nil && *existing.InstitutionID == c.InstitutionID && existing.ScimUserName == nil && existing.ScimDeletedAt == nil:
			id = existing.ID
			if err := q.AdoptSCIMUser(ctx, store.AdoptSCIMUserParams{InstitutionID: &c.InstitutionID, ID: id, ScimUserName: ptr(want.UserName),
				ScimExternalID: ptr(want.ExternalID), ScimGivenName: ptr(want.GivenName), ScimFamilyName: ptr(want.FamilyName), Name: want.Name}); err != nil {
				return err
			}
			if err := h.save(ctx, q, c.InstitutionID, id, want); err != nil {
				return err
			}
			return audit.System(c.InstitutionID).Record(ctx, q, "scim_adopt", "user", id, audit.Created(want.fields()))
		case err == nil:
			return errConflict
		case !errors.Is(err, pgx.ErrNoRows):
			return err
		}
		id, err = q.CreateSCIMUser(ctx, store.CreateSCIMUserParams{InstitutionID: &c.InstitutionID, Email: want.Email, Name: want.Name,
			ScimUserName: ptr(want.UserName), ScimExternalID: ptr(want.ExternalID), ScimGivenName: ptr(want.GivenName),
			ScimFamilyName: ptr(want.FamilyName), Active: want.Active})
		if err != nil {
			return err
		}
		return audit.System(c.InstitutionID).Record(ctx, q, "scim_create", "user", id, audit.Created(want.fields()))
	})
	if errors.Is(err, errConflict) || db.IsUniqueViolation(err) {
		writeError(w, http.StatusConflict, "uniqueness", "A user with this userName or email address already exists.")
		return
	}
	if err != nil {
		serverError(w, r, err)
		return
	}
	h.answer(w, r, http.StatusCreated, id)
}

var errConflict = errors.New("conflict")

func (w wanted) fields() map[string]any {
	return map[string]any{"email": w.Email, "name": w.Name, "user_name": w.UserName, "external_id": w.ExternalID, "active": w.Active}
}

// answer writes the current resource of user id.
func (h *Handler) answer(w http.ResponseWriter, r *http.Request, status int, id int64) {
	c := clientFrom(r.Context())
	row, err := h.Queries.GetSCIMUser(r.Context(), store.GetSCIMUserParams{InstitutionID: &c.InstitutionID, ID: id})
	if err != nil {
		serverError(w, r, err)
		return
	}
	u := h.resource(personFrom(row))
	w.Header().Set("Location", u.Meta.Location)
	writeJSON(w, status, u)
}

// save writes want over user id. Deactivating raises the session epoch
// (in the query), which ends every session of the person at its next
// request.
func (h *Handler) save(ctx context.Context, q *store.Queries, institutionID, id int64, want wanted) error {
	return q.UpdateSCIMUser(ctx, store.UpdateSCIMUserParams{InstitutionID: &institutionID, ID: id, Email: want.Email, Name: want.Name,
		ScimUserName: ptr(want.UserName), ScimExternalID: ptr(want.ExternalID), ScimGivenName: ptr(want.GivenName),
		ScimFamilyName: ptr(want.FamilyName), Active: want.Active})
}

// change loads user id locked, lets edit change what is wanted, saves it
// and audits the difference; it answers for the handler.
func (h *Handler) change(w http.ResponseWriter, r *http.Request, edit func(*wanted) (scimType, problem string)) {
	id, ok := userID(w, r)
	if !ok {
		return
	}
	ctx, c := r.Context(), clientFrom(r.Context())
	var scimType, problem string
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		row, err := q.LockSCIMUser(ctx, store.LockSCIMUserParams{InstitutionID: &c.InstitutionID, ID: id})
		if err != nil {
			return err
		}
		p := personFrom(store.GetSCIMUserRow(row))
		before := wanted{Email: p.Email, Name: p.Name, UserName: str(p.UserName), ExternalID: str(p.ExternalID), GivenName: str(p.GivenName),
			FamilyName: str(p.Family), Active: !p.Disabled}
		if before.UserName == "" {
			before.UserName = p.Email
		}
		after := before
		if scimType, problem = edit(&after); problem != "" {
			return errInvalid
		}
		if problem = after.check(); problem != "" {
			scimType = "invalidValue"
			return errInvalid
		}
		if err := h.save(ctx, q, c.InstitutionID, id, after); err != nil {
			return err
		}
		changes := audit.Diff(before.fields(), after.fields())
		if len(changes) == 0 {
			return nil
		}
		action := "scim_update"
		if before.Active && !after.Active {
			action = "scim_deactivate"
		}
		return audit.System(c.InstitutionID).Record(ctx, q, action, "user", id, changes)
	})
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		writeError(w, http.StatusNotFound, "", "There is no such user.")
	case errors.Is(err, errInvalid):
		writeError(w, http.StatusBadRequest, scimType, problem)
	case db.IsUniqueViolation(err):
		writeError(w, http.StatusConflict, "uniqueness", "Another user already has this userName or email address.")
	case err != nil:
		serverError(w, r, err)
	default:
		h.answer(w, r, http.StatusOK, id)
	}
}

var errInvalid = errors.New("invalid")

// ReplaceUser answers PUT /Users/{id}: the user becomes what is sent.
func (h *Handler) ReplaceUser(w http.ResponseWriter, r *http.Request) {
	var in userIn
	if !decode(w, r, &in) {
		return
	}
	h.change(w, r, func(want *wanted) (string, string) {
		*want = fromInput(in)
		return "", ""
	})
}

// DeleteUser answers DELETE /Users/{id}: the account is disabled (its
// sessions end at once) and hidden from the client; the person's work in
// Belonging stays.
func (h *Handler) DeleteUser(w http.ResponseWriter, r *http.Request) {
	id, ok := userID(w, r)
	if !ok {
		return
	}
	ctx, c := r.Context(), clientFrom(r.Context())
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		n, err := q.DeleteSCIMUser(ctx, store.DeleteSCIMUserParams{InstitutionID: &c.InstitutionID, ID: id})
		if err != nil {
			return err
		}
		if n == 0 {
			return pgx.ErrNoRows
		}
		return audit.System(c.InstitutionID).Record(ctx, q, "scim_delete", "user", id, map[string]audit.Change{"disabled": {Before: nil, After: true}})
	})
	if errors.Is(err, pgx.ErrNoRows) {
		writeError(w, http.StatusNotFound, "", "There is no such user.")
		return
	}
	if err != nil {
		serverError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

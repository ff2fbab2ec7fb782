// Package scim is a SCIM 2.0 service (RFC 7643, RFC 7644) for the people of
// an institution, enough for Microsoft Entra ID's provisioning service:
// create, read, look up by userName or externalId, update (PATCH and
// PUT), deactivate and delete. Each request carries an institution's
// bearer token; everything it reads or changes is that institution's.
// Deactivating or deleting a person disables their account and ends their
// sessions at once; their work stays.
package scim

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/httpx"
	"belonging/internal/store"
)

// Schema and message URNs.
const (
	SchemaUser     = "urn:ietf:params:scim:schemas:core:2.0:User"
	SchemaList     = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
	SchemaError    = "urn:ietf:params:scim:api:messages:2.0:Error"
	SchemaPatchOp  = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
	SchemaConfig   = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
	SchemaResource = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
	SchemaSchema   = "urn:ietf:params:scim:schemas:core:2.0:Schema"
	// Entra ID sends its enterprise extension with some mappings; its
	// attributes are accepted and not kept.
	schemaEnterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
)

// maxPage is the most resources one list answer holds.
const maxPage = 200

// Handler serves the SCIM endpoints.
type Handler struct {
	Pool    *pgxpool.Pool
	Queries *store.Queries
	// BaseURL starts each resource's meta.location.
	BaseURL string
}

type ctxKey struct{}

// client is the institution a request's token belongs to.
type client struct {
	InstitutionID int64
	TokenID       int64
}

func clientFrom(ctx context.Context) client {
	c, _ := ctx.Value(ctxKey{}).(client)
	return c
}

// Authenticate admits requests carrying a current bearer token of an
// institution and answers 401 otherwise. Tokens are compared by their
// SHA-256, which is all that is kept.
func (h *Handler) Authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		token, ok := strings.CutPrefix(auth, "Bearer ")
		if !ok {
			token, ok = strings.CutPrefix(auth, "bearer ")
		}
		token = strings.TrimSpace(token)
		if !ok || token == "" || len(token) > 200 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="Belonging SCIM"`)
			writeError(w, http.StatusUnauthorized, "", "A bearer token is needed: make one on the institution's Sign-in page in Belonging.")
			return
		}
		sum := sha256.Sum256([]byte(token))
		t, err := h.Queries.GetSCIMToken(r.Context(), sum[:])
		if err != nil || t.RevokedAt != nil {
			if err != nil && !errors.Is(err, pgx.ErrNoRows) {
				httpx.Logger(r.Context()).Error("scim token lookup", "err", err)
				writeError(w, http.StatusServiceUnavailable, "", "The service is unavailable; try again shortly.")
				return
			}
			w.Header().Set("WWW-Authenticate", `Bearer realm="Belonging SCIM", error="invalid_token"`)
			writeError(w, http.StatusUnauthorized, "", "This token is not valid, or has been withdrawn.")
			return
		}
		if err := h.Queries.TouchSCIMToken(r.Context(), t.ID); err != nil {
			httpx.Logger(r.Context()).Warn("note scim token use", "err", err)
		}
		ctx := context.WithValue(r.Context(), ctxKey{}, client{InstitutionID: t.InstitutionID, TokenID: t.ID})
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// scimError is the body of an error answer (RFC 7644 §3.12).
type scimError struct {
	Schemas  []string `json:"schemas"`
	Status   string   `json:"status"`
	ScimType string   `json:"scimType,omitempty"`
	Detail   string   `json:"detail"`
}

func writeError(w http.ResponseWriter, status int, scimType, detail string) {
	writeJSON(w, status, scimError{Schemas: []string{SchemaError}, Status: strconv.Itoa(status), ScimType: scimType, Detail: detail})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"schemas":["`+SchemaError+`"],"status":"500","detail":"internal error"}`)
	}
	w.Header().Set("Content-Type", "application/scim+json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// serverError logs err and answers 500 without its text (503 when the
// request ran out of time).
func serverError(w http.ResponseWriter, r *http.Request, err error) {
	if ctxErr := r.Context().Err(); ctxErr != nil && errors.Is(err, ctxErr) {
		w.Header().Set("Retry-After", "5")
		writeError(w, http.StatusServiceUnavailable, "", "The request took too long; try again.")
		return
	}
	httpx.Logger(r.Context()).Error("scim", "err", err)
	writeError(w, http.StatusInternalServerError, "", "Something went wrong on Belonging's side; try again.")
}

// NotFound answers addresses the service does not have.
func NotFound(w http.ResponseWriter, _ *http.Request) {
	writeError(w, http.StatusNotFound, "", "There is no such resource. This service provides /Users only.")
}

// MethodNotAllowed answers methods an address does not take.
func MethodNotAllowed(w http.ResponseWriter, r *http.Request) {
	writeError(w, http.StatusMethodNotAllowed, "", r.Method+" is not supported here.")
}

// ServiceProviderConfig describes what the service supports (RFC 7643 §5).
func (h *Handler) ServiceProviderConfig(w http.ResponseWriter, _ *http.Request) {
	supported := func(b bool) map[string]bool { return map[string]bool{"supported": b} }
	writeJSON(w, http.StatusOK, map[string]any{
		"schemas":          []string{SchemaConfig},
		"documentationUri": h.BaseURL + "/",
		"patch":            supported(true),
		"bulk":             map[string]any{"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
		"filter":           map[string]any{"supported": true, "maxResults": maxPage},
		"changePassword":   supported(false),
		"sort":             supported(false),
		"etag":             supported(false),
		"authenticationSchemes": []map[string]any{{"type": "oauthbearertoken", "name": "OAuth Bearer Token",
			"description": "A token made on the institution's Sign-in page in Belonging", "primary": true}},
		"meta": map[string]string{"resourceType": "ServiceProviderConfig", "location": h.BaseURL + "/scim/v2/ServiceProviderConfig"},
	})
}

// ResourceTypes lists the one resource type served.
func (h *Handler) ResourceTypes(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"schemas": []string{SchemaList}, "totalResults": 1, "itemsPerPage": 1, "startIndex": 1,
		"Resources": []map[string]any{{"schemas": []string{SchemaResource}, "id": "User", "name": "User", "endpoint": "/Users",
			"schema": SchemaUser, "meta": map[string]string{"resourceType": "ResourceType", "location": h.BaseURL + "/scim/v2/ResourceTypes/User"}}},
	})
}

// Schemas describes the User attributes the service keeps.
func (h *Handler) Schemas(w http.ResponseWriter, _ *http.Request) {
	attr := func(name, typ string, required bool, sub ...map[string]any) map[string]any {
		a := map[string]any{"name": name, "type": typ, "multiValued": false, "required": required, "caseExact": false,
			"mutability": "readWrite", "returned": "default", "uniqueness": "none"}
		if len(sub) > 0 {
			a["subAttributes"] = sub
		}
		return a
	}
	emails := attr("emails", "complex", true, attr("value", "string", true), attr("type", "string", false), attr("primary", "boolean", false))
	emails["multiValued"] = true
	userName := attr("userName", "string", true)
	userName["uniqueness"] = "server"
	writeJSON(w, http.StatusOK, map[string]any{
		"schemas": []string{SchemaList}, "totalResults": 1, "itemsPerPage": 1, "startIndex": 1,
		"Resources": []map[string]any{{"schemas": []string{SchemaSchema}, "id": SchemaUser, "name": "User",
			"description": "A member of staff",
			"attributes": []map[string]any{userName, attr("externalId", "string", false), attr("displayName", "string", false),
				attr("name", "complex", false, attr("formatted", "string", false), attr("givenName", "string", false), attr("familyName", "string", false)),
				emails, attr("active", "boolean", false)},
			"meta": map[string]string{"resourceType": "Schema", "location": h.BaseURL + "/scim/v2/Schemas/" + SchemaUser}}},
	})
}

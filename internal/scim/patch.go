package scim

import (
	"encoding/json"
	"net/http"
	"strings"
)

// patchRequest is a PatchOp message (RFC 7644 §3.5.2).
type patchRequest struct {
	Schemas    []string    `json:"schemas"`
	Operations []operation `json:"Operations"`
}

type operation struct {
	Op    string          `json:"op"`
	Path  string          `json:"path"`
	Value json.RawMessage `json:"value"`
}

// PatchUser answers PATCH /Users/{id}. It takes the operations Entra ID
// sends: add, replace and remove (in any letter case), on active,
// userName, displayName, externalId, the parts of name and the work
// email, with a path or as an object of attributes; booleans may come as
// "True" and "False". Attributes the service does not keep (title,
// department, the enterprise extension) are accepted and ignored, so a
// client's default mapping does not fail.
func (h *Handler) PatchUser(w http.ResponseWriter, r *http.Request) {
	var req patchRequest
	if !decode(w, r, &req) {
		return
	}
	if len(req.Operations) == 0 {
		writeError(w, http.StatusBadRequest, "invalidSyntax", "A PatchOp needs at least one operation.")
		return
	}
	h.change(w, r, func(want *wanted) (string, string) {
		for _, op := range req.Operations {
			kind := strings.ToLower(op.Op)
			if kind != "add" && kind != "replace" && kind != "remove" {
				return "invalidSyntax", "op must be add, replace or remove, not " + op.Op
			}
			if op.Path == "" {
				if kind == "remove" {
					return "noTarget", "remove needs a path"
				}
				var attrs map[string]json.RawMessage
				if err := json.Unmarshal(op.Value, &attrs); err != nil {
					return "invalidValue", "an operation without a path needs an object of attributes as its value"
				}
				for name, value := range attrs {
					if t, p := apply(want, kind, name, value); p != "" {
						return t, p
					}
				}
				continue
			}
			if t, p := apply(want, kind, op.Path, op.Value); p != "" {
				return t, p
			}
		}
		return "", ""
	})
}

// apply makes one change to want. path is an attribute path as a client
// writes it.
func apply(want *wanted, kind, path string, value json.RawMessage) (scimType, problem string) {
	p := strings.ToLower(strings.TrimSpace(path))
	p = strings.TrimPrefix(p, strings.ToLower(SchemaUser)+":")
	text := func() (string, bool) {
		if kind == "remove" {
			return "", true
		}
		var s string
		if err := json.Unmarshal(value, &s); err != nil {
			// A single-element array of one value, as some clients send.
			var list []string
			if err := json.Unmarshal(value, &list); err != nil || len(list) != 1 {
				return "", false
			}
			s = list[0]
		}
		return strings.TrimSpace(s), true
	}
	setText := func(into *string, field string) (string, string) {
		s, ok := text()
		if !ok {
			return "invalidValue", field + " must be a string"
		}
		*into = s
		return "", ""
	}
	switch {
	case p == "active":
		if kind == "remove" {
			return "mutability", "active cannot be removed; replace it with false to deactivate"
		}
		var b flexBool
		if err := json.Unmarshal(value, &b); err != nil {
			return "invalidValue", "active must be true or false"
		}
		want.Active = bool(b)
	case p == "username":
		if kind == "remove" {
			return "mutability", "userName cannot be removed"
		}
		return setText(&want.UserName, "userName")
	case p == "displayname", p == "name.formatted":
		if kind == "remove" {
			return "", ""
		}
		return setText(&want.Name, path)
	case p == "externalid":
		return setText(&want.ExternalID, "externalId")
	case p == "name.givenname":
		return setText(&want.GivenName, "name.givenName")
	case p == "name.familyname":
		return setText(&want.FamilyName, "name.familyName")
	case p == "name":
		if kind == "remove" {
			want.GivenName, want.FamilyName = "", ""
			return "", ""
		}
		var n Name
		if err := json.Unmarshal(value, &n); err != nil {
			return "invalidValue", "name must be an object"
		}
		if n.GivenName != "" {
			want.GivenName = strings.TrimSpace(n.GivenName)
		}
		if n.FamilyName != "" {
			want.FamilyName = strings.TrimSpace(n.FamilyName)
		}
		if n.Formatted != "" {
			want.Name = strings.TrimSpace(n.Formatted)
		}
	case p == `emails[type eq "work"].value`, p == "emails.value", p == `emails[primary eq true].value`:
		if kind == "remove" {
			return "mutability", "the email address cannot be removed, only replaced"
		}
		return setText(&want.Email, "emails")
	case p == "emails":
		if kind == "remove" {
			return "mutability", "the email address cannot be removed, only replaced"
		}
		var list []emailIn
		if err := json.Unmarshal(value, &list); err != nil {
			return "invalidValue", "emails must be a list of addresses"
		}
		if e := primaryEmail(list, ""); e != "" {
			want.Email = strings.TrimSpace(e)
		}
	}
	// Anything else is an attribute the service does not keep.
	return "", ""
}

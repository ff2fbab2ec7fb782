package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
)

// Words replaces whole words or phrases, whatever their case: an erased
// person's name and email address by their pseudonyms. A match inside a
// longer word ("Ann" in "Annual") is left alone.
type Words struct {
	patterns []*regexp.Regexp
	with     []string
}

// Replace adds old, to be replaced by new. An empty old is ignored.
func (ws *Words) Replace(old, new string) {
	old = strings.TrimSpace(old)
	if old == "" {
		return
	}
	ws.patterns = append(ws.patterns, regexp.MustCompile("(?i)"+regexp.QuoteMeta(old)))
	ws.with = append(ws.with, new)
}

// In returns s with every whole-word match replaced, and whether any was.
func (ws *Words) In(s string) (string, bool) {
	changed := false
	for i, re := range ws.patterns {
		var b strings.Builder
		last := 0
		for _, m := range re.FindAllStringIndex(s, -1) {
			if !wordEdge(s, m[0], true) || !wordEdge(s, m[1], false) {
				continue
			}
			b.WriteString(s[last:m[0]])
			b.WriteString(ws.with[i])
			last = m[1]
			changed = true
		}
		if last > 0 {
			b.WriteString(s[last:])
			s = b.String()
		}
	}
	return s, changed
}

// wordEdge says whether the character beside position i (before it when
// before is true) does not continue a word.
func wordEdge(s string, i int, before bool) bool {
	var r rune
	if before {
		if i == 0 {
			return true
		}
		r, _ = utf8.DecodeLastRuneInString(s[:i])
	} else {
		if i == len(s) {
			return true
		}
		r, _ = utf8.DecodeRuneInString(s[i:])
	}
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// inJSON replaces words in every string of a JSON document, keys
// included, so the document's shape is kept.
func (ws *Words) inJSON(doc []byte) ([]byte, bool, error) {
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		return nil, false, err
	}
	v, changed := ws.walk(v)
	if !changed {
		return doc, false, nil
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, false, err
	}
	return bytes.TrimSpace(out.Bytes()), true, nil
}

func (ws *Words) walk(v any) (any, bool) {
	switch t := v.(type) {
	case string:
		return ws.In(t)
	case []any:
		changed := false
		for i := range t {
			var c bool
			t[i], c = ws.walk(t[i])
			changed = changed || c
		}
		return t, changed
	case map[string]any:
		changed := false
		out := make(map[string]any, len(t))
		for k, e := range t {
			nk, ck := ws.In(k)
			ne, ce := ws.walk(e)
			out[nk] = ne
			changed = changed || ck || ce
		}
		return out, changed
	}
	return v, false
}

// scrubbed are the columns where other people's records may repeat a
// person's name or address: the audit log's before-and-after values,
// notifications about their work, the free-text lists of staff on
// outcomes and activities, and the development mailbox. institution says
// whether the table is scoped by institution_id (the mailbox is not: it
// exists only in development).
var scrubbed = []struct {
	table, column string
	json          bool
	institution   bool
}{
	{"audit_log", "changes", true, true},
	{"notifications", "data", true, true},
	{"outcomes", "staff_present", false, true},
	{"activities", "other_team", false, true},
	{"dev_mail", "subject", false, false},
	{"dev_mail", "body", false, false},
	{"dev_mail", "html", false, false},
}

// ScrubWords replaces ws's words in the columns that may repeat a
// person's name or address, in one institution, and returns how many
// values changed. It reads only the rows whose text contains one of
// find (lower case), then rewrites each where a whole word matched.
func (q *Queries) ScrubWords(ctx context.Context, institutionID int64, ws *Words, find ...string) (int, error) {
	changed := 0
	for _, s := range scrubbed {
		var match []string
		args := pgx.NamedArgs{"institution_id": institutionID}
		for i, f := range find {
			if f == "" {
				continue
			}
			if s.json {
				// Compare with the text as a JSON string value spells it.
				b, err := json.Marshal(f)
				if err != nil {
					return changed, err
				}
				f = strings.Trim(string(b), `"`)
			}
			name := fmt.Sprintf("find%d", i)
			args[name] = strings.ToLower(f)
			match = append(match, fmt.Sprintf("strpos(lower(%s::text), @%s) > 0", s.column, name))
		}
		if len(match) == 0 {
			continue
		}
		where := "(" + strings.Join(match, " OR ") + ")"
		if s.institution {
			where = "institution_id = @institution_id AND " + where
		}
		rows, err := q.db.Query(ctx, fmt.Sprintf("SELECT id, %s::text FROM %s WHERE %s FOR UPDATE", s.column, s.table, where), args)
		if err != nil {
			return changed, err
		}
		type found struct {
			ID   int64
			Text string
		}
		hits, err := pgx.CollectRows(rows, pgx.RowToStructByPos[found])
		if err != nil {
			return changed, err
		}
		for _, h := range hits {
			var value any
			var did bool
			if s.json {
				var doc []byte
				doc, did, err = ws.inJSON([]byte(h.Text))
				value = doc
			} else {
				value, did = ws.In(h.Text)
			}
			if err != nil {
				return changed, fmt.Errorf("%s %d: %w", s.table, h.ID, err)
			}
			if !did {
				continue
			}
			if _, err := q.db.Exec(ctx, fmt.Sprintf("UPDATE %s SET %s = $1 WHERE id = $2", s.table, s.column), value, h.ID); err != nil {
				return changed, err
			}
			changed++
		}
	}
	return changed, nil
}

// identityKeys are the fields of the audit log's entries about a person
// that say who they are (see people.Accept, scim's fields).
var identityKeys = map[string]bool{"name": true, "email": true, "user_name": true, "external_id": true}

// ForgetIdentity rewrites the audit log's entries about person personID
// (entity "user") so that every value of their identity fields, before
// and after, becomes the pseudonym (pseudoEmail where it was an address).
// It returns the names and addresses those entries held, longest first, so
// that they can be found elsewhere too: a person may have been renamed.
// Identifiers (external_id) are replaced but not returned: they are too
// short and plain to search other text for.
func (q *Queries) ForgetIdentity(ctx context.Context, institutionID, personID int64, pseudonym, pseudoEmail string) ([]string, error) {
	rows, err := q.db.Query(ctx, `SELECT id, changes FROM audit_log
		WHERE institution_id = $1 AND entity = 'user' AND entity_id = $2 FOR UPDATE`, institutionID, personID)
	if err != nil {
		return nil, err
	}
	type entry struct {
		ID      int64
		Changes []byte
	}
	entries, err := pgx.CollectRows(rows, pgx.RowToStructByPos[entry])
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var former []string
	for _, e := range entries {
		var changes map[string]map[string]any
		if err := json.Unmarshal(e.Changes, &changes); err != nil {
			// Not before-and-after pairs: nothing of this shape to rewrite.
			continue
		}
		changed := false
		for k, pair := range changes {
			if !identityKeys[k] {
				continue
			}
			for side, v := range pair {
				s, ok := v.(string)
				if !ok || s == "" {
					continue
				}
				with := pseudonym
				if strings.Contains(s, "@") {
					with = pseudoEmail
				}
				if s != with {
					pair[side], changed = with, true
				}
				if k != "external_id" && !seen[strings.ToLower(s)] {
					seen[strings.ToLower(s)] = true
					former = append(former, s)
				}
			}
		}
		if !changed {
			continue
		}
		doc, err := json.Marshal(changes)
		if err != nil {
			return nil, err
		}
		if _, err := q.db.Exec(ctx, `UPDATE audit_log SET changes = $1 WHERE id = $2`, doc, e.ID); err != nil {
			return nil, err
		}
	}
	sort.SliceStable(former, func(i, j int) bool { return len(former[i]) > len(former[j]) })
	return former, nil
}

package rights

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"belonging/internal/csvx"
	"belonging/internal/store"
)

// table is one kind of record about the person: written to the archive
// as name.csv, and under name in person.json.
type table struct {
	name    string
	columns []string
	rows    [][]any
}

func (t *table) add(cells ...any) { t.rows = append(t.rows, cells) }

// personData is everything held about one person, in the order the
// archive lists it.
type personData struct {
	personID int64
	tables   []*table
}

// collect reads what is held about person personID of institution
// institutionID (0 for a network coordinator). It leaves out other
// people: the rest of an activity's team, who else was present at an
// outcome, students' quotes, and the values other people's records had
// in the audit entries the person made (only which fields changed).
func collect(ctx context.Context, q *store.Queries, institutionID, personID int64) (personData, error) {
	var inst *int64
	if institutionID != 0 {
		inst = &institutionID
	}
	d := personData{personID: personID}
	acct, err := q.RightsAccount(ctx, store.RightsAccountParams{InstitutionID: inst, UserID: personID})
	if err != nil {
		return d, err
	}
	account := &table{name: "account", columns: []string{"id", "name", "email", "institution", "network_coordinator",
		"has_password", "disabled_at", "erased_at", "created_at", "updated_at",
		"provisioned_user_name", "provisioned_external_id", "provisioned_given_name", "provisioned_family_name"}}
	account.add(acct.ID, acct.Name, acct.Email, acct.Institution, acct.IsCoordinator, acct.HasPassword, acct.DisabledAt,
		acct.ErasedAt, acct.CreatedAt, acct.UpdatedAt, acct.ScimUserName, acct.ScimExternalID, acct.ScimGivenName, acct.ScimFamilyName)
	d.tables = append(d.tables, account)

	memberships := &table{name: "memberships", columns: []string{"id", "role", "scope"}}
	if inst != nil {
		ms, err := q.ListPersonMemberships(ctx, store.ListPersonMembershipsParams{InstitutionID: institutionID, UserID: personID})
		if err != nil {
			return d, err
		}
		for _, m := range ms {
			memberships.add(m.ID, m.Role, m.ScopeLabel)
		}
	}
	d.tables = append(d.tables, memberships)

	activities := &table{name: "activities", columns: []string{"id", "title", "programme_code", "programme", "academic_year", "status", "you_lead", "on_team", "you_added", "created_at"}}
	outcomes := &table{name: "outcomes", columns: []string{"id", "activity_id", "activity", "date", "attendance", "invited", "aims_met", "what_worked", "what_to_change", "next_steps", "created_at", "updated_at"}}
	evidence := &table{name: "evidence", columns: []string{"id", "activity_id", "title", "kind", "strength", "file_name", "link", "notes", "created_at"}}
	caseStudies := &table{name: "case_studies", columns: []string{"id", "activity_id", "title", "summary", "visibility_asked", "review_state", "academic_year", "created_at", "updated_at"}}
	if inst != nil {
		as, err := q.RightsActivities(ctx, store.RightsActivitiesParams{InstitutionID: institutionID, UserID: personID})
		if err != nil {
			return d, err
		}
		for _, a := range as {
			activities.add(a.ID, a.Title, a.ProgrammeCode, a.ProgrammeTitle, a.AcademicYear, a.Status, a.Leads, a.OnTeam, a.Added, a.CreatedAt)
		}
		recorded, err := q.RightsOutcomes(ctx, store.RightsOutcomesParams{InstitutionID: institutionID, UserID: &personID})
		if err != nil {
			return d, err
		}
		for _, o := range recorded {
			outcomes.add(o.ID, o.ActivityID, o.ActivityTitle, o.OutcomeDate.Format(time.DateOnly), o.Attendance, o.Invited, o.AimsMet,
				o.WhatWorked, o.WhatToChange, o.NextSteps, o.CreatedAt, o.UpdatedAt)
		}
		es, err := q.RightsEvidence(ctx, store.RightsEvidenceParams{InstitutionID: institutionID, UserID: &personID})
		if err != nil {
			return d, err
		}
		for _, e := range es {
			evidence.add(e.ID, e.ActivityID, e.Title, e.Kind, e.Strength, e.FileName, e.LinkUrl, e.Notes, e.CreatedAt)
		}
		cs, err := q.RightsCaseStudies(ctx, store.RightsCaseStudiesParams{InstitutionID: institutionID, UserID: &personID})
		if err != nil {
			return d, err
		}
		for _, c := range cs {
			caseStudies.add(c.ID, c.ActivityID, c.Title, c.Summary, c.RequestedVisibility, c.ReviewState, c.AcademicYear, c.CreatedAt, c.UpdatedAt)
		}
	}
	d.tables = append(d.tables, activities, outcomes, evidence, caseStudies)

	auditLog := &table{name: "audit", columns: []string{"id", "when", "action", "record", "record_id", "by_you", "about_you", "fields_changed", "changes"}}
	entries, err := q.RightsAudit(ctx, store.RightsAuditParams{InstitutionID: inst, UserID: personID})
	if err != nil {
		return d, err
	}
	for _, e := range entries {
		var changes map[string]json.RawMessage
		if err := json.Unmarshal(e.Changes, &changes); err != nil {
			return d, fmt.Errorf("audit entry %d: %w", e.ID, err)
		}
		fields := make([]string, 0, len(changes))
		for k := range changes {
			fields = append(fields, k)
		}
		slices.Sort(fields)
		// The values of records that are not the person's own are other
		// people's business: only which fields changed.
		var values any
		if e.AboutThem {
			values = json.RawMessage(e.Changes)
		}
		auditLog.add(e.ID, e.CreatedAt, e.Action, e.Entity, e.EntityID, e.ByThem, e.AboutThem, fields, values)
	}
	d.tables = append(d.tables, auditLog)

	settings := &table{name: "notification_settings", columns: []string{"kind", "delivery", "updated_at"}}
	ns, err := q.RightsNotificationSettings(ctx, personID)
	if err != nil {
		return d, err
	}
	for _, n := range ns {
		settings.add(n.Kind, n.Delivery, n.UpdatedAt)
	}
	identities := &table{name: "sign_in_identities", columns: []string{"provider", "protocol", "subject", "linked_at", "last_used_at"}}
	ids, err := q.RightsIdentities(ctx, personID)
	if err != nil {
		return d, err
	}
	for _, i := range ids {
		identities.add(i.Provider, i.Protocol, i.Subject, i.CreatedAt, i.LastUsedAt)
	}
	d.tables = append(d.tables, settings, identities)
	return d, nil
}

// readme opens the archive, saying what each file holds.
const readme = `Everything Belonging holds about you

person.json holds all of it; each .csv file holds one part, for a
spreadsheet:

  account.csv                your name, email address and account
  memberships.csv            your roles and where you hold them
  activities.csv             activities you lead, are on the team of, or added
  outcomes.csv               outcomes you recorded (what you wrote)
  evidence.csv               evidence you added (the files stay in Belonging)
  case_studies.csv           case studies you wrote
  audit.csv                  the audit log's entries of changes you made, and
                             of changes to your account and roles
  notification_settings.csv  which emails you chose
  sign_in_identities.csv     the university sign-ins linked to your account

No password, password hash or other secret is included. Other people are
left out: for changes you made to other records, audit.csv lists which
fields changed, not their values.
`

// zip writes the archive: the readme, person.json, then a CSV per table.
func (d personData) zip(now time.Time) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	create := func(name string) (*bytes.Buffer, func() error) {
		var b bytes.Buffer
		return &b, func() error {
			f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: now})
			if err != nil {
				return err
			}
			_, err = f.Write(b.Bytes())
			return err
		}
	}
	b, done := create("README.txt")
	b.WriteString(readme)
	if err := done(); err != nil {
		return nil, err
	}

	doc := map[string]any{"format": "belonging-person", "version": 1, "exported_at": now, "person_id": d.personID}
	for _, t := range d.tables {
		objects := make([]map[string]any, 0, len(t.rows))
		for _, row := range t.rows {
			o := make(map[string]any, len(row))
			for i, c := range row {
				o[t.columns[i]] = c
			}
			objects = append(objects, o)
		}
		if t.name == "account" {
			doc[t.name] = objects[0]
		} else {
			doc[t.name] = objects
		}
	}
	b, done = create("person.json")
	enc := json.NewEncoder(b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := done(); err != nil {
		return nil, err
	}

	for _, t := range d.tables {
		b, done := create(t.name + ".csv")
		cw := csvx.NewWriter(b)
		if err := cw.Write(t.columns...); err != nil {
			return nil, err
		}
		for _, row := range t.rows {
			cells := make([]string, len(row))
			for i, c := range row {
				cells[i] = cell(c)
			}
			if err := cw.Write(cells...); err != nil {
				return nil, err
			}
		}
		if err := cw.Flush(); err != nil {
			return nil, err
		}
		if err := done(); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// cell writes one value for a spreadsheet: times in UTC (RFC 3339),
// nothing for a missing value.
func cell(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	case *string:
		if t == nil {
			return ""
		}
		return *t
	case time.Time:
		return t.UTC().Format(time.RFC3339)
	case *time.Time:
		if t == nil {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	case bool:
		return strconv.FormatBool(t)
	case *int32:
		if t == nil {
			return ""
		}
		return strconv.Itoa(int(*t))
	case *int64:
		if t == nil {
			return ""
		}
		return strconv.FormatInt(*t, 10)
	case []string:
		return strings.Join(t, ", ")
	case json.RawMessage:
		if t == nil {
			return ""
		}
		return string(t)
	}
	return fmt.Sprint(v)
}

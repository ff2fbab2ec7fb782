// Package org holds the pages where institution admins set up their
// structure: departments, programmes, modules and the CSV import; and the
// programme and module pages everyone with access sees.
package org

import (
	"context"

	"belonging/internal/httpx/form"
	"belonging/internal/vocab"
	"belonging/web/components"
)

// Levels are the programme levels, in the order forms offer them. Their
// names are the shared vocabulary's audience levels.
var Levels = []string{"foundation", "ug", "pgt", "pgr"}

// LevelOptions are the programme levels as a form offers them, named in
// the reader's language.
func LevelOptions(ctx context.Context) []components.Option {
	out := make([]components.Option, len(Levels))
	for i, l := range Levels {
		out[i] = components.Option{Value: l, Label: LevelLabel(ctx, l)}
	}
	return out
}

// LevelLabel names a programme level for people, in the reader's
// language.
func LevelLabel(ctx context.Context, v string) string {
	return vocab.AudienceLevels.LabelIn(ctx, v)
}

// AdminHome is the administration overview.
type AdminHome struct {
	Institution     string
	Departments     int
	Programmes      int
	Modules         int
	People          int
	OpenInvitations int
}

// DepartmentRow is one department in the list.
type DepartmentRow struct {
	ID         int64
	Name       string
	Programmes int
	Modules    int
	Archived   bool
}

// DepartmentList is the departments page.
type DepartmentList struct {
	Q               string
	IncludeArchived bool
	Rows            []DepartmentRow
	Pager           components.Pager
}

// DepartmentForm is the add and edit department form.
type DepartmentForm struct {
	ID       int64
	Name     string
	Archived bool
	form.Errors
}

// ProgrammeRow is one programme in a list.
type ProgrammeRow struct {
	ID         int64
	Code       string
	Title      string
	Level      string
	Department string
	Cohort     int
	Archived   bool
}

// ProgrammeList is the admin programmes page.
type ProgrammeList struct {
	Q               string
	DepartmentID    string
	IncludeArchived bool
	Departments     []components.Option
	Rows            []ProgrammeRow
	Pager           components.Pager
}

// ProgrammeForm is the add and edit programme form, with the programme's
// modules when editing.
type ProgrammeForm struct {
	ID           int64
	DepartmentID string
	Code         string
	Title        string
	Level        string
	SubjectArea  string
	CohortSize   string
	Years        string
	Archived     bool
	Departments  []components.Option
	form.Errors

	Modules       []LinkedModule
	ModuleOptions []components.Option
	Link          LinkForm
}

// LinkedModule is a module a programme includes.
type LinkedModule struct {
	ID       int64
	Code     string
	Title    string
	Year     int
	Archived bool
}

// LinkForm adds a module to a programme.
type LinkForm struct {
	ModuleID string
	Year     string
	form.Errors
}

// ModuleRow is one module in the list.
type ModuleRow struct {
	ID         int64
	Code       string
	Title      string
	Credits    int
	Department string
	Programmes string
	Archived   bool
}

// ModuleList is the admin modules page.
type ModuleList struct {
	Q               string
	DepartmentID    string
	IncludeArchived bool
	Departments     []components.Option
	Rows            []ModuleRow
	Pager           components.Pager
}

// ModuleForm is the add and edit module form.
type ModuleForm struct {
	ID           int64
	DepartmentID string
	Code         string
	Title        string
	Credits      string
	Archived     bool
	Departments  []components.Option
	Programmes   []LinkedProgramme
	form.Errors
}

// LinkedProgramme is a programme a module serves.
type LinkedProgramme struct {
	ID    int64
	Code  string
	Title string
	Year  int
}

// ImportPage is the CSV import page, with the report of a failed or
// finished import.
type ImportPage struct {
	MaxRows  int
	MaxBytes string
	Problems []ImportProblem
	Summary  []string
	// Preview is what the checked file would do, with the form that
	// confirms it; nil until a file has been checked.
	Preview *components.ImportPlan
	Confirm components.ImportConfirm
	// Conflict says why a confirmed import wrote nothing.
	Conflict string
	form.Errors
}

// ImportProblem is one thing wrong with one line of an import.
type ImportProblem struct {
	Line    int
	Problem string
}

// MyProgrammes is the list of programmes a person works on.
type MyProgrammes struct {
	Programmes []ProgrammeRow
	IsAdmin    bool
	Q          string
	Pager      components.Pager
}

// ModuleOverview is a module's page.
type ModuleOverview struct {
	ID         int64
	Code       string
	Title      string
	Credits    int
	Department string
	Archived   bool
	CanAdmin   bool
	Programmes []LinkedProgramme
	Activities []ModuleActivity
}

// ModuleActivity is an activity on a module.
type ModuleActivity struct {
	ID        int64
	Title     string
	Kind      string
	Stage     string
	Status    string
	Year      int
	Programme string
}

// SettingsForm is the institution's settings: when its academic year
// starts and whether its figures join the network report.
type SettingsForm struct {
	Institution string
	StartMonth  string
	Share       bool
	// Language is the institution's default language, "en" or "cy".
	Language string
	// EvidenceYears and OutcomeYears are the years evidence files and
	// outcomes are kept after their activity's academic year ends; empty
	// keeps them until staff delete them.
	EvidenceYears string
	OutcomeYears  string
	// Threshold is the fewest institutions a network figure rests on.
	Threshold int
	// SurveyRetention says how long survey responses are kept
	// (SURVEY_RETENTION), in words.
	SurveyRetention string
	form.Errors
}

// FailedJobsPage is the list of failed background jobs.
type FailedJobsPage struct {
	Jobs []FailedJob
}

// FailedJob is one failed job in words.
type FailedJob struct {
	ID         int64
	Label      string
	State      string
	StateClass string
	When       string
	Error      string
}

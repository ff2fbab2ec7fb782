package store

import "belonging/internal/vocab"

// Inclusivity is the activity's inclusivity checklist.
func (a GetActivityRow) Inclusivity() vocab.Inclusivity {
	return vocab.Inclusivity{InTimetabledHours: a.InTimetabledHours, OnlineOption: a.OnlineOption,
		FreeToStudents: a.FreeToStudents, Accessible: a.Accessible, SuitsCommutersCarers: a.SuitsCommutersCarers,
		AlcoholFree: a.AlcoholFree, DietaryNeedsMet: a.DietaryNeedsMet}
}

// Inclusivity is the exported activity's inclusivity checklist.
func (a ListProgrammeActivitiesForExportRow) Inclusivity() vocab.Inclusivity {
	return vocab.Inclusivity{InTimetabledHours: a.InTimetabledHours, OnlineOption: a.OnlineOption,
		FreeToStudents: a.FreeToStudents, Accessible: a.Accessible, SuitsCommutersCarers: a.SuitsCommutersCarers,
		AlcoholFree: a.AlcoholFree, DietaryNeedsMet: a.DietaryNeedsMet}
}

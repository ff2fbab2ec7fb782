// Package suppress holds the one rule for how many students a shown
// survey figure must rest on. Surveys (results, comparisons, the pair's
// evidence) and reports (pulse figures) read the threshold through
// MinGroup, so a page and a report built from the same answers hide the
// same groups.
package suppress

// DefaultMinGroup is the threshold unless configured otherwise: the
// National Student Survey's publication threshold.
const DefaultMinGroup = 10

// FloorMinGroup is the smallest threshold the application accepts at
// all; SURVEY_MIN_GROUP refuses anything smaller.
const FloorMinGroup = 5

// MinGroup is the threshold in force for a configured value: the value
// itself from the floor up, and the default for anything smaller,
// including an unset zero. A handler built without configuration (a job,
// a test) thus hides groups below 10, never only those below 5.
func MinGroup(configured int) int {
	if configured < FloorMinGroup {
		return DefaultMinGroup
	}
	return configured
}

package libsearch

import "strings"

// groups are words a reader may use for the same thing in a case study
// about belonging: British and American spellings the rules in Variants do
// not cover, and close synonyms in this field. A search for any word of a
// group finds the others. Several words of one entry are a phrase. The
// English stemmer already joins a word's forms (mentor, mentors,
// mentoring), so a group lists each word in one form only, plus forms
// whose stems differ.
var groups = [][]string{
	// Spellings.
	{"programme", "program"},
	{"programmes", "programs"},
	{"colour", "color"},
	{"behaviour", "behavior"},
	{"behaviours", "behaviors"},
	{"centre", "center"},
	{"centres", "centers"},
	{"theatre", "theater"},
	{"enrol", "enroll"},
	{"enrolment", "enrollment"},
	{"enrolled", "enroled"},
	{"catalogue", "catalog"},
	{"counselling", "counseling"},
	{"travelling", "traveling"},
	{"modelling", "modeling"},
	{"judgement", "judgment"},
	{"favourite", "favorite"},
	{"labour", "labor"},
	{"neighbour", "neighbor"},
	{"neighbourhood", "neighborhood"},
	{"maths", "math", "mathematics"},
	{"wellbeing", "well being", "wellness"},
	// Terms that differ across the Atlantic.
	{"term", "semester"},
	{"staff", "faculty"},
	{"first year", "freshman", "fresher"},
	{"dissertation", "thesis"},
	{"postgraduate", "graduate student"},
	// Close synonyms in this field.
	{"mentor", "buddy"},
	{"mentors", "buddies"},
	{"induction", "welcome", "orientation", "onboarding"},
	{"ambassador", "champion"},
	{"ambassadors", "champions"},
	{"commuter", "commuting", "live at home"},
	{"commuters", "commuting", "live at home"},
	{"carer", "caring responsibilities"},
	{"carers", "caring responsibilities"},
	{"social", "gathering"},
	{"lonely", "isolated", "loneliness", "isolation"},
	{"loneliness", "isolation", "lonely", "isolated"},
	{"survey", "questionnaire"},
}

// variantsOf maps each one-word entry of groups to its group.
var variantsOf = func() map[string][]string {
	m := map[string][]string{}
	for _, g := range groups {
		if strings.Contains(g[0], " ") {
			continue
		}
		m[g[0]] = g
		for _, w := range g[1:] {
			if !strings.Contains(w, " ") && m[w] == nil {
				m[w] = g
			}
		}
	}
	return m
}()

// Variants lists a lower-case word and the other words that should find
// the same documents: the word first, then its group's other members and
// its other spelling by the -ise/-ize and -yse/-yze rules (organise,
// organize; analyse, analyze). Words of several parts are phrases.
func Variants(word string) []string {
	out := []string{word}
	add := func(w string) {
		for _, o := range out {
			if o == w {
				return
			}
		}
		out = append(out, w)
	}
	for _, w := range variantsOf[word] {
		add(w)
	}
	if alt, ok := otherSpelling(word); ok {
		add(alt)
	}
	return out
}

// otherSpelling swaps -ise/-ize and -yse/-yze in words long enough for the
// ending to be a suffix (so "size" and "prize" stay as they are).
func otherSpelling(word string) (string, bool) {
	for _, suffix := range []string{"isation", "isations", "ise", "ised", "ises", "ising", "iser", "isers"} {
		if stem, ok := strings.CutSuffix(word, suffix); ok && len(stem) >= 3 {
			return stem + strings.Replace(suffix, "is", "iz", 1), true
		}
		if stem, ok := strings.CutSuffix(word, strings.Replace(suffix, "is", "iz", 1)); ok && len(stem) >= 3 {
			return stem + suffix, true
		}
	}
	for _, suffix := range []string{"yse", "ysed", "yses", "ysing"} {
		if stem, ok := strings.CutSuffix(word, suffix); ok && len(stem) >= 3 {
			return stem + strings.Replace(suffix, "ys", "yz", 1), true
		}
		if stem, ok := strings.CutSuffix(word, strings.Replace(suffix, "ys", "yz", 1)); ok && len(stem) >= 3 {
			return stem + suffix, true
		}
	}
	return "", false
}

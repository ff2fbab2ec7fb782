// Package libsearch turns what a reader types into the library's search
// box into PostgreSQL text-search queries, and picks the sentences of a
// case study that show why it matched.
//
// It reads the syntax people use elsewhere (quoted phrases, OR, -word),
// as websearch_to_tsquery does, and widens each word to its other
// spellings and close synonyms (organise/organize, programme/program,
// induction/welcome). The widening is done here rather than by a
// PostgreSQL synonym or thesaurus dictionary: those need files in the
// server's share directory, which a managed database or a CI image does not
// let us install, and a dictionary change would mean re-indexing every
// case study. Widening the query instead leaves the stored vectors alone,
// so a new synonym takes effect on the next search.
package libsearch

import (
	"strings"
	"unicode"
)

// maxTerms bounds how many terms of a long query are kept: past a few
// dozen words a search is a pasted paragraph, and every term costs work.
const maxTerms = 32

// term is one word or quoted phrase of a query.
type term struct {
	words   []string
	phrase  bool // quoted, or hyphenated like "first-year"
	negated bool // -word: leave out documents that have it
	or      bool // joined to the term before by OR rather than AND
}

// Query is a parsed search.
type Query struct {
	terms []term
}

// Parse reads a search as typed. Anything that is not a letter or digit
// separates words, so what it returns can only ever hold words and the
// operators Query's methods put between them.
func Parse(text string) Query {
	var q Query
	var cur []rune
	inQuote, negated, orNext := false, false, false
	var quoted []string
	flush := func() {
		if len(cur) == 0 {
			return
		}
		tok := string(cur)
		cur = cur[:0]
		if inQuote {
			quoted = append(quoted, words(tok)...)
			return
		}
		neg := negated
		negated = false
		if strings.HasPrefix(tok, "-") {
			neg, tok = true, strings.TrimLeft(tok, "-")
		}
		if strings.EqualFold(tok, "or") && !neg {
			orNext = len(q.terms) > 0
			return
		}
		w := words(tok)
		if len(w) == 0 {
			return
		}
		q.add(term{words: w, phrase: len(w) > 1, negated: neg, or: orNext && !neg}, &orNext)
	}
	for _, r := range text {
		switch {
		case r == '"':
			flush()
			if inQuote {
				if len(quoted) > 0 {
					q.add(term{words: quoted, phrase: len(quoted) > 1, negated: negated, or: orNext && !negated}, &orNext)
				}
				quoted, negated = nil, false
			}
			inQuote = !inQuote
		case unicode.IsSpace(r):
			flush()
		case r == '-' && len(cur) == 0 && !inQuote:
			negated = true
		default:
			cur = append(cur, r)
		}
	}
	flush()
	if inQuote && len(quoted) > 0 {
		q.add(term{words: quoted, phrase: len(quoted) > 1, negated: negated, or: orNext && !negated}, &orNext)
	}
	return q
}

func (q *Query) add(t term, orNext *bool) {
	*orNext = false
	if len(q.terms) < maxTerms {
		q.terms = append(q.terms, t)
	}
}

// words splits a token into lower-case words of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// Empty says the query has no words at all.
func (q Query) Empty() bool { return len(q.terms) == 0 }

// Words counts the words a document is asked to have (not those it must
// lack).
func (q Query) Words() int {
	n := 0
	for _, t := range q.terms {
		if !t.negated {
			n += len(t.words)
		}
	}
	return n
}

// All is the query in to_tsquery syntax: every term required, unless
// joined by OR; each word may be matched by any of its variants.
func (q Query) All() string { return q.all(true, "") }

// Exact is All without the variants, for ranking the words as typed above
// their synonyms and other spellings.
func (q Query) Exact() string { return q.all(false, "") }

// InTitle is All for a title alone (weight A in the library's search
// vector), without the words to leave out: a title with every word ranks
// higher. Weights in the query let PostgreSQL test it on the stored vector
// at the cost of a match, rather than building a title-only vector for
// every candidate.
func (q Query) InTitle() string { return q.all(true, "A") }

func (q Query) all(variants bool, weight string) string {
	var b strings.Builder
	for _, t := range q.terms {
		if weight != "" && t.negated {
			continue
		}
		if b.Len() > 0 {
			if t.or {
				b.WriteString(" | ")
			} else {
				b.WriteString(" & ")
			}
		}
		if t.negated {
			b.WriteString("!")
		}
		b.WriteString(t.expr(variants, weight))
	}
	return b.String()
}

// Any is the query with any one of its wanted terms enough to match, for
// the "also matching some of your words" results; empty when the query
// has fewer than two wanted terms, where Any would find only what All
// found.
func (q Query) Any() string {
	var parts []string
	for _, t := range q.terms {
		if !t.negated {
			parts = append(parts, t.expr(true, ""))
		}
	}
	if len(parts) < 2 {
		return ""
	}
	var b strings.Builder
	b.WriteString("(" + strings.Join(parts, " | ") + ")")
	for _, t := range q.terms {
		if t.negated {
			b.WriteString(" & !" + t.expr(true, ""))
		}
	}
	return b.String()
}

// Phrase is the exact phrase a reader most likely means, in to_tsquery
// syntax, limited to a title or summary (weights A and B), for ranking
// those that have it first: each quoted phrase, and, without quotes or
// OR, all the words in the order typed. Empty when the query has no
// phrase of two words or more.
func (q Query) Phrase() string {
	var phrases []string
	var plain []string
	hasOr := false
	for _, t := range q.terms {
		hasOr = hasOr || t.or
		if t.negated {
			continue
		}
		if t.phrase {
			phrases = append(phrases, sequence(t.words, "AB"))
		}
		plain = append(plain, t.words...)
	}
	if len(phrases) == 0 && !hasOr && len(plain) > 1 {
		phrases = append(phrases, sequence(plain, "AB"))
	}
	if len(phrases) == 0 {
		return ""
	}
	return "(" + strings.Join(phrases, ") | (") + ")"
}

// expr is one term in to_tsquery syntax. A phrase keeps its words as
// typed; a single word becomes the choice of its variants, if wanted.
// weight, when not empty, limits each word to those parts of a document.
func (t term) expr(variants bool, weight string) string {
	if t.phrase || !variants {
		return "(" + sequence(t.words, weight) + ")"
	}
	alts := Variants(t.words[0])
	if len(alts) == 1 {
		return sequence(alts, weight)
	}
	parts := make([]string, len(alts))
	for i, a := range alts {
		parts[i] = sequence(strings.Fields(a), weight)
	}
	return "(" + strings.Join(parts, " | ") + ")"
}

// sequence is words in a row, each with the weight if there is one.
func sequence(words []string, weight string) string {
	if weight == "" {
		return strings.Join(words, " <-> ")
	}
	return strings.Join(words, ":"+weight+" <-> ") + ":" + weight
}

// common are words nearly every case study has, which say nothing about
// what one is about.
var common = map[string]bool{"student": true, "students": true, "belonging": true, "first": true, "year": true, "years": true,
	"new": true, "course": true, "university": true, "week": true, "weeks": true, "staff": true}

// Related is a to_tsquery of the distinctive words of a text (a case
// study's title), any one enough to match, for finding case studies
// about the same thing; empty when it has none.
func Related(text string) string {
	var parts []string
	seen := map[string]bool{}
	for _, w := range words(text) {
		if common[w] || seen[w] || len(parts) == maxTerms {
			continue
		}
		seen[w] = true
		parts = append(parts, w)
	}
	return strings.Join(parts, " | ")
}

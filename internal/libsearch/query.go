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
func (q Query) All() string {
	var b strings.Builder
	for i, t := range q.terms {
		if i > 0 {
			if t.or {
				b.WriteString(" | ")
			} else {
				b.WriteString(" & ")
			}
		}
		if t.negated {
			b.WriteString("!")
		}
		b.WriteString(t.expr())
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
			parts = append(parts, t.expr())
		}
	}
	if len(parts) < 2 {
		return ""
	}
	var b strings.Builder
	b.WriteString("(" + strings.Join(parts, " | ") + ")")
	for _, t := range q.terms {
		if t.negated {
			b.WriteString(" & !" + t.expr())
		}
	}
	return b.String()
}

// Phrase is the exact phrase a reader most likely means, in to_tsquery
// syntax, for ranking a title or summary that has it first: each quoted
// phrase, and, without quotes or OR, all the words in the order typed.
// Empty when the query has no phrase of two words or more.
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
			phrases = append(phrases, strings.Join(t.words, " <-> "))
		}
		plain = append(plain, t.words...)
	}
	if len(phrases) == 0 && !hasOr && len(plain) > 1 {
		phrases = append(phrases, strings.Join(plain, " <-> "))
	}
	if len(phrases) == 0 {
		return ""
	}
	return "(" + strings.Join(phrases, ") | (") + ")"
}

// expr is one term in to_tsquery syntax. A phrase keeps its words as
// typed; a single word becomes the choice of its variants.
func (t term) expr() string {
	if t.phrase {
		return "(" + strings.Join(t.words, " <-> ") + ")"
	}
	alts := Variants(t.words[0])
	if len(alts) == 1 {
		return alts[0]
	}
	parts := make([]string, len(alts))
	for i, a := range alts {
		parts[i] = strings.ReplaceAll(a, " ", " <-> ")
	}
	return "(" + strings.Join(parts, " | ") + ")"
}

package libsearch

import (
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
)

// Lexemes are the words a search looks for, as PostgreSQL's English
// text-search configuration stems them: what a word of a text must stem to
// for the text to match.
type Lexemes struct {
	stems map[string]bool
	// first holds each stem's first letter: a word starting otherwise
	// cannot stem to any of them (English stems keep a word's first
	// letter), so it is passed over without stemming.
	first map[rune]bool
}

// LexemesOf reads the words out of a tsquery's text, as PostgreSQL
// prints one ('coffe' & 'morn' <-> 'belong' | !'onlin'): every quoted
// operand, as ts_headline takes them (one under a NOT too, though a text
// that matched holds it only where an OR let it through).
func LexemesOf(tsquery string) Lexemes {
	l := Lexemes{stems: map[string]bool{}, first: map[rune]bool{}}
	for i := 0; i < len(tsquery); i++ {
		if tsquery[i] != '\'' {
			continue
		}
		var word strings.Builder
		for i++; i < len(tsquery); i++ {
			if tsquery[i] == '\'' {
				if i+1 < len(tsquery) && tsquery[i+1] == '\'' {
					word.WriteByte('\'')
					i++
					continue
				}
				break
			}
			word.WriteByte(tsquery[i])
		}
		if w := word.String(); w != "" {
			l.stems[w] = true
			r, _ := utf8.DecodeRuneInString(w)
			l.first[r] = true
		}
	}
	return l
}

// Highlight puts start and stop around every word of text that stems to
// one of the lexemes, as ts_headline's HighlightAll does, but in the app
// server rather than the database: the stems come from the Snowball
// English stemmer, the algorithm behind PostgreSQL's english_stem
// dictionary, so the words marked are the words that matched.
func (l Lexemes) Highlight(text, start, stop string) string {
	if len(l.stems) == 0 {
		return text
	}
	var b strings.Builder
	b.Grow(len(text) + 16*len(start+stop))
	wordStart := -1
	flush := func(end int) {
		word := text[wordStart:end]
		if l.matches(word) {
			b.WriteString(start)
			b.WriteString(word)
			b.WriteString(stop)
		} else {
			b.WriteString(word)
		}
		wordStart = -1
	}
	for i, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if wordStart < 0 {
				wordStart = i
			}
			continue
		}
		if wordStart >= 0 {
			flush(i)
		}
		b.WriteRune(r)
	}
	if wordStart >= 0 {
		flush(len(text))
	}
	return b.String()
}

// matches says whether a word of the text stems to one of the lexemes.
func (l Lexemes) matches(word string) bool {
	r, _ := utf8.DecodeRuneInString(word)
	if !l.first[unicode.ToLower(r)] {
		return false
	}
	s := stem(strings.ToLower(word))
	return s != "" && l.stems[s]
}

// stemCache keeps each word's stem ("" for a stop word, which PostgreSQL
// leaves out of a text's words) once worked out: a library's texts repeat
// a vocabulary of some thousands of words, and a lookup costs a
// twentieth of stemming. It stops growing at maxCachedStems words, so a
// flood of new words cannot grow the server.
var (
	stemCache   sync.Map
	stemsCached atomic.Int64
)

const maxCachedStems = 100_000

func stem(word string) string {
	if s, ok := stemCache.Load(word); ok {
		return s.(string)
	}
	s := ""
	if !english.IsStopWord(word) {
		s = english.Stem(word, false)
	}
	if stemsCached.Load() < maxCachedStems {
		if _, loaded := stemCache.LoadOrStore(strings.Clone(word), s); !loaded {
			stemsCached.Add(1)
		}
	}
	return s
}

package libsearch

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// SnippetLength is about the most characters a snippet shows: two
// sentences of a summary, or one long one.
const SnippetLength = 300

// Snippet picks the sentences of a highlighted text that best show why it
// matched, so a snippet starts where a sentence starts rather than in the
// middle of one. The text has start and stop around each matched word (as
// ts_headline's HighlightAll gives it); cut says the text was cut short,
// so its last sentence may be unfinished. It returns the sentence with the
// most distinct matched words (the first of equals), and the next best one
// when both fit in SnippetLength, in their order in the text, joined by
// " … " when they are not neighbours. A sentence longer than that is cut
// at words around its first match, with an ellipsis where it is cut.
func Snippet(text, start, stop string, cut bool) string {
	sentences := splitSentences(text)
	if len(sentences) == 0 {
		return ""
	}
	if cut && len(sentences) > 1 {
		last := sentences[len(sentences)-1]
		if !endsSentence(strings.TrimRight(strip(last, start, stop), " ")) {
			sentences = sentences[:len(sentences)-1]
		}
	}
	score := make([]int, len(sentences))
	lengths := make([]int, len(sentences))
	best := 0
	for i, s := range sentences {
		score[i], lengths[i] = distinctMarks(s, start, stop), length(s, start, stop)
		if score[i] > score[best] {
			best = i
		}
	}
	chosen := []int{best}
	if lengths[best] < SnippetLength {
		second := -1
		for i := range sentences {
			if i == best || lengths[best]+lengths[i] > SnippetLength {
				continue
			}
			// With no matches anywhere (a title match), the next
			// sentence; else the next best-matching.
			if (score[best] == 0 && i == best+1) || (score[best] > 0 && score[i] > 0 && (second < 0 || score[i] > score[second])) {
				second = i
			}
		}
		if second >= 0 {
			chosen = append(chosen, second)
			if second < best {
				chosen[0], chosen[1] = second, best
			}
		}
	}
	var b strings.Builder
	for n, i := range chosen {
		if n > 0 {
			if i == chosen[n-1]+1 {
				b.WriteString(" ")
			} else {
				b.WriteString(" … ")
			}
		}
		b.WriteString(trimLong(strings.TrimSpace(sentences[i]), start, stop))
	}
	return b.String()
}

// splitSentences splits after ., ! or ? followed by a space and a capital
// letter, a digit or an opening quote (so "e.g. the" stays whole).
func splitSentences(text string) []string {
	var out []string
	begin := 0
	for i, r := range text {
		if r != '.' && r != '!' && r != '?' {
			continue
		}
		j := i + 1
		if j >= len(text) || text[j] != ' ' {
			continue
		}
		next, _ := utf8.DecodeRuneInString(strings.TrimLeft(text[j:], " \x01\x02"))
		if unicode.IsUpper(next) || unicode.IsDigit(next) || next == '“' || next == '"' || next == '£' {
			if s := strings.TrimSpace(text[begin:j]); s != "" {
				out = append(out, s)
			}
			begin = j
		}
	}
	if s := strings.TrimSpace(text[begin:]); s != "" {
		out = append(out, s)
	}
	return out
}

func endsSentence(s string) bool {
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") ||
		strings.HasSuffix(s, ".”") || strings.HasSuffix(s, ".\"")
}

func strip(s, start, stop string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, start, ""), stop, "")
}

// length counts the characters of s without its markers. It runs for
// every sentence and word of every result, so it counts rather than
// copying the text without them.
func length(s, start, stop string) int {
	return utf8.RuneCountInString(s) - strings.Count(s, start)*utf8.RuneCountInString(start) - strings.Count(s, stop)*utf8.RuneCountInString(stop)
}

// distinctMarks counts the different words marked in a sentence.
func distinctMarks(s, start, stop string) int {
	seen := map[string]bool{}
	for _, part := range strings.Split(s, start)[1:] {
		if w, _, ok := strings.Cut(part, stop); ok {
			seen[strings.ToLower(w)] = true
		}
	}
	return len(seen)
}

// trimLong cuts a sentence longer than SnippetLength to words around its
// first match.
func trimLong(s, start, stop string) string {
	if length(s, start, stop) <= SnippetLength {
		return s
	}
	fields := strings.Fields(s)
	first := 0
	for i, f := range fields {
		if strings.Contains(f, start) {
			first = i
			break
		}
	}
	from := max(first-8, 0)
	to, n := from, 0
	for to < len(fields) && n+utf8.RuneCountInString(strip(fields[to], start, stop))+1 <= SnippetLength {
		n += utf8.RuneCountInString(strip(fields[to], start, stop)) + 1
		to++
	}
	to = max(to, from+1)
	out := strings.Join(fields[from:to], " ")
	// A cut that falls inside a marked word would leave its marker open.
	if strings.Count(out, start) > strings.Count(out, stop) {
		out += stop
	}
	if from > 0 {
		out = "… " + out
	}
	if to < len(fields) {
		out += " …"
	}
	return out
}

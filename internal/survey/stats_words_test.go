package survey

import (
	"context"
	"testing"

	"belonging/internal/i18n"
)

// The comparison's sentence on the survey page reads as the English one
// stored in evidence records, and in Welsh for a reader of Welsh.
func TestSentenceIn(t *testing.T) {
	t.Parallel()
	en, cy := context.Background(), i18n.WithLang(context.Background(), i18n.Welsh)
	for _, c := range []Comparison{
		{Diff: 0.6, Low: 0.2, High: 1.0, D: 0.55, DOK: true},
		{Diff: -0.44, Low: -0.9, High: 0.02, D: -0.3, DOK: true},
		{Diff: 0.01, Low: -0.3, High: 0.3, D: 0.1, DOK: true},
		{Diff: 0.9, Low: 0.5, High: 1.3, D: 1.2, DOK: true},
		{},
	} {
		if got, want := c.SentenceIn(en), c.Sentence(); got != want {
			t.Errorf("SentenceIn(en) =\n  %q\nwant Sentence()'s\n  %q", got, want)
		}
	}
	c := Comparison{Diff: 0.6, Low: 0.2, High: 1.0, D: 0.55, DOK: true}
	want := "Ar gyfartaledd roedd myfyrwyr yn cytuno mwy ar ôl y gweithgaredd: +0.6 pwynt ar raddfa 1–5 (cyfwng hyder 95% +0.2 i +1.0). Mae hynny'n wahaniaeth canolig."
	if got := c.SentenceIn(cy); got != want {
		t.Errorf("SentenceIn(cy) =\n  %q\nwant\n  %q", got, want)
	}
}

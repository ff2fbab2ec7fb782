package cohort

import (
	"context"
	"testing"

	"belonging/internal/i18n"

	"github.com/google/go-cmp/cmp"
)

func count(n int) *int { return &n }

func TestSentences(t *testing.T) {
	t.Parallel()
	p := Profile{Size: 120, Counts: []*int{count(48), count(12), nil, nil, nil, count(10)}}
	r := Reach{Total: 12, SuitCommuters: 3, InTeaching: 5, OutsideHours: 4, Accessible: 9}
	want := []string{
		"4 of 12 activities are outside timetabled teaching and not marked as suiting commuters and carers. " +
			"Evening or extra-curricular events like these reach at most the 60% of students who do not commute (72 of 120). " +
			"That is an upper bound: students who commute often cannot stay on or come back, and not everyone who lives nearby comes.",
		"3 of 12 activities suit commuters and carers (from the inclusivity checklist); 40% of this cohort commute and 10% have caring responsibilities.",
		"5 of 12 activities run inside timetabled teaching, so they can reach all 120 students, commuters and carers included, who come to teaching.",
		"9 of 12 activities have an accessible venue and materials; 8% of this cohort (10 students) are disabled.",
	}
	if diff := cmp.Diff(want, Sentences(context.Background(), p, r)); diff != "" {
		t.Errorf("Sentences(120 students, 12 activities) differs (-want +got):\n%s", diff)
	}
	// Without the counts they rest on, the sentences are left out.
	if got := Sentences(context.Background(), Profile{Size: 120, Counts: make([]*int, len(Groups))}, Reach{Total: 12, InTeaching: 0}); len(got) != 0 {
		t.Errorf("Sentences(no counts, nothing in teaching) = %q, want none", got)
	}
	if got := Sentences(context.Background(), p, Reach{}); len(got) != 0 {
		t.Errorf("Sentences(no activities) = %q, want none", got)
	}
}

func TestSuppressed(t *testing.T) {
	t.Parallel()
	p := Profile{Size: 40, Counts: []*int{count(9), count(10), count(31), count(30), nil, count(0)}}
	got := p.Suppressed(10)
	// 9 is below the threshold; 31 leaves 9 beside it; 0 leaves nothing
	// to hide but is itself below.
	want := Profile{Size: 40, Counts: []*int{nil, count(10), nil, count(30), nil, nil}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Suppressed(10) differs (-want +got):\n%s", diff)
	}
	for i, hidden := range []bool{true, false, true, false, false, true} {
		if p.Hidden(got, i) != hidden {
			t.Errorf("Hidden(%s) = %v, want %v", Groups[i].Field, !hidden, hidden)
		}
	}
	small := Profile{Size: 9, Counts: []*int{count(4), nil, nil, nil, nil, nil}}.Suppressed(10)
	if small.Counts[0] != nil {
		t.Errorf("Suppressed(10) of a cohort of 9 kept a count of %d, want none", *small.Counts[0])
	}
}

// Read in Welsh, the sentences give the counts in Welsh's word order.
func TestSentencesInWelsh(t *testing.T) {
	t.Parallel()
	p := Profile{Size: 120, Counts: []*int{count(48), count(12), nil, nil, nil, count(10)}}
	r := Reach{Total: 12, SuitCommuters: 3, InTeaching: 5, OutsideHours: 4, Accessible: 9}
	got := Sentences(i18n.WithLang(context.Background(), i18n.Welsh), p, r)
	want := "Mae 3 o'r 12 gweithgaredd yn addas i gymudwyr a gofalwyr (o'r rhestr wirio cynhwysiant); mae 40% o'r garfan hon yn cymudo a 10% â chyfrifoldebau gofalu."
	if len(got) != 4 || got[1] != want {
		t.Errorf("Sentences(Welsh)[1] = %q, want %q", got, want)
	}
}

package vocab_test

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"belonging/internal/i18n"
	"belonging/internal/vocab"
)

// TestEnglishCatalogueIsTheLabels fails when the labels here and the
// vocabulary's English catalogue drift apart: the catalogue must hold
// every label and hint, and nothing else.
func TestEnglishCatalogueIsTheLabels(t *testing.T) {
	raw, err := os.ReadFile("../i18n/catalogue/vocab.en.json")
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]string
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for name, l := range vocab.Lists() {
		for _, term := range l {
			want["vocab."+name+"."+term.Value] = term.Label
			if term.Hint != "" {
				want["vocab."+name+"."+term.Value+".hint"] = term.Hint
			}
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("vocab.en.json against the labels in vocab.go (-labels +catalogue):\n%s", diff)
	}
}

func TestLabelsInWelsh(t *testing.T) {
	cy := i18n.WithLang(context.Background(), i18n.Welsh)
	en := context.Background()
	for _, c := range []struct {
		ctx        context.Context
		list       vocab.List
		value, out string
	}{
		{en, vocab.Kinds, "meet_researcher", "Meet the Researcher"},
		{cy, vocab.Kinds, "meet_researcher", "Cwrdd â'r Ymchwilydd"},
		{cy, vocab.Stages, "term_2", "Tymor 2"},
		{cy, vocab.Stages, "unknown", "unknown"},
	} {
		if got := c.list.LabelIn(c.ctx, c.value); got != c.out {
			t.Errorf("LabelIn(%s, %q) = %q, want %q", i18n.Lang(c.ctx), c.value, got, c.out)
		}
	}
	welsh := vocab.Placements.In(cy)
	if got, want := welsh[0].Hint, "O fewn yr addysgu ar yr amserlen: yn cyrraedd cymudwyr a gofalwyr"; got != want {
		t.Errorf("Placements.In(cy)[0].Hint = %q, want %q", got, want)
	}
	if got := vocab.Placements[0].Label; got != "Curricular" {
		t.Errorf("In changed the English list: Placements[0].Label = %q", got)
	}
	if got := vocab.Kinds.In(cy)[len(vocab.Kinds)-1].Hint; got != "" {
		t.Errorf("a term without a hint has Welsh hint %q", got)
	}
}

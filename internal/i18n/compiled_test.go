package i18n

import (
	"context"
	"io/fs"
	"slices"
	"strconv"
	"testing"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
)

// TestCompiledEqualsGoI18n holds the compiled messages to what go-i18n
// makes of the same catalogues: every message in both languages, with its
// arguments as text, as numbers and missing, and every counted message for
// each count from 0 to 1,000 and a few beyond (Welsh has six forms).
func TestCompiledEqualsGoI18n(t *testing.T) {
	for _, lang := range Languages {
		ctx := WithLang(context.Background(), lang)
		if len(compiled[lang]) == 0 {
			t.Fatalf("%s: nothing compiled", lang)
		}
		for id, m := range compiled[lang] {
			var names []string
			forms := 0
			for _, ct := range m.forms {
				if ct == nil {
					continue
				}
				forms++
				for _, name := range ct.names {
					if !slices.Contains(names, name) {
						names = append(names, name)
					}
				}
			}
			var asText, asNumbers, partial []any
			for i, name := range names {
				asText = append(asText, name, "«"+name+"»")
				asNumbers = append(asNumbers, name, 40+i)
				if i%2 == 0 {
					partial = append(partial, name, name+" & co")
				}
			}
			for _, args := range [][]any{nil, asText, asNumbers, partial, append(slices.Clone(asText), "Unused", "x")} {
				want := localize(ctx, &goi18n.LocalizeConfig{MessageID: id, TemplateData: data(args)})
				if got := T(ctx, id, args...); got != want {
					t.Errorf("%s %s %v: T gives %q, go-i18n %q", lang, id, args, got, want)
				}
			}
			if m.forms[formFor(lang, 1)] == nil || forms < 2 {
				continue
			}
			for n := range 1_200 {
				if n > 1_000 {
					n = n * 997
				}
				d := data(asText)
				d["Count"] = strconv.Itoa(n)
				want := localize(ctx, &goi18n.LocalizeConfig{MessageID: id, PluralCount: n, TemplateData: d})
				if got := N(ctx, id, n, asText...); got != want {
					t.Fatalf("%s %s n=%d: N gives %q, go-i18n %q", lang, id, n, got, want)
				}
			}
		}
		// Every message in the catalogues takes the compiled path.
		if got, want := len(compiled[lang]), len(readAll(t, lang)); got != want {
			t.Errorf("%s: %d of %d messages compiled; the rest run go-i18n's template", lang, got, want)
		}
	}
}

// readAll is every message id of a language's catalogue files, with the
// text of its "other" form.
func readAll(t *testing.T, lang string) map[string]string {
	t.Helper()
	b := goi18n.NewBundle(tags[English])
	out := map[string]string{}
	files, err := fs.Glob(catalogues, "catalogue/*.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		if CatalogueLang(file) != lang {
			continue
		}
		mf, err := b.LoadMessageFileFS(catalogues, file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range mf.Messages {
			out[m.ID] = m.Other
		}
	}
	return out
}

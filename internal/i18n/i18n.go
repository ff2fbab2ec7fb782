// Package i18n gives every page its words in the reader's language:
// English (en) or Welsh (cy). The words live in catalogues embedded in the
// binary, one pair of files per part of the interface (catalogue/en.json
// and catalogue/cy.json for what every page shares, catalogue/plan.en.json
// and catalogue/plan.cy.json for the plan, …), read by go-i18n, which knows
// the CLDR plural rules: Welsh has six forms. Templates ask
// for a message by its id through the request's context, which the
// language middleware fills in.
package i18n

import (
	"context"
	"embed"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// The languages the interface speaks.
const (
	English = "en"
	Welsh   = "cy"
)

// Languages lists the supported languages, the default first.
var Languages = []string{English, Welsh}

//go:embed catalogue/*.json
var catalogues embed.FS

var localizers = load()

func load() map[string]*goi18n.Localizer {
	b := goi18n.NewBundle(language.English)
	out := map[string]*goi18n.Localizer{}
	files, err := fs.Glob(catalogues, "catalogue/*.json")
	if err != nil || len(files) == 0 {
		panic("i18n: no catalogues embedded")
	}
	for _, file := range files {
		if !slices.Contains(Languages, CatalogueLang(file)) {
			panic("i18n: " + file + " is not named <part>.<en|cy>.json")
		}
		// The catalogues are part of the binary and checked by the
		// catalogue test: one that does not parse is a build defect.
		mf, err := b.LoadMessageFileFS(catalogues, file)
		if err != nil {
			panic("i18n: catalogue " + file + ": " + err.Error())
		}
		compileFile(CatalogueLang(file), mf.Messages)
	}
	for _, lang := range Languages {
		// A message missing from Welsh falls back to English rather
		// than showing its id (the catalogue test keeps both complete).
		out[lang] = goi18n.NewLocalizer(b, lang, English)
	}
	return out
}

// CatalogueLang is the language of a catalogue file: the last part of its
// name before ".json" ("plan.cy.json" and "cy.json" are Welsh).
func CatalogueLang(file string) string {
	name := strings.TrimSuffix(path.Base(file), ".json")
	return name[strings.LastIndex(name, ".")+1:]
}

type (
	langKey struct{}
	hereKey struct{}
)

// WithHere returns ctx carrying the address being read (path and query),
// where the language switch returns to.
func WithHere(ctx context.Context, uri string) context.Context {
	return context.WithValue(ctx, hereKey{}, uri)
}

// Here is the address being read, "/" when unknown.
func Here(ctx context.Context) string {
	if s, ok := ctx.Value(hereKey{}).(string); ok && s != "" {
		return s
	}
	return "/"
}

// chosen holds a request's language. It is a pointer so that a handler
// which learns the request's institution only on reading its record (a
// student's survey) can apply that institution's default to everything
// the request renders afterwards (see Relang).
type chosen struct{ lang string }

// WithLang returns ctx carrying the reader's language; anything but a
// supported language means English.
func WithLang(ctx context.Context, lang string) context.Context {
	return context.WithValue(ctx, langKey{}, &chosen{Supported(lang)})
}

// Relang changes the language of the request ctx belongs to, for every
// word rendered from then on. It does nothing to a context without one.
func Relang(ctx context.Context, lang string) {
	if c, ok := ctx.Value(langKey{}).(*chosen); ok {
		c.lang = Supported(lang)
	}
}

// Lang is the reader's language: "en" unless the request chose another.
func Lang(ctx context.Context) string {
	if c, ok := ctx.Value(langKey{}).(*chosen); ok {
		return c.lang
	}
	return English
}

// Supported returns lang when the interface speaks it, English otherwise.
func Supported(lang string) string {
	if lang == Welsh {
		return Welsh
	}
	return English
}

// Tag is the language's tag for <html lang> and lang attributes.
func Tag(ctx context.Context) string {
	if Lang(ctx) == Welsh {
		return "cy"
	}
	return "en-GB"
}

// Name is a language's name in that language, for the switch.
func Name(lang string) string {
	if lang == Welsh {
		return "Cymraeg"
	}
	return "English"
}

// Other is the language the switch offers: the one not being read.
func Other(ctx context.Context) string {
	if Lang(ctx) == Welsh {
		return English
	}
	return Welsh
}

// T is the message id in the reader's language. args are pairs of a name
// and a value the message refers to as {{.Name}}.
func T(ctx context.Context, id string, args ...any) string {
	if m, _, ok := lookup(Lang(ctx), id); ok {
		if s, ok := m.fill(plural.Other, args, ""); ok {
			return s
		}
	}
	return localize(ctx, &goi18n.LocalizeConfig{MessageID: id, TemplateData: data(args)})
}

// N is the plural message id for a count of n, in the form the language
// uses for n (Welsh distinguishes zero, one, two, few, many and other);
// the message refers to the count as {{.Count}}.
func N(ctx context.Context, id string, n int, args ...any) string {
	if m, lang, ok := lookup(Lang(ctx), id); ok {
		if s, ok := m.fill(formFor(lang, n), args, strconv.Itoa(n)); ok {
			return s
		}
	}
	d := data(args)
	d["Count"] = strconv.Itoa(n)
	return localize(ctx, &goi18n.LocalizeConfig{MessageID: id, PluralCount: n, TemplateData: d})
}

func data(args []any) map[string]any {
	d := make(map[string]any, len(args)/2+1)
	for i := 0; i+1 < len(args); i += 2 {
		if name, ok := args[i].(string); ok {
			d[name] = args[i+1]
		}
	}
	return d
}

func localize(ctx context.Context, lc *goi18n.LocalizeConfig) string {
	s, err := localizers[Lang(ctx)].Localize(lc)
	if err != nil {
		// Only a message missing from both catalogues gets here, and the
		// catalogue test fails on any id the code uses that they lack.
		return lc.MessageID
	}
	return s
}

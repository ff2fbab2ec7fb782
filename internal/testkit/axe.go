package testkit

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/chromedp/chromedp"
)

// AxeViolation is one axe-core rule a page breaks, with the elements that
// break it.
type AxeViolation struct {
	ID     string    `json:"id"`
	Impact string    `json:"impact"`
	Help   string    `json:"help"`
	Nodes  []AxeNode `json:"nodes"`
}

// AxeNode is one element breaking a rule.
type AxeNode struct {
	Target  string `json:"target"`
	HTML    string `json:"html"`
	Summary string `json:"summary"`
}

var axeSource struct {
	once sync.Once
	js   string
	err  error
}

// loadAxe reads axe-core as installed by `make tools` (tools/node_modules),
// or from $AXE_PATH.
func (b *Browser) loadAxe() string {
	b.t.Helper()
	axeSource.once.Do(func() {
		path := os.Getenv("AXE_PATH")
		if path == "" {
			path = filepath.Join(ModuleRoot(b.t), "tools", "node_modules", "axe-core", "axe.min.js")
		}
		src, err := os.ReadFile(path)
		axeSource.js, axeSource.err = string(src), err
	})
	if axeSource.err != nil {
		Missing(b.t, "axe-core ("+axeSource.err.Error()+"; run `make tools`)")
	}
	return axeSource.js
}

// Axe runs axe-core's full rule set on the current page and returns the
// violations. Scripts must be enabled in the page.
func (b *Browser) Axe() []AxeViolation {
	b.t.Helper()
	src := b.loadAxe()
	if _, err := chromedp.Run(b.Ctx, chromedp.Evaluate[chromedp.Void](src+";undefined")); err != nil {
		b.t.Fatalf("inject axe-core: %v", err)
	}
	const run = `axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
		id: v.id, impact: v.impact || "", help: v.help,
		nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html, summary: n.failureSummary || ""}))
	})))`
	out, err := chromedp.Run(b.Ctx, chromedp.Evaluate[[]AxeViolation](run, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("run axe-core: %v", err)
	}
	return out
}

// CheckAccessible fails the test when axe-core finds any violation on the
// current page, listing each with the elements involved.
func (b *Browser) CheckAccessible() {
	b.t.Helper()
	vs := b.Axe()
	if len(vs) == 0 {
		return
	}
	var sb strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&sb, "\n  %s (%s): %s", v.ID, v.Impact, v.Help)
		for _, n := range v.Nodes {
			fmt.Fprintf(&sb, "\n    %s\n      %s\n      %s", n.Target, n.HTML, strings.ReplaceAll(n.Summary, "\n", " "))
		}
	}
	b.t.Errorf("axe-core: %d violation(s) on %s:%s", len(vs), b.Location(), sb.String())
}

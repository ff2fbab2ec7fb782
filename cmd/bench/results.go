package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// savedRun is a run's results as kept between runs, so that a run at one
// scale can be set beside the latest at another.
type savedRun struct {
	Scale       int           `json:"scale"`
	Measured    time.Time     `json:"measured"`
	Results     []savedResult `json:"results"`
	PeakMB      float64       `json:"peak_mb"`
	LoadSeconds float64       `json:"load_seconds,omitempty"`
	Data        [][2]string   `json:"data"`
}

type savedResult struct {
	Name    string  `json:"name"`
	Clients int     `json:"clients"`
	Rate    float64 `json:"rate"`
	P50     float64 `json:"p50_ms"`
	P99     float64 `json:"p99_ms"`
	Errors  int     `json:"errors"`
}

func saved(results []result) []savedResult {
	out := make([]savedResult, len(results))
	for i, r := range results {
		out[i] = savedResult{Name: r.name, Clients: r.clients, Rate: r.rate, P50: r.p50, P99: r.p99, Errors: r.errors}
	}
	return out
}

// keepResults writes this run into dir as N<scale>.json, keeping the load
// time of an earlier run at the same scale when this one did not load,
// and returns the latest runs at the other scales.
func keepResults(dir string, this *savedRun) ([]savedRun, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, fmt.Sprintf("N%d.json", this.Scale))
	if this.LoadSeconds == 0 {
		if b, err := os.ReadFile(path); err == nil {
			var before savedRun
			if json.Unmarshal(b, &before) == nil {
				this.LoadSeconds = before.LoadSeconds
			}
		}
	}
	b, err := json.MarshalIndent(this, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return nil, err
	}
	files, err := filepath.Glob(filepath.Join(dir, "N*.json"))
	if err != nil {
		return nil, err
	}
	var others []savedRun
	for _, f := range files {
		if f == path {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var r savedRun
		if err := json.Unmarshal(b, &r); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		others = append(others, r)
	}
	return others, nil
}

// growth sets the pages' throughput at each scale side by side: the
// runs' own figures, and each page's share of its run's baseline, which
// cancels most of what else the machine was doing in either run.
func growth(runs []savedRun) string {
	if len(runs) < 2 {
		return ""
	}
	slices.SortFunc(runs, func(a, b savedRun) int { return a.Scale - b.Scale })
	first, last := runs[0], runs[len(runs)-1]
	var b bytes.Buffer
	fmt.Fprintf(&b, "### Growth: N=%d beside N=%d\n\n", first.Scale, last.Scale)
	for _, r := range runs {
		fmt.Fprintf(&b, "- N=%d: measured %s; server peak memory %.0f MB", r.Scale, r.Measured.Format("2006-01-02 15:04 MST"), r.PeakMB)
		if r.LoadSeconds > 0 {
			fmt.Fprintf(&b, "; data loaded in %s", (time.Duration(r.LoadSeconds) * time.Second).String())
		}
		fmt.Fprintf(&b, "; %s.\n", dataLine(r.Data))
	}
	fmt.Fprintf(&b, "\n| Page | N=%d req/s | N=%d req/s | N=%d of N=%d | N=%d p99 ms | N=%d p99 ms | N=%d of N=%d, each as a share of its baseline |\n",
		first.Scale, last.Scale, last.Scale, first.Scale, first.Scale, last.Scale, last.Scale, first.Scale)
	fmt.Fprintf(&b, "|---|--:|--:|--:|--:|--:|--:|\n")
	base := func(r savedRun) float64 {
		for _, x := range r.Results {
			if x.Name == baselineName {
				return x.Rate
			}
		}
		return 0
	}
	b1, b2 := base(first), base(last)
	for _, x := range first.Results {
		i := slices.IndexFunc(last.Results, func(y savedResult) bool { return samePage(x.Name, y.Name) })
		if i < 0 || x.Rate == 0 {
			continue
		}
		y := last.Results[i]
		relative := "—"
		if b1 > 0 && b2 > 0 && y.Rate > 0 {
			relative = fmt.Sprintf("%.0f%%", 100*(y.Rate/b2)/(x.Rate/b1))
		}
		fmt.Fprintf(&b, "| %s | %.0f | %.0f | %.0f%% | %.1f | %.1f | %s |\n", x.Name, x.Rate, y.Rate, 100*y.Rate/x.Rate, x.P99, y.P99, relative)
	}
	b.WriteString("\n")
	return b.String()
}

// samePage matches a page across scales, whose names may carry counts
// ("Programme plan page (40 activities)").
func samePage(a, b string) bool {
	cut := func(s string) string { before, _, _ := strings.Cut(s, " ("); return before }
	return a == b || cut(a) == cut(b)
}

func dataLine(counts [][2]string) string {
	var parts []string
	for _, c := range counts {
		parts = append(parts, c[1]+" "+strings.ReplaceAll(c[0], "_", " "))
	}
	return strings.Join(parts, ", ")
}

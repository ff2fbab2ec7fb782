package components

import (
	"bytes"
	"context"
	"testing"
)

// shapes writes SVG by hand, so it must escape as templ would: a tip and
// a label with characters HTML gives meaning to, a class, coordinates
// rounded to a tenth, and a label without an anchor starting at its point.
func TestShapesEscaped(t *testing.T) {
	l := chartLayout{
		Rects: []chartRect{{X: 0, Y: 3, W: 12, H: 12, Class: "chart__c1"}, {X: 24.44, Y: 54, W: 159.87, H: 26, Class: "chart__c1 chart__seg", Tip: `b1, s<1: "1" & more`}},
		Texts: []chartText{{X: 18, Y: 14, Text: "s<1", Class: "chart__legend"}, {X: 16.4, Y: 72, Text: "b&1", Class: "chart__label", Anchor: "end"}},
	}
	var buf bytes.Buffer
	if err := shapes(l).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	want := ` <rect x="0" y="3" width="12" height="12" class="chart__c1"></rect>` +
		` <rect x="24.4" y="54" width="159.9" height="26" class="chart__c1 chart__seg"><title>b1, s&lt;1: &#34;1&#34; &amp; more</title></rect> ` +
		`<text x="18" y="14" class="chart__legend" text-anchor="start">s&lt;1</text>` +
		`<text x="16.4" y="72" class="chart__label" text-anchor="end">b&amp;1</text>`
	if got := buf.String(); got != want {
		t.Errorf("shapes =\n%s\nwant\n%s", got, want)
	}
}

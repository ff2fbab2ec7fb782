package codes

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"belonging/internal/csvx"
)

const header = "category,code,label,parent,description,suggested_for\n"

// A valid file reads back as its codes, a parent may follow its child,
// and writing the codes gives a file that reads back the same.
func TestParseValidFile(t *testing.T) {
	file := header +
		"subtype,welcome,Welcome week,into-he,,induction\n" +
		"type,into-he,Transition into HE,,\"Arriving, settling\",induction;extended_induction\n" +
		"outcome,belonging,Belonging,,,\n" +
		"measure,pulse,Pulse survey,belonging,,\n" +
		"risk,eorr-7,Insufficient personal support,,,\n"
	got, problems, err := Parse(context.Background(), []byte(file))
	if err != nil || len(problems) > 0 {
		t.Fatalf("Parse(valid) = problems %v, err %v; want none", problems, err)
	}
	want := []Code{
		{Category: "subtype", Code: "welcome", Label: "Welcome week", Parent: "into-he", SuggestedFor: []string{"induction"}, Line: 2},
		{Category: "type", Code: "into-he", Label: "Transition into HE", Description: "Arriving, settling", SuggestedFor: []string{"induction", "extended_induction"}, Line: 3},
		{Category: "outcome", Code: "belonging", Label: "Belonging", Line: 4},
		{Category: "measure", Code: "pulse", Label: "Pulse survey", Parent: "belonging", Line: 5},
		{Category: "risk", Code: "eorr-7", Label: "Insufficient personal support", Line: 6},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Parse(valid) (-want +got):\n%s", diff)
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, got); err != nil {
		t.Fatal(err)
	}
	again, problems, err := Parse(context.Background(), buf.Bytes())
	if err != nil || len(problems) > 0 {
		t.Fatalf("Parse(WriteCSV(codes)) = problems %v, err %v; want none", problems, err)
	}
	if diff := cmp.Diff(want, again); diff != "" {
		t.Errorf("Parse(WriteCSV(codes)) (-want +got):\n%s", diff)
	}
}

// Every bad line is reported with its line number, in line order, and no
// code is returned.
func TestParseReportsEveryBadLine(t *testing.T) {
	file := header +
		"type,into-he,Transition into HE,,,\n" +
		"colour,red,Red,,,\n" +
		"type,into-he,Again,,,\n" +
		"subtype,orphan,No parent,,,\n" +
		"subtype,lost,Parent missing,nowhere,,\n" +
		"measure,wrong,Under a type,into-he,,\n" +
		"mode,online,Online,into-he,,\n" +
		"risk,has space,Bad code,,,\n" +
		"risk,eorr-1,,,,\n" +
		"type,party,Party,,,pub_crawl\n" +
		"type,short,Too few columns\n"
	got, problems, err := Parse(context.Background(), []byte(file))
	if err != nil {
		t.Fatalf("Parse(bad) err = %v, want problems", err)
	}
	if got != nil {
		t.Errorf("Parse(bad) codes = %v, want none", got)
	}
	want := []csvx.Problem{
		{Line: 3, Message: `The category "colour" is not one of: type, subtype, mode, beneficiary, outcome, measure, risk.`},
		{Line: 4, Message: `The code "into-he" is already on line 2; each code appears once.`},
		{Line: 5, Message: "A sub-type needs a parent: the code of its activity type."},
		{Line: 6, Message: `The parent "nowhere" is not a code in the file.`},
		{Line: 7, Message: `The parent "into-he" is of category "type"; the parent of a measure must be of category "outcome".`},
		{Line: 8, Message: `A code of category "mode" has no parent; leave the parent column empty.`},
		{Line: 9, Message: `The code "has space" must be 1 to 40 letters, digits, dots, hyphens or underscores, starting with a letter or digit.`},
		{Line: 10, Message: "The label must be 1 to 200 characters (it has 0)."},
		{Line: 11, Message: `"pub_crawl" in suggested_for is not a kind of activity. Use: induction, extended_induction, social, meet_researcher, research_conference, mentoring, ambassadors, small_group, co_created_resource, shared_space, other.`},
		{Line: 12, Message: "Expected 6 columns, found 3."},
	}
	if diff := cmp.Diff(want, problems); diff != "" {
		t.Errorf("Parse(bad) problems (-want +got):\n%s", diff)
	}
}

func TestParseRefusesAWrongHeader(t *testing.T) {
	_, _, err := Parse(context.Background(), []byte("kind,code,title\ntype,a,A\n"))
	var fileErr csvx.ErrFile
	if !errors.As(err, &fileErr) {
		t.Fatalf("Parse(wrong header) err = %v, want a csvx.ErrFile", err)
	}
}

package vocab

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Every item of the checklist has its own column, and reading the values
// back gives them in the checklist's order.
func TestInclusivityCoversTheChecklist(t *testing.T) {
	all := Checklist.Values()
	seen := map[*bool]string{}
	var c Inclusivity
	for _, v := range all {
		on := c.item(v)
		if on == nil {
			t.Fatalf("item(%q) = nil, want a column", v)
		}
		if other, ok := seen[on]; ok {
			t.Errorf("item(%q) = item(%q), want a column each", v, other)
		}
		seen[on] = v
	}
	reversed := make([]string, len(all))
	for i, v := range all {
		reversed[len(all)-1-i] = v
	}
	if diff := cmp.Diff(all, InclusivityOf(reversed).Met()); diff != "" {
		t.Errorf("InclusivityOf(every item).Met() differs from Checklist (-want +got):\n%s", diff)
	}
}

func TestInclusivityOf(t *testing.T) {
	tests := []struct {
		values []string
		want   Inclusivity
	}{
		{nil, Inclusivity{}},
		{[]string{"alcohol_free", "in_timetabled_hours"}, Inclusivity{InTimetabledHours: true, AlcoholFree: true}},
		{[]string{"dietary_needs_met", "free_bar"}, Inclusivity{DietaryNeedsMet: true}},
	}
	for _, tt := range tests {
		got := InclusivityOf(tt.values)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("InclusivityOf(%q) differs (-want +got):\n%s", tt.values, diff)
		}
		if got.Has("free_bar") {
			t.Errorf("InclusivityOf(%q).Has(\"free_bar\") = true, want false", tt.values)
		}
	}
	if got := (Inclusivity{Accessible: true, OnlineOption: true}).Met(); !cmp.Equal(got, []string{"online_option", "accessible"}) {
		t.Errorf("Met() = %q, want [online_option accessible]", got)
	}
}

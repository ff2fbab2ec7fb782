package suppress

import "testing"

func TestMinGroup(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name       string
		configured int
		want       int
	}{
		{"unset takes the default", 0, 10},
		{"negative takes the default", -3, 10},
		{"below the floor takes the default, not the floor", 4, 10},
		{"the floor itself is kept", 5, 5},
		{"the default is kept", 10, 10},
		{"a stricter threshold is kept", 30, 30},
	} {
		if got := MinGroup(tt.configured); got != tt.want {
			t.Errorf("%s: MinGroup(%d) = %d, want %d", tt.name, tt.configured, got, tt.want)
		}
	}
}

package activity

import (
	"slices"
	"testing"
)

func TestPercent(t *testing.T) {
	for _, tt := range []struct{ part, whole, want int }{{0, 0, 0}, {1, 3, 33}, {2, 3, 67}, {1, 2, 50}, {7, 7, 100}} {
		if got := percent(tt.part, tt.whole); got != tt.want {
			t.Errorf("percent(%d, %d) = %d, want %d", tt.part, tt.whole, got, tt.want)
		}
	}
	if got := yearsAround([]int32{2023, 2026}, 2030, 2026); !slices.Equal(got, []int{2023, 2025, 2026, 2027, 2030}) {
		t.Errorf("yearsAround = %v", got)
	}
}

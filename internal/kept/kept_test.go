package kept

import "testing"

// A value is given back only at the version it was kept at; one worked out
// at an older version does not replace a newer; past the limit the cache
// starts afresh.
func TestByVersion(t *testing.T) {
	var c ByVersion[string, string]
	c.Limit = 10
	c.Put("plan", 2, "second", 4)
	if v, ok := c.Get("plan", 2); !ok || v != "second" {
		t.Fatalf("Get at 2 = %q, %v; want second", v, ok)
	}
	if _, ok := c.Get("plan", 3); ok {
		t.Fatal("Get at 3 answered from a value kept at 2")
	}
	c.Put("plan", 1, "first", 4) // a slower reader's older read
	if v, at, ok := c.Latest("plan"); !ok || v != "second" || at != 2 {
		t.Fatalf("Latest = %q at %d, %v; want second at 2", v, at, ok)
	}
	c.Replace("plan", 1, "first", 4) // a home's lower version, read later
	if v, at, _ := c.Latest("plan"); v != "first" || at != 1 {
		t.Fatalf("after Replace, Latest = %q at %d; want first at 1", v, at)
	}
	c.Put("plan", 3, "third", 4)
	c.Put("home", 1, "home", 4)
	if c.bytes != 8 {
		t.Fatalf("kept %d bytes, want 8 (a replaced value's size no longer counted)", c.bytes)
	}
	c.Put("other", 1, "other", 4) // past the limit
	if _, _, ok := c.Latest("plan"); ok || c.bytes != 4 {
		t.Fatalf("past the limit the cache kept plan (%v) and %d bytes; want it started afresh", ok, c.bytes)
	}
}

package codes_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// The plan's CSV export has a codes column, and the activity's JSON
// export lists its codes with their categories and labels.
func TestExportsCarryTheCodes(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	pizza := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title = 'Pizza evenings for first years'`)
	programme := testkit.Scalar[int64](t, app, `SELECT programme_id FROM activities WHERE id = $1`, pizza)
	year := testkit.Scalar[int32](t, app, `SELECT academic_year FROM activities WHERE id = $1`, pizza)
	exec(t, app, `DELETE FROM activity_codes WHERE activity_id = $1`, pizza)
	codedWith(t, app, pizza, "eorr-7", "social-events", "in-person")

	resp := c.Get(paths.PlanCSV(programme, int(year)))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("plan CSV = %d, want 200", resp.StatusCode)
	}
	records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(resp.Body, []byte("\xef\xbb\xbf")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := records[0]
	if header[len(header)-1] != "codes" {
		t.Fatalf("plan CSV's last column = %q, want codes", header[len(header)-1])
	}
	var got string
	for _, rec := range records[1:] {
		if rec[0] == strconv.FormatInt(pizza, 10) {
			got = rec[len(rec)-1]
		}
	}
	if want := "social-events;in-person;eorr-7"; got != want {
		t.Errorf("the activity's codes in the plan CSV = %q, want %q", got, want)
	}

	export := c.Get(paths.ActivityExport(pizza))
	var e struct {
		Codes []struct{ Category, Code, Label string } `json:"evaluation_codes"`
	}
	if err := json.Unmarshal(export.Body, &e); err != nil {
		t.Fatalf("activity export = %d, not JSON: %v", export.StatusCode, err)
	}
	want := []struct{ Category, Code, Label string }{
		{"subtype", "social-events", "Informal social gatherings"}, {"mode", "in-person", "In person"},
		{"risk", "eorr-7", "Insufficient personal support"},
	}
	if diff := cmp.Diff(want, e.Codes); diff != "" {
		t.Errorf("codes in the activity export (-want +got):\n%s", diff)
	}
}

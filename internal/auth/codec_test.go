package auth

import (
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/google/go-cmp/cmp"
)

func TestSessionCodecRoundTrip(t *testing.T) {
	deadline := time.Date(2026, 11, 23, 15, 4, 5, 123456789, time.UTC)
	values := map[string]any{keyUserID: int64(42), keyEpoch: int32(3), keySeen: int64(1763910245),
		keyFlashK: "success", keyFlashM: "Activity saved — £1,500, 100%", "count": 7, "on": true, "empty": ""}
	b, err := sessionCodec{}.Encode(deadline, values)
	if err != nil {
		t.Fatal(err)
	}
	gotDeadline, got, err := sessionCodec{}.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if !gotDeadline.Equal(deadline) {
		t.Errorf("deadline = %v, want %v", gotDeadline, deadline)
	}
	if diff := cmp.Diff(values, got); diff != "" {
		t.Errorf("decode(encode(values)) differs (-want +got):\n%s", diff)
	}
}

// Sessions saved by scs's gob codec, before this one, still load.
func TestSessionCodecReadsGob(t *testing.T) {
	deadline := time.Date(2026, 11, 23, 15, 4, 5, 0, time.UTC)
	values := map[string]any{keyUserID: int64(42), keyEpoch: int32(3)}
	b, err := scs.GobCodec{}.Encode(deadline, values)
	if err != nil {
		t.Fatal(err)
	}
	gotDeadline, got, err := sessionCodec{}.Decode(b)
	if err != nil || !gotDeadline.Equal(deadline) {
		t.Fatalf("decode(gob) = %v, %v, want %v", gotDeadline, err, deadline)
	}
	if diff := cmp.Diff(values, got); diff != "" {
		t.Errorf("decode(gob) differs (-want +got):\n%s", diff)
	}
}

// A value of a type the codec does not know is refused when saved, and
// damaged data is an error when loaded, never a panic.
func TestSessionCodecRefusesWhatItCannotKeep(t *testing.T) {
	if _, err := (sessionCodec{}).Encode(time.Now(), map[string]any{"when": time.Now()}); err == nil {
		t.Error("encode(time.Time) = nil error, want an error")
	}
	good, _ := sessionCodec{}.Encode(time.Now(), map[string]any{keyUserID: int64(42), keyFlashM: "hello"})
	for i := 2; i < len(good); i++ {
		if _, _, err := (sessionCodec{}).Decode(good[:i]); err == nil {
			t.Errorf("decode(first %d of %d bytes) = nil error, want an error", i, len(good))
		}
	}
	if _, _, err := (sessionCodec{}).Decode([]byte{codecMagic, codecVersion + 1}); err == nil {
		t.Error("decode(unknown version) = nil error, want an error")
	}
}
